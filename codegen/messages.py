"""What decoders say a value should be, for every target: all decoders fail with the same words.

The Python decoder's messages define them (`expected string, got integer`); the TypeScript
decoder, held to agree with it case by case, prints the same phrases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .ir import (
    ChoiceType,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    PrimitiveType,
    TypeDecl,
    TypeExpr,
    UnionType,
)


def expected(expr: TypeExpr, types: Mapping[str, TypeDecl]) -> str:
    """`string`, `array`, `'inf'`, `integer or 'inf'`, `object or string`, ..."""
    if isinstance(expr, PrimitiveType):
        return expr.primitive.value
    if isinstance(expr, LiteralType):
        return repr(expr.value)  # as Python writes a string
    if isinstance(expr, ChoiceType):
        return " or ".join(expected(option, types) for option in expr.options)
    if isinstance(expr, ListType):
        return "array"
    if isinstance(expr, MapType):
        return "object"
    declared = types[expr.name]
    if isinstance(declared, UnionType) and declared.also is not None:
        return "object or " + expected(declared.also, types)
    return "string" if isinstance(declared, EnumType) else "object"


def one_of(values: Sequence[str]) -> str:
    """What a closed enumeration expects: `one of 'round', 'square'`."""
    return "one of " + ", ".join(repr(value) for value in values)
