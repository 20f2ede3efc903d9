"""The intermediate representation: what the catalogue means, independent of any target.

Built once by lower.py and never mutated. It speaks in wire names and structural types only; no
Python, TypeScript or Markdown identifiers live here (targets/ derive those).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeAlias

from .diagnostics import Location

# --- JSON values, frozen ------------------------------------------------------------------------


class JsonObject(Mapping[str, "JsonValue"]):
    """An immutable JSON object that keeps its key order (examples, documented defaults)."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, JsonValue]] = ()) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> JsonValue:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"JsonObject({self._items!r})"


# Arrays are tuples: every JSON value in the IR is immutable and hashable.
JsonValue: TypeAlias = "None | bool | int | float | str | tuple[JsonValue, ...] | JsonObject"


def freeze(value: Any) -> JsonValue:
    """A decoded JSON value (dicts, lists) as its immutable IR form."""
    if isinstance(value, dict):
        return JsonObject((key, freeze(item)) for key, item in value.items())
    if isinstance(value, list):
        return tuple(freeze(item) for item in value)
    result: JsonValue = value
    return result


def thaw(value: JsonValue) -> Any:
    """An IR JSON value back as plain dicts and lists, for json.dumps and comparisons."""
    if isinstance(value, JsonObject):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


# --- type expressions -------------------------------------------------------------------------


class Primitive(Enum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    OBJECT = "object"  # free-form JSON object
    ANY = "any"  # any JSON value


@dataclass(frozen=True, slots=True)
class PrimitiveType:
    primitive: Primitive


@dataclass(frozen=True, slots=True)
class LiteralType:
    """A single string constant, as in `integer | "inf"`."""

    value: str


@dataclass(frozen=True, slots=True)
class ListType:
    item: TypeExpr


@dataclass(frozen=True, slots=True)
class MapType:
    value: TypeExpr


@dataclass(frozen=True, slots=True)
class NamedType:
    """A reference to a declared type by name; lower.py only builds references that resolve."""

    name: str


@dataclass(frozen=True, slots=True)
class ChoiceType:
    """One of several primitives or literals (never objects: those need a declared union)."""

    options: tuple[TypeExpr, ...]


TypeExpr = PrimitiveType | LiteralType | ListType | MapType | NamedType | ChoiceType


# --- declarations -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hint:
    """One setting for one target, written under the target's key in the spec (`python:`).

    The IR carries hints for their target and never reads them: naming a Python attribute or
    adding a bytes helper is that target's business.
    """

    target: str
    key: str
    value: JsonValue
    location: Location


@dataclass(frozen=True, slots=True)
class Hints:
    entries: tuple[Hint, ...] = ()

    def get(self, target: str, key: str) -> Hint | None:
        for hint in self.entries:
            if hint.target == target and hint.key == key:
                return hint
        return None


NO_HINTS = Hints()


class Presence(Enum):
    REQUIRED = "required"  # always sent; absence is an error
    OPTIONAL = "optional"  # may be absent
    EXPECTED = "expected"  # documented as always sent, but published examples omit it


@dataclass(frozen=True, slots=True)
class Enumeration:
    values: tuple[str, ...]
    is_open: bool  # unknown values are kept (True) or rejected (False)
    location: Location  # of the values' list


@dataclass(frozen=True, slots=True)
class Field:
    wire_name: str
    type: TypeExpr
    presence: Presence
    nullable: bool
    enum: Enumeration | None  # constrains the strings of `type` (a string or a list of strings)
    format: str | None  # "base64"
    default: JsonValue  # the API's documented default, documentation only; None if unset
    has_default: bool
    description: str
    hints: Hints
    location: Location  # of the field's name
    format_location: Location | None
    # The catalogue versions that added it and last changed it (see Catalogue.releases).
    added_in: str | None
    changed_in: str | None

    @property
    def may_be_absent(self) -> bool:
        return self.presence is not Presence.REQUIRED


@dataclass(frozen=True, slots=True)
class ObjectType:
    name: str
    summary: str
    description: str
    fields: tuple[Field, ...]
    group: str  # the group its types file names (`group:`), which generated code may follow
    versions: tuple[str, ...]  # the protocol versions whose payloads hold it; () for all
    hints: Hints
    location: Location


@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    summary: str
    description: str
    enumeration: Enumeration
    group: str
    hints: Hints
    location: Location


@dataclass(frozen=True, slots=True)
class Variant:
    value: str  # the discriminator value
    type_name: str  # an object type or another union
    location: Location


@dataclass(frozen=True, slots=True)
class UnionType:
    """One of several object kinds, told apart by the `discriminator` field of the payload.

    A discriminator value the spec does not know decodes to an unknown-object fallback that keeps
    the payload. `untagged` is the type of a payload without the discriminator; `also` admits a
    non-object value (a string mode, say) in the same field.
    """

    name: str
    summary: str
    description: str
    discriminator: str | None
    variants: tuple[Variant, ...]
    untagged: str | None
    also: TypeExpr | None
    group: str
    versions: tuple[str, ...]
    hints: Hints
    location: Location

    @property
    def members(self) -> tuple[str, ...]:
        """The types a payload can decode to: each variant's, then the untagged one; no repeats."""
        names = [variant.type_name for variant in self.variants]
        if self.untagged is not None:
            names.append(self.untagged)
        return tuple(dict.fromkeys(names))


TypeDecl = ObjectType | EnumType | UnionType


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    text: str  # the JSON text exactly as written in the spec
    payload: JsonObject
    abbreviated: bool
    version: str  # the API version the payload belongs to
    location: Location


@dataclass(frozen=True, slots=True)
class Event:
    wire_type: str
    name: str  # the neutral name every target derives its identifiers from (`ErrorEvent`)
    protocol: str  # the key of the protocol it belongs to
    category: str
    summary: str
    description: str
    versions: tuple[str, ...]  # its protocol's versions that send it; () if it has none
    version_locations: tuple[Location, ...]  # where each of `versions` is written
    # The kinds of connection that carry it (a key of its protocol's connections); () for all.
    connections: tuple[str, ...]
    connection_locations: tuple[Location, ...]
    fields: tuple[Field, ...]  # common fields first, then the event's own, in spec order
    examples: tuple[Example, ...]
    renamed_from: str | None  # the wire type of the same event in an older version
    renamed_to: str | None  # ... and in a newer one (the other end of a renamed_from)
    direction: str  # who sends it (a key of Catalogue.directions)
    hints: Hints
    location: Location
    # The catalogue versions that added it and last changed it (see Catalogue.releases).
    added_in: str | None
    changed_in: str | None


@dataclass(frozen=True, slots=True)
class Direction:
    """Who sends a set of events of one protocol: the server, or the client."""

    key: str
    title: str
    description: str
    location: Location


@dataclass(frozen=True, slots=True)
class EventUnion:
    """Every event one side of one protocol sends, told apart by the `discriminator` field; by
    wire type."""

    protocol: str
    direction: str
    name: str  # neutral: `ServerEvent`, `TranslationServerEvent`, `WebhookEvent`
    discriminator: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A query parameter or a header of a connection."""

    name: str
    description: str
    required: bool
    value: str | None  # the one value it takes, when it has one (`OpenAI-Beta: realtime=v1`)


class Status(Enum):
    CURRENT = "current"  # served, and what new code should use
    DEPRECATED = "deprecated"  # served, with an end announced
    RETIRED = "retired"  # no longer served by OpenAI (proxies may still speak it)


@dataclass(frozen=True, slots=True)
class Lifecycle:
    status: Status
    since: str | None  # an ISO date: when the status began
    close_code: int | None  # what a server does now: the WebSocket close code and reason
    close_reason: str | None
    description: str
    location: Location


@dataclass(frozen=True, slots=True)
class Version:
    """A version of a protocol: the same endpoint, selected by headers, with its own events."""

    key: str
    title: str
    description: str
    headers: tuple[Parameter, ...]
    lifecycle: Lifecycle


@dataclass(frozen=True, slots=True)
class Connection:
    """A kind of connection to a protocol (the Live API's primary, sideband and fork ones): its
    own address, carrying a subset of the protocol's events in each direction, of the same
    shapes. Unlike a version, the connection is chosen by where the client connects."""

    key: str
    title: str
    description: str
    url: str | None  # its own address, if it is not the protocol's
    query: tuple[Parameter, ...]
    location: Location


class Transport(Enum):
    WEBSOCKET = "websocket"  # a connection the client opens (or WebRTC's data channel)
    WEBHOOK = "webhook"  # HTTPS requests OpenAI sends to the application's endpoint


@dataclass(frozen=True, slots=True)
class Endpoint:
    transport: Transport
    url: str | None  # None for a webhook: the application's own URL
    description: str
    query: tuple[Parameter, ...]
    headers: tuple[Parameter, ...]


@dataclass(frozen=True, slots=True)
class Protocol:
    """One way of speaking with OpenAI's realtime voice services: an endpoint, who sends what
    over it, and whether it is still served."""

    key: str
    name: str  # the neutral prefix of its names in generated code; "" for the primary one
    title: str
    summary: str
    description: str
    endpoint: Endpoint
    versions: tuple[Version, ...]  # () when the protocol has one version, described by itself
    lifecycle: Lifecycle | None  # the protocol's own, when it has no versions
    connections: tuple[Connection, ...]  # () when every connection carries every event
    directions: tuple[Direction, ...]  # in spec order; the first is the primary side
    location: Location

    def version(self, key: str) -> Version:
        return next(version for version in self.versions if version.key == key)

    @property
    def lifecycles(self) -> tuple[Lifecycle, ...]:
        return tuple(v.lifecycle for v in self.versions) or (
            (self.lifecycle,) if self.lifecycle is not None else ()
        )


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    title: str
    description: str
    location: Location


@dataclass(frozen=True, slots=True)
class Catalogue:
    name: str
    title: str
    version: str  # the catalogue's own version (semantic versioning), which every target states
    reference: str | None  # the edition (an ISO date) of the API reference it was checked against
    license: str | None  # the SPDX identifier of the licence of what is generated from it
    description: str
    source: str  # the spec directory, as shown in generated headers
    protocols: tuple[Protocol, ...]  # in spec order; the first is the primary one
    categories: tuple[Category, ...]
    types: tuple[TypeDecl, ...]  # ordered by name
    unions: tuple[EventUnion, ...]  # per protocol, one per direction, in spec order
    # The released versions, oldest first, from the spec's release history (history.json,
    # computed from git by `codegen changelog`); () without one. An event's or field's
    # `added_in` and `changed_in` are among them, or are `version` for one no release has yet
    # when `version` is newer than the last release; None when nothing is known.
    releases: tuple[str, ...]
    hints: Hints
    # Lookups every stage needs, built once by lower.py (the first declaration of a name wins;
    # validate.py reports a second one).
    types_by_name: Mapping[str, TypeDecl] = field(compare=False, repr=False)
    # Type names, each after every type it refers to (fields, members, alternatives); ties by name.
    dependency_order: tuple[str, ...] = field(compare=False, repr=False)

    @property
    def primary(self) -> Protocol:
        """The first protocol, whose names carry no prefix."""
        return self.protocols[0]

    @property
    def union(self) -> EventUnion:
        """The events of the primary protocol's primary direction (a Realtime server's)."""
        return self.unions[0]

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event of every protocol and direction, union by union."""
        return tuple(event for union in self.unions for event in union.events)

    def connections_of(self, event: Event) -> tuple[str, ...]:
        """The kinds of connection that carry `event`: those it lists, else all of its
        protocol's (none for a protocol without kinds of connection)."""
        return event.connections or tuple(c.key for c in self.protocol(event.protocol).connections)

    def protocol(self, key: str) -> Protocol:
        return next(protocol for protocol in self.protocols if protocol.key == key)

    def shared_wire_types(self, protocol: str) -> tuple[str, ...]:
        """The wire types both sides of `protocol` send (the Live API's
        `session.input_audio.append`), in the catalogue's order."""
        sides: dict[str, set[str]] = {}
        for union in self.unions_of(protocol):
            for event in union.events:
                sides.setdefault(event.wire_type, set()).add(union.direction)
        return tuple(wire_type for wire_type, sent_by in sides.items() if len(sent_by) > 1)

    def on_second_side(self, event: Event) -> bool:
        """Whether `event` has a wire type its protocol's first side sends too, in another
        shape: names and pages then tell it apart by its side."""
        first = self.unions_of(event.protocol)[0].direction
        return event.direction != first and event.wire_type in self.shared_wire_types(
            event.protocol
        )

    def unions_of(self, protocol: str) -> tuple[EventUnion, ...]:
        return tuple(union for union in self.unions if union.protocol == protocol)

    def union_of(self, event: Event) -> EventUnion:
        return next(
            union
            for union in self.unions
            if union.protocol == event.protocol and union.direction == event.direction
        )

    def type_named(self, name: str) -> TypeDecl:
        return self.types_by_name[name]

    def types_used_by(self, protocol: str) -> set[str]:
        """The declared types a protocol's events use, directly or through other types."""
        found: set[str] = set()
        stack = [
            name
            for event in self.events
            if event.protocol == protocol
            for f in event.fields
            for name in referenced_types(f.type)
        ]
        while stack:
            name = stack.pop()
            if name in found or name not in self.types_by_name:
                continue
            found.add(name)
            stack.extend(dependencies(self.types_by_name[name]))
        return found


def accepts_null(expr: TypeExpr) -> bool:
    """`any`, alone or among alternatives, holds null as one of its values: such a field takes
    null whether or not it is declared nullable."""
    if isinstance(expr, ChoiceType):
        return any(accepts_null(option) for option in expr.options)
    return expr == PrimitiveType(Primitive.ANY)


def referenced_types(expr: TypeExpr) -> list[str]:
    """The names of declared types that `expr` refers to, in order of appearance."""
    if isinstance(expr, NamedType):
        return [expr.name]
    if isinstance(expr, ListType):
        return referenced_types(expr.item)
    if isinstance(expr, MapType):
        return referenced_types(expr.value)
    if isinstance(expr, ChoiceType):
        return [name for option in expr.options for name in referenced_types(option)]
    return []


def dependencies(declared: TypeDecl) -> list[str]:
    """The types `declared` refers to directly."""
    if isinstance(declared, ObjectType):
        return [name for f in declared.fields for name in referenced_types(f.type)]
    if isinstance(declared, UnionType):
        also = referenced_types(declared.also) if declared.also is not None else []
        return [*declared.members, *also]
    return []
