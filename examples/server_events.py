"""The server events whose shape or name differs between GA and beta, for the scripted server.

`Shapes("ga")` and `Shapes("beta")` build the same moments of a session (the session object,
a new item in the conversation, a response and its usage, the audio part's deltas) in each
version's words, with the bindings' classes; the scripted server decides when to send them.
What the two versions share (`response.created`, `rate_limits.updated`, `error`, ...) it builds
itself.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any, Literal, TypedDict, cast

import realtime_events as rt

from .wav import SAMPLE_RATE

Api = Literal["ga", "beta"]
NewId = Callable[[], str]


class PartPlace(TypedDict):
    """Where a content part's events point: the same four fields on each of them."""

    response_id: str
    item_id: str
    output_index: int
    content_index: int


class Shapes:
    """The events and objects of one API version."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.ga = api == "ga"

    def new_session(self, session_id: str) -> dict[str, Any]:
        """The settings a new connection starts with, as the API's defaults, as a dict (a
        `session.update` merges into it)."""
        vad = rt.ServerVad(
            threshold=0.5,
            prefix_padding_ms=300,
            silence_duration_ms=200,
            create_response=True,
            interrupt_response=True,
        )
        instructions = "You are a helpful voice assistant. Keep your answers short."
        expires_at = int(time.time()) + 1800
        session: rt.RealtimeSession | rt.BetaSession
        if self.ga:
            pcm = rt.PcmAudioFormat(rate=SAMPLE_RATE)
            session = rt.RealtimeSession(
                id=session_id,
                object="realtime.session",
                model="gpt-realtime",
                output_modalities=("audio",),
                instructions=instructions,
                tools=(),
                tool_choice="auto",
                max_output_tokens="inf",
                tracing=None,
                truncation="auto",
                prompt=None,
                expires_at=expires_at,
                audio=rt.AudioConfig(
                    input=rt.AudioInputConfig(
                        format=pcm, transcription=None, noise_reduction=None, turn_detection=vad
                    ),
                    output=rt.AudioOutputConfig(format=pcm, voice="marin", speed=1.0),
                ),
                include=None,
            )
        else:
            session = rt.BetaSession(
                id=session_id,
                object="realtime.session",
                model="gpt-realtime",
                expires_at=expires_at,
                modalities=("text", "audio"),
                instructions=instructions,
                voice="alloy",
                input_audio_format="pcm16",
                output_audio_format="pcm16",
                input_audio_transcription=None,
                turn_detection=vad,
                input_audio_noise_reduction=None,
                tools=(),
                tool_choice="auto",
                temperature=0.8,
                max_response_output_tokens="inf",
            )
        return cast(dict[str, Any], session.to_dict())

    def session(self, settings: dict[str, Any]) -> rt.RealtimeSession | rt.BetaSession:
        if self.ga:
            return rt.RealtimeSession.from_dict(settings)
        return rt.BetaSession.from_dict(settings)

    def refuse_session(self, request: rt.SessionRequest) -> tuple[str, str] | None:
        """(code, message) if `request` is not a session of this version (or is one the
        scripted server does not run); None if it will do."""
        if self.ga and isinstance(request, rt.TranscriptionSessionRequest):
            return "invalid_value", "The scripted server runs realtime sessions only."
        if self.ga and not isinstance(request, rt.RealtimeSessionRequest):
            return (
                "missing_required_parameter",
                "The session has no 'type': a GA server needs it. Send a RealtimeSessionRequest"
                ' ("type": "realtime").',
            )
        if not self.ga and not isinstance(request, rt.BetaSessionRequest):
            return (
                "unknown_parameter",
                "The session has a 'type', which a beta server (OpenAI-Beta: realtime=v1) does"
                " not take: send a flat BetaSessionRequest.",
            )
        return None

    def unsupported_audio(self, settings: dict[str, Any]) -> tuple[str, str] | None:
        """(param, message) if the settings ask for audio other than 24 kHz 16-bit PCM, the
        only audio the scripted server hears and speaks."""
        if not self.ga:
            for key in ("input_audio_format", "output_audio_format"):
                if settings.get(key, "pcm16") != "pcm16":
                    return f"session.{key}", f"The scripted server supports only 'pcm16' for {key}."
            return None
        audio = settings.get("audio") or {}
        for side in ("input", "output"):
            format_ = (audio.get(side) or {}).get("format") or {}
            if format_.get("type", "audio/pcm") != "audio/pcm":
                return (
                    f"session.audio.{side}.format.type",
                    f"The scripted server supports only 'audio/pcm' for {side} audio.",
                )
            if format_.get("rate", SAMPLE_RATE) != SAMPLE_RATE:
                return (
                    f"session.audio.{side}.format.rate",
                    f"Unsupported sample rate {format_['rate']}: only {SAMPLE_RATE} Hz is"
                    " supported.",
                )
        return None

    def item_added(
        self, item: rt.ConversationItem, previous: str | None, new_id: NewId
    ) -> rt.ServerEvent:
        """A new item in the conversation: `conversation.item.added` in GA, `.created` in beta."""
        if self.ga:
            return rt.ConversationItemAddedEvent(
                event_id=new_id(), previous_item_id=previous, item=item
            )
        return rt.ConversationItemCreatedEvent(
            event_id=new_id(), previous_item_id=previous, item=item
        )

    def item_done(
        self, item: rt.ConversationItem, previous: str | None, new_id: NewId
    ) -> list[rt.ServerEvent]:
        """A finished item: GA says so with `conversation.item.done`, beta says nothing."""
        if not self.ga:
            return []
        return [
            rt.ConversationItemDoneEvent(event_id=new_id(), previous_item_id=previous, item=item)
        ]

    def audio_delta(self, place: PartPlace, chunk: bytes, new_id: NewId) -> rt.ServerEvent:
        delta = base64.b64encode(chunk).decode("ascii")
        if self.ga:
            return rt.ResponseOutputAudioDeltaEvent(event_id=new_id(), **place, delta=delta)
        return rt.ResponseAudioDeltaEvent(event_id=new_id(), **place, delta=delta)

    def transcript_delta(self, place: PartPlace, words: str, new_id: NewId) -> rt.ServerEvent:
        if self.ga:
            return rt.ResponseOutputAudioTranscriptDeltaEvent(
                event_id=new_id(), **place, delta=words
            )
        return rt.ResponseAudioTranscriptDeltaEvent(event_id=new_id(), **place, delta=words)

    def audio_done(self, place: PartPlace, new_id: NewId) -> rt.ServerEvent:
        if self.ga:
            return rt.ResponseOutputAudioDoneEvent(event_id=new_id(), **place)
        return rt.ResponseAudioDoneEvent(event_id=new_id(), **place)

    def transcript_done(self, place: PartPlace, transcript: str, new_id: NewId) -> rt.ServerEvent:
        if self.ga:
            return rt.ResponseOutputAudioTranscriptDoneEvent(
                event_id=new_id(), **place, transcript=transcript
            )
        return rt.ResponseAudioTranscriptDoneEvent(
            event_id=new_id(), **place, transcript=transcript
        )

    def spoken_content(self, transcript: str) -> rt.ContentPart:
        """An assistant message's audio part, as items hold it (`output_audio` in GA)."""
        if self.ga:
            return rt.OutputAudioContent(transcript=transcript)
        return rt.AudioContent(transcript=transcript)

    def response(
        self,
        settings: dict[str, Any],
        *,
        response_id: str,
        conversation_id: str,
        status: str,
        output: tuple[rt.ConversationItem, ...],
        usage: rt.Usage | None = None,
    ) -> rt.Response:
        """A response as `response.created` and `response.done` carry it, with the settings
        it runs with in this version's fields."""
        common: dict[str, Any] = dict(
            id=response_id,
            object="realtime.response",
            status=status,
            status_details=(
                rt.ResponseStatusDetails(type="cancelled", reason="client_cancelled")
                if status == "cancelled"
                else None
            ),
            output=output,
            conversation_id=conversation_id,
            usage=usage,
            metadata=None,
            max_output_tokens="inf",
        )
        if self.ga:
            return rt.Response(
                **common,
                output_modalities=tuple(settings.get("output_modalities", ("audio",))),
                audio=rt.ResponseAudioConfig(
                    output=rt.ResponseAudioOutput(
                        format=rt.PcmAudioFormat(rate=SAMPLE_RATE),
                        voice=settings["audio"]["output"].get("voice", "marin"),
                    )
                ),
            )
        return rt.Response(
            **common,
            modalities=tuple(settings.get("modalities", ("text", "audio"))),
            voice=settings.get("voice", "alloy"),
            output_audio_format="pcm16",
            temperature=settings.get("temperature", 0.8),
        )

    def usage(
        self, *, text_in: int, audio_in: int, cached: int, text_out: int, audio_out: int
    ) -> rt.Usage:
        """Token usage; GA also counts image tokens and splits the cached ones by kind."""
        if self.ga:
            details = rt.InputTokenDetails(
                text_tokens=text_in,
                audio_tokens=audio_in,
                image_tokens=0,
                cached_tokens=cached,
                cached_tokens_details=rt.CachedTokenDetails(
                    text_tokens=cached, audio_tokens=0, image_tokens=0
                ),
            )
        else:
            details = rt.InputTokenDetails(
                cached_tokens=cached, text_tokens=text_in, audio_tokens=audio_in
            )
        return rt.Usage(
            total_tokens=text_in + audio_in + text_out + audio_out,
            input_tokens=text_in + audio_in,
            output_tokens=text_out + audio_out,
            input_token_details=details,
            output_token_details=rt.OutputTokenDetails(
                text_tokens=text_out, audio_tokens=audio_out
            ),
        )
