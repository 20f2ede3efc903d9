"""The examples look like real traffic: real id prefixes, and only the seed is abbreviated.

Server examples carry the server's `event_id` (a webhook its `id`); client examples show, for each
event and version, what a real client sends (with an id of its own) beside the smallest payload
the event takes. Every protocol's examples are checked, each with the id prefixes of its own
protocol. Read from the spec's YAML as written, so the check does not depend on the generator.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.helpers.spec_yaml import SPEC, read_spec
from tests.helpers.support import SEED_DIR

# fields that hold an id, and the prefixes real servers give such ids (clients use them too)
REALTIME_ID_FIELDS = {
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
# A Live session's id is `live_u0_...`, and events name the client command they answer; the
# Responses API events a Live session passes on keep that API's ids
LIVE_ID_FIELDS = {
    "event_id": ("event_",),
    "client_event_id": ("event_",),
    "session_id": ("live_u0_",),
    "response_id": ("resp_",),
    "call_id": ("call_",),
}
LIVE_OBJECT_IDS = {"session": ("live_u0_",), "item": ("item_",)}
# A webhook event names itself with `id` (`evt_...`), and its `call_id` is a SIP call (`rtc_...`),
# not a function call; the translation protocol's ids are the Realtime API's.
ID_FIELDS = {
    "realtime": REALTIME_ID_FIELDS,
    "translation": REALTIME_ID_FIELDS,
    "webhooks": {"id": ("evt_",), "call_id": ("rtc_",)},
    "live": LIVE_ID_FIELDS,
}
OBJECT_ID_FIELDS = {"live": LIVE_OBJECT_IDS}  # OBJECT_IDS elsewhere
EVENT_ID = {"webhooks": "id"}  # the field that names an event; `event_id` elsewhere


def events_files() -> list[dict[str, Any]]:
    paths = sorted((SPEC / "events").glob("*.yaml"))
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths]


def primary_protocol() -> str:
    catalogue = yaml.safe_load((SPEC / "catalogue.yaml").read_text(encoding="utf-8"))
    return str(next(iter(catalogue["protocols"])))


def all_examples(direction: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(protocol, wire type, example) of every event, or of the events one side sends."""
    out = []
    for events_file in events_files():
        if direction is not None and events_file.get("direction", "server") != direction:
            continue
        protocol = events_file.get("protocol", primary_protocol())
        for wire_type, event in events_file["events"].items():
            out += [(protocol, wire_type, example) for example in event["examples"]]
    return out


def wrong_ids(
    value: Any,
    fields: dict[str, tuple[str, ...]],
    holder: str = "",
    path: str = "",
    objects: dict[str, tuple[str, ...]] = OBJECT_IDS,
) -> list[str]:
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if isinstance(item, str) and key in fields and not item.startswith(fields[key]):
                found.append(f"{where} = {item!r}")
            if key == "id" and holder in objects and isinstance(item, str):
                if not item.startswith(objects[holder]):
                    found.append(f"{where} = {item!r}")
            found += wrong_ids(item, fields, key, where, objects)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += wrong_ids(item, fields, holder, f"{path}[{index}]", objects)
    return found


def ids_of(protocol: str) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The id fields and object ids a protocol's examples are checked with."""
    return ID_FIELDS[protocol], OBJECT_ID_FIELDS.get(protocol, OBJECT_IDS)


def test_full_examples_carry_server_ids() -> None:
    problems = []
    for protocol, wire_type, example in all_examples("server"):
        if example.get("abbreviated"):
            continue
        where = f"{protocol}:{wire_type}: {example['title']}"
        payload = json.loads(example["json"])
        event_id = EVENT_ID.get(protocol, "event_id")
        if event_id not in payload:
            problems.append(f"{where}: no {event_id}")
        fields, objects = ids_of(protocol)
        problems += [f"{where}: {w}" for w in wrong_ids(payload, fields, objects=objects)]
    assert not problems, "\n".join(problems)


def test_client_examples_carry_real_ids() -> None:
    problems = []
    for protocol, wire_type, example in all_examples("client"):
        payload = json.loads(example["json"])
        fields, objects = ids_of(protocol)
        problems += [
            f"{protocol}:{wire_type}: {example['title']}: {w}"
            for w in wrong_ids(payload, fields, objects=objects)
        ]
    assert not problems, "\n".join(problems)


def test_every_client_event_has_a_real_and_a_minimal_example_per_version() -> None:
    """What a real client sends (with its own event id), and the smallest payload accepted, for
    every protocol's client events (per version, where the protocol has versions)."""
    spec = read_spec(direction="client")
    events = spec.all_events()
    assert events, "the spec has no client events"
    examples: dict[str, list[dict[str, Any]]] = {}
    for protocol, wire_type, example in all_examples("client"):
        examples.setdefault(spec.event_name(protocol, wire_type, "client"), []).append(example)
    problems = []
    for name, event in events.items():
        required = {field for field, f in event.fields.items() if f.required}
        for version in event.versions or (None,):
            payloads = [
                json.loads(ex["json"])
                for ex in examples[name]
                if ex.get("version", version) == version
            ]
            if not any("event_id" in payload for payload in payloads):
                problems.append(f"{name} ({version}): no example with an event_id")
            if not any(set(payload) == required for payload in payloads):
                problems.append(f"{name} ({version}): no example with only {sorted(required)}")
    assert not problems, "\n".join(problems)


def test_only_the_seed_examples_are_abbreviated() -> None:
    abbreviated = sorted(
        json.loads(example["json"])["type"]
        for _, _, example in all_examples()
        if example.get("abbreviated")
    )
    assert abbreviated == sorted(p.stem for p in Path(SEED_DIR).glob("*.json"))


def test_every_event_has_a_full_example_in_each_of_its_versions() -> None:
    """In each of its versions, or once for an event of a protocol without versions."""
    for events_file in events_files():
        for wire_type, event in events_file["events"].items():
            for version in event.get("versions") or (None,):
                assert any(
                    not ex.get("abbreviated") and ex.get("version", version) == version
                    for ex in event["examples"]
                ), (wire_type, version)
