"""Dispatcher and AsyncDispatcher: routing, fallbacks and registration errors (their static
typing is in test_typing.py)."""

from __future__ import annotations

import asyncio
import functools
import json
import warnings

import pytest
import realtime_events as rt

DELTA = {"type": "response.text.delta", "event_id": "e1", "response_id": "r", "item_id": "i",
         "output_index": 0, "content_index": 0, "delta": "Hel"}  # fmt: skip
CLEARED = {"type": "input_audio_buffer.cleared", "event_id": "e2"}
UNKNOWN = {"type": "response.sparkle.delta", "event_id": "e3"}


def test_handlers_by_class_and_by_wire_type() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []

    @dispatcher.on(rt.ResponseTextDeltaEvent)
    def by_class(event: rt.ResponseTextDeltaEvent) -> None:
        seen.append("class:" + event.delta)

    @dispatcher.on("response.text.delta")
    def by_name(event: rt.ResponseTextDeltaEvent) -> None:
        seen.append("name:" + event.delta)

    returned = dispatcher.dispatch(json.dumps(DELTA))
    assert isinstance(returned, rt.ResponseTextDeltaEvent)
    assert seen == ["class:Hel", "name:Hel"]
    dispatcher.dispatch(returned)  # an already parsed event
    dispatcher.dispatch(DELTA)  # a decoded mapping
    assert len(seen) == 6


def test_fallback_receives_unhandled_and_unknown_events() -> None:
    dispatcher = rt.Dispatcher()
    fallen: list[str] = []
    dispatcher.on(rt.ResponseTextDeltaEvent)(lambda event: None)
    dispatcher.fallback(lambda event: fallen.append(event.type))
    dispatcher.dispatch(DELTA)
    dispatcher.dispatch(CLEARED)
    dispatcher.dispatch(UNKNOWN)
    assert fallen == ["input_audio_buffer.cleared", "response.sparkle.delta"]


def test_no_handler_and_no_fallback_is_fine() -> None:
    assert rt.Dispatcher().dispatch(CLEARED).type == "input_audio_buffer.cleared"


def test_unknown_names_fail_at_registration() -> None:
    dispatcher = rt.Dispatcher()
    with pytest.raises(ValueError, match="did you mean 'response.text.delta'"):
        dispatcher.on("response.txt.delta")  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        dispatcher.on(dict)  # type: ignore[type-var]


def test_malformed_input_raises_decode_error() -> None:
    with pytest.raises(rt.EventDecodeError):
        rt.Dispatcher().dispatch("{")


def test_handler_errors_reach_the_caller() -> None:
    dispatcher = rt.Dispatcher()

    @dispatcher.on(rt.InputAudioBufferClearedEvent)
    def fail(event: rt.InputAudioBufferClearedEvent) -> None:
        raise RuntimeError("boom")

    with pytest.raises(
        rt.HandlerError, match="fail failed on input_audio_buffer.cleared e2"
    ) as caught:
        dispatcher.dispatch(CLEARED)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert caught.value.event.type == "input_audio_buffer.cleared"
    assert caught.value.handler is fail


def test_async_dispatcher_awaits_handlers_in_order() -> None:
    dispatcher = rt.AsyncDispatcher()
    seen: list[str] = []

    @dispatcher.on(rt.ResponseTextDeltaEvent)
    async def first(event: rt.ResponseTextDeltaEvent) -> None:
        await asyncio.sleep(0)
        seen.append("first")

    @dispatcher.on("response.text.delta")
    async def second(event: rt.ResponseTextDeltaEvent) -> None:
        seen.append("second")

    @dispatcher.fallback
    async def other(event: rt.ServerEvent | rt.UnknownEvent) -> None:
        seen.append("fallback:" + event.type)

    async def run() -> None:
        await dispatcher.dispatch(DELTA)
        await dispatcher.dispatch(json.dumps(UNKNOWN).encode())

    asyncio.run(run())
    assert seen == ["first", "second", "fallback:response.sparkle.delta"]


async def coroutine_handler(event: rt.ServerEvent | rt.UnknownEvent) -> None:
    pass


class AsyncCallable:
    async def __call__(self, event: rt.ServerEvent | rt.UnknownEvent) -> None:
        pass

    async def method(self, event: rt.ServerEvent | rt.UnknownEvent) -> None:
        pass


@pytest.mark.parametrize(
    "handler",
    [
        coroutine_handler,
        functools.partial(coroutine_handler),
        AsyncCallable(),
        AsyncCallable().method,
    ],
    ids=["async def", "partial", "async __call__", "async method"],
)
def test_the_sync_dispatcher_refuses_coroutine_functions(handler: object) -> None:
    dispatcher = rt.Dispatcher()
    registrations = [
        dispatcher.on(rt.ResponseTextDeltaEvent),
        dispatcher.on("response.text.delta"),
        dispatcher.on(rt.ResponseOutputTextDeltaEvent, include_renamed=True),
        dispatcher.on_category("response"),
        dispatcher.on_prefix("response."),
        dispatcher.on_any,
        dispatcher.fallback,
    ]
    for register in registrations:
        with pytest.raises(TypeError, match="is a coroutine function") as caught:
            register(handler)  # type: ignore[operator]
        assert "AsyncDispatcher" in str(caught.value)
    assert "coroutine_handler" in str(caught.value) or "AsyncCallable" in str(caught.value)
    # nothing was filed: dispatch calls no handler
    assert dispatcher.dispatch(DELTA).type == "response.text.delta"


def test_a_sync_handler_that_returns_an_awaitable_fails_without_a_warning() -> None:
    dispatcher = rt.Dispatcher()
    dispatcher.on_any(lambda event: coroutine_handler(event))  # type: ignore[arg-type, return-value]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine ... was never awaited" would fail the test
        with pytest.raises(rt.HandlerError, match="returned an awaitable") as caught:
            dispatcher.dispatch(DELTA)
    assert isinstance(caught.value.__cause__, TypeError)


def test_handlers_must_be_callable() -> None:
    for dispatcher in (rt.Dispatcher(), rt.AsyncDispatcher()):
        with pytest.raises(TypeError, match="must be callable"):
            dispatcher.on_any("log")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="must be callable"):
            dispatcher.on(rt.ErrorEvent)(None)  # type: ignore[arg-type]


def test_the_async_dispatcher_also_runs_plain_functions() -> None:
    dispatcher = rt.AsyncDispatcher()
    seen: list[str] = []
    queue: asyncio.Queue[str] = asyncio.Queue()

    @dispatcher.on_any
    def log(event: rt.ServerEvent | rt.UnknownEvent) -> None:
        seen.append("log")

    @dispatcher.on(rt.ResponseTextDeltaEvent)
    async def handle(event: rt.ResponseTextDeltaEvent) -> None:
        seen.append("async")

    dispatcher.on(rt.ResponseTextDeltaEvent)(lambda event: queue.put(event.delta))
    dispatcher.on(rt.ResponseTextDeltaEvent)(lambda event: seen.append("plain"))

    asyncio.run(dispatcher.dispatch(DELTA))
    assert seen == ["log", "async", "plain"]
    assert queue.get_nowait() == "Hel"  # the lambda's coroutine was awaited
