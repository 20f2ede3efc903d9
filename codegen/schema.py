"""The shape of the spec files: which keys each mapping takes and what kind of value each holds.

A small declarative description checked by validate.py; spec/README.md documents the same format.
"""

from __future__ import annotations

import datetime
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
class Whole:
    """A whole number (a WebSocket close code)."""


@dataclass(frozen=True, slots=True)
class Date:
    """A calendar date, written YYYY-MM-DD (YAML reads it as a date; quoted, it is text)."""


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


Shape = Text | Flag | OneOf | Whole | Date | AnyValue | ListOf | MapOf | Record


@dataclass(frozen=True, slots=True)
class HintShapes:
    """The keys a target accepts under its own name in the spec, per kind of spec node.

    `None` means the target takes no hints there, and its key is refused like any unknown key.
    """

    catalogue: Record | None = None
    event: Record | None = None
    type: Record | None = None
    field: Record | None = None


@dataclass(frozen=True, slots=True)
class SpecShapes:
    """The shape of each kind of spec file, with the hint keys of the targets being built."""

    catalogue_file: Record
    types_file: Record
    events_file: Record


FIELD_KEYS: dict[str, Shape] = {
    "required": Flag(also=("expected",)),
    "nullable": Flag(),
    "enum": ListOf(Text(), min_items=1),
    "open": Flag(),
    "format": OneOf(("base64",)),
    "default": AnyValue(),
}

TYPE_KEYS: dict[str, Shape] = {
    "description": Text(),
    "versions": ListOf(Text(), min_items=1),
    "values": ListOf(Text(), min_items=1),
    "open": Flag(),
    "discriminator": Text(),
    "variants": MapOf(Text()),
    "untagged": Text(),
    "also": Text(),
}
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


def spec_shapes(hints: dict[str, HintShapes]) -> SpecShapes:
    """The file shapes, where each target in `hints` adds its key to the nodes it takes hints on."""

    def hint_keys(kind: str) -> dict[str, Shape]:
        keys: dict[str, Shape] = {}
        for target, shapes in sorted(hints.items()):
            shape = getattr(shapes, kind)
            if shape is not None:
                keys[target] = shape
        return keys

    field = Record(
        required={"type": Text(), "description": Text()},
        optional={**FIELD_KEYS, **hint_keys("field")},
    )
    fields = MapOf(field)
    declared_type = Record(
        required={"kind": OneOf(("object", "enum", "union")), "summary": Text()},
        optional={**TYPE_KEYS, "fields": fields, **hint_keys("type")},
    )
    event = Record(
        required={
            "summary": Text(),
            "description": Text(),
            "fields": fields,
            "examples": ListOf(EXAMPLE, min_items=1),
        },
        optional={
            "versions": ListOf(Text(), min_items=1),
            "connections": ListOf(Text(), min_items=1),
            "renamed_from": Text(),
            "name": Text(),
            **hint_keys("event"),
        },
    )
    catalogue_file = Record(
        required={
            "catalogue": Record(
                required={
                    "name": Text(),
                    "title": Text(),
                    "version": Text(),
                    "description": Text(),
                },
                optional={"reference": Date(), "license": Text(), **hint_keys("catalogue")},
            ),
            "categories": MapOf(Record(required={"title": Text(), "description": Text()})),
            "protocols": MapOf(protocol(fields)),
        },
    )
    return SpecShapes(
        catalogue_file=catalogue_file,
        types_file=Record(required={"group": Text(), "types": MapOf(declared_type)}),
        events_file=Record(
            required={"category": Text(), "events": MapOf(event)},
            optional={"protocol": Text(), "direction": Text()},
        ),
    )


PARAMETER = Record(required={"description": Text()}, optional={"required": Flag(), "value": Text()})
LIFECYCLE = Record(
    required={"status": OneOf(("current", "deprecated", "retired")), "description": Text()},
    optional={"since": Date(), "close_code": Whole(), "close_reason": Text()},
)


def protocol(fields: MapOf) -> Record:
    """A protocol of catalogue.yaml: its endpoint, versions or lifecycle, and directions."""
    return Record(
        required={
            "title": Text(),
            "summary": Text(),
            "description": Text(),
            "transport": OneOf(("websocket", "webhook")),
            "endpoint": Record(
                optional={
                    "url": Text(),
                    "description": Text(),
                    "query": MapOf(PARAMETER),
                    "headers": MapOf(PARAMETER),
                }
            ),
            "directions": MapOf(
                Record(
                    required={"title": Text(), "description": Text()},
                    optional={"common_fields": fields},
                )
            ),
        },
        optional={
            "name": Text(),
            "lifecycle": LIFECYCLE,
            "versions": MapOf(
                Record(
                    required={"title": Text(), "description": Text(), "lifecycle": LIFECYCLE},
                    optional={"headers": MapOf(PARAMETER)},
                )
            ),
            "connections": MapOf(
                Record(
                    required={"title": Text(), "description": Text()},
                    optional={"url": Text(), "query": MapOf(PARAMETER)},
                )
            ),
        },
    )


def kind_name(value: Any) -> str:
    """How a YAML value is described in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
