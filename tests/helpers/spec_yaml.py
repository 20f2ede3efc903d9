"""The spec's YAML as written, read without codegen, and the reference facts' lists of events.

Independent of the generator on purpose: the YAML is read with `yaml.safe_load` and its type
expressions with the small reader below, so that tests which hold the bindings to the spec (and
tests/catalogue/test_reference.py's check of the compiled catalogue against this reading) cannot
be fooled by a bug in codegen's lowering. The comparison with the reference itself is codegen's
(`codegen/upstream/`); the editions are its table's (`codegen/upstream/editions.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from codegen.upstream.editions import Edition, editions_of

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
REFERENCE_DIR = ROOT / "tests" / "reference"
DIFFERENCES = "reference.yaml"

VERSIONS = ("beta", "ga")  # the Realtime API's versions in the catalogue

EDITION_TABLE: tuple[Edition, ...] = editions_of("reference")
EDITION = {edition.name: edition for edition in EDITION_TABLE}
EDITIONS = tuple(EDITION)
# The facts files, in the table's order.
REFERENCES = tuple(dict.fromkeys(REFERENCE_DIR / e.where.partition(":")[0] for e in EDITION_TABLE))

PRIMITIVES = {"string", "integer", "number", "boolean", "object", "any"}

# ------------------------------------------------------------------------------------------------
# Type expressions: ("prim", "string"), ("lit", "inf"), ("list", T), ("map", T), ("name", "Voice"),
# ("alt", (T, ...))
# ------------------------------------------------------------------------------------------------

TypeExpr = tuple[Any, ...]


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, start, quoted = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "[":
            depth += 1
        elif not quoted and ch == "]":
            depth -= 1
        elif not quoted and depth == 0 and ch == sep:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def parse_type(text: str) -> TypeExpr:
    parts = _split_top(text, "|")
    if len(parts) > 1:
        return ("alt", tuple(parse_type(p) for p in parts))
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] == '"':
        return ("lit", t[1:-1])
    for wrapper in ("list", "map"):
        if t.startswith(wrapper + "[") and t.endswith("]"):
            return (wrapper, parse_type(t[len(wrapper) + 1 : -1]))
    if t in PRIMITIVES:
        return ("prim", t)
    if t.isidentifier():
        return ("name", t)
    raise ValueError(f"cannot read the type expression {text!r}")


# ------------------------------------------------------------------------------------------------
# The spec as written
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecField:
    owner: str
    name: str
    type: TypeExpr
    required: bool  # true or expected
    nullable: bool
    enum: tuple[str, ...] | None
    description: str
    presence: str = "required"  # as written: "required", "expected" or "optional"
    open: bool = True  # an inline enum's `open` (it keeps unknown values unless false)


@dataclass(frozen=True)
class SpecObject:
    """An object type, or an event (named by its wire type)."""

    name: str
    fields: dict[str, SpecField]
    description: str
    versions: tuple[str, ...] = ()  # events only
    category: str = ""  # events only
    direction: str = ""  # events only: who sends it
    protocol: str = ""  # events only: the protocol it belongs to
    connections: tuple[str, ...] = ()  # events only: the kinds of connection it lists (() for all)

    @property
    def is_event(self) -> bool:
        return bool(self.category)


@dataclass(frozen=True)
class SpecUnion:
    name: str
    discriminator: str | None
    variants: dict[str, str]
    untagged: str | None
    also: TypeExpr | None


@dataclass(frozen=True)
class Spec:
    objects: dict[str, SpecObject]  # object types and events
    enums: dict[str, tuple[str, ...]]
    unions: dict[str, SpecUnion]
    differences: dict[str, Any]  # spec/reference.yaml
    closed_enums: frozenset[str] = frozenset()  # named enums declared `open: false`
    protocols: tuple[str, ...] = ()  # the primary one first
    titles: dict[str, str] = field(default_factory=dict)  # protocol -> its title
    # (protocol, wire type) that both sides send (the Live API's session.input_audio.append)
    both_sides: frozenset[tuple[str, str]] = frozenset()

    def events(
        self,
        version: str | None = None,
        direction: str | None = None,
        protocol: str = "",
        connection: str | None = None,
    ) -> dict[str, SpecObject]:
        """Events of one protocol (the primary one by default), by wire type; with `connection`,
        those that kind of connection carries."""
        return {
            obj.name.rpartition(":")[2]: obj
            for obj in self.objects.values()
            if obj.is_event
            and obj.protocol == (protocol or self.primary)
            and (version is None or version in obj.versions)
            and (direction is None or obj.direction == direction)
            and (connection is None or not obj.connections or connection in obj.connections)
        }

    def all_events(self) -> dict[str, SpecObject]:
        """The events of every protocol, by the name positions use (see `event_name`)."""
        return {name: obj for name, obj in self.objects.items() if obj.is_event}

    def event_name(self, protocol: str, wire_type: str, side: str = "server") -> str:
        """How positions name an event: its wire type, after `<protocol>:` outside the primary;
        a client event whose wire type the server sends too after `client:` as well."""
        if side != "server" and (protocol, wire_type) in self.both_sides:
            wire_type = f"client:{wire_type}"
        return wire_type if protocol == self.primary else f"{protocol}:{wire_type}"

    @property
    def primary(self) -> str:
        return next(iter(self.protocols))


def _field(owner: str, name: str, raw: dict[str, Any]) -> SpecField:
    enum = raw.get("enum")
    required = raw.get("required", False)
    return SpecField(
        owner=owner,
        name=name,
        type=parse_type(str(raw["type"])),
        required=required in (True, "expected"),
        nullable=bool(raw.get("nullable", False)),
        enum=tuple(enum) if enum is not None else None,
        description=" ".join(str(raw.get("description", "")).split()),
        presence="required" if required is True else "expected" if required else "optional",
        open=raw.get("open", True) is not False,
    )


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_spec(spec_dir: Path = SPEC, direction: str | None = None) -> Spec:
    """The spec's objects, enums and unions, and the events of one side, or of both (as written)."""
    catalogue = _load(spec_dir / "catalogue.yaml")
    protocols = tuple(catalogue["protocols"])
    common = {
        (protocol, side): (declared or {}).get("common_fields") or {}
        for protocol, described in catalogue["protocols"].items()
        for side, declared in described["directions"].items()
    }
    objects: dict[str, SpecObject] = {}
    enums: dict[str, tuple[str, ...]] = {}
    closed: set[str] = set()
    unions: dict[str, SpecUnion] = {}
    for path in sorted((spec_dir / "types").glob("*.yaml")):
        for name, raw in (_load(path).get("types") or {}).items():
            kind = raw["kind"]
            if kind == "object":
                fields = {k: _field(name, k, v) for k, v in (raw.get("fields") or {}).items()}
                objects[name] = SpecObject(name, fields, str(raw.get("description", "")))
            elif kind == "enum":
                enums[name] = tuple(raw["values"])
                if raw.get("open", True) is False:
                    closed.add(name)
            else:
                also = raw.get("also")
                unions[name] = SpecUnion(
                    name=name,
                    discriminator=raw.get("discriminator"),
                    variants=dict(raw.get("variants") or {}),
                    untagged=raw.get("untagged"),
                    also=parse_type(str(also)) if also is not None else None,
                )
    events_files = [(path, _load(path)) for path in sorted((spec_dir / "events").glob("*.yaml"))]
    sent_by: dict[tuple[str, str], set[str]] = {}
    for _, events_file in events_files:
        for wire_type in events_file.get("events") or {}:
            protocol = events_file.get("protocol", protocols[0])
            sent_by.setdefault((protocol, wire_type), set()).add(
                events_file.get("direction", "server")
            )
    both_sides = frozenset(key for key, sides in sent_by.items() if len(sides) > 1)
    naming = Spec({}, {}, {}, {}, protocols=protocols, both_sides=both_sides)
    for path, events_file in events_files:
        side = events_file.get("direction", "server")
        protocol = events_file.get("protocol", protocols[0])
        if direction is not None and side != direction:
            continue
        for wire_type, raw in (events_file.get("events") or {}).items():
            # positions are named by wire type, after the protocol's key outside the primary one
            name = naming.event_name(protocol, wire_type, side)
            if name in objects:
                # both sides sending one type would be ambiguous
                raise ValueError(f"{path.name}: {wire_type} is declared twice (or for both sides)")
            fields = {k: _field(name, k, v) for k, v in common[(protocol, side)].items()}
            fields["type"] = SpecField(
                name, "type", ("prim", "string"), True, False, (wire_type,), "implied"
            )
            fields.update({k: _field(name, k, v) for k, v in (raw.get("fields") or {}).items()})
            objects[name] = SpecObject(
                name,
                fields,
                str(raw.get("description", "")),
                tuple(raw.get("versions") or ()),
                str(events_file["category"]),
                side,
                protocol,
                tuple(raw.get("connections") or ()),
            )
    differences_path = spec_dir / DIFFERENCES
    differences = _load(differences_path) if differences_path.exists() else {}
    titles = {key: str(p.get("title", key)) for key, p in catalogue["protocols"].items()}
    return Spec(
        objects, enums, unions, differences or {}, frozenset(closed), protocols, titles, both_sides
    )


# ------------------------------------------------------------------------------------------------
# The reference's lists of events
# ------------------------------------------------------------------------------------------------


@cache
def _reference_file(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["versions"]  # type: ignore[no-any-return]


def reference_events(edition: str) -> dict[str, Any]:
    """The events an edition lists, by wire type (unique within its protocol and side only)."""
    name, _, key = EDITION[edition].where.partition(":")
    entries = _reference_file(REFERENCE_DIR / name)[key]["events"]
    return {wire_type: entry["schema"] for wire_type, entry in entries.items()}
