"""Whole Live API sessions over a real WebSocket on 127.0.0.1: the example's `LiveClient`
against the scripted server's `/v1/live/sessions`, both on `realtime_events.live`.

As in test_session_socket.py, each test runs the server and the client in one event loop, on an
ephemeral port, and compares what the server logged as sent with what the client saw.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import realtime_events as rt
import realtime_events.live as lv
import realtime_events.translation as tr
import realtime_events.webhooks as webhooks
from websockets.asyncio.client import connect

from examples import wav
from examples.connection import SessionError
from examples.live_client import (
    LiveClient,
    book_repair,
    talk_once,
)
from examples.scripted_server import (
    DEFAULT_LIVE_REPLY,
    DEFAULT_LIVE_USER_TEXT,
    Script,
    ScriptedServer,
    Sent,
)
from examples.session import Options, converse
from tests.helpers.live_session import PCM, SPOKEN, run, start
from tests.helpers.support import SOCKET_FIGURES

BOOKING = book_repair(DEFAULT_LIVE_USER_TEXT)
RELAY = f"Thanks for waiting. {BOOKING}"
LONG_SESSION_EVENTS = 50_000
EVENT_ID = re.compile(r"event_[A-Za-z0-9]{20}")
SESSION_ID = re.compile(r"live_u0_[A-Za-z0-9]{20}")
DELEGATION_ID = re.compile(r"dlg_[A-Za-z0-9]{16}")

# Every class another protocol (or the other side) decodes to: a Live event must be none.
OTHER_CLASSES: set[type[object]] = {
    *rt.EVENT_TYPES.values(),
    *rt.CLIENT_EVENT_TYPES.values(),
    *tr.EVENT_TYPES.values(),
    *tr.CLIENT_EVENT_TYPES.values(),
    *webhooks.EVENT_TYPES.values(),
    *lv.CLIENT_EVENT_TYPES.values(),
}


@dataclass
class Connected:
    server: ScriptedServer
    client: LiveClient
    receiving: asyncio.Task[None]
    out: io.StringIO
    seen: list[Sent] = field(default_factory=list)  # every event the client dispatched

    @property
    def log(self) -> Any:
        return self.server.connections[0]


@asynccontextmanager
async def living(script: Script | None = None) -> AsyncIterator[Connected]:
    """A Live client connected to a fresh server and receiving; the session not started."""
    async with ScriptedServer(script) as server:
        async with connect(server.live_url) as websocket:
            out = io.StringIO()
            client = LiveClient(websocket, out=out, timeout=10)
            seen: list[Sent] = []
            client.dispatcher.on_any(lambda event: seen.append(_identity(event)))
            receiving = asyncio.create_task(client.receive())
            try:
                yield Connected(server, client, receiving, out, seen)
            finally:
                await websocket.close()
                await receiving


def test_a_live_session_reassembles_exactly_what_the_server_sent() -> None:
    async def scenario() -> None:
        async with living() as s:
            result = await talk_once(s.client, PCM)
            await asyncio.wait_for(s.receiving, 5)  # the server hung up after session.closed
            record = s.log.live
            assert s.log.protocol == "live"
            # the client's side, as the server decoded it: start first, naming the model
            received = s.log.received
            assert [type(event) for event in received] == [
                lv.LiveSessionStartEvent,
                *[lv.LiveSessionInputAudioAppendEvent] * 20,
                lv.LiveSessionCommentaryAppendEvent,
                lv.LiveSessionInputAudioMuteEvent,
                lv.LiveSessionInputAudioUnmuteEvent,
                lv.LiveSessionCloseEvent,
            ]
            assert received[0].session.model == "gpt-live-1"
            assert received[0].session.delegation == lv.LiveClientDelegation(
                acknowledgement_delay_ms=1200
            )
            # audio in: every byte; the user's transcript, whole, as the server sent it
            assert s.log.input_audio == SPOKEN
            assert result.user_transcript == record.user_transcript == DEFAULT_LIVE_USER_TEXT
            # one delegation, answered with the diary's booking, which the model passed on
            (delegation,) = result.delegations
            assert DELEGATION_ID.fullmatch(delegation) and record.delegations == [delegation]
            assert received[21].delegation_id == delegation
            assert record.commentary == [BOOKING] == [received[21].content]
            assert BOOKING == "Booked: a brake check with Priya on Saturday at 9:30."
            # the model's speech: the cover line, then the result, audio and transcript
            script = Script()
            assert result.transcript == record.model_transcript == f"{DEFAULT_LIVE_REPLY} {RELAY}"
            assert result.audio == bytes(record.audio)
            assert result.audio == script.speech_for(DEFAULT_LIVE_REPLY) + script.speech_for(RELAY)
            # muted and unmuted, once each; the ending: session.closed, then a clean close
            assert record.mutes == 1 and s.client.muted is False
            assert result.reason == "close_requested" and result.usage == record.usage
            assert result.usage == lv.LiveSessionUsage(
                seconds=9.24, active_seconds=9, paused_seconds=0
            )
            assert record.closed and s.log.sent[-1].type == "session.closed"
            assert s.client.closed == "the server closed the connection (code 1000)"
            # nothing lost, nothing refused, every event in order, ids as the service mints them
            assert s.seen == s.log.sent
            assert s.client.received == len(s.log.sent)
            assert s.client.sent == s.log.messages_received == len(received)
            assert s.client.problems == [] and s.log.refused == [] and s.client.unknown == 0
            assert all(EVENT_ID.fullmatch(event_id) for _, event_id in s.log.sent)
            assert SESSION_ID.fullmatch(result.session_id) and result.session_id == (
                record.session_id
            )
            assert s.client.session is not None and s.client.session.id == result.session_id
            counts = s.client.counts
            assert counts["session.input_transcript.delta"] == len(DEFAULT_LIVE_USER_TEXT.split())
            words = len(f"{DEFAULT_LIVE_REPLY} {RELAY}".split())
            assert counts["session.output_transcript.delta"] == words
            assert counts["session.output_audio.delta"] == sum(
                -(-len(script.speech_for(text)) // 4800) for text in (DEFAULT_LIVE_REPLY, RELAY)
            )  # 100 ms each, the last of each utterance shorter
            assert counts["session.usage.updated"] == 2  # after each of the two utterances
            # printed: each side on its line as it streamed, then both whole
            assert s.out.getvalue().splitlines() == [
                f"user: {DEFAULT_LIVE_USER_TEXT}",
                f"assistant: {DEFAULT_LIVE_REPLY} {RELAY}",
                "[closed] close_requested: 9.24 s of session (9 s active, 0 s paused), 6.90 s of"
                " the model's speech, 1 delegation(s)",
                f"  user: {DEFAULT_LIVE_USER_TEXT}",
                f"  assistant: {DEFAULT_LIVE_REPLY} {RELAY}",
            ]
            SOCKET_FIGURES.append(
                f"Live session: audio in {len(s.log.input_audio):,} bytes in 20 appends, the"
                f" model's speech out {len(result.audio):,} bytes in"
                f" {counts['session.output_audio.delta']} deltas; transcripts"
                f" {counts['session.input_transcript.delta']} +"
                f" {counts['session.output_transcript.delta']} deltas; 1 delegation answered,"
                f" muted and unmuted; server events sent {len(s.log.sent)}, received"
                f" {s.client.received}, ending with session.closed"
            )

    run(scenario)


def test_every_answer_names_the_command_it_answers_and_the_timeline_holds() -> None:
    """`client_event_id` repeats the `event_id` of the command each answer answers; the
    transcripts' times follow each other on the session's timeline."""

    async def scenario() -> None:
        async with living() as s:
            events: list[lv.LiveServerEvent | rt.UnknownEvent] = []
            s.client.dispatcher.on_any(events.append)
            await talk_once(s.client, PCM)
            sent = {event.type: event.event_id for event in s.log.received}
            answers = {
                "session.started": "session.start",
                "session.commentary.appended": "session.commentary.append",
                "session.input_audio.muted": "session.input_audio.mute",
                "session.input_audio.unmuted": "session.input_audio.unmute",
                "session.closed": "session.close",
            }
            for event in events:
                if event.type in answers:
                    assert not isinstance(event, rt.UnknownEvent)
                    assert getattr(event, "client_event_id", None) == sent[answers[event.type]]
            heard = [e for e in events if isinstance(e, lv.LiveSessionInputTranscriptDeltaEvent)]
            said = [e for e in events if isinstance(e, lv.LiveSessionOutputTranscriptDeltaEvent)]
            for times in (
                [(e.start_ms, e.end_ms) for e in heard],
                [(e.start_ms, e.end_ms) for e in said],
            ):
                assert all(start <= end for start, end in times)
                assert [start for start, _ in times] == sorted(start for start, _ in times)
            (created,) = [e for e in events if isinstance(e, lv.LiveSessionDelegationCreatedEvent)]
            assert heard[-1].end_ms <= created.offset_ms < 1200  # once the question has ended
            assert said[0].start_ms == created.offset_ms + 1200  # the acknowledgement delay
            outputs = [e for e in events if isinstance(e, lv.LiveSessionOutputAudioDeltaEvent)]
            assert all(e.start_ms is None and e.end_ms is None for e in outputs)  # primary

    run(scenario)


def test_every_event_of_the_live_server_is_a_live_class_of_the_primary_connection() -> None:
    """The raw messages of a whole session, a refused command included, read back with
    `realtime_events.live.parse_event(connection="primary")`: each is exactly the Live class of
    its wire type, never another protocol's or the client side's, with nothing unknown."""

    async def scenario() -> None:
        async with ScriptedServer() as server:
            async with connect(server.live_url) as websocket:
                await websocket.send(lv.LiveSessionInputAudioMuteEvent(event_id="c0").to_json())
                await websocket.send(
                    lv.LiveSessionStartEvent(
                        event_id="c1",
                        session=lv.LiveSessionRequest(
                            model="gpt-live-1", delegation=lv.LiveClientDelegation()
                        ),
                    ).to_json()
                )
                for begin in range(0, len(SPOKEN), 4800):
                    chunk = SPOKEN[begin : begin + 4800]
                    await websocket.send(
                        lv.LiveSessionInputAudioAppendEvent.from_pcm(chunk).to_json()
                    )
                messages: list[str | bytes] = []
                async for message in websocket:
                    messages.append(message)
                    if json.loads(message)["type"] == "session.delegation.created":
                        break
                dlg = json.loads(messages[-1])["delegation"]["id"]
                for command in (
                    lv.LiveSessionThinkingAppendEvent(content="Looking.", delegation_id=dlg),
                    lv.LiveSessionInstructionsAppendEvent(content="Be kind.", delegation_id=None),
                    lv.LiveSessionCommentaryAppendEvent(content="Booked.", delegation_id=dlg),
                    lv.LiveSessionInputAudioMuteEvent(),
                    lv.LiveSessionInputAudioUnmuteEvent(),
                    lv.LiveSessionCloseEvent(event_id="c9"),
                ):
                    await websocket.send(command.to_json())
                messages += [message async for message in websocket]
        assert len(messages) == len(server.connections[0].sent)
        for message in messages:
            event = lv.parse_event(message, strict=True, connection="primary")
            payload = json.loads(message)
            assert type(event) is lv.EVENT_TYPES[payload["type"]]
            assert type(event) not in OTHER_CLASSES
            assert type(event).__module__.startswith("realtime_events.models.live_")
            assert lv.unknown_fields(event) == []  # exactly the catalogue's shape
            assert event.to_dict() == payload  # and nothing lost
        kinds = [json.loads(message)["type"] for message in messages]
        assert kinds[0] == "error" and kinds[1] == "session.started"
        assert kinds[-1] == "session.closed"
        assert {
            "session.input_transcript.delta",
            "session.output_transcript.delta",
            "session.output_audio.delta",
            "session.delegation.created",
            "session.thinking.appended",
            "session.instructions.appended",
            "session.commentary.appended",
            "session.input_audio.muted",
            "session.input_audio.unmuted",
            "session.usage.updated",
        } < set(kinds)

    run(scenario)


def test_commands_the_server_refuses_get_an_error_naming_them_and_the_session_goes_on() -> None:
    async def scenario() -> None:
        async with living() as s:
            # before session.start: refused, through the client, by the command's id
            with pytest.raises(SessionError) as caught:
                await s.client.mute()
            assert str(caught.value) == (
                "the server refused session.input_audio.mute evt_client_1: invalid_request_error"
                " session_not_started: The first event on a Live connection must be"
                " session.start."
            )
            await start(s.client)
            errors: list[lv.LiveError] = []
            s.client.dispatcher.on(lv.LiveErrorEvent)(lambda event: errors.append(event.error))
            sends = {
                "not JSON": ("{", None, "invalid_json", None),
                "another protocol's": (
                    rt.InputAudioBufferCommitEvent(event_id="c1").to_json(),
                    "c1",
                    "invalid_value",
                    "type",
                ),
                "a sideband's": (
                    '{"type": "transport.dtmf.send", "event_id": "c2", "digits": "12#"}',
                    "c2",
                    "invalid_value",
                    "type",
                ),
                "odd bytes": (
                    lv.LiveSessionInputAudioAppendEvent.from_pcm(
                        b"\x01\x02\x03", event_id="c3"
                    ).to_json(),
                    "c3",
                    "invalid_value",
                    "audio",
                ),
                "unknown delegation": (
                    lv.LiveSessionCommentaryAppendEvent(
                        event_id="c4", content="Booked.", delegation_id="dlg_0000000000000000"
                    ).to_json(),
                    "c4",
                    "invalid_value",
                    "delegation_id",
                ),
                "second start": (
                    lv.LiveSessionStartEvent(
                        event_id="c5", session=lv.LiveSessionRequest(model="gpt-live-1")
                    ).to_json(),
                    "c5",
                    "session_already_started",
                    None,
                ),
                "not served here": (
                    lv.LiveResponseCreateEvent(event_id="c6").to_json(),
                    "c6",
                    "unsupported_event",
                    "type",
                ),
            }
            for text, *_ in sends.values():
                await s.client.websocket.send(text)
            # the session is unharmed: the rest of the conversation goes as ever
            await s.client.send_audio(SPOKEN)
            delegation = await s.client.delegated()
            await s.client.comment(BOOKING, delegation_id=delegation.id)
            result = await s.client.close_session()
            assert result.transcript == f"{DEFAULT_LIVE_REPLY} {RELAY}"
            assert len(errors) == len(sends)
            for (name, (_, event_id, code, param)), error in zip(
                sends.items(), errors, strict=True
            ):
                assert error.type == "invalid_request_error", name
                assert (error.client_event_id, error.code, error.param) == (event_id, code, param)
            assert errors[4].message == "Unknown delegation 'dlg_0000000000000000'."
            assert s.log.refused[0].startswith("The first event on a Live connection")

    run(scenario)


@pytest.mark.parametrize(
    ("session", "message"),
    [
        (
            lv.LiveSessionRequest(
                model="gpt-live-1",
                audio=lv.LiveAudioSettings(format=lv.LivePcmAudioFormat(rate=16_000)),
            ),
            "invalid_value: The scripted server streams 16-bit PCM at 24 kHz only (audio/pcm,"
            " rate 24000). (param session.audio.format)",
        ),
        (
            lv.LiveSessionRequest(
                model="gpt-live-1", delegation=lv.LiveDecisionsDelegationRequest()
            ),
            "invalid_value: The scripted server delegates to the client only: 'decisions' is not"
            " served. (param session.delegation.type)",
        ),
        (
            lv.LiveSessionRequest(model="gpt-live-7"),
            "invalid_value: Invalid value for 'session.model'. (param session.model)",
        ),
        (
            lv.LiveSessionRequest(),
            "missing_required_parameter: Missing required parameter: 'session.model'. (param"
            " session.model)",
        ),
    ],
    ids=["16 kHz", "decisions", "unknown model", "no model"],
)
def test_a_start_the_server_refuses_is_a_clear_error(
    session: lv.LiveSessionRequest, message: str
) -> None:
    async def scenario() -> None:
        async with living() as s:
            refused = lv.LiveSessionStartEvent(event_id="start_1", session=session)
            with pytest.raises(SessionError) as caught:
                await s.client.request(refused, lv.LiveSessionStartedEvent)
            assert str(caught.value) == (
                f"the server refused session.start start_1: invalid_request_error {message}"
            )
            started = await start(s.client)  # a good start still works
            assert started.model == "gpt-live-1" and s.server.connections[0].refused

    run(scenario)


def test_audio_sent_while_muted_is_not_heard() -> None:
    async def scenario() -> None:
        async with living() as s:
            await start(s.client)
            await s.client.mute()
            await s.client.send_audio(SPOKEN)
            await s.client.unmute()  # answered after every append before it was taken in
            assert s.client.counts["session.input_transcript.delta"] == 0
            assert s.client.delegations == [] and s.log.live.delegations == []
            await s.client.send_audio(SPOKEN)  # heard now
            delegation = await s.client.delegated()
            await s.client.comment(BOOKING, delegation_id=delegation.id)
            result = await s.client.close_session()
            assert s.log.input_audio == SPOKEN * 2  # the server took in both
            assert result.user_transcript == DEFAULT_LIVE_USER_TEXT  # and heard only the second
            assert len(result.delegations) == 1
            heard = s.client.user_pieces
            assert len(heard) == len(DEFAULT_LIVE_USER_TEXT.split())

    run(scenario)


@pytest.mark.parametrize(
    ("code", "described"),
    [
        (1011, "the connection was lost: code 1011, reason 'scripted hang-up'"),
        (None, "the connection was lost: no closing handshake (the TCP connection dropped)"),
    ],
    ids=["closes with 1011", "drops the connection"],
)
@pytest.mark.parametrize("after", [10, 16, 40])
def test_a_server_that_hangs_up_mid_session_ends_the_loop_with_a_clear_error(
    code: int | None, described: str, after: int
) -> None:
    """Hung up while the user speaks (10), as the model hands work off (16) or while it talks
    (40): the conversation fails with one SessionError saying what happened, whichever request
    was under way, and the receive loop ends by itself."""

    async def scenario() -> None:
        async with living(Script(hang_up_after=after, hang_up_code=code)) as s:
            with pytest.raises(SessionError) as caught:
                await talk_once(s.client, PCM)
            message = str(caught.value)
            assert message.startswith(described), message
            during = r" (before|while waiting for) session\.[a-z_.]+"
            sending = r"; could not send session\.[a-z_.]+"
            assert re.fullmatch(f"{re.escape(described)}({during}|{sending})", message), message
            await asyncio.wait_for(s.receiving, 5)  # the loop ended by itself, and cleanly
            assert s.receiving.exception() is None
            assert s.client.closed == described
            assert s.client.received == len(s.log.sent) == after
            assert s.log.live.closed is False  # no session.closed: not wrapped up
            with pytest.raises(SessionError, match=re.escape(described)):
                await s.client.mute()  # later requests fail at once, with the same reason

    run(scenario)


def test_the_model_goes_in_session_start_not_in_the_url(tmp_path: Path) -> None:
    options = Options(
        api="live",
        url=None,
        model="gpt-live-1.1",
        local=False,
        input=wav.QUESTION_WAV,
        output=tmp_path / "live.wav",
        voice="verse",
        instructions=None,
        timeout=10,
    )

    async def scenario() -> None:
        async with ScriptedServer() as server:
            out = io.StringIO()
            outcome = await converse(server.live_url, {}, PCM, options, out)
            start_event = server.connections[0].received[0]
            assert isinstance(start_event, lv.LiveSessionStartEvent)
            assert start_event.session.model == "gpt-live-1.1"
            audio = start_event.session.audio
            assert audio is not None and audio.output is not None
            assert audio.output.voice == "verse"
            assert isinstance(start_event.session.instructions, str)
            assert "bicycle workshop" in start_event.session.instructions
            record = server.connections[0].live
            assert record is not None and outcome.audio == bytes(record.audio)
            assert out.getvalue().splitlines()[-1] == (
                f"wrote 6.90 s of the model's speech to {options.output}"
            )

    run(scenario)
    assert wav.read_pcm16(tmp_path / "live.wav") == Script().speech_for(
        DEFAULT_LIVE_REPLY
    ) + Script().speech_for(RELAY)


@pytest.mark.slow
def test_a_long_live_session_loses_nothing() -> None:
    """At least 50,000 server events over one connection, the user speaking and the model
    answering turn after turn: every one arrives, in order, and every byte of audio both ways."""
    sentence = (
        "Our workshop opens at eight, the mechanics take bookings until five, and a brake"
        " check usually takes about forty minutes from start to finish."
    )
    reply = " ".join([sentence] * 5)  # 120 words: 36 s of speech a turn

    async def scenario() -> None:
        # 20 ms audio deltas, the smallest a server sends: the most events per second of audio
        async with living(Script(audio_chunk_ms=20, live_reply=reply)) as s:
            await start(s.client, delegate=False)  # the model answers; no work to hand off
            started = time.perf_counter()
            turns = 0
            while len(s.log.sent) < LONG_SESSION_EVENTS:
                answered = s.client.expect(lv.LiveSessionUsageUpdatedEvent, "the model's answer")
                await s.client.send_audio(SPOKEN)
                await s.client.wait(answered, "session.usage.updated")  # the model has spoken
                turns += 1
            result = await s.client.close_session()
            elapsed = time.perf_counter() - started
            await asyncio.wait_for(s.receiving, 10)
            record = s.log.live
            assert s.client.received == len(s.log.sent)  # counted on both sides
            assert s.seen == s.log.sent  # all of them, in order
            assert s.client.sent == s.log.messages_received == len(s.log.received)
            assert s.log.input_audio == SPOKEN * turns
            assert result.audio == bytes(record.audio) == Script().speech_for(reply) * turns
            assert result.user_transcript == record.user_transcript
            assert result.user_transcript == " ".join([DEFAULT_LIVE_USER_TEXT] * turns)
            assert result.transcript == record.model_transcript == " ".join([reply] * turns)
            assert s.client.problems == [] and s.log.refused == []
            assert s.log.sent[-1].type == "session.closed"
            events = len(s.log.sent)
            deltas = s.client.counts
            words = (
                deltas["session.output_transcript.delta"] + deltas["session.input_transcript.delta"]
            )
            SOCKET_FIGURES.append(
                f"long Live session: {turns} turns in {elapsed:.1f} s; server events sent"
                f" {events:,}, received {s.client.received:,} ({events / elapsed:,.0f} events/s;"
                f" {deltas['session.output_audio.delta']:,} audio and"
                f" {words:,} transcript deltas); client events sent {s.client.sent:,}, received"
                f" {s.log.messages_received:,}; audio in {len(s.log.input_audio):,} bytes, out"
                f" {len(result.audio):,} bytes, all equal and in order"
            )

    run(scenario, timeout=240)


def _identity(event: lv.LiveServerEvent | rt.UnknownEvent) -> Sent:
    if isinstance(event, rt.UnknownEvent):
        event_id = event.payload.get("event_id")
        return Sent(event.type, event_id if isinstance(event_id, str) else "")
    return Sent(event.type, event.event_id or "")
