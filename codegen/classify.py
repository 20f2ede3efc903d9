"""Every change between two revisions of the catalogue, judged for the wire and for code.

`compare.py` finds what differs between the two surfaces; this module reads each change
against the table of `rules.py`, once per direction whose events carry it (an object that
server and client events share gets both verdicts), and asks each code target for the names
it gives what changed, so that a renamed class or attribute is reported in that target's own
words. It adds what only the generated code sees: declared types added, removed or renamed,
and a field whose name in some target changed while its wire name did not.

Two facts the surfaces do not hold are inferred here, and said so in the findings:
- A field is **renamed** when, in one object (or one event's own fields), exactly one field
  was removed and exactly one added with the same shape (JSON kinds, enum values, object,
  presence and nullability), and neither matches another field removed or added there.
- An enum is **renamed** when exactly one named enum was removed and one added with the same
  values and openness.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from .compare import Change, ChangeKind, compare
from .diagnostics import Location
from .escape import markdown_code as code
from .ir import Catalogue, EnumType, Event, Field, ObjectType
from .rules import CODE_TARGETS, Bump, Code, Direction, Rule, Severity, Wire, rule_for
from .surface import FieldShape, Shape, Surface, from_catalogue
from .targets import pydantic as pydantic_target
from .targets.python import view as python_view
from .targets.typescript import view as typescript_view


class CodeNames(NamedTuple):
    """How a code target names things, asked of the target itself."""

    title: str
    exported: Callable[[Catalogue], dict[str, tuple[str, ...]]]  # neutral name -> its exports
    field: Callable[[Field], tuple[str, ...]]  # the names code writes for one field


# One row per target of rules.CODE_TARGETS.
CODE_NAMES: Mapping[str, CodeNames] = {
    "python": CodeNames("Python", python_view.exported_names, python_view.field_names),
    "pydantic": CodeNames("Pydantic", pydantic_target.exported_names, pydantic_target.field_names),
    "typescript": CodeNames(
        "TypeScript", typescript_view.exported_names, typescript_view.field_names
    ),
}


@dataclass(frozen=True, slots=True)
class Revision:
    """One side of a comparison: a catalogue, and what it says travels on the wire."""

    label: str  # how messages name it: `HEAD`, `the working tree`, `0.1.0`, `beta`
    catalogue: Catalogue
    surface: Surface


def revision(catalogue: Catalogue, label: str, version: str | None = None) -> Revision:
    """The catalogue as a revision; with `version`, as that protocol version sends it."""
    return Revision(label, catalogue, from_catalogue(catalogue, version))


@dataclass(frozen=True, slots=True)
class WireVerdict:
    direction: Direction
    strict: Wire
    tolerant: Wire
    why: str


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    target: str  # a key of CODE_NAMES
    verdict: Code
    names: str  # what the target's names were and are, for a finding about names; else ""


@dataclass(frozen=True, slots=True)
class Finding:
    id: str  # a fingerprint of what changed and where: the same whatever else changed
    rule: str  # the key of its rows in rules.RULES
    severity: Severity
    bump: Bump  # the smallest version bump it needs
    summary: str  # what changed, in one line of Markdown
    protocol: str
    events: tuple[tuple[str, str, str], ...]  # (protocol, side, wire type) of every carrier
    wire: tuple[WireVerdict, ...]  # one per direction that carries it
    code: tuple[CodeVerdict, ...]  # one per code target
    # Where to look in the new revision: the thing itself, or what lost it (the object that
    # lost a field); None for what went whole (an event, a type), which only the old shows.
    location: Location | None
    old_location: Location | None
    changes: tuple[Change, ...] = ()  # the raw changes it stands for; () for code-only ones
    # For a field: the owner (a type's name, or an event's neutral name) and its wire name,
    # in the new revision, or the old one for what is gone.
    owner: str = ""
    member: str = ""
    # For a rename of an event or a type: its neutral names before and after.
    renamed: tuple[str, str] = ("", "")


def classify(old: Revision, new: Revision) -> list[Finding]:
    """Every finding between `old` and `new`, the most severe first, in walk order otherwise."""
    return _Classifier(old, new).run()


# --- the classifier -----------------------------------------------------------------------------


@dataclass
class _Side:
    """What one revision says, indexed for lookups by position and by name."""

    revision: Revision
    events: dict[tuple[str, str, str], Event] = field(default_factory=dict)
    names: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        catalogue = self.revision.catalogue
        self.events = {(e.protocol, e.direction, e.wire_type): e for e in catalogue.events}
        self.names = {key: target.exported(catalogue) for key, target in CODE_NAMES.items()}

    @property
    def surface(self) -> Surface:
        return self.revision.surface

    @property
    def catalogue(self) -> Catalogue:
        return self.revision.catalogue

    def field_of(self, owner: str, event: tuple[str, str, str], wire_name: str) -> Field | None:
        """A field of the object `owner`, or of `event` when `owner` is ""."""
        if owner:
            declared = self.catalogue.types_by_name.get(owner)
            fields = declared.fields if isinstance(declared, ObjectType) else ()
        else:
            found = self.events.get(event)
            fields = found.fields if found is not None else ()
        return next((f for f in fields if f.wire_name == wire_name), None)


class _Classifier:
    def __init__(self, old: Revision, new: Revision) -> None:
        self.old = _Side(old)
        self.new = _Side(new)
        self.changes = compare(old.surface, new.surface)
        self.roles = _roles(old.surface) | _roles(new.surface)
        # Renamed events: (protocol, side, old wire type) -> new wire type.
        self.renamed = {
            (c.protocol, c.side, c.old): c.new
            for c in self.changes
            if c.kind is ChangeKind.EVENT_RENAMED
        }
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        renamed_fields = self.field_renames()
        paired = {id(change) for pair in renamed_fields for change in pair}
        renames = {key for key in self.renamed}
        for change in self.changes:
            if id(change) in paired:
                continue
            scope = (change.protocol, change.side, change.wire_type)
            if scope in renames and change.kind in _FOLDED_INTO_RENAME:
                continue  # the rename's finding says it
            for key in self.rule_keys(change):
                self.add_change(key, change)
        for removed, added in renamed_fields:
            self.add_field_rename(removed, added)
        self.declared_types()
        self.code_names()
        order = {s: i for i, s in enumerate(reversed(Severity))}
        return sorted(self.findings, key=lambda f: order[f.severity])

    # --- rules for raw changes ------------------------------------------------------------

    def rule_keys(self, change: Change) -> list[str]:
        kind = change.kind
        if kind is ChangeKind.LIFECYCLE_CHANGED:
            if not change.old:
                return ["version-added"]
            if not change.new:
                return ["version-removed"]
            return [_LIFECYCLE_RULES[change.new]]
        if kind is ChangeKind.EVENT_VERSIONS_CHANGED:
            before, after = _versions(change.old), _versions(change.new)
            keys = []
            if after - before or (not after and before):
                keys.append("event-version-added")
            if before - after or (not before and after):
                keys.append("event-version-removed")
            return keys
        if kind is ChangeKind.EVENT_CONNECTIONS_CHANGED:
            # the protocol's kinds stand for "all" on either side, so sets compare directly
            before, after = self.kinds(change, self.old), self.kinds(change, self.new)
            keys = []
            if after - before:
                keys.append("event-connection-added")
            if before - after:
                keys.append("event-connection-removed")
            return keys
        if kind is ChangeKind.FIELD_ADDED:
            added = self.field_shape(change, self.new)
            return ["field-added-required" if added and added.required else "field-added-optional"]
        if kind is ChangeKind.FIELD_REMOVED:
            gone = self.field_shape(change, self.old)
            return [
                "field-removed-required" if gone and gone.required else "field-removed-optional"
            ]
        if kind in (ChangeKind.KINDS_WIDENED, ChangeKind.KINDS_NARROWED):
            before, after = set(change.old.split(" | ")), set(change.new.split(" | "))
            widened = kind is ChangeKind.KINDS_WIDENED
            if widened and before - after == {"integer"} and after - before == {"number"}:
                return ["integer-to-number"]
            if not widened and before - after == {"number"} and after - before == {"integer"}:
                return ["number-to-integer"]
            return ["kinds-widened" if widened else "kinds-narrowed"]
        if kind in (ChangeKind.ENUM_VALUE_ADDED, ChangeKind.ENUM_VALUE_REMOVED):
            # The reader's enum decides: an old reader meets an added value, a new one a
            # removed value.
            grew = kind is ChangeKind.ENUM_VALUE_ADDED
            shape = self.shape(change, self.old if grew else self.new)
            openness = "open" if shape is None or shape.open else "closed"
            return [f"enum-value-{'added' if grew else 'removed'}-{openness}"]
        if kind is ChangeKind.UNTAGGED_CHANGED:
            return ["untagged-member-added" if not change.old else "untagged-member-removed"]
        return [_RULE_OF_KIND[kind]]

    def add_change(self, key: str, change: Change) -> None:
        rules = self.rules(key, change)
        code = self.code_verdicts(key, change, rules)
        owner, member = self.field_subject(change)
        self.add(
            key,
            rules,
            renamed=self.renamed_names(key, change),
            summary=self.summary(key, change),
            protocol=change.protocol,
            events=self.carriers(change),
            code=code,
            location=change.new_location or self.owner_location(change),
            old_location=change.old_location,
            identity=(change.kind.value, *_scope(change), change.old, change.new),
            changes=(change,),
            owner=owner,
            member=member,
        )

    def renamed_names(self, key: str, change: Change) -> tuple[str, str]:
        if key == "event-renamed":
            old_event = self.old.events.get((change.protocol, change.side, change.old))
            new_event = self.new.events.get((change.protocol, change.side, change.new))
            if old_event is not None and new_event is not None:
                return old_event.name, new_event.name
        if key in ("event-name-changed", "object-renamed"):
            return change.old, change.new
        return "", ""

    def rules(self, key: str, change: Change) -> list[tuple[Direction, Rule]]:
        """The rows of `key` for each direction whose events carry the change."""
        if change.kind in _PROTOCOL_KINDS:
            return [(Direction.PROTOCOL, rule_for(key, Direction.PROTOCOL))]
        directions = sorted(
            {self.direction(protocol, side) for protocol, side in change.sides},
            key=lambda d: list(Direction).index(d),
        )
        return [(direction, rule_for(key, direction)) for direction in directions]

    def direction(self, protocol: str, side: str) -> Direction:
        return self.roles.get((protocol, side), Direction.SERVER)

    # --- field renames ----------------------------------------------------------------------

    def field_renames(self) -> list[tuple[Change, Change]]:
        """Removed and added fields paired as renames (see the module's docstring)."""
        groups: dict[tuple[object, ...], tuple[list[Change], list[Change]]] = defaultdict(
            lambda: ([], [])
        )
        for change in self.changes:
            if change.kind in (ChangeKind.FIELD_REMOVED, ChangeKind.FIELD_ADDED):
                place = change.owner if change.owner != ("", "") else _event_of(change)
                groups[place][change.kind is ChangeKind.FIELD_ADDED].append(change)
        pairs = []
        for removed, added in groups.values():
            shapes = {id(c): self.field_shape(c, self.old) for c in removed}
            shapes |= {id(c): self.field_shape(c, self.new) for c in added}
            for gone in removed:
                matches = [a for a in added if _same_field(shapes[id(gone)], shapes[id(a)])]
                if len(matches) != 1:
                    continue
                rivals = [r for r in removed if _same_field(shapes[id(r)], shapes[id(matches[0])])]
                if len(rivals) == 1:
                    pairs.append((gone, matches[0]))
        return pairs

    def add_field_rename(self, removed: Change, added: Change) -> None:
        rules = self.rules("field-renamed", removed)
        old_field = self.ir_field(removed, self.old)
        new_field = self.ir_field(added, self.new)
        verdicts = []
        for key, target in CODE_NAMES.items():
            before = target.field(old_field) if old_field else ()
            after = target.field(new_field) if new_field else ()
            verdict = Code.BREAKS if before != after else Code.SAFE
            verdicts.append(CodeVerdict(key, verdict, _renaming(before, after)))
        owner, _ = self.field_subject(added)
        self.add(
            "field-renamed",
            rules,
            summary=f"field {code(removed.member)} of {self.subject_of(removed)} renamed to "
            f"{code(added.member)} (matched by shape: {added.new})",
            protocol=added.protocol,
            events=self.carriers(added),
            code=tuple(verdicts),
            location=added.new_location,
            old_location=removed.old_location,
            identity=("field renamed", *_scope(removed), *_scope(added)),
            changes=(removed, added),
            owner=owner,
            member=added.member,
        )

    # --- what only generated code sees -------------------------------------------------------

    def declared_types(self) -> None:
        old_types = self.old.catalogue.types_by_name
        new_types = self.new.catalogue.types_by_name
        renamed_objects = {
            (c.old, c.new) for c in self.changes if c.kind is ChangeKind.OBJECT_RENAMED
        }
        explained_old = {old for old, new in renamed_objects if old not in new_types}
        explained_new = {new for old, new in renamed_objects if new not in old_types}
        removed = [n for n in old_types if n not in new_types and n not in explained_old]
        added = [n for n in new_types if n not in old_types and n not in explained_new]
        enum_renames = _enum_renames([old_types[n] for n in removed], [new_types[n] for n in added])
        for before, after in enum_renames:
            self.add(
                "type-renamed",
                _code_only("type-renamed"),
                renamed=(before.name, after.name),
                summary=f"enum {code(before.name)} renamed to {code(after.name)} (the same values)",
                protocol="",
                events=(),
                code=self.name_verdicts(before.name, after.name),
                location=after.location,
                old_location=before.location,
                identity=("type renamed", before.name, after.name),
            )
        paired_old = {before.name for before, _ in enum_renames}
        paired_new = {after.name for _, after in enum_renames}
        for name in removed:
            if name not in paired_old:
                self.add(
                    "type-removed",
                    _code_only("type-removed"),
                    summary=f"type {code(name)} removed",
                    protocol="",
                    events=(),
                    code=self.name_verdicts(name, None),
                    location=None,
                    old_location=old_types[name].location,
                    identity=("type removed", name),
                )
        for name in added:
            if name not in paired_new:
                self.add(
                    "type-added",
                    _code_only("type-added"),
                    summary=f"type {code(name)} added",
                    protocol="",
                    events=(),
                    code=tuple(CodeVerdict(key, Code.SAFE, "") for key in CODE_NAMES),
                    location=new_types[name].location,
                    old_location=None,
                    identity=("type added", name),
                )

    def code_names(self) -> None:
        """Fields at the same place, with the same wire name, that some target now names
        otherwise (a Python `name:` hint, say)."""
        owners: list[tuple[str, str, tuple[str, str, str], tuple[str, str, str]]] = []
        old_types = self.old.catalogue.types_by_name
        for name, declared in self.new.catalogue.types_by_name.items():
            if isinstance(declared, ObjectType) and isinstance(old_types.get(name), ObjectType):
                owners.append((name, name, ("", "", ""), ("", "", "")))
        new_types = self.new.catalogue.types_by_name
        for c in self.changes:
            records = isinstance(old_types.get(c.old), ObjectType) and isinstance(
                new_types.get(c.new), ObjectType
            )
            if c.kind is ChangeKind.OBJECT_RENAMED and records:
                owners.append((c.old, c.new, ("", "", ""), ("", "", "")))
        for key in self.new.events:
            protocol, side, wire_type = key
            old_wire = next(
                (old for (p, s, old), now in self.renamed.items() if (p, s, now) == key),
                wire_type,
            )
            if (protocol, side, old_wire) in self.old.events:
                owners.append(("", "", (protocol, side, old_wire), key))
        seen: set[tuple[object, ...]] = set()
        for old_owner, new_owner, old_event, new_event in owners:
            if (old_owner, new_owner, old_event, new_event) in seen:
                continue
            seen.add((old_owner, new_owner, old_event, new_event))
            self.field_names_of(old_owner, new_owner, old_event, new_event)

    def field_names_of(
        self,
        old_owner: str,
        new_owner: str,
        old_event: tuple[str, str, str],
        new_event: tuple[str, str, str],
    ) -> None:
        new_declared = self.new.catalogue.types_by_name.get(new_owner)
        fields = (
            new_declared.fields
            if isinstance(new_declared, ObjectType)
            else self.new.events[new_event].fields
        )
        for after in fields:
            before = self.old.field_of(old_owner, old_event, after.wire_name)
            if before is None:
                continue
            verdicts = []
            for key, target in CODE_NAMES.items():
                was, now = target.field(before), target.field(after)
                if was == now:
                    verdicts.append(CodeVerdict(key, Code.SAFE, ""))
                else:
                    verdicts.append(CodeVerdict(key, Code.BREAKS, _renaming(was, now)))
            if all(c.verdict is Code.SAFE for c in verdicts):
                continue
            owner = new_owner or self.new.events[new_event].name
            changed = ", ".join(CODE_NAMES[c.target].title for c in verdicts if c.names)
            self.add(
                "field-code-name-changed",
                _code_only("field-code-name-changed"),
                summary=f"field {code(after.wire_name)} of {code(owner)} has another name in "
                f"{changed} code",
                protocol=new_event[0],
                events=(new_event,) if not new_owner else (),
                code=tuple(verdicts),
                location=after.location,
                old_location=before.location,
                identity=(
                    "code name",
                    old_owner,
                    new_owner,
                    *old_event,
                    *new_event,
                    after.wire_name,
                ),  # fmt: skip
                owner=owner,
                member=after.wire_name,
            )

    # --- code verdicts --------------------------------------------------------------------------

    def code_verdicts(
        self, key: str, change: Change, rules: list[tuple[Direction, Rule]]
    ) -> tuple[CodeVerdict, ...]:
        if key == "event-renamed":
            old_event = self.old.events.get((change.protocol, change.side, change.old))
            new_event = self.new.events.get((change.protocol, change.side, change.new))
            return self.name_verdicts(
                old_event.name if old_event else None, new_event.name if new_event else None
            )
        if key == "event-name-changed":
            return self.name_verdicts(change.old, change.new)
        if key == "event-removed":
            return self.name_verdicts(change.old or None, None)
        if key == "object-renamed":
            verdicts = self.name_verdicts(change.old, change.new)
            if change.old in self.new.catalogue.types_by_name:  # another type, not a rename
                return tuple(CodeVerdict(v.target, Code.BREAKS, "") for v in verdicts)
            return verdicts
        if key in ("field-removed-required", "field-removed-optional"):
            gone = self.ir_field(change, self.old)
            return tuple(
                CodeVerdict(k, Code.BREAKS, _renaming(t.field(gone), ()) if gone else "")
                for k, t in CODE_NAMES.items()
            )
        return tuple(
            CodeVerdict(target, max((r.code[target] for _, r in rules), key=lambda c: c.rank), "")
            for target in CODE_TARGETS
        )

    def name_verdicts(self, old_name: str | None, new_name: str | None) -> tuple[CodeVerdict, ...]:
        """Per target: what it exported for `old_name` and exports for `new_name`."""
        verdicts = []
        for key in CODE_NAMES:
            before = self.old.names[key].get(old_name, ()) if old_name else ()
            after = self.new.names[key].get(new_name, ()) if new_name else ()
            verdict = Code.BREAKS if before != after else Code.SAFE
            verdicts.append(CodeVerdict(key, verdict, _renaming(before, after)))
        return tuple(verdicts)

    # --- lookups ------------------------------------------------------------------------------

    def new_scope(self, change: Change) -> tuple[str, str, str]:
        """The event a change is in, as the new revision names it."""
        scope = _event_of(change)
        renamed = self.renamed.get(scope)
        return (scope[0], scope[1], renamed) if renamed else scope

    def kinds(self, change: Change, side: _Side) -> set[str]:
        """The kinds of connection that carry the event a change is about, as `side` has it
        (`all`: every kind of its protocol)."""
        listed = change.old if side is self.old else change.new
        protocol = side.surface.protocols.get(change.protocol)
        every = set(protocol.connections) if protocol is not None else set()
        return every if listed == "all" else set(listed.split(", "))

    def field_shape(self, change: Change, side: _Side) -> FieldShape | None:
        """The field a change is about, as `side` has it."""
        owner = change.owner[0] if side is self.old else change.owner[1]
        name = change.member.partition("=")[0]
        if owner:
            found = side.surface.objects.get(owner)
            return found.fields.get(name) if found is not None else None
        protocol, wire_side, wire_type = (
            _event_of(change) if side is self.old else self.new_scope(change)
        )
        shape = side.surface.protocols.get(protocol)
        events = shape.sides.get(wire_side) if shape is not None else None
        event = events.events.get(wire_type) if events is not None else None
        return event.fields.get(name) if event is not None else None

    def shape(self, change: Change, side: _Side) -> Shape | None:
        """The value a change is about (a field's, its items', a union's other values)."""
        name = change.member.partition("=")[0]
        owner = change.owner[0] if side is self.old else change.owner[1]
        if name:
            found = self.field_shape(change, side)
            if found is None:
                return None
            shape: Shape | None = found.shape
            rest = change.within.removeprefix("." if owner else "").removeprefix(name)
        else:
            union = side.surface.objects.get(owner)
            shape = union.also if union is not None else None
            rest = change.within
        for step in (rest[i : i + 2] for i in range(0, len(rest), 2)):
            if shape is None:
                return None
            shape = shape.items if step == "[]" else shape.values
        return shape

    def ir_field(self, change: Change, side: _Side) -> Field | None:
        owner = change.owner[0] if side is self.old else change.owner[1]
        event = _event_of(change) if side is self.old else self.new_scope(change)
        return side.field_of(owner, event, change.member.partition("=")[0])

    def field_subject(self, change: Change) -> tuple[str, str]:
        """(owner, field) of a change about a field, as history keys fields; ("", "") else."""
        name = change.member.partition("=")[0]
        if change.kind not in _FIELD_KINDS or not name:
            return "", ""
        if change.owner != ("", ""):
            return change.owner[1] or change.owner[0], name
        for side, scope in ((self.new, self.new_scope(change)), (self.old, _event_of(change))):
            event = side.events.get(scope)
            if event is not None:
                return event.name, name
        return "", name

    def carriers(self, change: Change) -> tuple[tuple[str, str, str], ...]:
        reached = tuple(dict.fromkeys((r.protocol, r.side, r.wire_type) for r in change.reached))
        if reached:
            return reached
        return (_event_of(change),) if change.wire_type else ()

    def owner_location(self, change: Change) -> Location | None:
        """Where the object or event that lost a part is written in the new revision; None
        for what went whole (an event, a protocol), which only the old revision shows."""
        if change.owner[1]:
            found = self.new.surface.objects.get(change.owner[1])
            return found.location if found is not None else None
        if change.kind not in _FIELD_KINDS:
            return None
        protocol, side, wire_type = self.new_scope(change)
        shape = self.new.surface.protocols.get(protocol)
        events = shape.sides.get(side) if shape is not None else None
        event = events.events.get(wire_type) if events is not None else None
        return event.location if event is not None else None

    # --- words ----------------------------------------------------------------------------------

    def subject_of(self, change: Change) -> str:
        """The object or event a change is in: `` `Response` `` or `` server event `x.y` ``."""
        if change.owner != ("", ""):
            return code(change.owner[1] or change.owner[0])
        return f"{change.side} event {code(change.wire_type)}"

    def place(self, change: Change) -> str:
        """The field a change is at: `` `Response.status` `` or `` `status` of server event
        `response.done` ``."""
        if change.owner != ("", ""):
            return f"{code((change.owner[1] or change.owner[0]) + change.within)}"
        where = change.path or change.member.partition("=")[0]
        return f"{code(where)} of {change.side} event {code(change.wire_type)}"

    def summary(self, key: str, change: Change) -> str:
        kind, old, new = change.kind, change.old, change.new
        side_event = f"{change.side} event {code(change.member)}"
        version = f"version {code(change.member)} of {code(change.protocol)}"
        whole = version if change.member else f"protocol {code(change.protocol)}"
        texts: dict[str, Callable[[], str]] = {
            "protocol-added": lambda: f"protocol {code(new)} added",
            "protocol-removed": lambda: f"protocol {code(old)} removed",
            "side-added": lambda: f"the {new} side of {code(change.protocol)} added",
            "side-removed": lambda: f"the {old} side of {code(change.protocol)} removed",
            "version-added": lambda: f"{version} added ({new})",
            "version-removed": lambda: f"{version} removed (was {old})",
            "deprecated": lambda: f"{whole}: {old} → deprecated",
            "retired": lambda: f"{whole}: {old} → retired",
            "reinstated": lambda: f"{whole}: {old} → current",
            "event-added": lambda: f"{side_event} added",
            "event-removed": lambda: f"{side_event} removed",
            "event-renamed": lambda: f"{change.side} event {code(old)} renamed to {code(new)}",
            "event-name-changed": lambda: f"{side_event} is named {code(new)} (was {code(old)})",
            "event-version-added": lambda: f"{side_event} is sent in {new} (was {old})",
            "event-version-removed": lambda: f"{side_event} is sent in {new} (was {old})",
            "event-connection-added": lambda: f"{side_event} is carried on {new} (was {old})",
            "event-connection-removed": lambda: f"{side_event} is carried on {new} (was {old})",
            "field-added-required": lambda: f"field {self.place(change)} added ({new})",
            "field-added-optional": lambda: f"field {self.place(change)} added ({new})",
            "field-removed-required": lambda: f"field {self.place(change)} removed (was {old})",
            "field-removed-optional": lambda: f"field {self.place(change)} removed (was {old})",
            "union-member-added": lambda: (
                f"{self.subject_of(change)} gains the kind {code(change.member)} ({code(new)})"
            ),
            "union-member-removed": lambda: (
                f"{self.subject_of(change)} loses the kind {code(change.member)} ({code(old)})"
            ),
            "untagged-member-added": lambda: (
                f"{self.subject_of(change)} takes an object without its discriminator as "
                f"{code(new)}"
            ),
            "untagged-member-removed": lambda: (
                f"{self.subject_of(change)} no longer takes an "
                f"object without its discriminator (was {code(old)})"
            ),
            "discriminator-changed": lambda: (
                f"{self.subject_of(change)} tells its kinds apart by {code(new)} (was {code(old)})"
            ),
            "object-renamed": lambda: (
                f"{self.place(change)} holds {code(new)} (was {code(old)})"
                if old in self.new.catalogue.types_by_name
                else f"object {code(old)} renamed to {code(new)}"
            ),
        }
        if key in texts:
            return texts[key]()
        if kind in (ChangeKind.ENUM_VALUE_ADDED, ChangeKind.ENUM_VALUE_REMOVED):
            value = change.member.partition("=")[2]
            verb = "added to" if kind is ChangeKind.ENUM_VALUE_ADDED else "removed from"
            return f"enum value {code(value)} {verb} {self.place(change)}"
        if kind is ChangeKind.ENUM_OPENED:
            return f"{self.place(change)} takes any string (was {old})"
        if kind is ChangeKind.ENUM_CLOSED:
            return f"{self.place(change)} takes only {new} (was {old})"
        words = {
            ChangeKind.BECAME_REQUIRED: "became required",
            ChangeKind.BECAME_OPTIONAL: "became optional",
            ChangeKind.BECAME_NULLABLE: "became nullable",
            ChangeKind.BECAME_NOT_NULLABLE: "is no longer nullable",
        }
        if kind in words:
            return f"{self.place(change)} {words[kind]}"
        return f"{self.place(change)}: {kind.value}, {old} → {new}"

    # --- recording ------------------------------------------------------------------------------

    def add(
        self,
        key: str,
        rules: list[tuple[Direction, Rule]],
        *,
        summary: str,
        protocol: str,
        events: tuple[tuple[str, str, str], ...],
        code: tuple[CodeVerdict, ...],
        location: Location | None,
        old_location: Location | None,
        identity: tuple[object, ...],
        changes: tuple[Change, ...] = (),
        owner: str = "",
        member: str = "",
        renamed: tuple[str, str] = ("", ""),
    ) -> None:
        severity = max((r.severity for _, r in rules), key=lambda s: s.rank)
        bump = max((r.bump for _, r in rules), key=lambda b: b.rank)
        wire = tuple(WireVerdict(d, r.strict, r.tolerant, r.why) for d, r in rules)
        fingerprint = hashlib.sha256(repr((key, *identity)).encode()).hexdigest()[:12]
        self.findings.append(
            Finding(
                id=fingerprint,
                rule=key,
                severity=severity,
                bump=bump,
                summary=summary,
                protocol=protocol,
                events=events,
                wire=wire,
                code=code,
                location=location,
                old_location=old_location,
                changes=changes,
                owner=owner,
                member=member,
                renamed=renamed,
            )
        )


# --- tables and small helpers --------------------------------------------------------------------

_RULE_OF_KIND = {
    ChangeKind.PROTOCOL_ADDED: "protocol-added",
    ChangeKind.PROTOCOL_REMOVED: "protocol-removed",
    ChangeKind.SIDE_ADDED: "side-added",
    ChangeKind.SIDE_REMOVED: "side-removed",
    ChangeKind.EVENT_ADDED: "event-added",
    ChangeKind.EVENT_REMOVED: "event-removed",
    ChangeKind.EVENT_RENAMED: "event-renamed",
    ChangeKind.EVENT_NAME_CHANGED: "event-name-changed",
    ChangeKind.BECAME_REQUIRED: "became-required",
    ChangeKind.BECAME_OPTIONAL: "became-optional",
    ChangeKind.BECAME_NULLABLE: "became-nullable",
    ChangeKind.BECAME_NOT_NULLABLE: "became-not-nullable",
    ChangeKind.KINDS_CHANGED: "kinds-changed",
    ChangeKind.ENUM_OPENED: "enum-opened",
    ChangeKind.ENUM_CLOSED: "enum-closed",
    ChangeKind.CONSTANT_CHANGED: "constant-changed",
    ChangeKind.DEFAULT_CHANGED: "default-changed",
    ChangeKind.VARIANT_ADDED: "union-member-added",
    ChangeKind.VARIANT_REMOVED: "union-member-removed",
    ChangeKind.DISCRIMINATOR_CHANGED: "discriminator-changed",
    ChangeKind.STRUCTURE_CHANGED: "structure-changed",
    ChangeKind.OBJECT_RENAMED: "object-renamed",
}

# Changes of a whole protocol, version or side.
_PROTOCOL_KINDS = frozenset(
    {
        ChangeKind.PROTOCOL_ADDED,
        ChangeKind.PROTOCOL_REMOVED,
        ChangeKind.SIDE_ADDED,
        ChangeKind.SIDE_REMOVED,
        ChangeKind.LIFECYCLE_CHANGED,
    }
)

_LIFECYCLE_RULES = {"deprecated": "deprecated", "retired": "retired", "current": "reinstated"}

# A renamed event's new name and versions come with the rename (GA names, GA versions): its
# finding says them.
_FOLDED_INTO_RENAME = frozenset({ChangeKind.EVENT_NAME_CHANGED, ChangeKind.EVENT_VERSIONS_CHANGED})

# Changes about one field (its presence, kinds, values, default), which history keys by field.
_FIELD_KINDS = frozenset(
    {
        ChangeKind.FIELD_ADDED,
        ChangeKind.FIELD_REMOVED,
        ChangeKind.BECAME_REQUIRED,
        ChangeKind.BECAME_OPTIONAL,
        ChangeKind.BECAME_NULLABLE,
        ChangeKind.BECAME_NOT_NULLABLE,
        ChangeKind.KINDS_WIDENED,
        ChangeKind.KINDS_NARROWED,
        ChangeKind.KINDS_CHANGED,
        ChangeKind.ENUM_VALUE_ADDED,
        ChangeKind.ENUM_VALUE_REMOVED,
        ChangeKind.ENUM_OPENED,
        ChangeKind.ENUM_CLOSED,
        ChangeKind.CONSTANT_CHANGED,
        ChangeKind.DEFAULT_CHANGED,
        ChangeKind.STRUCTURE_CHANGED,
        ChangeKind.OBJECT_RENAMED,
    }
)


def _roles(surface: Surface) -> dict[tuple[str, str], Direction]:
    """Each protocol's first side is what the service sends; any other is a client's."""
    return {
        (key, side): Direction.SERVER if index == 0 else Direction.CLIENT
        for key, protocol in surface.protocols.items()
        for index, side in enumerate(protocol.sides)
    }


def _scope(change: Change) -> tuple[str, ...]:
    """Where a change is, the same whichever event reaches it first: inside its object, or in
    its event."""
    if change.owner != ("", ""):
        return ("", "", "", *change.owner, change.within, change.member)
    return (change.protocol, change.side, change.wire_type, "", "", change.path, change.member)


def _code_only(key: str) -> list[tuple[Direction, Rule]]:
    """The row of a finding that only generated code sees."""
    return [(Direction.ANY, rule_for(key, Direction.ANY))]


def _event_of(change: Change) -> tuple[str, str, str]:
    """The event a change was found in (for an event-level change, the event it is about)."""
    return change.protocol, change.side, change.wire_type


def _versions(text: str) -> set[str]:
    return set() if text == "all" else set(text.split(", "))


def _same_field(first: FieldShape | None, second: FieldShape | None) -> bool:
    if first is None or second is None:
        return False
    return (first.shape, first.required, first.nullable) == (
        second.shape,
        second.required,
        second.nullable,
    )


def _renaming(before: Iterable[str], after: Iterable[str]) -> str:
    was, now = ", ".join(before), ", ".join(after)
    if was and now:
        return f"{was} → {now}"
    return f"{was} removed" if was else f"{now} added" if now else ""


def _enum_renames(removed: list[object], added: list[object]) -> list[tuple[EnumType, EnumType]]:
    gone = [t for t in removed if isinstance(t, EnumType)]
    new = [t for t in added if isinstance(t, EnumType)]

    def same(a: EnumType, b: EnumType) -> bool:
        return (a.enumeration.values, a.enumeration.is_open) == (
            b.enumeration.values,
            b.enumeration.is_open,
        )

    pairs = []
    for before in gone:
        matches = [after for after in new if same(before, after)]
        if len(matches) == 1 and sum(same(other, matches[0]) for other in gone) == 1:
            pairs.append((before, matches[0]))
    return pairs
