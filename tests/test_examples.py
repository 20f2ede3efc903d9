"""The examples look like real traffic: server id prefixes, and only the seed is abbreviated.

Read from the spec's YAML as written, so the check does not depend on the generator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.reference_model import SPEC
from tests.support import SEED_DIR

# fields that hold an id the server made, and the prefixes real servers give such ids
ID_FIELDS = {
    "event_id": ("event_",),
    "response_id": ("resp_",),
    "item_id": ("item_", "mcp_"),
    "previous_item_id": ("item_", "mcp_"),
    "call_id": ("call_",),
    "conversation_id": ("conv_",),
}
# the `id` of an object, by the key that holds the object
OBJECT_IDS = {
    "session": ("sess_",),
    "response": ("resp_",),
    "conversation": ("conv_",),
    "item": ("item_", "mcp_"),
    "output": ("item_", "mcp_"),
}


def all_examples() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted((SPEC / "events").glob("*.yaml")):
        for wire_type, event in yaml.safe_load(path.read_text(encoding="utf-8"))["events"].items():
            out += [(wire_type, example) for example in event["examples"]]
    return out


def wrong_ids(value: Any, holder: str = "", path: str = "") -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if isinstance(item, str) and key in ID_FIELDS and not item.startswith(ID_FIELDS[key]):
                found.append(f"{where} = {item!r}")
            if key == "id" and holder in OBJECT_IDS and isinstance(item, str):
                if not item.startswith(OBJECT_IDS[holder]):
                    found.append(f"{where} = {item!r}")
            found += wrong_ids(item, key, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += wrong_ids(item, holder, f"{path}[{index}]")
    return found


def test_full_examples_carry_server_ids() -> None:
    problems = []
    for wire_type, example in all_examples():
        if example.get("abbreviated"):
            continue
        payload = json.loads(example["json"])
        if "event_id" not in payload:
            problems.append(f"{wire_type}: {example['title']}: no event_id")
        problems += [f"{wire_type}: {example['title']}: {w}" for w in wrong_ids(payload)]
    assert not problems, "\n".join(problems)


def test_only_the_seed_examples_are_abbreviated() -> None:
    abbreviated = sorted(
        json.loads(example["json"])["type"]
        for _, example in all_examples()
        if example.get("abbreviated")
    )
    assert abbreviated == sorted(p.stem for p in Path(SEED_DIR).glob("*.json"))


def test_every_event_has_a_full_example_in_each_of_its_versions() -> None:
    for path in sorted((SPEC / "events").glob("*.yaml")):
        for wire_type, event in yaml.safe_load(path.read_text(encoding="utf-8"))["events"].items():
            for version in event["versions"]:
                assert any(
                    not ex.get("abbreviated") and ex.get("version", version) == version
                    for ex in event["examples"]
                ), (wire_type, version)
