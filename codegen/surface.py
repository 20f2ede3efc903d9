"""What travels on the wire, in one neutral shape that any description of the protocols can take.

The catalogue (through `from_catalogue`) and an upstream description (OpenAI's OpenAPI document,
the official SDK's models, the reference facts under tests/reference/, through the readers in
codegen/upstream/) both become a `Surface`: per protocol and side, the events by wire type, and
the objects their fields reach, down to JSON kinds, presence, nullability, enum values and union
members. `codegen/compare.py` walks two surfaces side by side; `codegen upstream` and
`codegen diff` are two readings of what it finds.

A surface keeps the names its source gives its objects (`Response`, `RealtimeResponse`) and where
each thing is written (a spec file's line, or a document's JSON pointer), but compares by
position: an event's `response` field is matched with the other side's `response` field whatever
either side calls the object in it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from .diagnostics import Location
from .ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
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

# The JSON kinds a value may take. `any` is a value left untyped (any JSON).
KINDS = ("string", "integer", "number", "boolean", "object", "array", "any")


@dataclass(frozen=True, slots=True)
class Shape:
    """The shape of one value: JSON kinds, and what an array, a map or an object holds.

    An object is either named (`object`: an entry of `Surface.objects`, a record or a union) or
    a map with free keys (`values`); a value that is only `any` holds any JSON.
    """

    kinds: frozenset[str]  # a subset of KINDS; `integer` is also a `number` for comparisons
    enum: tuple[str, ...] = ()  # the string values it lists, in order
    open: bool = True  # with `enum`: other strings are taken too (False: only `enum`)
    items: Shape | None = None  # an array's items
    values: Shape | None = None  # a map's values
    object: str | None = None  # the named object (or union) an object value is


@dataclass(frozen=True, slots=True)
class FieldShape:
    name: str  # the wire name
    shape: Shape
    required: bool  # absence is an error (False: it may be absent)
    nullable: bool  # null is a value it takes
    location: Location  # where it is written
    default: str | None = None  # the documented default, as JSON text; None when there is none


@dataclass(frozen=True, slots=True)
class ObjectShape:
    """A record (`fields`) or a union of records told apart by `discriminator` (`variants`)."""

    name: str  # as its source names it
    fields: Mapping[str, FieldShape]  # by wire name, in source order; a union's are empty
    location: Location
    discriminator: str | None = None  # a union's
    variants: Mapping[str, str] = field(default_factory=dict)  # discriminator value -> object
    untagged: str | None = None  # a union's member for objects without the discriminator
    also: Shape | None = None  # a union's non-object alternative (a string mode, say)
    versions: tuple[str, ...] = ()  # the protocol versions it belongs to; () for all

    @property
    def is_union(self) -> bool:
        return self.discriminator is not None or self.untagged is not None


@dataclass(frozen=True, slots=True)
class EventShape:
    wire_type: str
    name: str  # the event's name in its source (`ResponseDoneEvent`)
    fields: Mapping[str, FieldShape]  # by wire name, `type` left out
    location: Location
    versions: tuple[str, ...] = ()  # the protocol versions that send it; () for all
    renamed_from: str | None = None  # the wire type of the same event in the older version
    category: str = ""
    connections: tuple[str, ...] = ()  # the kinds of connection that carry it; () for all


@dataclass(frozen=True, slots=True)
class SideShape:
    key: str  # `server`, `client`
    events: Mapping[str, EventShape]  # by wire type
    union: str = ""  # the name of the union of its events (`ServerEvent`)


@dataclass(frozen=True, slots=True)
class ProtocolShape:
    key: str  # the catalogue's key (`realtime`); an upstream reader maps its names to these
    sides: Mapping[str, SideShape]
    location: Location
    title: str = ""
    # The protocol's lifecycle status (`current`, `deprecated`, `retired`) per version; a
    # protocol without versions has one entry under "".
    lifecycle: Mapping[str, str] = field(default_factory=dict)
    connections: tuple[str, ...] = ()  # its kinds of connection; () when it has none


@dataclass(frozen=True, slots=True)
class Surface:
    """Everything one description says travels on the wire."""

    source: str  # what it was read from, for messages: `spec/`, a file, `openai 3.63.0`
    protocols: Mapping[str, ProtocolShape]
    objects: Mapping[str, ObjectShape]  # every named object its events reach, by name
    version: str = ""  # the description's own version (the catalogue's), if it has one

    def object(self, name: str) -> ObjectShape:
        return self.objects[name]


# --- the catalogue as a surface ---------------------------------------------------------------


def from_catalogue(
    catalogue: Catalogue, version: str | None = None, connection: str | None = None
) -> Surface:
    """The catalogue's surface; with `version`, as that version of each protocol that has it
    sends it (its events, and union members not marked for another version), as a decoder
    narrowed with `version=` reads it; with `connection`, only the events that kind of
    connection carries in each protocol that has it (as `connection=` narrows a decoder)."""

    def keeps(versions: tuple[str, ...], protocol_versions: set[str]) -> bool:
        return (
            version is None
            or not versions
            or version not in protocol_versions
            or (version in versions)
        )

    def carried(connections: tuple[str, ...], protocol_kinds: list[str]) -> bool:
        return (
            connection is None
            or not connections
            or connection not in protocol_kinds
            or connection in connections
        )

    all_versions = {v.key for p in catalogue.protocols for v in p.versions}
    objects: dict[str, ObjectShape] = {}
    for declared in catalogue.types:
        if isinstance(declared, EnumType) or not keeps(declared.versions, all_versions):
            continue
        objects[declared.name] = _object_shape(declared, catalogue, version, all_versions)
    protocols = {}
    for protocol in catalogue.protocols:
        own = {v.key for v in protocol.versions}
        kinds = [c.key for c in protocol.connections]
        sides = {}
        for union in catalogue.unions_of(protocol.key):
            events = {
                e.wire_type: EventShape(
                    wire_type=e.wire_type,
                    name=e.name,
                    fields=_fields(e.fields, catalogue),
                    location=e.location,
                    versions=e.versions,
                    renamed_from=e.renamed_from,
                    category=e.category,
                    connections=e.connections,
                )
                for e in union.events
                if keeps(e.versions, own) and carried(e.connections, kinds)
            }
            sides[union.direction] = SideShape(union.direction, events, union.name)
        lifecycle = {v.key: v.lifecycle.status.value for v in protocol.versions}
        if protocol.lifecycle is not None:
            lifecycle[""] = protocol.lifecycle.status.value
        protocols[protocol.key] = ProtocolShape(
            protocol.key, sides, protocol.location, protocol.title, lifecycle, tuple(kinds)
        )
    return Surface(catalogue.source + "/", protocols, objects, catalogue.version)


def _object_shape(
    declared: ObjectType | UnionType,
    catalogue: Catalogue,
    version: str | None,
    all_versions: set[str],
) -> ObjectShape:
    if isinstance(declared, ObjectType):
        return ObjectShape(
            declared.name,
            _fields(declared.fields, catalogue),
            declared.location,
            versions=declared.versions,
        )

    def kept(name: str) -> bool:
        member = catalogue.types_by_name[name]
        versions = getattr(member, "versions", ())
        return (
            version is None or not versions or version not in all_versions or (version in versions)
        )

    return ObjectShape(
        declared.name,
        {},
        declared.location,
        discriminator=declared.discriminator,
        variants={v.value: v.type_name for v in declared.variants if kept(v.type_name)},
        untagged=declared.untagged
        if declared.untagged is not None and kept(declared.untagged)
        else None,
        also=None if declared.also is None else shape_of(declared.also, None, catalogue),
        versions=declared.versions,
    )


def _fields(fields: tuple[Field, ...], catalogue: Catalogue) -> dict[str, FieldShape]:
    return {
        f.wire_name: FieldShape(
            f.wire_name,
            shape_of(f.type, f.enum, catalogue),
            f.presence is Presence.REQUIRED,
            f.nullable,
            f.location,
            json.dumps(thaw(f.default), sort_keys=True) if f.has_default else None,
        )
        for f in fields
    }


_PRIMITIVE_KINDS = {
    Primitive.STRING: "string",
    Primitive.INTEGER: "integer",
    Primitive.NUMBER: "number",
    Primitive.BOOLEAN: "boolean",
    Primitive.OBJECT: "object",
    Primitive.ANY: "any",
}


def shape_of(expr: TypeExpr, enum: Enumeration | None, catalogue: Catalogue) -> Shape:
    """The shape of a value of `expr`, its strings constrained by `enum`."""
    if isinstance(expr, PrimitiveType):
        kind = _PRIMITIVE_KINDS[expr.primitive]
        if kind == "object":
            return Shape(frozenset({"object"}), values=Shape(frozenset({"any"})))
        if kind == "string" and enum is not None:
            return Shape(frozenset({"string"}), enum.values, enum.is_open)
        return Shape(frozenset({kind}))
    if isinstance(expr, LiteralType):
        return Shape(frozenset({"string"}), (expr.value,), open=False)
    if isinstance(expr, ChoiceType):
        merged: Shape | None = None
        for option in expr.options:
            one = shape_of(option, None, catalogue)
            merged = one if merged is None else merge(merged, one)
        assert merged is not None
        return merged
    if isinstance(expr, ListType):
        return Shape(frozenset({"array"}), items=shape_of(expr.item, enum, catalogue))
    if isinstance(expr, MapType):
        return Shape(frozenset({"object"}), values=shape_of(expr.value, enum, catalogue))
    declared = catalogue.types_by_name[expr.name]
    if isinstance(declared, EnumType):
        values = declared.enumeration
        return Shape(frozenset({"string"}), values.values, values.is_open)
    shape = Shape(frozenset({"object"}), object=expr.name)
    if isinstance(declared, UnionType) and declared.also is not None:
        also = shape_of(declared.also, None, catalogue)
        shape = merge(shape, also)
    return shape


def merge(first: Shape, second: Shape) -> Shape:
    """A value of either shape. Strings: a free string in either makes the merge take any
    string; otherwise the enums' values, in order, open if either is."""
    free = ("string" in first.kinds and not first.enum) or (
        "string" in second.kinds and not second.enum
    )
    enum = () if free else first.enum + tuple(v for v in second.enum if v not in first.enum)
    opened = (
        True
        if free or not enum
        else ((first.open if first.enum else False) or (second.open if second.enum else False))
    )
    return Shape(
        first.kinds | second.kinds,
        enum,
        opened,
        _either(first.items, second.items),
        _either(first.values, second.values),
        first.object or second.object,
    )


def _either(first: Shape | None, second: Shape | None) -> Shape | None:
    if first is None or second is None:
        return first or second
    return merge(first, second)
