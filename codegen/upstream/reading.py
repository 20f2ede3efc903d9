"""What the catalogue lacks, or has beyond, an upstream source: the upstream reading of a walk.

Each edition of the source is walked beside the catalogue (`compare.walk`, with loose unions:
upstream often writes one flat record where the catalogue has a union), the catalogue narrowed
to the edition's version. The walk matches positions; this module merges what every edition
says at each of them, because an object several editions reach answers to all of them together:

- a field upstream lists is missing when no catalogue record any edition met it with has it;
- a catalogue field is extra when no edition that reaches its object lists it, and a catalogue
  object (or event) is extra when no edition reaches it at all;
- a field's JSON kinds (with null) and enum values are those of every edition together, and a
  field is required exactly when every edition that describes its object requires it
  (`required: expected` counts as required);
- events are compared edition by edition: the catalogue's events of the edition's version (or,
  for an edition read for its objects, of any version) against the edition's list.

Each difference is a `Finding` named as spec/reference.yaml names it (`Object.field`, a wire type,
an enum), pointing at the spec line where the edit belongs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..compare import Change, ChangeKind, Meeting, walk
from ..diagnostics import Location
from ..ir import (
    Catalogue,
    ChoiceType,
    EnumType,
    Event,
    Field,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    ObjectType,
    Presence,
    TypeExpr,
    UnionType,
)
from ..surface import (
    EventShape,
    FieldShape,
    ProtocolShape,
    Shape,
    SideShape,
    Surface,
    from_catalogue,
)
from . import snippets
from .editions import Edition
from .sources import Source

# The kinds of finding a declaration in spec/reference.yaml can explain, by its section.
DECLARABLE = ("untyped", "events", "extra", "nullable", "types", "required", "enums")


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # a section of DECLARABLE, or `protocol`, `side`, `variant`, `structure`
    position: str  # as spec/reference.yaml names it: `Object.field`, a wire type, an enum
    message: str  # one line, without the position
    location: Location  # where the edit belongs
    # What a declaration must say to explain it: {edition: added|missing} for events, (adds,
    # leaves_out) for types and enums, `required`/`optional` for required; None otherwise.
    value: object = None
    editions: tuple[str, ...] = ()  # the editions that show it
    snippet: str = ""  # spec YAML to start from, for an addition


@dataclass(frozen=True, slots=True)
class Covered:
    """One field of one upstream record of one edition, and how the catalogue holds it."""

    edition: str
    record: str  # the upstream record
    field: str
    row: str  # the catalogue record (or union, or events' category) it counts under
    state: str  # `typed`, or `untyped` (below a missing field, or in a missing event)
    position: str  # the catalogue position a missing field would be declared at


@dataclass
class Reading:
    findings: list[Finding]
    covered: list[Covered]
    editions: tuple[Edition, ...]
    # catalogue record (an object, or an event as spec/reference.yaml names it) -> the editions'
    # records the walk met it with
    meets: Mapping[str, list[tuple[str, Meeting]]]
    # positions where no edition can say whether null is sent (the SDK's optional fields)
    null_unknown: frozenset[str] = frozenset()


def both_sides(catalogue: Catalogue) -> set[tuple[str, str]]:
    """(protocol, wire type) that both of a protocol's sides send (the Live API's
    `session.input_audio.append`): spec/reference.yaml names the client's after `client:`."""
    return {(p.key, w) for p in catalogue.protocols for w in catalogue.shared_wire_types(p.key)}


def event_position(catalogue: Catalogue, event: Event) -> str:
    """How spec/reference.yaml names an event: a wire type both sides send is the first
    side's (the service's); the other's is `client:...`."""
    wire_type = f"client:{event.wire_type}" if catalogue.on_second_side(event) else event.wire_type
    return wire_type if event.protocol == catalogue.primary.key else f"{event.protocol}:{wire_type}"


def read(catalogue: Catalogue, source: Source) -> Reading:
    return _Reader(catalogue, source).run()


@dataclass
class _Reader:
    catalogue: Catalogue
    source: Source
    findings: list[Finding] = field(default_factory=list)
    covered: list[Covered] = field(default_factory=list)
    # catalogue record -> (edition, meeting) pairs; (edition, upstream record) -> catalogue records
    meets: dict[str, list[tuple[str, Meeting]]] = field(default_factory=lambda: defaultdict(list))
    met_by: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    surfaces: dict[str, Surface] = field(default_factory=dict)  # edition -> its surface
    null_unknown: set[str] = field(default_factory=set)
    named: dict[str, tuple[str, str]] = field(default_factory=dict)  # event name -> its key

    def run(self) -> Reading:
        self.primary = self.catalogue.primary.key
        self.both_sides = both_sides(self.catalogue)
        self.events_ir = {
            self.event_name(e.protocol, e.wire_type, e.direction): e for e in self.catalogue.events
        }
        self.whole = from_catalogue(self.catalogue)
        narrowed: dict[tuple[str | None, str | None], Surface] = {(None, None): self.whole}
        event_states: dict[str, dict[str, str]] = defaultdict(dict)
        missing_protocols: dict[str, list[tuple[Edition, Surface]]] = defaultdict(list)
        for each in self.source.editions:
            edition, upstream = each.edition, each.surface
            self.surfaces[edition.name] = upstream
            if edition.protocol not in self.whole.protocols:
                missing_protocols[edition.protocol].append((edition, upstream))
                continue
            version = None if edition.objects_only else edition.version
            narrowing = (version, edition.connection)
            if narrowing not in narrowed:
                narrowed[narrowing] = from_catalogue(self.catalogue, *narrowing)
            comparison = walk(narrowed[narrowing], upstream, loose_unions=True)
            self.record(edition, comparison.meetings)
            for change in comparison.changes:
                self.change(edition, change, event_states)
            # An event the version does not send but another does is walked all the same, with
            # the whole catalogue: its objects answer to this edition too.
            others = self.other_versions(edition, narrowed[narrowing], upstream)
            if others is not None:
                self.record(edition, walk(*others, loose_unions=True).meetings)
            self.unmet_events(edition, upstream)
        for name, states in event_states.items():
            self.events_finding(name, states)
        for protocol, found in missing_protocols.items():
            self.protocol_finding(protocol, found)
        self.missing_fields()
        self.catalogue_fields()
        editions = tuple(e.edition for e in self.source.editions)
        return Reading(
            self.findings, self.covered, editions, dict(self.meets), frozenset(self.null_unknown)
        )

    def record(self, edition: Edition, meetings: list[Meeting]) -> None:
        for meeting in meetings:
            reach = meeting.reach
            record = (
                self.event_name(reach.protocol, reach.wire_type, reach.side)
                if meeting.event
                else meeting.old
            )
            self.meets[record].append((edition.name, meeting))
            self.met_by[(edition.name, meeting.new)].append(record)

    def other_versions(
        self, edition: Edition, narrowed: Surface, upstream: Surface
    ) -> tuple[Surface, Surface] | None:
        """The catalogue's and the edition's events that only another version of the catalogue
        sends, as two surfaces to walk; None when there are none."""
        protocol, side = edition.protocol, edition.side
        theirs = upstream.protocols[protocol].sides[side].events
        ours = self.whole.protocols[protocol].sides.get(side)
        mine = narrowed.protocols[protocol].sides.get(side)
        if ours is None or mine is None:
            return None
        shared = [w for w in theirs if w in ours.events and w not in mine.events]
        if not shared:
            return None

        def only(surface: Surface, events: Mapping[str, EventShape]) -> Surface:
            kept = {w: events[w] for w in shared}
            side_shape = SideShape(side, kept)
            protocol_shape = ProtocolShape(
                protocol, {side: side_shape}, surface.protocols[protocol].location
            )
            return Surface(surface.source, {protocol: protocol_shape}, surface.objects)

        return only(self.whole, ours.events), only(upstream, theirs)

    def event_name(self, protocol: str, wire_type: str, side: str) -> str:
        """How spec/reference.yaml names an event: its wire type, after `<protocol>:` outside
        the primary protocol; a client event whose wire type the protocol's server sends too
        after `client:` as well (`live:client:session.input_audio.append`)."""
        shared = (protocol, wire_type) in self.both_sides
        first_side = shared and side == self.catalogue.unions_of(protocol)[0].direction
        shown = f"client:{wire_type}" if shared and not first_side else wire_type
        name = shown if protocol == self.primary else f"{protocol}:{shown}"
        self.named[name] = (protocol, wire_type)
        return name

    # --- events, sides, union members ------------------------------------------------------------

    def change(self, edition: Edition, change: Change, states: dict[str, dict[str, str]]) -> None:
        kind, side = change.kind, edition.side
        if kind is ChangeKind.EVENT_ADDED:
            states[self.event_name(change.protocol, change.member, side)][edition.name] = "missing"
        elif kind is ChangeKind.EVENT_REMOVED and not edition.objects_only:
            states[self.event_name(change.protocol, change.member, side)][edition.name] = "added"
        elif kind is ChangeKind.EVENT_RENAMED:
            if not edition.objects_only:
                states[self.event_name(change.protocol, change.old, side)][edition.name] = "added"
            states[self.event_name(change.protocol, change.new, side)][edition.name] = "missing"
        elif kind is ChangeKind.SIDE_ADDED:
            self.findings.append(Finding(
                "side", f"{change.protocol}:{change.member}",
                f"upstream has {change.member} events of {change.protocol}; the catalogue none",
                self.catalogue.protocol(change.protocol).location, None, (edition.name,),
            ))  # fmt: skip
        elif kind is ChangeKind.VARIANT_ADDED and not any(
            f.kind == "variant"
            and f.position.endswith(f"={change.member}")
            and f.position.startswith(f"{change.owner[0]}.")
            for f in self.findings
        ):  # one finding, whichever editions reach the union
            union = self.catalogue.types_by_name.get(change.owner[0])
            where = union.location if union is not None else Location("spec/types", 1, 1)
            tag = getattr(union, "discriminator", "")
            self.findings.append(Finding(
                "variant", f"{change.owner[0]}.{tag}={change.member}",
                f"upstream's {tag} {change.member!r} ({change.new}) is no member of the union",
                where, None, (edition.name,), snippets.variant(change.member),
            ))  # fmt: skip
        elif kind is ChangeKind.STRUCTURE_CHANGED and change.owner != ("", ""):
            owner = change.owner[0]
            self.findings.append(Finding(
                "structure", f"{owner}.{change.member}" if change.member else owner,
                f"the catalogue has {change.old} where upstream has {change.new} "
                f"({_shown(change.new_location)})",
                change.old_location or Location("spec", 1, 1), None, (edition.name,),
            ))  # fmt: skip

    def events_finding(self, name: str, states: dict[str, str]) -> None:
        protocol, wire_type = self.named[name]
        editions = tuple(states)
        event = self.events_ir.get(name)
        said = ", ".join(f"{e}: {s}" for e, s in states.items())
        if event is not None:
            wanted = {self.edition(e).version: s for e, s in states.items()}
            versions = [
                v.key
                for v in self.catalogue.protocol(protocol).versions
                if wanted.get(v.key) == "missing"
                or (v.key in event.versions and wanted.get(v.key) != "added")
            ]
            where = event.version_locations[0] if event.version_locations else event.location
            message = f"the catalogue's versions of the event differ from the editions' ({said})"
            snippet = snippets.versions(versions) if versions else ""
        else:
            edition = next(e.edition for e in self.source.editions if e.edition.name == editions[0])
            where, message = self.events_file(protocol, edition.side, wire_type)
            message = f"an event the catalogue does not have ({said}); {message}"
            upstream = self.surfaces[editions[0]]
            shape = upstream.protocols[protocol].sides[edition.side].events[wire_type]
            listed = {self.edition(e).version for e in editions}
            versions = sorted(v for v in listed if v is not None)
            fields = {k: self.told(v) for k, v in shape.fields.items()}
            snippet = snippets.event(wire_type, fields, upstream, versions)
        self.findings.append(
            Finding("events", name, message, where, dict(states), editions, snippet)
        )

    def edition(self, name: str) -> Edition:
        return next(e.edition for e in self.source.editions if e.edition.name == name)

    def events_file(self, protocol: str, side: str, wire_type: str) -> tuple[Location, str]:
        """Where a new event of this protocol and side belongs: the events file of its category."""
        categories = {c.key for c in self.catalogue.categories}
        kin = sorted(  # the events of the same protocol and side sharing most of its wire type
            (e for e in self.catalogue.events if e.protocol == protocol and e.direction == side),
            key=lambda e: -_shared(e.wire_type, wire_type),
        )
        near = kin[0].category if kin and _shared(kin[0].wire_type, wire_type) else None
        category = next(
            (c for c in _prefixes(wire_type) if c in categories), near or wire_type.split(".")[0]
        )
        same = [
            e for e in self.catalogue.events
            if e.protocol == protocol and e.direction == side and e.category == category
        ]  # fmt: skip
        if same:
            path = same[0].location.file
            return Location(path, _events_line(path), 1), f"add it to {path}"
        prefix = "" if protocol == self.primary else f"{protocol}_"
        prefix += "client_" if side == "client" else ""
        path = f"spec/events/{prefix}{category}.yaml"
        return Location(path, 1, 1), f"create {path} (category {category})"

    def unmet_events(self, edition: Edition, upstream: Surface) -> None:
        """The fields of events the walk did not meet count for coverage, as not typed."""
        side = upstream.protocols[edition.protocol].sides[edition.side]
        for wire_type, event in side.events.items():
            if (edition.name, event.name) in self.met_by:
                continue
            name = self.event_name(edition.protocol, wire_type, edition.side)
            known = self.events_ir.get(name)
            row = f"{_label(edition.protocol, edition.side, self.primary)}: " + (
                known.category if known is not None else "(not in the spec)"
            )
            self.cover_untyped(edition.name, event.name, {"type": None, **event.fields}, row,
                               f"{name} (event)", upstream, set())  # fmt: skip

    def protocol_finding(self, protocol: str, found: list[tuple[Edition, Surface]]) -> None:
        sides: dict[str, dict[str, str]] = {}
        for edition, upstream in found:
            for wire_type in upstream.protocols[protocol].sides[edition.side].events:
                sides.setdefault(edition.side, {}).setdefault(wire_type, edition.name)
        counts = ", ".join(f"{len(events)} {side} events" for side, events in sides.items())
        editions = tuple(e.name for e, _ in found)
        listing = "; ".join(
            f"{side}: {', '.join(sorted(events))}" for side, events in sides.items()
        )
        where = self.catalogue.primary.location
        catalogue_file = Location(where.file, _line_of(where.file, "protocols:"), 1)
        self.findings.append(Finding(
            "protocol", protocol,
            f"the catalogue has no protocol {protocol!r}: upstream has {counts} ({listing})",
            catalogue_file, None, editions, snippets.protocol(protocol, list(sides)),
        ))  # fmt: skip
        for edition, upstream in found:
            for wire_type, event in upstream.protocols[protocol].sides[edition.side].events.items():
                row = f"{_label(protocol, edition.side, self.primary)}: (not in the spec)"
                self.cover_untyped(edition.name, event.name, {"type": None, **event.fields}, row,
                                   f"{protocol}:{wire_type} (event)", upstream, set())  # fmt: skip

    # --- fields upstream lists that the catalogue lacks -----------------------------------------

    def missing_fields(self) -> None:
        # position -> (the upstream field, its row, the editions' records that list it)
        missing: dict[str, tuple[FieldShape, str, list[str]]] = {}
        for (edition, record), holders in self.met_by.items():
            records = list(dict.fromkeys(holders))
            meeting = next(m for e, m in self.meets[records[0]] if e == edition and m.new == record)
            row = records[0] if len(records) == 1 else self.row_for(records)
            typed = {f for r in records for _, m in self.meets[r] if m.new == record
                     for f in m.old_fields}  # fmt: skip
            if meeting.event:
                row_label = self.event_row(records[0])
                self.covered.append(Covered(edition, record, "type", row_label, "typed", ""))
            else:
                row_label = row
            upstream = self.surfaces[edition]
            for name, held in meeting.new_fields.items():
                position = f"{row}.{name}"
                if name in typed:
                    self.covered.append(
                        Covered(edition, record, name, row_label, "typed", position)
                    )
                    continue
                self.covered.append(Covered(edition, record, name, row_label, "untyped", position))
                self.cover_shape(edition, held.shape, row_label, position, upstream, set())
                missing.setdefault(position, (held, row, []))[2].append(f"{edition}:{record}")
        for position, (held, row, listing) in missing.items():
            editions = tuple(listing)
            where = self.location_of(row)
            upstream = self.surfaces[editions[0].split(":", 1)[0]]
            self.findings.append(Finding(
                "untyped", position,
                f"upstream lists it ({', '.join(sorted(editions))}), "
                "the catalogue does not type it",
                where, None, editions, snippets.field(self.told(held), upstream),
            ))  # fmt: skip

    def told(self, held: FieldShape) -> FieldShape:
        """A field as the source tells it: the SDK's "or null" on an optional field says nothing."""
        if self.source.null_unknown and not held.required:
            return replace(held, nullable=False)
        return held

    def event_row(self, record: str) -> str:
        event = self.events_ir[record]
        return f"{_label(event.protocol, event.direction, self.primary)}: {event.category}"

    def cover_untyped(
        self,
        edition: str,
        record: str,
        fields: Mapping[str, FieldShape | None],
        row: str,
        position: str,
        upstream: Surface,
        seen: set[str],
    ) -> None:
        for name, held in fields.items():
            self.covered.append(Covered(edition, record, name, row, "untyped", position))
            if held is not None:
                self.cover_shape(edition, held.shape, row, position, upstream, seen)

    def cover_shape(
        self, edition: str, shape: Shape, row: str, position: str, upstream: Surface, seen: set[str]
    ) -> None:
        """The fields of upstream records below an untyped position count under its row."""
        for inner in (shape.items, shape.values):
            if inner is not None:
                self.cover_shape(edition, inner, row, position, upstream, seen)
        if shape.object is None or shape.object in seen:
            return
        seen.add(shape.object)
        obj = upstream.object(shape.object)
        members = [*obj.variants.values(), *([obj.untagged] if obj.untagged else [])]
        for member in members:
            self.cover_shape(edition, Shape(frozenset({"object"}), object=member), row, position,
                             upstream, seen)  # fmt: skip
        self.cover_untyped(edition, obj.name, obj.fields, row, position, upstream, seen)

    def row_for(self, records: list[str]) -> str:
        """A record met as several catalogue records counts under the union holding them all."""
        names = set(records)
        for declared in self.catalogue.types:
            if isinstance(declared, UnionType) and names <= self.members(declared.name):
                return declared.name
        return " / ".join(sorted(names))

    def members(self, name: str) -> set[str]:
        declared = self.catalogue.types_by_name.get(name)
        if not isinstance(declared, UnionType):
            return {name}
        out: set[str] = set()
        for member in [
            *(v.type_name for v in declared.variants),
            *filter(None, [declared.untagged]),
        ]:
            out |= self.members(member)
        return out

    def location_of(self, record: str) -> Location:
        event = self.events_ir.get(record)
        if event is not None:
            return event.location
        declared = self.catalogue.types_by_name.get(record)
        return declared.location if declared is not None else Location("spec/types", 1, 1)

    # --- the catalogue's own fields against every edition that reaches them ---------------------

    def catalogue_fields(self) -> None:
        kinds: dict[str, tuple[Field, set[str], set[str], list[str]]] = {}
        homes: dict[str, tuple[Location, set[str] | None, set[str]]] = {}
        null_known: set[str] = set()  # positions where some edition says whether null is sent
        # free-form JSON in the catalogue where an edition describes a structure
        free_form: dict[str, tuple[Field, list[str]]] = {}
        for record in self.covered_records():
            meetings = self.meets.get(record, [])
            ir_fields = self.ir_fields(record)
            if not meetings:
                self.findings.append(Finding(
                    "extra", record, "no edition lists it", self.location_of(record),
                ))  # fmt: skip
                continue
            for name, ir in ir_fields.items():
                listed = [(e, m.new_fields[name]) for e, m in meetings if name in m.new_fields]
                position = f"{record}.{name}"
                if not listed:
                    self.findings.append(
                        Finding("extra", position, "no edition lists it", ir.location)
                    )
                    continue
                required = ir.presence is not Presence.OPTIONAL
                everywhere = len(listed) == len(meetings) and all(f.required for _, f in listed)
                if required != everywhere:
                    said = "required" if required else "optional"
                    self.findings.append(Finding(
                        "required", position,
                        f"the catalogue makes it {said}; the editions (required only where every "
                        "edition that describes the object requires it) say the opposite",
                        ir.location, said, tuple(sorted({e for e, _ in meetings})),
                    ))  # fmt: skip
                mine = self.whole_field(record, name)
                for edition, theirs in listed:
                    if _free_form(mine.shape) and _structured(theirs.shape):
                        free_form.setdefault(position, (ir, []))[1].append(edition)
                        # what upstream describes below it counts as not typed
                        row = self.event_row(record) if record in self.events_ir else record
                        self.cover_shape(
                            edition, theirs.shape, row, position, self.surfaces[edition], set()
                        )
                    for suffix, own, other in _positions(mine.shape, theirs.shape, ""):
                        at = position + suffix
                        own_kinds = set(own.kinds) | (
                            {"null"} if mine.nullable and not suffix else set()
                        )
                        # the SDK's "or null" on a field that may be absent tells nothing
                        knows = theirs.required or not self.source.null_unknown
                        other_kinds = set(other.kinds) | (
                            {"null"} if theirs.nullable and knows and not suffix else set()
                        )
                        entry = kinds.setdefault(at, (ir, own_kinds, set(), []))
                        entry[2].update(other_kinds)
                        entry[3].append(edition)
                        if knows:
                            null_known.add(at)
                        if _free_form(own):
                            continue  # declared as free-form JSON above: no types, no values
                        if (
                            other.enum
                            and other.kinds & {"string", "integer"}
                            or "string" in own.kinds
                        ):
                            home, values, location = self.enum_home(record, ir, suffix)
                            slot = homes.setdefault(home, (location, values, set()))
                            if other.kinds & {"string", "integer"}:
                                slot[2].update(other.enum)
        for position, (ir, editions) in free_form.items():
            self.findings.append(Finding(
                "untyped", position,
                "the catalogue holds it as free-form JSON; the editions describe what it holds",
                ir.location, None, tuple(sorted(set(editions))),
            ))  # fmt: skip
        for position, (ir, ours, upstream_kinds, editions) in kinds.items():
            if "any" in ours:
                continue
            if position not in null_known:  # no edition can tell: null is no difference
                self.null_unknown.add(position)
                ours, upstream_kinds = ours - {"null"}, upstream_kinds - {"null"}
            added, left_out = ours - upstream_kinds, upstream_kinds - ours
            where = tuple(sorted(set(editions)))
            if added == {"null"} and not left_out:
                self.findings.append(Finding(
                    "nullable", position, "the catalogue lets it be null; no edition does",
                    ir.location, None, where,
                ))  # fmt: skip
            elif added or left_out:
                self.findings.append(Finding(
                    "types", position,
                    f"the catalogue adds JSON types {sorted(added)} "
                    f"and leaves out {sorted(left_out)}",
                    ir.location, (added, left_out), where,
                ))  # fmt: skip
        for home, (location, values, upstream_values) in homes.items():
            have = values or set()
            if have != upstream_values:
                added, left_out = have - upstream_values, upstream_values - have
                self.findings.append(Finding(
                    "enums", home,
                    f"the catalogue adds values {sorted(added)} and leaves out {sorted(left_out)}",
                    location, (added, left_out), (), snippets.enum_values(sorted(left_out)),
                ))  # fmt: skip
        reached = set(homes)
        for declared in self.catalogue.types:
            if isinstance(declared, EnumType) and declared.name not in reached:
                if declared.name in self.covered_enums():
                    values = set(declared.enumeration.values)
                    self.findings.append(Finding(
                        "enums", declared.name,
                        f"the catalogue adds values {sorted(values)} and leaves out []",
                        declared.location, (values, set()),
                    ))  # fmt: skip

    def covered_records(self) -> list[str]:
        """The catalogue's events and objects on the sides the source describes, in order."""
        sides = {(e.edition.protocol, e.edition.side) for e in self.source.editions}
        out: dict[str, None] = {}
        seen: set[str] = set()
        for protocol in self.whole.protocols.values():
            for side in protocol.sides.values():
                if (protocol.key, side.key) not in sides:
                    continue
                for event in side.events.values():
                    out[self.event_name(protocol.key, event.wire_type, side.key)] = None
                    for held in event.fields.values():
                        self.reach(held.shape, seen)
        for name in self.whole.objects:
            declared = self.catalogue.types_by_name[name]
            if name in seen and isinstance(declared, ObjectType):
                out[name] = None
        return list(out)

    def covered_enums(self) -> set[str]:
        """Named enums a field of the covered records uses."""
        out = set()
        for record in self.covered_records():
            for ir in self.ir_fields(record).values():
                for name in _named(ir.type):
                    if isinstance(self.catalogue.types_by_name.get(name), EnumType):
                        out.add(name)
        return out

    def reach(self, shape: Shape, seen: set[str]) -> None:
        for inner in (shape.items, shape.values):
            if inner is not None:
                self.reach(inner, seen)
        if shape.object is None or shape.object in seen or shape.object not in self.whole.objects:
            return
        seen.add(shape.object)
        obj = self.whole.object(shape.object)
        for member in [*obj.variants.values(), *filter(None, [obj.untagged])]:
            self.reach(Shape(frozenset({"object"}), object=member), seen)
        if obj.also is not None:
            self.reach(obj.also, seen)
        for held in obj.fields.values():
            self.reach(held.shape, seen)

    def ir_fields(self, record: str) -> dict[str, Field]:
        event = self.events_ir.get(record)
        if event is not None:
            return {f.wire_name: f for f in event.fields}
        declared = self.catalogue.types_by_name[record]
        assert isinstance(declared, ObjectType)
        return {f.wire_name: f for f in declared.fields}

    def whole_field(self, record: str, name: str) -> FieldShape:
        event = self.events_ir.get(record)
        if event is not None:
            side = self.whole.protocols[event.protocol].sides[event.direction]
            return side.events[event.wire_type].fields[name]
        return self.whole.object(record).fields[name]

    def enum_home(
        self, record: str, ir: Field, suffix: str
    ) -> tuple[str, set[str] | None, Location]:
        """Where the values of the strings at a position are declared: a named enum, or the
        field itself (an inline enum, literals, or none)."""
        position = f"{record}.{ir.wire_name}"
        if ir.enum is not None:
            return position, set(ir.enum.values), ir.enum.location
        expr: TypeExpr | None = ir.type
        for step in suffix.replace("[]", "[").replace("{}", "{"):
            expr = _inner(expr, step)
        home = self.home(expr)
        if home is None:
            return position, None, ir.location
        if isinstance(home, EnumType):
            return home.name, set(home.enumeration.values), home.enumeration.location
        return position, home, ir.location

    def home(self, expr: TypeExpr | None) -> EnumType | set[str] | None:
        if isinstance(expr, NamedType):
            declared = self.catalogue.types_by_name.get(expr.name)
            if isinstance(declared, EnumType):
                return declared
            if isinstance(declared, UnionType) and declared.also is not None:
                return self.home(declared.also)
            return None
        if isinstance(expr, LiteralType):
            return {expr.value}
        if isinstance(expr, ChoiceType):
            literals = {o.value for o in expr.options if isinstance(o, LiteralType)}
            if literals:
                return literals
            named = [o for o in expr.options if isinstance(o, NamedType)]
            return self.home(named[0]) if len(named) == 1 else None
        return None


def _positions(mine: Shape, theirs: Shape, suffix: str) -> Iterator[tuple[str, Shape, Shape]]:
    """The positions two shapes share: the value, then its items and a map's values."""
    yield suffix, mine, theirs
    if mine.items is not None and theirs.items is not None:
        yield from _positions(mine.items, theirs.items, suffix + "[]")
    if mine.values is not None and theirs.values is not None:
        yield from _positions(mine.values, theirs.values, suffix + "{}")


def _free_form(shape: Shape) -> bool:
    """Any JSON, or an object with free keys and any values."""
    any_value = frozenset({"any"})
    return shape.kinds == any_value or (
        shape.object is None and shape.values is not None and shape.values.kinds == any_value
    )


def _structured(shape: Shape) -> bool:
    """A value upstream describes beyond its JSON kind: a record, a list, enum values."""
    return shape.object is not None or shape.items is not None or bool(shape.enum)


def _inner(expr: TypeExpr | None, step: str) -> TypeExpr | None:
    if isinstance(expr, ListType) and step == "[":
        return expr.item
    if isinstance(expr, MapType) and step == "{":
        return expr.value
    if isinstance(expr, ChoiceType):
        for option in expr.options:
            found = _inner(option, step)
            if found is not None:
                return found
    return None


def _named(expr: TypeExpr) -> Iterator[str]:
    if isinstance(expr, NamedType):
        yield expr.name
    elif isinstance(expr, ListType):
        yield from _named(expr.item)
    elif isinstance(expr, MapType):
        yield from _named(expr.value)
    elif isinstance(expr, ChoiceType):
        for option in expr.options:
            yield from _named(option)


def _shown(location: Location | None) -> str:
    """An upstream location: the document and the JSON pointer (its line is not known)."""
    return "" if location is None else location.file


def _label(protocol: str, side: str, primary: str) -> str:
    """`events`, `client events`, `translation events`, `translation client events`, ..."""
    words = [] if protocol == primary else [protocol]
    return " ".join([*words, *([] if side == "server" else [side]), "events"])


def _shared(first: str, second: str) -> int:
    """How many leading dotted words two wire types share."""
    count = 0
    for a, b in zip(first.split("."), second.split("."), strict=False):
        if a != b:
            break
        count += 1
    return count


def _prefixes(wire_type: str) -> list[str]:
    parts = wire_type.split(".")
    return [".".join(parts[:i]).replace(".", "_") for i in range(len(parts), 0, -1)]


def _events_line(path: str) -> int:
    return _line_of(path, "events:")


def _line_of(path: str, start: str) -> int:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((i for i, line in enumerate(lines, 1) if line.startswith(start)), 1)
