"""The AsyncAPI target: an AsyncAPI 3.0 document of every protocol's connection and events.

A channel per protocol (its WebSocket endpoint, with the query parameters and headers of its ws
binding; or, for webhooks, the application's HTTPS endpoint), an operation per protocol and side
(`receive` the server's events, `send` the client's), and one message per event, tagged with its
protocol, category and versions. The payloads are the JSON Schema target's definitions, read
from its built document and placed under `components.schemas` in JSON Schema 2020-12 format: one
source, with each `#/$defs/...` reference pointed at the same definition's new place. AsyncAPI
tools validate schemas of their own dialect only; the 2020-12 definitions are held to
parse_event by the JSON Schema tests.

Written with PyYAML's safe dumper in a fixed order (never a template). docs.py hands each
message, and a page on the document, to the API reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import yaml

from ... import cache, format, naming
from ...format import Formatter
from ...ir import Catalogue, Connection, Event, EventUnion, Parameter, Protocol, thaw
from ...lifecycle import ended, retirement, sentence
from ...schema import HintShapes
from ..base import Output
from ..jsonschema import schema_file
from .docs import build_docs

ASYNCAPI_VERSION = "3.0.0"
FOLDER = "asyncapi"  # under the output root
SCHEMA_FORMAT = "application/schema+json;version=2020-12"
CONTENT_TYPE = "application/json"
WS_BINDING_VERSION = "0.1.0"
HTTP_BINDING_VERSION = "0.3.0"
# The server of a webhook protocol: the application's own endpoint.
APPLICATION = "application"

_DEFS = "#/$defs/"


def document_file(catalogue: Catalogue) -> str:
    return f"{catalogue.name}.asyncapi.yaml"


def build_document(catalogue: Catalogue, json_schema: Mapping[str, Any]) -> dict[str, Any]:
    """The whole document as plain data; `json_schema` is the JSON Schema target's document."""
    definitions: dict[str, Any] = json_schema["$defs"]
    messages = {event.name: message(catalogue, event) for event in catalogue.events}
    missing = sorted(name for name in messages if name not in definitions)
    if missing:
        raise ValueError(f"the JSON Schema document has no definition for {', '.join(missing)}")
    document: dict[str, Any] = {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:{catalogue.name}",
        "info": {
            "title": catalogue.title,
            "version": catalogue.version,
            "description": _info_description(catalogue),
            "tags": [{"$ref": f"#/components/tags/{key}"} for key in tag_definitions(catalogue)],
        },
        "defaultContentType": CONTENT_TYPE,
    }
    servers: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for protocol in catalogue.protocols:
        server_key, server = _server(protocol)
        servers.setdefault(server_key, server)
        # A protocol with kinds of connection has a channel for each, at its own address.
        for connection in protocol.connections or (None,):
            key = channel_key(protocol, connection)
            channels[key] = _channel(catalogue, protocol, server_key, server, connection)
            for index, union in enumerate(catalogue.unions_of(protocol.key)):
                carried = [e for e in union.events if _carries(catalogue, connection, e)]
                if carried:
                    name = operation_id(union, primary=index == 0, connection=connection)
                    operations[name] = operation(
                        catalogue, union, key, carried, primary=index == 0, connection=connection
                    )
    document["servers"] = servers
    document["channels"] = channels
    document["operations"] = operations
    document["components"] = {
        "schemas": {
            name: {"schemaFormat": SCHEMA_FORMAT, "schema": relocated(definition)}
            for name, definition in definitions.items()
        },
        "messages": messages,
        "tags": tag_definitions(catalogue),
    }
    return document


def _server(protocol: Protocol) -> tuple[str, dict[str, Any]]:
    """Where a protocol's events come from: the WebSocket host the client connects to, or the
    application's own HTTPS endpoint that receives webhooks."""
    if protocol.endpoint.url is None:
        return APPLICATION, {
            "host": "{host}",
            "protocol": "https",
            "description": "Your application's HTTPS endpoint, which OpenAI calls.",
            "variables": {"host": {"description": "The host name of your endpoint."}},
        }
    url = urlsplit(protocol.endpoint.url)
    key = (url.hostname or "server").replace(".", "-")
    return key, {
        "host": url.netloc,
        "protocol": url.scheme,
        "description": "The endpoint that serves these events.",
    }


def channel_key(protocol: Protocol, connection: Connection | None) -> str:
    """A protocol's channel (`realtime`), or one kind of connection's (`live-sideband`)."""
    return protocol.key if connection is None else f"{protocol.key}-{connection.key}"


def _carries(catalogue: Catalogue, connection: Connection | None, event: Event) -> bool:
    return connection is None or connection.key in catalogue.connections_of(event)


def _channel(
    catalogue: Catalogue,
    protocol: Protocol,
    server_key: str,
    server: dict[str, Any],
    connection: Connection | None,
) -> dict[str, Any]:
    events = [
        e
        for e in catalogue.events
        if e.protocol == protocol.key and _carries(catalogue, connection, e)
    ]
    url = (connection.url if connection else None) or protocol.endpoint.url
    address = urlsplit(url).path if url else None
    channel: dict[str, Any] = {"address": address} if address else {}
    title = protocol.title if connection is None else f"{protocol.title}, {connection.title}"
    description = _protocol_description(protocol)
    if connection is not None:
        description += f"\n\n{connection.title} connection: {connection.description}"
    channel |= {
        "title": title,
        "description": description,
        "servers": [{"$ref": f"#/servers/{server_key}"}],
        "messages": {e.name: {"$ref": f"#/components/messages/{e.name}"} for e in events},
    }
    # An address with `{name}` parts needs each declared as a channel parameter.
    names = re.findall(r"\{([^}]+)\}", address or "")
    if names:
        channel["parameters"] = {
            name: {"description": f"The `{name}` part of the address."} for name in names
        }
    version_headers = [h for v in protocol.versions for h in v.headers]
    headers = [*protocol.endpoint.headers, *version_headers]
    query = [*protocol.endpoint.query, *(connection.query if connection else ())]
    if server["protocol"] == "https":
        channel["bindings"] = {"http": {"method": "POST", "bindingVersion": HTTP_BINDING_VERSION}}
    elif query or headers:
        binding: dict[str, Any] = {"method": "GET"}
        if query:
            binding["query"] = _parameters(query, ())
        if headers:
            binding["headers"] = _parameters(headers, version_headers)
        channel["bindings"] = {"ws": {**binding, "bindingVersion": WS_BINDING_VERSION}}
    return channel


def _parameters(parameters: Sequence[Parameter], selecting: Sequence[Parameter]) -> dict[str, Any]:
    """Query parameters or headers as the ws binding's object schema; a header that selects a
    version is optional (leaving it out selects another)."""
    properties: dict[str, Any] = {}
    for parameter in parameters:
        schema: dict[str, Any] = {"type": "string", "description": parameter.description}
        if parameter.value is not None:
            schema["const"] = parameter.value
        properties[parameter.name] = schema
    required = [p.name for p in parameters if p.required and p not in selecting]
    return {"type": "object", "properties": properties, "required": required}


def operation_id(union: EventUnion, *, primary: bool, connection: Connection | None = None) -> str:
    """`receiveServerEvents`: the document describes a client application, which receives the
    first side's events of each protocol (a server's) and sends the others' (its own); on one
    kind of connection, `receiveLiveServerEventsOnSideband`."""
    on = "" if connection is None else "On" + naming.pascal_words(connection.key)
    return f"{'receive' if primary else 'send'}{union.name}s{on}"


def operation(
    catalogue: Catalogue,
    union: EventUnion,
    channel: str,
    events: Sequence[Event],
    *,
    primary: bool,
    connection: Connection | None = None,
) -> dict[str, Any]:
    side = union.direction
    protocol = catalogue.protocol(union.protocol)
    of = f" of the {protocol.title}"
    if connection is not None:
        of += f" on a {connection.title} connection"
    if primary:
        text = {
            "title": f"Receive the {side}'s events{of}",
            "summary": f"Every event the {side} sends{of}.",
            "description": f"Each message is one JSON object whose `{union.discriminator}` names "
            f"its event. The {side} may send events this document does not list yet: a client "
            "should keep working when one arrives.",
        }
    else:
        text = {
            "title": f"Send the {side}'s events{of}",
            "summary": f"Every event the {side} may send{of}.",
            "description": f"Each message is one JSON object whose `{union.discriminator}` names "
            "its event.",
        }
    return {
        "action": "receive" if primary else "send",
        "channel": {"$ref": f"#/channels/{channel}"},
        **text,
        "messages": [{"$ref": f"#/channels/{channel}/messages/{event.name}"} for event in events],
    }


def message(catalogue: Catalogue, event: Event) -> dict[str, Any]:
    name = event.name
    retired = retirement(catalogue, event)
    return {
        "name": event.wire_type,
        "title": naming.wire_type_title(event.wire_type),
        "summary": event.summary,
        "description": _description(catalogue, event),
        **({"deprecated": True} if retired else {}),
        "contentType": CONTENT_TYPE,
        "payload": {"$ref": f"#/components/schemas/{name}"},
        "examples": [
            {
                "name": f"{example.version or event.protocol}_{number}",
                "summary": example.title,
                "payload": thaw(example.payload),
            }
            for number, example in enumerate(event.examples, start=1)
        ],
        "tags": [
            {"$ref": f"#/components/tags/{key}"}
            for key in (
                _tag_key("protocol", event.protocol),
                _tag_key("category", event.category),
                *_version_tags(event),
            )
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
    """A tag for each protocol, each category, then each version, in catalogue order, by
    component key."""
    definitions = {
        _tag_key("protocol", p.key): {
            "name": f"protocol:{p.key}",
            "description": f"{p.title}: {p.summary}",
        }
        for p in catalogue.protocols
    }
    definitions |= {
        _tag_key("category", c.key): {
            "name": f"category:{c.key}",
            "description": f"{c.title}: {c.description.strip()}",
        }
        for c in catalogue.categories
    }
    for p in catalogue.protocols:
        for v in p.versions:
            definitions[_tag_key("version", v.key)] = {
                "name": f"version:{v.key}",
                "description": f"{p.title}, {v.title}: {v.description.strip()}",
            }
    return definitions


def _tag_key(kind: str, key: str) -> str:
    return f"{kind}-{key}"


def _version_tags(event: Event) -> list[str]:
    return [_tag_key("version", v) for v in event.versions]


def _info_description(catalogue: Catalogue) -> str:
    protocols = "\n".join(f"- **{p.title}**: {p.summary}" for p in catalogue.protocols)
    return f"{catalogue.description.strip()}\n\nProtocols:\n\n{protocols}"


def _protocol_description(protocol: Protocol) -> str:
    text = protocol.description
    for version in protocol.versions:
        text += f"\n\n**{version.title}**: {version.description}"
        if ended(version.lifecycle):
            text += f" {sentence(protocol, version, version.lifecycle)}"
    if protocol.lifecycle is not None and ended(protocol.lifecycle):
        text += f"\n\n{sentence(protocol, None, protocol.lifecycle)}"
    return text


def _description(catalogue: Catalogue, event: Event) -> str:
    protocol = catalogue.protocol(event.protocol)
    text = event.description.strip()
    if event.versions:
        titles = {v.key: v.title for v in protocol.versions}
        sent = ", ".join(titles[v] for v in event.versions)
        text += f"\n\nSent by: {sent}."
        if event.renamed_from:
            text += f" The same event in the other version: `{event.renamed_from}`."
    retired = retirement(catalogue, event)
    if retired:
        text += f"\n\n{retired}"
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
    """An AsyncAPI 3.0 document: a channel per protocol, and one message per event."""

    name = "asyncapi"
    requires: tuple[str, ...] = ("jsonschema",)
    hints = HintShapes()
    formatters: Mapping[str, Formatter] = {".yaml": format.text}

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        # Every document of the JSON Schema target holds every definition; read the first side's.
        built = inputs["jsonschema"].files[schema_file(catalogue, catalogue.union)]
        document = build_document(catalogue, json.loads(built))
        name = document_file(catalogue)
        docs = build_docs(f"{FOLDER}/{name}", document, dump)
        return Output(FOLDER, {name: dump(document)}, docs=docs)


TARGET = AsyncApiTarget()
