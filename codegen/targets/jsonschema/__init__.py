"""The JSON Schema target: draft 2020-12 documents that accept exactly what the bindings do.

One document per side that sends events (server, client), sharing every definition: each event,
object, enum and union is a `$defs` entry named like its Python class or alias. A document's root
is that side's events, told apart by `type`, plus one branch for an event type the catalogue does
not know. The schema says what the Python decoder accepts, no more and no less:
unknown fields pass at every level, open enums take any string, a union's unknown kind passes
as the decoder's UnknownObject does, and absent, null and present stay three cases.

Written with json.dumps (never a template); the Pydantic target reads it. docs.py hands the
definitions to the API reference, with a page on validating.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ... import format
from ...diagnostics import Diagnostic, Location
from ...format import Formatter
from ...ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
    Event,
    EventUnion,
    Field,
    ListType,
    LiteralType,
    MapType,
    ObjectType,
    Presence,
    Primitive,
    PrimitiveType,
    TypeDecl,
    TypeExpr,
    UnionType,
    thaw,
)
from ...lifecycle import retirement, type_retirement
from ...schema import HintShapes
from ..base import Output
from .docs import build_docs

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = "schema"  # under the output root

_PRIMITIVE_TYPES: dict[Primitive, list[str]] = {
    Primitive.STRING: ["string"],
    Primitive.INTEGER: ["integer"],
    # `integer` first: a generator that reads it keeps 1 an integer instead of making it 1.0.
    Primitive.NUMBER: ["integer", "number"],
    Primitive.BOOLEAN: ["boolean"],
    Primitive.OBJECT: ["object"],
}


# ECMA-262 pattern syntax characters, escaped where a known value goes into a pattern.
_PATTERN_SYNTAX = frozenset("^$\\.*+?()[]{}|")


def schema_file(catalogue: Catalogue, union: EventUnion) -> str:
    """One document per protocol and side: `realtime-server-events.schema.json` for the primary
    protocol's server events, `realtime-translation-server-events.schema.json` for another's."""
    base = catalogue.name.removesuffix("-events")
    protocol = "" if union.protocol == catalogue.primary.key else f"-{union.protocol}"
    return f"{base}{protocol}-{union.direction}-events.schema.json"


def known_events(union: EventUnion) -> str:
    """The `$defs` key of the union of one side's events: its neutral name (`ServerEvent`)."""
    return union.name


def unknown_event(union: EventUnion) -> str:
    """The `$defs` key of an event of that side whose type the catalogue does not know."""
    return "Unknown" + union.name


def event_definition(event: Event) -> str:
    """The `$defs` key of an event: its neutral name, which every target calls it by."""
    return event.name


def known_definition(union: str) -> str:
    """The `$defs` key of a union's known kinds, told apart by the discriminator."""
    return f"Known{union}"


def unknown_definition(union: str) -> str:
    """The `$defs` key of an object whose discriminator is a kind the union does not know."""
    return f"Unknown{union}"


def untagged_definition(union: str) -> str:
    """The `$defs` key of a union's untagged member, as the union admits it (no discriminator)."""
    return f"{union}Untagged"


def reference(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def none_of(values: list[str]) -> str:
    """A pattern that matches every string except the given ones.

    The end of the string is `(?![\\s\\S])`, not `$`, which also matches before a final newline.
    """
    escaped = ["".join("\\" + c if c in _PATTERN_SYNTAX else c for c in v) for v in values]
    return "^(?!(?:" + "|".join(escaped) + ")(?![\\s\\S]))"


# A pattern no string matches: a member that must not carry the discriminator at all.
NO_STRING = "^(?!)"


def build_schemas(catalogue: Catalogue) -> tuple[dict[str, dict[str, Any]], list[Diagnostic]]:
    """One document per side that sends events (file name to JSON data), and the names the
    builder could not give out. The documents share every definition; only the root differs."""
    builder = _Builder(catalogue)
    definitions = builder.definitions_of_all()
    documents = {
        schema_file(catalogue, union): builder.document(union, definitions)
        for union in catalogue.unions
        if union.events
    }
    return documents, builder.diagnostics


class _Builder:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.types = catalogue.types_by_name
        self.discriminator = catalogue.union.discriminator
        self.definitions: dict[str, Any] = {}
        self.owners: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []
        # A union that is a variant of another union is reached only through its parent's tag,
        # which its unknown kinds must therefore carry too.
        self.parent_tags: dict[str, dict[str, str]] = {}
        for declared in catalogue.types:
            if isinstance(declared, UnionType) and declared.discriminator is not None:
                for variant in declared.variants:
                    if isinstance(self.types[variant.type_name], UnionType):
                        tags = self.parent_tags.setdefault(variant.type_name, {})
                        tags[declared.discriminator] = variant.value

    def define(self, name: str, owner: str, location: Location, schema: dict[str, Any]) -> None:
        if name in self.owners:
            self.diagnostics.append(
                Diagnostic(
                    location,
                    "E402",
                    f"{owner} needs the JSON Schema definition '{name}', which "
                    f"{self.owners[name]} already uses",
                    "rename the type or the union",
                )
            )
            return
        self.owners[name] = owner
        self.definitions[name] = schema

    def definitions_of_all(self) -> dict[str, Any]:
        for event in self.catalogue.events:
            self.define(
                event_definition(event),
                f"event '{event.wire_type}'",
                event.location,
                self.event(event),
            )
        for declared in self.catalogue.types:
            self.declared(declared)
        for union in self.catalogue.unions:
            if union.events:
                self.event_union(union)
        return dict(sorted(self.definitions.items()))

    def document(self, union: EventUnion, definitions: dict[str, Any]) -> dict[str, Any]:
        name = schema_file(self.catalogue, union)
        protocol = self.catalogue.protocol(union.protocol)
        side = next(d for d in protocol.directions if d.key == union.direction)
        return {
            "$schema": DIALECT,
            # The catalogue's version is part of the id: documents of two versions never pass
            # for one another in a schema registry or a validator's cache.
            "$id": f"urn:{self.catalogue.name}:{self.catalogue.version}:{name}",
            "title": f"{protocol.title}: {side.title}",
            "description": side.description,
            "anyOf": [reference(known_events(union)), reference(unknown_event(union))],
            "$defs": definitions,
        }

    def event_union(self, union: EventUnion) -> None:
        known, unknown = known_events(union), unknown_event(union)
        events = union.events
        protocol = self.catalogue.protocol(union.protocol)
        direction = union.direction
        where = events[0].location
        self.define(
            known,
            f"the {direction} event union of {protocol.title}",
            where,
            {
                "title": known,
                "description": f"Every {direction} event of the {protocol.title} the catalogue "
                f"knows, told apart by its `{self.discriminator}`.",
                "oneOf": [reference(event_definition(event)) for event in events],
                "discriminator": {
                    "propertyName": self.discriminator,
                    "mapping": {e.wire_type: f"#/$defs/{event_definition(e)}" for e in events},
                },
            },
        )
        self.define(
            unknown,
            f"the {direction} event union of {protocol.title}",
            where,
            {
                "title": unknown,
                "description": f"A {direction} event of the {protocol.title} whose type the "
                "catalogue does not know (the API adds events over time); the bindings keep it "
                "whole.",
                "type": "object",
                "properties": {
                    self.discriminator: {
                        "type": "string",
                        "pattern": none_of([event.wire_type for event in events]),
                    }
                },
                "required": [self.discriminator],
            },
        )

    # --- declarations -------------------------------------------------------------------------

    def event(self, event: Event) -> dict[str, Any]:
        properties: dict[str, Any] = {
            self.discriminator: {
                "const": event.wire_type,
                "description": f"Always `{event.wire_type}`.",
            }
        }
        retired = retirement(self.catalogue, event)
        return {
            "title": event_definition(event),
            "description": _join(event.summary, event.description)
            + (f"\n\n{retired}" if retired else ""),
            **self.fields(event.fields, properties, [self.discriminator]),
            "examples": [thaw(example.payload) for example in event.examples],
            **({"deprecated": True} if retired else {}),
            "x-protocol": event.protocol,
            **({"x-versions": list(event.versions)} if event.versions else {}),
            **({"x-connections": list(event.connections)} if event.connections else {}),
            "x-category": event.category,
            **({"x-renamed-from": event.renamed_from} if event.renamed_from else {}),
        }

    def declared(self, declared: TypeDecl) -> None:
        owner = f"type '{declared.name}'"
        retired = type_retirement(self.catalogue, declared)
        head = {
            "title": declared.name,
            "description": _join(declared.summary, declared.description)
            + (f"\n\n{retired}" if retired else ""),
            **({"deprecated": True} if retired else {}),
        }
        if isinstance(declared, ObjectType):
            body = self.fields(declared.fields, {}, [])
        elif isinstance(declared, EnumType):
            body = self.enumeration(declared.enumeration)
        else:
            body = self.union(declared)
        self.define(declared.name, owner, declared.location, {**head, **body})

    def fields(
        self, fields: tuple[Field, ...], properties: dict[str, Any], required: list[str]
    ) -> dict[str, Any]:
        for f in fields:
            properties[f.wire_name] = {
                **self.field_value(f.type, f.enum, f.nullable),
                "description": f.description,
            }
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
        d = union.discriminator
        owner = f"union '{union.name}'"
        branches: list[dict[str, Any]] = []
        if d is not None and union.variants:
            self.define(
                known_definition(union.name),
                owner,
                union.location,
                {
                    "title": known_definition(union.name),
                    "description": f"A kind of {union.name} the catalogue knows.",
                    # one branch per member type: several tags may name one type, and a
                    # branch listed twice would make every payload of it match twice
                    "oneOf": [
                        reference(name)
                        for name in dict.fromkeys(v.type_name for v in union.variants)
                    ],
                    "discriminator": {
                        "propertyName": d,
                        "mapping": {v.value: f"#/$defs/{v.type_name}" for v in union.variants},
                    },
                },
            )
            parent = self.parent_tags.get(union.name, {})
            self.define(
                unknown_definition(union.name),
                owner,
                union.location,
                {
                    "title": unknown_definition(union.name),
                    "description": f"A kind of {union.name} the catalogue does not know "
                    "(the API adds kinds over time); kept whole.",
                    "type": "object",
                    "properties": {
                        **{tag: {"const": value} for tag, value in sorted(parent.items())},
                        d: {
                            "type": "string",
                            "pattern": none_of([v.value for v in union.variants]),
                        },
                    },
                    "required": [*sorted(parent), d],
                },
            )
            branches += [
                reference(known_definition(union.name)),
                reference(unknown_definition(union.name)),
            ]
        if union.untagged is not None:
            if d is not None and union.variants:
                self.define(
                    untagged_definition(union.name),
                    owner,
                    union.location,
                    {
                        "title": untagged_definition(union.name),
                        "description": f"{union.untagged} as a member of {union.name}: without "
                        f"`{d}` (a payload that has one is another member).",
                        **self.without(union.untagged, d),
                    },
                )
                branches.append(reference(untagged_definition(union.name)))
            else:
                branches.append(reference(union.untagged))
        if union.also is not None and union.name not in self.parent_tags:
            branches.append(self.value(union.also, None))
        return {"anyOf": branches}

    def without(self, member: str, tag: str) -> dict[str, Any]:
        """`member` where it may not have `tag`. A member that is itself a union with variants
        is spread into its member types (each without `tag`): `allOf` over a reference to a
        union is valid JSON Schema, but datamodel-code-generator turns it into a model that
        takes anything, and the Pydantic models must accept what the decoder accepts."""
        absent = {"properties": {tag: {"type": "string", "pattern": NO_STRING}}}
        declared = self.catalogue.types_by_name.get(member)
        if not (isinstance(declared, UnionType) and declared.variants):
            return {"allOf": [reference(member), absent]}
        members = [
            *dict.fromkeys(v.type_name for v in declared.variants),
            unknown_definition(member),
            *([declared.untagged] if declared.untagged is not None else []),
        ]
        return {"anyOf": [{"allOf": [reference(name), absent]} for name in members]}

    # --- values -------------------------------------------------------------------------------

    def field_value(
        self, expr: TypeExpr, enum: Enumeration | None, nullable: bool
    ) -> dict[str, Any]:
        """A field's value; `null` joins a primitive's types, or is one more alternative."""
        if not nullable:
            return self.value(expr, enum)
        if isinstance(expr, PrimitiveType) and enum is None and expr.primitive in _PRIMITIVE_TYPES:
            return {"type": [*_PRIMITIVE_TYPES[expr.primitive], "null"]}
        return {"anyOf": [self.value(expr, enum), {"type": "null"}]}

    def value(self, expr: TypeExpr, enum: Enumeration | None) -> dict[str, Any]:
        if isinstance(expr, PrimitiveType):
            if enum is not None:
                return self.enumeration(enum)
            if expr.primitive is Primitive.ANY:
                return {}
            types = _PRIMITIVE_TYPES[expr.primitive]
            return {"type": types[0] if len(types) == 1 else list(types)}
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
            return {"enum": list(enum.values)}
        # Open: the listed values are the known ones, any other string is kept as well.
        return {"anyOf": [{"enum": list(enum.values)}, {"type": "string"}]}


def _join(summary: str, description: str) -> str:
    return f"{summary}\n\n{description}" if description else summary


class JsonSchemaTarget:
    """A draft 2020-12 JSON Schema of every event, for validators in any language."""

    name = "jsonschema"
    requires: tuple[str, ...] = ()
    hints = HintShapes()
    formatters: Mapping[str, Formatter] = {".json": format.text}

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        documents, diagnostics = build_schemas(catalogue)
        if diagnostics:
            return Output(FOLDER, {}, tuple(diagnostics))
        files = {
            name: json.dumps(document, indent=2, ensure_ascii=False)
            for name, document in documents.items()
        }
        docs = build_docs(catalogue, FOLDER, documents, lambda union: schema_file(catalogue, union))
        return Output(FOLDER, files, docs=docs)


TARGET = JsonSchemaTarget()
