"""Hostile input: whatever arrives, parse_event parses it correctly or raises EventDecodeError.

Deep nesting, huge numbers, non-JSON number tokens, lone surrogates, duplicate keys, broken and
foreign encodings, a 50 MB audio chunk, empty and padded text: each has one correct outcome, no
other exception escapes and nothing hangs. Then the dispatcher: a failing handler reaches the
caller as HandlerError, or the `on_error` hook, and dispatching carries on.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import pytest
import realtime_events as rt

CLEARED = {"type": "input_audio_buffer.cleared", "event_id": "event_1"}
DONE = {"type": "response.output_audio.done", "event_id": "e", "response_id": "r",
        "item_id": "i", "output_index": 0, "content_index": 0}  # fmt: skip


def text_with(extra: str, base: dict[str, Any] = CLEARED) -> str:
    """The JSON text of `base` with `"x": <extra>` appended (extra is raw JSON text)."""
    return json.dumps(base)[:-1] + ', "x": ' + extra + "}"


def outcome(raw: Any, **options: Any) -> Any:
    """The event parse_event returns, or the message of its EventDecodeError; nothing else."""
    try:
        return rt.parse_event(raw, **options)
    except rt.EventDecodeError as exc:
        assert isinstance(exc, ValueError)
        return str(exc)


def decode_error(raw: Any, **options: Any) -> str:
    result = outcome(raw, **options)
    assert isinstance(result, str), f"expected EventDecodeError, got {result!r}"
    return result


@contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f}s"


def depth(value: Any) -> int:
    """Nesting depth of a JSON value, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


# --- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("levels", [10_000, 100_000])
@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda n: text_with("[" * n + "]" * n), id="array in an extra field"),
        pytest.param(
            lambda n: text_with('{"a": ' * n + "1" + "}" * n), id="object in an extra field"
        ),
        pytest.param(lambda n: "[" * n + "]" * n, id="array as the payload"),
        pytest.param(lambda n: '{"a": ' * n + "{}" + "}" * n, id="object as the payload"),
        pytest.param(
            lambda n: json.dumps(DONE)[:-1] + ', "output_index": ' + "[" * n + "]" * n + "}",
            id="array in a known field",
        ),
    ],
)
def test_deep_nesting(build: Callable[[int], str], levels: int) -> None:
    """json's decoder stops at the interpreter's recursion limit, wherever the nesting sits: the
    runtime reports that, as text and as bytes, quickly, on every supported CPython."""
    raw = build(levels)
    with within(5):
        results = [outcome(raw), outcome(raw.encode("utf-8"))]
    assert results == ["payload is nested too deeply to decode"] * 2


def test_moderate_nesting_in_an_extra_field_is_kept() -> None:
    nested = "[" * 50 + "]" * 50
    event = rt.parse_event(text_with(nested))
    assert isinstance(event, rt.InputAudioBufferClearedEvent)
    assert depth(event.extra_fields["x"]) == 50
    assert rt.parse_event(event.to_json()) == event


# --- numbers ----------------------------------------------------------------------------------

HUGE = "9" * 5000


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            json.dumps(DONE).replace('"output_index": 0', f'"output_index": {HUGE}'), id="known"
        ),
        pytest.param(text_with(HUGE), id="extra"),
        pytest.param(text_with("-" + HUGE), id="negative"),
    ],
)
def test_huge_integers(raw: str) -> None:
    """Python limits int parsing to 4300 digits by default: a clear decode error. The limit is
    the application's to lift (sys.set_int_max_str_digits(0)): then the value is kept exactly."""
    limit = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(4300)
        with within(2):
            message = decode_error(raw)
        assert message.startswith("payload is not valid JSON: ")
        assert "digits" in message
        sys.set_int_max_str_digits(0)
        with within(2):
            event = rt.parse_event(raw)
        assert event.to_dict() == json.loads(raw)
        assert rt.parse_event(event.to_json()) == event
    finally:
        sys.set_int_max_str_digits(limit)


def test_integers_up_to_the_limit_are_kept_exactly() -> None:
    big = "9" * 4000
    event = rt.parse_event(text_with(big))
    assert event.to_dict().get("x") == int(big)
    assert rt.parse_event(event.to_json()) == event


@pytest.mark.parametrize(
    "number", ["1e400", "-1e400", "1.7976931348623159e308", "1" + "0" * 400 + ".0"]
)
def test_floats_too_large_for_a_float(number: str) -> None:
    message = decode_error(text_with(number))
    assert message.startswith("payload is not valid JSON: number ")
    assert "too large for a float" in message


def test_tiny_floats_underflow_to_zero_and_stay_floats() -> None:
    value = rt.parse_event(text_with("1e-400")).to_dict().get("x")
    assert value == 0.0 and type(value) is float


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("where", ["extra", "known"])
def test_non_json_number_tokens(token: str, where: str) -> None:
    if where == "extra":
        raw = text_with(token)
    else:
        raw = json.dumps(DONE).replace('"output_index": 0', f'"output_index": {token}')
    for form in (raw, raw.encode("utf-8")):
        message = decode_error(form)
        assert message == f"payload is not valid JSON: {token} is not a JSON number"


# --- text and encodings -----------------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\udc00\\ud800", "a\\ud83d"])
def test_lone_surrogate_escapes_are_kept(escape: str) -> None:
    """JSON allows any \\u escape; the value is kept as Python reads it, and written back."""
    raw = text_with(f'"{escape}"').replace('"event_1"', f'"{escape}"')
    expected = json.loads(raw)
    for form in (raw, raw.encode("ascii")):
        event = rt.parse_event(form)
        assert isinstance(event, rt.InputAudioBufferClearedEvent)
        assert event.event_id == expected["event_id"]
        assert event.to_dict() == expected
        assert rt.parse_event(event.to_json()) == event


def test_duplicate_keys_take_the_last_value() -> None:
    """JSON leaves duplicates undefined; the bindings do what json.loads does: the last wins."""
    raw = json.dumps(CLEARED)[:-1] + ', "event_id": "event_2"}'
    event = rt.parse_event(raw)
    assert isinstance(event, rt.InputAudioBufferClearedEvent) and event.event_id == "event_2"
    event = rt.parse_event('{"type": 7, "event_id": "e", "type": "input_audio_buffer.cleared"}')
    assert isinstance(event, rt.InputAudioBufferClearedEvent)
    message = decode_error('{"type": "input_audio_buffer.cleared", "type": null}')
    assert message == "type: expected string, got null"


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param(b"\xff", id="0xff"),
        pytest.param(b"\xc3", id="truncated sequence"),
        pytest.param(b"\xc0\x80", id="overlong NUL"),
        pytest.param(b"\xf8\x88\x80\x80\x80", id="five-byte form"),
        pytest.param(b"\xf4\x90\x80\x80", id="above U+10FFFF"),
        pytest.param(b"\x80", id="lone continuation byte"),
    ],
)
def test_invalid_utf8_is_a_decode_error(junk: bytes) -> None:
    raw = json.dumps(CLEARED).encode("utf-8").replace(b"event_1", b"event" + junk)
    message = decode_error(raw)
    assert message.startswith("payload is not valid JSON: 'utf-8' codec can't decode")
    assert decode_error(bytearray(raw)) == message


def test_encoded_surrogates_in_utf8_bytes() -> None:
    """CESU-8 style surrogates are not UTF-8; the runtime reads them (surrogatepass, as json.loads
    does) and keeps the lone surrogate, as it would from a \\ud800 escape."""
    raw = json.dumps(CLEARED).encode("utf-8").replace(b"event_1", b"event\xed\xa0\x80")
    event = rt.parse_event(raw)
    assert isinstance(event, rt.InputAudioBufferClearedEvent)
    assert event.event_id == "event\ud800"
    assert rt.parse_event(event.to_json()) == event


@pytest.mark.parametrize(
    "codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_utf16_and_utf32_bytes_parse(codec: str) -> None:
    payload = {**CLEARED, "x": "Zürich 東京 🎧"}
    event = rt.parse_event(json.dumps(payload, ensure_ascii=False).encode(codec))
    assert isinstance(event, rt.InputAudioBufferClearedEvent)
    assert event.to_dict() == payload


@pytest.mark.parametrize("raw", ["", b"", " ", "\n\t ", b"  ", "\x00", b"\x00"])
def test_empty_and_blank_payloads(raw: str | bytes) -> None:
    assert decode_error(raw).startswith("payload is not valid JSON: ")


@pytest.mark.parametrize("space", [" ", "\n", "\r\n", "\t", " \n\t\r "])
def test_whitespace_around_valid_json(space: str) -> None:
    text = space + json.dumps(CLEARED) + space
    for form in (text, text.encode("utf-8"), text.encode("utf-16")):
        event = rt.parse_event(form)
        assert isinstance(event, rt.InputAudioBufferClearedEvent)
        assert event.to_dict() == CLEARED


def test_a_bom_before_utf8_bytes_is_skipped() -> None:
    event = rt.parse_event(b"\xef\xbb\xbf" + json.dumps(CLEARED).encode("utf-8"))
    assert isinstance(event, rt.InputAudioBufferClearedEvent)
    assert event.to_dict() == CLEARED


def test_a_bom_before_text_is_named() -> None:
    """A str that starts with U+FEFF: once reported as 'Expecting value: line 1 column 1', which
    hides the cause; now the message names the BOM."""
    message = decode_error("\ufeff" + json.dumps(CLEARED))
    assert message == (
        "payload is not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig): "
        "line 1 column 1 (char 0)"
    )


@pytest.mark.parametrize("tail", ["x", "{}", ",", "]"])
def test_trailing_garbage_is_an_error(tail: str) -> None:
    message = decode_error(json.dumps(CLEARED) + tail)
    assert message.startswith("payload is not valid JSON: Extra data")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (None, "null"),
        (3, "integer"),
        (2.5, "number"),
        (True, "boolean"),
        ([CLEARED], "array"),
        ((CLEARED,), "tuple"),
        (memoryview(b"{}"), "memoryview"),
        (object(), "object"),
    ],
)
def test_values_that_are_not_payloads(raw: Any, kind: str) -> None:
    assert decode_error(raw) == f"payload must be a JSON object, got {kind}"


# --- size -------------------------------------------------------------------------------------


@cache
def audio() -> bytes:
    return os.urandom(37_500_000)  # 50,000,000 base64 characters


def audio_delta() -> dict[str, Any]:
    return {"type": "response.output_audio.delta", "event_id": "e", "response_id": "r",
            "item_id": "i", "output_index": 0, "content_index": 0,
            "delta": base64.b64encode(audio()).decode("ascii")}  # fmt: skip


@pytest.mark.slow
def test_a_50_mb_audio_delta_parses_exactly() -> None:
    payload = audio_delta()
    text = json.dumps(payload)
    assert len(text) > 50_000_000
    with within(10):
        for form in (text, text.encode("utf-8")):
            event = rt.parse_event(form)
            assert isinstance(event, rt.ResponseOutputAudioDeltaEvent)
            assert event.delta == payload["delta"]
            assert event.delta_bytes() == audio()
        assert event.to_dict() == payload
        assert json.loads(event.to_json()) == payload


def test_max_size_rejects_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(audio_delta())

    def no_decoding(*args: object) -> object:
        raise AssertionError("decoded a payload that max_size should have rejected")

    monkeypatch.setattr(rt._runtime, "loads", no_decoding)
    monkeypatch.setattr(rt._runtime, "loads_other", no_decoding)
    with within(1):
        for form in (text, text.encode("ascii"), bytearray(text.encode("ascii"))):
            message = decode_error(form, max_size=1_000_000)
            assert message == f"payload of {len(text)} exceeds max_size=1000000"


@pytest.mark.parametrize("form", [str, lambda text: text.encode("utf-8")])
def test_max_size_is_inclusive(form: Callable[[str], Any]) -> None:
    raw = form(json.dumps(CLEARED))
    assert isinstance(rt.parse_event(raw, max_size=len(raw)), rt.InputAudioBufferClearedEvent)
    assert decode_error(raw, max_size=len(raw) - 1).endswith(f"exceeds max_size={len(raw) - 1}")


def test_max_size_counts_characters_of_text_and_bytes_of_bytes() -> None:
    payload = {**CLEARED, "event_id": "東京🎧"}
    text = json.dumps(payload, ensure_ascii=False)
    data = text.encode("utf-8")
    assert len(data) > len(text)
    assert rt.parse_event(text, max_size=len(text)).to_dict() == payload
    assert decode_error(data, max_size=len(text)).startswith(f"payload of {len(data)} exceeds")


# --- the dispatcher when handlers fail ----------------------------------------------------------

EVENTS = [
    {"type": "input_audio_buffer.cleared", "event_id": "e1"},
    {"type": "input_audio_buffer.cleared", "event_id": "e2"},
    {"type": "response.sparkle.delta", "event_id": "e3"},  # unknown: goes to the fallback
]


def failing_dispatcher(
    dispatcher: rt.Dispatcher | rt.AsyncDispatcher, seen: list[str], is_async: bool
) -> None:
    """Register: a catch-all that records, a handler that raises on e1, one after it, a fallback."""

    def record(label: str) -> Callable[[Any], Any]:
        def handler(event: Any) -> None:
            event_id = event.to_dict().get("event_id")
            seen.append(f"{label}:{event_id}")
            if label == "fail" and event_id == "e1":
                raise KeyError("boom")

        if not is_async:
            return handler

        async def async_handler(event: Any) -> None:
            await asyncio.sleep(0)
            handler(event)

        async_handler.__qualname__ = handler.__qualname__
        return async_handler

    dispatcher.on_any(record("any"))
    dispatcher.on(rt.InputAudioBufferClearedEvent)(record("fail"))
    dispatcher.on("input_audio_buffer.cleared")(record("after"))
    dispatcher.fallback(record("fallback"))


def run_all(dispatcher: rt.Dispatcher | rt.AsyncDispatcher, raws: list[Any]) -> list[Any]:
    if isinstance(dispatcher, rt.AsyncDispatcher):

        async def main() -> list[Any]:
            return [await dispatcher.dispatch(raw) for raw in raws]

        return asyncio.run(main())
    return [dispatcher.dispatch(raw) for raw in raws]


@pytest.mark.parametrize("kind", [rt.Dispatcher, rt.AsyncDispatcher])
def test_a_failing_handler_reaches_the_caller_with_the_event(kind: type[Any]) -> None:
    seen: list[str] = []
    dispatcher = kind()
    failing_dispatcher(dispatcher, seen, kind is rt.AsyncDispatcher)
    with pytest.raises(rt.HandlerError) as caught:
        run_all(dispatcher, [json.dumps(EVENTS[0])])
    error = caught.value
    assert isinstance(error.event, rt.InputAudioBufferClearedEvent)
    assert error.event.event_id == "e1"
    assert isinstance(error.__cause__, KeyError) and error.error is error.__cause__
    assert "input_audio_buffer.cleared e1" in str(error)
    assert seen == ["any:e1", "fail:e1"]  # the handler after it did not run
    assert run_all(dispatcher, [EVENTS[1]])[0].event_id == "e2"  # the dispatcher still works
    assert seen[-3:] == ["any:e2", "fail:e2", "after:e2"]


@pytest.mark.parametrize("kind", [rt.Dispatcher, rt.AsyncDispatcher])
def test_on_error_receives_each_failure_and_dispatch_carries_on(kind: type[Any]) -> None:
    seen: list[str] = []
    errors: list[rt.HandlerError] = []
    dispatcher = kind(on_error=errors.append)
    failing_dispatcher(dispatcher, seen, kind is rt.AsyncDispatcher)
    returned = run_all(dispatcher, [json.dumps(e) for e in EVENTS] + [EVENTS[0]])
    cleared: type[Any] = rt.InputAudioBufferClearedEvent
    assert [type(e) for e in returned] == [cleared, cleared, rt.UnknownEvent, cleared]
    assert seen == [
        "any:e1", "fail:e1", "after:e1",
        "any:e2", "fail:e2", "after:e2",
        "any:e3", "fallback:e3",
        "any:e1", "fail:e1", "after:e1",
    ]  # fmt: skip
    assert len(errors) == 2
    for error, event in zip(errors, (returned[0], returned[3]), strict=True):
        assert isinstance(error, rt.HandlerError)
        assert error.event is event
        assert isinstance(error.error, KeyError)
        assert error.__cause__ is error.error  # chained as when raised, so logging shows both
        assert "input_audio_buffer.cleared e1" in str(error)


@pytest.mark.parametrize("kind", [rt.Dispatcher, rt.AsyncDispatcher])
def test_malformed_input_is_a_decode_error_even_with_on_error(kind: type[Any]) -> None:
    errors: list[rt.HandlerError] = []
    dispatcher = kind(on_error=errors.append)
    failing_dispatcher(dispatcher, [], kind is rt.AsyncDispatcher)
    with pytest.raises(rt.EventDecodeError):
        run_all(dispatcher, ["[" * 100_000])
    assert errors == []
