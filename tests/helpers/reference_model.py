"""The spec as written and the reference facts, read without codegen and matched field by field.

Independent of the generator on purpose: the spec's YAML is read with `yaml.safe_load` and its type
expressions with the small reader below, so a bug in codegen's lowering cannot move both sides of a
comparison at once. `match()` walks every event of every reference edition (the Realtime API's
server and client editions, the translation protocol's server and client, the call webhooks)
beside the spec event of the same wire type, sent by the same side of the same protocol, following
each field into the spec type it names, and records what it finds; `problems()` turns that into
the list of disagreements that `spec/reference.yaml` does not explain.
`tests/helpers/coverage.py` renders the same walk as `spec/COVERAGE.md`.

Every edition is walked in the one walk, so an object type that several events share (a
conversation item, a tool, an audio format, and `ErrorDetails`, which the translation protocol's
`error` carries too) is held to the merge of every edition that reaches it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
REFERENCE_DIR = ROOT / "tests" / "reference"
SERVER_REFERENCE = REFERENCE_DIR / "realtime-server-events.schema.json"
CLIENT_REFERENCE = REFERENCE_DIR / "realtime-client-events.schema.json"
TRANSLATION_REFERENCE = REFERENCE_DIR / "realtime-translation-events.schema.json"
WEBHOOKS_REFERENCE = REFERENCE_DIR / "realtime-webhooks.schema.json"
LIVE_REFERENCE = REFERENCE_DIR / "realtime-live-events.schema.json"
REFERENCES = (
    SERVER_REFERENCE,
    CLIENT_REFERENCE,
    TRANSLATION_REFERENCE,
    WEBHOOKS_REFERENCE,
    LIVE_REFERENCE,
)
DIFFERENCES = "reference.yaml"

VERSIONS = ("beta", "ga")  # the Realtime API's versions in the catalogue


@dataclass(frozen=True)
class Edition:
    """One list of events in a reference file, and which events of the catalogue it describes."""

    name: str  # how the tests and spec/reference.yaml name it
    path: Path  # the reference file
    key: str  # its key under the file's `versions`
    protocol: str  # the catalogue protocol whose events it lists
    side: str  # who sends them: `server` or `client` (a key of the protocol's directions)
    version: str | None = None  # the protocol's version it lists; None in a protocol without any
    objects_only: bool = False  # read for its objects; its list of events is no version's
    connection: str | None = None  # the kind of connection it lists, in a protocol with kinds


EDITION_TABLE = (
    Edition("beta", SERVER_REFERENCE, "beta", "realtime", "server", "beta"),
    Edition("ga", SERVER_REFERENCE, "ga", "realtime", "server", "ga"),
    # a later printing of the beta reference: read for its objects; its events borrow GA names
    Edition("beta_2026_08", SERVER_REFERENCE, "beta_2026_08", "realtime", "server", None, True),
    Edition("client_beta", CLIENT_REFERENCE, "beta", "realtime", "client", "beta"),
    Edition("client_ga", CLIENT_REFERENCE, "ga", "realtime", "client", "ga"),
    Edition("translation_server", TRANSLATION_REFERENCE, "server", "translation", "server"),
    Edition("translation_client", TRANSLATION_REFERENCE, "client", "translation", "client"),
    Edition("webhooks", WEBHOOKS_REFERENCE, "webhooks", "webhooks", "server"),
    # the Live API: one edition per kind of connection and side
    *(
        Edition(
            f"live_{kind}_{side}", LIVE_REFERENCE, f"{kind}_{side}", "live", side, None, False, kind
        )
        for kind in ("primary", "sideband", "fork")
        for side in ("server", "client")
    ),
)
EDITION = {edition.name: edition for edition in EDITION_TABLE}
EDITIONS = tuple(EDITION)

PRIMITIVES = {"string", "integer", "number", "boolean", "object", "any"}
JSON_KINDS = ("string", "integer", "number", "boolean", "object", "array", "null")

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
    events_files = [_load(path) for path in sorted((spec_dir / "events").glob("*.yaml"))]
    sent_by: dict[tuple[str, str], set[str]] = defaultdict(set)
    for events_file in events_files:
        for wire_type in events_file.get("events") or {}:
            protocol = events_file.get("protocol", protocols[0])
            sent_by[(protocol, wire_type)].add(events_file.get("direction", "server"))
    both_sides = frozenset(key for key, sides in sent_by.items() if len(sides) > 1)
    naming = Spec({}, {}, {}, {}, protocols=protocols, both_sides=both_sides)
    for path, events_file in zip(
        sorted((spec_dir / "events").glob("*.yaml")), events_files, strict=True
    ):
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
# The reference
# ------------------------------------------------------------------------------------------------


@cache
def _reference_file(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["versions"]  # type: ignore[no-any-return]


def reference_events(edition: str) -> dict[str, Any]:
    """The events an edition lists, by wire type (unique within its protocol and side only)."""
    entries = _reference_file(EDITION[edition].path)[EDITION[edition].key]["events"]
    return {name: entry["schema"] for name, entry in entries.items()}


def _ref_kind(node: dict[str, Any]) -> str:
    if "type" in node:
        return str(node["type"])
    if "const" in node:
        return "string" if isinstance(node["const"], str) else "integer"
    if "items" in node:
        return "array"
    if "properties" in node or "additionalProperties" in node:
        return "object"
    return "any"


def _structured(node: dict[str, Any]) -> bool:
    """Whether a reference node says more than a JSON kind: an array, an object with fields, or
    enum values."""
    kind = _ref_kind(node)
    return kind == "array" or bool(node.get("properties")) or bool(_ref_enum(node) - {"null"})


def _ref_enum(node: dict[str, Any]) -> set[str]:
    if "enum" in node:
        return {v if isinstance(v, str) else json.dumps(v) for v in node["enum"]}
    if "const" in node:
        v = node["const"]
        return {v if isinstance(v, str) else json.dumps(v)}
    return set()


class _Edition:
    def __init__(self, name: str) -> None:
        self.name = name
        edition = EDITION[name]
        self.definitions: dict[str, Any] = _reference_file(edition.path)[edition.key]["definitions"]

    def flatten(self, node: dict[str, Any], node_id: str) -> list[tuple[dict[str, Any], str]]:
        """The alternatives a schema node allows, with `$ref`, anyOf, oneOf and allOf resolved."""
        out: list[tuple[dict[str, Any], str]]
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            out = self.flatten(self.definitions[name], name)
        elif any(key in node for key in ("anyOf", "oneOf", "allOf")):
            key = next(key for key in ("anyOf", "oneOf", "allOf") if key in node)
            alternatives = node[key]
            assert key != "allOf" or len(alternatives) == 1, "allOf of several schemas"
            out = []
            for i, alt in enumerate(alternatives):
                out += self.flatten(alt, node_id if len(alternatives) == 1 else f"{node_id}/{i}")
        else:
            out = [(node, node_id)]
        if node.get("nullable"):
            out.append(({"type": "null"}, node_id))
        return out


# ------------------------------------------------------------------------------------------------
# Matching
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A spec object a reference object maps to, and the discriminator values that selected it."""

    name: str
    selected: tuple[tuple[str, frozenset[str]], ...] = ()

    def values_for(self, field_name: str) -> frozenset[str] | None:
        return dict(self.selected).get(field_name)


@dataclass
class NodeVisit:
    edition: str
    node: str  # reference object: a definition name, an event's wire type, or a path below one
    row: str  # the spec object (or union, when the node maps to several variants) it counts under
    targets: tuple[str, ...]
    fields: dict[str, bool] = field(default_factory=dict)  # field -> required
    typed: set[str] = field(default_factory=set)
    inside_untyped: str | None = None  # the untyped spec position this node hangs below


@dataclass
class Match:
    spec: Spec
    visits: list[NodeVisit] = field(default_factory=list)
    # spec position ("Owner.field", "Owner.field[]", ...) -> edition -> the reference's JSON kinds
    kinds: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    spec_kinds: dict[str, set[str]] = field(default_factory=dict)
    # enum home (a named enum, or "Owner.field" for an inline one) -> reference values, spec values
    ref_enums: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    spec_enums: dict[str, set[str] | None] = field(default_factory=dict)
    # spec object -> the visits that map to it (for the required check)
    nodes_of: dict[str, list[NodeVisit]] = field(default_factory=lambda: defaultdict(list))
    seen_fields: set[tuple[str, str]] = field(default_factory=set)  # (spec object, field)
    untyped: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    unmatched: list[str] = field(default_factory=list)  # shapes that could not be matched at all
    missing_events: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class _Matcher:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.result = Match(spec)
        self._visited: set[tuple[str, str, tuple[str, ...]]] = set()
        self.edition = _Edition(EDITIONS[0])  # the edition being walked; run() sets each in turn

    # -- spec side ------------------------------------------------------------------------------

    def spec_kinds(self, t: TypeExpr, seen: frozenset[str] = frozenset()) -> set[str]:
        tag = t[0]
        if tag == "prim":
            return {"any"} if t[1] == "any" else {t[1]}
        if tag == "lit":
            return {"string"}
        if tag == "list":
            return {"array"}
        if tag == "map":
            return {"object"}
        if tag == "alt":
            return set().union(*(self.spec_kinds(p, seen) for p in t[1]))
        name = t[1]
        if name in self.spec.enums:
            return {"string"}
        if name in self.spec.objects:
            return {"object"}
        union = self.spec.unions.get(name)
        if union is None:
            return {f"unknown type {name}"}  # reported by the kinds check
        kinds = {"object"} if union.variants or union.untagged else set()
        if union.also is not None:
            kinds |= self.spec_kinds(union.also, seen | {name})
        return kinds

    def enum_home(
        self, t: TypeExpr, position: str, inline: tuple[str, ...] | None
    ) -> tuple[str, set[str] | None]:
        """Where the enum values of a string at this position are declared, and which they are."""
        if inline is not None:
            return position, set(inline)
        tag = t[0]
        if tag == "name":
            if t[1] in self.spec.enums:
                return t[1], set(self.spec.enums[t[1]])
            union = self.spec.unions.get(t[1])
            if union is not None and union.also is not None:
                return self.enum_home(union.also, position, None)
            return position, None
        if tag == "alt":
            lits = {p[1] for p in t[1] if p[0] == "lit"}
            named = [p for p in t[1] if p[0] == "name"]
            if lits:
                return position, lits
            if len(named) == 1:
                return self.enum_home(named[0], position, None)
        return position, None

    def item_type(self, t: TypeExpr, wrapper: str) -> TypeExpr | None:
        if t[0] == wrapper:
            return t[1]  # type: ignore[no-any-return]
        if t[0] == "alt":
            for p in t[1]:
                found = self.item_type(p, wrapper)
                if found is not None:
                    return found
        if t[0] == "name" and t[1] in self.spec.unions:
            also = self.spec.unions[t[1]].also
            return self.item_type(also, wrapper) if also is not None else None
        return None

    def targets(
        self,
        t: TypeExpr,
        raw: dict[str, Any],
        selected: tuple[tuple[str, frozenset[str]], ...] = (),
    ) -> list[Target]:
        """The spec objects a reference object with these properties maps to under a spec type."""
        if t[0] == "alt":
            return [x for p in t[1] for x in self.targets(p, raw, selected)]
        if t[0] != "name":
            return []
        name = t[1]
        if name in self.spec.objects:
            return [Target(name, selected)]
        union = self.spec.unions.get(name)
        if union is None:
            return []
        props = raw.get("properties", {})
        d = union.discriminator
        if d is not None and d in props:
            values = self.ref_enum_of(props[d])
            chosen = sorted(values) if values else sorted(union.variants)
            out: list[Target] = []
            for value in chosen:
                if value in union.variants:
                    pick = (*selected, (d, frozenset({value})))
                    out += self.targets(("name", union.variants[value]), raw, pick)
                else:
                    self.result.unmatched.append(
                        f"{name}: the reference's {d} {value!r} is not a variant"
                    )
            return out
        if union.untagged is not None:
            return self.targets(("name", union.untagged), raw, selected)
        return [
            x for v in union.variants.values() for x in self.targets(("name", v), raw, selected)
        ]

    # -- reference side -------------------------------------------------------------------------

    def ref_enum_of(self, node: dict[str, Any]) -> set[str]:
        values: set[str] = set()
        for alt, _ in self.edition.flatten(node, "?"):
            values |= _ref_enum(alt)
        return values

    # -- the walk -------------------------------------------------------------------------------

    def run(self) -> Match:
        for edition in EDITION_TABLE:
            self.edition = _Edition(edition.name)
            # a wire type is matched within its own protocol and side only
            events = self.spec.events(
                direction=edition.side, protocol=edition.protocol, connection=edition.connection
            )
            for wire_type, schema in reference_events(edition.name).items():
                name = self.spec.event_name(edition.protocol, wire_type, edition.side)
                if wire_type not in events:
                    self.result.missing_events[name].append(edition.name)
                    self.visit_untyped(schema, wire_type, f"{name} (event)")
                    continue
                self.visit_object(schema, wire_type, [Target(name)])
        return self.result

    def visit_object(self, raw: dict[str, Any], node_id: str, targets: list[Target]) -> None:
        names = tuple(sorted({t.name for t in targets}))
        key = (self.edition.name, node_id, names)
        if key in self._visited:
            return
        self._visited.add(key)
        row = names[0] if len(names) == 1 else self.row_for(targets)
        visit = NodeVisit(self.edition.name, node_id, row, names)
        self.result.visits.append(visit)
        for name in names:
            self.result.nodes_of[name].append(visit)
        required = set(raw.get("required", []))
        for fname, fschema in raw.get("properties", {}).items():
            visit.fields[fname] = fname in required
            holders = [
                (t, self.spec.objects[t.name].fields[fname])
                for t in targets
                if fname in self.spec.objects[t.name].fields
            ]
            if not holders:
                position = f"{row}.{fname}"
                self.result.untyped[position].append((self.edition.name, node_id))
                self.visit_untyped(fschema, f"{node_id}.{fname}", position)
                continue
            visit.typed.add(fname)
            for target, spec_field in holders:
                self.result.seen_fields.add((target.name, fname))
                self.compare(
                    fschema,
                    f"{node_id}.{fname}",
                    spec_field.type,
                    f"{target.name}.{fname}",
                    spec_field.enum,
                    spec_field.nullable,
                    target.values_for(fname),
                )

    def row_for(self, targets: list[Target]) -> str:
        """A node that maps to several variants counts under the union that holds them all."""
        names = {t.name for t in targets}
        for union in self.spec.unions.values():
            if names <= self.union_members(union.name):
                return union.name
        return " / ".join(sorted(names))

    def union_members(self, name: str) -> set[str]:
        union = self.spec.unions[name]
        members = set()
        for variant in [*union.variants.values(), *([union.untagged] if union.untagged else [])]:
            members |= self.union_members(variant) if variant in self.spec.unions else {variant}
        return members

    def compare(
        self,
        schema: dict[str, Any],
        node_id: str,
        spec_type: TypeExpr,
        position: str,
        inline_enum: tuple[str, ...] | None,
        nullable: bool,
        selected: frozenset[str] | None,
        enum_position: str | None = None,
    ) -> None:
        alternatives = self.edition.flatten(schema, node_id)
        kinds = {_ref_kind(alt) for alt, _ in alternatives}
        self.result.kinds[position].setdefault(self.edition.name, set()).update(kinds)
        spec_kinds = self.spec_kinds(spec_type) | ({"null"} if nullable else set())
        self.result.spec_kinds[position] = spec_kinds
        if spec_type in (("prim", "any"), ("prim", "object")):
            # free-form JSON on purpose: the structure the reference gives below (arrays, objects
            # with fields, enum values) is deliberately untyped, and listed under `untyped`
            below = [(alt, alt_id) for alt, alt_id in alternatives if _structured(alt)]
            if below:
                self.result.untyped[position].append((self.edition.name, node_id))
                for alt, alt_id in below:
                    self.visit_untyped(alt, alt_id, position)
                return
        # enum values of the strings (and, rarely, integers) at this position
        ref_values: set[str] = set()
        for alt, _ in alternatives:
            if _ref_kind(alt) in ("string", "integer"):
                ref_values |= _ref_enum(alt)
        if selected is not None:
            ref_values &= (
                selected  # a flat object's discriminator: the value that chose this variant
            )
        if ref_values or "string" in spec_kinds:
            home, spec_values = self.enum_home(spec_type, enum_position or position, inline_enum)
            self.result.spec_enums[home] = spec_values
            self.result.ref_enums[home] |= ref_values
        # arrays, maps and objects: follow them into the spec type
        arrays = [(alt, i) for alt, i in alternatives if _ref_kind(alt) == "array"]
        item = self.item_type(spec_type, "list")
        for alt, alt_id in arrays:
            if item is None:  # the kinds check reports an array the spec does not allow
                self.visit_untyped(alt.get("items", {}), f"{alt_id}[]", position)
                continue
            self.compare(
                alt.get("items", {}),
                f"{alt_id}[]",
                item,
                f"{position}[]",
                inline_enum,
                False,
                None,
                enum_position or position,
            )
        for alt, alt_id in alternatives:
            if _ref_kind(alt) != "object":
                continue
            extra = alt.get("additionalProperties")
            if isinstance(extra, dict) and not alt.get("properties"):
                value = self.item_type(spec_type, "map")
                if value is None:  # the kinds check reports an object the spec does not allow
                    self.visit_untyped(extra, f"{alt_id}{{}}", position)
                else:
                    self.compare(
                        extra, f"{alt_id}{{}}", value, f"{position}{{}}", None, False, None
                    )
                continue
            if not alt.get("properties"):
                continue  # free-form JSON in the reference
            targets = self.targets(spec_type, alt)
            if not targets:
                self.result.unmatched.append(
                    f"{position}: the reference has an object ({alt_id}) the spec type lacks"
                )
                self.visit_untyped(alt, alt_id, position)
                continue
            self.visit_object(alt, alt_id, targets)

    def visit_untyped(self, schema: dict[str, Any], node_id: str, position: str) -> None:
        """Count the fields below a field the spec does not type, for the coverage report."""
        for alt, alt_id in self.edition.flatten(schema, node_id):
            kind = _ref_kind(alt)
            extra = alt.get("additionalProperties")
            if kind == "array":
                self.visit_untyped(alt.get("items", {}), f"{alt_id}[]", position)
            elif kind == "object" and isinstance(extra, dict) and not alt.get("properties"):
                self.visit_untyped(extra, f"{alt_id}{{}}", position)
            elif kind == "object" and alt.get("properties"):
                key = (self.edition.name, alt_id, ("(untyped)",))
                if key in self._visited:
                    continue
                self._visited.add(key)
                visit = NodeVisit(self.edition.name, alt_id, position, (), inside_untyped=position)
                visit.fields = {f: f in set(alt.get("required", [])) for f in alt["properties"]}
                self.result.visits.append(visit)
                for fname, fschema in alt["properties"].items():
                    self.visit_untyped(fschema, f"{alt_id}.{fname}", position)


def reference_fields(edition: str) -> set[tuple[str, str]]:
    """Every (reference object, field) an edition's events reach, read from the reference alone."""
    reader = _Edition(edition)
    found: set[tuple[str, str]] = set()
    done: set[str] = set()

    def walk(node: dict[str, Any], node_id: str) -> None:
        for alt, alt_id in reader.flatten(node, node_id):
            kind = _ref_kind(alt)
            extra = alt.get("additionalProperties")
            if kind == "array":
                walk(alt.get("items", {}), f"{alt_id}[]")
            elif kind == "object" and isinstance(extra, dict) and not alt.get("properties"):
                walk(extra, f"{alt_id}{{}}")
            elif kind == "object" and alt.get("properties") and alt_id not in done:
                done.add(alt_id)
                for name, sub in alt["properties"].items():
                    found.add((alt_id, name))
                    walk(sub, f"{alt_id}.{name}")

    for wire_type, schema in reference_events(edition).items():
        walk(schema, wire_type)
    return found


def match(spec: Spec) -> Match:
    return _Matcher(spec).run()


@cache
def spec_and_match(spec_dir: Path = SPEC) -> tuple[Spec, Match]:
    """The spec with the events of both sides, and its walk beside every edition."""
    spec = read_spec(spec_dir)
    return spec, match(spec)


# ------------------------------------------------------------------------------------------------
# What the walk found, against what spec/reference.yaml says
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Findings:
    """Every difference between the spec and the editions, by section of reference.yaml."""

    untyped: dict[str, str]  # position -> where the reference lists it
    events: dict[str, dict[str, str]]  # wire type -> {version: "added" | "missing"}
    nullable: set[str]  # positions the spec lets be null although no edition does
    types: dict[str, tuple[set[str], set[str]]]  # position -> (kinds added, kinds left out)
    extra: set[str]  # spec fields (Object.field) or whole objects no edition lists
    required: dict[str, str]  # Object.field -> "required" | "optional" (what the spec says)
    enums: dict[str, tuple[set[str], set[str]]]  # home -> (values added, values left out)
    unmatched: list[str]


def findings(spec: Spec, m: Match) -> Findings:
    untyped = {
        position: ", ".join(sorted({f"{e}:{n}" for e, n in where}))
        for position, where in m.untyped.items()
    }
    events: dict[str, dict[str, str]] = defaultdict(dict)
    for edition in EDITION_TABLE:
        if edition.objects_only:
            continue  # an edition read for its objects; its missing events are handled apart
        name = partial(spec.event_name, edition.protocol, side=edition.side)
        in_reference = {name(wire_type) for wire_type in reference_events(edition.name)}
        listed = spec.events(edition.version, edition.side, edition.protocol, edition.connection)
        in_spec = {name(wire_type) for wire_type in listed}
        for event in in_spec - in_reference:
            events[event][edition.name] = "added"
        for event in in_reference - in_spec:
            events[event][edition.name] = "missing"
    nullable: set[str] = set()
    types: dict[str, tuple[set[str], set[str]]] = {}
    for position, by_edition in m.kinds.items():
        ref = set().union(*by_edition.values())
        have = m.spec_kinds[position]
        if "any" in have:
            continue  # the spec says any JSON value
        added, left_out = have - ref, ref - have
        if added == {"null"} and not left_out:
            nullable.add(position)
        elif added or left_out:
            types[position] = (added, left_out)
    extra: set[str] = set()
    required: dict[str, str] = {}
    for name, obj in spec.objects.items():
        nodes = m.nodes_of.get(name, [])
        if not nodes:
            extra.add(name)
            continue
        for fname, spec_field in obj.fields.items():
            if (name, fname) not in m.seen_fields:
                extra.add(f"{name}.{fname}")
                continue
            everywhere = all(n.fields.get(fname, False) for n in nodes)
            if spec_field.required != everywhere:
                required[f"{name}.{fname}"] = "required" if spec_field.required else "optional"
    enums: dict[str, tuple[set[str], set[str]]] = {}
    for home, spec_values in m.spec_enums.items():
        have = set(spec_values or ())
        ref = m.ref_enums.get(home, set())
        if have != ref:
            enums[home] = (have - ref, ref - have)
    for name, values in spec.enums.items():
        if name not in m.spec_enums:
            enums[name] = (set(values), set())  # an enum no reference position reaches
    return Findings(untyped, dict(events), nullable, types, extra, required, enums, m.unmatched)


# ------------------------------------------------------------------------------------------------
# spec/reference.yaml: the listed differences, and the problems that remain
# ------------------------------------------------------------------------------------------------

SECTIONS = ("untyped", "events", "extra", "nullable", "types", "required", "enums", "example_only")


def _entries(spec: Spec, section: str) -> list[dict[str, Any]]:
    entries = spec.differences.get(section) or []
    assert isinstance(entries, list), f"{DIFFERENCES}: '{section}' must be a list"
    return entries


def _names(entry: dict[str, Any], *keys: str) -> list[str]:
    for key in keys:
        if key in entry:
            value = entry[key]
            return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    raise AssertionError(f"{DIFFERENCES}: an entry needs one of {keys}: {entry}")


def reasons(spec: Spec, section: str) -> dict[str, str]:
    """Position (or wire type, or enum) -> the reason spec/reference.yaml gives for it."""
    out: dict[str, str] = {}
    for entry in _entries(spec, section):
        for name in _names(entry, "fields", "field", "event", "enum"):
            out[name] = " ".join(str(entry.get("reason", "")).split())
    return out


def _split(spec: Spec, position: str) -> tuple[str, str] | None:
    """A position's spec object (or event) and the rest ("field", "field[]"), if it names one."""
    owners = [name for name in spec.objects if position.startswith(name + ".")]
    if not owners:
        return None
    owner = max(owners, key=len)  # wire types are dotted: the longest name that fits
    return owner, position[len(owner) + 1 :]


def _described(spec: Spec, position: str) -> str | None:
    """The description of a spec field ("Object.field") or object ("Object"), if there is one."""
    if position in spec.objects:
        return spec.objects[position].description
    split = _split(spec, position)
    if split is not None and split[1] in spec.objects[split[0]].fields:
        return spec.objects[split[0]].fields[split[1]].description
    return None


def problems(spec: Spec, m: Match) -> list[str]:
    """Every disagreement between the spec and the reference that reference.yaml does not list."""
    found = findings(spec, m)
    out: list[str] = [f"unmatched: {text}" for text in found.unmatched]
    unknown = set(spec.differences) - set(SECTIONS)
    out += [f"{DIFFERENCES}: unknown section '{name}'" for name in sorted(unknown)]
    for section in SECTIONS:
        for name, reason in reasons(spec, section).items():
            if len(reason) < 20:
                out.append(f"{DIFFERENCES}: {section}: '{name}' needs a reason")

    def compare(
        section: str,
        actual: dict[str, Any],
        listed: dict[str, Any],
        what: Callable[[str, Any], str],
    ) -> None:
        for name in sorted(set(actual) - set(listed)):
            said = what(name, actual[name])
            out.append(f"{section}: {name}: {said} and {DIFFERENCES} does not list it")
        for name in sorted(set(listed) - set(actual)):
            out.append(
                f"{section}: {name} is listed in {DIFFERENCES} but is no longer a difference"
            )
        for name in sorted(set(actual) & set(listed)):
            if actual[name] != listed[name]:
                out.append(
                    f"{section}: {name}: the difference is {actual[name]}, "
                    f"{DIFFERENCES} says {listed[name]}"
                )

    untyped_listed = {n: None for n in reasons(spec, "untyped")}
    compare(
        "untyped",
        {p: None for p in found.untyped},
        untyped_listed,
        lambda p, _: f"the reference lists it ({found.untyped[p]}), the spec does not type it",
    )
    listed_events: dict[str, dict[str, str]] = {}
    for entry in _entries(spec, "events"):
        for name in _names(entry, "event"):
            listed_events[name] = {k: str(v) for k, v in entry.items() if k in EDITIONS}
    missing_later = {
        event: {edition: "missing" for edition in editions if EDITION[edition].objects_only}
        for event, editions in m.missing_events.items()
        if any(EDITION[edition].objects_only for edition in editions)
    }
    actual_events = {k: dict(v) for k, v in found.events.items()}
    for wire_type, state in missing_later.items():
        actual_events.setdefault(wire_type, {}).update(state)
    compare(
        "events",
        actual_events,
        listed_events,
        lambda w, v: f"the spec's versions differ from the reference's event lists ({v})",
    )
    compare(
        "nullable",
        {p: None for p in found.nullable},
        {n: None for n in reasons(spec, "nullable")},
        lambda p, _: "the spec lets it be null, no reference edition does,",
    )
    listed_types: dict[str, Any] = {}
    for entry in _entries(spec, "types"):
        for name in _names(entry, "field", "fields"):
            listed_types[name] = (set(entry.get("adds", [])), set(entry.get("leaves_out", [])))
    compare(
        "types",
        found.types,
        listed_types,
        lambda p, v: f"the spec adds JSON types {sorted(v[0])} and leaves out {sorted(v[1])}",
    )
    compare(
        "extra",
        {p: None for p in found.extra},
        {n: None for n in reasons(spec, "extra")},
        lambda p, _: "no reference edition lists it",
    )
    listed_required: dict[str, Any] = {}
    for entry in _entries(spec, "required"):
        for name in _names(entry, "fields", "field"):
            listed_required[name] = str(entry.get("spec"))
    compare(
        "required",
        found.required,
        listed_required,
        lambda p, v: (
            f"the spec makes it {v}, the editions (required only where every edition "
            "requires it) say the opposite,"
        ),
    )
    listed_enums: dict[str, Any] = {}
    for entry in _entries(spec, "enums"):
        for name in _names(entry, "enum"):
            listed_enums[name] = (
                {str(v) for v in entry.get("adds", [])},
                {str(v) for v in entry.get("leaves_out", [])},
            )
    compare(
        "enums",
        found.enums,
        listed_enums,
        lambda h, v: f"the spec adds values {sorted(v[0])} and leaves out {sorted(v[1])}",
    )
    # a field only a published example carries, left untyped: it must stay untyped (it is kept in
    # extra_fields at run time); typed, it belongs under `extra`
    for position in reasons(spec, "example_only"):
        split = _split(spec, position)
        if split is None:
            out.append(f"example_only: {position} names no object or event of the spec")
        elif split[1] in spec.objects[split[0]].fields:
            out.append(f"example_only: {position} is typed by the spec; list it under extra")
    # a field the reference does not describe, or describes without null, says why in its own words
    for section, needle in (("extra", "reference"), ("nullable", "null")):
        for position in sorted(getattr(found, section)):
            text = _described(spec, position)
            if text is not None and (needle not in text or "reference" not in text):
                out.append(
                    f"{section}: {position}: its description must say why it differs from the "
                    f"reference (mention the reference{' and null' if needle == 'null' else ''})"
                )
    return out
