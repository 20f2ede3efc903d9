"""The three payloads of the original request parse, round-trip and stay verbatim in the spec."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import realtime_events as rt

from tests.helpers.support import GENERATED, SEED_DIR, catalogue

SEED_EXAMPLES = {
    "session.created": rt.SessionCreatedEvent,
    "response.audio.delta": rt.ResponseAudioDeltaEvent,
    "error": rt.ErrorEvent,
}


def seed_blocks() -> list[str]:
    """The seed's payloads, as copied into tests/reference/seed/ (one file per wire type)."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.json"))]


def test_seed_examples_are_in_the_spec_verbatim() -> None:
    texts = {ex.text.strip() for event in catalogue().union.events for ex in event.examples}
    blocks = seed_blocks()
    assert len(blocks) == 3
    for block in blocks:
        assert block.strip() in texts


def test_seed_examples_parse_from_a_file(tmp_path: Path) -> None:
    for index, block in enumerate(seed_blocks()):
        path = tmp_path / f"x{index}.json"
        path.write_text(block, encoding="utf-8")
        code = (
            f"import sys; sys.path.insert(0, {str(GENERATED)!r}); import realtime_events as r; "
            f"print(r.parse_event(open({str(path)!r}).read()))"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        wire_type = json.loads(block)["type"]
        assert result.stdout.startswith(SEED_EXAMPLES[wire_type].__name__ + "(")


def test_abbreviated_fields_read_as_absent() -> None:
    event = rt.parse_event(
        '{"type": "response.audio.delta", "response_id": "r", "item_id": "i", "delta": "AAA="}'
    )
    assert isinstance(event, rt.ResponseAudioDeltaEvent)
    assert event.event_id is None and event.output_index is None and event.content_index is None
    assert "output_index" not in event.to_dict()
