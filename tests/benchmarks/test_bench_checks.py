"""The benchmark refuses to time a decoder that does not keep what it decodes."""

from __future__ import annotations

import json
from typing import Any

import pytest
import realtime_events as rt

from tests.benchmarks.socket_loop import LoopError, Loops, replay_server
from tests.benchmarks.verify import ContentError, check_content

LINES = [
    json.dumps({"type": "rate_limits.updated", "event_id": "e1",
                "rate_limits": [{"name": "tokens", "limit": 10, "reset_seconds": 1.0}]}),
    json.dumps({"type": "input_audio_buffer.cleared", "event_id": "e2", "x": None}),
]  # fmt: skip


def to_dict(event: Any) -> Any:
    return event.to_dict()


def test_parse_event_passes_the_content_check() -> None:
    check_content("parse_event", rt.parse_event, to_dict, LINES)


@pytest.mark.parametrize(
    ("broken", "found"),
    [
        (lambda data: {k: v for k, v in data.items() if k != "x"}, "x is missing"),
        (lambda data: {**data, "event_id": None}, 'event_id is null, not "e1"'),
        (
            lambda data: json.loads(json.dumps(data).replace("1.0", "1")),
            "rate_limits[0].reset_seconds is 1, not 1.0",
        ),
    ],
    ids=["drops an unknown field", "nulls a field", "turns 1.0 into 1"],
)
def test_a_decoder_that_changes_the_data_is_refused(broken: Any, found: str) -> None:
    def lossy(line: str) -> Any:
        return broken(json.loads(line))

    with pytest.raises(ContentError) as caught:
        check_content("lossy", lossy, lambda data: data, LINES)
    assert found in str(caught.value)


def test_the_socket_loops_receive_every_message_or_refuse_to_count() -> None:
    """The WebSocket rows time loops that must read the whole replayed stream: a loop that lost
    messages would look fast, so a short count is an error, not a time."""
    with replay_server(LINES) as url:
        loops = Loops(rt, url, len(LINES))
        try:
            loops.receive_only(3)()
            loops.parse_and_dispatch(3)()
            expecting_more = Loops(rt, url, len(LINES) + 1)
            try:
                with pytest.raises(LoopError, match="received 6 of 9 messages"):
                    expecting_more.receive_only(3)()
            finally:
                expecting_more.close()
        finally:
            loops.close()
