"""Tagged msgspec structs for the events of the benchmark streams: the fastest-decoder reference.

They check what the generated bindings check (required fields, JSON types, nested objects and
item kinds), in one shape per event that accepts both GA and beta, as the catalogue does. Unknown
fields are ignored rather than kept, which only makes msgspec's job easier.
"""

from __future__ import annotations

from typing import Any

import msgspec


class _Object(msgspec.Struct):
    pass


class _Event(msgspec.Struct, kw_only=True, tag_field="type"):
    # keyword-only, so subclasses may declare required fields after it
    event_id: str | None = None


# nested objects -----------------------------------------------------------------------------


class AudioFormat(_Object):
    type: str
    rate: int | None = None


class Transcription(_Object):
    model: str | None = None
    language: str | None = None
    prompt: str | None = None


class TurnDetection(_Object):
    type: str
    threshold: float | None = None
    prefix_padding_ms: int | None = None
    silence_duration_ms: int | None = None
    idle_timeout_ms: int | None = None
    eagerness: str | None = None
    create_response: bool | None = None
    interrupt_response: bool | None = None


class NoiseReduction(_Object):
    type: str | None = None


class AudioInput(_Object):
    format: AudioFormat | None = None
    transcription: Transcription | None = None
    noise_reduction: NoiseReduction | None = None
    turn_detection: TurnDetection | None = None


class AudioOutput(_Object):
    format: AudioFormat | None = None
    voice: str | None = None
    speed: float | None = None


class SessionAudio(_Object):
    input: AudioInput | None = None
    output: AudioOutput | None = None


class FunctionTool(_Object):
    type: str
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None


class Session(_Object):
    """Beta and GA sessions in one shape: GA nests audio settings under `audio`."""

    id: str | None = None
    object: str | None = None
    type: str | None = None
    model: str | None = None
    instructions: str | None = None
    modalities: tuple[str, ...] | None = None
    output_modalities: tuple[str, ...] | None = None
    voice: str | None = None
    input_audio_format: str | None = None
    output_audio_format: str | None = None
    input_audio_transcription: Transcription | None = None
    turn_detection: TurnDetection | None = None
    input_audio_noise_reduction: NoiseReduction | None = None
    audio: SessionAudio | None = None
    tools: tuple[FunctionTool, ...] | None = None
    tool_choice: str | dict[str, Any] | None = None
    temperature: float | None = None
    max_response_output_tokens: int | str | None = None
    max_output_tokens: int | str | None = None
    tracing: str | dict[str, Any] | None = None
    truncation: str | dict[str, Any] | None = None
    prompt: dict[str, Any] | None = None
    include: tuple[str, ...] | None = None
    expires_at: int | None = None


class Conversation(_Object):
    id: str
    object: str | None = None


class ContentPart(_Object):
    type: str
    text: str | None = None
    audio: str | None = None
    transcript: str | None = None


class _Item(msgspec.Struct, kw_only=True, tag_field="type"):
    id: str | None = None
    object: str | None = None
    status: str | None = None


class MessageItem(_Item, tag="message"):
    role: str
    content: tuple[ContentPart, ...]


class FunctionCallItem(_Item, tag="function_call"):
    name: str
    call_id: str
    arguments: str


class FunctionCallOutputItem(_Item, tag="function_call_output"):
    call_id: str
    output: str


Item = MessageItem | FunctionCallItem | FunctionCallOutputItem


class InputTokenDetails(_Object):
    cached_tokens: int | None = None
    text_tokens: int | None = None
    audio_tokens: int | None = None
    image_tokens: int | None = None
    cached_tokens_details: dict[str, int] | None = None


class OutputTokenDetails(_Object):
    text_tokens: int | None = None
    audio_tokens: int | None = None


class Usage(_Object):
    total_tokens: int
    input_tokens: int
    output_tokens: int
    input_token_details: InputTokenDetails | None = None
    output_token_details: OutputTokenDetails | None = None


class StatusDetails(_Object):
    type: str | None = None
    reason: str | None = None
    error: dict[str, Any] | None = None


class ResponseAudio(_Object):
    output: AudioOutput | None = None


class Response(_Object):
    id: str
    object: str | None = None
    status: str | None = None
    status_details: StatusDetails | None = None
    output: tuple[Item, ...] = ()
    conversation_id: str | None = None
    metadata: dict[str, str] | None = None
    usage: Usage | None = None
    modalities: tuple[str, ...] | None = None
    output_modalities: tuple[str, ...] | None = None
    voice: str | None = None
    output_audio_format: str | None = None
    temperature: float | None = None
    max_output_tokens: int | str | None = None
    audio: ResponseAudio | None = None


class RateLimit(_Object):
    name: str
    limit: int
    remaining: int
    reset_seconds: float


class TranscriptionUsage(_Object):
    type: str
    input_tokens: int | None = None
    output_tokens: int | None = None
    total_tokens: int | None = None
    input_token_details: dict[str, int] | None = None
    seconds: float | None = None


# events ------------------------------------------------------------------------------------


class SessionCreated(_Event, tag="session.created"):
    session: Session


class SessionUpdated(_Event, tag="session.updated"):
    session: Session


class ConversationCreated(_Event, tag="conversation.created"):
    conversation: Conversation


class SpeechStarted(_Event, tag="input_audio_buffer.speech_started"):
    audio_start_ms: int
    item_id: str


class SpeechStopped(_Event, tag="input_audio_buffer.speech_stopped"):
    audio_end_ms: int
    item_id: str


class BufferCommitted(_Event, tag="input_audio_buffer.committed"):
    item_id: str
    previous_item_id: str | None = None


class ItemCreated(_Event, tag="conversation.item.created"):
    item: Item
    previous_item_id: str | None = None


class ItemAdded(ItemCreated, tag="conversation.item.added"):
    pass


class ItemDone(ItemCreated, tag="conversation.item.done"):
    pass


class TranscriptionCompleted(_Event, tag="conversation.item.input_audio_transcription.completed"):
    item_id: str
    content_index: int
    transcript: str
    usage: TranscriptionUsage | None = None
    logprobs: tuple[dict[str, Any], ...] | None = None


class ResponseCreated(_Event, tag="response.created"):
    response: Response


class ResponseDone(_Event, tag="response.done"):
    response: Response


class RateLimitsUpdated(_Event, tag="rate_limits.updated"):
    rate_limits: tuple[RateLimit, ...]


class OutputItemAdded(_Event, tag="response.output_item.added"):
    response_id: str
    output_index: int
    item: Item


class OutputItemDone(OutputItemAdded, tag="response.output_item.done"):
    pass


class _InContent(_Event):
    response_id: str
    item_id: str
    output_index: int
    content_index: int


class ContentPartAdded(_InContent, tag="response.content_part.added"):
    part: ContentPart


class ContentPartDone(ContentPartAdded, tag="response.content_part.done"):
    pass


class AudioDelta(_InContent, tag="response.audio.delta"):
    delta: str


class OutputAudioDelta(AudioDelta, tag="response.output_audio.delta"):
    pass


class AudioDone(_InContent, tag="response.audio.done"):
    pass


class OutputAudioDone(AudioDone, tag="response.output_audio.done"):
    pass


class TranscriptDelta(_InContent, tag="response.audio_transcript.delta"):
    delta: str


class OutputTranscriptDelta(TranscriptDelta, tag="response.output_audio_transcript.delta"):
    pass


class TranscriptDone(_InContent, tag="response.audio_transcript.done"):
    transcript: str


class OutputTranscriptDone(TranscriptDone, tag="response.output_audio_transcript.done"):
    pass


class _InCall(_Event):
    response_id: str
    item_id: str
    output_index: int
    call_id: str


class ArgumentsDelta(_InCall, tag="response.function_call_arguments.delta"):
    delta: str


class ArgumentsDone(_InCall, tag="response.function_call_arguments.done"):
    arguments: str
    name: str | None = None  # GA only


ServerEvent = (
    SessionCreated
    | SessionUpdated
    | ConversationCreated
    | SpeechStarted
    | SpeechStopped
    | BufferCommitted
    | ItemCreated
    | ItemAdded
    | ItemDone
    | TranscriptionCompleted
    | ResponseCreated
    | ResponseDone
    | RateLimitsUpdated
    | OutputItemAdded
    | OutputItemDone
    | ContentPartAdded
    | ContentPartDone
    | AudioDelta
    | OutputAudioDelta
    | AudioDone
    | OutputAudioDone
    | TranscriptDelta
    | OutputTranscriptDelta
    | TranscriptDone
    | OutputTranscriptDone
    | ArgumentsDelta
    | ArgumentsDone
)

DECODER = msgspec.json.Decoder(ServerEvent)
"""Decodes one event of either stream; raises msgspec.ValidationError on a bad payload."""
