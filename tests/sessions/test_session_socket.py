"""Whole sessions over a real WebSocket on 127.0.0.1: the example's client against the scripted
server, both on the bindings, in GA and beta.

Every test runs one event loop with the server and the client in it, on an ephemeral port, and
compares what the server logged as sent with what the client reassembled.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import realtime_events as rt
from websockets.asyncio.client import connect

from examples import wav
from examples.connection import SessionError
from examples.realtime_client import RealtimeClient
from examples.scripted_server import Script, ScriptedServer, Sent
from examples.session import Options, converse
from tests.helpers.support import SOCKET_FIGURES

APIS = ("ga", "beta")
PCM = wav.read_pcm16(wav.QUESTION_WAV)
UNKNOWN_EVENT = json.dumps(
    {"type": "response.sparkle.delta", "event_id": "event_sparkle1", "sparkle": "new"}
)
LONG_SESSION_EVENTS = 50_000


@dataclass
class Connected:
    server: ScriptedServer
    client: RealtimeClient
    receiving: asyncio.Task[None]
    out: io.StringIO

    @property
    def log(self) -> Any:
        return self.server.connections[0]


@asynccontextmanager
async def session(script: Script) -> AsyncIterator[Connected]:
    """A client connected to a fresh server, receiving, past `session.created`."""
    async with ScriptedServer(script) as server:
        headers = {"OpenAI-Beta": "realtime=v1"} if script.api == "beta" else {}
        async with connect(server.url, additional_headers=headers) as websocket:
            out = io.StringIO()
            client = RealtimeClient(websocket, api=script.api, out=out, timeout=10)
            receiving = asyncio.create_task(client.receive())
            await client.session_created()
            try:
                yield Connected(server, client, receiving, out)
            finally:
                await websocket.close()
                await receiving


async def speak(client: RealtimeClient) -> Any:
    await client.send_audio(PCM)
    await client.commit()
    return await client.respond()


def run(scenario: Callable[[], Awaitable[None]], timeout: float = 60) -> None:
    """Run a scenario on a fresh event loop; a hang fails the test instead of stalling it."""

    async def bounded() -> None:
        await asyncio.wait_for(scenario(), timeout)

    asyncio.run(bounded())


@pytest.mark.parametrize("api", APIS)
def test_a_turn_reassembles_exactly_what_the_server_sent(api: str) -> None:
    async def scenario() -> None:
        async with session(Script(api=api)) as s:  # type: ignore[arg-type]
            await s.client.configure(instructions="Be brief.", voice="coral")
            reply = await speak(s.client)
            sent = s.log.responses[0]
            assert s.log.input_audio == PCM  # every appended byte arrived
            assert reply.response_id == sent.response_id
            assert reply.status == "completed"
            assert reply.transcript == sent.transcript
            assert reply.transcript.startswith("I heard 1.20 seconds of your audio in 12 chunks.")
            assert reply.audio == sent.audio
            assert len(reply.audio) == round(len(sent.transcript.split()) * 0.3 * 48_000)
            assert reply.usage is not None and reply.usage.total_tokens == (
                (reply.usage.input_tokens or 0) + (reply.usage.output_tokens or 0)
            )
            assert s.client.problems == []
            printed = s.out.getvalue()
            assert sent.transcript + "\n[completed] usage: " in printed
            assert isinstance(s.client.session, rt.RealtimeSession | rt.BetaSession)

    run(scenario)


@pytest.mark.parametrize("api", APIS)
def test_events_arrive_in_order_and_each_belongs_to_the_version(api: str) -> None:
    async def scenario() -> None:
        async with session(Script(api=api)) as s:  # type: ignore[arg-type]
            seen: list[Sent] = []
            s.client.dispatcher.on_any(lambda event: seen.append(_identity(event)))
            await s.client.configure(instructions="Be brief.", voice="coral")
            await speak(s.client)
            await speak(s.client)
            sent = s.log.sent[2:]  # session.created and conversation.created came before on_any
            assert seen == sent
            assert len(seen) == s.client.received - 2
            assert all(api in rt.EVENT_VERSIONS[kind] for kind, _ in seen)
            assert {"response.done", "rate_limits.updated"} <= {kind for kind, _ in seen}

    run(scenario)


def test_an_unknown_event_type_reaches_the_fallback_and_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> None:
        async with session(Script(interjections=(UNKNOWN_EVENT,))) as s:
            fallen: list[rt.ServerEvent | rt.UnknownEvent] = []
            s.client.dispatcher.fallback(fallen.append)
            first = await speak(s.client)
            second = await speak(s.client)
            unknown = [event for event in fallen if isinstance(event, rt.UnknownEvent)]
            assert [event.payload for event in unknown] == [json.loads(UNKNOWN_EVENT)] * 2
            assert s.client.counts["response.sparkle.delta"] == 2
            assert first.audio == s.log.responses[0].audio  # the session went on around it
            assert second.transcript == s.log.responses[1].transcript

    with caplog.at_level(logging.WARNING, logger="examples.session"):
        run(scenario)
    notices = [record.getMessage() for record in caplog.records]
    assert [n for n in notices if "response.sparkle.delta" in n] == [
        "response.sparkle.delta: event type the bindings do not know: type = "
        "'response.sparkle.delta' (logged once)"
    ]


def test_malformed_messages_go_to_on_error_and_the_loop_goes_on() -> None:
    not_json = '{"type": "response.output_audio.delta", '
    wrong_type = json.dumps(
        {"type": "response.output_audio.delta", "event_id": "event_bad1", "response_id": "r",
         "item_id": "i", "output_index": 0, "content_index": 0, "delta": 5}
    )  # fmt: skip

    async def scenario() -> None:
        async with session(Script(interjections=(not_json, wrong_type))) as s:
            reply = await speak(s.client)
            assert [type(problem) for problem in s.client.problems] == [rt.EventDecodeError] * 2
            assert "not valid JSON" in str(s.client.problems[0])
            assert str(s.client.problems[1]) == (
                "response.output_audio.delta: delta: expected string, got integer"
            )
            assert reply.audio == s.log.responses[0].audio
            assert reply.transcript == s.log.responses[0].transcript
            assert s.client.received == len(s.log.sent)

    run(scenario)


def test_a_failing_handler_goes_to_on_error_and_the_loop_goes_on() -> None:
    async def scenario() -> None:
        async with session(Script()) as s:

            @s.client.dispatcher.on(rt.RateLimitsUpdatedEvent)
            def broken(event: rt.RateLimitsUpdatedEvent) -> None:
                raise RuntimeError("the dashboard is down")

            reply = await speak(s.client)
            (problem,) = s.client.problems
            assert isinstance(problem, rt.HandlerError)
            assert "broken failed on rate_limits.updated" in str(problem)
            assert reply.audio == s.log.responses[0].audio

    run(scenario)


@pytest.mark.parametrize(
    ("code", "described"),
    [
        (1011, "the connection was lost: code 1011, reason 'scripted hang-up'"),
        (None, "the connection was lost: no closing handshake (the TCP connection dropped)"),
    ],
    ids=["closes with 1011", "drops the connection"],
)
def test_a_server_that_hangs_up_mid_response_ends_the_loop_with_a_clear_error(
    code: int | None, described: str
) -> None:
    async def scenario() -> None:
        async with session(Script(hang_up_after=30, hang_up_code=code)) as s:
            await s.client.send_audio(PCM)
            await s.client.commit()
            with pytest.raises(SessionError) as caught:
                await s.client.respond()
            assert str(caught.value) == f"{described} while waiting for response.done"
            await asyncio.wait_for(s.receiving, 5)  # the loop ended by itself, and cleanly
            assert s.receiving.exception() is None
            assert s.client.closed == described
            assert s.client.received == len(s.log.sent)
            with pytest.raises(SessionError, match="while waiting for input_audio_buffer"):
                await s.client.commit()  # later requests fail at once, with the same reason

    run(scenario)


def test_invalid_client_events_get_an_error_naming_them_and_the_session_goes_on() -> None:
    sends = {
        "not JSON": ("{", None, "invalid_json", None),
        "unknown type": ('{"type": "input_audio.push", "event_id": "c1"}', "c1", None, "type"),
        "bad field": (
            '{"type": "input_audio_buffer.append", "event_id": "c2", "audio": 7}',
            "c2",
            "invalid_value",
            "audio",
        ),
        "beta session on GA": (
            rt.SessionUpdateEvent(
                event_id="c3", session=rt.BetaSessionRequest(voice="coral")
            ).to_json(),
            "c3",
            "missing_required_parameter",
            "session.type",
        ),
        "16 kHz": (
            rt.SessionUpdateEvent(
                event_id="c4",
                session=rt.RealtimeSessionRequest(
                    audio=rt.AudioConfig(
                        input=rt.AudioInputConfig(format=rt.PcmAudioFormat(rate=16_000))
                    )
                ),
            ).to_json(),
            "c4",
            "invalid_value",
            "session.audio.input.format.rate",
        ),
        "odd bytes": (
            rt.InputAudioBufferAppendEvent.from_pcm(b"\x01\x02\x03", event_id="c5").to_json(),
            "c5",
            "invalid_value",
            "audio",
        ),
        "empty commit": (
            rt.InputAudioBufferCommitEvent(event_id="c6").to_json(),
            "c6",
            "input_audio_buffer_commit_empty",
            None,
        ),
        "cancel nothing": (
            rt.ResponseCancelEvent(event_id="c7").to_json(),
            "c7",
            "response_cancel_not_active",
            None,
        ),
    }

    async def scenario() -> None:
        async with session(Script()) as s:
            errors: list[rt.ErrorDetails] = []
            s.client.dispatcher.on(rt.ErrorEvent)(lambda event: errors.append(event.error))
            for text, *_ in sends.values():
                await s.client.websocket.send(text)
            reply = await speak(s.client)  # the session is unharmed
            assert reply.audio == s.log.responses[0].audio
            assert len(errors) == len(sends)
            for (name, (_, event_id, code, param)), error in zip(
                sends.items(), errors, strict=True
            ):
                assert error.type == "invalid_request_error", name
                assert error.event_id == event_id, name
                assert error.param == param, name
                if code is not None:
                    assert error.code == code, name
            assert errors[2].message == (
                "input_audio_buffer.append: audio: expected string, got integer"
            )

    run(scenario)


def test_a_second_response_is_refused_and_cancel_ends_the_running_one() -> None:
    long_reply = " ".join(["word"] * 400)  # 20 s of audio: still streaming when cancelled

    async def scenario() -> None:
        async with session(Script(reply=long_reply, seconds_per_word=0.05)) as s:
            speaking = asyncio.Event()
            s.client.dispatcher.on(rt.ResponseOutputAudioDeltaEvent)(lambda _: speaking.set())
            await s.client.send_audio(PCM)
            await s.client.commit()
            running = asyncio.create_task(s.client.respond())
            await speaking.wait()
            with pytest.raises(SessionError, match="conversation_already_has_active_response"):
                await s.client.respond()
            await s.client.cancel()
            reply = await running
            sent = s.log.responses[0]
            assert (reply.status, sent.status) == ("cancelled", "cancelled")
            assert reply.audio == sent.audio and reply.transcript == sent.transcript
            assert 0 < len(reply.audio) < 20 * 48_000

    run(scenario)


def test_the_other_protocol_is_turned_away_at_the_handshake() -> None:
    options = Options(
        api="beta",
        url=None,
        model="gpt-realtime",
        local=False,
        input=wav.QUESTION_WAV,
        output=wav.QUESTION_WAV,  # never written: the handshake fails first
        voice="marin",
        instructions="",
        timeout=5,
    )

    async def scenario() -> None:
        async with ScriptedServer(Script(api="ga")) as server:
            with pytest.raises(SessionError, match="refused the connection: HTTP 400"):
                await converse(server.url, {}, PCM, options, io.StringIO())

    run(scenario)


@pytest.mark.slow
def test_a_long_session_loses_nothing() -> None:
    """At least 50,000 server events over one connection, turn after turn: every one arrives,
    in order, and every byte of audio both ways."""

    async def scenario() -> None:
        # 20 ms audio deltas, the smallest the API sends: the most events per second of audio
        async with session(Script(audio_chunk_ms=20)) as s:
            seen: list[Sent] = []
            s.client.dispatcher.on_any(lambda event: seen.append(_identity(event)))
            started = time.perf_counter()
            turns = audio_bytes = 0
            while len(s.log.sent) < LONG_SESSION_EVENTS:
                reply = await speak(s.client)
                record = s.log.responses[turns]
                assert reply.audio == record.audio and reply.transcript == record.transcript
                turns += 1
                audio_bytes += len(reply.audio)
            elapsed = time.perf_counter() - started
            await s.client.websocket.close()
            await s.receiving
            assert s.client.received == len(s.log.sent)  # counted on both sides
            assert seen == s.log.sent[2:]  # all of them, in order
            assert s.client.sent == s.log.messages_received == len(s.log.received)
            assert s.log.input_audio == PCM * turns
            assert s.client.problems == [] and s.log.refused == []
            SOCKET_FIGURES.append(
                f"long session (GA): {turns} turns in {elapsed:.1f} s; server events sent"
                f" {len(s.log.sent):,}, received {s.client.received:,}; client events sent"
                f" {s.client.sent:,}, received {s.log.messages_received:,}; audio in"
                f" {len(s.log.input_audio):,} bytes, out {audio_bytes:,} bytes, all equal"
            )

    run(scenario, timeout=120)


def _identity(event: rt.ServerEvent | rt.UnknownEvent) -> Sent:
    if isinstance(event, rt.UnknownEvent):
        event_id = event.payload.get("event_id")
        return Sent(event.type, event_id if isinstance(event_id, str) else "")
    return Sent(event.type, event.event_id or "")
