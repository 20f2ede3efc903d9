"""The Realtime Translation protocol's conversation, on `realtime_events.translation` and the
shared `EventClient`.

A translation session has no turns, items or responses: the client sets the language to
translate into (and asks for a transcript of the source), streams the source audio as
`session.input_audio_buffer.append`, and ends with `session.close`. The server streams back, as
it hears, the transcript of the source (`session.input_transcript.delta`), the translated speech
(`session.output_audio.delta`) and its transcript (`session.output_transcript.delta`), and ends
with `session.closed` before it closes the socket.

`TranslationClient` prints both transcripts as they stream, one line per run of words from the
same side, labelled `heard:` (the source) or with the target language (`de:`); at
`session.closed` it prints each whole, under a `[closed]` line. It keeps the translated audio.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

import realtime_events as rt
import realtime_events.translation as tr

from . import wav
from .connection import ClientConnection, EventClient, log

DEFAULT_LANGUAGE = "de"
TRANSCRIPTION_MODEL = "gpt-4o-transcribe"
HEARD = "heard"  # the label of the source transcript's lines


@dataclass(frozen=True)
class Translation:
    """A finished translation session, as this client reassembled it."""

    source_transcript: str  # what the server heard
    transcript: str  # what the translation says
    audio: bytes  # the translated speech, 24 kHz 16-bit mono PCM
    language: str | None  # the language it was translated into


class TranslationClient(EventClient):
    """A Realtime Translation connection.

    The requests (`configure`, `close_session`) wait for their answer; add handlers of your own
    to `dispatcher`.
    """

    def __init__(
        self, websocket: ClientConnection, *, out: TextIO | None = None, timeout: float = 30.0
    ) -> None:
        super().__init__(websocket, out=out, timeout=timeout)
        self.dispatcher = tr.AsyncDispatcher(on_error=self.on_error)
        self.session: tr.TranslationSession | None = None
        self.source_pieces: list[str] = []
        self.pieces: list[str] = []
        self.audio = bytearray()
        self._line: str | None = None  # whose words the printed line holds, until it ends
        self._created = self.expect(tr.TranslationSessionCreatedEvent, "session.created")
        self._register()

    async def dispatch(self, message: str | bytes) -> None:
        await self.dispatcher.dispatch(message)

    def append_event(
        self, pcm: bytes, event_id: str
    ) -> tr.TranslationSessionInputAudioBufferAppendEvent:
        return tr.TranslationSessionInputAudioBufferAppendEvent.from_pcm(pcm, event_id=event_id)

    @property
    def language(self) -> str | None:
        """The language the session translates into, as the server last said."""
        audio = self.session.audio if self.session is not None else None
        return audio.output.language if audio is not None and audio.output is not None else None

    # -- requests ------------------------------------------------------------------------------

    async def session_created(self) -> tr.TranslationSession:
        """The session the server opened with (waits for `session.created`)."""
        return (await self.wait(self._created, "session.created")).session

    async def configure(
        self,
        *,
        language: str,
        transcription_model: str = TRANSCRIPTION_MODEL,
        source_language: str | None = None,
    ) -> tr.TranslationSession:
        """Translate into `language` and transcribe the source; return the updated session."""
        update = tr.TranslationSessionUpdateEvent(
            event_id=self.next_id(),
            session=tr.TranslationSessionRequest(
                audio=tr.TranslationAudio(
                    input=tr.TranslationAudioInput(
                        transcription=tr.TranslationTranscription(
                            model=transcription_model, language=source_language
                        )
                    ),
                    output=tr.TranslationAudioOutput(language=language),
                )
            ),
        )
        return (await self.request(update, tr.TranslationSessionUpdatedEvent)).session

    async def close_session(self) -> Translation:
        """Send `session.close` and wait for `session.closed`, which comes once the server has
        streamed the rest of the translation; return all of it."""
        close = tr.TranslationSessionCloseEvent(event_id=self.next_id())
        await self.request(close, tr.TranslationSessionClosedEvent)
        return Translation(
            source_transcript="".join(self.source_pieces),
            transcript="".join(self.pieces),
            audio=bytes(self.audio),
            language=self.language,
        )

    # -- handlers ------------------------------------------------------------------------------

    def _register(self) -> None:
        on = self.dispatcher
        on.on_any(self._notice)
        on.on(tr.TranslationSessionCreatedEvent)(self._on_session)
        on.on(tr.TranslationSessionUpdatedEvent)(self._on_session)
        on.on(tr.TranslationErrorEvent)(self._on_error_event)
        on.on(tr.TranslationSessionInputTranscriptDeltaEvent)(self._on_heard)
        on.on(tr.TranslationSessionOutputTranscriptDeltaEvent)(self._on_said)
        on.on(tr.TranslationSessionOutputAudioDeltaEvent)(self._on_audio)
        on.on(tr.TranslationSessionClosedEvent)(self._on_closed)
        on.fallback(self.ignore)

    def _notice(self, event: tr.TranslationServerEvent | rt.UnknownEvent) -> None:
        self.notice(event, tr.unknown_fields(event))

    def _on_session(
        self, event: tr.TranslationSessionCreatedEvent | tr.TranslationSessionUpdatedEvent
    ) -> None:
        self.session = event.session
        input_ = event.session.audio.input
        heard = "off"
        if input_ is not None and input_.transcription:
            heard = input_.transcription.model
        log.info(
            "%s %s: model %s, into %s, source transcript %s",
            event.type,
            event.session.id,
            event.session.model,
            self.language or "(not set)",
            heard,
        )

    def _on_error_event(self, event: tr.TranslationErrorEvent) -> None:
        self.refused(event.error)

    def _on_heard(self, event: tr.TranslationSessionInputTranscriptDeltaEvent) -> None:
        self.source_pieces.append(event.delta)
        self._show(HEARD, event.delta)

    def _on_said(self, event: tr.TranslationSessionOutputTranscriptDeltaEvent) -> None:
        self.pieces.append(event.delta)
        self._show(self.language or "translation", event.delta)

    def _on_audio(self, event: tr.TranslationSessionOutputAudioDeltaEvent) -> None:
        # The output WAV holds 24 kHz 16-bit mono: other audio would play as noise, so it is
        # reported (to on_error, as a failed handler) rather than mixed in.
        shape = (event.sample_rate or wav.SAMPLE_RATE, event.channels or 1, event.format or "pcm16")
        if shape != (wav.SAMPLE_RATE, wav.CHANNELS, "pcm16"):
            raise ValueError(f"translated audio in a format this example cannot write: {shape}")
        self.audio += event.delta_bytes()

    def _on_closed(self, event: tr.TranslationSessionClosedEvent) -> None:
        if self._line is not None:
            self.out.write("\n")
            self._line = None
        # The pieces of the two sides interleave as they stream; each is repeated whole here.
        seconds = wav.duration_seconds(bytes(self.audio))
        heard = "".join(self.source_pieces) or "(no transcript: transcription is off)"
        self.out.write(f"[closed] {seconds:.2f} s of speech translated into {self.language}\n")
        self.out.write(f"  {HEARD}: {heard}\n")
        self.out.write(f"  {self.language or 'translation'}: {''.join(self.pieces)}\n")
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


async def translate_once(client: TranslationClient, pcm: bytes, *, language: str) -> Translation:
    """The example's session: set the language, stream the audio, close, and collect."""
    await client.session_created()
    await client.configure(language=language)
    appends = await client.send_audio(pcm)
    log.info("sent %.2f s of audio in %d appends", wav.duration_seconds(pcm), appends)
    return await client.close_session()
