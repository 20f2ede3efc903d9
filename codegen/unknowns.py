"""Where a decoded value can hold something the catalogue does not know.

Python's `unknown_fields()` and TypeScript's `unknownFields()` report the same things at the
same paths: fields the spec does not declare, values outside an open enum, kinds of object the
catalogue does not know. Which fields each searches, and what it knows of their strings, is
computed here once, from the IR, so that the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .ir import (
    ChoiceType,
    Enumeration,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    ObjectType,
    Primitive,
    PrimitiveType,
    TypeDecl,
    TypeExpr,
    UnionType,
)


@dataclass(frozen=True, slots=True)
class Shape:
    """Where a value's objects sit, by JSON kind: what a decoder made of a JSON object, an
    array or a map at this level. A runtime walks a value along it (Python needs no shape: its
    decoded values know their classes)."""

    object: str | None = None  # the object or union type a JSON object decodes to
    list: Shape | None = None  # an array: the shape of each item
    map: Shape | None = None  # a map (a JSON object of free keys): the shape of each value

    def merge(self, other: Shape) -> Shape:
        return Shape(
            self.object or other.object,
            _merged(self.list, other.list),
            _merged(self.map, other.map),
        )


@dataclass(frozen=True, slots=True)
class FieldSearch:
    """What a field's value can hold that the catalogue does not know."""

    known: tuple[str, ...] | None  # strings outside these are news, at any depth; None: none is
    objects: bool  # objects, which may hold extra fields or be of an unknown kind
    shape: Shape


def field_search(
    expr: TypeExpr, enum: Enumeration | None, types: Mapping[str, TypeDecl]
) -> FieldSearch | None:
    """How to search a field of type `expr` (strings constrained by `enum`); None when its value
    cannot hold anything new (a number, a closed enum, free text, untyped JSON)."""
    found = _openness(expr, enum, types)
    known = found.known_values()
    if not found.objects and known is None:
        return None
    return FieldSearch(known, found.objects, _shape(expr, types))


@dataclass(frozen=True, slots=True)
class _Openness:
    objects: bool = False
    enum_values: tuple[str, ...] = ()  # the known values of open enums among its strings
    free_strings: bool = False  # a string alternative that takes any text

    def merge(self, other: _Openness) -> _Openness:
        return _Openness(
            self.objects or other.objects,
            self.enum_values + tuple(v for v in other.enum_values if v not in self.enum_values),
            self.free_strings or other.free_strings,
        )

    def known_values(self) -> tuple[str, ...] | None:
        """The strings it knows, when any other string is news; None when none is."""
        return self.enum_values if self.enum_values and not self.free_strings else None


def _openness(expr: TypeExpr, enum: Enumeration | None, types: Mapping[str, TypeDecl]) -> _Openness:
    if isinstance(expr, PrimitiveType):
        if expr.primitive is not Primitive.STRING:
            return _Openness()
        if enum is None:
            return _Openness(free_strings=True)
        return _Openness(enum_values=enum.values if enum.is_open else ())
    if isinstance(expr, ChoiceType):
        found = _Openness()
        for option in expr.options:
            found = found.merge(_openness(option, None, types))
        return found
    if isinstance(expr, LiteralType):
        return _Openness()
    if isinstance(expr, ListType):
        return _openness(expr.item, enum, types)
    if isinstance(expr, MapType):
        return _openness(expr.value, enum, types)
    declared = types[expr.name]
    if isinstance(declared, EnumType):
        open_values = declared.enumeration.values if declared.enumeration.is_open else ()
        return _Openness(enum_values=open_values)
    if isinstance(declared, ObjectType):
        return _Openness(objects=True)
    found = _Openness(objects=True)
    if declared.also is not None:
        found = found.merge(_openness(declared.also, None, types))
    for member in declared.members:
        if isinstance(types[member], UnionType):
            found = found.merge(_openness(NamedType(member), None, types))
    return found


def _shape(expr: TypeExpr, types: Mapping[str, TypeDecl]) -> Shape:
    if isinstance(expr, ChoiceType):
        shape = Shape()
        for option in expr.options:
            shape = shape.merge(_shape(option, types))
        return shape
    if isinstance(expr, ListType):
        return Shape(list=_shape(expr.item, types))
    if isinstance(expr, MapType):
        return Shape(map=_shape(expr.value, types))
    if not isinstance(expr, NamedType):
        return Shape()
    declared = types[expr.name]
    if isinstance(declared, EnumType):
        return Shape()
    shape = Shape(object=expr.name)
    if isinstance(declared, UnionType):
        # A plain value in the union's place: the shape of its `also`, or of a member union's.
        if declared.also is not None:
            shape = shape.merge(_shape(declared.also, types))
        for member in declared.members:
            if isinstance(types[member], UnionType):
                shape = shape.merge(_shape(NamedType(member), types))
    return shape


def _merged(first: Shape | None, second: Shape | None) -> Shape | None:
    if first is None or second is None:
        return first or second
    return first.merge(second)
