"""parse_event on what the wire can bring: unknown events and fields, and malformed payloads."""

from __future__ import annotations

import json
from typing import Any

import pytest
import realtime_events as rt

DONE = {
    "event_id": "event_1",
    "type": "response.done",
    "response": {
        "id": "resp_1",
        "object": "realtime.response",
        "status": "completed",
        "output": [
            {
                "id": "item_1",
                "object": "realtime.item",
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "audio", "transcript": "Hi."}],
            }
        ],
        "usage": {"total_tokens": 30, "input_tokens": 20, "output_tokens": 10},
    },
}


def decode_error(raw: Any, **options: Any) -> str:
    with pytest.raises(rt.EventDecodeError) as caught:
        rt.parse_event(raw, **options)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


def copy() -> dict[str, Any]:
    return json.loads(json.dumps(DONE))  # type: ignore[no-any-return]


def test_unknown_event_keeps_the_payload() -> None:
    payload = {"type": "response.sparkle.delta", "event_id": "e", "nested": {"a": [1, None]}}
    event = rt.parse_event(json.dumps(payload))
    assert isinstance(event, rt.UnknownEvent)
    assert event.type == "response.sparkle.delta"
    assert event.to_dict() == payload
    assert json.loads(event.to_json()) == payload


def test_unknown_event_is_an_error_when_strict() -> None:
    message = decode_error('{"type": "response.sparkle.delta"}', strict=True)
    assert message == "response.sparkle.delta: unknown event type"


def test_unknown_fields_are_kept_at_every_level() -> None:
    payload = copy()
    payload["brand_new"] = {"x": 1}
    payload["response"]["server_hint"] = [1, 2]
    payload["response"]["output"][0]["annotation"] = None
    payload["response"]["output"][0]["content"][0]["pitch"] = 1.5
    payload["response"]["usage"]["reasoning_tokens"] = 0
    event = rt.parse_event(json.dumps(payload))
    assert isinstance(event, rt.ResponseDoneEvent)
    assert event.extra_fields == {"brand_new": {"x": 1}}
    assert event.response.extra_fields == {"server_hint": [1, 2]}
    assert event.response.output is not None
    assert event.response.output[0].extra_fields == {"annotation": None}
    assert event.to_dict() == payload


def test_unknown_enum_values_and_kinds_are_kept() -> None:
    payload = copy()
    payload["response"]["status"] = "paused"
    payload["response"]["output"][0]["type"] = "hologram"
    payload["response"]["output"][0]["content"][0]["type"] = "smell"
    event = rt.parse_event(payload)
    assert isinstance(event, rt.ResponseDoneEvent)
    assert event.response.status == "paused"
    assert event.to_dict() == payload


def test_absent_and_null_stay_apart() -> None:
    with_null = {"type": "error", "error": {"type": "server_error", "message": "m", "code": None}}
    without = {"type": "error", "error": {"type": "server_error", "message": "m"}}
    first = rt.parse_event(with_null)
    second = rt.parse_event(without)
    assert isinstance(first, rt.ErrorEvent) and isinstance(second, rt.ErrorEvent)
    assert first.error.code is None
    assert second.error.code is rt.MISSING
    assert first.to_dict() == with_null
    assert second.to_dict() == without


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "payload is not valid JSON"),
        (b"\xff\xfe{", "payload is not valid JSON"),
        ("[1, 2]", "payload must be a JSON object, got array"),
        ('"text"', "payload must be a JSON object, got 'text'"),
        (42, "payload must be a JSON object, got integer"),
        ("{}", "payload has no 'type' field"),
        ('{"type": 7}', "type: expected string, got integer"),
        ('{"type": null}', "type: expected string, got null"),
    ],
)
def test_malformed_payloads(raw: Any, message: str) -> None:
    assert decode_error(raw).startswith(message)


def test_missing_required_field_names_the_path() -> None:
    message = decode_error('{"type": "response.audio.delta", "item_id": "i", "delta": ""}')
    assert message == "response.audio.delta: response_id: required field is missing"
    message = decode_error('{"type": "error", "error": {"type": "x"}}')
    assert message == "error: error.message: required field is missing"


def test_wrong_json_type_names_the_path() -> None:
    payload = copy()
    payload["response"]["output"][0]["status"] = 5
    message = decode_error(json.dumps(payload))
    assert message == "response.done: response.output[0].status: expected string, got integer"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("response",), "x", "response.done: response: expected object, got 'x'"),
        (("response", "output"), {}, "response.done: response.output: expected array, got object"),
        (
            ("response", "usage", "total_tokens"),
            "30",
            "usage.total_tokens: expected integer, got '30'",
        ),
        (
            ("response", "usage", "total_tokens"),
            30.0,
            "usage.total_tokens: expected integer, got number",
        ),
        (
            ("response", "usage", "total_tokens"),
            True,
            "usage.total_tokens: expected integer, got boolean",
        ),
        (("response", "output", 0, "content"), [1], "content[0]: expected object, got integer"),
        (("response", "metadata"), {"k": 1}, "response.metadata.k: expected string, got integer"),
        (("response", "id"), None, "response.id: expected string, got null"),
    ],
)
def test_every_kind_of_wrong_value(path: tuple[Any, ...], value: Any, expected: str) -> None:
    payload = copy()
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert decode_error(payload).endswith(expected)


def test_nullable_fields_accept_null() -> None:
    payload = copy()
    payload["response"]["metadata"] = None
    payload["response"]["usage"] = None
    assert rt.parse_event(payload).to_dict() == payload


def test_numbers_accept_integers() -> None:
    payload = {
        "type": "rate_limits.updated",
        "event_id": "e",
        "rate_limits": [{"name": "tokens", "limit": 10, "remaining": 5, "reset_seconds": 2}],
    }
    event = rt.parse_event(payload)
    assert canonical_equal(event.to_dict(), payload)


def canonical_equal(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_no_other_exception_escapes() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert "JSON" in decode_error(deep) or "deep" in decode_error(deep)
    assert decode_error(bytearray(b'{"type": "error"}')).startswith("error: error:")


def test_from_dict_checks_the_type() -> None:
    with pytest.raises(rt.EventDecodeError, match="type: expected 'error', got 'session.created'"):
        rt.ErrorEvent.from_dict({"type": "session.created", "error": {}})
    event = rt.ErrorEvent.from_dict({"type": "error", "error": {"type": "t", "message": "m"}})
    assert event.error.message == "m"
    with pytest.raises(rt.EventDecodeError, match="^RateLimit: limit: expected integer"):
        rt.RateLimit.from_dict({"limit": "many"})


def test_events_are_frozen() -> None:
    event = rt.parse_event('{"type": "input_audio_buffer.cleared", "event_id": "e"}')
    with pytest.raises(AttributeError):
        event.event_id = "other"  # type: ignore[misc]
