"""The AsyncAPI target: an AsyncAPI 3.0 document of the connection and every server event.

One channel (the WebSocket connection, at the server the catalogue's `asyncapi:` hint names), one
`receive` operation, and one message per wire type, tagged with its category and versions. The
payloads are the JSON Schema target's definitions, read from its built document and placed under
`components.schemas` in JSON Schema 2020-12 format: one source, with each `#/$defs/...` reference
pointed at the same definition's new place. AsyncAPI tools validate schemas of their own dialect
only; the 2020-12 definitions are held to parse_event by the JSON Schema tests.

Written with PyYAML's safe dumper in a fixed order (never a template).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml

from .. import cache, format, naming
from ..format import Formatter
from ..ir import Catalogue, Event, EventUnion, thaw
from ..schema import HintShapes, MapOf, Record, Text
from .base import Output
from .jsonschema import event_definition, schema_file

ASYNCAPI_VERSION = "3.0.0"
# The version `info` states; the catalogue itself carries none.
DOCUMENT_VERSION = "0.1.0"
SCHEMA_FORMAT = "application/schema+json;version=2020-12"
CONTENT_TYPE = "application/json"
WS_BINDING_VERSION = "0.1.0"

SERVER = "realtime"
CHANNEL = "connection"

_DEFS = "#/$defs/"


def document_file(catalogue: Catalogue) -> str:
    return f"{catalogue.name}.asyncapi.yaml"


def build_document(catalogue: Catalogue, json_schema: Mapping[str, Any]) -> dict[str, Any]:
    """The whole document as plain data; `json_schema` is the JSON Schema target's document."""
    definitions: dict[str, Any] = json_schema["$defs"]
    messages = {event_definition(event): message(catalogue, event) for event in catalogue.events}
    missing = sorted(name for name in messages if name not in definitions)
    if missing:
        raise ValueError(f"the JSON Schema document has no definition for {', '.join(missing)}")
    server = catalogue.hints.get("asyncapi", "host")
    path = catalogue.hints.get("asyncapi", "path")
    query = catalogue.hints.get("asyncapi", "query")
    document: dict[str, Any] = {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:{catalogue.name}",
        "info": {
            "title": catalogue.title,
            "version": DOCUMENT_VERSION,
            "description": _info_description(catalogue),
            "tags": [{"$ref": f"#/components/tags/{key}"} for key in tag_definitions(catalogue)],
        },
        "defaultContentType": CONTENT_TYPE,
    }
    channel: dict[str, Any] = {"address": str(path.value)} if path is not None else {}
    channel |= {
        "title": "The connection",
        "description": "One connection carries one session: the client opens it, and the "
        "events of the session travel on it, in order, one JSON object per message.",
    }
    if server is not None:
        document["servers"] = {
            SERVER: {
                "host": str(server.value),
                "protocol": "wss",
                "description": "The WebSocket endpoint that serves these events.",
            }
        }
        channel["servers"] = [{"$ref": f"#/servers/{SERVER}"}]
    channel["messages"] = {name: {"$ref": f"#/components/messages/{name}"} for name in messages}
    if query is not None:
        assert isinstance(query.value, Mapping)
        parameters = {name: str(text) for name, text in query.value.items()}
        channel["bindings"] = {
            "ws": {
                "method": "GET",
                "query": {
                    "type": "object",
                    "properties": {
                        name: {"type": "string", "description": text}
                        for name, text in parameters.items()
                    },
                    "required": list(parameters),
                },
                "bindingVersion": WS_BINDING_VERSION,
            }
        }
    document["channels"] = {CHANNEL: channel}
    document["operations"] = {
        operation_id(union, primary=index == 0): operation(union, primary=index == 0)
        for index, union in enumerate(catalogue.unions)
        if union.events
    }
    document["components"] = {
        "schemas": {
            name: {"schemaFormat": SCHEMA_FORMAT, "schema": relocated(definition)}
            for name, definition in definitions.items()
        },
        "messages": messages,
        "tags": tag_definitions(catalogue),
    }
    return document


def operation_id(union: EventUnion, *, primary: bool) -> str:
    """`receiveServerEvents`: the document describes a client, which receives the first side's
    events (a server's) and sends the others' (its own)."""
    return f"{'receive' if primary else 'send'}{naming.pascal_words(union.direction)}Events"


def operation(union: EventUnion, *, primary: bool) -> dict[str, Any]:
    side = union.direction
    if primary:
        text = {
            "title": f"Receive the {side}'s events",
            "summary": f"Every event the {side} sends on the connection.",
            "description": f"Each message is one JSON object whose `{union.discriminator}` names "
            f"its event. The {side} may send events this document does not list yet: a client "
            "should keep working when one arrives.",
        }
    else:
        text = {
            "title": f"Send the {side}'s events",
            "summary": f"Every event the {side} may send on the connection.",
            "description": f"Each message is one JSON object whose `{union.discriminator}` names "
            "its event.",
        }
    return {
        "action": "receive" if primary else "send",
        "channel": {"$ref": f"#/channels/{CHANNEL}"},
        **text,
        "messages": [
            {"$ref": f"#/channels/{CHANNEL}/messages/{event_definition(event)}"}
            for event in union.events
        ],
    }


def message(catalogue: Catalogue, event: Event) -> dict[str, Any]:
    name = event_definition(event)
    return {
        "name": event.wire_type,
        "title": naming.wire_type_title(event.wire_type),
        "summary": event.summary,
        "description": _description(catalogue, event),
        "contentType": CONTENT_TYPE,
        "payload": {"$ref": f"#/components/schemas/{name}"},
        "examples": [
            {
                "name": f"{example.version}_{number}",
                "summary": example.title,
                "payload": thaw(example.payload),
            }
            for number, example in enumerate(event.examples, start=1)
        ],
        "tags": [
            {"$ref": f"#/components/tags/{key}"}
            for key in (_tag_key("category", event.category), *_version_tags(event))
        ],
    }


def relocated(schema: Any) -> Any:
    """`schema` with each reference into `#/$defs/` pointed at `components.schemas`.

    A definition `X` lives at `#/components/schemas/X/schema` here. Any other kind of reference
    would need a resolver this document cannot carry, so it is refused.
    """
    if isinstance(schema, list):
        return [relocated(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str):
            result[key] = _relocated_reference(value)
        elif key == "mapping" and isinstance(value, dict):  # a discriminator's targets
            result[key] = {k: _relocated_reference(v) for k, v in value.items()}
        else:
            result[key] = relocated(value)
    return result


def _relocated_reference(reference: Any) -> Any:
    if not isinstance(reference, str) or not reference.startswith(_DEFS):
        raise ValueError(f"cannot place the JSON Schema reference {reference!r} in AsyncAPI")
    name, _, rest = reference.removeprefix(_DEFS).partition("/")
    return f"#/components/schemas/{name}/schema" + (f"/{rest}" if rest else "")


def tag_definitions(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """A tag for each category, then for each version, in catalogue order, by component key."""
    definitions = {
        _tag_key("category", c.key): {
            "name": f"category:{c.key}",
            "description": f"{c.title}: {c.description.strip()}",
        }
        for c in catalogue.categories
    }
    for v in catalogue.versions:
        definitions[_tag_key("version", v.key)] = {
            "name": f"version:{v.key}",
            "description": f"{v.title}: {v.description.strip()}",
        }
    return definitions


def _tag_key(kind: str, key: str) -> str:
    return f"{kind}-{key}"


def _version_tags(event: Event) -> list[str]:
    return [_tag_key("version", v) for v in event.versions]


def _info_description(catalogue: Catalogue) -> str:
    versions = "\n".join(f"- **{v.title}**: {v.description}" for v in catalogue.versions)
    return f"{catalogue.description.strip()}\n\nAPI versions:\n\n{versions}"


def _description(catalogue: Catalogue, event: Event) -> str:
    titles = {v.key: v.title for v in catalogue.versions}
    sent = ", ".join(titles[v] for v in event.versions)
    text = f"{event.description.strip()}\n\nSent by: {sent}."
    if event.renamed_from:
        text += f" The same event in the other version: `{event.renamed_from}`."
    return text


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a literal block, which reads as the spec wrote it."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Dumper(yaml.SafeDumper):
    """PyYAML's own emitter, never libyaml's: libyaml is ten times faster here but breaks lines
    and escapes characters differently, and whether PyYAML has it depends on how it was built."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value written twice is written twice, without anchors


_Dumper.add_representer(str, _text)


def dump(document: dict[str, Any]) -> str:
    """The document as YAML; PyYAML's emitter is slow, so the text is cached by the document's
    content, PyYAML's version and this module's code."""
    entry_key = cache.key(
        cache.tool_version("PyYAML"), cache.source_of(__file__), json.dumps(document)
    )
    return cache.cached("asyncapi-yaml", entry_key, lambda: _emit(document))


def _emit(document: dict[str, Any]) -> str:
    text: str = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


class AsyncApiTarget:
    """An AsyncAPI 3.0 document: the connection, and one message per server event."""

    name = "asyncapi"
    requires: tuple[str, ...] = ("jsonschema",)
    hints = HintShapes(
        catalogue=Record(
            required={"host": Text(), "path": Text()},
            optional={"query": MapOf(Text())},
        )
    )
    formatters: Mapping[str, Formatter] = {".yaml": format.text}

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        # Every document of the JSON Schema target holds every definition; read the first side's.
        built = inputs["jsonschema"].files[schema_file(catalogue, catalogue.union.direction)]
        document = build_document(catalogue, json.loads(built))
        return Output("asyncapi", {document_file(catalogue): dump(document)})


TARGET = AsyncApiTarget()
