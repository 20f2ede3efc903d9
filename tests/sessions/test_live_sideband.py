"""A sideband connection beside a Live session's primary one, over real WebSockets on 127.0.0.1:
the example's `LiveClient` holds the session while a second connection attaches at
`/v1/live/sessions/{session_id}/attach`, routed by `realtime_events.live.AsyncSidebandDispatcher`.
"""

from __future__ import annotations

import asyncio
import io
import json

import pytest
import realtime_events.live as lv
from websockets.asyncio.client import ClientConnection, connect

from examples.connection import EventClient, SessionError, describe_error, open_websocket
from examples.live_client import LiveClient, book_repair
from examples.scripted_server import DEFAULT_LIVE_USER_TEXT, ScriptedServer
from tests.helpers.live_session import SPOKEN, run, start
from tests.helpers.support import SOCKET_FIGURES

NOT_A_SIDEBANDS = (
    "invalid_request_error invalid_value: A sideband connection does not send {}: it attaches"
    " to a session that is already running and hears the caller's audio, but the primary"
    " connection starts the session and streams the audio in. (param type)"
)


class Sideband(EventClient):
    """The application's server attached to a session: it keeps every message as it came, and
    the caller's audio as the session passed it on."""

    def __init__(self, websocket: ClientConnection) -> None:
        super().__init__(websocket, out=io.StringIO(), timeout=10)
        self.dispatcher = lv.AsyncSidebandDispatcher(on_error=self.on_error)
        self.messages: list[str | bytes] = []
        self.heard = bytearray()
        on = self.dispatcher
        on.on_any(lambda event: self.notice(event, lv.unknown_fields(event)))
        on.on(lv.LiveSessionInputAudioEchoEvent)(
            lambda event: self.heard.extend(event.audio_bytes())
        )
        on.on(lv.LiveErrorEvent)(self._on_error_event)
        on.fallback(self.ignore)

    async def dispatch(self, message: str | bytes) -> None:
        self.messages.append(message)
        await self.dispatcher.dispatch(message)

    def _on_error_event(self, event: lv.LiveErrorEvent) -> None:
        error = event.error
        self.refused_by(
            error.client_event_id or event.client_event_id,
            describe_error(error.type, error.code, error.message, error.param),
        )


def test_a_sideband_sees_the_session_hears_the_caller_and_is_answered_alone() -> None:
    async def scenario() -> None:
        async with ScriptedServer() as server, connect(server.live_url) as websocket:
            primary = LiveClient(websocket, out=io.StringIO(), timeout=10)
            async with primary.running():
                session = await start(primary)
                sideband = Sideband(await open_websocket(server.sideband_url(session.id), {}, 10))
                attached = sideband.expect(lv.LiveSessionStartedEvent, "session.started")
                receiving = asyncio.create_task(sideband.receive())
                assert (await sideband.wait(attached, "session.started")).session == session
                # a command of the sideband's own: answered there, naming it
                steer = lv.LiveSessionInstructionsAppendEvent(
                    event_id=sideband.next_id(), content="Offer Saturday first.", delegation_id=None
                )
                answer = await sideband.request(steer, lv.LiveSessionInstructionsAppendedEvent)
                assert answer.client_event_id == steer.event_id == "evt_client_1"
                # what only the primary sends: refused, by the command's id
                for refused, until in (
                    (
                        lv.LiveSessionStartEvent(
                            event_id=sideband.next_id(),
                            session=lv.LiveSessionRequest(model="gpt-live-1"),
                        ),
                        lv.LiveSessionStartedEvent,
                    ),
                    (
                        lv.LiveSessionInputAudioAppendEvent.from_pcm(
                            SPOKEN[:4800], event_id=sideband.next_id()
                        ),
                        lv.LiveSessionInputAudioEchoEvent,
                    ),
                ):
                    with pytest.raises(SessionError) as caught:
                        await sideband.request(refused, until)
                    assert str(caught.value) == (
                        f"the server refused {refused.type} {refused.event_id}: "
                        + NOT_A_SIDEBANDS.format(refused.type)
                    )
                # the primary's conversation, as ever
                await primary.send_audio(SPOKEN)
                delegation = await primary.delegated()
                await primary.comment(
                    book_repair(DEFAULT_LIVE_USER_TEXT), delegation_id=delegation.id
                )
                await primary.mute()
                await primary.unmute()
                closed = await primary.close_session()
            await asyncio.wait_for(receiving, 5)  # the server closed the sideband after the session
        assert sideband.closed == "the server closed the connection (code 1000)"
        primary_log, sideband_log = server.connections
        assert sideband_log.attached_to == session.id == closed.session_id
        # every message the sideband got is a known Live class of a sideband, nothing unknown
        for message in sideband.messages:
            event = lv.parse_event(message, strict=True, connection="sideband")
            payload = json.loads(message)
            assert type(event) is lv.EVENT_TYPES[payload["type"]]
            assert lv.unknown_fields(event) == [] and event.to_dict() == payload
        assert sideband.unknown == 0 and sideband.problems == []
        assert sideband.received == len(sideband.messages) == len(sideband_log.sent)
        # the caller's audio: every byte the primary sent, in order, one echo per append
        appends = [
            e for e in primary_log.received if isinstance(e, lv.LiveSessionInputAudioAppendEvent)
        ]
        assert bytes(sideband.heard) == bytes(primary_log.input_audio) == SPOKEN
        echoes = sideband.counts["session.input_audio.append"]
        assert echoes == len(appends) == 20
        # the session's events, as the primary got them, in order; the rest the sideband's own
        session_events = set(primary_log.sent)
        shared = [sent for sent in sideband_log.sent if sent in session_events]
        assert shared == primary_log.sent[1:]  # all but the session.started it attached after
        own = [sent.type for sent in sideband_log.sent if sent not in session_events]
        assert own == [
            "session.started",
            "session.instructions.appended",
            "error",
            "error",
            *["session.input_audio.append"] * echoes,
        ]
        assert sideband_log.sent[-1].type == "session.closed"
        # answered on the sideband only: the primary heard nothing of it
        assert primary.counts["session.instructions.appended"] == 0 and primary.counts["error"] == 0
        assert primary_log.refused == [] and len(sideband_log.refused) == 2
        SOCKET_FIGURES.append(
            f"Live sideband: {sideband.received} server events received ({echoes} echoes of"
            f" the caller's audio, {len(sideband.heard):,} bytes, equal to the primary's appends;"
            f" {len(shared)} of the session's events, as the primary got them), every one a"
            f" sideband class; 1 command answered on the sideband, 2 refused"
        )

    run(scenario)


def test_a_sideband_cannot_attach_to_a_session_that_is_not_running() -> None:
    async def scenario() -> None:
        async with ScriptedServer() as server:
            async with connect(server.live_url) as websocket:
                primary = LiveClient(websocket, out=io.StringIO(), timeout=10)
                async with primary.running():
                    session = await start(primary)
                    await primary.close_session()
            for session_id in ("live_u0_00000000000000000000", session.id):  # unknown, closed
                url = server.sideband_url(session_id)
                with pytest.raises(SessionError) as caught:
                    await open_websocket(url, {}, 10)
                assert str(caught.value) == (
                    f"{url} refused the connection: HTTP 404: No running Live session"
                    f" '{session_id}' to attach to: a sideband attaches to a session that has"
                    " started (its id is in session.started) and not closed."
                )

    run(scenario)
