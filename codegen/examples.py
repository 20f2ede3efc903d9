"""Example payloads: read their JSON strictly, and check them against the declared fields.

lower.py reads the JSON into the IR (frozen); validate.py checks the IR's payloads.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Location
from .ir import (
    ChoiceType,
    EnumType,
    Event,
    Example,
    Field,
    JsonObject,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Presence,
    Primitive,
    PrimitiveType,
    TypeExpr,
    UnionType,
    accepts_null,
    freeze,
)
from .jsontext import JsonPath, position_of, value_positions
from .schema import kind_name


def parse_example_json(text: str, start: Location) -> JsonObject | Diagnostic:
    """Parse an example's JSON text; errors point into the spec file at the offending character."""

    def at(line: int, column: int) -> Location:
        return _in_text(start, line, column)

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    def no_constants(token: str) -> Any:
        raise _NonFiniteNumber(token)

    try:
        payload = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        return Diagnostic(
            at(exc.lineno, exc.colno),
            "E301",
            f"example is not valid JSON: {exc.msg}",
            "fix the JSON text",
        )
    except _DuplicateKey as exc:
        return Diagnostic(start, "E301", f"example has the key '{exc.args[0]}' twice")
    except _NonFiniteNumber as exc:
        return Diagnostic(start, "E301", f"example uses '{exc.args[0]}', which is not JSON")
    if not isinstance(payload, dict):
        return Diagnostic(start, "E301", f"example must be a JSON object, not {kind_name(payload)}")
    frozen = freeze(payload)
    assert isinstance(frozen, JsonObject)
    return frozen


def _in_text(start: Location, line: int, column: int) -> Location:
    """A place in an example's JSON text, as a place in the spec file that holds it."""
    # Line 1 of the JSON text is the first line of the block; later lines share its indent.
    return Location(start.file, start.line + line - 1, start.column + column - 1)


def location_in(example: Example, path: JsonPath) -> Location:
    """Where the value at `path` of an example's payload is written in the spec file: its key,
    or the object that lacks it."""
    line, column = position_of(value_positions(example.text), path)
    return _in_text(example.location, line, column)


def render_path(path: JsonPath) -> str:
    """A payload path as messages write it: `thing.parts[0].count`."""
    text = ""
    for segment in path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


class _DuplicateKey(Exception):
    pass


class _NonFiniteNumber(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Problem:
    """One way an example does not match its event: a diagnostic code, a message that names
    the path, and the path itself (to point at the place in the JSON text)."""

    code: str
    message: str
    path: JsonPath


class ExampleChecker:
    """Checks an example payload against the declared fields, naming the path of each mismatch."""

    def __init__(self, types_by_name: dict[str, Any]) -> None:
        self.types_by_name = types_by_name
        self.problems: list[Problem] = []
        self.version = ""  # the version of the example being checked, if its protocol has them

    def report(self, code: str, path: JsonPath, message: str) -> None:
        self.problems.append(Problem(code, f"{render_path(path)}: {message}", path))

    def check_event(
        self, event: Event, payload: JsonObject, abbreviated: bool, version: str = ""
    ) -> list[Problem]:
        self.problems = []
        self.version = version
        if payload.get("type") != event.wire_type:
            self.problems.append(
                Problem(
                    "E305",
                    f"'type' is {payload.get('type')!r}, expected '{event.wire_type}'",
                    ("type",),
                )
            )
        rest = {key: value for key, value in payload.items() if key != "type"}
        omitted = self.check_fields(event.fields, rest, ())
        if omitted and not abbreviated:
            self.problems.append(
                Problem(
                    "E306",
                    f"leaves out {', '.join(omitted)}, which the API always sends",
                    (),
                )
            )
        return self.problems

    def check_fields(
        self, fields: tuple[Field, ...], payload: Mapping[str, Any], prefix: JsonPath
    ) -> list[str]:
        """Check `payload` against `fields`; return the paths of omitted `expected` fields."""
        omitted: list[str] = []
        declared = {f.wire_name: f for f in fields}
        for f in fields:
            path = (*prefix, f.wire_name)
            if f.wire_name not in payload:
                if f.presence is Presence.REQUIRED:
                    self.report("E303", path, "required field is missing")
                elif f.presence is Presence.EXPECTED:
                    omitted.append(render_path(path))
                continue
            value = payload[f.wire_name]
            if value is None:
                if not (f.nullable or accepts_null(f.type)):
                    self.report("E302", path, "null is not allowed (the field is not nullable)")
                continue
            omitted += self.check_value(f.type, f, value, path)
        for key in payload:
            if key not in declared:
                self.report(
                    "E302",
                    (*prefix, key),
                    "the spec declares no such field; declare it or remove it",
                )
        return omitted

    def check_value(self, expr: TypeExpr, owner: Field, value: Any, path: JsonPath) -> list[str]:
        if isinstance(expr, PrimitiveType):
            if not _matches_primitive(expr.primitive, value):
                self.report(
                    "E302", path, f"expected {expr.primitive.value}, got {_json_kind(value)}"
                )
            elif (
                owner.enum is not None and isinstance(value, str) and value not in owner.enum.values
            ):
                self.report("E304", path, f"'{value}' is not one of {', '.join(owner.enum.values)}")
            return []
        if isinstance(expr, LiteralType):
            if value != expr.value:
                self.report("E302", path, f'expected "{expr.value}", got {value!r}')
            return []
        if isinstance(expr, ChoiceType):
            if not any(self.accepts(option, value) for option in expr.options):
                self.report("E302", path, f"{value!r} matches none of the alternatives")
            return []
        if isinstance(expr, ListType):
            if not isinstance(value, tuple):
                self.report("E302", path, f"expected array, got {_json_kind(value)}")
                return []
            return [
                omitted
                for index, item in enumerate(value)
                for omitted in self.check_value(expr.item, owner, item, (*path, index))
            ]
        if isinstance(expr, MapType):
            if not isinstance(value, JsonObject):
                self.report("E302", path, f"expected object, got {_json_kind(value)}")
                return []
            return [
                omitted
                for key, item in value.items()
                for omitted in self.check_value(expr.value, owner, item, (*path, key))
            ]
        assert isinstance(expr, NamedType)
        declared = self.types_by_name[expr.name]
        if isinstance(declared, UnionType):
            return self.check_union(declared, owner, value, path)
        if isinstance(declared, EnumType):
            if not isinstance(value, str):
                self.report("E302", path, f"expected string, got {_json_kind(value)}")
            elif value not in declared.enumeration.values:
                self.report(
                    "E304",
                    path,
                    f"'{value}' is not a value of {declared.name} "
                    f"({', '.join(declared.enumeration.values)})",
                )
            return []
        if not isinstance(value, JsonObject):
            self.report("E302", path, f"expected object ({declared.name}), got {_json_kind(value)}")
            return []
        if self.version and declared.versions and self.version not in declared.versions:
            self.report(
                "E308",
                path,
                f"holds a {declared.name}, which only version {', '.join(declared.versions)} "
                f"sends, in an example of version {self.version}",
            )
        return self.check_fields(declared.fields, value, path)

    def check_union(self, union: UnionType, owner: Field, value: Any, path: JsonPath) -> list[str]:
        if not isinstance(value, JsonObject):
            if union.also is not None:
                return self.check_value(union.also, owner, value, path)
            self.report("E302", path, f"expected object ({union.name}), got {_json_kind(value)}")
            return []
        member: str | None = union.untagged
        if union.discriminator is not None and union.discriminator in value:
            kind = value[union.discriminator]
            known = {v.value: v.type_name for v in union.variants}
            if kind not in known:
                self.report(
                    "E304",
                    (*path, union.discriminator),
                    f"{kind!r} is not a kind of {union.name} ({', '.join(known)})",
                )
                return []
            member = known[kind]
        if member is None:
            assert union.discriminator is not None
            self.report("E303", (*path, union.discriminator), "required field is missing")
            return []
        return self.check_value(NamedType(member), owner, value, path)

    def accepts(self, expr: TypeExpr, value: Any) -> bool:
        if isinstance(expr, LiteralType):
            return bool(value == expr.value)
        return isinstance(expr, PrimitiveType) and _matches_primitive(expr.primitive, value)


def _matches_primitive(primitive: Primitive, value: Any) -> bool:
    if primitive is Primitive.STRING:
        return isinstance(value, str)
    if primitive is Primitive.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if primitive is Primitive.NUMBER:
        return (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
    if primitive is Primitive.BOOLEAN:
        return isinstance(value, bool)
    if primitive is Primitive.OBJECT:
        return isinstance(value, JsonObject)
    return True


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, tuple):
        return "array"
    return "object"
