"""The shape of the spec files: which keys each mapping takes and what kind of value each holds.

A small declarative description checked by validate.py; spec/README.md documents the same format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Text:
    """A non-empty string (`allow_empty` for descriptions of obvious things)."""

    allow_empty: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    """A boolean, or one of `also` (for `required: expected`)."""

    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OneOf:
    """One of a fixed set of strings."""

    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AnyValue:
    """Any YAML value (a documented default)."""


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Shape
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class MapOf:
    """A mapping from names chosen by the author to values of one shape."""

    value: Shape


@dataclass(frozen=True, slots=True)
class Record:
    """A mapping with a fixed set of keys."""

    required: dict[str, Shape] = field(default_factory=dict)
    optional: dict[str, Shape] = field(default_factory=dict)


Shape = Text | Flag | OneOf | AnyValue | ListOf | MapOf | Record


FIELD = Record(
    required={"type": Text(), "description": Text()},
    optional={
        "required": Flag(also=("expected",)),
        "nullable": Flag(),
        "enum": ListOf(Text(), min_items=1),
        "open": Flag(),
        "format": OneOf(("base64",)),
        "bytes_helper": Text(),
        "default": AnyValue(),
        "python_name": Text(),
    },
)
FIELDS = MapOf(FIELD)

TYPE = Record(
    required={"kind": OneOf(("object", "enum", "union")), "summary": Text()},
    optional={
        "description": Text(),
        "fields": FIELDS,
        "values": ListOf(Text(), min_items=1),
        "open": Flag(),
        "discriminator": Text(),
        "variants": MapOf(Text()),
        "untagged": Text(),
        "also": Text(),
    },
)
_UNION_KEYS = {"discriminator", "variants", "untagged", "also"}
# Per kind of type: the keys it needs, and the keys it refuses.
TYPE_KIND_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "object": ({"fields"}, {"values", "open"} | _UNION_KEYS),
    "enum": ({"values"}, {"fields"} | _UNION_KEYS),
    "union": (set(), {"fields", "values", "open"}),
}

EXAMPLE = Record(
    required={"title": Text(), "json": Text()},
    optional={"abbreviated": Flag(), "version": Text()},
)

EVENT = Record(
    required={
        "summary": Text(),
        "description": Text(),
        "versions": ListOf(Text(), min_items=1),
        "fields": FIELDS,
        "examples": ListOf(EXAMPLE, min_items=1),
    },
    optional={"class_name": Text(), "renamed_from": Text()},
)

CATALOGUE_FILE = Record(
    required={
        "catalogue": Record(
            required={"name": Text(), "title": Text(), "package": Text(), "description": Text()}
        ),
        "versions": MapOf(Record(required={"title": Text(), "description": Text()})),
        "categories": MapOf(Record(required={"title": Text(), "description": Text()})),
    },
    optional={"common_fields": FIELDS},
)
TYPES_FILE = Record(required={"types": MapOf(TYPE)})
EVENTS_FILE = Record(required={"category": Text(), "events": MapOf(EVENT)})


def kind_name(value: Any) -> str:
    """How a YAML value is described in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
