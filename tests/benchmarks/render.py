"""Turn a `Script` into the server events a GA or a beta Realtime connection sends for it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any, Literal

from .script import (
    FunctionCallTurn,
    FunctionResult,
    Script,
    SpokenReply,
    Step,
    Usage,
    UserTurn,
    new_id,
)

Dialect = Literal["ga", "beta"]
Event = dict[str, Any]

INSTRUCTIONS = (
    "You are Rota, a travel assistant for day trips around Lisbon. Answer in two or three short"
    " sentences, speak warmly, use get_weather for forecasts and book_table for reservations."
)
TOOLS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Forecast for a city on a date.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "date": {"type": "string", "format": "date"},
                "units": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "date"],
        },
    },
    {
        "type": "function",
        "name": "book_table",
        "description": "Reserve a restaurant table.",
        "parameters": {
            "type": "object",
            "properties": {
                "restaurant": {"type": "string"},
                "party_size": {"type": "integer", "minimum": 1},
                "date": {"type": "string", "format": "date"},
                "time": {"type": "string"},
            },
            "required": ["restaurant", "party_size", "date", "time"],
        },
    },
]
PCM_24K = {"type": "audio/pcm", "rate": 24000}
_CREATED_AT = 1_749_800_000


class Renderer:
    """Events for one wire version; event ids come from their own generator, seeded alike."""

    def __init__(self, dialect: Dialect, seed: int) -> None:
        self.ga = dialect == "ga"
        # a generator of its own, so event ids differ from the script's ids yet match across
        # the two versions until their events diverge
        self._rng = random.Random(f"events/{seed}")
        self._requests_left = 5000
        self._tokens_left = 400_000

    def render(self, script: Script) -> Iterator[Event]:
        yield from self._session_start(script)
        for step in script.steps:
            yield from self._step(step, script)

    def _event(self, wire_type: str, **fields: Any) -> Event:
        return {"event_id": new_id(self._rng, "event"), "type": wire_type, **fields}

    def _name(self, ga: str, beta: str) -> str:
        return ga if self.ga else beta

    def _step(self, step: Step, script: Script) -> Iterator[Event]:
        if isinstance(step, UserTurn):
            yield from self._user_turn(step)
        elif isinstance(step, FunctionCallTurn):
            yield from self._function_call(step, script)
        elif isinstance(step, FunctionResult):
            item = {
                "id": step.item_id,
                "object": "realtime.item",
                "type": "function_call_output",
                "call_id": step.call_id,
                "output": step.output,
            }
            yield from self._item_added(step.previous_item_id, item, done=True)
        else:
            yield from self._spoken_reply(step, script)

    # session ---------------------------------------------------------------------------------

    def _session_start(self, script: Script) -> Iterator[Event]:
        yield self._event("session.created", session=self._session(script, configured=False))
        yield self._event(
            "conversation.created",
            conversation={"id": script.conversation_id, "object": "realtime.conversation"},
        )
        yield self._event("session.updated", session=self._session(script, configured=True))

    def _session(self, script: Script, *, configured: bool) -> Event:
        instructions = INSTRUCTIONS if configured else "You are a helpful voice assistant."
        tools = TOOLS if configured else []
        turn_detection = {
            "type": "server_vad",
            "threshold": 0.5,
            "prefix_padding_ms": 300,
            "silence_duration_ms": 500,
            "create_response": True,
            "interrupt_response": True,
        }
        transcription = (
            {"model": "gpt-4o-mini-transcribe", "language": "en"} if configured else None
        )
        if not self.ga:
            return {
                "id": script.session_id,
                "object": "realtime.session",
                "model": "gpt-4o-realtime-preview-2024-12-17",
                "modalities": ["text", "audio"],
                "instructions": instructions,
                "voice": "coral",
                "input_audio_format": "pcm16",
                "output_audio_format": "pcm16",
                "input_audio_transcription": transcription,
                "turn_detection": turn_detection,
                "input_audio_noise_reduction": {"type": "near_field"} if configured else None,
                "tools": tools,
                "tool_choice": "auto",
                "temperature": 0.8,
                "max_response_output_tokens": "inf",
            }
        return {
            "type": "realtime",
            "object": "realtime.session",
            "id": script.session_id,
            "model": "gpt-realtime",
            "output_modalities": ["audio"],
            "instructions": instructions,
            "tools": tools,
            "tool_choice": "auto",
            "max_output_tokens": "inf",
            "tracing": None,
            "truncation": "auto",
            "prompt": None,
            "expires_at": _CREATED_AT + 3600,
            "audio": {
                "input": {
                    "format": PCM_24K,
                    "transcription": transcription,
                    "noise_reduction": {"type": "near_field"} if configured else None,
                    "turn_detection": {**turn_detection, "idle_timeout_ms": None},
                },
                "output": {"format": PCM_24K, "voice": "marin", "speed": 1.0},
            },
            "include": None,
        }

    # user ------------------------------------------------------------------------------------

    def _user_turn(self, turn: UserTurn) -> Iterator[Event]:
        yield self._event(
            "input_audio_buffer.speech_started", audio_start_ms=turn.start_ms, item_id=turn.item_id
        )
        yield self._event(
            "input_audio_buffer.speech_stopped", audio_end_ms=turn.end_ms, item_id=turn.item_id
        )
        yield self._event(
            "input_audio_buffer.committed",
            previous_item_id=turn.previous_item_id,
            item_id=turn.item_id,
        )
        item = {
            "id": turn.item_id,
            "object": "realtime.item",
            "type": "message",
            "status": "completed",
            "role": "user",
            "content": [{"type": "input_audio", "transcript": None}],
        }
        yield from self._item_added(turn.previous_item_id, item, done=True)
        transcription: Event = {
            "item_id": turn.item_id,
            "content_index": 0,
            "transcript": turn.transcript,
        }
        if self.ga:
            transcription["usage"] = {
                "type": "tokens",
                "input_tokens": turn.transcription_tokens,
                "input_token_details": {
                    "text_tokens": 0,
                    "audio_tokens": turn.transcription_tokens,
                },
                "output_tokens": len(turn.transcript.split()) + 2,
                "total_tokens": turn.transcription_tokens + len(turn.transcript.split()) + 2,
            }
        yield self._event("conversation.item.input_audio_transcription.completed", **transcription)

    def _item_added(self, previous: str | None, item: Event, *, done: bool) -> Iterator[Event]:
        """GA announces an item with `.added` and again with `.done`; beta with `.created` only."""
        if not self.ga:
            yield self._event("conversation.item.created", previous_item_id=previous, item=item)
            return
        yield self._event("conversation.item.added", previous_item_id=previous, item=item)
        if done:
            yield self._event("conversation.item.done", previous_item_id=previous, item=item)

    # assistant -------------------------------------------------------------------------------

    def _response(
        self, response_id: str, script: Script, output: list[Event], usage: Usage | None
    ) -> Event:
        response: Event = {
            "id": response_id,
            "object": "realtime.response",
            "status": "in_progress" if usage is None else "completed",
            "status_details": None,
            "output": output,
            "conversation_id": script.conversation_id,
        }
        if self.ga:
            response["output_modalities"] = ["audio"]
            response["max_output_tokens"] = "inf"
            response["audio"] = {"output": {"format": PCM_24K, "voice": "marin"}}
        else:
            response["modalities"] = ["text", "audio"]
            response["voice"] = "coral"
            response["output_audio_format"] = "pcm16"
            response["temperature"] = 0.8
            response["max_output_tokens"] = "inf"
        response["usage"] = None if usage is None else self._usage(usage)
        response["metadata"] = None
        return response

    def _usage(self, usage: Usage) -> Event:
        input_tokens = usage.input_text + usage.input_audio
        output_tokens = usage.output_text + usage.output_audio
        input_details: Event = {
            "cached_tokens": usage.cached_text + usage.cached_audio,
            "text_tokens": usage.input_text,
            "audio_tokens": usage.input_audio,
        }
        if self.ga:
            input_details["image_tokens"] = 0
            input_details["cached_tokens_details"] = {
                "text_tokens": usage.cached_text,
                "audio_tokens": usage.cached_audio,
                "image_tokens": 0,
            }
        return {
            "total_tokens": input_tokens + output_tokens,
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "input_token_details": input_details,
            "output_token_details": {
                "text_tokens": usage.output_text,
                "audio_tokens": usage.output_audio,
            },
        }

    def _response_created(self, response_id: str, script: Script) -> Iterator[Event]:
        yield self._event(
            "response.created", response=self._response(response_id, script, [], None)
        )
        self._requests_left -= 1
        self._tokens_left -= self._rng.randint(900, 2400)
        yield self._event(
            "rate_limits.updated",
            rate_limits=[
                {
                    "name": "requests",
                    "limit": 5000,
                    "remaining": self._requests_left,
                    "reset_seconds": 0.012,
                },
                {
                    "name": "tokens",
                    "limit": 400_000,
                    "remaining": self._tokens_left,
                    "reset_seconds": round(self._rng.uniform(0.1, 0.9), 3),
                },
            ],
        )

    def _output_item(self, reply: FunctionCallTurn | SpokenReply, item: Event) -> Iterator[Event]:
        """The pair of events that announce a response's output item."""
        yield self._event(
            "response.output_item.added", response_id=reply.response_id, output_index=0, item=item
        )
        yield from self._item_added(reply.previous_item_id, item, done=False)

    def _output_done(
        self, reply: FunctionCallTurn | SpokenReply, item: Event, script: Script
    ) -> Iterator[Event]:
        if self.ga:
            yield self._event(
                "conversation.item.done", previous_item_id=reply.previous_item_id, item=item
            )
        yield self._event(
            "response.output_item.done", response_id=reply.response_id, output_index=0, item=item
        )
        yield self._event(
            "response.done", response=self._response(reply.response_id, script, [item], reply.usage)
        )

    def _function_call(self, call: FunctionCallTurn, script: Script) -> Iterator[Event]:
        yield from self._response_created(call.response_id, script)
        item = {
            "id": call.item_id,
            "object": "realtime.item",
            "type": "function_call",
            "status": "in_progress",
            "name": call.name,
            "call_id": call.call_id,
            "arguments": "",
        }
        yield from self._output_item(call, item)
        where = {
            "response_id": call.response_id,
            "item_id": call.item_id,
            "output_index": 0,
            "call_id": call.call_id,
        }
        for piece in call.argument_pieces:
            yield self._event("response.function_call_arguments.delta", **where, delta=piece)
        name = {"name": call.name} if self.ga else {}
        yield self._event(
            "response.function_call_arguments.done", **where, **name, arguments=call.arguments
        )
        done = {**item, "status": "completed", "arguments": call.arguments}
        yield from self._output_done(call, done, script)

    def _spoken_reply(self, reply: SpokenReply, script: Script) -> Iterator[Event]:
        yield from self._response_created(reply.response_id, script)
        item = {
            "id": reply.item_id,
            "object": "realtime.item",
            "type": "message",
            "status": "in_progress",
            "role": "assistant",
            "content": [],
        }
        yield from self._output_item(reply, item)
        where = {
            "response_id": reply.response_id,
            "item_id": reply.item_id,
            "output_index": 0,
            "content_index": 0,
        }
        yield self._event(
            "response.content_part.added", **where, part={"type": "audio", "transcript": ""}
        )
        audio_delta = self._name("response.output_audio.delta", "response.audio.delta")
        text_delta = self._name(
            "response.output_audio_transcript.delta", "response.audio_transcript.delta"
        )
        pieces, chunks = reply.transcript_pieces, reply.audio_chunks
        sent = 0
        for index, chunk in enumerate(chunks):
            # the transcript runs alongside the audio it describes
            due = round((index + 1) * len(pieces) / len(chunks))
            for piece in pieces[sent:due]:
                yield self._event(text_delta, **where, delta=piece)
            sent = due
            yield self._event(audio_delta, **where, delta=chunk)
        yield self._event(self._name("response.output_audio.done", "response.audio.done"), **where)
        yield self._event(
            self._name("response.output_audio_transcript.done", "response.audio_transcript.done"),
            **where,
            transcript=reply.transcript,
        )
        part = {"type": "audio", "transcript": reply.transcript}
        yield self._event("response.content_part.done", **where, part=part)
        content_type = "output_audio" if self.ga else "audio"
        content = [{"type": content_type, "transcript": reply.transcript}]
        done = {**item, "status": "completed", "content": content}
        yield from self._output_done(reply, done, script)
