"""Client events in the Python package: every example round-trips through parse_client_event, the
wire types are the reference's, parse_client_event follows parse_event's rules, and from_pcm
encodes PCM. What mypy makes of building them is in tests/targets/test_typing.py.
"""

from __future__ import annotations

import base64
import json
import math
import struct

import pytest
import realtime_events as rt

from codegen.ir import Event, EventUnion, Example
from tests.helpers.spec_yaml import VERSIONS, read_spec, reference_events
from tests.helpers.support import canonical, catalogue, example_id, examples


def client_union() -> EventUnion:
    return next(union for union in catalogue().unions if union.direction == "client")


CLIENT_EXAMPLES = examples("client")


def test_the_spec_has_client_events_with_examples() -> None:
    assert len(CLIENT_EXAMPLES) > len(client_union().events) > 0


@pytest.mark.parametrize("pair", CLIENT_EXAMPLES, ids=[example_id(p) for p in CLIENT_EXAMPLES])
def test_client_example_round_trips(pair: tuple[Event, Example]) -> None:
    event, example = pair
    original = json.loads(example.text)
    parsed = rt.parse_client_event(example.text)
    assert type(parsed) is rt.CLIENT_EVENT_TYPES[event.wire_type]
    assert parsed.type == event.wire_type
    again = parsed.to_dict()
    assert again == original
    assert canonical(again) == canonical(original)  # no 1 for 1.0, no key order issues
    assert json.loads(parsed.to_json()) == original
    assert rt.parse_client_event(parsed.to_json()) == parsed
    assert rt.parse_client_event(original) == parsed  # an already decoded mapping
    assert rt.parse_client_event(example.text.encode("utf-8")) == parsed


def reference_client_types(version: str) -> set[str]:
    """The client reference's wire types of a version, with the differences reference.yaml lists."""
    edition = f"client_{version}"  # the client reference's edition of the version
    expected = set(reference_events(edition))
    for entry in read_spec().differences.get("events") or []:
        if entry.get(edition) == "added":
            expected.add(entry["event"])
        elif entry.get(edition) == "missing":
            expected.discard(entry["event"])
    return expected


@pytest.mark.parametrize("version", VERSIONS)
def test_client_wire_types_per_version_are_the_references(version: str) -> None:
    versions = {event.wire_type: event.versions for event in client_union().events}
    in_package = {wire for wire in rt.CLIENT_EVENT_TYPES if version in versions[wire]}
    assert in_package == reference_client_types(version)


def test_client_event_types_are_exactly_the_client_events() -> None:
    expected = set().union(*(reference_client_types(v) for v in VERSIONS))
    assert set(rt.CLIENT_EVENT_TYPES) == expected == set(read_spec(direction="client").events())
    assert not set(rt.CLIENT_EVENT_TYPES) & set(rt.EVENT_TYPES)  # the sides stay apart
    for wire_type, cls in rt.CLIENT_EVENT_TYPES.items():
        assert cls.type == wire_type
        assert cls.__name__ in rt.__all__


def test_parse_client_event_follows_the_rules_of_parse_event() -> None:
    unknown = rt.parse_client_event('{"type": "session.teleport", "to": "mars"}')
    assert isinstance(unknown, rt.UnknownEvent)
    assert unknown.to_dict() == {"type": "session.teleport", "to": "mars"}
    with pytest.raises(rt.EventDecodeError, match="session.teleport"):
        rt.parse_client_event({"type": "session.teleport"}, strict=True)
    # a server event is not a client event: a relay that mixes up the sides sees it at once
    assert isinstance(rt.parse_client_event({"type": "session.updated"}), rt.UnknownEvent)
    assert isinstance(rt.parse_event({"type": "session.update", "session": {}}), rt.UnknownEvent)
    with pytest.raises(rt.EventDecodeError, match=r"input_audio_buffer\.append: .*audio"):
        rt.parse_client_event('{"type": "input_audio_buffer.append"}')
    bad_rate = {
        "type": "session.update",
        "session": {"type": "realtime", "audio": {"input": {"format": {"type": "audio/pcm",
                    "rate": "24k"}}}},
    }  # fmt: skip
    with pytest.raises(rt.EventDecodeError, match=r"session\.audio\.input\.format\.rate"):
        rt.parse_client_event(bad_rate)
    with pytest.raises(rt.EventDecodeError, match="max_size"):
        rt.parse_client_event('{"type": "input_audio_buffer.commit"}', max_size=10)


def test_session_update_tells_the_three_shapes_apart() -> None:
    shapes = set()
    for event, example in CLIENT_EXAMPLES:
        if event.wire_type == "session.update":
            parsed = rt.parse_client_event(example.text)
            assert isinstance(parsed, rt.SessionUpdateEvent)
            shapes.add(type(parsed.session).__name__)
    assert shapes == {"BetaSessionRequest", "RealtimeSessionRequest", "TranscriptionSessionRequest"}


def pcm_tone(milliseconds: int, rate: int = 24000, hertz: float = 440.0) -> bytes:
    """Real 16-bit little-endian mono PCM: a sine at a tenth of full scale."""
    count = rate * milliseconds // 1000
    samples = (round(3276 * math.sin(2 * math.pi * hertz * i / rate)) for i in range(count))
    return struct.pack(f"<{count}h", *samples)


def test_from_pcm_encodes_raw_audio_and_round_trips() -> None:
    pcm = pcm_tone(100)  # 100 ms: 4,800 bytes
    event = rt.InputAudioBufferAppendEvent.from_pcm(pcm, event_id="event_mic_0001")
    assert event.audio == base64.b64encode(pcm).decode("ascii")
    assert event.to_dict() == {
        "type": "input_audio_buffer.append",
        "event_id": "event_mic_0001",
        "audio": base64.b64encode(pcm).decode("ascii"),
    }
    received = rt.parse_client_event(event.to_json())
    assert isinstance(received, rt.InputAudioBufferAppendEvent)
    assert received == event
    assert received.audio_bytes() == pcm
    assert rt.InputAudioBufferAppendEvent.from_pcm(b"").audio == ""


def test_the_examples_audio_is_whole_pcm_samples_and_rebuilds_the_same_event() -> None:
    for event, example in CLIENT_EXAMPLES:
        if event.wire_type != "input_audio_buffer.append":
            continue
        parsed = rt.parse_client_event(example.text)
        assert isinstance(parsed, rt.InputAudioBufferAppendEvent)
        audio = parsed.audio_bytes()
        assert len(audio) >= 160  # at least 20 ms of 8 kHz G.711, or 10 ms of 24 kHz PCM16
        rebuilt = rt.InputAudioBufferAppendEvent.from_pcm(audio, event_id=parsed.event_id)
        assert rebuilt == parsed


def test_a_variants_discriminator_need_not_be_repeated() -> None:
    item = rt.UserMessageItem(content=(rt.InputTextContent(text="Table for two, please."),))
    event = rt.ConversationItemCreateEvent(item=item)
    assert event.to_dict() == {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Table for two, please."}],
        },
    }
    assert rt.parse_client_event(event.to_json()) == event
