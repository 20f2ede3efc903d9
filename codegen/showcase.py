"""The example that every target's documentation works through, chosen once from the catalogue.

The quick starts and the API pages of all targets decode the same real example payload, so
that they read as one task done in each target; this module makes that choice (and the names
the examples invent for what the catalogue does not know) by fixed rules, for every target.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .ir import (
    Catalogue,
    Event,
    Field,
    JsonObject,
    Presence,
    Primitive,
    PrimitiveType,
    Protocol,
    thaw,
)

# A value of the wrong JSON kind for each primitive whose field the error examples break.
WRONG_VALUE: dict[Primitive, object] = {
    Primitive.STRING: 5,
    Primitive.INTEGER: "five",
    Primitive.BOOLEAN: "yes",
}


def compact(payload: JsonObject) -> str:
    """A payload as one line of JSON, as a server sends it."""
    return json.dumps(thaw(payload), ensure_ascii=False, separators=(",", ":"))


def demo_event(catalogue: Catalogue) -> Event:
    """The event the examples decode: a server event of the primary protocol with a renamed
    twin, so that renames can be shown on it too (any of its events if none has one), and of
    those the one with the shortest first example, so that the examples stay readable; ties go
    to the first by wire type."""
    events = catalogue.union.events
    renamed = [e for e in events if e.renamed_from is not None] or list(events)
    return min(renamed, key=lambda e: len(compact(e.examples[0].payload)))


def demo_message(catalogue: Catalogue) -> str:
    """The first example of `demo_event`, as one line of JSON."""
    return compact(demo_event(catalogue).examples[0].payload)


def plain_field(event: Event, payload: JsonObject, kinds: tuple[Primitive, ...]) -> Field | None:
    """The first required, non-null field of `event` whose type is one of `kinds` (no enum)
    and that `payload` holds: one an example can print, or break with a `WRONG_VALUE`."""
    for f in event.fields:
        if (
            f.presence is Presence.REQUIRED
            and not f.nullable
            and f.enum is None
            and isinstance(f.type, PrimitiveType)
            and f.type.primitive in kinds
            and f.wire_name in payload
        ):
            return f
    return None


def twin(catalogue: Catalogue, event: Event) -> Event | None:
    """The same event under its name in the protocol's other version, if it was renamed."""
    other = event.renamed_from or event.renamed_to
    union = catalogue.union_of(event)
    return next((e for e in union.events if e.wire_type == other), None)


def fresh(taken: set[str], base: str) -> str:
    """`base`, lengthened with `_later` until no name in `taken` is the same: a field, event
    type or kind of object that the catalogue does not know, for the examples to invent."""
    while base in taken:
        base += "_later"
    return base


def unknown_wire_type(catalogue: Catalogue, event: Event) -> str:
    """A wire type the catalogue does not have, in the category of `event`."""
    taken = {e.wire_type for e in catalogue.union_of(event).events}
    return fresh(taken, f"{event.category}.added_later")


def unknown_field(event: Event) -> str:
    """A field name `event` does not declare."""
    return fresh({f.wire_name for f in event.fields}, "added_later")


@dataclass(frozen=True, slots=True)
class ConnectionShowcase:
    """What the docs show kinds of connection with: a server event that not every kind of its
    protocol carries, a kind that carries it and one that does not."""

    protocol: Protocol
    event: Event
    carried: str
    other: str


def connection_showcase(catalogue: Catalogue) -> ConnectionShowcase | None:
    """On the first protocol with kinds of connection, its first side's first event (with an
    example) that some kind does not carry; None when there is none."""
    for protocol in catalogue.protocols:
        kinds = [c.key for c in protocol.connections]
        events = catalogue.unions_of(protocol.key)[0].events if kinds else ()
        for event in events:
            missing = [k for k in kinds if k not in event.connections]
            if event.connections and missing and event.examples:
                return ConnectionShowcase(protocol, event, event.connections[0], missing[0])
    return None
