"""The AsyncAPI target: a document the official parser accepts, with every wire type as a message
whose payload is the JSON Schema target's definition and whose examples that definition accepts.

The parser checks payload schemas only in its own dialect; 2020-12 correctness is
tests/targets/test_jsonschema.py's, and here the examples are validated with jsonschema through the
document's own references.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema
import yaml

from codegen import naming
from codegen.ir import Catalogue, thaw
from codegen.pipeline import compile_spec
from codegen.targets.asyncapi import (
    SCHEMA_FORMAT,
    build_document,
    document_file,
    dump,
    relocated,
)
from codegen.targets.jsonschema import build_schemas, event_definition, schema_file
from tests.helpers.support import GENERATED, MINI_SPEC, ROOT, catalogue

# Its module-level caches are costly to fill: one worker runs the whole module.
pytestmark = pytest.mark.xdist_group("asyncapi")

NODE = shutil.which("node") or "node"
VALIDATE = Path(__file__).resolve().parent / "asyncapi" / "validate.mjs"
GOLDEN = ROOT / "tests" / "golden" / "mini"
# libyaml's loader when PyYAML has it: the document is large for the pure-Python one
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def document_path(root: Path, spec: Catalogue) -> Path:
    return root / "asyncapi" / document_file(spec)


@cache
def real_document() -> dict[str, Any]:
    document: dict[str, Any] = yaml.load(
        document_path(GENERATED, catalogue()).read_text("utf-8"), Loader=LOADER
    )
    return document


@cache
def real_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (GENERATED / "schema" / schema_file(catalogue(), catalogue().union)).read_text("utf-8")
    )
    return schema


@cache
def parser_reports() -> tuple[dict[str, Any], ...]:
    """What @asyncapi/parser says about the real and the mini document, from one Node process."""
    if not (ROOT / "node_modules" / "@asyncapi" / "parser").exists():
        pytest.fail("node_modules is not installed: run `make test` (it runs npm ci)")
    paths = [document_path(GENERATED, catalogue()), document_path(GOLDEN, compile_spec(MINI_SPEC))]
    result = subprocess.run(
        [NODE, str(VALIDATE), *map(str, paths)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    reports: list[dict[str, Any]] = json.loads(result.stdout)
    return tuple(reports)


@pytest.mark.parametrize("index", [0, 1], ids=["spec", "mini"])
def test_the_official_parser_accepts_the_document(index: int) -> None:
    report = parser_reports()[index]
    assert report["version"] == "3.0.0"
    problems = [d for d in report["diagnostics"] if d["severity"] <= 1]  # errors and warnings
    assert problems == [], problems
    # The only note allowed: 3.1.0 exists. The document targets 3.0, which tools support widely.
    assert {d["code"] for d in report["diagnostics"]} <= {"asyncapi-latest-version"}
    assert report["payloadFormats"] == [SCHEMA_FORMAT]


@pytest.mark.parametrize("index", [0, 1], ids=["spec", "mini"])
def test_every_wire_type_is_a_message_of_its_sides_operation(index: int) -> None:
    """Each protocol's server events are received, its client's sent, on its own channel; on a
    protocol with kinds of connection, on each kind's channel, the events it carries."""
    spec = catalogue() if index == 0 else compile_spec(MINI_SPEC)
    operations = {o["id"]: o for o in parser_reports()[index]["operations"]}
    expected = {}
    for protocol in spec.protocols:
        for position, union in enumerate(spec.unions_of(protocol.key)):
            action = "receive" if position == 0 else "send"
            for connection in protocol.connections or (None,):
                on = "" if connection is None else "On" + naming.pascal_words(connection.key)
                carried = [
                    e.wire_type
                    for e in union.events
                    if connection is None or connection.key in spec.connections_of(e)
                ]
                if carried:
                    expected[f"{action}{union.name}s{on}"] = (action, carried)
    assert operations.keys() == expected.keys()
    for key, (action, carried) in expected.items():
        assert operations[key]["action"] == action
        assert operations[key]["messages"] == carried
    if index == 1:  # the mini relay's ping reaches a tap only
        assert "thing.pinged" not in operations["receiveRelayEventsOnDirect"]["messages"]


def test_payloads_are_the_json_schema_definitions_relocated() -> None:
    """One source: every definition of the JSON Schema document, and nothing else, with only its
    references changed to point at the same definitions here."""
    schemas = real_document()["components"]["schemas"]
    definitions = real_schema()["$defs"]
    assert list(schemas) == list(definitions)
    for name, definition in definitions.items():
        assert schemas[name] == {"schemaFormat": SCHEMA_FORMAT, "schema": relocated(definition)}
    for event in catalogue().events:
        message = real_document()["components"]["messages"][event_definition(event)]
        assert message["payload"] == {"$ref": f"#/components/schemas/{event_definition(event)}"}


def test_references_point_at_the_same_definitions() -> None:
    assert relocated({"$ref": "#/$defs/Response"}) == {
        "$ref": "#/components/schemas/Response/schema"
    }
    assert relocated({"a": [{"$ref": "#/$defs/X/properties/y"}]}) == {
        "a": [{"$ref": "#/components/schemas/X/schema/properties/y"}]
    }
    with pytest.raises(ValueError, match="cannot place the JSON Schema reference"):
        relocated({"$ref": "https://example.com/other.json"})


def validator_for(name: str) -> jsonschema.Draft202012Validator:
    """A 2020-12 validator for one payload, resolving references inside the AsyncAPI document."""
    uri = "urn:asyncapi-document"
    resource = referencing.Resource.from_contents(
        real_document(), default_specification=referencing.jsonschema.DRAFT202012
    )
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(uri, resource)
    schema = {"$ref": f"{uri}#/components/schemas/{name}/schema"}
    return jsonschema.Draft202012Validator(schema, registry=registry)


def test_every_message_example_is_valid_for_its_payload_and_a_wrong_one_is_not() -> None:
    messages = real_document()["components"]["messages"]
    for event in catalogue().events:
        name = event_definition(event)
        message = messages[name]
        validator = validator_for(name)
        assert [e["payload"] for e in message["examples"]] == [
            thaw(x.payload) for x in event.examples
        ]
        for example in message["examples"]:
            validator.validate(example["payload"])
        assert not validator.is_valid({**message["examples"][0]["payload"], "type": 7})


def test_messages_say_what_each_event_is() -> None:
    messages = real_document()["components"]["messages"]
    tags = real_document()["components"]["tags"]
    for event in catalogue().events:
        message = messages[event_definition(event)]
        assert message["name"] == event.wire_type
        assert message["title"] and message["summary"] == event.summary
        assert message["description"].startswith(event.description.strip())
        assert message["contentType"] == "application/json"
        names = {tags[ref["$ref"].rsplit("/", 1)[1]]["name"] for ref in message["tags"]}
        assert names == {
            f"protocol:{event.protocol}",
            f"category:{event.category}",
            *(f"version:{v}" for v in event.versions),
        }
        assert message.get("deprecated", False) == (event.versions == ("beta",))


def test_each_protocol_has_a_channel_at_its_endpoint() -> None:
    document = real_document()
    assert document["info"]["title"] == catalogue().title
    openai = document["servers"]["api-openai-com"]
    assert openai["host"] == "api.openai.com" and openai["protocol"] == "wss"
    realtime = document["channels"]["realtime"]
    assert realtime["address"] == "/v1/realtime"
    binding = realtime["bindings"]["ws"]
    assert binding["query"]["required"] == ["model"]
    assert binding["query"]["properties"]["model"]["type"] == "string"
    # the beta header selects a version, so it is optional; its value is fixed
    assert binding["headers"]["properties"]["OpenAI-Beta"]["const"] == "realtime=v1"
    assert binding["headers"]["required"] == ["Authorization"]
    assert "Retired since 2026-05-12" in realtime["description"]
    translation = document["channels"]["translation"]
    assert translation["address"] == "/v1/realtime/translations"
    assert translation["servers"] == [{"$ref": "#/servers/api-openai-com"}]
    webhooks = document["channels"]["webhooks"]
    assert "address" not in webhooks  # the application's own URL
    assert webhooks["servers"] == [{"$ref": "#/servers/application"}]
    assert webhooks["bindings"]["http"]["method"] == "POST"
    assert document["servers"]["application"]["protocol"] == "https"


def test_the_yaml_reads_back_as_the_document_even_with_hostile_text() -> None:
    spec = compile_spec(ROOT / "tests" / "specs" / "adversarial")
    schemas, _ = build_schemas(spec)
    document = build_document(spec, schemas[schema_file(spec, spec.union)])
    text = dump(document)
    assert yaml.load(text, LOADER) == document
    assert "&id" not in text and "*id" not in text  # no anchors or aliases
