"""The generated classes behave as frozen, slotted dataclasses, without @dataclass's import cost."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys

import pytest
import realtime_events as rt

from tests.helpers.support import GENERATED

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
    # what a frozen dataclass raises, so code written for dataclasses catches it
    assert issubclass(rt.FrozenInstanceError, dataclasses.FrozenInstanceError)
    with pytest.raises(dataclasses.FrozenInstanceError, match="'delta'"):
        parsed.delta = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del parsed.delta  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.extra_fields = {}  # type: ignore[misc]
    assert not hasattr(parsed, "__dict__")


def test_importing_the_package_does_not_import_dataclasses() -> None:
    # dataclasses (and the inspect module it needs) would double the import time; the frozen
    # error class is looked up only when it is needed
    code = "import sys, realtime_events; print('dataclasses' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=GENERATED, check=True
    )
    assert result.stdout.strip() == "False"


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


def test_repr_shortens_long_base64_and_nothing_else() -> None:
    audio = "UklGRiQAAABXQVZF" * 400  # 6,400 characters, as an audio delta carries
    parsed = rt.parse_event({**DELTA, "delta": audio})
    assert isinstance(parsed, rt.ResponseOutputAudioDeltaEvent)
    shown = repr(parsed)
    assert len(shown) < 300 and "6,400 chars" in shown and audio[:24] in shown
    assert "response_id='resp_1'" in shown
    # the value itself stays whole
    assert parsed.delta == audio and parsed.to_dict()["delta"] == audio
    assert pickle.loads(pickle.dumps(parsed)).delta == audio
    assert parsed != dataclasses.replace(parsed, delta=audio[:-4])
    # short base64, and long text that is not base64, are shown in full
    assert "delta='AAEC'" in repr(event())
    transcript = "word " * 200
    text = rt.parse_event({**DELTA, "type": "response.output_text.delta", "delta": transcript})
    assert repr(transcript) in repr(text)


def test_the_base64_fields_are_those_the_spec_marks() -> None:
    from tests.helpers.support import catalogue, parser_for, protocol_module

    spec = catalogue()
    modules = [protocol_module(rt, spec, p.key) for p in spec.protocols]
    marked = 0
    for declared in spec.types:
        if not hasattr(declared, "fields"):
            continue
        # a type only another protocol uses is in that protocol's sub-package
        cls = next(getattr(m, declared.name) for m in modules if hasattr(m, declared.name))
        base64 = {f.wire_name for f in declared.fields if f.format == "base64"}
        assert cls._base64_fields == base64, declared.name
        marked += len(base64)
    for event in spec.events:  # every protocol's, both sides
        cls = type(parser_for(rt, spec, event)(event.examples[0].text))
        assert cls.type == event.wire_type, (event.protocol, event.wire_type)
        base64 = {f.wire_name for f in event.fields if f.format == "base64"}
        assert cls._base64_fields == base64, (event.protocol, event.wire_type)
        marked += len(base64)
    assert marked > 0


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


def test_a_variants_one_valued_tag_is_a_default() -> None:
    """A variant's discriminator holds one value only, so building the object need not repeat it;
    a wrong value is still a type error (a Literal) and a decode error."""
    item = rt.UserMessageItem(content=(rt.InputTextContent(text="Hi"),))
    assert (item.type, item.role) == ("message", "user")
    assert item.to_dict() == {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": "Hi"}],
    }
    fields = {f.name: f for f in dataclasses.fields(rt.PcmAudioFormat)}
    assert fields["type"].default == "audio/pcm"
    assert fields["rate"].default is None
    assert rt.PcmAudioFormat(rate=24000).to_dict() == {"type": "audio/pcm", "rate": 24000}
    with pytest.raises(rt.EventDecodeError, match="expected one of"):
        rt.PcmAudioFormat.from_dict({"type": "audio/pcmu"})
