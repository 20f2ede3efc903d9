"""One spoken turn with a Realtime server, on `realtime_events` and `websockets`.

    python -m examples.session [--api ga|beta] [--input question.wav] [--output reply.wav]

It connects, waits for `session.created`, sends `session.update` (24 kHz PCM both ways, turn
detection off: this client says when the user's turn ends), streams the input WAV as
`input_audio_buffer.append` events, commits the buffer, sends `response.create`, and handles
what comes back with an `AsyncDispatcher`: the transcript is printed as it streams, the audio is
written to the output WAV, the token usage is shown at `response.done`, and every event type,
field or enum value the bindings do not know is logged once.

With OPENAI_API_KEY set it talks to the API (GA by default; `--api beta` sends the
`OpenAI-Beta: realtime=v1` header and the beta shapes). Without it, or with `--local`, it starts
the scripted server of `examples.scripted_server` on 127.0.0.1 and talks to that. `--url`
points it at any other Realtime endpoint.

`RealtimeClient` is the reusable part: the receive loop, the handlers, and requests that wait
for their answer; the tests drive it against the scripted server.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import sys
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO, TypeVar

import realtime_events as rt

try:
    from websockets.asyncio.client import ClientConnection, connect
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus, InvalidURI
except ModuleNotFoundError as missing:  # pragma: no cover - depends on the environment
    raise SystemExit(
        f"examples.session needs the websockets package ({missing}): "
        "pip install -r examples/requirements.txt"
    ) from None

from . import wav
from .scripted_server import Script, ScriptedServer

Api = Literal["ga", "beta"]
API_URL = "wss://api.openai.com/v1/realtime"
DEFAULT_MODEL = "gpt-realtime"
DEFAULT_INSTRUCTIONS = "You are a friendly voice assistant. Answer in one or two short sentences."
CHUNK_MS = 100  # audio per append: 20 to 100 ms keeps latency low

log = logging.getLogger("examples.session")
_T = TypeVar("_T")


class SessionError(Exception):
    """The session cannot go on: the server refused a request, hung up, or did not answer."""


@dataclass(frozen=True)
class Reply:
    """One finished response, as this client reassembled it."""

    response_id: str
    status: str
    transcript: str
    audio: bytes  # 24 kHz 16-bit mono PCM
    usage: rt.Usage | None
    events: int  # server events received from response.created to response.done


@dataclass
class _Stream:
    """A response under way: what its deltas brought so far."""

    transcript: list[str] = field(default_factory=list)
    audio: bytearray = field(default_factory=bytearray)
    events: int = 0


@dataclass
class _Waiter:
    """A request waiting for its answer: the next event of type `until`, or an error that
    names the request's `event_id`."""

    event_id: str
    what: str
    until: str
    answer: asyncio.Future[rt.ServerEvent]


class RealtimeClient:
    """A Realtime connection: sends client events, dispatches server events.

    `receive()` is the loop: run it as a task. Messages the bindings cannot decode and handlers
    that fail go to `on_error` and the loop goes on; the requests (`configure`, `commit`,
    `respond`) wait for their answer and raise SessionError when the server refuses them, closes
    the connection or does not answer in time. Add handlers of your own to `dispatcher`.
    """

    def __init__(
        self,
        websocket: ClientConnection,
        *,
        api: Api = "ga",
        out: TextIO | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.websocket = websocket
        self.api = api
        self.out = out if out is not None else sys.stdout
        self.timeout = timeout
        self.dispatcher = rt.AsyncDispatcher(on_error=self.on_error)
        self.problems: list[rt.EventDecodeError | rt.HandlerError] = []
        self.received = 0  # messages read from the socket
        self.counts: Counter[str] = Counter()  # events dispatched, by wire type
        self.sent = 0
        self.session: rt.SessionConfig | None = None
        self.closed: str | None = None  # why the receive loop ended, once it has
        self._ids = (f"evt_client_{n}" for n in itertools.count(1))
        self._waiters: list[_Waiter] = []
        self._noticed: set[tuple[str, str, str]] = set()
        self._created = asyncio.get_running_loop().create_future()
        self._streaming: dict[str, _Stream] = {}  # responses under way, by id
        self._finished: dict[str, Reply] = {}  # by response id, until respond() returns it
        self._register()

    # -- the receive loop ----------------------------------------------------------------------

    async def receive(self) -> None:
        """Dispatch every message until the connection closes; never raises for the server's
        doing. Requests still waiting when it ends fail with a SessionError saying why."""
        try:
            async for message in self.websocket:
                self.received += 1
                try:
                    await self.dispatcher.dispatch(message)
                except rt.EventDecodeError as exc:  # not an event: report it and read on
                    self.on_error(exc)
            self.closed = f"the server closed the connection ({_close_code(self.websocket)})"
        except ConnectionClosed as exc:
            self.closed = f"the connection was lost: {_describe_close(exc)}"
        finally:
            if self.closed is None:  # cancelled
                self.closed = "the client stopped receiving"
            self._fail_waiters(self.closed)

    def on_error(self, error: rt.EventDecodeError | rt.HandlerError) -> None:
        """A message that is not a valid event, or a handler that failed: logged and kept in
        `problems`; the session goes on."""
        self.problems.append(error)
        if isinstance(error, rt.EventDecodeError):
            log.warning("skipped a message the bindings cannot read: %s", error)
        else:
            log.error("%s", error)

    # -- requests ------------------------------------------------------------------------------

    async def send(self, event: rt.ClientEvent) -> None:
        try:
            await self.websocket.send(event.to_json())
        except ConnectionClosed as exc:
            reason = self.closed or f"the connection was lost: {_describe_close(exc)}"
            raise SessionError(f"{reason}; could not send {event.type}") from None
        self.sent += 1

    async def session_created(self) -> rt.SessionConfig:
        """The session the server opened with (waits for `session.created`)."""
        return await self._wait(self._created, "session.created")

    async def configure(self, *, instructions: str, voice: str) -> rt.SessionConfig:
        """Send `session.update` in this API version's shape; return the updated session."""
        event_id = next(self._ids)
        if self.api == "ga":
            pcm = rt.PcmAudioFormat(rate=wav.SAMPLE_RATE)
            update = rt.SessionUpdateEvent(
                event_id=event_id,
                session=rt.RealtimeSessionRequest(
                    instructions=instructions,
                    output_modalities=("audio",),
                    audio=rt.AudioConfig(
                        input=rt.AudioInputConfig(format=pcm, turn_detection=None),
                        output=rt.AudioOutputConfig(format=pcm, voice=voice),
                    ),
                ),
            )
        else:
            update = rt.SessionUpdateEvent(
                event_id=event_id,
                session=rt.BetaSessionRequest(
                    instructions=instructions,
                    modalities=("text", "audio"),
                    voice=voice,
                    input_audio_format="pcm16",
                    output_audio_format="pcm16",
                    turn_detection=None,
                ),
            )
        updated = await self._request(update, "session.updated")
        assert isinstance(updated, rt.SessionUpdatedEvent)
        return updated.session

    async def send_audio(self, pcm: bytes, chunk_ms: int = CHUNK_MS) -> int:
        """Append `pcm` to the input buffer in chunks of `chunk_ms`; return how many events."""
        step = chunk_ms * wav.SAMPLE_RATE * wav.SAMPLE_WIDTH // 1000
        count = 0
        for start in range(0, len(pcm), step):
            chunk = pcm[start : start + step]
            await self.send(
                rt.InputAudioBufferAppendEvent.from_pcm(chunk, event_id=next(self._ids))
            )
            count += 1
        return count

    async def commit(self) -> str:
        """Commit the input buffer; return the id of the user message it became."""
        commit = rt.InputAudioBufferCommitEvent(event_id=next(self._ids))
        committed = await self._request(commit, "input_audio_buffer.committed")
        assert isinstance(committed, rt.InputAudioBufferCommittedEvent)
        return committed.item_id

    async def respond(self) -> Reply:
        """Ask for a response and wait for `response.done`; return what streamed in."""
        create = rt.ResponseCreateEvent(event_id=next(self._ids))
        done = await self._request(create, "response.done")
        assert isinstance(done, rt.ResponseDoneEvent)
        return self._finished.pop(done.response.id or "")

    async def cancel(self) -> None:
        """Ask the server to stop the running response; its `response.done` (status
        `cancelled`) ends the pending `respond()`."""
        await self.send(rt.ResponseCancelEvent(event_id=next(self._ids)))

    async def _request(self, event: rt.ClientEvent, until: str) -> rt.ServerEvent:
        answer: asyncio.Future[rt.ServerEvent] = asyncio.get_running_loop().create_future()
        self._waiters.append(_Waiter(event.event_id or "", event.type, until, answer))
        if self.closed is not None:
            self._fail_waiters(self.closed)
        else:
            await self.send(event)
        return await self._wait(answer, until, after=event.type)

    async def _wait(self, answer: asyncio.Future[_T], what: str, after: str = "") -> _T:
        try:
            # shielded: on a timeout the answer stays pending, so the receive loop can still
            # settle it (and nothing logs a cancelled future)
            return await asyncio.wait_for(asyncio.shield(answer), self.timeout)
        except TimeoutError:
            self._waiters = [waiter for waiter in self._waiters if waiter.answer is not answer]
            since = f" after {after}" if after else ""
            raise SessionError(f"no {what} within {self.timeout:g} s{since}") from None

    # -- handlers ------------------------------------------------------------------------------

    def _register(self) -> None:
        on = self.dispatcher
        on.on_any(self._notice)
        on.on(rt.SessionCreatedEvent)(self._on_session_created)
        on.on(rt.SessionUpdatedEvent)(self._on_session_updated)
        on.on(rt.ErrorEvent)(self._on_error_event)
        on.on(rt.ResponseCreatedEvent)(self._on_response_created)
        on.on(rt.ResponseOutputAudioTranscriptDeltaEvent, include_renamed=True)(self._on_words)
        on.on(rt.ResponseOutputAudioDeltaEvent, include_renamed=True)(self._on_audio)
        on.on(rt.RateLimitsUpdatedEvent)(self._on_rate_limits)
        on.on(rt.ResponseDoneEvent)(self._on_response_done)
        on.fallback(self._ignore)

    def _notice(self, event: rt.ServerEvent | rt.UnknownEvent) -> None:
        """Runs first for every event: count it, log what the bindings do not know (once per
        kind of news), and hand the answer to a request waiting for it."""
        self.counts[event.type] += 1
        for stream in self._streaming.values():
            stream.events += 1
        for news in rt.unknown_fields(event):
            key = (event.type, news.kind, news.path)
            if key not in self._noticed:
                self._noticed.add(key)
                log.warning(
                    "%s: %s the bindings do not know: %s = %.80r (logged once)",
                    event.type,
                    news.kind,
                    news.path,
                    news.value,
                )
        if isinstance(event, rt.UnknownEvent):
            return
        for waiter in self._waiters:
            if event.type == waiter.until and not waiter.answer.done():
                waiter.answer.set_result(event)
                self._waiters.remove(waiter)
                break

    def _on_session_created(self, event: rt.SessionCreatedEvent) -> None:
        self.session = event.session
        log.info("session %s", _describe_session(event.session))
        if not self._created.done():
            self._created.set_result(event.session)

    def _on_session_updated(self, event: rt.SessionUpdatedEvent) -> None:
        self.session = event.session
        log.info("session updated: %s", _describe_session(event.session))

    def _on_error_event(self, event: rt.ErrorEvent) -> None:
        error = event.error
        culprit = error.event_id or None
        where = f" (param {error.param})" if error.param else ""
        text = f"{error.type} {error.code or ''}: {error.message}{where}".replace(" :", ":")
        for waiter in self._waiters:
            if culprit is not None and waiter.event_id == culprit:
                self._waiters.remove(waiter)
                if not waiter.answer.done():
                    waiter.answer.set_exception(
                        SessionError(f"the server refused {waiter.what} {culprit}: {text}")
                    )
                return
        log.error("server error%s: %s", f" about {culprit}" if culprit else "", text)

    def _on_response_created(self, event: rt.ResponseCreatedEvent) -> None:
        self._streaming[event.response.id or ""] = _Stream(events=1)  # this one counts

    def _on_words(
        self,
        event: rt.ResponseOutputAudioTranscriptDeltaEvent | rt.ResponseAudioTranscriptDeltaEvent,
    ) -> None:
        stream = self._streaming.get(event.response_id)
        if stream is not None:
            stream.transcript.append(event.delta)
        self.out.write(event.delta)
        self.out.flush()

    def _on_audio(
        self, event: rt.ResponseOutputAudioDeltaEvent | rt.ResponseAudioDeltaEvent
    ) -> None:
        stream = self._streaming.get(event.response_id)
        if stream is not None:
            stream.audio += event.delta_bytes()

    def _on_rate_limits(self, event: rt.RateLimitsUpdatedEvent) -> None:
        limits = ", ".join(
            f"{limit.name} {limit.remaining:,}/{limit.limit:,}"
            for limit in event.rate_limits
            if limit.remaining is not None and limit.limit is not None
        )
        log.info("rate limits: %s", limits or "none reported")

    def _on_response_done(self, event: rt.ResponseDoneEvent) -> None:
        response = event.response
        usage = response.usage or None
        stream = self._streaming.pop(response.id or "", _Stream())
        # kept now: more events may be dispatched before the request's caller resumes
        self._finished[response.id or ""] = Reply(
            response_id=response.id or "",
            status=response.status or "",
            transcript="".join(stream.transcript),
            audio=bytes(stream.audio),
            usage=usage,
            events=stream.events,
        )
        self.out.write("\n")
        summary = describe_usage(usage) if usage is not None else "no usage reported"
        self.out.write(f"[{response.status}] {summary}\n")
        self.out.flush()

    def _ignore(self, event: rt.ServerEvent | rt.UnknownEvent) -> None:
        """Events this client has no use for (item and part announcements, ...): counted by
        `_notice`, nothing more."""

    def _fail_waiters(self, reason: str) -> None:
        for waiter in self._waiters:
            if not waiter.answer.done():
                waiter.answer.set_exception(
                    SessionError(f"{reason} while waiting for {waiter.until}")
                )
        self._waiters.clear()
        if not self._created.done():
            self._created.set_exception(SessionError(f"{reason} before session.created"))


def describe_usage(usage: rt.Usage) -> str:
    """`usage: 412 tokens; in 335 (297 text, 38 audio, 0 cached); out 77 (24 text, 53 audio)`."""
    inside = usage.input_token_details
    outside = usage.output_token_details
    parts = [f"usage: {usage.total_tokens or 0:,} tokens"]
    if inside is not None:
        parts.append(
            f"in {usage.input_tokens or 0:,} ({inside.text_tokens or 0:,} text,"
            f" {inside.audio_tokens or 0:,} audio, {inside.cached_tokens or 0:,} cached)"
        )
    if outside is not None:
        parts.append(
            f"out {usage.output_tokens or 0:,} ({outside.text_tokens or 0:,} text,"
            f" {outside.audio_tokens or 0:,} audio)"
        )
    return "; ".join(parts)


def _describe_session(session: rt.SessionConfig) -> str:
    if isinstance(session, rt.RealtimeSession):
        output = session.audio.output if session.audio else None
        voice = output.voice if output else None
        return f"{session.id}: GA, model {session.model}, voice {voice}"
    if isinstance(session, rt.BetaSession):
        return f"{session.id}: beta, model {session.model}, voice {session.voice}"
    if isinstance(session, rt.UnknownObject):
        return f"of a kind the bindings do not know ({session.kind})"
    return f"{session.id}: transcription only"


def _close_code(websocket: ClientConnection) -> str:
    code = websocket.close_code
    return f"code {code}" if code is not None else "no close code"


def _describe_close(exc: ConnectionClosed) -> str:
    frame = exc.rcvd
    if frame is None:
        return "no closing handshake (the TCP connection dropped)"
    reason = f", reason {frame.reason!r}" if frame.reason else ""
    return f"code {frame.code}{reason}"


# -- the command line ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    api: Api
    url: str | None
    model: str
    local: bool
    input: Path
    output: Path
    voice: str
    instructions: str
    timeout: float


async def run(options: Options, *, out: TextIO | None = None) -> Reply:
    """The whole example: pick the server, connect, speak one turn, write the reply's audio."""
    pcm = wav.read_pcm16(options.input)
    key = os.environ.get("OPENAI_API_KEY")
    if options.local or (options.url is None and not key):
        if not options.local:
            log.info("OPENAI_API_KEY is not set: talking to the local scripted server")
        try:
            async with ScriptedServer(Script(api=options.api)) as server:
                return await converse(server.url, {}, pcm, options, out)
        except OSError as exc:
            raise SessionError(f"could not start the local scripted server: {exc}") from None
    url = options.url or f"{API_URL}?{urllib.parse.urlencode({'model': options.model})}"
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if not key and urllib.parse.urlsplit(url).hostname == urllib.parse.urlsplit(API_URL).hostname:
        raise SessionError(
            "OPENAI_API_KEY is not set: the API needs it. Set it, or leave out --url (or pass"
            " --local) to talk to the local scripted server instead."
        )
    return await converse(url, headers, pcm, options, out)


async def converse(
    url: str, headers: dict[str, str], pcm: bytes, options: Options, out: TextIO | None
) -> Reply:
    """Connect to `url` and speak one turn; the reply's audio goes to `options.output`."""
    if options.api == "beta":
        headers = {**headers, "OpenAI-Beta": "realtime=v1"}  # selects the beta protocol
    log.info("connecting to %s (%s protocol)", url, options.api)
    try:
        websocket = await connect(url, additional_headers=headers, open_timeout=options.timeout)
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
        raise SessionError(f"no answer from {url} within {options.timeout:g} s") from None
    except ConnectionRefusedError:
        raise SessionError(
            f"could not connect to {url}: connection refused (is a server listening there?)"
        ) from None
    except OSError as exc:  # no route, unknown host, ...
        raise SessionError(f"could not connect to {url}: {exc.strerror or exc}") from None
    async with websocket:
        client = RealtimeClient(websocket, api=options.api, out=out, timeout=options.timeout)
        receiving = asyncio.create_task(client.receive())
        try:
            await client.session_created()
            await client.configure(instructions=options.instructions, voice=options.voice)
            appends = await client.send_audio(pcm)
            log.info("sent %.2f s of audio in %d appends", wav.duration_seconds(pcm), appends)
            await client.commit()
            reply = await client.respond()
        finally:
            await websocket.close()
            await receiving
    wav.write_pcm16(options.output, reply.audio)
    unknown = sum(count for kind, count in client.counts.items() if kind not in rt.EVENT_TYPES)
    log.info(
        "received %d server events (%d of types the bindings do not know), sent %d;"
        " wrote %.2f s of assistant audio to %s",
        client.received,
        unknown,
        client.sent,
        wav.duration_seconds(reply.audio),
        options.output,
    )
    return reply


def _arguments(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m examples.session",
        description="Speak one turn with a Realtime server: the API with OPENAI_API_KEY set,"
        " else a local scripted server.",
    )
    parser.add_argument(
        "--api",
        choices=("ga", "beta"),
        default="ga",
        help="protocol version: GA, or beta (the OpenAI-Beta: realtime=v1 header); default ga",
    )
    parser.add_argument("--url", help=f"Realtime WebSocket URL (default: {API_URL}?model=MODEL)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="model (default: %(default)s)")
    parser.add_argument(
        "--local", action="store_true", help="use the local scripted server even with a key"
    )
    parser.add_argument(
        "--input",
        type=Path,
        default=wav.QUESTION_WAV,
        help="24 kHz 16-bit mono WAV to send (default: examples/question.wav)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("reply.wav"),
        help="where to write the assistant's audio (default: %(default)s)",
    )
    parser.add_argument("--voice", default="marin", help="assistant voice (default: %(default)s)")
    parser.add_argument("--instructions", default=DEFAULT_INSTRUCTIONS)
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for each answer"
    )
    arguments = parser.parse_args(argv)
    return Options(**vars(arguments))


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("websockets").setLevel(logging.WARNING)  # its connection chatter
    try:
        asyncio.run(run(options))
    except wav.WavFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SessionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
