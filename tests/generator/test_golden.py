"""The mini spec's output is checked in: a generator change shows up as a readable diff here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codegen.emit import check
from codegen.pipeline import generate
from tests.helpers.support import GOLDEN_MINI, MINI_SPEC, ROOT

GOLDEN = GOLDEN_MINI


def test_mini_output_matches_the_golden_files() -> None:
    drifts = check(generate(MINI_SPEC), GOLDEN)
    message = "".join(d.diff for d in drifts)
    assert not drifts, f"{message}\nIf the change is intended, run `make golden` and commit."


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_mini_output_is_clean(tool: str) -> None:
    command = {
        "ruff": [str(Path(sys.executable).parent / "ruff"), "check", "--config",
                 str(ROOT / "codegen" / "ruff-generated.toml"), "--no-cache", "."],
        "mypy": [sys.executable, "-m", "mypy", "--strict", "--cache-dir",
                 str(ROOT / ".mypy_cache" / "golden"), "mini_events"],
    }[tool]  # fmt: skip
    result = subprocess.run(command, cwd=GOLDEN, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_keywords_and_builtins_as_field_names() -> None:
    sys.path.insert(0, str(GOLDEN))
    try:
        import mini_events as mini
    finally:
        sys.path.remove(str(GOLDEN))
    payload = {
        "type": "thing.created",
        "thing": {"id": "t", "from": "f", "object": "mini.thing", "type": "green", "weight": 2},
    }
    event = mini.parse_event(payload)
    assert isinstance(event, mini.ThingCreatedEvent)
    assert event.thing.from_ == "f" and event.thing.type == "green" and event.thing.id == "t"
    assert event.thing.weight == 2 and event.thing.labels is mini.MISSING
    assert event.thing.anything is mini.MISSING
    assert event.to_dict() == payload
    closed = "thing.shape: expected one of 'round', 'square'"
    with pytest.raises(mini.EventDecodeError, match=closed):
        mini.parse_event({**payload, "thing": {**payload["thing"], "shape": "oval"}})


def test_client_events_have_their_own_union_and_parser() -> None:
    sys.path.insert(0, str(GOLDEN))
    try:
        import mini_events as mini
    finally:
        sys.path.remove(str(GOLDEN))
    assert set(mini.CLIENT_EVENT_TYPES) == {"thing.create"}
    assert "thing.create" not in mini.EVENT_TYPES  # each side has its own registry
    event = mini.ThingCreateEvent.with_sound(
        b"\x00\x01\x02", thing=mini.Thing(id="thing_9", type="red")
    )
    payload = {"type": "thing.create", "thing": {"id": "thing_9", "type": "red"}, "sound": "AAEC"}
    assert event.to_dict() == payload  # absent fields stay absent, the sound is base64
    assert event.sound_bytes() == b"\x00\x01\x02"
    assert mini.parse_client_event(event.to_json()) == event
    assert isinstance(mini.parse_client_event({"type": "thing.explode"}), mini.UnknownEvent)
    with pytest.raises(mini.EventDecodeError, match="thing.create: thing: required field"):
        mini.parse_client_event({"type": "thing.create"})
    assert isinstance(mini.parse_event(payload), mini.UnknownEvent)  # not a server event
