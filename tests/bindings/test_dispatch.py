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


# Registration errors and messages, each pinned to its words: a user reads them to fix a typo.


def test_a_category_or_prefix_registers_exactly_its_events() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []
    dispatcher.on_category("input_audio_buffer")(lambda event: seen.append("category"))
    dispatcher.on_prefix("response.text.*")(lambda event: seen.append("star prefix"))
    dispatcher.on_prefix("response.text")(lambda event: seen.append("prefix"))
    dispatcher.fallback(lambda event: seen.append("fallback"))
    dispatcher.dispatch(CLEARED)
    dispatcher.dispatch(DELTA)
    dispatcher.dispatch({"type": "response.created", "event_id": "e4", "response": {}})
    assert seen == ["category", "star prefix", "prefix", "fallback"]


def test_registration_errors_name_what_is_wrong() -> None:
    dispatcher = rt.Dispatcher()
    categories = sorted(set(rt.EVENT_CATEGORIES.values()))
    with pytest.raises(ValueError) as caught:
        dispatcher.on_category("responses")  # type: ignore[call-overload]
    assert str(caught.value) == f"unknown category 'responses'; known: {', '.join(categories)}"
    for prefix, stem in [("reponse.", "reponse."), ("", ""), ("*", "")]:
        with pytest.raises(ValueError) as caught:
            dispatcher.on_prefix(prefix)
        assert str(caught.value) == f"no event type starts with {stem!r}"
    with pytest.raises(ValueError) as caught:
        dispatcher.on("zzzz")  # type: ignore[call-overload]
    assert str(caught.value) == "unknown event type 'zzzz'"  # nothing close: no suggestion
    with pytest.raises(ValueError) as caught:
        dispatcher.on("response.text.delte")  # type: ignore[call-overload]
    assert str(caught.value) == (
        "unknown event type 'response.text.delte'; did you mean 'response.text.delta'?"
    )
    with pytest.raises(TypeError) as caught:
        dispatcher.on(dict)  # type: ignore[type-var]
    assert str(caught.value) == "<class 'dict'> is not an event class of this package"
    with pytest.raises(ValueError) as caught:
        dispatcher.on(rt.InputAudioBufferClearedEvent, include_renamed=True)
    assert str(caught.value) == (
        "InputAudioBufferClearedEvent has no renamed counterpart in another API version"
    )


def test_include_renamed_registers_both_names_and_only_then() -> None:
    seen: list[str] = []
    both = rt.Dispatcher()
    both.on(rt.ResponseTextDeltaEvent, include_renamed=True)(lambda e: seen.append(e.type))
    one = rt.Dispatcher()
    one.on(rt.ResponseTextDeltaEvent)(lambda e: seen.append("one " + e.type))
    renamed = {**DELTA, "type": rt.ResponseOutputTextDeltaEvent.type}
    for dispatcher in (both, one):
        dispatcher.dispatch(DELTA)
        dispatcher.dispatch(renamed)
    assert seen == ["response.text.delta", "response.output_text.delta", "one response.text.delta"]


def test_a_registration_after_dispatching_takes_effect() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []
    dispatcher.dispatch(CLEARED)  # routes built once here
    dispatcher.on_any(lambda event: seen.append("any"))
    dispatcher.dispatch(CLEARED)
    dispatcher.fallback(lambda event: seen.append("fallback"))
    dispatcher.dispatch(CLEARED)
    dispatcher.on(rt.InputAudioBufferClearedEvent)(lambda event: seen.append("own"))
    dispatcher.dispatch(CLEARED)
    assert seen == ["any", "any", "fallback", "any", "own"]


def test_handler_errors_say_which_handler_failed_on_which_event() -> None:
    class Callable:
        def __call__(self, event: object) -> None:
            raise KeyError("k")

        def __repr__(self) -> str:
            return "<a callable>"

    def divide(event: object) -> None:
        raise ZeroDivisionError("division by zero")

    partial = functools.partial(divide)  # no __qualname__: named by its repr
    failures: list[rt.HandlerError] = []
    dispatcher = rt.Dispatcher(on_error=failures.append)
    dispatcher.on_any(Callable())
    dispatcher.on_any(partial)
    dispatcher.dispatch(CLEARED)
    dispatcher.dispatch({"type": "input_audio_buffer.cleared"})  # no event_id: None
    assert [str(f) for f in failures] == [
        "handler <a callable> failed on input_audio_buffer.cleared e2: KeyError('k')",
        f"handler {partial!r} failed on input_audio_buffer.cleared e2:"
        " ZeroDivisionError('division by zero')",
        "handler <a callable> failed on input_audio_buffer.cleared: KeyError('k')",
        f"handler {partial!r} failed on input_audio_buffer.cleared:"
        " ZeroDivisionError('division by zero')",
    ]
    assert [type(f.error) for f in failures] == [KeyError, ZeroDivisionError] * 2
    assert all(f.event.type == "input_audio_buffer.cleared" for f in failures)


def test_refusals_name_the_handler_and_the_dispatcher() -> None:
    dispatcher = rt.Dispatcher()
    with pytest.raises(TypeError) as caught:
        dispatcher.on_any(coroutine_handler)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "handler coroutine_handler is a coroutine function, which Dispatcher would call without"
        " awaiting, so its body would never run; register it on an AsyncDispatcher (and await"
        " its dispatch)"
    )
    closed: list[bool] = []

    class Awaitable:
        def __await__(self) -> object:
            return iter(())

        def close(self) -> None:
            closed.append(True)

    def returns_awaitable(event: object) -> Awaitable:
        return Awaitable()

    dispatcher.on_any(returns_awaitable)  # type: ignore[arg-type]
    with pytest.raises(rt.HandlerError) as caught:
        dispatcher.dispatch(CLEARED)
    assert str(caught.value.error) == (
        "handler test_refusals_name_the_handler_and_the_dispatcher.<locals>.returns_awaitable"
        " returned an awaitable, which a sync dispatcher cannot await; register it on an"
        " AsyncDispatcher"
    )
    assert caught.value.handler is returns_awaitable
    assert closed == [True]  # closed unrun, so no "never awaited" warning


def test_a_handler_may_return_a_value_that_is_not_awaitable() -> None:
    dispatcher = rt.Dispatcher()
    dispatcher.on_any(lambda event: 0)  # type: ignore[arg-type, return-value]
    dispatcher.on_any(lambda event: "done")  # type: ignore[arg-type, return-value]
    assert dispatcher.dispatch(CLEARED).type == "input_audio_buffer.cleared"


def test_async_handler_failures_name_their_handler() -> None:
    failures: list[rt.HandlerError] = []
    dispatcher = rt.AsyncDispatcher(on_error=failures.append)

    @dispatcher.on_prefix("input_audio_buffer.")
    async def broken(event: rt.ServerEvent) -> None:
        raise RuntimeError("late")

    asyncio.run(dispatcher.dispatch(CLEARED))
    assert [f.handler for f in failures] == [broken]
    assert str(failures[0]) == (
        "handler test_async_handler_failures_name_their_handler.<locals>.broken failed on"
        " input_audio_buffer.cleared e2: RuntimeError('late')"
    )


def test_a_star_ends_a_prefix_and_takes_nothing_else_off() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []
    dispatcher.on_prefix("input_audio_buffer.c*")(lambda event: seen.append(event.type))
    dispatcher.dispatch(CLEARED)
    dispatcher.dispatch({"type": "input_audio_buffer.speech_started", "event_id": "e",
                         "audio_start_ms": 0, "item_id": "i"})  # fmt: skip
    assert seen == ["input_audio_buffer.cleared"]


def test_a_handler_failing_on_an_unknown_event() -> None:
    failures: list[rt.HandlerError] = []
    dispatcher = rt.Dispatcher(on_error=failures.append)

    def broken(event: object) -> None:
        raise RuntimeError("x")

    dispatcher.fallback(broken)
    dispatcher.dispatch(UNKNOWN)  # an UnknownEvent has no event_id attribute
    assert str(failures[0]) == (
        "handler test_a_handler_failing_on_an_unknown_event.<locals>.broken failed on"
        " response.sparkle.delta: RuntimeError('x')"
    )


def test_an_awaitable_without_close_is_refused_too() -> None:
    class Bare:
        def __await__(self) -> object:
            return iter(())

    dispatcher = rt.Dispatcher()
    dispatcher.on_any(lambda event: Bare())  # type: ignore[arg-type, return-value]
    with pytest.raises(rt.HandlerError) as caught:
        dispatcher.dispatch(CLEARED)
    assert type(caught.value.error) is TypeError
    assert "returned an awaitable" in str(caught.value.error)
