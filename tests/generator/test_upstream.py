"""`codegen upstream` on small inputs: the JSON Schema reader, each kind of finding, declared
differences gone stale, snippets that paste into the spec, the output formats and exit codes.

The upstream document here is the mini spec's own JSON Schema output (tests/golden/mini/schema/)
put where an OpenAPI document keeps its schemas: read back, it says what the mini catalogue says,
so each test changes one thing in it and expects exactly the finding that change makes.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.cli import main
from codegen.diagnostics import Location, SpecError
from codegen.pipeline import compile_spec
from codegen.upstream.declared import Explained, explain, read_declarations
from codegen.upstream.editions import Edition
from codegen.upstream.reading import Finding, read
from codegen.upstream.report import SourceReport, render
from codegen.upstream.schema import SchemaReader
from codegen.upstream.sources import SourceError, read_openapi
from tests.helpers.support import ROOT

MINI = ROOT / "tests" / "specs" / "mini"
SCHEMAS = ROOT / "tests" / "golden" / "mini" / "schema"
EDITIONS = (
    Edition("openapi", "ServerEvent", "mini_server", "mini", "server", objects_only=True),
    Edition("openapi", "ClientEvent", "mini_client", "mini", "client", objects_only=True),
    Edition("openapi", "RelayEvent", "relay_server", "relay", "server"),
)


def mini_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name in ("mini-server-events", "mini-client-events", "mini-relay-server-events"):
        text = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        schemas.update(json.loads(text.replace("#/$defs/", "#/components/schemas/"))["$defs"])
    return {"openapi": "3.1.0", "components": {"schemas": schemas}}


def findings(
    tmp_path: Path,
    change: Callable[[dict[str, Any]], None] = lambda doc: None,
    editions: tuple[Edition, ...] = EDITIONS,
    spec: Path = MINI,
) -> list[Finding]:
    document = mini_document()
    change(document["components"]["schemas"])
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return read(compile_spec(spec), read_openapi(path, "openapi.json", editions)).findings


def added(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> list[Finding]:
    """The findings `change` makes, beyond those of the unchanged document."""
    before = {(f.kind, f.position) for f in findings(tmp_path)}
    return [f for f in findings(tmp_path, change) if (f.kind, f.position) not in before]


# --- the reader ----------------------------------------------------------------------------------


def test_the_reader_resolves_refs_all_of_nulls_enums_consts_and_maps() -> None:
    schemas = {
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "Thing": {
            "allOf": [{"$ref": "#/components/schemas/Base"}],
            "type": "object",
            "properties": {
                "a": {"type": ["string", "null"]},
                "b": {"type": "integer", "nullable": True},
                "c": {"anyOf": [{"type": "string", "enum": ["x", "y"]}, {"type": "null"}]},
                "d": {"const": "fixed"},
                "e": {"type": "object", "additionalProperties": {"type": "number"}},
                "f": {"type": "array", "items": {"$ref": "#/components/schemas/Base"}},
                "g": {"anyOf": [{"type": "string"}, {"type": "string", "enum": ["known"]}]},
                "h": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
            },
        },
    }
    reader = SchemaReader("doc", schemas, "#/components/schemas/", "#/components/schemas")
    shape, _ = reader.shape({"$ref": "#/components/schemas/Thing"}, "", "x")
    thing = reader.objects[shape.object or ""]
    assert list(thing.fields) == ["id", "a", "b", "c", "d", "e", "f", "g", "h"]
    assert thing.fields["id"].required and not thing.fields["a"].required
    assert thing.fields["a"].nullable and thing.fields["b"].nullable and thing.fields["c"].nullable
    assert thing.fields["c"].shape.enum == ("x", "y") and not thing.fields["c"].shape.open
    assert thing.fields["d"].shape.enum == ("fixed",)
    assert thing.fields["e"].shape.values is not None
    assert thing.fields["e"].shape.values.kinds == {"number"}
    items = thing.fields["f"].shape.items
    assert items is not None and items.object == "Base"
    # any string, one of them named: an open enum
    assert thing.fields["g"].shape.enum == ("known",) and thing.fields["g"].shape.open
    # a schema wrapped in allOf keeps its name
    assert thing.fields["h"].shape.object == "Base"


def test_the_reader_tells_union_members_apart_by_a_tag_and_nests_shared_values() -> None:
    def member(kind: str, role: str | None = None) -> dict[str, Any]:
        properties: dict[str, Any] = {"type": {"const": kind}}
        if role:
            properties["role"] = {"type": "string", "enum": [role]}
        return {"type": "object", "properties": properties}

    schemas = {
        "Item": {"anyOf": [member("message", "user"), member("message", "system"), member("call")]}
    }
    reader = SchemaReader("doc", schemas, "#/components/schemas/", "#/components/schemas")
    shape, _ = reader.shape({"$ref": "#/components/schemas/Item"}, "", "x")
    item = reader.objects[shape.object or ""]
    assert item.discriminator == "type" and set(item.variants) == {"message", "call"}
    message = reader.objects[item.variants["message"]]
    assert message.discriminator == "role" and set(message.variants) == {"user", "system"}


def test_a_dangling_ref_is_the_documents_fault(tmp_path: Path) -> None:
    def dangle(schemas: dict[str, Any]) -> None:
        schemas["Part"]["properties"]["name"] = {"$ref": "#/components/schemas/Nowhere"}

    with pytest.raises(SourceError, match="Nowhere points at no schema"):
        findings(tmp_path, dangle)


# --- each kind of finding ------------------------------------------------------------------------


def _drop_tags(schemas: dict[str, Any]) -> None:
    del schemas["Thing"]["properties"]["tags"]


def _add_field(schemas: dict[str, Any]) -> None:
    schemas["Part"]["properties"]["colour_code"] = {"type": "string", "enum": ["a", "b"]}
    schemas["Part"]["required"].append("colour_code")


def _retype(schemas: dict[str, Any]) -> None:
    schemas["Part"]["properties"]["name"] = {"type": "integer"}


def _null(schemas: dict[str, Any]) -> None:
    schemas["Part"]["properties"]["name"] = {"type": ["string", "null"]}


def _require(schemas: dict[str, Any]) -> None:
    schemas["Thing"]["required"] = [*schemas["Thing"].get("required", []), "priority"]


def _colour(schemas: dict[str, Any]) -> None:
    schemas["Colour"]["enum"].append("blue")


def _member(schemas: dict[str, Any]) -> None:
    video = copy.deepcopy(schemas["ImageAttachment"])
    video["properties"]["kind"] = {"const": "video"}
    schemas["VideoAttachment"] = video
    schemas["KnownAttachment"]["oneOf"].append({"$ref": "#/components/schemas/VideoAttachment"})


def _event(schemas: dict[str, Any]) -> None:
    schemas["ThingPolishedEvent"] = {
        "type": "object",
        "required": ["type", "shine"],
        "properties": {
            "type": {"const": "thing.polished"},
            "shine": {"type": "number"},
            "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
        },
    }
    schemas["ServerEvent"]["oneOf"].append({"$ref": "#/components/schemas/ThingPolishedEvent"})


KINDS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str, str]] = {
    "a field missing upstream": (_drop_tags, "extra", "Thing.tags", "no edition lists it"),
    "a field the catalogue lacks": (_add_field, "untyped", "Part.colour_code", "upstream lists"),
    "a JSON type": (_retype, "types", "Part.name", "adds JSON types ['string']"),
    "null": (_null, "types", "Part.name", "leaves out ['null']"),
    "required": (_require, "required", "Thing.priority", "makes it optional"),
    "an enum value": (_colour, "enums", "Colour", "leaves out ['blue']"),
    "a union member": (_member, "variant", "Attachment.kind=video", "no member of the union"),
    "an event": (_event, "events", "thing.polished", "an event the catalogue does not have"),
}


@pytest.mark.parametrize("case", list(KINDS))
def test_each_kind_of_difference_is_found(case: str, tmp_path: Path) -> None:
    change, kind, position, message = KINDS[case]
    found = [(f.kind, f.position, f.message) for f in added(tmp_path, change)]
    assert len(found) == 1 and found[0][:2] == (kind, position), found
    assert message in found[0][2]


def test_each_finding_points_at_the_spec_line_where_the_edit_belongs(tmp_path: Path) -> None:
    (field,) = added(tmp_path, _add_field)
    assert str(field.location).startswith("mini/types/things.yaml:")
    line = (MINI / "types" / "things.yaml").read_text().splitlines()[field.location.line - 1]
    assert line.strip() == "Part:"  # the object the field goes into
    (event,) = added(tmp_path, _event)
    assert event.location.file == "mini/events/things.yaml"  # its category's events file


def test_a_protocol_the_catalogue_lacks_is_one_finding(tmp_path: Path) -> None:
    live = Edition("openapi", "ServerEvent", "live_server", "live", "server")
    found = findings(tmp_path, editions=(live,))
    (protocol,) = [f for f in found if f.kind == "protocol"]
    assert protocol.position == "live" and "3 server events" in protocol.message
    assert protocol.location.file == "mini/catalogue.yaml"


# --- snippets ------------------------------------------------------------------------------------


def test_snippets_paste_into_the_spec_and_leave_only_the_prose_to_write(tmp_path: Path) -> None:
    (field,) = added(tmp_path, _add_field)
    (event,) = added(tmp_path, _event)
    spec = tmp_path / "mini"
    shutil.copytree(MINI, spec)
    types = spec / "types" / "things.yaml"
    data = yaml.safe_load(types.read_text(encoding="utf-8"))
    data["types"]["Part"]["fields"].update(yaml.safe_load(field.snippet))
    types.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    events = spec / "events" / "things.yaml"
    data = yaml.safe_load(events.read_text(encoding="utf-8"))
    data["events"].update(yaml.safe_load(event.snippet))
    events.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        compile_spec(spec)
    messages = [d.message for d in raised.value.diagnostics]
    # only the prose and the examples are missing: the types, enums and presence are valid
    assert messages and all(
        any(key in m for key in ("description", "summary", "examples")) for m in messages
    ), messages
    assert "colour_code:\n  type: string\n  required: true\n  enum: [a, b]\n" in field.snippet
    assert "versions:" not in event.snippet  # the edition lists no version
    assert "  fields:\n    shine:\n      type: number\n      required: true\n" in event.snippet
    # a list of an object the catalogue has no type for: free objects, and a note to declare one
    assert "parts:\n      # upstream's Part: declare an object type" in event.snippet
    assert "type: list[object]" in event.snippet


# --- declared differences ------------------------------------------------------------------------


def test_a_declared_difference_explains_its_finding_and_goes_stale_without_it(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "mini"
    shutil.copytree(MINI, spec)
    (spec / "reference.yaml").write_text(
        "extra:\n"
        "  - fields: [Thing.tags]\n"
        "    reason: The mini catalogue keeps its tags whatever upstream says.\n"
        "  - fields: [Thing.id]\n"
        "    against: [openapi]\n"
        "    reason: An id the upstream document lists all the same, so this goes stale.\n"
        "  - fields: [Thing.from]\n"
        "    against: [sdk]\n"
        "    reason: Concerns another source only, so it is neither used nor stale here.\n",
        encoding="utf-8",
    )
    document = mini_document()
    _drop_tags(document["components"]["schemas"])
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    catalogue = compile_spec(spec)
    reading = read(catalogue, read_openapi(path, "openapi.json", EDITIONS))
    declarations = read_declarations(spec / "reference.yaml", "reference.yaml")
    explained = explain(reading, declarations, catalogue, "openapi")
    assert [f.position for f, _ in explained.declared] == ["Thing.tags"]
    stale = [f for f in explained.findings if f.kind == "stale"]
    assert [(f.position, f.location.line) for f in stale] == [("Thing.id", 4)]
    assert "no longer a difference from openapi" in stale[0].message


# --- the command: formats and exit codes ---------------------------------------------------------

OPENAPI = ROOT / "tests" / "reference" / "openapi-realtime-2026-08-21.json"


def test_exit_0_when_nothing_differs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["upstream", str(ROOT / "tests" / "reference")]) == 0
    assert "reference (tests/reference): 0 findings" in capsys.readouterr().out


@pytest.mark.parametrize("form", ["text", "json", "github"])
def test_exit_1_on_findings_in_each_format(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["upstream", str(OPENAPI), "--format", form]) == 1
    out = capsys.readouterr().out
    if form == "json":
        (source,) = json.loads(out)["sources"]
        assert source["source"] == "openapi" and source["findings"]
        assert {"file", "line", "column", "kind", "position", "snippet"} <= set(
            source["findings"][0]
        )
    elif form == "github":
        lines = out.splitlines()
        assert lines and all(line.startswith("::warning file=spec/") for line in lines)
        assert all(",line=" in line and "::" in line[2:] for line in lines)
    else:
        assert out.startswith("openapi (tests/reference/openapi-realtime-2026-08-21.json): ")


def test_annotations_escape_newlines_and_percent_signs() -> None:
    where = Location("spec/types/x.yaml", 3, 5)
    finding = Finding("untyped", "A.b", "50% new", where, None, (), "a:\n  b\n")
    text = render([SourceReport("openapi", "doc", Explained((finding,), ()))], "github")
    assert text.startswith("::warning file=spec/types/x.yaml,line=3,col=5,")
    assert text.count("\n") == 1 and text.endswith("::A.b: 50%25 new%0Aa:%0A  b%0A\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file or folder"),
        ('{"openapi": "3.1.0",', "not valid JSON"),
        ('{"openapi": "3.1.0"}', "not an OpenAPI document"),
        ("openapi: [unclosed\n", "not valid YAML"),
    ],
)
def test_exit_2_when_the_source_cannot_be_read(
    content: str | None, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ("doc.yaml" if content and content.startswith("openapi:") else "doc.json")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["upstream", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("upstream: ") and message in line and "Traceback" not in line
