"""What the spec, as written, says a position of a payload holds: the property tests' oracle.

The payloads the property tests draw are built by walking the compiled IR
(tests/helpers/strategies.py), but what the bindings must do with a changed value there (reject a
dropped field, keep an unlisted enum value, take an unknown kind) is decided here, from the
spec's YAML read by tests/helpers/spec_yaml.py, which does not import the generator. A bug
in lowering (an enum closed by default, a field made optional) then moves only one side, and the
tests see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tests.helpers.spec_yaml import Spec, SpecField, TypeExpr, read_spec

ANY: TypeExpr = ("prim", "any")


@dataclass(frozen=True)
class Position:
    """One place in a payload, and what the spec says of it."""

    type: TypeExpr  # what the value must be (the YAML type expression, read independently)
    field: SpecField | None  # the field the value is, if it is an object's field
    enum: tuple[str, ...] | None  # the strings a listed value may take, if an enum holds it
    open: bool  # an unlisted string is kept (open enum) or an error (closed)
    kinds: tuple[str, ...] = ()  # a union's discriminator: the kinds it knows
    fallback: bool = False  # ... of a union whose untagged member takes a payload without it

    @property
    def required(self) -> bool:
        """Dropping the value must be reported as a missing field."""
        return self.field is not None and self.field.presence == "required" and not self.fallback

    @property
    def nullable(self) -> bool:
        return self.type == ANY or (self.field is not None and self.field.nullable)

    @property
    def closed_enum(self) -> bool:
        return self.enum is not None and not self.open and not self.kinds

    @property
    def open_enum(self) -> bool:
        return self.enum is not None and self.open and not self.kinds


@cache
def facts(spec_dir: Path) -> Spec:
    return read_spec(spec_dir)


class Resolver:
    """Follows a path into a payload through the spec's declarations."""

    def __init__(self, spec_dir: Path) -> None:
        self.spec = facts(spec_dir)

    def position(self, wire_type: str, payload: Any, path: tuple[str | int, ...]) -> Position:
        """What the spec says of `payload` at `path`; the payload picks union members."""
        owner = self.spec.objects[wire_type]
        current: Position | None = None
        value = payload
        for depth, segment in enumerate(path):
            if current is None:  # the event itself
                current = self._field(owner.fields[str(segment)])
            else:
                current = self._step(current, value, segment, payload, path[:depth])
            value = value[segment]
        assert current is not None, "a path names a value inside the event"
        return current

    def _field(
        self, declared: SpecField, kinds: tuple[str, ...] = (), fallback: bool = False
    ) -> Position:
        enum, is_open = self._enum_of(declared.type, declared)
        return Position(declared.type, declared, enum, is_open, kinds, fallback)

    def _enum_of(
        self, expr: TypeExpr, declared: SpecField | None
    ) -> tuple[tuple[str, ...] | None, bool]:
        """The strings a value of `expr` may take, and whether others are kept (a union that
        also takes an enum's strings counts as that enum)."""
        if declared is not None and declared.enum is not None and expr[0] == "prim":
            return declared.enum, declared.open  # for list[string], the items' positions
        if expr[0] == "name" and expr[1] in self.spec.enums:
            return self.spec.enums[expr[1]], expr[1] not in self.spec.closed_enums
        if expr[0] == "name" and expr[1] in self.spec.unions:
            also = self.spec.unions[expr[1]].also
            if also is not None and also[0] == "name":
                return self._enum_of(also, None)
        return None, True

    def _step(
        self,
        here: Position,
        value: Any,
        segment: str | int,
        payload: Any,
        at: tuple[str | int, ...],
    ) -> Position:
        """One segment further: into a list, a map, an object or the member a union picked."""
        expr = self._resolve(here.type, value)
        if expr[0] == "list":
            enum, is_open = self._enum_of(expr[1], here.field)
            return Position(expr[1], None, enum, is_open)
        if expr[0] == "map":
            enum, is_open = self._enum_of(expr[1], here.field)
            return Position(expr[1], None, enum, is_open)
        name, tags = self._object(expr, value)
        declared = self.spec.objects[name].fields[str(segment)]
        if str(segment) in tags:
            kinds, fallback = tags[str(segment)]
            return self._field(declared, kinds, fallback)
        return self._field(declared)

    def _resolve(self, expr: TypeExpr, value: Any) -> TypeExpr:
        """What holds the children of `value`: a choice's container, or the non-object
        alternative (`also`) of a union when the value is not an object."""
        if expr[0] == "alt":
            for option in expr[1]:
                if option[0] in ("list", "map", "name") or option == ANY:
                    return self._resolve(option, value)
        if expr[0] == "name" and expr[1] in self.spec.unions and not isinstance(value, dict):
            also = self.spec.unions[expr[1]].also
            assert also is not None, f"{expr[1]} takes only objects"
            return self._resolve(also, value)
        return expr

    def _object(
        self, expr: TypeExpr, value: dict[str, Any]
    ) -> tuple[str, dict[str, tuple[tuple[str, ...], bool]]]:
        """The object type a union (or plain reference) picks for `value`, and the
        discriminators the unions on the way imposed (their known kinds, and whether an
        untagged member would take the payload without them)."""
        assert expr[0] == "name", expr
        name = expr[1]
        tags: dict[str, tuple[tuple[str, ...], bool]] = {}
        while name in self.spec.unions:
            union = self.spec.unions[name]
            kind = value.get(union.discriminator) if union.discriminator else None
            if union.discriminator and kind in union.variants:
                tags[union.discriminator] = (tuple(union.variants), union.untagged is not None)
                name = union.variants[kind]
            else:
                assert union.untagged is not None, f"no member of {name} takes {value!r}"
                name = union.untagged
        return name, tags

    def admits(self, position: Position, kind: str) -> bool:
        """Whether some value of JSON `kind` ("null", "boolean", "integer", "float", "string"
        that no enum lists, "array", "object") fits the position."""
        if kind == "null" and position.nullable:
            return True
        return self._admits(position.type, kind, position.enum, position.open)

    def _admits(
        self, expr: TypeExpr, kind: str, enum: tuple[str, ...] | None, is_open: bool
    ) -> bool:
        tag = expr[0]
        if tag == "prim":
            primitive = expr[1]
            if primitive == "any":
                return True
            if primitive == "string":
                return kind == "string" and (enum is None or is_open)
            if primitive == "number":
                return kind in ("integer", "float")
            return kind == primitive  # integer, boolean or object
        if tag == "lit":
            return False  # only its one string, which an unlisted string is not
        if tag == "alt":
            return any(self._admits(option, kind, None, True) for option in expr[1])
        if tag == "list":
            return kind == "array"
        if tag == "map":
            return kind == "object"
        name = expr[1]
        if name in self.spec.objects:
            return kind == "object"
        if name in self.spec.enums:
            return kind == "string" and name not in self.spec.closed_enums
        union = self.spec.unions[name]
        if kind == "object" and (union.discriminator or union.untagged):
            return True
        return union.also is not None and self._admits(union.also, kind, None, True)

    def reachable(self, wire_type: str) -> list[Position]:
        """A position for every field declaration a payload of the event can contain, at any
        depth (by declaration, not by payload), to tell which events a test applies to."""
        found: list[Position] = []
        seen: set[tuple[str, tuple[str, ...]]] = set()

        def expr(t: TypeExpr) -> None:
            if t[0] in ("list", "map"):
                expr(t[1])
            elif t[0] == "alt":
                for option in t[1]:
                    expr(option)
            elif t[0] == "name":
                named(t[1], {})

        def named(name: str, tags: dict[str, tuple[tuple[str, ...], bool]]) -> None:
            key = (name, tuple(sorted(tags)))
            if key in seen:
                return
            seen.add(key)
            if name in self.spec.objects:
                for declared in self.spec.objects[name].fields.values():
                    kinds, fallback = tags.get(declared.name, ((), False))
                    found.append(self._field(declared, kinds, fallback))
                    expr(declared.type)
            elif name in self.spec.unions:
                union = self.spec.unions[name]
                for member in union.variants.values():
                    assert union.discriminator is not None
                    own = (tuple(union.variants), union.untagged is not None)
                    named(member, {**tags, union.discriminator: own})
                if union.untagged:
                    named(union.untagged, tags)
                if union.also:
                    expr(union.also)

        for declared in self.spec.objects[wire_type].fields.values():
            if declared.name != "type":
                found.append(self._field(declared))
                expr(declared.type)
        return found
