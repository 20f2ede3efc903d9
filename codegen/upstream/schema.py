"""JSON Schema, in the dialects upstream writes it, to the objects and shapes of a `Surface`.

The three upstream sources are all JSON Schema underneath: OpenAPI's `components/schemas`, the
reference facts' `definitions` and pydantic's `$defs`. `SchemaReader` resolves `$ref`, merges
`allOf`, spreads `anyOf`/`oneOf` (with or without a declared discriminator), and reads
`nullable`, `type: [..., "null"]`, `enum`, `const` and `additionalProperties` maps. Each named
schema that is a record or a union becomes an `ObjectShape` under its name; an inline object is
named after where it sits (`RealtimeSession.audio.input`).

A union that declares no discriminator is told apart by a field that every member holds with one
value of its own (a `type` const); members that share a value are grouped into a nested union
told apart the same way (messages by `role`), as the catalogue writes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..diagnostics import Location
from ..surface import FieldShape, ObjectShape, Shape, merge

_ANY = Shape(frozenset({"any"}))
_FREE_OBJECT = Shape(frozenset({"object"}), values=_ANY)


class SchemaError(Exception):
    """The document is not the JSON Schema this reader understands (a dangling `$ref`, say)."""


@dataclass(frozen=True, slots=True)
class Alternative:
    """One schema a value may match, after `$ref`, `allOf` and `anyOf`/`oneOf` are resolved."""

    node: Mapping[str, Any]
    pointer: str  # where it is written: a JSON pointer into the document
    name: str  # the named schema it is, or the name given to it where it sits


class SchemaReader:
    """Reads the schemas of one document. `refs` maps a `$ref` prefix to its schemas."""

    def __init__(
        self,
        source: str,
        schemas: Mapping[str, Any],
        prefix: str,
        pointer: str,
    ) -> None:
        self.source = source  # the file shown in locations
        self.schemas = schemas
        self.prefix = prefix  # what a `$ref` starts with: `#/components/schemas/`
        self.pointer = pointer  # where `schemas` sits in the document
        self.objects: dict[str, ObjectShape] = {}
        self._reading: set[str] = set()
        self._unions: dict[str, tuple[str, ...]] = {}  # name -> members

    def location(self, pointer: str) -> Location:
        return Location(f"{self.source}#{pointer}", 0, 0)

    # --- resolving ------------------------------------------------------------------------------

    def resolve(self, node: Any, pointer: str, name: str) -> tuple[list[Alternative], bool]:
        """The alternatives `node` allows, and whether null is one of them."""
        if not isinstance(node, Mapping):
            if node is True or node == {}:
                return [Alternative({}, pointer, name)], False
            raise SchemaError(f"{pointer}: a schema must be an object, not {json.dumps(node)}")
        nullable = bool(node.get("nullable"))
        if "$ref" in node:
            target = self.named(str(node["$ref"]), pointer)
            alternatives, null = self.resolve(self.schemas[target], self._at(target), target)
            return alternatives, null or nullable
        if "allOf" in node and len(node["allOf"]) == 1 and "properties" not in node:
            # one schema wrapped (to add a description, say): that schema, under its own name
            alternatives, null = self.resolve(node["allOf"][0], f"{pointer}/allOf/0", name)
            return alternatives, null or nullable
        if "allOf" in node:
            parts = [
                self.resolve(p, f"{pointer}/allOf/{i}", name) for i, p in enumerate(node["allOf"])
            ]
            merged: dict[str, Any] = {}  # the parts' fields first, in order, then its own
            for alternatives, null in parts:
                if len(alternatives) != 1:
                    raise SchemaError(f"{pointer}: allOf of a union is not supported")
                merged = _all_of(merged, alternatives[0].node)
                nullable = nullable or null
            merged = _all_of(merged, {k: v for k, v in node.items() if k != "allOf"})
            alternatives, null = self.resolve(merged, pointer, name)
            return alternatives, null or nullable
        for key in ("anyOf", "oneOf"):
            if key in node:
                out: list[Alternative] = []
                parts = node[key]
                several = sum(not _is_null(p) for p in parts) > 1
                for i, part in enumerate(parts):
                    # inline members of one union each need a name of their own
                    own = f"{name}/{i}" if several else name
                    more, null = self.resolve(part, f"{pointer}/{key}/{i}", own)
                    out += more
                    nullable = nullable or null
                return out, nullable
        kinds = node.get("type")
        if isinstance(kinds, list):
            rest = [k for k in kinds if k != "null"]
            split = [Alternative({**node, "type": k}, pointer, name) for k in rest]
            return split or [Alternative({}, pointer, name)], nullable or "null" in kinds
        if kinds == "null" or node.get("const", 0) is None:
            return [], True
        if "enum" in node and None in node["enum"]:
            values = [v for v in node["enum"] if v is not None]
            return ([Alternative({**node, "enum": values}, pointer, name)] if values else []), True
        return [Alternative(node, pointer, name)], nullable

    def named(self, ref: str, pointer: str) -> str:
        if not ref.startswith(self.prefix) or ref[len(self.prefix) :] not in self.schemas:
            raise SchemaError(f"{pointer}: $ref {ref} points at no schema of the document")
        return ref[len(self.prefix) :]

    def _at(self, name: str) -> str:
        return f"{self.pointer}/{name}"

    # --- shapes ---------------------------------------------------------------------------------

    def shape(self, node: Any, pointer: str, name: str) -> tuple[Shape, bool]:
        """The shape of a value `node` describes, and whether it may be null."""
        alternatives, nullable = self.resolve(node, pointer, name)
        shape: Shape | None = None
        records: list[Alternative] = []
        for alt in alternatives:
            kind = _kind(alt.node)
            if kind == "object" and _is_record(alt.node):
                records.append(alt)
                continue
            one = self.plain(alt, kind)
            shape = one if shape is None else merge(shape, one)
        if records:
            group = _union_name(node, self.prefix) or name
            one = Shape(frozenset({"object"}), object=self.object_of(records, group))
            shape = one if shape is None else merge(shape, one)
        if shape is not None and not shape.enum:
            # any string, some of them named (`string` beside an enum of voices): an open enum
            known = [v for alt in alternatives for v in _values(alt.node)]
            if known:
                shape = replace(shape, enum=tuple(dict.fromkeys(known)), open=True)
        return (shape or _ANY), nullable

    def plain(self, alt: Alternative, kind: str) -> Shape:
        node = alt.node
        if kind == "array":
            items, _ = self.shape(node.get("items", {}), f"{alt.pointer}/items", f"{alt.name}[]")
            return Shape(frozenset({"array"}), items=items)
        if kind == "object":
            extra = node.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
                held, _ = self.shape(
                    extra, f"{alt.pointer}/additionalProperties", f"{alt.name}{{}}"
                )
                return Shape(frozenset({"object"}), values=held)
            return _FREE_OBJECT
        values = _values(node)
        if values:
            return Shape(frozenset({kind}), values, open=False)
        return Shape(frozenset({kind}))

    def object_of(self, records: list[Alternative], name: str) -> str:
        """The name of the object several (or one) record alternatives make."""
        if len(records) == 1:
            return self.record(records[0])
        members = [self.record(r) for r in records]
        return self.union(name, members, records[0].pointer)

    def record(self, alt: Alternative) -> str:
        if alt.name in self.objects or alt.name in self._reading:
            return alt.name
        self._reading.add(alt.name)
        required = set(alt.node.get("required") or ())
        fields = {}
        for key, sub in (alt.node.get("properties") or {}).items():
            where = f"{alt.pointer}/properties/{_escape(key)}"
            shape, nullable = self.shape(sub, where, f"{alt.name}.{key}")
            default = sub.get("default") if isinstance(sub, Mapping) else None
            fields[key] = FieldShape(
                key,
                shape,
                key in required,
                nullable,
                self.location(where),
                None if default is None else json.dumps(default, sort_keys=True),
            )
        self.objects[alt.name] = ObjectShape(alt.name, fields, self.location(alt.pointer))
        self._reading.discard(alt.name)
        return alt.name

    def union(
        self, name: str, members: list[str], pointer: str, used: frozenset[str] = frozenset()
    ) -> str:
        """A union of records, told apart by the field that gives each a value of its own (a tag
        not `used` by an enclosing union)."""
        unique = list(dict.fromkeys(members))
        if len(unique) == 1:
            return unique[0]
        known = self._unions.get(name)
        if known is not None and known != tuple(unique):
            name = f"{name}({'|'.join(unique)})"  # the same name, other members: a new union
            known = self._unions.get(name)
        if known is not None:
            return name
        self._unions[name] = tuple(unique)
        tag = _tag(unique, self.objects, used)
        location = self.location(pointer)
        if tag is None:
            # nothing tells them apart: each member under its own name
            variants = {m: m for m in unique}
            self.objects[name] = ObjectShape(name, {}, location, "", variants)
            return name
        groups: dict[str, list[str]] = {}
        untagged = []
        for member in unique:
            values = (
                self.objects[member].fields[tag].shape.enum
                if tag in self.objects[member].fields
                else ()
            )
            if not values:
                untagged.append(member)
            for value in values:
                groups.setdefault(value, []).append(member)
        variants = {
            value: self.union(f"{name}[{tag}={value}]", group, pointer, used | {tag})
            for value, group in groups.items()
        }
        loose = (
            self.union(f"{name}[no {tag}]", untagged, pointer, used | {tag}) if untagged else None
        )
        self.objects[name] = ObjectShape(name, {}, location, tag, variants, loose)
        return name

    # --- events ---------------------------------------------------------------------------------

    def event(self, node: Any, pointer: str, name: str) -> list[tuple[str, ObjectShape]]:
        """The events a schema describes (one per member of a union), by wire type."""
        alternatives, _ = self.resolve(node, pointer, name)
        out = []
        for alt in alternatives:
            record = self.objects[self.record(alt)]
            tag = record.fields.get("type")
            if tag is None or len(tag.shape.enum) != 1:
                raise SchemaError(f"{alt.pointer}: an event needs a `type` of one value")
            out.append((tag.shape.enum[0], record))
        return out


def _tag(
    members: list[str], objects: Mapping[str, ObjectShape], used: frozenset[str]
) -> str | None:
    """The field that tells records apart: held with fixed values by every one of them (or, failing
    that, by all but one, the untagged member), splitting them into more than one group."""
    candidates: list[str] = []
    for member in members:
        for key, held in objects[member].fields.items():
            closed = held.shape.enum and not held.shape.open
            if closed and key not in candidates and key not in used:
                candidates.append(key)
    best = None
    for key in candidates:
        holding = [
            m for m in members if key in objects[m].fields and objects[m].fields[key].shape.enum
        ]
        values = {v for m in holding for v in objects[m].fields[key].shape.enum}
        splits = all(len(objects[m].fields[key].shape.enum) < len(values) for m in holding)
        if len(members) - len(holding) > 1 or len(values) < 2 or not splits:
            continue
        if len(holding) == len(members):
            return key
        best = best or key
    return best


def _kind(node: Mapping[str, Any]) -> str:
    if "type" in node:
        return str(node["type"])
    if "const" in node:
        return _json_kind(node["const"])
    if node.get("enum"):
        return _json_kind(node["enum"][0])
    if "items" in node:
        return "array"
    if "properties" in node or "additionalProperties" in node:
        return "object"
    return "any"


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _values(node: Mapping[str, Any]) -> tuple[str, ...]:
    """The values an enum or a const lists; another kind's than a string's as JSON text."""
    raw = [node["const"]] if "const" in node else list(node.get("enum") or ())
    return tuple(v if isinstance(v, str) else json.dumps(v) for v in raw)


def _is_null(node: Any) -> bool:
    return isinstance(node, Mapping) and node.get("type") == "null"


def _union_name(node: Any, prefix: str) -> str | None:
    """The named schema a value is (`$ref`, or `$ref` or null), to name the union it makes."""
    if not isinstance(node, Mapping):
        return None
    ref = node.get("$ref")
    if ref is None:
        parts = [p for p in node.get("anyOf") or node.get("oneOf") or () if not _is_null(p)]
        if len(parts) == 1 and isinstance(parts[0], Mapping):
            ref = parts[0].get("$ref")
    return ref[len(prefix) :] if isinstance(ref, str) and ref.startswith(prefix) else None


def _is_record(node: Mapping[str, Any]) -> bool:
    return bool(node.get("properties"))


def _all_of(first: dict[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    out = {**first, **{k: v for k, v in second.items() if k not in ("properties", "required")}}
    properties = {**(first.get("properties") or {}), **(second.get("properties") or {})}
    required = [*(first.get("required") or ()), *(second.get("required") or ())]
    if properties:
        out["properties"] = properties
    if required:
        out["required"] = list(dict.fromkeys(required))
    return out


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
