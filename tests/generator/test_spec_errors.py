"""Spec mistakes: each gives one compiler-style message naming file, line and column.

Each case edits a copy of the mini spec; its expected message is checked in below (a snapshot).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codegen.diagnostics import SpecError
from codegen.pipeline import compile_spec, generate
from tests.helpers.support import MINI_SPEC, run_codegen

THINGS = "types/things.yaml"
EVENTS = "events/things.yaml"

# (file to edit, text to replace, replacement, expected diagnostics)
CASES: dict[str, tuple[str, str, str, list[str]]] = {
    "yaml syntax error": (
        EVENTS,
        "summary: A thing was created.",
        "summary: [A thing was created.",
        [
            "mini/events/things.yaml:5:16: error[E001] YAML syntax error: expected ',' or ']', but got ':'"
        ],
    ),
    "unknown key": (
        EVENTS,
        "    summary: A thing was created.",
        "    summery: A thing was created.",
        [
            "mini/events/things.yaml:3:3: error[E102] 'events.thing.created' is missing the key 'summary'",
            "mini/events/things.yaml:4:5: error[E101] unknown key 'summery' in 'events.thing.created'\n"
            "  hint: did you mean 'summary'?",
        ],
    ),
    "wrong value kind": (
        EVENTS,
        "versions: [v1, v2]",
        "versions: v1",
        [
            "mini/events/things.yaml:6:5: error[E103] 'events.thing.created.versions' must be a list, not text"
        ],
    ),
    "unknown type reference": (
        EVENTS,
        "thing: {type: Thing,",
        "thing: {type: Thign,",
        [
            "mini/events/things.yaml:8:7: error[E203] unknown type 'Thign' in field 'thing'\n"
            "  hint: did you mean 'Thing'?"
        ],
    ),
    "duplicate event": (
        EVENTS,
        "  thing.deleted:",
        "  thing.created:",
        [
            "mini/events/things.yaml:55:3: error[E002] duplicate key 'thing.created' (first at 3:3)\n"
            "  hint: remove or rename one of the two entries"
        ],
    ),
    "example does not match its fields": (
        EVENTS,
        '"size": "huge",',
        '"size": "enormous",',
        [
            "mini/events/things.yaml:21:15: error[E302] example 'A full thing': thing.size: 'enormous' "
            "matches none of the alternatives"
        ],
    ),
    "required field missing from an example": (
        EVENTS,
        '{"type": "thing.deleted", "thing_id": "thing_1"}',
        '{"type": "thing.deleted", "thing_ident": "thing_1"}',
        [
            # the object that lacks the field, then the key it does not declare
            "mini/events/things.yaml:66:11: error[E303] example 'Abbreviated deletion': "
            "thing_id: required field is missing",
            "mini/events/things.yaml:66:37: error[E302] example 'Abbreviated deletion': "
            "thing_ident: the spec declares no such field; declare it or remove it",
        ],
    ),
    "enum value outside the enum": (
        EVENTS,
        '"type": "red",',
        '"type": "blue",',
        [
            "mini/events/things.yaml:20:15: error[E304] example 'A full thing': thing.type: 'blue' is not "
            "a value of Colour (red, green)"
        ],
    ),
    "invalid JSON in an example": (
        EVENTS,
        '"from": "factory",',
        '"from": "factory",,',
        [
            "mini/events/things.yaml:18:33: error[E301] example is not valid JSON: Expecting property "
            "name enclosed in double quotes\n  hint: fix the JSON text"
        ],
    ),
    "field name not an identifier": (
        THINGS,
        "      anything: {",
        "      2nd: {type: string, description: Bad.}\n      anything: {",
        [
            "mini/types/things.yaml:19:7: error[E401] field '2nd' of Thing: '2nd' is not a valid Python "
            "identifier\n  hint: set 'python: {name: ...}' on the field to a valid, unused name"
        ],
    ),
    "field name clashes with a generated member": (
        THINGS,
        "      anything: {",
        "      to_dict: {type: string, description: Bad.}\n      anything: {",
        [
            "mini/types/things.yaml:19:7: error[E401] field 'to_dict' of Thing: 'to_dict' is a member "
            "every generated class defines\n  hint: set 'python: {name: ...}' on the field to a valid, unused name"
        ],
    ),
    "two events map to one class name": (
        EVENTS,
        "    summary: A thing was deleted.",
        "    name: ThingCreatedEvent\n    summary: A thing was deleted.",
        [
            "mini/events/things.yaml:55:3: error[E402] event 'thing.deleted' of protocol 'mini' is named 'ThingCreatedEvent', a name event 'thing.created' of protocol 'mini' already has (at mini/events/things.yaml:3:3)\n"
            "  hint: give the event a 'name', or rename the type",
        ],
    ),
    "cyclic reference": (
        THINGS,
        "      count: {type: integer, required: true,",
        "      count: {type: Thing, required: true,",
        [
            "mini/types/things.yaml:28:3: error[E204] type 'Part' refers to itself: Part -> Thing -> Part\n"
            "  hint: types must form a tree; break the cycle with an 'object' field"
        ],
    ),
    "expected field left out without saying so": (
        EVENTS,
        "        abbreviated: true\n",
        "",
        [
            "mini/events/things.yaml:65:11: error[E306] example 'Abbreviated deletion': leaves out "
            "event_id, which the API always sends"
        ],
    ),
    "unknown version": (
        EVENTS,
        "versions: [v2]",
        "versions: [v3]",
        [
            "mini/events/things.yaml:58:16: error[E205] event 'thing.deleted' names unknown version 'v3'\n"
            "  hint: known versions: v1, v2"
        ],
    ),
    "a typo among the versions is reported once, and not offered as a choice": (
        EVENTS,
        "versions: [v1]",
        "versions: [v1, v11]",
        [
            "mini/events/things.yaml:70:20: error[E205] event 'thing.removed' names unknown version 'v11'\n"
            "  hint: did you mean 'v1'? known versions: v1, v2"
        ],
    ),
    "misspelt primitive type": (
        THINGS,
        "count: {type: integer,",
        "count: {type: integr,",
        [
            "mini/types/things.yaml:33:15: error[E206] unknown type 'integr' in 'integr': use a primitive "
            "(string, integer, number, boolean, object, any), list[...], map[...] or a declared type name\n"
            "  hint: did you mean 'integer'?"
        ],
    ),
    "declared type written in lower case inside a list": (
        THINGS,
        'parts: {type: "list[Part]",',
        'parts: {type: "list[part]",',
        [
            "mini/types/things.yaml:16:15: error[E206] unknown type 'part' in 'list[part]': use a primitive "
            "(string, integer, number, boolean, object, any), list[...], map[...] or a declared type name\n"
            "  hint: did you mean 'Part'?"
        ],
    ),
    "example value deep inside a list": (
        EVENTS,
        '"parts": [{"name": "wheel", "count": null}],',
        '"parts": [{"name": "wheel", "count": null}, {"name": "axle", "count": "two"}],',
        [
            "mini/events/things.yaml:25:76: error[E302] example 'A full thing': thing.parts[1].count: "
            "expected integer, got string"
        ],
    ),
    "example key the spec does not declare, on a later line": (
        EVENTS,
        '"tags": ["a", "b"],',
        '"tags": ["a", 2],\n              "colour": "red",',
        [
            "mini/events/things.yaml:23:29: error[E302] example 'A full thing': thing.tags[1]: "
            "expected string, got integer",
            "mini/events/things.yaml:24:15: error[E302] example 'A full thing': thing.colour: "
            "the spec declares no such field; declare it or remove it",
        ],
    ),
    "union variant without its discriminator": (
        THINGS,
        "      kind: {type: string, required: true, enum: [sound], open: false, description: Always sound.}\n",
        "",
        [
            "mini/types/things.yaml:45:7: error[E207] variant 'sound' of union 'Attachment': SoundAttachment does not declare 'kind'\n"
            "  hint: declare 'kind' on SoundAttachment as required: true, enum: [sound], open: false"
        ],
    ),
    "union variant of an unknown type": (
        THINGS,
        "      image: ImageAttachment",
        "      image: ImageAtachment",
        [
            "mini/types/things.yaml:44:7: error[E203] unknown type 'ImageAtachment' in union 'Attachment'\n"
            "  hint: did you mean 'ImageAttachment'?"
        ],
    ),
    "renamed from an event that does not exist": (
        EVENTS,
        "renamed_from: thing.removed",
        "renamed_from: thing.erased",
        [
            "mini/events/things.yaml:55:3: error[E209] event 'thing.deleted' is renamed from 'thing.erased', which is not another event of the catalogue sent the same way\n"
            "  hint: name the older event's wire type"
        ],
    ),
    "a version without an example": (
        EVENTS,
        "        version: v2\n",
        "",
        [
            "mini/events/things.yaml:3:3: error[E307] event 'thing.created' has no example for version 'v2'\n"
            "  hint: add an example with 'version: v2'",
            "mini/events/things.yaml:41:11: error[E307] example 'A thing with attachments' needs a 'version' among v1, v2",
        ],
    ),
    "misspelt type in a direction's common field": (
        "catalogue.yaml",
        "          event_id:\n            type: string\n",
        "          event_id:\n            type: strng\n",
        [
            "mini/catalogue.yaml:42:13: error[E206] unknown type 'strng' in 'strng': use a primitive (string, integer, number, boolean, object, any), list[...], map[...] or a declared type name\n"
            "  hint: did you mean 'string'?",
        ],
    ),
    "a type word like no other": (
        THINGS,
        'parts: {type: "list[Part]",',
        'parts: {type: "list[qzxv]",',
        [
            "mini/types/things.yaml:16:15: error[E206] unknown type 'qzxv' in 'list[qzxv]': use a primitive "
            "(string, integer, number, boolean, object, any), list[...], map[...] or a declared type name"
        ],
    ),
    "a type expression that does not parse": (
        THINGS,
        'parts: {type: "list[Part]",',
        'parts: {type: "list[Part",',
        ["mini/types/things.yaml:16:15: error[E206] type 'list[Part' ends too early"],
    ),
    "a type named like a category's union": (
        THINGS,
        "types:\n",
        "types:\n  AnyThingsEvent:\n    kind: enum\n    summary: Clashes.\n    values: [a]\n",
        [
            "mini/catalogue.yaml:9:3: error[E402] category 'things' generates the name 'AnyThingsEvent', which type 'AnyThingsEvent' already uses\n"
            "  hint: set 'name: ...' on the event, or rename the type",
        ],
    ),
    "a type named like a direction's union": (
        THINGS,
        "types:\n",
        "types:\n  ClientEvent:\n    kind: enum\n    summary: Clashes.\n    values: [a]\n",
        [
            "mini/catalogue.yaml:45:7: error[E402] the client events of protocol 'mini' is named 'ClientEvent', a name type 'ClientEvent' already has (at mini/types/things.yaml:3:3)\n"
            "  hint: rename the type, or change the protocol's 'name'",
        ],
    ),
    "a package name that cannot be imported": (
        "catalogue.yaml",
        "python: {package: mini_events}",
        "python: {package: mini-events}",
        [
            "mini/catalogue.yaml:6:12: error[E401] the package name 'mini-events' cannot be imported\n"
            "  hint: use a Python identifier that is not a keyword: lowercase words joined by _",
        ],
    ),
    "an untagged member of an unknown type": (
        THINGS,
        "untagged: LegacyAttachment",
        "untagged: LegacyAtachment",
        [
            # at the union: the untagged member has no line of its own among the variants
            "mini/types/things.yaml:39:3: error[E203] unknown type 'LegacyAtachment' in union 'Attachment'\n"
            "  hint: did you mean 'LegacyAttachment'?"
        ],
    ),
    "an 'also' that does not parse": (
        THINGS,
        "also: ModeName",
        "also: 'list[ModeName'",
        [
            "mini/types/things.yaml:69:5: error[E206] type 'list[ModeName' ends too early",
        ],
    ),
    "an 'also' of an unknown type": (
        THINGS,
        "also: ModeName",
        "also: ModeNme",
        [
            "mini/types/things.yaml:65:3: error[E203] unknown type 'ModeNme' in union 'Mode'",
        ],
    ),
    "a format on a field that is not a string": (
        THINGS,
        "weight: {type: number, nullable: true,",
        "weight: {type: number, format: base64, nullable: true,",
        [
            "mini/types/things.yaml:13:30: error[E104] 'format: base64' applies to string fields only"
        ],
    ),
    "an inline enum on a field that is not a string": (
        THINGS,
        "priority: {type: integer, default: 1,",
        "priority: {type: integer, enum: [one], default: 1,",
        [
            "mini/types/things.yaml:22:33: error[E104] 'enum' applies to string or list[string] "
            "fields, not 'integer'\n  hint: declare a named enum type, or remove 'enum'"
        ],
    ),
    "bytes helper on a field that is not base64": (
        THINGS,
        "format: base64, python: {bytes_helper: data_bytes},",
        "python: {bytes_helper: data_bytes},",
        [
            "mini/types/things.yaml:58:53: error[E104] 'bytes_helper' needs 'format: base64' beside it"
        ],
    ),
    "type accessor on a field that is not an object": (
        THINGS,
        "data: {type: object, python: {type_accessor: data_kind},",
        "data: {type: any, python: {type_accessor: data_kind},",
        [
            "mini/types/things.yaml:18:34: error[E104] 'type_accessor' needs 'type: object' "
            "beside it"
        ],
    ),
    "an events file of an unknown protocol": (
        "events/relay_things.yaml",
        "protocol: relay",
        "protocol: rely",
        [
            "mini/events/relay_things.yaml:2:1: error[E205] events file names unknown protocol 'rely'\n"
            "  hint: did you mean 'relay'?",
        ],
    ),
    "a second protocol without a name": (
        "catalogue.yaml",
        "    name: Relay\n",
        "",
        [
            "mini/catalogue.yaml:50:3: error[E102] protocol 'relay' needs a 'name': the prefix of its names in generated code\n"
            "  hint: only the first protocol, the primary one, goes without",
        ],
    ),
    "versions in a protocol that has none": (
        "events/relay_things.yaml",
        "    fields:\n      thing_id",
        "    versions: [v1]\n    fields:\n      thing_id",
        [
            "mini/events/relay_things.yaml:8:5: error[E101] protocol 'relay' has no versions to list\n"
            "  hint: remove 'versions'",
        ],
    ),
    "an example of one version holding another version's type": (
        EVENTS,
        '{"kind": "sound", "data": "AAECAw=="}',
        '{"kind": "sound", "data": "AAECAw=="}, {"name": "older"}',
        [
            "mini/events/things.yaml:50:56: error[E308] example 'A thing with attachments': thing.attachments[2]: holds a LegacyAttachment, which only version v1 sends, in an example of version v2",
        ],
    ),
    "a lifecycle with a date that is not one": (
        "catalogue.yaml",
        "since: 2026-01-31",
        "since: January",
        [
            "mini/catalogue.yaml:28:11: error[E103] 'protocols.mini.versions.v1.lifecycle.since' must be a date written YYYY-MM-DD, not 'January'",
        ],
    ),
    "an event on a kind of connection its protocol does not have": (
        "events/relay_things.yaml",
        "connections: [tap]",
        "connections: [tapp, tap, tap]",
        [
            "mini/events/relay_things.yaml:16:19: error[E205] event 'thing.pinged' names unknown connection 'tapp'\n"
            "  hint: did you mean 'tap'? known connections: direct, tap",
            "mini/events/relay_things.yaml:16:30: error[E205] event 'thing.pinged' lists connection 'tap' twice",
        ],
    ),
    "kinds of connection on a protocol without any": (
        EVENTS,
        "  thing.created:\n",
        "  thing.created:\n    connections: [tap]\n",
        [
            "mini/events/things.yaml:4:19: error[E205] event 'thing.created' lists connection 'tap', but protocol 'mini' has no kinds of connection\n"
            "  hint: remove 'connections', or declare them under the protocol's 'connections'",
        ],
    ),
    "a catalogue version that is not semantic": (
        "catalogue.yaml",
        'version: "1.0.0"',
        'version: "1.0"',
        [
            "mini/catalogue.yaml:5:3: error[E104] the catalogue's version '1.0' is not MAJOR.MINOR.PATCH\n"
            "  hint: write it as three numbers, such as 0.2.0",
        ],
    ),
}


def broken_spec(tmp_path: Path, case: str) -> Path:
    spec = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, spec)
    file, old, new, _ = CASES[case]
    path = spec / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the edit for {case!r} must match once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return spec


def reported(spec: Path) -> list[str]:
    """What generating `spec` reports. The targets run only when load, the shape checks,
    lowering and the meaning checks found nothing, as in `generate`, which stops at the same
    place: most mistakes are found without building any target."""
    try:
        compile_spec(spec)
        generate(spec)  # reached only by a mistake that only a target can see
    except SpecError as error:
        return [d.render() for d in error.diagnostics]
    pytest.fail("the spec was accepted")


@pytest.mark.parametrize("case", sorted(CASES))
def test_spec_mistake_is_reported_with_its_location(tmp_path: Path, case: str) -> None:
    assert reported(broken_spec(tmp_path, case)) == CASES[case][3]


def test_the_cli_reports_errors_and_writes_nothing(tmp_path: Path) -> None:
    spec = broken_spec(tmp_path, "unknown type reference")
    out = tmp_path / "out"
    result = run_codegen("generate", "--spec", str(spec), "--out", str(out))
    assert result.returncode == 2
    assert "error[E203] unknown type 'Thign'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "1 error; nothing was written." in result.stderr
    assert not out.exists()


def test_the_mini_spec_itself_is_valid() -> None:
    catalogue = compile_spec(MINI_SPEC)
    assert [e.wire_type for e in catalogue.union.events] == [
        "thing.created",
        "thing.deleted",
        "thing.removed",
    ]


def test_a_direction_may_declare_no_common_fields(tmp_path: Path) -> None:
    spec = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, spec)
    catalogue_file = spec / "catalogue.yaml"
    common = (
        "        common_fields:\n"
        "          event_id: {type: string, description: An id the client may choose for its event.}\n"
    )
    text = catalogue_file.read_text(encoding="utf-8")
    assert text.count(common) == 1
    catalogue_file.write_text(text.replace(common, ""), encoding="utf-8")
    events = spec / "events" / "requests.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace(' "event_id": "client_1",', ""), encoding="utf-8"
    )
    catalogue = compile_spec(spec)
    server, client, _relay = catalogue.unions
    assert all(e.fields[0].wire_name == "event_id" for e in server.events)
    assert client.events and all(
        "event_id" not in {f.wire_name for f in e.fields} for e in client.events
    )


def test_every_example_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    spec = broken_spec(tmp_path, "invalid JSON in an example")  # the event's first example
    events = spec / EVENTS
    text = events.read_text(encoding="utf-8")
    broken = text.replace('"mode": "fast"', '"mode": "fast",')  # and its second
    assert broken.count('"fast",') == text.count('"fast",') + 1
    events.write_text(broken, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        compile_spec(spec)
    assert [(d.code, d.location.line) for d in caught.value.diagnostics] == [
        ("E301", 18),
        ("E301", 53),
    ]
