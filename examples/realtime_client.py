"""The Realtime API's conversation, on `realtime_events` and the shared `EventClient`.

`RealtimeClient` configures the session (in the GA or the beta shape), streams audio into the
input buffer, commits it, asks for a response and reassembles what streams back: the transcript
is printed as it arrives, the audio is kept, and `response.done` ends the `Reply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TextIO

import realtime_events as rt

from . import wav
from .connection import ClientConnection, EventClient, log

Api = Literal["ga", "beta"]


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


class RealtimeClient(EventClient):
    """A Realtime API connection, GA or beta.

    The requests (`configure`, `commit`, `respond`) wait for their answer; add handlers of your
    own to `dispatcher`.
    """

    def __init__(
        self,
        websocket: ClientConnection,
        *,
        api: Api = "ga",
        out: TextIO | None = None,
        timeout: float = 30.0,
    ) -> None:
        super().__init__(websocket, out=out, timeout=timeout)
        self.api = api
        self.dispatcher = rt.AsyncDispatcher(on_error=self.on_error)
        self.session: rt.SessionConfig | None = None
        self._created = self.expect(rt.SessionCreatedEvent, "session.created")
        self._streaming: dict[str, _Stream] = {}  # responses under way, by id
        self._finished: dict[str, Reply] = {}  # by response id, until respond() returns it
        self._register()

    async def dispatch(self, message: str | bytes) -> None:
        await self.dispatcher.dispatch(message)

    def append_event(self, pcm: bytes, event_id: str) -> rt.InputAudioBufferAppendEvent:
        return rt.InputAudioBufferAppendEvent.from_pcm(pcm, event_id=event_id)

    # -- requests ------------------------------------------------------------------------------

    async def session_created(self) -> rt.SessionConfig:
        """The session the server opened with (waits for `session.created`)."""
        return (await self.wait(self._created, "session.created")).session

    async def configure(self, *, instructions: str, voice: str) -> rt.SessionConfig:
        """Send `session.update` in this API version's shape; return the updated session."""
        event_id = self.next_id()
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
        return (await self.request(update, rt.SessionUpdatedEvent)).session

    async def commit(self) -> str:
        """Commit the input buffer; return the id of the user message it became."""
        commit = rt.InputAudioBufferCommitEvent(event_id=self.next_id())
        committed = await self.request(commit, rt.InputAudioBufferCommittedEvent)
        return committed.item_id

    async def respond(self) -> Reply:
        """Ask for a response and wait for `response.done`; return what streamed in."""
        create = rt.ResponseCreateEvent(event_id=self.next_id())
        done = await self.request(create, rt.ResponseDoneEvent)
        return self._finished.pop(done.response.id or "")

    async def cancel(self) -> None:
        """Ask the server to stop the running response; its `response.done` (status
        `cancelled`) ends the pending `respond()`."""
        await self.send(rt.ResponseCancelEvent(event_id=self.next_id()))

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
        on.fallback(self.ignore)

    def _notice(self, event: rt.ServerEvent | rt.UnknownEvent) -> None:
        for stream in self._streaming.values():
            stream.events += 1
        self.notice(event, rt.unknown_fields(event))

    def _on_session_created(self, event: rt.SessionCreatedEvent) -> None:
        self.session = event.session
        log.info("session %s", _describe_session(event.session))

    def _on_session_updated(self, event: rt.SessionUpdatedEvent) -> None:
        self.session = event.session
        log.info("session updated: %s", _describe_session(event.session))

    def _on_error_event(self, event: rt.ErrorEvent) -> None:
        self.refused(event.error)

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


async def speak_one_turn(
    client: RealtimeClient, pcm: bytes, *, instructions: str, voice: str
) -> Reply:
    """The example's conversation: configure, stream the audio, commit, and get the reply."""
    await client.session_created()
    await client.configure(instructions=instructions, voice=voice)
    appends = await client.send_audio(pcm)
    log.info("sent %.2f s of audio in %d appends", wav.duration_seconds(pcm), appends)
    await client.commit()
    return await client.respond()


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
