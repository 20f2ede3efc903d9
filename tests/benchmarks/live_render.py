"""Turn a `Script` into the server events of a Live API session, on its primary WebSocket.

The same conversation as the Realtime API streams, held with a Live model: the user's speech
streams as transcript pieces with their place on the session's timeline, the model answers in
speech (24 kHz 16-bit mono PCM, 20 to 100 ms a delta, base64) with its transcript, and the
session reports its usage after each answer. The work the script gives a function call goes to
the session's Responses delegation: `session.delegation.created`, then the Responses model's
stream in `response.event` envelopes (its function call; once the application has run the
function, appended the result as commentary and returned it, its written answer), and the model
speaks once that answer is in. The renderer draws from its own generator, so the other streams
stay what they were.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from .pcm import chunk_lengths, speech_chunks_ms
from .render import INSTRUCTIONS, PCM_24K, TOOLS
from .script import (
    FunctionCallTurn,
    FunctionResult,
    Script,
    SpokenReply,
    UserTurn,
    new_id,
    split_text,
)

Event = dict[str, Any]
Send = Callable[..., None]

MODEL = "gpt-live-1"
RESPONSES_MODEL = "gpt-5-mini"
MAX_OUTPUT_TOKENS = 1024
CONTEXT_TOKENS = 32_000  # the Live model's context window, for `context_window.usage_ratio`
_CREATED_AT = 1_749_800_000

LIVE_INSTRUCTIONS = (
    "You are Rota, a voice guide for day trips around Lisbon. Speak warmly, in two or three"
    " short sentences; hand forecasts and reservations to your delegation."
)
# What the Responses model writes once it has a function's result, by function.
ANSWERS = {
    "get_weather": "Sintra, Saturday 14 June: partly cloudy, high 23 °C, low 15 °C, 10% chance"
    " of rain; cool and misty in the hills in the afternoon.",
    "book_table": "Booked: Café Saudade, table for two, Saturday 14 June at 13:00, confirmation"
    " SD-4821, held for 15 minutes.",
}


class LiveRenderer:
    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"live/{seed}")

    def render(self, script: Script) -> list[Event]:
        rng = self._rng
        # (time the server sends it, order among equal times, type, fields); event ids are
        # drawn once the events are in order, so they read as a server's would
        pending: list[tuple[int, int, str, Event]] = []

        def send(at_ms: int, wire_type: str, **fields: Any) -> None:
            pending.append((at_ms, len(pending), wire_type, fields))

        session = self._session(script)
        send(0, "session.started", client_event_id=_client_id(rng, "start"), session=session)
        late = 0  # how far the session runs behind the script, after the delegations' waits
        free_at = 0  # when the user stops speaking, the model too, or the delegation's work ends
        delegations: dict[str, tuple[FunctionCallTurn, str]] = {}  # call id -> call, delegation
        for step in script.steps:
            if isinstance(step, UserTurn):
                start = max(step.start_ms + late, free_at + rng.randint(1200, 2500))
                late = start - step.start_ms
                free_at = start + step.end_ms - step.start_ms
                self._heard(step.transcript, start, free_at, send)
            elif isinstance(step, FunctionCallTurn):
                delegation = new_id(rng, "dlg")
                delegations[step.call_id] = (step, delegation)
                free_at = self._delegate(step, delegation, free_at, send)
            elif isinstance(step, FunctionResult):
                call, delegation = delegations[step.call_id]
                free_at = self._function_ran(call, delegation, free_at, send)
            else:
                free_at = self._speak(step, free_at + rng.randint(250, 600), send)
                usage = step.usage
                used = usage.input_text + usage.input_audio + usage.output_audio
                send(
                    free_at + rng.randint(20, 80),
                    "session.usage.updated",
                    usage={"seconds": round(free_at / 1000, 1)},
                    context_window={"usage_ratio": round(used / CONTEXT_TOKENS, 4)},
                )
        end = free_at + rng.randint(800, 1500)
        send(
            end,
            "session.closed",
            client_event_id=_client_id(rng, "close"),
            reason="close_requested",
            session=session,
            usage={"seconds": round(end / 1000, 1)},
        )
        pending.sort(key=lambda entry: entry[:2])
        return [
            {"event_id": new_id(rng, "event"), "type": wire_type, **fields}
            for _, _, wire_type, fields in pending
        ]

    def _session(self, script: Script) -> Event:
        return {
            "id": "live_u0_" + script.session_id.removeprefix("sess_"),
            "expires_at": _CREATED_AT + 3600,
            "model": MODEL,
            "status": "active",
            "audio": {"format": PCM_24K, "output": {"voice": "marin"}},
            "delegation": {
                "type": "responses",
                "acknowledgement_delay_ms": 1500,
                "responses": {
                    "model": RESPONSES_MODEL,
                    "instructions": INSTRUCTIONS,
                    "max_output_tokens": MAX_OUTPUT_TOKENS,
                    "parallel_tool_calls": False,
                    "reasoning": {"effort": "low", "summary": None},
                    "service_tier": "auto",
                    "text": {"verbosity": "low"},
                    "tool_choice": "auto",
                    "tools": [{**tool, "strict": False} for tool in TOOLS],
                },
            },
            "instructions": LIVE_INSTRUCTIONS,
            "store": True,
            "triggers": [],
        }

    def _heard(self, text: str, start: int, end: int, send: Send) -> None:
        """The user's transcript, a word a piece, each a little after it is spoken."""
        sent_at = done = 0
        for piece in _words(text):
            begins = start + (end - start) * done // len(text)
            done += len(piece)
            ends = start + (end - start) * done // len(text)
            # a transcription delay that varies, but never reorders the pieces
            sent_at = max(sent_at, ends + self._rng.randint(150, 400))
            send(
                sent_at,
                "session.input_transcript.delta",
                delta=piece,
                start_ms=begins,
                end_ms=ends,
            )

    def _speak(self, reply: SpokenReply, start: int, send: Send) -> int:
        """The model's answer, each transcript piece just before the audio that speaks it;
        return when the last of it goes out."""
        duration = 100 * len(reply.audio_chunks)
        lengths = chunk_lengths(self._rng, duration)
        chunks = speech_chunks_ms(self._rng, lengths)
        pieces, size = reply.transcript_pieces, len(reply.transcript)
        offsets = [sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)]

        def spoken_at(index: int) -> int:  # where a piece starts in the speech
            return start + offsets[index] * duration // size

        sent, clock = 0, 0
        for length, chunk in zip(lengths, chunks, strict=True):
            at = start + clock
            while sent < len(pieces) and spoken_at(sent) <= at + length:
                send(
                    at,
                    "session.output_transcript.delta",
                    delta=pieces[sent],
                    start_ms=spoken_at(sent),
                    end_ms=spoken_at(sent + 1),
                )
                sent += 1
            send(at, "session.output_audio.delta", delta=chunk)
            clock += length
        assert sent == len(pieces)
        return start + clock

    def _delegate(self, call: FunctionCallTurn, delegation: str, heard: int, send: Send) -> int:
        """The model hands the request off; the Responses model calls a function for it.
        Return when its answer is complete."""
        at = heard + self._rng.randint(300, 700)
        created = {"type": "delegation", "id": delegation, "target": "responses",
                   "response_id": call.response_id}  # fmt: skip
        send(at, "session.delegation.created", delegation=created, offset_ms=at)
        stream = _ResponseStream(self._rng, send, call.response_id, delegation, at)
        item_id = "fc_" + call.item_id.removeprefix("item_")
        item = {"id": item_id, "type": "function_call", "status": "in_progress",
                "arguments": "", "call_id": call.call_id, "name": call.name}  # fmt: skip
        stream.started()
        stream.emit("response.output_item.added", output_index=0, item=item)
        where = {"item_id": item_id, "output_index": 0}
        for piece in call.argument_pieces:
            stream.emit("response.function_call_arguments.delta", **where, delta=piece)
        stream.emit("response.function_call_arguments.done", **where, name=call.name,
                    arguments=call.arguments)  # fmt: skip
        done = {**item, "status": "completed", "arguments": call.arguments}
        stream.emit("response.output_item.done", output_index=0, item=done)
        stream.completed(call.usage.input_text, call.usage.cached_text, call.usage.output_text)
        return stream.at

    def _function_ran(self, call: FunctionCallTurn, delegation: str, asked: int, send: Send) -> int:
        """The application ran the function: it appends the result for the model to pass on
        and returns it to the Responses model, which writes its answer. Return when that
        answer is complete."""
        rng = self._rng
        at = asked + rng.randint(250, 900)
        send(
            at,
            "session.commentary.appended",
            client_event_id=_client_id(rng, "comm"),
            start_ms=at,
            end_ms=at,
        )
        response_id, item_id = new_id(rng, "resp"), new_id(rng, "msg")
        asked_by = _client_id(rng, "resp")  # the response.create that asked for the answer
        stream = _ResponseStream(rng, send, response_id, delegation, at, asked_by)
        item = {"id": item_id, "type": "message", "status": "in_progress", "content": [],
                "role": "assistant"}  # fmt: skip
        stream.started()
        stream.emit("response.output_item.added", output_index=0, item=item)
        where = {"item_id": item_id, "output_index": 0, "content_index": 0}
        part = {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}
        stream.emit("response.content_part.added", **where, part=part)
        text = ANSWERS[call.name]
        for piece in _words(text):
            stream.emit("response.output_text.delta", **where, delta=piece, logprobs=[])
        stream.emit("response.output_text.done", **where, text=text, logprobs=[])
        part = {**part, "text": text}
        stream.emit("response.content_part.done", **where, part=part)
        done = {**item, "status": "completed", "content": [part]}
        stream.emit("response.output_item.done", output_index=0, item=done)
        # the conversation so far, the call and its result, then the answer's words
        context = call.usage.input_text + call.usage.output_text + 40
        stream.completed(context, call.usage.cached_text, len(_words(text)) + 4)
        return stream.at


class _ResponseStream:
    """One Responses answer's streaming events, each wrapped in a `response.event` of the
    delegation, sent a few tens of milliseconds apart."""

    def __init__(
        self,
        rng: random.Random,
        send: Send,
        response_id: str,
        delegation: str,
        at: int,
        client_event_id: str | None = None,
    ) -> None:
        self._rng = rng
        self._send = send
        self._id = response_id
        envelope = {"client_event_id": client_event_id} if client_event_id else {}
        self._envelope = {**envelope, "delegation_id": delegation}
        self._sequence = 0
        self.at = at + rng.randint(150, 400)  # the Responses request starts

    def emit(self, wire_type: str, **fields: Any) -> None:
        self.at += self._rng.randint(5, 40)
        event = {"type": wire_type, "sequence_number": self._sequence, **fields}
        self._sequence += 1
        self._send(self.at, "response.event", **self._envelope, event=event)

    def started(self) -> None:
        self.emit("response.created", response=self._snapshot("in_progress"))
        self.emit("response.in_progress", response=self._snapshot("in_progress"))

    def completed(self, input_tokens: int, cached: int, output_tokens: int) -> None:
        reasoning = self._rng.randint(0, 48)
        usage = {
            "input_tokens": input_tokens,
            "input_tokens_details": {"cached_tokens": cached, "cache_write_tokens": 0},
            "output_tokens": output_tokens + reasoning,
            "output_tokens_details": {"reasoning_tokens": reasoning},
            "total_tokens": input_tokens + output_tokens + reasoning,
        }
        self.emit("response.completed", response={**self._snapshot("completed"), "usage": usage})

    def _snapshot(self, status: str) -> Event:
        """The whole response as the session forwards it: without its input, instructions,
        tools or output."""
        return {
            "id": self._id,
            "object": "response",
            "created_at": _CREATED_AT + self.at // 1000,
            "status": status,
            "background": False,
            "error": None,
            "incomplete_details": None,
            "instructions": None,
            "max_output_tokens": MAX_OUTPUT_TOKENS,
            "model": RESPONSES_MODEL + "-2025-08-07",
            "output": [],
            "parallel_tool_calls": False,
            "previous_response_id": None,
            "reasoning": {"effort": "low", "summary": None},
            "service_tier": "default",
            "store": True,
            "temperature": 1.0,
            "text": {"format": {"type": "text"}, "verbosity": "low"},
            "tool_choice": "auto",
            "tools": [],
            "top_p": 1.0,
            "truncation": "disabled",
            "usage": None,
            "metadata": {},
        }


def _client_id(rng: random.Random, what: str) -> str:
    """A client command's id, as an application might choose it (`event_start_b7T2qW`)."""
    return f"event_{what}_" + new_id(rng, "")[1:7]


def _words(text: str) -> list[str]:
    """`text` a word a piece, each piece after the first with the space before it."""
    return split_text(text, len(text.split()))
