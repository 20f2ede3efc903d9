"""A scripted realtime voice server on 127.0.0.1: the example's stand-in for the API, and the
tests'.

It serves three protocols over real WebSockets, told apart by the request's path as on the API:
the Realtime API on `/v1/realtime`, the Realtime Translation protocol on
`/v1/realtime/translations` and the Live API on `/v1/live/sessions` (any other path gets HTTP
404). Every server event is built with the bindings' classes and sent with `to_json()`; every
client message is decoded with its protocol's `parse_client_event(strict=True)`, and one that
does not decode, or that the server refuses, gets an `error` event naming the client's
`event_id` and the path of the bad field as `param`, as the API does, and the session goes on.

On `/v1/realtime` it speaks one API version (GA or beta, `Script.api`; a client that asks for the
other one with the `OpenAI-Beta` header is turned away at the handshake):

- on connect, `session.created` and `conversation.created`;
- `session.update` (in this version's shape, with 24 kHz PCM audio) gets `session.updated`
  with the merged session; `input_audio_buffer.append` fills the buffer, `commit` turns it into
  a user message (`input_audio_buffer.committed`, then the item), `clear` empties it;
- `response.create` starts a spoken response: `response.created`, `rate_limits.updated`, the
  output item and its audio part, audio and transcript deltas interleaved (real PCM from
  `examples.wav.speech_like`), then the `.done` events and `response.done` with token usage.
  A second `response.create` while one runs is refused; `response.cancel` ends it as
  `cancelled`.

A `Script` can also slip raw messages into a response (an event type the catalogue does not
know, a malformed message) and hang up in the middle of one (of a Live session, too), for tests
of the client's error paths. On this path it never detects turns by itself: the client commits
the audio and asks for the response.

On `/v1/realtime/translations` it interprets (`realtime_events.translation`):

- on connect, `session.created`, with the model of the `model` query parameter;
- `session.update` gets `session.updated` with the merged session; a setting a translation
  session does not have (a Realtime API session's `type`, say) or a language it does not
  translate into (`Script.translations`) gets an `error` instead;
- `session.input_audio_buffer.append` is heard as it comes: the transcript of the source
  (`Script.source_text`, when the session transcribes its input) keeps pace with the audio, and
  the translation (`session.output_audio.delta`, as much audio as was heard, and
  `session.output_transcript.delta`) trails it by `Script.translation_lag_ms`;
- `session.close` flushes the rest of both transcripts and of the audio, sends
  `session.closed` and closes the connection.

Any other client event, a Realtime API one included, is an event type this protocol does not
know, and gets an `error`.

On `/v1/live/sessions` it is a Live session's primary connection (`realtime_events.live`); no
model in the URL:

- the client's first event must be `session.start`, which names the model; `session.started`
  answers with the session (`live_u0_...`). Anything sent before gets an `error`
  (`session_not_started`), and so does a format other than 24 kHz PCM or a delegation other
  than the client's;
- `session.input_audio.append` is heard as it comes, and the input audio is the session's
  clock: the user's transcript (`Script.live_user_text`) keeps pace with the speech in it, and
  `Script.live_silence_ms` of silence after speech ends the user's turn. The model then answers:
  with a client delegation it hands the work off (`session.delegation.created`), then says
  `Script.live_reply` (`session.output_audio.delta` and `session.output_transcript.delta`,
  interleaved, then `session.usage.updated`). The model speaks in tasks of their own, so
  commands are answered while it talks;
- `session.commentary.append` gets `session.commentary.appended`, and the model passes the
  content on (`Script.live_relay`) once it has finished what it was saying;
  `session.thinking.append` and `session.instructions.append` are acknowledged; context that
  names a delegation the session does not have gets an `error`;
- `session.input_audio.mute` gets `session.input_audio.muted` (the model hears silence until
  `unmute`, answered by `unmuted`);
- `session.close` lets the model finish, sends `session.closed` with the usage and closes the
  connection. Other client events get an `error`, and so does a sideband's or another
  protocol's.

On `/v1/live/sessions/{session_id}/attach` it is a sideband connection to a Live session that a
primary connection has started and not yet closed (any other id gets HTTP 404):

- on attach, `session.started` with the session as it stands; then every event the session
  sends its primary connection but the primary's `error`s, and the caller's audio, as the server
  took it in (before any mute), as the server event `session.input_audio.append`;
- its commands (`session.instructions.append`, `session.thinking.append`,
  `session.commentary.append`, `session.input_audio.mute` and `unmute`) steer the session as the
  primary's do, and are answered on the sideband only. `session.start` and audio are not a
  sideband's to send and get an `error`, and so does any other command. When the session ends,
  the server closes the sideband too.

Each connection's traffic is logged (`ScriptedServer.connections`) so tests can compare what
was sent with what arrived. `python -m examples.scripted_server` runs it until interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import contextlib
import functools
import json
import math
import random
import re
import string
import sys
import time
import urllib.parse
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, NamedTuple, Protocol, TypeAlias, cast

import realtime_events as rt
import realtime_events.live as lv
import realtime_events.translation as tr
from websockets import http11
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from .server_events import Api, PartPlace, Shapes
from .wav import SAMPLE_RATE, SAMPLE_WIDTH, duration_seconds, speech_like

HOST = "127.0.0.1"  # loopback only: the server is for this machine's tests and examples
REALTIME_PATH = "/v1/realtime"
TRANSLATION_PATH = "/v1/realtime/translations"
LIVE_PATH = "/v1/live/sessions"
LIVE_ATTACH_PATH = re.compile(r"/v1/live/sessions/([^/]+)/attach")  # a sideband's, by session

DEFAULT_REPLY = (
    "I heard {seconds:.2f} seconds of your audio in {chunks} chunks. This is the scripted local"
    " server answering; set OPENAI_API_KEY to talk to a real model."
)
DEFAULT_TRANSLATION_MODEL = "gpt-realtime-translate"
DEFAULT_SOURCE_TEXT = "Good evening, and thank you all for coming to hear the scripted interpreter."
DEFAULT_TRANSLATIONS: Mapping[str, str] = {
    "de": "Guten Abend, und vielen Dank an alle, die gekommen sind, um den geskripteten"
    " Dolmetscher zu hören.",
    "en": DEFAULT_SOURCE_TEXT,
    "es": "Buenas noches, y gracias a todos por venir a escuchar al intérprete guionizado.",
    "fr": "Bonsoir, et merci à tous d'être venus écouter l'interprète scénarisé.",
}
DEFAULT_OUTPUT_LANGUAGE = "es"  # what a new translation session translates into
DEFAULT_LIVE_USER_TEXT = "Hi, can you fit my bike in for a brake check on Saturday morning?"
DEFAULT_LIVE_REPLY = "Sure, let me look at the workshop's diary for Saturday."
DEFAULT_LIVE_RELAY = "Thanks for waiting. {content}"


@dataclass(frozen=True)
class Script:
    """What the server says, and the faults it plays."""

    api: Api = "ga"
    reply: str = DEFAULT_REPLY
    """The transcript of every response; `{seconds}` and `{chunks}` are filled in with the
    committed audio's length and the number of appends it came in."""
    seconds_per_word: float = 0.3
    """How long the reply's audio lasts per word of the transcript; in a translation, how much
    source audio each word of either transcript stands for."""
    audio_chunk_ms: int = 100
    """The length of the audio in each audio delta."""
    interjections: tuple[str, ...] = ()
    """Realtime API: raw messages sent as they are in each response, right after
    `rate_limits.updated`."""
    hang_up_after: int | None = None
    """Drop the connection after this many messages (None: never): on the Realtime API, of a
    response; on the Live API, of the session, `session.started` included."""
    hang_up_code: int | None = 1011
    """The close code to hang up with; None drops the TCP connection with no closing handshake."""
    seed: int = 0
    """Seeds the ids, so a run can be repeated exactly."""
    source_text: str = DEFAULT_SOURCE_TEXT
    """Translation: what the client's audio is taken to say, the source transcript."""
    translations: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TRANSLATIONS))
    """Translation: `source_text` in each language the server translates into, by ISO-639-1
    code; a `session.update` that asks for another language is refused."""
    translation_lag_ms: int = 500
    """Translation: how far the translated speech trails the source audio, until
    `session.close` flushes the rest."""
    live_user_text: str = DEFAULT_LIVE_USER_TEXT
    """Live: what the user's audio is taken to say each time they speak (the input transcript;
    its words keep pace with the speech at `seconds_per_word`, the rest comes when it ends)."""
    live_reply: str = DEFAULT_LIVE_REPLY
    """Live: what the model says each time the user stops talking (with a client delegation,
    to cover the wait while the client does the work)."""
    live_relay: str = DEFAULT_LIVE_RELAY
    """Live: how the model passes on what a `session.commentary.append` tells it to;
    `{content}` is filled in."""
    live_silence_ms: int = 500
    """Live: how much silence after speech tells the server that the user has stopped."""

    def reply_to(self, seconds: float, chunks: int) -> tuple[str, bytes]:
        """The transcript and the 24 kHz PCM audio of the reply to `seconds` of committed audio
        that came in `chunks` appends."""
        transcript = self.reply.format(seconds=seconds, chunks=chunks)
        words = len(transcript.split(" "))
        return transcript, _reply_audio(round(words * self.seconds_per_word * 1000))

    def speech_for(self, text: str) -> bytes:
        """Live: the 24 kHz PCM audio of the model saying `text`, `seconds_per_word` a word."""
        return _reply_audio(round(len(text.split(" ")) * self.seconds_per_word * 1000))


class Sent(NamedTuple):
    """One message the server sent: its `type` and `event_id` (empty if it had none)."""

    type: str
    event_id: str


@dataclass
class ResponseLog:
    """What the server sent in one response."""

    response_id: str
    transcript: str
    audio: bytes
    status: str = "in_progress"


@dataclass
class TranslationLog:
    """What the server sent in a translation session."""

    source_transcript: str = ""  # the session.input_transcript.delta pieces, joined
    transcript: str = ""  # the session.output_transcript.delta pieces, joined
    audio: bytearray = field(default_factory=bytearray)  # the translated speech
    closed: bool = False  # session.closed was sent


@dataclass
class LiveLog:
    """What the server heard and said in a Live session."""

    session_id: str = ""  # once session.started was sent
    user_transcript: str = ""  # the session.input_transcript.delta pieces, joined
    model_transcript: str = ""  # the session.output_transcript.delta pieces, joined
    audio: bytearray = field(default_factory=bytearray)  # the model's speech
    delegations: list[str] = field(default_factory=list)  # ids, as handed off
    commentary: list[str] = field(default_factory=list)  # what the client asked to be said
    mutes: int = 0
    usage: lv.LiveSessionUsage | None = None  # as session.closed reported it
    closed: bool = False  # session.closed was sent


@dataclass
class ConnectionLog:
    """One connection's traffic, in order."""

    protocol: str = "realtime"  # or "translation" or "live", as the request's path chose
    sent: list[Sent] = field(default_factory=list)
    received: list[rt.ClientEvent | tr.TranslationClientEvent | lv.LiveClientEvent] = field(
        default_factory=list
    )
    refused: list[str] = field(default_factory=list)  # the message of every error sent back
    input_audio: bytearray = field(default_factory=bytearray)  # every byte appended
    responses: list[ResponseLog] = field(default_factory=list)  # Realtime API
    translation: TranslationLog | None = None  # translation
    live: LiveLog | None = None  # Live
    attached_to: str = ""  # a Live sideband: the id of the session it attached to
    messages_received: int = 0


class ScriptedServer:
    """Serves `script` on 127.0.0.1 (an ephemeral port unless `port` is given): the Realtime API
    at `url`, the Realtime Translation protocol at `translation_url`, the Live API at
    `live_url`.

    ```python
    async with ScriptedServer(Script(api="beta")) as server:
        async with websockets.asyncio.client.connect(server.url) as websocket: ...
    ```
    """

    def __init__(self, script: Script | None = None, *, port: int = 0) -> None:
        self.script = script or Script()
        self.connections: list[ConnectionLog] = []
        self._live: dict[str, _LiveSession] = {}  # the running Live sessions, by id
        self._port = port
        self._server: Server | None = None

    @property
    def url(self) -> str:
        """The Realtime API's endpoint."""
        return self.url_for(REALTIME_PATH)

    @property
    def translation_url(self) -> str:
        """The Realtime Translation protocol's endpoint."""
        return self.url_for(TRANSLATION_PATH)

    @property
    def live_url(self) -> str:
        """The Live API's endpoint (its primary connection)."""
        return self.url_for(LIVE_PATH)

    def sideband_url(self, session_id: str) -> str:
        """Where a sideband connection attaches to the Live session `session_id`."""
        return self.url_for(f"{LIVE_PATH}/{session_id}/attach")

    def url_for(self, path: str) -> str:
        """The URL of `path` on this server (the path of an API endpoint)."""
        if self._server is None:
            raise RuntimeError("the server is not running; use `async with ScriptedServer()`")
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://{HOST}:{port}{path}"

    async def __aenter__(self) -> ScriptedServer:
        # No compression: the local runs stay fast; a client that offers it still connects.
        self._server = await serve(
            self._serve,
            HOST,
            self._port,
            process_request=self._check_protocol,
            compression=None,
            max_size=16 * 2**20,  # the API takes appends of up to 15 MiB
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def _check_protocol(
        self, connection: ServerConnection, request: http11.Request
    ) -> http11.Response | None:
        """The path selects the protocol, as on the API. On the Realtime API's, the
        `OpenAI-Beta: realtime=v1` header selects the beta version; a client that asks for the
        other version than this server speaks is turned away."""
        path = urllib.parse.urlsplit(request.path).path
        if path in (TRANSLATION_PATH, LIVE_PATH):
            return None  # protocols without versions: no header to check
        attach = LIVE_ATTACH_PATH.fullmatch(path)
        if attach is not None:
            if attach[1] in self._live:
                return None
            return connection.respond(
                HTTPStatus.NOT_FOUND,
                f"No running Live session {attach[1]!r} to attach to: a sideband attaches to a"
                " session that has started (its id is in session.started) and not closed.\n",
            )
        if path != REALTIME_PATH:
            return connection.respond(
                HTTPStatus.NOT_FOUND,
                f"Not found: {path}. The scripted server serves {REALTIME_PATH} (Realtime API),"
                f" {TRANSLATION_PATH} (Realtime Translation) and {LIVE_PATH} (Live API).\n",
            )
        beta = "realtime=v1" in request.headers.get("OpenAI-Beta", "")
        if beta == (self.script.api == "beta"):
            return None
        if beta:
            reason = "it sent OpenAI-Beta: realtime=v1, but this scripted server speaks GA"
        else:
            reason = "this scripted server speaks beta: send the header OpenAI-Beta: realtime=v1"
        return connection.respond(HTTPStatus.BAD_REQUEST, f"Refused: {reason}.\n")

    async def _serve(self, websocket: ServerConnection) -> None:
        assert websocket.request is not None  # the handshake is over
        target = urllib.parse.urlsplit(websocket.request.path)
        session: _Connection
        if target.path == TRANSLATION_PATH:
            log = ConnectionLog(protocol="translation", translation=TranslationLog())
            query = urllib.parse.parse_qs(target.query)
            model = query.get("model", [DEFAULT_TRANSLATION_MODEL])[0]
            session = _TranslationSession(self.script, websocket, log, model=model)
        elif target.path == LIVE_PATH:
            log = ConnectionLog(protocol="live", live=LiveLog())
            session = _LiveSession(self.script, websocket, log, running=self._live)
        elif attach := LIVE_ATTACH_PATH.fullmatch(target.path):
            log = ConnectionLog(protocol="live", attached_to=attach[1])
            running = self._live.get(attach[1])
            if running is None:  # it closed during the handshake
                self.connections.append(log)
                await websocket.close(1008, f"Live session {attach[1]} is not running")
                return
            session = _LiveSideband(self.script, websocket, log, running)
        else:
            log = ConnectionLog()
            session = _RealtimeSession(self.script, websocket, log)
        self.connections.append(log)
        with contextlib.suppress(ConnectionClosed, _HungUp):
            await session.run()


# Token accounting for the usage of `response.done`: rough rates of the real models.
_INPUT_AUDIO_TOKENS_PER_SECOND = 10
_OUTPUT_AUDIO_TOKENS_PER_SECOND = 20
_TOKENS_RESERVED = 4096  # held against the token limit while a response runs
_MIN_COMMIT_SECONDS = 0.1  # the API refuses to commit less than 100 ms of audio
_ID_ALPHABET = string.ascii_letters + string.digits
_LIVE_SESSION_SECONDS = 3600  # how long a Live session may last
_LIVE_CONTEXT_TOKENS = 32_000  # the Live model's context window, for session.usage.updated
_SPEECH_LEVEL = 500  # a sample this loud or louder is speech (of 32767); below, silence


class _HungUp(Exception):
    """The script's hang-up happened: stop sending."""


class _ServerEvent(Protocol):
    """What sending needs of a server event, in any protocol."""

    @property
    def type(self) -> str: ...

    @property
    def event_id(self) -> str | None: ...

    def to_json(self) -> str: ...


class _Connection:
    """One connection, whatever its protocol: the read loop, ids, sending (and logging what was
    sent), and refusing a client event with the protocol's `error` event."""

    def __init__(self, script: Script, websocket: ServerConnection, log: ConnectionLog) -> None:
        self.script = script
        self.websocket = websocket
        self.log = log
        self.rng = random.Random(script.seed)
        self.event_id = functools.partial(self.new_id, "event")

    def new_id(self, prefix: str, length: int = 21) -> str:
        """An id shaped like the server's: a prefix and `length` letters and digits (21 on the
        Realtime API; the Live API's are shorter)."""
        return prefix + "_" + "".join(self.rng.choices(_ID_ALPHABET, k=length))

    async def run(self) -> None:
        await self._open()
        try:
            async for message in self.websocket:
                self.log.messages_received += 1
                await self._receive(message)
        finally:
            await self._stop()

    # -- what a protocol's session provides ----------------------------------------------------

    async def _open(self) -> None:
        """Send what the server says first on a new connection."""

    async def _receive(self, message: str | bytes) -> None:
        """Decode a client message and act on it."""
        raise NotImplementedError

    async def _stop(self) -> None:
        """The connection has ended: stop whatever runs on its own."""

    def _error(self, details: rt.ErrorDetails) -> _ServerEvent:
        """The protocol's `error` event carrying `details`."""
        raise NotImplementedError

    # -- shared by the protocols ---------------------------------------------------------------

    async def _refuse_undecodable(self, message: str | bytes, exc: rt.EventDecodeError) -> None:
        """Answer a message that is not a valid client event of this protocol."""
        code = "invalid_json" if exc.event_type is None else "invalid_value"
        param = exc.path or ("type" if exc.event_type else None)
        await self._refuse(_client_event_id(message), str(exc), code=code, param=param)

    async def _decode_audio(self, event_id: str | None, audio: str) -> bytes | None:
        """The PCM of an append's base64 `audio`; None, once refused, if it is not 16-bit PCM."""
        try:
            chunk = base64.b64decode(audio, validate=True)
        except binascii.Error:
            await self._refuse(
                event_id, "Invalid 'audio': not base64.", code="invalid_value", param="audio"
            )
            return None
        if len(chunk) % SAMPLE_WIDTH:
            await self._refuse(
                event_id,
                f"Invalid 'audio': {len(chunk)} bytes is not a whole number of 16-bit samples.",
                code="invalid_value",
                param="audio",
            )
            return None
        return chunk

    async def _hang_up(self) -> None:
        """The script's fault: close the connection (or drop it) in the middle of things."""
        if self.script.hang_up_code is None:
            self.websocket.transport.abort()  # the TCP connection drops: no closing handshake
        else:
            await self.websocket.close(self.script.hang_up_code, "scripted hang-up")
        raise _HungUp

    async def _refused_news(self, event_id: str | None, news: list[rt.UnknownField]) -> bool:
        """Refuse a client event that holds what the bindings do not know (a field, or a value
        of an open enum): a setting the protocol does not have is refused, not ignored."""
        if not news:
            return False
        first = news[0]
        if first.kind == "field":
            code, message = "unknown_parameter", f"Unknown parameter: '{first.path}'."
        else:
            code, message = "invalid_value", f"Invalid value for '{first.path}'."
        await self._refuse(event_id, message, code=code, param=first.path)
        return True

    async def _send(self, message: _ServerEvent | str) -> None:
        if isinstance(message, str):  # a scripted raw message, sent as it is
            await self.websocket.send(message)
            self.log.sent.append(_raw_identity(message))
            return
        await self.websocket.send(message.to_json())
        self.log.sent.append(Sent(message.type, message.event_id or ""))

    async def _refuse(
        self, client_event_id: str | None, message: str, *, code: str, param: str | None = None
    ) -> None:
        """Answer a client event the server will not act on, as the API does: with an error."""
        self.log.refused.append(message)
        await self._send(
            self._error(
                rt.ErrorDetails(
                    type="invalid_request_error",
                    code=code,
                    message=message,
                    param=param,
                    event_id=client_event_id,
                )
            )
        )


class _RealtimeSession(_Connection):
    """A Realtime API connection: the session settings, the input buffer, the conversation,
    and the response under way."""

    def __init__(self, script: Script, websocket: ServerConnection, log: ConnectionLog) -> None:
        super().__init__(script, websocket, log)
        self.shapes = Shapes(script.api)
        self.settings = self.shapes.new_session(self.new_id("sess"))
        self.conversation_id = self.new_id("conv")
        self.buffer = bytearray()
        self.appends = 0
        self.last_item: str | None = None
        self.heard = (0.0, 0)  # the last committed audio: seconds, appends
        self.context_tokens = len(str(self.settings.get("instructions", ""))) // 4
        self.remaining = {"requests": 10_000, "tokens": 2_000_000}
        self.active: asyncio.Task[None] | None = None
        self.cancel = asyncio.Event()

    async def _open(self) -> None:
        session = self.shapes.session(self.settings)
        await self._send(rt.SessionCreatedEvent(event_id=self.event_id(), session=session))
        conversation = rt.Conversation(id=self.conversation_id, object="realtime.conversation")
        await self._send(
            rt.ConversationCreatedEvent(event_id=self.event_id(), conversation=conversation)
        )

    async def _stop(self) -> None:
        if self.active is not None:
            self.active.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed, _HungUp):
                await self.active

    def _error(self, details: rt.ErrorDetails) -> rt.ErrorEvent:
        return rt.ErrorEvent(event_id=self.event_id(), error=details)

    # -- what the client sends -----------------------------------------------------------------

    async def _receive(self, message: str | bytes) -> None:
        try:
            event = rt.parse_client_event(message, strict=True)
        except rt.EventDecodeError as exc:
            await self._refuse_undecodable(message, exc)
            return
        self.log.received.append(event)
        match event:
            case rt.SessionUpdateEvent():
                await self._update_session(event)
            case rt.InputAudioBufferAppendEvent():
                await self._append(event)
            case rt.InputAudioBufferCommitEvent():
                await self._commit(event)
            case rt.InputAudioBufferClearEvent():
                self.buffer.clear()
                self.appends = 0
                await self._send(rt.InputAudioBufferClearedEvent(event_id=self.event_id()))
            case rt.ConversationItemCreateEvent():
                await self._add_item(event.item, event.previous_item_id)
            case rt.ResponseCreateEvent():
                await self._start_response(event)
            case rt.ResponseCancelEvent():
                if self.active is None or self.active.done():
                    await self._refuse(
                        event.event_id,
                        "There is no response in progress to cancel.",
                        code="response_cancel_not_active",
                    )
                else:
                    self.cancel.set()
            case _:
                await self._refuse(
                    event.event_id,
                    f"The scripted server does not act on {event.type}.",
                    code="unsupported_event",
                    param="type",
                )

    async def _update_session(self, event: rt.SessionUpdateEvent) -> None:
        refusal = self.shapes.refuse_session(event.session)
        if refusal is not None:
            code, message = refusal
            await self._refuse(event.event_id, message, code=code, param="session.type")
            return
        update = {key: value for key, value in event.session.to_dict().items() if key != "type"}
        merged = _merge(self.settings, update)
        problem = self.shapes.unsupported_audio(merged)
        if problem is not None:
            param, message = problem
            await self._refuse(event.event_id, message, code="invalid_value", param=param)
            return
        self.settings = merged
        session = self.shapes.session(self.settings)
        await self._send(rt.SessionUpdatedEvent(event_id=self.event_id(), session=session))

    async def _append(self, event: rt.InputAudioBufferAppendEvent) -> None:
        chunk = await self._decode_audio(event.event_id, event.audio)
        if chunk is None:
            return
        self.buffer += chunk
        self.appends += 1
        self.log.input_audio += chunk

    async def _commit(self, event: rt.InputAudioBufferCommitEvent) -> None:
        seconds = duration_seconds(bytes(self.buffer))
        if seconds < _MIN_COMMIT_SECONDS:
            await self._refuse(
                event.event_id,
                f"Cannot commit the input audio buffer: it holds {seconds * 1000:.0f} ms of"
                f" audio, and at least {_MIN_COMMIT_SECONDS * 1000:.0f} ms are needed.",
                code="input_audio_buffer_commit_empty",
            )
            return
        self.heard = (seconds, self.appends)
        self.context_tokens += round(seconds * _INPUT_AUDIO_TOKENS_PER_SECOND)
        self.buffer.clear()
        self.appends = 0
        item_id = self.new_id("item")
        await self._send(
            rt.InputAudioBufferCommittedEvent(
                event_id=self.event_id(), previous_item_id=self.last_item, item_id=item_id
            )
        )
        item = rt.UserMessageItem(
            id=item_id,
            object="realtime.item",
            status="completed",
            content=(rt.InputAudioContent(transcript=None),),
        )
        await self._add_item(item, rt.MISSING)

    async def _add_item(self, item: rt.ConversationItem, after: str | None | rt.Missing) -> None:
        """Place an item in the conversation (after `after`, else last) and announce it."""
        if getattr(item, "id", "") is None:
            item = _with(item, id=self.new_id("item"), object="realtime.item")
        previous = self.last_item if after is rt.MISSING else after
        self.last_item = getattr(item, "id", None) or self.last_item
        await self._send(self.shapes.item_added(item, previous, self.event_id))
        for done in self.shapes.item_done(item, previous, self.event_id):
            await self._send(done)

    # -- responding ----------------------------------------------------------------------------

    async def _start_response(self, event: rt.ResponseCreateEvent) -> None:
        if self.active is not None and not self.active.done():
            running = self.log.responses[-1].response_id
            await self._refuse(
                event.event_id,
                f"Response {running} is still in progress; wait for its response.done before"
                " asking for another.",
                code="conversation_already_has_active_response",
            )
            return
        self.cancel.clear()
        self.active = asyncio.create_task(self._stream_response())

    async def _stream_response(self) -> None:
        transcript, audio = self.script.reply_to(*self.heard)
        record = ResponseLog(self.new_id("resp"), transcript, audio)
        self.log.responses.append(record)
        try:
            for count, message in enumerate(self._response_messages(record)):
                if count == self.script.hang_up_after:
                    await self._hang_up()
                await self._send(message)
                await asyncio.sleep(0)  # let the reader take a cancel or a second request
        except (ConnectionClosed, _HungUp):
            return

    def _response_messages(self, record: ResponseLog) -> Iterator[rt.ServerEvent | str]:
        """The messages of one response, built as they are sent, so a cancel stops the deltas;
        `record` ends up holding what was actually sent."""
        shapes, event_id = self.shapes, self.event_id
        item_id = self.new_id("item")
        previous, self.last_item = self.last_item, item_id
        step = self.script.audio_chunk_ms * SAMPLE_RATE * SAMPLE_WIDTH // 1000
        chunks = [record.audio[i : i + step] for i in range(0, len(record.audio), step)]
        words = record.transcript.split(" ")
        pieces = [words[0], *(" " + word for word in words[1:])]
        place = PartPlace(
            response_id=record.response_id, item_id=item_id, output_index=0, content_index=0
        )

        yield rt.ResponseCreatedEvent(
            event_id=event_id(), response=self._response(record, "in_progress", ())
        )
        yield self._rate_limits()
        yield from self.script.interjections
        started = rt.AssistantMessageItem(
            id=item_id, object="realtime.item", status="in_progress", content=()
        )
        yield rt.ResponseOutputItemAddedEvent(
            event_id=event_id(), response_id=record.response_id, output_index=0, item=started
        )
        yield shapes.item_added(started, previous, event_id)
        yield rt.ResponseContentPartAddedEvent(
            event_id=event_id(), **place, part=rt.ResponseContentPart(type="audio", transcript="")
        )
        said: list[str] = []
        spoken = bytearray()
        for index, chunk in enumerate(chunks):
            if self.cancel.is_set():
                break
            # the transcript runs a little ahead of the audio, as the API's does
            while len(said) < len(pieces) and len(said) * len(chunks) <= index * len(pieces):
                said.append(pieces[len(said)])
                yield shapes.transcript_delta(place, said[-1], event_id)
            spoken += chunk
            yield shapes.audio_delta(place, chunk, event_id)
        if not self.cancel.is_set():
            for piece in pieces[len(said) :]:
                said.append(piece)
                yield shapes.transcript_delta(place, piece, event_id)
        status = "cancelled" if self.cancel.is_set() else "completed"
        record.transcript, record.audio, record.status = "".join(said), bytes(spoken), status

        yield shapes.audio_done(place, event_id)
        yield shapes.transcript_done(place, record.transcript, event_id)
        yield rt.ResponseContentPartDoneEvent(
            event_id=event_id(),
            **place,
            part=rt.ResponseContentPart(type="audio", transcript=record.transcript),
        )
        finished = rt.AssistantMessageItem(
            id=item_id,
            object="realtime.item",
            status="completed" if status == "completed" else "incomplete",
            content=(shapes.spoken_content(record.transcript),),
        )
        yield rt.ResponseOutputItemDoneEvent(
            event_id=event_id(), response_id=record.response_id, output_index=0, item=finished
        )
        yield from shapes.item_done(finished, previous, event_id)
        usage = self._usage(len(said), duration_seconds(record.audio))
        yield rt.ResponseDoneEvent(
            event_id=event_id(), response=self._response(record, status, (finished,), usage)
        )

    def _response(
        self,
        record: ResponseLog,
        status: str,
        output: tuple[rt.ConversationItem, ...],
        usage: rt.Usage | None = None,
    ) -> rt.Response:
        return self.shapes.response(
            self.settings,
            response_id=record.response_id,
            conversation_id=self.conversation_id,
            status=status,
            output=output,
            usage=usage,
        )

    def _rate_limits(self) -> rt.RateLimitsUpdatedEvent:
        self.remaining["requests"] -= 1
        self.remaining["tokens"] -= _TOKENS_RESERVED
        limits = (("requests", 10_000, 0.006), ("tokens", 2_000_000, 0.123))
        return rt.RateLimitsUpdatedEvent(
            event_id=self.event_id(),
            rate_limits=tuple(
                rt.RateLimit(
                    name=name, limit=limit, remaining=self.remaining[name], reset_seconds=reset
                )
                for name, limit, reset in limits
            ),
        )

    def _usage(self, words: int, output_seconds: float) -> rt.Usage:
        audio_in = round(self.heard[0] * _INPUT_AUDIO_TOKENS_PER_SECOND)
        text_in = max(0, self.context_tokens - audio_in)
        cached = text_in // 64 * 64 if len(self.log.responses) > 1 else 0  # in 64-token blocks
        text_out = round(words * 1.3)
        audio_out = round(output_seconds * _OUTPUT_AUDIO_TOKENS_PER_SECOND)
        self.remaining["tokens"] += _TOKENS_RESERVED - (text_out + audio_out)  # the unused part
        self.context_tokens += text_out + audio_out
        return self.shapes.usage(
            text_in=text_in,
            audio_in=audio_in,
            cached=cached,
            text_out=text_out,
            audio_out=audio_out,
        )


class _TranslationSession(_Connection):
    """A Realtime Translation connection: the session settings, and how much of the source has
    been heard, transcribed and translated."""

    def __init__(
        self, script: Script, websocket: ServerConnection, log: ConnectionLog, *, model: str
    ) -> None:
        super().__init__(script, websocket, log)
        assert log.translation is not None
        self.record = log.translation
        session = tr.TranslationSession(
            id=self.new_id("sess"),
            expires_at=int(time.time()) + 1800,
            model=model,
            audio=tr.TranslationAudio(
                input=tr.TranslationAudioInput(transcription=None, noise_reduction=None),
                output=tr.TranslationAudioOutput(language=DEFAULT_OUTPUT_LANGUAGE),
            ),
        )
        self.settings = cast(dict[str, Any], session.to_dict())  # a session.update merges in
        self.heard = 0  # bytes of source audio received
        self.translated = 0  # bytes of it spoken in the target language
        self.source_pieces = 0  # pieces of each transcript reached (sent, or skipped)
        self.target_pieces = 0
        self.closing = False

    async def _open(self) -> None:
        await self._send(
            tr.TranslationSessionCreatedEvent(event_id=self.event_id(), session=self._session())
        )

    def _session(self) -> tr.TranslationSession:
        return tr.TranslationSession.from_dict(self.settings)

    def _error(self, details: rt.ErrorDetails) -> tr.TranslationErrorEvent:
        return tr.TranslationErrorEvent(event_id=self.event_id(), error=details)

    # -- what the client sends -----------------------------------------------------------------

    async def _receive(self, message: str | bytes) -> None:
        if self.closing:
            return  # after session.close the server only finishes and hangs up
        try:
            event = tr.parse_client_event(message, strict=True)
        except rt.EventDecodeError as exc:  # a Realtime API event included: not this protocol's
            await self._refuse_undecodable(message, exc)
            return
        self.log.received.append(event)
        match event:
            case tr.TranslationSessionUpdateEvent():
                await self._update_session(event)
            case tr.TranslationSessionInputAudioBufferAppendEvent():
                chunk = await self._decode_audio(event.event_id, event.audio)
                if chunk is not None:
                    self.heard += len(chunk)
                    self.log.input_audio += chunk
                    await self._translate(final=False)
            case tr.TranslationSessionCloseEvent():
                await self._close()

    async def _update_session(self, event: tr.TranslationSessionUpdateEvent) -> None:
        # A field the bindings do not know is a setting this protocol does not have (the
        # `type` or `instructions` of a Realtime API session, say).
        if await self._refused_news(event.event_id, tr.unknown_fields(event)):
            return
        merged = _merge(self.settings, cast(dict[str, Any], event.session.to_dict()))
        language = merged["audio"].get("output", {}).get("language")
        if language not in self.script.translations:
            languages = ", ".join(sorted(self.script.translations))
            await self._refuse(
                event.event_id,
                f"Unsupported output language {language!r}: the scripted server translates"
                f" into {languages}.",
                code="invalid_value",
                param="session.audio.output.language",
            )
            return
        self.settings = merged
        await self._send(
            tr.TranslationSessionUpdatedEvent(event_id=self.event_id(), session=self._session())
        )

    async def _close(self) -> None:
        """Finish translating what was heard, say so, and hang up."""
        self.closing = True
        await self._translate(final=True)
        await self._send(tr.TranslationSessionClosedEvent(event_id=self.event_id()))
        self.record.closed = True
        await self.websocket.close()

    # -- interpreting --------------------------------------------------------------------------

    async def _translate(self, *, final: bool) -> None:
        """Send what is due of both transcripts and of the translated speech: what the audio
        heard so far allows, or (`final`) all of it."""
        word = _pcm_bytes(self.script.seconds_per_word * 1000)  # source audio per word
        step = _pcm_bytes(self.script.audio_chunk_ms)
        # the source transcript keeps pace with the audio: each word once its audio begins
        source = _pieces(self.script.source_text)
        while self.source_pieces < len(source) and (
            final or self.source_pieces * word < self.heard
        ):
            piece, at = source[self.source_pieces], min(self.source_pieces * word, self.heard)
            self.source_pieces += 1
            if self._transcribing():
                self.record.source_transcript += piece
                await self._send(
                    tr.TranslationSessionInputTranscriptDeltaEvent(
                        event_id=self.event_id(), delta=piece, elapsed_ms=_pcm_ms(at)
                    )
                )
        # the translation trails the source by the lag, in whole chunks until the end
        ready = self.heard if final else self.heard - _pcm_bytes(self.script.translation_lag_ms)
        while self.translated < ready and (final or ready - self.translated >= step):
            end = min(self.translated + step, ready)
            await self._say(word, final=False)
            chunk = _voice_between(self.translated, end)
            self.record.audio += chunk
            await self._send(
                tr.TranslationSessionOutputAudioDeltaEvent(
                    event_id=self.event_id(),
                    delta=base64.b64encode(chunk).decode("ascii"),
                    sample_rate=SAMPLE_RATE,
                    channels=1,
                    format="pcm16",
                    elapsed_ms=_pcm_ms(self.translated),
                )
            )
            self.translated = end
        if final:
            await self._say(word, final=True)

    async def _say(self, word: int, *, final: bool) -> None:
        """The translation's transcript: each word just before its audio, as the API's runs a
        little ahead; at the end, the rest."""
        target = _pieces(self.script.translations.get(self._language(), self.script.source_text))
        while self.target_pieces < len(target) and (
            final or self.target_pieces * word <= self.translated
        ):
            piece, at = target[self.target_pieces], min(self.target_pieces * word, self.heard)
            self.target_pieces += 1
            self.record.transcript += piece
            await self._send(
                tr.TranslationSessionOutputTranscriptDeltaEvent(
                    event_id=self.event_id(), delta=piece, elapsed_ms=_pcm_ms(at)
                )
            )

    def _transcribing(self) -> bool:
        return (self.settings["audio"].get("input") or {}).get("transcription") is not None

    def _language(self) -> str:
        language = (self.settings["audio"].get("output") or {}).get("language")
        return language if isinstance(language, str) else DEFAULT_OUTPUT_LANGUAGE


class _Turn:
    """The user's speech under way on a Live connection, in bytes of the session's input."""

    def __init__(self, start: int) -> None:
        self.start = start  # where the speech began
        self.until = start  # where its last loud sample ends, so far
        self.words = 0  # pieces of the transcript sent


class _LiveSession(_Connection):
    """A Live API connection: nothing but `session.start` until the session has started; then
    the user's audio, heard as it comes (the input audio is the session's clock), and the
    model's speech, streamed by tasks so that commands are answered while it talks."""

    def __init__(
        self,
        script: Script,
        websocket: ServerConnection,
        log: ConnectionLog,
        *,
        running: dict[str, _LiveSession],
    ) -> None:
        super().__init__(script, websocket, log)
        assert log.live is not None
        self.record = log.live
        self.running = running  # the server's running sessions: this one, once started
        self.sidebands: list[_LiveSideband] = []  # attached to this session, in order
        self.event_id = functools.partial(self.new_id, "event", 20)
        self.session: lv.LiveSession | None = None
        self.heard = 0  # bytes of input audio received since the session started
        self.turn: _Turn | None = None  # the user is talking
        self.muted = False
        self.delegations: dict[str, str] = {}  # the session's delegations: id to target
        self.speaking: asyncio.Task[None] | None = None  # the last utterance queued
        self.utterances: set[asyncio.Task[None]] = set()
        self.spoken_until = 0  # ms: where the model's speech queued so far ends
        self.spoken_ms = 0  # ms of the model's speech sent
        self.closing = False

    async def _stop(self) -> None:
        for task in list(self.utterances):
            task.cancel()
        if self.utterances:
            await asyncio.wait(self.utterances)
        if self.session is not None:
            self.running.pop(self.session.id, None)
        ended = (1000, "the session closed") if self.record.closed else (1011, "the session ended")
        for sideband in list(self.sidebands):
            await sideband.websocket.close(*ended)

    def _error(self, details: rt.ErrorDetails) -> lv.LiveErrorEvent:
        return _live_error(details, self.event_id())

    async def _send(self, message: _ServerEvent | str) -> None:
        """Send on the primary connection; every event but an error goes to the sidebands too."""
        if len(self.log.sent) == self.script.hang_up_after:
            await self._hang_up()
        await super()._send(message)
        if not isinstance(message, str) and message.type != "error":
            for sideband in list(self.sidebands):
                await sideband.forward(message)

    # -- what the client sends -----------------------------------------------------------------

    async def _receive(self, message: str | bytes) -> None:
        if self.closing:
            return  # after session.close the server only finishes and hangs up
        try:
            event = lv.parse_client_event(message, strict=True, connection="primary")
        except rt.EventDecodeError as exc:  # another protocol's event, or a sideband's
            await self._refuse_undecodable(message, exc)
            return
        self.log.received.append(event)
        culprit = event.event_id or None
        if self.session is None and not isinstance(event, lv.LiveSessionStartEvent):
            await self._refuse(
                culprit,
                "The first event on a Live connection must be session.start.",
                code="session_not_started",
            )
            return
        match event:
            case lv.LiveSessionStartEvent():
                await self._start(event)
            case lv.LiveSessionInputAudioAppendEvent():
                chunk = await self._decode_audio(culprit, event.audio)
                if chunk is not None:
                    await self._hear(chunk)
            case (
                lv.LiveSessionInputAudioMuteEvent()
                | lv.LiveSessionInputAudioUnmuteEvent()
                | lv.LiveSessionCommentaryAppendEvent()
                | lv.LiveSessionThinkingAppendEvent()
                | lv.LiveSessionInstructionsAppendEvent()
            ):
                await self.steer(event, self)
            case lv.LiveSessionCloseEvent():
                await self._close(culprit)
            case _:
                await self._refuse(
                    culprit,
                    f"The scripted server does not act on {event.type}.",
                    code="unsupported_event",
                    param="type",
                )

    async def steer(self, event: _Steering, via: _Connection) -> None:
        """Act on a command that steers the session, from the primary connection or a sideband
        (`via`), and answer it there."""
        culprit = event.event_id or None
        match event:
            case lv.LiveSessionInputAudioMuteEvent():
                self.muted = True
                self.record.mutes += 1
                await via._send(
                    lv.LiveSessionInputAudioMutedEvent(
                        event_id=via.event_id(), client_event_id=culprit
                    )
                )
            case lv.LiveSessionInputAudioUnmuteEvent():
                self.muted = False
                await via._send(
                    lv.LiveSessionInputAudioUnmutedEvent(
                        event_id=via.event_id(), client_event_id=culprit
                    )
                )
            case lv.LiveSessionCommentaryAppendEvent():
                if await self._known_delegation(culprit, event.delegation_id, via):
                    now = self._now_ms()
                    self.record.commentary.append(event.content)
                    await via._send(
                        lv.LiveSessionCommentaryAppendedEvent(
                            event_id=via.event_id(),
                            start_ms=now,
                            end_ms=now,
                            client_event_id=culprit,
                        )
                    )
                    self._speak(self.script.live_relay.format(content=event.content), now)
            case lv.LiveSessionThinkingAppendEvent():
                if await self._known_delegation(culprit, event.delegation_id, via):
                    now = self._now_ms()
                    await via._send(
                        lv.LiveSessionThinkingAppendedEvent(
                            event_id=via.event_id(),
                            start_ms=now,
                            end_ms=now,
                            client_event_id=culprit,
                        )
                    )
            case lv.LiveSessionInstructionsAppendEvent():
                if await self._known_delegation(culprit, event.delegation_id, via):
                    now = self._now_ms()
                    await via._send(
                        lv.LiveSessionInstructionsAppendedEvent(
                            event_id=via.event_id(),
                            start_ms=now,
                            end_ms=now,
                            client_event_id=culprit,
                        )
                    )

    async def _start(self, event: lv.LiveSessionStartEvent) -> None:
        culprit = event.event_id or None
        if self.session is not None:
            await self._refuse(
                culprit,
                f"Session {self.session.id} has already started.",
                code="session_already_started",
            )
            return
        if await self._refused_news(culprit, lv.unknown_fields(event)):
            return
        request = event.session
        if request.model is None:
            await self._refuse(
                culprit,
                "Missing required parameter: 'session.model'.",
                code="missing_required_parameter",
                param="session.model",
            )
            return
        audio = request.audio or lv.LiveAudioSettings()
        pcm = lv.LivePcmAudioFormat(rate=SAMPLE_RATE)
        if audio.format is not None and audio.format != pcm:
            await self._refuse(
                culprit,
                "The scripted server streams 16-bit PCM at 24 kHz only (audio/pcm, rate 24000).",
                code="invalid_value",
                param="session.audio.format",
            )
            return
        delegation = request.delegation or None
        if delegation is not None and not isinstance(delegation, lv.LiveClientDelegation):
            await self._refuse(
                culprit,
                "The scripted server delegates to the client only:"
                f" {_kind(delegation.to_dict())!r} is not served.",
                code="invalid_value",
                param="session.delegation.type",
            )
            return
        voice = audio.output.voice if audio.output is not None else None
        self.session = lv.LiveSession(
            id=self.new_id("live_u0", 20),
            expires_at=int(time.time()) + _LIVE_SESSION_SECONDS,
            model=request.model,
            status="active",
            audio=lv.LiveAudioSettings(
                format=pcm, output=lv.LiveAudioOutput(voice=voice or "marin")
            ),
            delegation=delegation,
            input=request.input or (),
            instructions=request.instructions or None,
            safety_identifier=request.safety_identifier,
            store=bool(request.store),
            triggers=request.triggers or (),
        )
        self.record.session_id = self.session.id
        self.running[self.session.id] = self  # sidebands may attach from now on
        await self._send(
            lv.LiveSessionStartedEvent(
                event_id=self.event_id(), session=self.session, client_event_id=culprit
            )
        )

    async def _known_delegation(
        self, culprit: str | None, delegation_id: str | None, via: _Connection
    ) -> bool:
        """Whether context names the whole session (None) or one of its delegations; refused
        on `via` if not."""
        if delegation_id is None or delegation_id in self.delegations:
            return True
        await via._refuse(
            culprit,
            f"Unknown delegation '{delegation_id}'.",
            code="invalid_value",
            param="delegation_id",
        )
        return False

    async def _close(self, culprit: str | None) -> None:
        """Finish what the user and the model were saying, say why the session ended, and hang
        up."""
        self.closing = True
        if self.turn is not None:
            await self._transcribe(self.turn, final=True)
        if self.speaking is not None:
            await asyncio.wait({self.speaking})
        assert self.session is not None
        usage = self._usage()
        self.record.usage = usage
        await self._send(
            lv.LiveSessionClosedEvent(
                event_id=self.event_id(),
                reason="close_requested",
                session=self.session,
                usage=usage,
                client_event_id=culprit,
            )
        )
        self.record.closed = True
        await self.websocket.close()

    # -- listening -----------------------------------------------------------------------------

    async def _hear(self, chunk: bytes) -> None:
        """Take in a chunk of the user's audio: the transcript keeps pace with the speech, and
        `Script.live_silence_ms` of silence after it ends the user's turn."""
        start = self.heard
        self.heard += len(chunk)
        self.log.input_audio += chunk
        for sideband in list(self.sidebands):  # what the server took in, before any mute
            await sideband.forward(
                lv.LiveSessionInputAudioEchoEvent(
                    event_id=sideband.event_id(), audio=base64.b64encode(chunk).decode("ascii")
                )
            )
        loud = None if self.muted else _loud_span(chunk)  # muted, the model hears silence
        if loud is not None:
            if self.turn is None:
                self.turn = _Turn(start + loud[0])
            self.turn.until = start + loud[1]
        turn = self.turn
        if turn is None:
            return
        ended = self.heard - turn.until >= _pcm_bytes(self.script.live_silence_ms)
        await self._transcribe(turn, final=ended)
        if ended:
            self.turn = None
            await self._answer(turn)

    async def _transcribe(self, turn: _Turn, *, final: bool) -> None:
        """Send the user's words whose speech has begun, or (`final`) all of them."""
        word = _pcm_bytes(self.script.seconds_per_word * 1000)
        pieces = _pieces(self.script.live_user_text)
        if self.record.user_transcript:
            pieces[0] = " " + pieces[0]  # a new turn goes on from the last one
        while turn.words < len(pieces) and (final or turn.start + turn.words * word < turn.until):
            start = min(turn.start + turn.words * word, turn.until)
            end = min(start + word, turn.until)
            piece = pieces[turn.words]
            turn.words += 1
            self.record.user_transcript += piece
            await self._send(
                lv.LiveSessionInputTranscriptDeltaEvent(
                    event_id=self.event_id(),
                    delta=piece,
                    start_ms=_pcm_ms(start),
                    end_ms=_pcm_ms(end),
                )
            )

    async def _answer(self, turn: _Turn) -> None:
        """The user has stopped: with a client delegation the model hands the work off, then
        says something to cover the wait (after the delegation's acknowledgement delay)."""
        assert self.session is not None
        at = _pcm_ms(turn.until)
        delegation = self.session.delegation
        if isinstance(delegation, lv.LiveClientDelegation):
            info = lv.LiveDelegationInfo(
                type="delegation", id=self.new_id("dlg", 16), target="client"
            )
            self.delegations[info.id] = info.target
            self.record.delegations.append(info.id)
            await self._send(
                lv.LiveSessionDelegationCreatedEvent(
                    event_id=self.event_id(), delegation=info, offset_ms=at
                )
            )
            at += delegation.acknowledgement_delay_ms or 0
        self._speak(self.script.live_reply, at)

    # -- speaking ------------------------------------------------------------------------------

    def _speak(self, text: str, at_ms: int) -> None:
        """Queue an utterance: it starts at `at_ms` on the timeline, or once the model has
        finished what it was saying."""
        task = asyncio.create_task(self._utter(text, at_ms, after=self.speaking))
        self.speaking = task
        self.utterances.add(task)
        task.add_done_callback(self.utterances.discard)

    async def _utter(self, text: str, at_ms: int, *, after: asyncio.Task[None] | None) -> None:
        if after is not None:
            await asyncio.wait({after})
        if self.websocket.close_code is not None:
            return  # the connection is gone: nobody to talk to
        audio = self.script.speech_for(text)
        start = max(at_ms, self.spoken_until)
        length = _pcm_ms(len(audio))
        self.spoken_until = start + length
        pieces = _pieces(text)
        if self.record.model_transcript:
            pieces[0] = " " + pieces[0]
        step = _pcm_bytes(self.script.audio_chunk_ms)
        chunks = [audio[i : i + step] for i in range(0, len(audio), step)]
        said = 0
        try:
            for index, chunk in enumerate(chunks):
                # the transcript runs a little ahead of the audio, as on the Realtime API
                while said < len(pieces) and said * len(chunks) <= index * len(pieces):
                    await self._say(
                        pieces[said], start + said * length // len(pieces), length // len(pieces)
                    )
                    said += 1
                self.record.audio += chunk
                self.spoken_ms += _pcm_ms(len(chunk))
                await self._send(
                    lv.LiveSessionOutputAudioDeltaEvent(
                        event_id=self.event_id(), delta=base64.b64encode(chunk).decode("ascii")
                    )
                )
                await asyncio.sleep(0)  # let the reader answer commands meanwhile
            for index in range(said, len(pieces)):
                await self._say(
                    pieces[index], start + index * length // len(pieces), length // len(pieces)
                )
            await self._send(
                lv.LiveSessionUsageUpdatedEvent(
                    event_id=self.event_id(),
                    usage=self._usage(),
                    context_window=lv.LiveContextWindow(usage_ratio=self._context_ratio()),
                )
            )
        except (ConnectionClosed, _HungUp):
            return

    async def _say(self, piece: str, start_ms: int, length_ms: int) -> None:
        self.record.model_transcript += piece
        await self._send(
            lv.LiveSessionOutputTranscriptDeltaEvent(
                event_id=self.event_id(),
                delta=piece,
                start_ms=start_ms,
                end_ms=start_ms + length_ms,
            )
        )

    # -- accounting ----------------------------------------------------------------------------

    def _now_ms(self) -> int:
        """Where the session is on its timeline: the input audio is its clock."""
        return _pcm_ms(self.heard)

    def _usage(self) -> lv.LiveSessionUsage:
        seconds = max(self._now_ms(), self.spoken_until) / 1000
        return lv.LiveSessionUsage(
            seconds=round(seconds, 2), active_seconds=math.floor(seconds), paused_seconds=0
        )

    def _context_ratio(self) -> float:
        tokens = (
            self._now_ms() * _INPUT_AUDIO_TOKENS_PER_SECOND
            + self.spoken_ms * _OUTPUT_AUDIO_TOKENS_PER_SECOND
        ) // 1000
        return round(min(1.0, tokens / _LIVE_CONTEXT_TOKENS), 4)


class _LiveSideband(_Connection):
    """A sideband connection, attached to a running Live session: it is told the session
    (`session.started`), then sees what the session does and hears the caller's audio; its
    commands steer the session and are answered here only. It neither starts the session nor
    streams audio in."""

    def __init__(
        self, script: Script, websocket: ServerConnection, log: ConnectionLog, to: _LiveSession
    ) -> None:
        super().__init__(script, websocket, log)
        self.to = to
        # ids of its own: not the primary's sequence again
        self.rng = random.Random(f"{script.seed}/{log.attached_to}/{len(to.sidebands)}")
        self.event_id = functools.partial(self.new_id, "event", 20)

    async def _open(self) -> None:
        assert self.to.session is not None  # only a started session is running
        self.to.sidebands.append(self)
        await self._send(
            lv.LiveSessionStartedEvent(event_id=self.event_id(), session=self.to.session)
        )

    async def _stop(self) -> None:
        if self in self.to.sidebands:
            self.to.sidebands.remove(self)

    def _error(self, details: rt.ErrorDetails) -> lv.LiveErrorEvent:
        return _live_error(details, self.event_id())

    async def forward(self, event: _ServerEvent) -> None:
        """Pass on what the session does; a sideband that has gone misses it, nothing more."""
        with contextlib.suppress(ConnectionClosed):
            await self._send(event)

    async def _receive(self, message: str | bytes) -> None:
        try:
            event = lv.parse_client_event(message, strict=True, connection="sideband")
        except rt.EventDecodeError as exc:
            if exc.event_type in lv.CLIENT_EVENT_TYPES and not exc.path:  # not a sideband's
                await self._refuse(
                    _client_event_id(message),
                    f"A sideband connection does not send {exc.event_type}: it attaches to a"
                    " session that is already running and hears the caller's audio, but the"
                    " primary connection starts the session and streams the audio in.",
                    code="invalid_value",
                    param="type",
                )
            else:
                await self._refuse_undecodable(message, exc)
            return
        self.log.received.append(event)
        if self.to.closing:
            return  # the session is finishing: the server closes this connection soon
        match event:
            case (
                lv.LiveSessionInputAudioMuteEvent()
                | lv.LiveSessionInputAudioUnmuteEvent()
                | lv.LiveSessionCommentaryAppendEvent()
                | lv.LiveSessionThinkingAppendEvent()
                | lv.LiveSessionInstructionsAppendEvent()
            ):
                await self.to.steer(event, self)
            case _:
                await self._refuse(
                    event.event_id or None,
                    f"The scripted server does not act on {event.type} from a sideband.",
                    code="unsupported_event",
                    param="type",
                )


# The commands that steer a Live session, from its primary connection or a sideband.
_Steering: TypeAlias = (
    lv.LiveSessionInputAudioMuteEvent
    | lv.LiveSessionInputAudioUnmuteEvent
    | lv.LiveSessionCommentaryAppendEvent
    | lv.LiveSessionThinkingAppendEvent
    | lv.LiveSessionInstructionsAppendEvent
)


def _live_error(details: rt.ErrorDetails, event_id: str) -> lv.LiveErrorEvent:
    """The Live API's `error` event carrying `details`."""
    culprit = details.event_id or None
    return lv.LiveErrorEvent(
        event_id=event_id,
        client_event_id=culprit,
        error=lv.LiveError(
            type=details.type,
            code=details.code or "invalid_request",
            message=details.message,
            param=details.param or None,
            client_event_id=culprit,
        ),
    )


def _loud_span(chunk: bytes) -> tuple[int, int] | None:
    """Where speech is in a chunk of 16-bit PCM: the byte offsets of its first loud sample and
    of the end of its last one; None if it is all silence."""
    samples = array("h", chunk)
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, sample in enumerate(samples) if abs(sample) >= _SPEECH_LEVEL]
    if not loud:
        return None
    return loud[0] * SAMPLE_WIDTH, (loud[-1] + 1) * SAMPLE_WIDTH


def translated_voice(size: int) -> bytes:
    """The first `size` bytes of the scripted interpreter's voice (24 kHz 16-bit mono PCM)."""
    return _voice_between(0, size)


def _voice_between(start: int, end: int) -> bytes:
    """Bytes `start` to `end` of the interpreter's voice. A translation is spoken in chunks
    whose total is not known in advance, so every chunk is cut from one long signal, which
    `speech_like` makes the same at any length: the chunks join up without clicks."""
    seconds = 2
    while seconds * SAMPLE_RATE * SAMPLE_WIDTH < end:
        seconds *= 2
    return _interpreter_voice(seconds)[start:end]


@functools.lru_cache(maxsize=4)
def _interpreter_voice(seconds: int) -> bytes:
    return speech_like(seconds, pitch=120.0, syllable_ms=200)  # not the assistant's voice


def _pieces(text: str) -> list[str]:
    """A transcript as the deltas that stream it: word by word, each after the first with the
    space before it."""
    words = text.split(" ")
    return [words[0], *(" " + word for word in words[1:])]


def _pcm_bytes(milliseconds: float) -> int:
    """Bytes of 24 kHz 16-bit PCM in that many milliseconds (whole samples)."""
    return round(milliseconds * SAMPLE_RATE / 1000) * SAMPLE_WIDTH


def _pcm_ms(size: int) -> int:
    """Milliseconds of 24 kHz 16-bit PCM in `size` bytes."""
    return round(size * 1000 / (SAMPLE_RATE * SAMPLE_WIDTH))


@functools.lru_cache(maxsize=8)
def _reply_audio(milliseconds: int) -> bytes:
    """The assistant's voice for a reply of that length (cached: long sessions repeat it)."""
    return speech_like(milliseconds / 1000, pitch=205.0, syllable_ms=180)


def _merge(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """The session after an update: objects merge key by key, anything else is replaced."""
    merged = dict(current)
    for key, value in update.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict) and "type" not in value:
            merged[key] = _merge(old, value)
        else:
            merged[key] = value
    return merged


def _with(item: Any, **changes: Any) -> Any:
    return type(item).from_dict({**item.to_dict(), **changes})


def _kind(payload: object) -> str:
    """The `type` of a JSON object, for a message about it."""
    kind = payload.get("type") if isinstance(payload, dict) else None
    return kind if isinstance(kind, str) else "?"


def _client_event_id(message: str | bytes) -> str | None:
    """The `event_id` of a client message that did not decode, if it has a readable one."""
    try:
        data = json.loads(message)
    except ValueError:
        return None
    event_id = data.get("event_id") if isinstance(data, dict) else None
    return event_id if isinstance(event_id, str) else None


def _raw_identity(message: str) -> Sent:
    try:
        data = json.loads(message)
    except ValueError:
        return Sent("", "")
    if not isinstance(data, dict):
        return Sent("", "")
    kind, event_id = data.get("type"), data.get("event_id")
    return Sent(
        kind if isinstance(kind, str) else "", event_id if isinstance(event_id, str) else ""
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m examples.scripted_server",
        description="Serve scripted Realtime API, Realtime Translation and Live API sessions on"
        " 127.0.0.1 until interrupted.",
    )
    parser.add_argument(
        "--api", choices=("ga", "beta"), default="ga", help="the Realtime API's version"
    )
    parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    arguments = parser.parse_args(argv)

    async def serve_forever() -> None:
        async with ScriptedServer(Script(api=arguments.api), port=arguments.port) as server:
            print(f"serving a scripted {arguments.api} session at {server.url}", flush=True)
            print(f"serving a scripted translation session at {server.translation_url}", flush=True)
            print(f"serving a scripted Live session at {server.live_url}", flush=True)
            await asyncio.Future()  # until interrupted

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_forever())
    return 0


if __name__ == "__main__":
    sys.exit(main())
