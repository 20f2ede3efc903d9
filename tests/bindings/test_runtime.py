"""The runtime's building blocks, each against expectations written out here by hand.

The rest of the suite reaches these through the catalogue's decoders, which use only some of
them (no event of the spec holds a list of numbers, say) and rarely look at a message word by
word. Every generated package carries this module, whatever its catalogue, so each piece is
pinned on its own: the checks for every JSON kind, error messages and paths, the JSON reading
and writing, and how records compare, hash, pickle and show themselves.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest
import realtime_events as rt
from realtime_events import _runtime

# One value of each JSON kind, and the word error messages use for it.
VALUES: list[tuple[Any, str]] = [
    (None, "null"),
    (True, "boolean"),
    (False, "boolean"),
    (0, "integer"),
    (-3, "integer"),
    (2.5, "number"),
    ("text", "'text'"),
    ([1], "array"),
    ({"a": 1}, "object"),
]
CHECKS: dict[str, tuple[Callable[[Any], Any], set[str]]] = {
    # check: the kinds it accepts
    "string": (_runtime.check_str, {"'text'"}),
    "integer": (_runtime.check_int, {"integer"}),
    "number": (_runtime.check_number, {"integer", "number"}),
    "boolean": (_runtime.check_bool, {"boolean"}),
    "object": (_runtime.check_object, {"object"}),
}


@pytest.mark.parametrize("expected", sorted(CHECKS))
def test_each_check_accepts_its_kinds_and_names_what_it_got(expected: str) -> None:
    check, accepted = CHECKS[expected]
    for value, kind in VALUES:
        if kind in accepted:
            assert check(value) is value
            continue
        with pytest.raises(_runtime.Invalid) as caught:
            check(value)
        assert caught.value.message == f"expected {expected}, got {kind}", value
        assert caught.value.path() == ""


def test_any_accepts_everything() -> None:
    for value, _ in VALUES:
        assert _runtime.check_any(value) is value


def test_describe_names_each_kind_and_quotes_only_short_strings() -> None:
    for value, kind in VALUES:
        assert _runtime.describe(value) == kind
    assert _runtime.describe("x" * 40) == repr("x" * 40)
    assert _runtime.describe("x" * 41) == "a string"
    assert _runtime.describe(()) == "tuple"  # not JSON: its Python type


def test_paths_join_keys_with_dots_and_indexes_without() -> None:
    error = _runtime.Invalid("bad").within("[3]").within("content").within("[0]").within("output")
    assert error.path() == "output[0].content[3]"
    assert str(error) == "bad"
    assert _runtime.Invalid.missing("id").path() == "id"
    assert _runtime.Invalid.missing("id").message == "required field is missing"
    assert _runtime.Invalid.wrong("n", "integer", "x").path() == "n"


def test_an_invalid_value_becomes_an_event_decode_error() -> None:
    inner = _runtime.Invalid.wrong("status", "string", 5).within("[1]").within("output")
    error = inner.to_error("response.done")
    assert isinstance(error, rt.EventDecodeError) and isinstance(error, ValueError)
    assert str(error) == "response.done: output[1].status: expected string, got integer"
    assert (error.event_type, error.path) == ("response.done", "output[1].status")
    bare = _runtime.Invalid("expected object, got array").to_error(None)
    assert str(bare) == "expected object, got array"
    assert (bare.event_type, bare.path) == (None, "")
    assert str(_runtime.Invalid("no").to_error("x.y")) == "x.y: no"


def test_decode_errors_from_parse_event_carry_the_event_type_and_path() -> None:
    with pytest.raises(rt.EventDecodeError) as caught:
        rt.parse_event({"type": "input_audio_buffer.cleared", "event_id": 5})
    error = caught.value
    assert str(error) == "input_audio_buffer.cleared: event_id: expected string, got integer"
    assert (error.event_type, error.path) == ("input_audio_buffer.cleared", "event_id")
    with pytest.raises(rt.EventDecodeError) as caught:
        rt.parse_event({"event_id": "e"})
    assert (caught.value.event_type, caught.value.path) == (None, "type")
    with pytest.raises(rt.EventDecodeError) as caught:
        rt.parse_event('{"type": 3}')
    assert str(caught.value) == "type: expected string, got integer"
    assert (caught.value.event_type, caught.value.path) == (None, "type")
    with pytest.raises(rt.EventDecodeError) as caught:
        rt.parse_event({"type": "no.such.event"}, strict=True)
    assert str(caught.value) == "no.such.event: unknown event type"
    assert (caught.value.event_type, caught.value.path) == ("no.such.event", "")


def test_lists_and_maps_name_the_item_that_fails() -> None:
    check = _runtime.check_number
    assert _runtime.decode_list([1, 2.5], check) == (1, 2.5)
    assert _runtime.decode_map({"a": 1}, check) == {"a": 1}
    with pytest.raises(_runtime.Invalid) as caught:
        _runtime.decode_list([1, 2, "3"], check)
    assert (caught.value.path(), caught.value.message) == ("[2]", "expected number, got '3'")
    with pytest.raises(_runtime.Invalid) as caught:
        _runtime.decode_map({"a": 1, "b": None}, check)
    assert (caught.value.path(), caught.value.message) == ("b", "expected number, got null")
    for decode, wrong, expected in [
        (_runtime.decode_list, {"a": 1}, "expected array, got object"),
        (_runtime.decode_map, [1], "expected object, got array"),
    ]:
        with pytest.raises(_runtime.Invalid) as caught:
            decode(wrong, check)
        assert (caught.value.path(), caught.value.message) == ("", expected)


def test_an_item_that_fails_only_once_is_named_by_a_question_mark() -> None:
    calls = 0

    def flaky(item: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise _runtime.Invalid("flaky")
        return item

    with pytest.raises(_runtime.Invalid) as caught:
        _runtime.decode_list([1, 2], flaky)
    assert caught.value.path() == "[?]"


def test_json_is_read_strictly() -> None:
    loads = _runtime.loads
    assert loads(' {"a": [1, 2.5, "é"]} \n') == {"a": [1, 2.5, "é"]}
    for text, message in [
        ("NaN", "NaN is not a JSON number"),
        ("[-Infinity]", "-Infinity is not a JSON number"),
        ("1e400", "number 1e400 is too large for a float"),
        ("1" * 30 + "e400", "number " + "1" * 24 + " is too large for a float"),
        ("-1e400", "number -1e400 is too large for a float"),
        ("\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig)"),
        ("{} x", "Extra data"),
        ("", "Expecting value"),
    ]:
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            loads(text)


def test_json_bytes_in_any_unicode_encoding_json_allows() -> None:
    payload = {"type": "x", "text": "héllo \U0001f600"}
    text = json.dumps(payload, ensure_ascii=False)
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        raw = text.encode(encoding)
        assert _runtime.loads_other(raw) == payload, encoding
        assert _runtime.loads_other(bytearray(raw)) == payload, encoding

    class Text(str):
        pass

    assert _runtime.loads_other(Text(text)) == payload


def test_json_is_written_compact_and_unescaped() -> None:
    assert (
        _runtime.dumps({"a": "é\U0001f600", "b": [1, None]}) == '{"a":"é\U0001f600","b":[1,null]}'
    )


def test_decoding_a_whole_object_checks_it_and_its_type() -> None:
    cls = rt.InputAudioBufferClearedEvent
    assert cls.from_dict({"type": "input_audio_buffer.cleared"}).event_id is None

    class Frozen(dict[str, Any]):
        pass

    from types import MappingProxyType

    proxy = MappingProxyType({"type": "input_audio_buffer.cleared", "event_id": "e"})
    assert cls.from_dict(proxy).event_id == "e"
    assert cls.from_dict(Frozen(proxy)).event_id == "e"
    for data, message, path in [
        ([], "input_audio_buffer.cleared: expected a JSON object, got array", ""),
        (
            {"type": "input_audio_buffer.committed"},
            "input_audio_buffer.cleared: type: expected 'input_audio_buffer.cleared',"
            " got 'input_audio_buffer.committed'",
            "type",
        ),
        ({}, "input_audio_buffer.cleared: type: expected 'input_audio_buffer.cleared', got null",
         "type"),
    ]:  # fmt: skip
        with pytest.raises(rt.EventDecodeError) as caught:
            cls.from_dict(data)  # type: ignore[arg-type]
        assert str(caught.value) == message
        assert caught.value.path == path
        assert caught.value.event_type == ("input_audio_buffer.cleared" if path else None)


def too_deep(value: Any) -> Any:
    raise RecursionError


def test_decoding_a_whole_object_that_nests_too_deeply() -> None:
    with pytest.raises(rt.EventDecodeError) as caught:
        _runtime.decode_root(too_deep, {}, "Label", event_type=None)
    assert str(caught.value) == "Label: payload is nested too deeply"
    assert caught.value.event_type is None
    with pytest.raises(rt.EventDecodeError) as caught:
        _runtime.decode_root(too_deep, {"type": "a.b"}, "Label", event_type="a.b")
    assert caught.value.event_type == "a.b"


def test_parsing_an_event_that_nests_too_deeply_names_its_type() -> None:
    # A spec's types form a tree, so only a payload reached near the recursion limit gets here.
    with pytest.raises(rt.EventDecodeError) as caught:
        _runtime.decode_event(lambda wire_type: too_deep, '{"type": "a.b"}', False, None)
    assert str(caught.value) == "a.b: payload is nested too deeply"
    assert caught.value.event_type == "a.b"
    assert caught.value.path == ""


def test_parsing_an_event_given_as_a_mapping_that_is_not_a_dict() -> None:
    from types import MappingProxyType

    known = {"type": "input_audio_buffer.cleared", "event_id": "e"}
    assert rt.parse_event(MappingProxyType(known)) == rt.parse_event(known)
    unknown = rt.parse_event(MappingProxyType({"type": "x.y", "a": [1]}))
    assert isinstance(unknown, rt.UnknownEvent)
    assert type(unknown.payload) is dict
    assert unknown.payload == {"type": "x.y", "a": [1]}


# Records: what every generated class inherits


def cleared(**extra: Any) -> rt.InputAudioBufferClearedEvent:
    return rt.InputAudioBufferClearedEvent(event_id="e1", extra_fields=extra)


def test_repr_shows_every_field_by_name() -> None:
    assert repr(cleared()) == "InputAudioBufferClearedEvent(event_id='e1', extra_fields={})"
    assert repr(cleared(x=[1])) == (
        "InputAudioBufferClearedEvent(event_id='e1', extra_fields={'x': [1]})"
    )
    assert repr(rt.MISSING) == "MISSING"
    assert repr(_runtime.NO_EXTRA) == "{}"


def test_base64_is_shortened_past_twice_what_repr_shows() -> None:
    shown = _runtime._BASE64_SHOWN
    assert _runtime._short_base64("A" * (2 * shown)) == repr("A" * (2 * shown))
    assert _runtime._short_base64("A" * (2 * shown + 1)) == (
        f"<base64, {2 * shown + 1:,} chars: {'A' * shown!r}...>"
    )
    assert _runtime._short_base64(None) == "None"


def test_equal_records_hash_alike_and_unknown_data_stays_out_of_the_hash() -> None:
    assert cleared() == cleared() and hash(cleared()) == hash(cleared())
    assert cleared(x=1) != cleared()
    assert hash(cleared(x=1)) == hash(cleared())  # unhashable JSON may sit in extra_fields
    assert hash(cleared(x=[1])) == hash(("e1",))
    other = rt.InputAudioBufferClearedEvent(event_id="e2")
    assert hash(other) != hash(cleared())


def test_records_pickle_and_copy_field_by_field() -> None:
    for record in (cleared(), cleared(x={"y": [1]}), rt.InputAudioBufferClearedEvent()):
        for clone in (pickle.loads(pickle.dumps(record)), copy.copy(record), copy.deepcopy(record)):
            assert clone == record and clone is not record
            assert type(clone) is type(record)
            assert clone.extra_fields == record.extra_fields
    assert pickle.loads(pickle.dumps(_runtime.NO_EXTRA)) is _runtime.NO_EXTRA
    with pytest.raises(ValueError):
        cleared().__setstate__(("e1",))  # a state of the wrong length is refused


def test_records_refuse_assignment_and_deletion_naming_the_field() -> None:
    record = cleared()
    with pytest.raises(dataclasses.FrozenInstanceError) as caught:
        record.event_id = "e2"  # type: ignore[misc]
    assert str(caught.value) == "cannot assign to field 'event_id'"
    with pytest.raises(dataclasses.FrozenInstanceError) as caught:
        del record.event_id  # type: ignore[misc]
    assert str(caught.value) == "cannot delete field 'event_id'"


def test_no_extra_fields_is_an_empty_mapping() -> None:
    empty = _runtime.NO_EXTRA
    assert len(empty) == 0 and list(empty) == [] and not empty
    assert dict(empty) == {} and empty == {}
    with pytest.raises(KeyError) as caught:
        empty["x"]
    assert caught.value.args == ("x",)
    assert not rt.MISSING and bool(rt.MISSING) is False


def test_dataclass_fields_say_what_dataclass_would() -> None:
    cls = rt.InputAudioBufferAppendEvent
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert list(fields) == list(cls.__slots__)
    assert fields["event_id"].default is None
    assert fields["audio"].default is dataclasses.MISSING
    assert fields["extra_fields"].default_factory is dict  # type: ignore[misc]
    assert fields["audio"].kw_only is True
    event = cls(audio="AAAA")
    replaced = dataclasses.replace(event, audio="BBBB")
    assert (replaced.audio, replaced.event_id, replaced.extra_fields) == ("BBBB", None, {})
    assert dataclasses.asdict(event) == {"event_id": None, "audio": "AAAA", "extra_fields": {}}


def test_unknown_objects_and_events_write_their_payload_back() -> None:
    payload = {"type": "part.new", "text": "é"}
    unknown = _runtime.UnknownObject(kind="part.new", payload=payload)
    assert (unknown.kind, unknown.to_dict(), unknown.to_json()) == (
        "part.new",
        payload,
        '{"type":"part.new","text":"é"}',
    )
    event = rt.UnknownEvent(type="x.y", payload={"type": "x.y"})
    assert (event.to_dict(), event.to_json()) == ({"type": "x.y"}, '{"type":"x.y"}')


def test_unknown_field_text_is_one_short_line() -> None:
    def text(value: Any) -> str:
        return str(_runtime.UnknownField(path="a.b[0]", kind="field", value=value))

    assert text(1) == "a.b[0]: field 1"
    assert text("x" * 58) == "a.b[0]: field " + repr("x" * 58)  # 60 characters: in full
    assert text("x" * 59) == "a.b[0]: field " + repr("x" * 59)[:57] + "..."


def test_unknown_fields_are_found_at_every_depth_with_their_path() -> None:
    event = rt.parse_event(
        {
            "type": "session.updated",
            "event_id": "e",
            "new_top": 1,
            "session": {
                "object": "realtime.session",
                "id": "s",
                "modalities": ["text", "smell"],
                "new_nested": {"k": True},
            },
        }
    )
    assert [(f.path, f.kind, f.value) for f in rt.unknown_fields(event)] == [
        ("session.modalities[1]", "enum value", "smell"),
        ("session.new_nested", "field", {"k": True}),
        ("new_top", "field", 1),
    ]
    assert rt.unknown_fields(rt.parse_event({"type": "input_audio_buffer.cleared"})) == []


def test_a_record_without_extra_fields_is_searched_too() -> None:
    found: list[_runtime.UnknownField] = []
    _runtime._search_record(rt.UnknownEvent(type="x", payload={"type": "x"}), "", found)
    assert found == []


def test_maps_and_lists_of_open_enum_values_are_searched_item_by_item() -> None:
    # No field of this catalogue is a map of enum values; another catalogue's may be.
    found: list[_runtime.UnknownField] = []
    _runtime._search({"a": "known", "b": ("new", "known")}, ("known",), "tags", found)
    assert [(f.path, f.kind, f.value) for f in found] == [("tags.b[0]", "enum value", "new")]
