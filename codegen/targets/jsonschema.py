"""The JSON Schema target: one draft 2020-12 document that accepts exactly what the bindings do.

Every event, object, enum and union is a `$defs` entry named like its Python class or alias. The
root is the union of the events, told apart by `type`, plus one branch for an event type the
catalogue does not know. The schema says what the Python decoder accepts, no more and no less:
unknown fields pass at every level, open enums take any string, a union's unknown kind passes
as the decoder's UnknownObject does, and absent, null and present stay three cases.

Written with json.dumps (never a template); the Pydantic target reads it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .. import format, naming
from ..format import Formatter
from ..ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
    Event,
    Field,
    ListType,
    LiteralType,
    MapType,
    ObjectType,
    Presence,
    Primitive,
    PrimitiveType,
    TypeExpr,
    UnionType,
    thaw,
)
from ..schema import HintShapes
from .base import Output

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_PRIMITIVE_SCHEMA: dict[Primitive, dict[str, Any]] = {
    Primitive.STRING: {"type": "string"},
    Primitive.INTEGER: {"type": "integer"},
    Primitive.NUMBER: {"type": "number"},
    Primitive.BOOLEAN: {"type": "boolean"},
    Primitive.OBJECT: {"type": "object"},
    Primitive.ANY: {},
}

# The $defs entry of the root's forward-compatible branch.
UNKNOWN_EVENT = "UnknownServerEvent"
# The $defs entry of the union of the catalogue's own events.
SERVER_EVENT = "ServerEvent"


def schema_file(catalogue: Catalogue) -> str:
    """`realtime-events` -> `realtime-server-events.schema.json`."""
    return f"{catalogue.name.removesuffix('-events')}-server-events.schema.json"


def event_definition(event: Event) -> str:
    """The `$defs` key of an event: its Python class name (which a `python: {class_name}`
    hint may set), so that every target calls the event the same."""
    explicit = event.hints.get("python", "class_name")
    return str(explicit.value) if explicit else naming.event_class_name(event.wire_type)


def reference(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def build_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The whole document, as plain JSON data."""
    return _Builder(catalogue).document()


class _Builder:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.types = catalogue.types_by_name
        self.discriminator = catalogue.union.discriminator

    def document(self) -> dict[str, Any]:
        events = self.catalogue.union.events
        definitions: dict[str, Any] = {}
        for event in events:
            definitions[event_definition(event)] = self.event(event)
        for declared in self.catalogue.types:
            definitions[declared.name] = self.declared(declared)
        definitions[SERVER_EVENT] = {
            "title": SERVER_EVENT,
            "description": "Every event the catalogue knows, told apart by its "
            f"`{self.discriminator}`.",
            "oneOf": [reference(event_definition(event)) for event in events],
            "discriminator": {
                "propertyName": self.discriminator,
                "mapping": {
                    event.wire_type: f"#/$defs/{event_definition(event)}" for event in events
                },
            },
        }
        definitions[UNKNOWN_EVENT] = {
            "title": UNKNOWN_EVENT,
            "description": "An event whose type the catalogue does not know (the API adds "
            "events over time); the bindings keep it whole.",
            "type": "object",
            "properties": {
                self.discriminator: {
                    "type": "string",
                    "not": {"enum": [event.wire_type for event in events]},
                }
            },
            "required": [self.discriminator],
        }
        return {
            "$schema": DIALECT,
            "$id": f"urn:{self.catalogue.name}:{schema_file(self.catalogue)}",
            "title": self.catalogue.title,
            "description": self.catalogue.description,
            "anyOf": [reference(SERVER_EVENT), reference(UNKNOWN_EVENT)],
            "$defs": dict(sorted(definitions.items())),
        }

    # --- declarations -------------------------------------------------------------------------

    def event(self, event: Event) -> dict[str, Any]:
        properties: dict[str, Any] = {
            self.discriminator: {
                "const": event.wire_type,
                "description": f"Always `{event.wire_type}`.",
            }
        }
        return {
            "title": event_definition(event),
            "description": _join(event.summary, event.description),
            **self.fields(event.fields, properties, [self.discriminator]),
            "examples": [thaw(example.payload) for example in event.examples],
            "x-versions": list(event.versions),
            "x-category": event.category,
            **({"x-renamed-from": event.renamed_from} if event.renamed_from else {}),
        }

    def declared(self, declared: ObjectType | EnumType | UnionType) -> dict[str, Any]:
        head = {
            "title": declared.name,
            "description": _join(declared.summary, declared.description),
        }
        if isinstance(declared, ObjectType):
            return {**head, **self.fields(declared.fields, {}, [])}
        if isinstance(declared, EnumType):
            return {**head, **self.enumeration(declared.enumeration)}
        return {**head, **self.union(declared)}

    def fields(
        self, fields: tuple[Field, ...], properties: dict[str, Any], required: list[str]
    ) -> dict[str, Any]:
        for f in fields:
            schema = self.value(f.type, f.enum)
            if f.nullable:
                schema = {"anyOf": [schema, {"type": "null"}]}
            properties[f.wire_name] = {**schema, "description": f.description}
            if f.presence is Presence.REQUIRED:
                required.append(f.wire_name)
        return {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": True,  # unknown fields are kept, never an error
        }

    def union(self, union: UnionType) -> dict[str, Any]:
        """Branches that exclude each other, so that a payload matches exactly one: a known
        kind must be valid as that kind, an unknown kind passes whole, a payload without the
        discriminator is the untagged type, and a non-object is the `also` alternative."""
        branches: list[dict[str, Any]] = []
        d = union.discriminator
        for variant in union.variants:
            if isinstance(self.types[variant.type_name], UnionType):
                # A union within a union: its own unknown kind must still carry this kind.
                branches.append(
                    {
                        "allOf": [
                            {"properties": {d: {"const": variant.value}}, "required": [d]},
                            reference(variant.type_name),
                        ]
                    }
                )
            else:
                branches.append(reference(variant.type_name))
        if d is not None and union.variants:
            branches.append(
                {
                    "type": "object",
                    "properties": {
                        d: {"type": "string", "not": {"enum": [v.value for v in union.variants]}}
                    },
                    "required": [d],
                    "description": "A kind the catalogue does not know, kept whole.",
                }
            )
        if union.untagged is not None:
            if d is not None and union.variants:
                branches.append({"allOf": [reference(union.untagged), {"not": {"required": [d]}}]})
            else:
                branches.append(reference(union.untagged))
        if union.also is not None:
            branches.append(self.value(union.also, None))
        schema: dict[str, Any] = {"oneOf": branches}
        if d is not None and union.variants:
            schema["discriminator"] = {
                "propertyName": d,
                "mapping": {v.value: f"#/$defs/{v.type_name}" for v in union.variants},
            }
        return schema

    # --- values -------------------------------------------------------------------------------

    def value(self, expr: TypeExpr, enum: Enumeration | None) -> dict[str, Any]:
        if isinstance(expr, PrimitiveType):
            if enum is not None:
                return self.enumeration(enum)
            return dict(_PRIMITIVE_SCHEMA[expr.primitive])
        if isinstance(expr, LiteralType):
            return {"const": expr.value}
        if isinstance(expr, ChoiceType):
            return {"anyOf": [self.value(option, None) for option in expr.options]}
        if isinstance(expr, ListType):
            return {"type": "array", "items": self.value(expr.item, enum)}
        if isinstance(expr, MapType):
            return {"type": "object", "additionalProperties": self.value(expr.value, enum)}
        return reference(expr.name)

    def enumeration(self, enum: Enumeration) -> dict[str, Any]:
        if not enum.is_open:
            return {"type": "string", "enum": list(enum.values)}
        # Open: the listed values are the known ones, any other string is kept as well.
        return {"anyOf": [{"type": "string", "enum": list(enum.values)}, {"type": "string"}]}


def _join(summary: str, description: str) -> str:
    return f"{summary}\n\n{description}" if description else summary


class JsonSchemaTarget:
    """A draft 2020-12 JSON Schema of every event, for validators in any language."""

    name = "jsonschema"
    requires: tuple[str, ...] = ()
    hints = HintShapes()
    formatters: Mapping[str, Formatter] = {".json": format.text}

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        text = json.dumps(build_schema(catalogue), indent=2, ensure_ascii=False)
        return Output("schema", {schema_file(catalogue): text})


TARGET = JsonSchemaTarget()
