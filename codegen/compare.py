"""Two surfaces side by side: every difference between what they say travels on the wire.

`compare(old, new)` walks both surfaces protocol by protocol, side by side, event by wire type,
and then field by field, following each field into the object it names on either side (by
position: the two sides may name the object differently). It reports raw `Change`s, each once
however many events reach the object it is in, with where it is written on either side and the
events that reach it (which side sends them is what decides whether a change breaks anyone).

It judges nothing: `codegen upstream` reads the changes as what the catalogue lacks or has beyond
an upstream description, `codegen diff` classifies them for the wire and for generated code.

`walk(old, new)` gives the changes and also every pair of records the walk set side by side (its
`Meeting`s), for a reader that merges several descriptions position by position. With
`loose_unions=True` it also meets a union with a description that writes it more loosely (one
flat record whose tag lists several values, or a union told apart by another field, or none):
each record of the looser side is routed to the members its tag values select.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum

from .diagnostics import Location
from .surface import EventShape, FieldShape, ObjectShape, Shape, Surface


class ChangeKind(Enum):
    PROTOCOL_ADDED = "protocol added"
    PROTOCOL_REMOVED = "protocol removed"
    LIFECYCLE_CHANGED = "lifecycle changed"
    SIDE_ADDED = "side added"
    SIDE_REMOVED = "side removed"
    EVENT_ADDED = "event added"
    EVENT_REMOVED = "event removed"
    EVENT_RENAMED = "event renamed"  # its wire type changed, as the catalogue's renames say
    EVENT_NAME_CHANGED = "event name changed"  # same wire type, another name in generated code
    EVENT_VERSIONS_CHANGED = "event versions changed"
    EVENT_CONNECTIONS_CHANGED = "event connections changed"
    FIELD_ADDED = "field added"
    FIELD_REMOVED = "field removed"
    BECAME_REQUIRED = "became required"
    BECAME_OPTIONAL = "became optional"
    BECAME_NULLABLE = "became nullable"
    BECAME_NOT_NULLABLE = "became not nullable"
    KINDS_WIDENED = "kinds widened"  # new takes every old kind, and more
    KINDS_NARROWED = "kinds narrowed"  # new takes some of the old kinds only
    KINDS_CHANGED = "kinds changed"  # neither holds the other
    ENUM_VALUE_ADDED = "enum value added"
    ENUM_VALUE_REMOVED = "enum value removed"
    ENUM_OPENED = "enum opened"  # other strings are now taken too
    ENUM_CLOSED = "enum closed"  # only the listed strings are now taken
    CONSTANT_CHANGED = "constant changed"  # a field of one fixed value has another
    DEFAULT_CHANGED = "default changed"
    VARIANT_ADDED = "union member added"
    VARIANT_REMOVED = "union member removed"
    DISCRIMINATOR_CHANGED = "discriminator changed"
    UNTAGGED_CHANGED = "untagged member changed"
    STRUCTURE_CHANGED = "structure changed"  # a record became a union, a map or a plain value
    OBJECT_RENAMED = "object renamed"  # the same position names another object


@dataclass(frozen=True, slots=True)
class Reach:
    """An event through which a change is reached: who sends it, and the path to the change."""

    protocol: str
    side: str
    wire_type: str
    path: str  # from the event: `response.output[].status`; "" for the event itself


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    protocol: str
    side: str  # "" for a protocol-wide change
    wire_type: str  # the first event that reaches it; "" above the events
    path: str  # from that event: `response.output[].status`
    old: str  # what it was (a value, kinds, a name), as text; "" when it did not exist
    new: str  # what it is
    old_location: Location | None  # where the old surface writes it
    new_location: Location | None
    owner: tuple[str, str]  # the (old, new) names of the object it is in; ("", "") for events
    member: str  # the field's wire name, the enum value, the variant's value: what changed
    reached: tuple[Reach, ...] = ()  # every event through which it is reached
    # Where it is inside `owner` (`.status[]`), or from its event for an event's own fields
    # (`response.status`): the same whichever event reaches it first.
    within: str = ""

    @property
    def sides(self) -> frozenset[tuple[str, str]]:
        """The (protocol, side) pairs whose events carry it."""
        return frozenset((r.protocol, r.side) for r in self.reached) or frozenset(
            {(self.protocol, self.side)}
        )


@dataclass(frozen=True, slots=True)
class Meeting:
    """Two records the walk set side by side: an event and the other surface's event of the same
    wire type, or two objects met at the same position. Each pair is met once, through the first
    event that reaches it."""

    old: str  # the old record's name (an event's, or an object's)
    new: str
    old_fields: Mapping[str, FieldShape]
    new_fields: Mapping[str, FieldShape]  # as compared: a routed record's tag holds its values only
    reach: Reach  # the first event through which it is met, and the path there
    event: bool = False
    # A routed record (loose unions): its tag field and the values that chose `old` for it.
    selected: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Comparison:
    changes: list[Change]
    meetings: list[Meeting]  # in walk order


def compare(old: Surface, new: Surface) -> list[Change]:
    """Every difference between `old` and `new`, in walk order: protocols, sides and events in
    `new`'s order (then what only `old` has), fields in their order."""
    return walk(old, new).changes


def walk(old: Surface, new: Surface, *, loose_unions: bool = False) -> Comparison:
    """`compare`'s changes, and every pair of records it met. With `loose_unions`, a union of
    `old` meets a record of `new`, or a union of `new` told apart otherwise, record by record:
    each record of `new` meets the members of `old` that its value of `old`'s discriminator
    selects (all of them, or the untagged one, when it has none), and a value no member has is a
    `VARIANT_ADDED`; without it, such a pair is one `STRUCTURE_CHANGED` or
    `DISCRIMINATOR_CHANGED`."""
    walker = _Walk(old, new, loose=loose_unions)
    walker.surfaces()
    return Comparison(walker.result(), walker.meetings)


def kinds_relation(old: frozenset[str], new: frozenset[str]) -> ChangeKind | None:
    """How `new`'s JSON kinds relate to `old`'s: None when equal; an integer is a number."""
    if old == new:
        return None
    if "any" in new and "any" not in old:
        return ChangeKind.KINDS_WIDENED
    if "any" in old and "any" not in new:
        return ChangeKind.KINDS_NARROWED
    wider_new = _expand(new)
    wider_old = _expand(old)
    if wider_old <= wider_new and old <= wider_new:
        return ChangeKind.KINDS_WIDENED
    if wider_new <= wider_old and new <= wider_old:
        return ChangeKind.KINDS_NARROWED
    return ChangeKind.KINDS_CHANGED


def _expand(kinds: frozenset[str]) -> frozenset[str]:
    return kinds | {"integer"} if "number" in kinds else kinds


@dataclass
class _Walk:
    old: Surface
    new: Surface
    loose: bool = False  # route records of `new` to the members of `old`'s unions
    meetings: list[Meeting] = field(default_factory=list)
    changes: dict[tuple[object, ...], Change] = field(default_factory=dict)
    reached: dict[tuple[object, ...], list[Reach]] = field(default_factory=dict)
    # Object pairs already walked from some event, and the changes found inside them, so that a
    # shared object is walked once and every other event that reaches it is recorded on them.
    walked: dict[tuple[str, str], list[tuple[tuple[object, ...], str]]] = field(
        default_factory=dict
    )
    reach: Reach | None = None  # the event being walked
    # The object pairs being walked, each with the path it was entered at.
    stack: list[tuple[tuple[str, str], str]] = field(default_factory=list)

    def result(self) -> list[Change]:
        out = []
        for key, change in self.changes.items():
            reached = tuple(dict.fromkeys(self.reached.get(key, ())))
            out.append(_with_reached(change, reached))
        return out

    def record(self, key: tuple[object, ...], change: Change, path: str) -> None:
        if key not in self.changes:
            self.changes[key] = change
        self.reached_at(key, path)

    def reached_at(self, key: tuple[object, ...], path: str) -> None:
        """The event being walked reaches the change `key` at `path`; so do the events that
        will reach the objects being walked, at their own paths."""
        if self.reach is not None:
            reach = Reach(self.reach.protocol, self.reach.side, self.reach.wire_type, path)
            self.reached.setdefault(key, []).append(reach)
        for pair, entry in self.stack:
            self.walked[pair].append((key, path[len(entry) :]))

    # --- protocols, sides, events --------------------------------------------------------------

    def surfaces(self) -> None:
        for key in _ordered(self.new.protocols, self.old.protocols):
            old, new = self.old.protocols.get(key), self.new.protocols.get(key)
            if old is None or new is None:
                kind = ChangeKind.PROTOCOL_ADDED if old is None else ChangeKind.PROTOCOL_REMOVED
                at = (old.location if old else None, new.location if new else None)
                self.add(kind, "", key if old else "", key if new else "", at, scope=(key, "", ""))
                continue
            for version in _ordered(new.lifecycle, old.lifecycle):
                before, after = old.lifecycle.get(version, ""), new.lifecycle.get(version, "")
                if before != after:
                    at = (old.location, new.location)
                    self.add(ChangeKind.LIFECYCLE_CHANGED, "", before, after, at,
                             member=version, scope=(key, "", ""))  # fmt: skip
            for side in _ordered(new.sides, old.sides):
                old_side, new_side = old.sides.get(side), new.sides.get(side)
                if old_side is None or new_side is None:
                    kind = ChangeKind.SIDE_ADDED if old_side is None else ChangeKind.SIDE_REMOVED
                    at = (old.location, new.location)
                    self.add(kind, "", side if old_side else "", side if new_side else "", at,
                             member=side, scope=(key, side, ""))  # fmt: skip
                    continue
                self.events(key, side, old_side.events, new_side.events)

    def events(
        self, protocol: str, side: str, old: Mapping[str, EventShape], new: Mapping[str, EventShape]
    ) -> None:
        renamed = {
            e.renamed_from: e.wire_type
            for e in new.values()
            if e.renamed_from in old and e.renamed_from not in new
        }
        renamed |= {  # a newer name the old surface knew, now given up for the older one
            e.wire_type: e.renamed_from
            for e in old.values()
            if e.renamed_from in new and e.renamed_from is not None and e.wire_type not in new
        }
        renamed_to = set(renamed.values())
        for wire_type in _ordered(new, old):
            before, after = old.get(wire_type), new.get(wire_type)
            if before is None and wire_type in renamed_to:
                continue  # reported with its old name
            scope = (protocol, side, wire_type)
            if before is not None and after is None and wire_type in renamed:
                after = new[renamed[wire_type]]
                renaming = (wire_type, after.wire_type)
                self.add(ChangeKind.EVENT_RENAMED, "", *renaming, (before.location, after.location),
                         member=wire_type, scope=scope)  # fmt: skip
            if before is None or after is None:
                kind = ChangeKind.EVENT_ADDED if before is None else ChangeKind.EVENT_REMOVED
                names = (before.name if before else "", after.name if after else "")
                where = (before.location if before else None, after.location if after else None)
                self.add(kind, "", *names, where, member=wire_type, scope=scope)
                continue
            self.event(protocol, side, wire_type, before, after)

    def event(
        self, protocol: str, side: str, wire_type: str, old: EventShape, new: EventShape
    ) -> None:
        self.reach = Reach(protocol, side, wire_type, "")
        at = (old.location, new.location)
        if old.name != new.name:
            self.add(ChangeKind.EVENT_NAME_CHANGED, "", old.name, new.name, at, member=wire_type)
        if set(old.versions) != set(new.versions):
            before, after = ", ".join(old.versions) or "all", ", ".join(new.versions) or "all"
            self.add(ChangeKind.EVENT_VERSIONS_CHANGED, "", before, after, at, member=wire_type)
        if self.carried(protocol, old, self.old) != self.carried(protocol, new, self.new):
            before = ", ".join(old.connections) or "all"
            after = ", ".join(new.connections) or "all"
            self.add(ChangeKind.EVENT_CONNECTIONS_CHANGED, "", before, after, at, member=wire_type)
        self.meetings.append(Meeting(old.name, new.name, old.fields, new.fields, self.reach, True))
        self.fields(("", ""), "", old.fields, new.fields)
        self.reach = None

    @staticmethod
    def carried(protocol: str, event: EventShape, surface: Surface) -> set[str]:
        """The kinds of connection that carry the event (all of its protocol's when it lists
        none)."""
        return set(event.connections or surface.protocols[protocol].connections)

    # --- objects --------------------------------------------------------------------------------

    def fields(
        self,
        owner: tuple[str, str],
        path: str,
        old: Mapping[str, FieldShape],
        new: Mapping[str, FieldShape],
    ) -> None:
        for name in _ordered(new, old):
            before, after = old.get(name), new.get(name)
            where = f"{path}.{name}" if path else name
            if before is None or after is None:
                kind = ChangeKind.FIELD_ADDED if before is None else ChangeKind.FIELD_REMOVED
                at = (before.location if before else None, after.location if after else None)
                described = (_describe(before) if before else "", _describe(after) if after else "")
                self.add(kind, where, *described, at, owner, name)
                continue
            self.field(owner, where, before, after)

    def field(self, owner: tuple[str, str], path: str, old: FieldShape, new: FieldShape) -> None:
        at = (old.location, new.location)
        if old.required != new.required:
            kind = ChangeKind.BECAME_REQUIRED if new.required else ChangeKind.BECAME_OPTIONAL
            presence = ("required" if old.required else "optional",
                        "required" if new.required else "optional")  # fmt: skip
            self.add(kind, path, *presence, at, owner, old.name)
        if old.nullable != new.nullable:
            kind = ChangeKind.BECAME_NULLABLE if new.nullable else ChangeKind.BECAME_NOT_NULLABLE
            self.add(kind, path, str(old.nullable).lower(), str(new.nullable).lower(), at, owner,
                     old.name)  # fmt: skip
        if old.default != new.default and old.default is not None and new.default is not None:
            self.add(
                ChangeKind.DEFAULT_CHANGED, path, old.default, new.default, at, owner, old.name
            )
        self.shape(owner, path, old.shape, new.shape, at, old.name)

    def shape(
        self,
        owner: tuple[str, str],
        path: str,
        old: Shape,
        new: Shape,
        at: tuple[Location | None, Location | None],
        member: str,
    ) -> None:
        relation = kinds_relation(old.kinds, new.kinds)
        if relation is not None:
            self.add(relation, path, _kinds(old.kinds), _kinds(new.kinds), at, owner, member)
        if "string" in old.kinds and "string" in new.kinds:
            self.strings(owner, path, old, new, at, member)
        if old.items is not None and new.items is not None:
            self.shape(owner, path + "[]", old.items, new.items, at, member)
        if old.values is not None and new.values is not None:
            self.shape(owner, path + "{}", old.values, new.values, at, member)
        if (old.object is None) != (new.object is None) and "object" in old.kinds & new.kinds:
            before, after = old.object or "a map", new.object or "a map"
            self.add(ChangeKind.STRUCTURE_CHANGED, path, before, after, at, owner, member)
        if old.object is not None and new.object is not None:
            self.objects(path, old.object, new.object)

    def strings(
        self,
        owner: tuple[str, str],
        path: str,
        old: Shape,
        new: Shape,
        at: tuple[Location | None, Location | None],
        member: str,
    ) -> None:
        constant = not old.open and not new.open and len(old.enum) == len(new.enum) == 1
        if constant and old.enum != new.enum:
            self.add(ChangeKind.CONSTANT_CHANGED, path, old.enum[0], new.enum[0], at, owner, member)
            return
        listed_before, listed_after = bool(old.enum), bool(new.enum)
        if listed_before and listed_after:
            for value in new.enum:
                if value not in old.enum:
                    self.add(ChangeKind.ENUM_VALUE_ADDED, path, "", value, at, owner,
                             f"{member}={value}")  # fmt: skip
            for value in old.enum:
                if value not in new.enum:
                    self.add(ChangeKind.ENUM_VALUE_REMOVED, path, value, "", at, owner,
                             f"{member}={value}")  # fmt: skip
        # Free text is an open enum with no value listed.
        was_open = old.open or not listed_before
        is_open = new.open or not listed_after
        if was_open != is_open:
            kind = ChangeKind.ENUM_OPENED if is_open else ChangeKind.ENUM_CLOSED
            before, after = ", ".join(old.enum) or "any string", ", ".join(new.enum) or "any string"
            self.add(kind, path, before, after, at, owner, member)

    def objects(
        self,
        path: str,
        old_name: str,
        new_name: str,
        selected: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        pair = (old_name, new_name)
        if pair in self.walked:  # walked before: this event reaches the same changes
            for key, relative in list(self.walked[pair]):
                self.reached_at(key, path + relative)
            return
        self.walked[pair] = []
        self.stack.append((pair, path))
        try:
            old, new = self.old.object(old_name), self.new.object(new_name)
            self.object_pair(path, old, new, selected or {})
        finally:
            self.stack.pop()

    def object_pair(
        self,
        path: str,
        old: ObjectShape,
        new: ObjectShape,
        selected: Mapping[str, tuple[str, ...]],
    ) -> None:
        owner = (old.name, new.name)
        at = (old.location, new.location)
        if old.name != new.name:
            self.add(ChangeKind.OBJECT_RENAMED, path, old.name, new.name, at, owner)
        if (
            self.loose
            and (old.is_union or new.is_union)
            and not (old.is_union and new.is_union and old.discriminator == new.discriminator)
        ):
            self.routed(path, old, new)
            return
        if not old.is_union and not new.is_union:
            fields = _narrowed(new.fields, selected)
            assert self.reach is not None
            reach = Reach(self.reach.protocol, self.reach.side, self.reach.wire_type, path)
            self.meetings.append(
                Meeting(old.name, new.name, old.fields, fields, reach, selected=dict(selected))
            )
            self.fields(owner, path, old.fields, fields)
            return
        if old.is_union != new.is_union:
            before = "a union" if old.is_union else "a record"
            after = "a union" if new.is_union else "a record"
            self.add(ChangeKind.STRUCTURE_CHANGED, path, before, after, at, owner)
            return
        if old.discriminator != new.discriminator:
            before, after = old.discriminator or "", new.discriminator or ""
            self.add(ChangeKind.DISCRIMINATOR_CHANGED, path, before, after, at, owner)
        for value in _ordered(new.variants, old.variants):
            was, now = old.variants.get(value), new.variants.get(value)
            if was is None or now is None:
                kind = ChangeKind.VARIANT_ADDED if was is None else ChangeKind.VARIANT_REMOVED
                self.add(kind, path, was or "", now or "", at, owner, value)
                continue
            self.objects(path, was, now)
        if (old.untagged is None) != (new.untagged is None):
            before, after = old.untagged or "", new.untagged or ""
            self.add(ChangeKind.UNTAGGED_CHANGED, path, before, after, at, owner)
        elif old.untagged is not None and new.untagged is not None:
            self.objects(path, old.untagged, new.untagged)
        if old.also is not None and new.also is not None:
            self.shape(owner, path, old.also, new.also, at, "")
        elif (old.also is None) != (new.also is None) and not self.loose:
            # (loosely, a union's plain values are its position's kinds, compared there)
            before = "objects only" if old.also is None else "objects or plain values"
            after = "objects only" if new.also is None else "objects or plain values"
            self.add(ChangeKind.STRUCTURE_CHANGED, path, before, after, at, owner)

    # --- loose unions ---------------------------------------------------------------------------

    def routed(self, path: str, old: ObjectShape, new: ObjectShape) -> None:
        """Each record of `new` meets the members of `old` its tag values select."""
        for record in self.records(new, set()):
            chosen: dict[str, dict[str, tuple[str, ...]]] = {}
            for target, selected in self.targets(path, old, record, {}):
                merged = chosen.setdefault(target, {})
                for tag, values in selected.items():
                    merged[tag] = merged.get(tag, ()) + tuple(
                        v for v in values if v not in merged.get(tag, ())
                    )
            for target, selected in chosen.items():
                self.objects(path, target, record.name, selected)

    def records(self, shape: ObjectShape, seen: set[str]) -> list[ObjectShape]:
        """`shape` itself if it is a record, else the records its members lead to, in order."""
        if shape.name in seen:
            return []
        seen.add(shape.name)
        if not shape.is_union:
            return [shape]
        members = [*shape.variants.values(), *([shape.untagged] if shape.untagged else [])]
        return [r for name in members for r in self.records(self.new.object(name), seen)]

    def targets(
        self,
        path: str,
        old: ObjectShape,
        record: ObjectShape,
        selected: dict[str, tuple[str, ...]],
    ) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
        """The records of `old` that `record` meets, each with the tag values that chose it."""
        if not old.is_union:
            return [(old.name, selected)]
        tag = record.fields.get(old.discriminator or "")
        values = tag.shape.enum if tag is not None else ()
        if old.discriminator is not None and values:
            out = []
            for value in values:
                member = old.variants.get(value)
                if member is None:
                    at = (old.location, record.location)
                    self.add(ChangeKind.VARIANT_ADDED, path, "", record.name, at,
                             (old.name, record.name), value)  # fmt: skip
                    continue
                chosen = {**selected, old.discriminator: (value,)}
                out += self.targets(path, self.old.object(member), record, chosen)
            return out
        members = [old.untagged] if old.untagged else list(dict.fromkeys(old.variants.values()))
        return [
            t for m in members for t in self.targets(path, self.old.object(m), record, selected)
        ]

    # --- recording --------------------------------------------------------------------------

    def add(
        self,
        kind: ChangeKind,
        path: str,
        old: object,
        new: object,
        at: tuple[Location | None, Location | None],
        owner: tuple[str, str] = ("", ""),
        member: str = "",
        scope: tuple[str, str, str] | None = None,
    ) -> None:
        """Record a change at `path` of the event being walked (or, above the events, in
        `scope`: protocol, side, wire type)."""
        reach = self.reach
        protocol, side, wire_type = scope or (
            (reach.protocol, reach.side, reach.wire_type) if reach else ("", "", "")
        )
        # A change inside an object is the object's, whichever event reached it first.
        within = path[len(self.stack[-1][1]) :] if self.stack and owner != ("", "") else path
        key: tuple[object, ...] = (
            (kind, owner, member, within)
            if owner != ("", "")
            else (kind, protocol, side, wire_type, path, member)
        )
        change = Change(
            kind, protocol, side, wire_type, path, _text(old), _text(new), at[0], at[1], owner,
            member, within=within,
        )  # fmt: skip
        self.record(key, change, path)


def _with_reached(change: Change, reached: tuple[Reach, ...]) -> Change:
    return Change(
        change.kind, change.protocol, change.side, change.wire_type, change.path, change.old,
        change.new, change.old_location, change.new_location, change.owner, change.member,
        reached, change.within,
    )  # fmt: skip


def _narrowed(
    fields: Mapping[str, FieldShape], selected: Mapping[str, tuple[str, ...]]
) -> Mapping[str, FieldShape]:
    """A routed record's fields, its tags holding only the values that chose the member."""
    if not selected:
        return fields
    out = dict(fields)
    for tag, values in selected.items():
        if tag in out:
            held = out[tag]
            shape = replace(held.shape, enum=values, open=False)
            out[tag] = replace(held, shape=shape)
    return out


def _ordered(first: Mapping[str, object], second: Mapping[str, object]) -> Iterator[str]:
    yield from first
    yield from (key for key in second if key not in first)


def _kinds(kinds: frozenset[str]) -> str:
    return " | ".join(sorted(kinds))


def _describe(f: FieldShape) -> str:
    presence = "required" if f.required else "optional"
    nullable = ", nullable" if f.nullable else ""
    return f"{presence} {_kinds(f.shape.kinds)}{nullable}"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)
