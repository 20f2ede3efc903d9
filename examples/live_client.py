"""The Live API's conversation, on `realtime_events.live` and the shared `EventClient`.

A Live session has no turns or responses to ask for: the client starts it with `session.start`
(the model and the settings; no model in the URL), streams the user's audio as
`session.input_audio.append` for as long as the microphone is open, and the model listens and
speaks on its own. The server streams back, as they happen, the transcript of the user
(`session.input_transcript.delta`), the model's speech (`session.output_audio.delta`) and its
transcript (`session.output_transcript.delta`). When the model needs work done it hands it off:
with a client delegation, `session.delegation.created` names the delegation, the application
does the work and gives the model the result to pass on with `session.commentary.append`
(acknowledged by `session.commentary.appended`). `session.input_audio.mute` and `unmute` stop
and restart the model hearing the user; `session.close` ends the session, and
`session.closed` brings the reason and the usage before the server closes the socket.

`LiveClient` routes the primary connection's events with `AsyncPrimaryDispatcher` (an event
only a sideband receives is an unknown event here). It prints both transcripts as they stream,
one line per run of words from the same side (`user:` or `assistant:`), and at
`session.closed` each whole, under a `[closed]` line. It keeps the model's speech.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

import realtime_events as rt
import realtime_events.live as lv

from . import wav
from .connection import ClientConnection, EventClient, SessionError, describe_error, log

DEFAULT_MODEL = "gpt-live-1"
DEFAULT_INSTRUCTIONS = (
    "You answer the phone for Spoke & Chain, a bicycle workshop. Be brief and friendly. Hand"
    " every booking to the workshop's diary and tell the caller what it says."
)
USER = "user"  # the labels of the transcripts' lines
ASSISTANT = "assistant"
TRAILING_SILENCE_MS = 800  # the microphone stays open after the user's question
ACKNOWLEDGEMENT_DELAY_MS = 1200  # how long the model waits before covering a delegation's wait

# The application's side of a delegation: from what the user said, what to tell them.
Work = Callable[[str], str]


@dataclass(frozen=True)
class LiveConversation:
    """A finished Live session, as this client reassembled it."""

    session_id: str
    user_transcript: str  # what the server heard the user say
    transcript: str  # what the model said
    audio: bytes  # the model's speech, 24 kHz 16-bit mono PCM
    delegations: tuple[str, ...]  # the ids of the work handed to the client
    reason: str  # why the session ended, as session.closed said
    usage: lv.LiveSessionUsage


class LiveClient(EventClient):
    """The primary connection of a Live session.

    The requests (`start`, `comment`, `mute`, `unmute`, `close_session`) wait for their answer;
    `delegated()` returns the work the model hands off, waiting for it. Add handlers of your own to
    `dispatcher`.
    """

    def __init__(
        self, websocket: ClientConnection, *, out: TextIO | None = None, timeout: float = 30.0
    ) -> None:
        super().__init__(websocket, out=out, timeout=timeout)
        self.dispatcher = lv.AsyncPrimaryDispatcher(on_error=self.on_error)
        self.session: lv.LiveSession | None = None
        self.user_pieces: list[str] = []
        self.pieces: list[str] = []
        self.audio = bytearray()
        self.delegations: list[lv.LiveDelegationInfo] = []  # as the model handed them off
        self._taken = 0  # of them, returned by delegated()
        self.usage: lv.LiveSessionUsage | None = None  # the latest report
        self.muted = False
        self._line: str | None = None  # whose words the printed line holds, until it ends
        self._register()

    async def dispatch(self, message: str | bytes) -> None:
        await self.dispatcher.dispatch(message)

    def append_event(self, pcm: bytes, event_id: str) -> lv.LiveSessionInputAudioAppendEvent:
        return lv.LiveSessionInputAudioAppendEvent.from_pcm(pcm, event_id=event_id)

    # -- requests ------------------------------------------------------------------------------

    async def start(
        self, *, model: str, voice: str, instructions: str, delegate: bool = True
    ) -> lv.LiveSession:
        """Send `session.start` (24 kHz PCM both ways, and, with `delegate`, work handed to this
        client); return the session `session.started` describes."""
        start = lv.LiveSessionStartEvent(
            event_id=self.next_id(),
            session=lv.LiveSessionRequest(
                model=model,
                audio=lv.LiveAudioSettings(
                    format=lv.LivePcmAudioFormat(rate=wav.SAMPLE_RATE),
                    output=lv.LiveAudioOutput(voice=voice),
                ),
                delegation=(
                    lv.LiveClientDelegation(acknowledgement_delay_ms=ACKNOWLEDGEMENT_DELAY_MS)
                    if delegate
                    else None
                ),
                instructions=instructions,
            ),
        )
        session = (await self.request(start, lv.LiveSessionStartedEvent)).session
        audio = session.audio.format if session.audio is not None else None
        if audio is not None and audio != lv.LivePcmAudioFormat(rate=wav.SAMPLE_RATE):
            raise SessionError(f"the session streams audio this example cannot write: {audio}")
        return session

    async def delegated(self) -> lv.LiveDelegationInfo:
        """The next piece of work the model handed off (`session.delegation.created`) that this
        method has not returned yet, waiting for it if it has not come."""
        if len(self.delegations) > self._taken:
            delegation = self.delegations[self._taken]
        else:
            created = self.expect(
                lv.LiveSessionDelegationCreatedEvent, "session.delegation.created"
            )
            delegation = (await self.wait(created, "session.delegation.created")).delegation
        self._taken += 1
        return delegation

    async def comment(self, content: str, *, delegation_id: str | None) -> None:
        """Give the model something to tell the user (a delegation's result, naming it)."""
        append = lv.LiveSessionCommentaryAppendEvent(
            event_id=self.next_id(), content=content, delegation_id=delegation_id
        )
        appended = await self.request(append, lv.LiveSessionCommentaryAppendedEvent)
        log.info("commentary for %s placed at %d ms", delegation_id, appended.start_ms)

    async def mute(self) -> None:
        """Stop the model hearing the user (`session.input_audio.muted` confirms it)."""
        mute = lv.LiveSessionInputAudioMuteEvent(event_id=self.next_id())
        await self.request(mute, lv.LiveSessionInputAudioMutedEvent)

    async def unmute(self) -> None:
        unmute = lv.LiveSessionInputAudioUnmuteEvent(event_id=self.next_id())
        await self.request(unmute, lv.LiveSessionInputAudioUnmutedEvent)

    async def close_session(self) -> LiveConversation:
        """Send `session.close` and wait for `session.closed`, which comes once the model has
        finished speaking; return the whole conversation."""
        close = lv.LiveSessionCloseEvent(event_id=self.next_id())
        closed = await self.request(close, lv.LiveSessionClosedEvent)
        return LiveConversation(
            session_id=closed.session.id,
            user_transcript="".join(self.user_pieces),
            transcript="".join(self.pieces),
            audio=bytes(self.audio),
            delegations=tuple(delegation.id for delegation in self.delegations),
            reason=closed.reason,
            usage=closed.usage,
        )

    # -- handlers ------------------------------------------------------------------------------

    def _register(self) -> None:
        on = self.dispatcher
        on.on_any(self._notice)
        on.on(lv.LiveSessionStartedEvent)(self._on_started)
        on.on(lv.LiveErrorEvent)(self._on_error_event)
        on.on(lv.LiveSessionInputTranscriptDeltaEvent)(self._on_heard)
        on.on(lv.LiveSessionOutputTranscriptDeltaEvent)(self._on_said)
        on.on(lv.LiveSessionOutputAudioDeltaEvent)(self._on_audio)
        on.on(lv.LiveSessionDelegationCreatedEvent)(self._on_delegation)
        on.on(lv.LiveSessionInputAudioMutedEvent)(self._on_muted)
        on.on(lv.LiveSessionInputAudioUnmutedEvent)(self._on_unmuted)
        on.on(lv.LiveSessionUsageUpdatedEvent)(self._on_usage)
        on.on(lv.LiveSessionClosedEvent)(self._on_closed)
        on.fallback(self.ignore)

    def _notice(self, event: lv.LiveServerEvent | rt.UnknownEvent) -> None:
        self.notice(event, lv.unknown_fields(event))

    def _on_started(self, event: lv.LiveSessionStartedEvent) -> None:
        self.session = session = event.session
        output = session.audio.output if session.audio is not None else None
        delegation = session.delegation or None
        if isinstance(delegation, lv.UnknownObject):
            kind = f"{delegation.kind} (unknown to the bindings)"
        else:
            kind = delegation.type if delegation is not None else "none"
        log.info(
            "session.started %s: model %s, voice %s, delegation %s",
            session.id,
            session.model,
            output.voice if output is not None else None,
            kind,
        )

    def _on_error_event(self, event: lv.LiveErrorEvent) -> None:
        error = event.error
        self.refused_by(
            error.client_event_id or event.client_event_id,
            describe_error(error.type, error.code, error.message, error.param),
        )

    def _on_heard(self, event: lv.LiveSessionInputTranscriptDeltaEvent) -> None:
        self.user_pieces.append(event.delta)
        self._show(USER, event.delta)

    def _on_said(self, event: lv.LiveSessionOutputTranscriptDeltaEvent) -> None:
        self.pieces.append(event.delta)
        self._show(ASSISTANT, event.delta)

    def _on_audio(self, event: lv.LiveSessionOutputAudioDeltaEvent) -> None:
        self.audio += event.delta_bytes()  # in the format session.start chose: 24 kHz PCM

    def _on_delegation(self, event: lv.LiveSessionDelegationCreatedEvent) -> None:
        self.delegations.append(event.delegation)
        log.info(
            "the model handed work to the %s at %d ms: delegation %s",
            event.delegation.target,
            event.offset_ms,
            event.delegation.id,
        )

    def _on_muted(self, event: lv.LiveSessionInputAudioMutedEvent) -> None:
        self.muted = True
        log.info("muted: the model hears silence")

    def _on_unmuted(self, event: lv.LiveSessionInputAudioUnmutedEvent) -> None:
        self.muted = False
        log.info("unmuted: the model hears the user again")

    def _on_usage(self, event: lv.LiveSessionUsageUpdatedEvent) -> None:
        self.usage = event.usage
        window = event.context_window
        full = f", context {window.usage_ratio:.1%} full" if window is not None else ""
        log.info("usage: %s s of session%s", event.usage.seconds, full)

    def _on_closed(self, event: lv.LiveSessionClosedEvent) -> None:
        self.usage = event.usage
        if self._line is not None:
            self.out.write("\n")
            self._line = None
        # The two sides' pieces interleave as they stream; each is repeated whole here.
        seconds = wav.duration_seconds(bytes(self.audio))
        self.out.write(
            f"[closed] {event.reason}: {describe_usage(event.usage)}, {seconds:.2f} s of the"
            f" model's speech, {len(self.delegations)} delegation(s)\n"
        )
        self.out.write(f"  {USER}: {''.join(self.user_pieces)}\n")
        self.out.write(f"  {ASSISTANT}: {''.join(self.pieces)}\n")
        self.out.flush()

    def _show(self, label: str, text: str) -> None:
        """Print a piece of a transcript: on the current line if it holds the same side's
        words, else on a new line that starts with `label:`."""
        if label != self._line:
            if self._line is not None:
                self.out.write("\n")
            self.out.write(f"{label}: ")
            text = text.lstrip()
            self._line = label
        self.out.write(text)
        self.out.flush()


def describe_usage(usage: lv.LiveSessionUsage) -> str:
    """`9.6 s of session (10 s active, 0 s paused)`."""
    details = [
        f"{value} s {name}"
        for name, value in (("active", usage.active_seconds), ("paused", usage.paused_seconds))
        if isinstance(value, int)
    ]
    inside = f" ({', '.join(details)})" if details else ""
    return f"{usage.seconds:g} s of session{inside}"


# The example's workshop diary: the first free slot of each day.
DIARY = {
    "monday": "Monday at 8:30",
    "tuesday": "Tuesday at 14:00",
    "wednesday": "Wednesday at 10:15",
    "thursday": "Thursday at 16:45",
    "friday": "Friday at 9:00",
    "saturday": "Saturday at 9:30",
}
MECHANIC = "Priya"


def book_repair(heard: str) -> str:
    """The client's side of the delegation: book the first free slot on the day the user
    named, and say what was booked (the model passes it on in its own words)."""
    days = re.findall(r"[a-z]+day", heard.lower())
    for day in days:
        if day in DIARY:
            return f"Booked: a brake check with {MECHANIC} on {DIARY[day]}."
    if days:
        return f"The workshop is closed on {days[0].capitalize()}; offer another day."
    return "No day was named: ask the caller which day suits them."


async def talk_once(
    client: LiveClient,
    pcm: bytes,
    *,
    model: str = DEFAULT_MODEL,
    voice: str = "marin",
    instructions: str = DEFAULT_INSTRUCTIONS,
    work: Work = book_repair,
) -> LiveConversation:
    """The example's session: start, let the user speak (the question, then the open
    microphone's silence), do the work the model hands off and give it the result, mute and
    unmute the microphone, and close."""
    session = await client.start(model=model, voice=voice, instructions=instructions)
    silence = bytes(TRAILING_SILENCE_MS * wav.SAMPLE_RATE * wav.SAMPLE_WIDTH // 1000)
    appends = await client.send_audio(pcm + silence)
    log.info(
        "sent %.2f s of audio (%.2f s of it silence) in %d appends to %s",
        wav.duration_seconds(pcm + silence),
        wav.duration_seconds(silence),
        appends,
        session.id,
    )
    delegation = await client.delegated()
    result = work("".join(client.user_pieces))
    await client.comment(result, delegation_id=delegation.id)
    await client.mute()
    await client.unmute()
    return await client.close_session()
