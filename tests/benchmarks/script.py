"""What happens in the benchmark session, independent of the wire version that carries it.

`build_script` draws every id, transcript split, audio chunk and token count from one seeded
random generator, so the GA and beta renderings of a script carry exactly the same content.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field

from .pcm import speech_chunks

_ID_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class Call:
    """A function the assistant calls before answering, and what the client returns."""

    name: str
    arguments: dict[str, object]
    result: dict[str, object]


@dataclass(frozen=True)
class Exchange:
    """One thing the user says and what the assistant answers, with an optional tool call."""

    user: str
    reply: str
    call: Call | None = None


# Fixed content, cycled when the session has more exchanges than this.
EXCHANGES = (
    Exchange(
        "Hi! Can you help me plan a day trip from Lisbon this Saturday?",
        "Of course! A day trip from Lisbon on Saturday could take you to Sintra for palaces and"
        " forest walks, to Cascais for the beach and seafood, or across the river to Setúbal."
        " Tell me what you enjoy most and I'll put together a plan for the whole day.",
    ),
    Exchange(
        "What's the weather going to be like in Sintra on Saturday?",
        "Saturday in Sintra looks partly cloudy, with a high of twenty-three degrees and a low of"
        " fifteen. There's only a ten percent chance of rain, so it's a good day for walking,"
        " but bring a light jacket because the hills get cool and misty in the afternoon.",
        Call(
            "get_weather",
            {"city": "Sintra", "date": "2025-06-14", "units": "celsius"},
            {"condition": "partly cloudy", "high_c": 23, "low_c": 15, "rain_chance": 0.1},
        ),
    ),
    Exchange(
        "Is the Pena Palace worth it, or is it too crowded?",
        "The Palácio da Pena is worth it: the colourful terraces and the views over the coast are"
        " unlike anything else nearby. It does get crowded after ten, so book a timed ticket for"
        " the first slot and walk up through the park gardens before the tour buses arrive.",
    ),
    Exchange(
        "How do I get there by train, and how long does it take?",
        "Trains to Sintra leave Rossio station about every twenty minutes and take roughly forty"
        " minutes. From Sintra station, the 434 bus loops up to the palace, or you can walk the"
        " steep path in about forty-five minutes if you'd like to see the old town on the way.",
    ),
    Exchange(
        "Can you book a table for two for lunch near the palace?",
        "Done! I booked a table for two at Café Saudade at one o'clock on Saturday. It's a short"
        " walk from the station, known for its queijadas and a quiet back room. Your confirmation"
        " code is SD-4821, and they'll hold the table for fifteen minutes.",
        Call(
            "book_table",
            {"restaurant": "Café Saudade", "party_size": 2, "date": "2025-06-14", "time": "13:00"},
            {"confirmed": True, "confirmation": "SD-4821", "hold_minutes": 15},
        ),
    ),
    Exchange(
        "Great. Anything I should pack for the day?",
        "Pack comfortable shoes with good grip, since the paths around the palace are steep and"
        " uneven. Add a light jacket for the mist, a refillable water bottle, sunscreen for the"
        " terraces, and some cash for the bus and the small pastry shops in the old town.",
    ),
)


@dataclass(frozen=True)
class Usage:
    """Token counts for `response.done`, already consistent with each other."""

    input_text: int
    input_audio: int
    cached_text: int
    cached_audio: int
    output_text: int
    output_audio: int


@dataclass(frozen=True)
class UserTurn:
    item_id: str
    previous_item_id: str | None
    start_ms: int
    end_ms: int
    transcript: str
    transcription_tokens: int


@dataclass(frozen=True)
class FunctionCallTurn:
    response_id: str
    item_id: str
    previous_item_id: str
    call_id: str
    name: str
    argument_pieces: list[str]
    usage: Usage

    @property
    def arguments(self) -> str:
        return "".join(self.argument_pieces)


@dataclass(frozen=True)
class FunctionResult:
    item_id: str
    previous_item_id: str
    call_id: str
    output: str


@dataclass(frozen=True)
class SpokenReply:
    response_id: str
    item_id: str
    previous_item_id: str
    transcript_pieces: list[str]
    audio_chunks: list[str]
    usage: Usage

    @property
    def transcript(self) -> str:
        return "".join(self.transcript_pieces)


Step = UserTurn | FunctionCallTurn | FunctionResult | SpokenReply


@dataclass
class Script:
    session_id: str
    conversation_id: str
    steps: list[Step] = field(default_factory=list)


def new_id(rng: random.Random, prefix: str) -> str:
    """An id shaped like the server's: a prefix and 21 letters and digits."""
    return prefix + "_" + "".join(rng.choices(_ID_ALPHABET, k=21))


def build_script(rng: random.Random, exchanges: int) -> Script:
    script = Script(new_id(rng, "sess"), new_id(rng, "conv"))
    previous: str | None = None
    clock_ms = 900
    context_tokens = 420  # instructions and tool definitions
    for index in range(exchanges):
        exchange = EXCHANGES[index % len(EXCHANGES)]
        speech_ms = 250 * len(exchange.user.split()) + rng.randint(100, 600)
        user = UserTurn(
            new_id(rng, "item"),
            previous,
            clock_ms,
            clock_ms + speech_ms,
            exchange.user,
            len(exchange.user.split()) + rng.randint(8, 14),
        )
        script.steps.append(user)
        previous = user.item_id
        context_tokens += speech_ms // 100 + 12
        if exchange.call is not None:
            call = _function_call(rng, exchange.call, previous, context_tokens)
            result = FunctionResult(
                new_id(rng, "item"),
                call.item_id,
                call.call_id,
                json.dumps(exchange.call.result, separators=(",", ":")),
            )
            script.steps += [call, result]
            previous = result.item_id
            context_tokens += call.usage.output_text + len(result.output) // 4
        reply = _spoken_reply(rng, exchange.reply, previous, context_tokens)
        script.steps.append(reply)
        previous = reply.item_id
        context_tokens += reply.usage.output_text + reply.usage.output_audio
        clock_ms += speech_ms + 100 * len(reply.audio_chunks) + rng.randint(1500, 6000)
    return script


def _function_call(rng: random.Random, call: Call, previous: str, context: int) -> FunctionCallTurn:
    arguments = json.dumps(call.arguments, ensure_ascii=False, separators=(",", ":"))
    pieces = split_text(arguments, max(4, len(arguments) // 6))
    return FunctionCallTurn(
        new_id(rng, "resp"),
        new_id(rng, "item"),
        previous,
        new_id(rng, "call"),
        call.name,
        pieces,
        _usage(rng, context, output_text=len(pieces) + 6, output_audio=0),
    )


def _spoken_reply(rng: random.Random, text: str, previous: str, context: int) -> SpokenReply:
    audio = speech_chunks(rng, rng.randint(46, 54))
    pieces = split_text(text, rng.randint(46, 54))
    return SpokenReply(
        new_id(rng, "resp"),
        new_id(rng, "item"),
        previous,
        pieces,
        audio,
        _usage(rng, context, output_text=len(pieces), output_audio=2 * len(audio)),
    )


def _usage(rng: random.Random, context: int, *, output_text: int, output_audio: int) -> Usage:
    input_audio = context // 3
    cached = (context - 200) // 64 * 64 if context > 1200 else 0  # cached in 64-token blocks
    cached_audio = min(input_audio, cached // 4)
    return Usage(
        input_text=context - input_audio + rng.randint(0, 9),
        input_audio=input_audio,
        cached_text=cached - cached_audio,
        cached_audio=cached_audio,
        output_text=output_text,
        output_audio=output_audio,
    )


def split_text(text: str, count: int) -> list[str]:
    """`text` in about `count` token-like pieces: words with their space, long ones halved."""
    pieces = [text[: text.find(" ")]] if " " in text else [text]
    rest = text[len(pieces[0]) :]
    pieces += [" " + word for word in rest.split(" ") if word]
    while len(pieces) < count:
        longest = max(range(len(pieces)), key=lambda i: len(pieces[i]))
        piece = pieces[longest]
        if len(piece) < 2:
            break
        middle = len(piece) // 2
        pieces[longest : longest + 1] = [piece[:middle], piece[middle:]]
    assert "".join(pieces) == text
    return pieces
