"""Whole Realtime Translation sessions over a real WebSocket on 127.0.0.1: the example's
`TranslationClient` against the scripted server's translations endpoint, both on
`realtime_events.translation`.

As in test_session_socket.py, each test runs the server and the client in one event loop, on an
ephemeral port, and compares what the server logged as sent with what the client reassembled.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import realtime_events as rt
import realtime_events.translation as tr
import realtime_events.webhooks as webhooks
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from examples import wav
from examples.connection import SessionError
from examples.realtime_client import RealtimeClient
from examples.scripted_server import (
    DEFAULT_SOURCE_TEXT,
    DEFAULT_TRANSLATIONS,
    Script,
    ScriptedServer,
    translated_voice,
)
from examples.translation_client import TranslationClient, translate_once
from tests.helpers.support import SOCKET_FIGURES

PCM = wav.read_pcm16(wav.QUESTION_WAV)

# Every class another protocol (or the other side) decodes to: a translation event must be none.
OTHER_CLASSES = {
    *rt.EVENT_TYPES.values(),
    *rt.CLIENT_EVENT_TYPES.values(),
    *webhooks.EVENT_TYPES.values(),
    *tr.CLIENT_EVENT_TYPES.values(),
}


@dataclass
class Connected:
    server: ScriptedServer
    client: TranslationClient
    receiving: asyncio.Task[None]
    out: io.StringIO

    @property
    def log(self) -> Any:
        return self.server.connections[0]


@asynccontextmanager
async def translating(script: Script | None = None) -> AsyncIterator[Connected]:
    """A translation client connected to a fresh server, receiving, past `session.created`."""
    async with ScriptedServer(script) as server:
        url = f"{server.translation_url}?model=gpt-realtime-translate"
        async with connect(url) as websocket:
            out = io.StringIO()
            client = TranslationClient(websocket, out=out, timeout=10)
            receiving = asyncio.create_task(client.receive())
            await client.session_created()
            try:
                yield Connected(server, client, receiving, out)
            finally:
                await websocket.close()
                await receiving


def run(scenario: Callable[[], Awaitable[None]], timeout: float = 60) -> None:
    """Run a scenario on a fresh event loop; a hang fails the test instead of stalling it."""

    async def bounded() -> None:
        await asyncio.wait_for(scenario(), timeout)

    asyncio.run(bounded())


def test_a_translation_session_reassembles_exactly_what_the_server_sent() -> None:
    async def scenario() -> None:
        async with translating() as s:
            assert s.log.protocol == "translation"
            result = await translate_once(s.client, PCM, language="de")
            await asyncio.wait_for(s.receiving, 5)  # the server hung up after session.closed
            record = s.log.translation
            # audio in: every appended byte arrived; audio out: as much translated speech
            assert s.log.input_audio == PCM
            assert result.audio == bytes(record.audio) == translated_voice(len(PCM))
            assert len(result.audio) == len(PCM)
            # both transcripts, whole, and as the server sent them
            assert result.source_transcript == record.source_transcript == DEFAULT_SOURCE_TEXT
            assert result.transcript == record.transcript == DEFAULT_TRANSLATIONS["de"]
            assert result.language == "de"
            # the ending: session.closed, the last event, then a clean close by the server
            assert record.closed and s.log.sent[-1].type == "session.closed"
            assert s.client.counts["session.closed"] == 1
            assert s.client.closed == "the server closed the connection (code 1000)"
            assert s.client.received == len(s.log.sent)
            assert s.client.sent == s.log.messages_received == len(s.log.received)
            assert s.client.problems == [] and s.log.refused == []
            assert s.client.session is not None and s.client.session.model == (
                "gpt-realtime-translate"
            )
            printed = s.out.getvalue().splitlines()
            assert printed[-3:] == [
                "[closed] 1.20 s of speech translated into de",
                f"  heard: {DEFAULT_SOURCE_TEXT}",
                f"  de: {DEFAULT_TRANSLATIONS['de']}",
            ]
            # the streamed lines, side by side, hold each transcript in order
            streamed = _streamed(printed[:-3])
            assert streamed == {"heard": DEFAULT_SOURCE_TEXT, "de": DEFAULT_TRANSLATIONS["de"]}
            assert len(printed) > 5  # the two sides interleaved as they streamed
            deltas = s.client.counts
            SOCKET_FIGURES.append(
                f"translation session: audio in {len(s.log.input_audio):,} bytes in"
                f" {s.client.sent - 2} appends, translated audio out {len(result.audio):,} bytes"
                f" in {deltas['session.output_audio.delta']} deltas; transcripts"
                f" {deltas['session.input_transcript.delta']} + "
                f"{deltas['session.output_transcript.delta']} deltas; server events sent"
                f" {len(s.log.sent)}, received {s.client.received}, ending with session.closed"
            )

    run(scenario)


def test_every_event_of_the_translation_server_is_a_translation_class_and_no_other() -> None:
    """The raw messages of a whole session, a refused one included, read back with
    `realtime_events.translation.parse_event`: each is exactly the translation class of its
    wire type, never a class of the Realtime API, of the webhooks or of the client side."""

    async def scenario() -> None:
        async with ScriptedServer() as server:
            async with connect(server.translation_url) as websocket:
                await websocket.send(
                    tr.TranslationSessionUpdateEvent(
                        event_id="c1",
                        session=tr.TranslationSessionRequest(
                            audio=tr.TranslationAudio(
                                input=tr.TranslationAudioInput(
                                    transcription=tr.TranslationTranscription(
                                        model="gpt-4o-transcribe"
                                    )
                                ),
                                output=tr.TranslationAudioOutput(language="fr"),
                            )
                        ),
                    ).to_json()
                )
                await websocket.send(rt.ResponseCreateEvent(event_id="c2").to_json())
                for start in range(0, len(PCM), 4800):
                    chunk = PCM[start : start + 4800]
                    await websocket.send(
                        tr.TranslationSessionInputAudioBufferAppendEvent.from_pcm(chunk).to_json()
                    )
                await websocket.send(tr.TranslationSessionCloseEvent(event_id="c3").to_json())
                messages = [message async for message in websocket]
        assert len(messages) == len(server.connections[0].sent)
        for message in messages:
            event = tr.parse_event(message, strict=True)
            payload = json.loads(message)
            assert type(event) is tr.EVENT_TYPES[payload["type"]]
            assert type(event) not in OTHER_CLASSES
            assert type(event).__module__.startswith("realtime_events.models.translation_")
            assert tr.unknown_fields(event) == []  # exactly the catalogue's shape
            assert event.to_dict() == payload  # and nothing lost
        kinds = [json.loads(message)["type"] for message in messages]
        assert set(kinds) == set(tr.EVENT_TYPES)  # every server event of the protocol
        assert kinds[0] == "session.created" and kinds[-1] == "session.closed"

    run(scenario)


def test_a_realtime_api_event_sent_to_the_translation_endpoint_gets_an_error_naming_it() -> None:
    async def scenario() -> None:
        async with translating() as s:
            # through the client: the request fails with the server's error, naming the event
            with pytest.raises(SessionError) as caught:
                await s.client.request(
                    rt.ResponseCreateEvent(event_id="evt_rt_1"), tr.TranslationSessionUpdatedEvent
                )
            assert str(caught.value) == (
                "the server refused response.create evt_rt_1: invalid_request_error"
                " invalid_value: response.create: unknown event type (param type)"
            )
            errors: list[rt.ErrorDetails] = []
            s.client.dispatcher.on(tr.TranslationErrorEvent)(
                lambda event: errors.append(event.error)
            )
            # a Realtime API session.update has a wire type this protocol knows, and a
            # session it does not: its `type` is refused, by name
            await s.client.send(
                rt.SessionUpdateEvent(
                    event_id="evt_rt_2", session=rt.RealtimeSessionRequest(instructions="Hi.")
                )
            )
            await s.client.send(rt.InputAudioBufferCommitEvent(event_id="evt_rt_3"))
            result = await translate_once(s.client, PCM, language="es")  # the session goes on
            assert [(e.event_id, e.code, e.param) for e in errors] == [
                ("evt_rt_2", "unknown_parameter", "session.type"),
                ("evt_rt_3", "invalid_value", "type"),
            ]
            assert all(error.type == "invalid_request_error" for error in errors)
            assert result.transcript == DEFAULT_TRANSLATIONS["es"]
            assert result.audio == translated_voice(len(PCM))
            assert s.log.sent[-1].type == "session.closed"

    run(scenario)


def test_invalid_client_events_get_an_error_naming_them_and_the_session_goes_on() -> None:
    update = tr.TranslationSessionUpdateEvent
    sends = {
        "not JSON": ("{", None, "invalid_json", None),
        "bad field": (
            '{"type": "session.input_audio_buffer.append", "event_id": "c1", "audio": 7}',
            "c1",
            "invalid_value",
            "audio",
        ),
        "odd bytes": (
            tr.TranslationSessionInputAudioBufferAppendEvent.from_pcm(
                b"\x01\x02\x03", event_id="c2"
            ).to_json(),
            "c2",
            "invalid_value",
            "audio",
        ),
        "not base64": (
            tr.TranslationSessionInputAudioBufferAppendEvent(event_id="c3", audio="?!").to_json(),
            "c3",
            "invalid_value",
            "audio",
        ),
        "Klingon": (
            update(
                event_id="c4",
                session=tr.TranslationSessionRequest(
                    audio=tr.TranslationAudio(output=tr.TranslationAudioOutput(language="tlh"))
                ),
            ).to_json(),
            "c4",
            "invalid_value",
            "session.audio.output.language",
        ),
        "unknown setting": (
            '{"type": "session.update", "event_id": "c5", "session": {"voice": "marin"}}',
            "c5",
            "unknown_parameter",
            "session.voice",
        ),
    }

    async def scenario() -> None:
        async with translating() as s:
            errors: list[rt.ErrorDetails] = []
            s.client.dispatcher.on("error")(lambda event: errors.append(event.error))
            for text, *_ in sends.values():
                await s.client.websocket.send(text)
            result = await translate_once(s.client, PCM, language="de")
            assert result.audio == bytes(s.log.translation.audio)
            assert len(errors) == len(sends)
            for (name, (_, event_id, code, param)), error in zip(
                sends.items(), errors, strict=True
            ):
                assert (error.event_id, error.code, error.param) == (event_id, code, param), name
            assert errors[4].message == (
                "Unsupported output language 'tlh': the scripted server translates into de, en,"
                " es, fr."
            )

    run(scenario)


def test_without_transcription_only_the_translation_is_transcribed() -> None:
    async def scenario() -> None:
        async with translating() as s:
            request = tr.TranslationSessionUpdateEvent(
                event_id="c1",
                session=tr.TranslationSessionRequest(
                    audio=tr.TranslationAudio(output=tr.TranslationAudioOutput(language="fr"))
                ),
            )
            updated = await s.client.request(request, tr.TranslationSessionUpdatedEvent)
            assert updated.session.audio.input is not None
            assert updated.session.audio.input.transcription is None  # the default: off
            await s.client.send_audio(PCM)
            result = await s.client.close_session()
            assert result.source_transcript == ""
            assert s.client.counts["session.input_transcript.delta"] == 0
            assert result.transcript == DEFAULT_TRANSLATIONS["fr"]
            assert len(result.audio) == len(PCM)
            assert "  heard: (no transcript: transcription is off)" in s.out.getvalue()

    run(scenario)


def test_the_endpoints_are_told_apart_by_path() -> None:
    async def scenario() -> None:
        async with ScriptedServer() as server:
            # a Realtime client on the Realtime path still gets a Realtime session
            async with connect(server.url) as websocket:
                client = RealtimeClient(websocket, out=io.StringIO(), timeout=5)
                async with client.running():
                    assert isinstance(await client.session_created(), rt.RealtimeSession)
            # and any other path is not found
            with pytest.raises(InvalidStatus, match="HTTP 404"):
                async with connect(server.url_for("/v1/realtime/translate")):
                    pass
        assert [log.protocol for log in server.connections] == ["realtime"]

    run(scenario)


def _streamed(lines: list[str]) -> dict[str, str]:
    """Each side's transcript from the lines the client streamed: each line starts with its
    side's label, and the client drops the space a piece starts with at the start of a line,
    so a side's lines join with one space."""
    sides: dict[str, list[str]] = {}
    for line in lines:
        label, _, text = line.partition(": ")
        sides.setdefault(label, []).append(text)
    return {label: " ".join(texts) for label, texts in sides.items()}
