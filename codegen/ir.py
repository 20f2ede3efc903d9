"""The intermediate representation: what the catalogue means, independent of any target.

Built once by lower.py and never mutated. It speaks in wire names and structural types only; no
Python, TypeScript or Markdown identifiers live here (targets/ derive those).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .diagnostics import Location

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


class Presence(Enum):
    REQUIRED = "required"  # always sent; absence is an error
    OPTIONAL = "optional"  # may be absent
    EXPECTED = "expected"  # documented as always sent, but published examples omit it


@dataclass(frozen=True, slots=True)
class Enumeration:
    values: tuple[str, ...]
    is_open: bool  # unknown values are kept (True) or rejected (False)


@dataclass(frozen=True, slots=True)
class Field:
    wire_name: str
    type: TypeExpr
    presence: Presence
    nullable: bool
    enum: Enumeration | None  # constrains the strings of `type` (a string or a list of strings)
    format: str | None  # "base64"
    bytes_helper: str | None  # name of the generated method that decodes a base64 value
    default: Any  # the API's documented default (JSON value), documentation only; None if unset
    has_default: bool
    description: str
    name_override: str | None  # explicit target identifier from the spec, to resolve a clash
    location: Location

    @property
    def may_be_absent(self) -> bool:
        return self.presence is not Presence.REQUIRED


@dataclass(frozen=True, slots=True)
class ObjectType:
    name: str
    summary: str
    description: str
    fields: tuple[Field, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class EnumType:
    name: str
    summary: str
    description: str
    enumeration: Enumeration
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
    location: Location


TypeDecl = ObjectType | EnumType | UnionType


@dataclass(frozen=True, slots=True)
class Example:
    title: str
    text: str  # the JSON text exactly as written in the spec
    payload: dict[str, Any]
    abbreviated: bool
    version: str  # the API version the payload belongs to
    location: Location


@dataclass(frozen=True, slots=True)
class Event:
    wire_type: str
    category: str
    summary: str
    description: str
    versions: tuple[str, ...]
    fields: tuple[Field, ...]  # common fields first, then the event's own, in spec order
    examples: tuple[Example, ...]
    renamed_from: str | None  # the wire type of the same event in an older version
    class_name_override: str | None
    location: Location


@dataclass(frozen=True, slots=True)
class EventUnion:
    """Every event, told apart by the `discriminator` field; ordered by wire type."""

    discriminator: str
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class Version:
    key: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    name: str
    title: str
    package: str
    description: str
    source: str  # the spec directory, as shown in generated headers
    versions: tuple[Version, ...]
    categories: tuple[Category, ...]
    types: tuple[TypeDecl, ...]  # ordered by name
    union: EventUnion

    def type_named(self, name: str) -> TypeDecl:
        for declared in self.types:
            if declared.name == name:
                return declared
        raise KeyError(name)
