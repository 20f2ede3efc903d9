"""What every protocol's client shares: opening the WebSocket, the receive loop, and requests
that wait for their answer.

Each realtime voice protocol is JSON events both ways over one WebSocket, so its client
(`examples.realtime_client`, `examples.translation_client`, `examples.live_client`) is a
subclass of `EventClient` that adds only its own conversation: it makes its protocol's
`AsyncDispatcher`, registers handlers for the events it cares about, and says which client event
a request sends and which server event class answers it. The loop, the reporting of what the
bindings cannot read, the waiting, the timeouts and what happens when the server hangs up are
written once, here.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import sys
from collections import Counter
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO, TypeVar

import realtime_events as rt

try:
    from websockets.asyncio.client import ClientConnection, connect
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
except ModuleNotFoundError as missing:  # pragma: no cover - depends on the environment
    raise SystemExit(
        f"the examples need the websockets package ({missing}): "
        "pip install -r examples/requirements.txt"
    ) from None

from . import wav

__all__ = [
    "CHUNK_MS",
    "ClientConnection",
    "ClientEvent",
    "EventClient",
    "ServerEvent",
    "SessionError",
    "describe_close",
    "describe_error",
    "log",
    "open_websocket",
]

CHUNK_MS = 100  # audio per append: 20 to 100 ms keeps latency low

# One logger for the whole example, whichever protocol it speaks, so one setting quiets it.
log = logging.getLogger("examples.session")

_T = TypeVar("_T")


class SessionError(Exception):
    """The session cannot go on: the server refused a request, hung up, or did not answer."""


class ServerEvent(Protocol):
    """All the loop needs of a server event, in any protocol: its wire type."""

    @property
    def type(self) -> str: ...


class ClientEvent(Protocol):
    """All `send` needs of a client event, in any protocol."""

    @property
    def type(self) -> str: ...

    @property
    def event_id(self) -> str | None | rt.Missing: ...  # Missing: the Live API's, left out

    def to_json(self) -> str: ...


@dataclass
class _Waiter:
    """Something waiting for a server event: a request's answer (or an error naming the
    request's `event_id`), or the event a server opens every connection with."""

    event_id: str  # empty when there is no request to blame
    what: str  # the request's wire type
    until: type[Any]  # the class of the event that settles it
    failure: str  # how to end the message when the connection ends first
    answer: asyncio.Future[Any]


async def open_websocket(url: str, headers: Mapping[str, str], timeout: float) -> ClientConnection:
    """Connect, turning each way a connection can fail into a SessionError that says what to
    check."""
    try:
        return await connect(url, additional_headers=dict(headers), open_timeout=timeout)
    except InvalidURI as exc:
        raise SessionError(f"not a WebSocket URL: {exc.uri}") from None
    except InvalidStatus as exc:
        status = exc.response.status_code
        hint = " (is OPENAI_API_KEY right?)" if status in (401, 403) else ""
        body = (
            exc.response.body.decode("utf-8", "replace").strip()[:200] if exc.response.body else ""
        )
        detail = f": {body}" if body else ""
        raise SessionError(f"{url} refused the connection: HTTP {status}{hint}{detail}") from None
    except InvalidHandshake as exc:
        raise SessionError(
            f"{url} is not a WebSocket server that answers properly: {exc}"
        ) from None
    except TimeoutError:
        raise SessionError(f"no answer from {url} within {timeout:g} s") from None
    except ConnectionRefusedError:
        raise SessionError(
            f"could not connect to {url}: connection refused (is a server listening there?)"
        ) from None
    except OSError as exc:  # no route, unknown host, ...
        raise SessionError(f"could not connect to {url}: {exc.strerror or exc}") from None


class EventClient:
    """One connection of any protocol: sends client events, dispatches server events.

    `receive()` is the loop: run it as a task (or use `async with client.running():`). Messages
    the bindings cannot decode and handlers that fail go to `on_error` and the loop goes on;
    requests wait for their answer and raise SessionError when the server refuses them, closes
    the connection or does not answer in time.

    A subclass makes its protocol's dispatcher, passes each message to it in `dispatch`,
    registers `notice` to run for every event (with the bindings' `unknown_fields`) and
    `refused` for its protocol's `error` event, and builds its append event in `append_event`.
    """

    def __init__(
        self, websocket: ClientConnection, *, out: TextIO | None = None, timeout: float = 30.0
    ) -> None:
        self.websocket = websocket
        self.out = out if out is not None else sys.stdout
        self.timeout = timeout
        self.problems: list[rt.EventDecodeError | rt.HandlerError] = []
        self.received = 0  # messages read from the socket
        self.counts: Counter[str] = Counter()  # events dispatched, by wire type
        self.unknown = 0  # events of types the bindings do not know
        self.sent = 0
        self.closed: str | None = None  # why the receive loop ended, once it has
        self._ids = (f"evt_client_{n}" for n in itertools.count(1))
        self._waiters: list[_Waiter] = []
        self._noticed: set[tuple[str, str, str]] = set()

    # -- what a protocol's client provides -----------------------------------------------------

    async def dispatch(self, message: str | bytes) -> None:
        """Decode one message with the protocol's bindings and call its handlers."""
        raise NotImplementedError

    def append_event(self, pcm: bytes, event_id: str) -> ClientEvent:
        """The protocol's event that appends a chunk of input audio."""
        raise NotImplementedError

    # -- the receive loop ----------------------------------------------------------------------

    async def receive(self) -> None:
        """Dispatch every message until the connection closes; never raises for the server's
        doing. Requests still waiting when it ends fail with a SessionError saying why."""
        try:
            async for message in self.websocket:
                self.received += 1
                try:
                    await self.dispatch(message)
                except rt.EventDecodeError as exc:  # not an event: report it and read on
                    self.on_error(exc)
            self.closed = f"the server closed the connection ({_close_code(self.websocket)})"
        except ConnectionClosed as exc:
            self.closed = f"the connection was lost: {describe_close(exc)}"
        finally:
            if self.closed is None:  # cancelled
                self.closed = "the client stopped receiving"
            self._fail_waiters(self.closed)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Receive in a task while the block runs; then close the connection and let the loop
        finish, so nothing is left running whatever the block raised."""
        receiving = asyncio.create_task(self.receive())
        try:
            yield
        finally:
            await self.websocket.close()
            await receiving

    def on_error(self, error: rt.EventDecodeError | rt.HandlerError) -> None:
        """A message that is not a valid event, or a handler that failed: logged and kept in
        `problems`; the session goes on."""
        self.problems.append(error)
        if isinstance(error, rt.EventDecodeError):
            log.warning("skipped a message the bindings cannot read: %s", error)
        else:
            log.error("%s", error)

    # -- sending and requests ------------------------------------------------------------------

    def next_id(self) -> str:
        """A fresh `event_id` for a client event, so that an `error` can name it."""
        return next(self._ids)

    async def send(self, event: ClientEvent) -> None:
        try:
            await self.websocket.send(event.to_json())
        except ConnectionClosed as exc:
            reason = self.closed or f"the connection was lost: {describe_close(exc)}"
            raise SessionError(f"{reason}; could not send {event.type}") from None
        self.sent += 1

    async def send_audio(self, pcm: bytes, chunk_ms: int = CHUNK_MS) -> int:
        """Append `pcm` to the input audio in chunks of `chunk_ms`; return how many events."""
        step = chunk_ms * wav.SAMPLE_RATE * wav.SAMPLE_WIDTH // 1000
        count = 0
        for start in range(0, len(pcm), step):
            await self.send(self.append_event(pcm[start : start + step], self.next_id()))
            count += 1
        return count

    def expect(self, until: type[_T], what: str) -> asyncio.Future[_T]:
        """A future for the next event of class `until` that no request caused (the event a
        server opens a connection with); `what` names it in errors."""
        answer: asyncio.Future[_T] = asyncio.get_running_loop().create_future()
        self._waiters.append(_Waiter("", what, until, f"before {what}", answer))
        return answer

    async def request(self, event: ClientEvent, until: type[_T]) -> _T:
        """Send `event` and return the next event of class `until`; SessionError if the server
        answers with an error naming the event, hangs up or takes longer than `timeout`."""
        answer: asyncio.Future[_T] = asyncio.get_running_loop().create_future()
        what = _wire_type(until)
        waiter = _Waiter(
            event.event_id or "", event.type, until, f"while waiting for {what}", answer
        )
        self._waiters.append(waiter)
        if self.closed is not None:
            self._fail_waiters(self.closed)
        else:
            try:
                await self.send(event)
            except SessionError:
                # nothing will answer it, nor wait for it; the receive loop may have failed it
                # already, while the send waited (its error says the same as this one)
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
                if answer.done():
                    answer.exception()  # retrieved: asyncio does not log it as forgotten
                else:
                    answer.cancel()
                raise
        return await self.wait(answer, what, after=event.type)

    async def wait(self, answer: asyncio.Future[_T], what: str, after: str = "") -> _T:
        try:
            # shielded: on a timeout the answer stays pending, so the receive loop can still
            # settle it (and nothing logs a cancelled future)
            return await asyncio.wait_for(asyncio.shield(answer), self.timeout)
        except TimeoutError:
            self._waiters = [waiter for waiter in self._waiters if waiter.answer is not answer]
            since = f" after {after}" if after else ""
            raise SessionError(f"no {what} within {self.timeout:g} s{since}") from None

    # -- handlers every protocol registers -----------------------------------------------------

    def notice(self, event: ServerEvent, news: Sequence[rt.UnknownField]) -> None:
        """Runs first for every event: count it, log what the bindings do not know (once per
        kind of news), and hand the event to a request waiting for it."""
        self.counts[event.type] += 1
        for item in news:
            key = (event.type, item.kind, item.path)
            if key not in self._noticed:
                self._noticed.add(key)
                log.warning(
                    "%s: %s the bindings do not know: %s = %.80r (logged once)",
                    event.type,
                    item.kind,
                    item.path,
                    item.value,
                )
        if isinstance(event, rt.UnknownEvent):
            self.unknown += 1
            return
        for waiter in self._waiters:
            if isinstance(event, waiter.until) and not waiter.answer.done():
                waiter.answer.set_result(event)
                self._waiters.remove(waiter)
                break

    def refused(self, error: rt.ErrorDetails) -> None:
        """An `error` event: it fails the request it names, or is logged if it names none."""
        self.refused_by(
            error.event_id or None,
            describe_error(error.type, error.code, error.message, error.param),
        )

    def refused_by(self, culprit: str | None, text: str) -> None:
        """An error that names its request by `culprit`, the request's `event_id` (a protocol
        whose `error` has another shape calls this with what it says)."""
        for waiter in self._waiters:
            if culprit is not None and waiter.event_id == culprit:
                self._waiters.remove(waiter)
                if not waiter.answer.done():
                    waiter.answer.set_exception(
                        SessionError(f"the server refused {waiter.what} {culprit}: {text}")
                    )
                return
        log.error("server error%s: %s", f" about {culprit}" if culprit else "", text)

    def ignore(self, event: object) -> None:
        """Events a client has no use for: counted by `notice`, nothing more."""

    def _fail_waiters(self, reason: str) -> None:
        for waiter in self._waiters:
            if not waiter.answer.done():
                waiter.answer.set_exception(SessionError(f"{reason} {waiter.failure}"))
        self._waiters.clear()


def describe_error(
    kind: str, code: str | None | rt.Missing, message: str, param: str | None | rt.Missing
) -> str:
    """`invalid_request_error invalid_value: Invalid 'audio'. (param audio)`."""
    where = f" (param {param})" if param else ""
    return f"{kind} {code or ''}: {message}{where}".replace(" :", ":")


def describe_close(exc: ConnectionClosed) -> str:
    frame = exc.rcvd
    if frame is None:
        return "no closing handshake (the TCP connection dropped)"
    reason = f", reason {frame.reason!r}" if frame.reason else ""
    return f"code {frame.code}{reason}"


def _close_code(websocket: ClientConnection) -> str:
    code = websocket.close_code
    return f"code {code}" if code is not None else "no close code"


def _wire_type(cls: type[Any]) -> str:
    """The wire type an event class stands for (its `type` class attribute)."""
    value = getattr(cls, "type", None)
    return value if isinstance(value, str) else cls.__name__
