"""The generated classes behave as frozen, slotted dataclasses, without @dataclass's import cost."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
import realtime_events as rt

DELTA = {"type": "response.output_audio.delta", "event_id": "event_1", "response_id": "resp_1",
         "item_id": "item_1", "output_index": 0, "content_index": 0, "delta": "AAEC"}  # fmt: skip


def event() -> rt.ResponseOutputAudioDeltaEvent:
    parsed = rt.parse_event(DELTA)
    assert isinstance(parsed, rt.ResponseOutputAudioDeltaEvent)
    return parsed


def test_they_are_dataclasses() -> None:
    parsed = event()
    assert dataclasses.is_dataclass(parsed) and dataclasses.is_dataclass(rt.ResponseDoneEvent)
    names = [f.name for f in dataclasses.fields(parsed)]
    assert names == ["event_id", "response_id", "item_id", "output_index", "content_index",
                     "delta", "extra_fields"]  # fmt: skip
    fields = {f.name: f for f in dataclasses.fields(parsed)}
    assert fields["event_id"].default is None
    assert fields["delta"].default is dataclasses.MISSING
    assert all(f.kw_only for f in fields.values())
    changed = dataclasses.replace(parsed, delta="AAAA")
    assert changed.delta == "AAAA" and changed.response_id == "resp_1"
    assert type(changed) is type(parsed)
    assert dataclasses.asdict(parsed)["delta"] == "AAEC"


def test_they_are_frozen_and_slotted() -> None:
    parsed = event()
    with pytest.raises(rt.FrozenInstanceError):
        parsed.delta = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del parsed.delta  # type: ignore[misc]
    assert not hasattr(parsed, "__dict__")


def test_construction_equality_hash_repr_and_copies() -> None:
    built = rt.ResponseOutputAudioDeltaEvent(
        event_id="event_1", response_id="resp_1", item_id="item_1",
        output_index=0, content_index=0, delta="AAEC",
    )  # fmt: skip
    parsed = event()
    assert built == parsed and built.to_dict() == DELTA
    assert built != dataclasses.replace(built, delta="AAAA")
    assert built != object()
    assert repr(built).startswith("ResponseOutputAudioDeltaEvent(event_id='event_1', ")
    hashable = rt.RateLimit(name="tokens", limit=1, remaining=1, reset_seconds=1.5)
    assert hash(hashable) == hash(
        rt.RateLimit(name="tokens", limit=1, remaining=1, reset_seconds=1.5)
    )
    assert pickle.loads(pickle.dumps(parsed)) == parsed
    assert copy.deepcopy(parsed) == parsed and copy.copy(parsed) == parsed


def test_unknown_objects_and_events_are_records_too() -> None:
    unknown = rt.parse_event({"type": "response.sparkle", "x": 1})
    assert isinstance(unknown, rt.UnknownEvent)
    assert unknown == rt.UnknownEvent(
        type="response.sparkle", payload={"type": "response.sparkle", "x": 1}
    )
    with pytest.raises(AttributeError):
        unknown.type = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(unknown)) == unknown


def test_unknown_data_takes_part_in_equality() -> None:
    """Two events that differ only in fields the spec does not know are different events: the
    difference is data a relay would forward. Their hashes may agree (extra_fields is left out of
    the hash, which must not depend on arbitrary JSON), as equal objects' hashes must."""
    plain = event()
    extra = rt.parse_event({**DELTA, "padding": "xyz"})
    other_extra = rt.parse_event({**DELTA, "padding": "abc"})
    assert extra != plain and plain != extra
    assert extra != other_extra
    assert extra == rt.parse_event({**DELTA, "padding": "xyz"})
    nested = {"type": "rate_limits.updated", "event_id": "e", "rate_limits": [{"name": "tokens"}]}
    tagged = {**nested, "rate_limits": [{"name": "tokens", "window": "1m"}]}
    assert rt.parse_event(nested) != rt.parse_event(tagged)  # unknown data one level down
    assert rt.parse_event(tagged) == rt.parse_event(tagged)
