"""Parse the type expressions of field declarations (`list[RateLimit]`, `integer | "inf"`)."""

from __future__ import annotations

import re

from .ir import (
    ChoiceType,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Primitive,
    PrimitiveType,
    TypeExpr,
)

_TOKEN = re.compile(
    r'\s*(?:(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<literal>"[^"\\]*")|(?P<punct>[\[\]|]))'
)
_PRIMITIVES = {p.value: p for p in Primitive}
_CONTAINERS = ("list", "map")


class TypeExprError(ValueError):
    """The text is not a valid type expression; the message says why."""

    def __init__(self, message: str, *, unknown_word: str | None = None) -> None:
        super().__init__(message)
        self.unknown_word = unknown_word  # a word that names no type, for a did-you-mean


# What a lower-case word in a type expression can be, besides a declared type's name.
BUILTIN_WORDS = (*(p.value for p in Primitive), "list", "map")


def parse_type(text: str) -> TypeExpr:
    tokens = _tokenize(text)
    parser = _Parser(tokens, text)
    expr = parser.expression()
    if parser.position != len(tokens):
        raise TypeExprError(f"unexpected '{tokens[parser.position]}' in type '{text}'")
    return expr


def describe_type(expr: TypeExpr) -> str:
    """`expr` written back in the spec's own syntax, for messages."""
    if isinstance(expr, PrimitiveType):
        return expr.primitive.value
    if isinstance(expr, LiteralType):
        return f'"{expr.value}"'
    if isinstance(expr, ListType):
        return f"list[{describe_type(expr.item)}]"
    if isinstance(expr, MapType):
        return f"map[{describe_type(expr.value)}]"
    if isinstance(expr, ChoiceType):
        return " | ".join(describe_type(option) for option in expr.options)
    return expr.name


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise TypeExprError(
                f"unexpected character {text[position:].strip()[0]!r} in type '{text}'"
            )
        tokens.append(match.group(match.lastgroup or "word"))
        position = match.end()
    if not tokens:
        raise TypeExprError("empty type")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            raise TypeExprError(f"type '{self.text}' ends too early")
        if expected is not None and token != expected:
            raise TypeExprError(f"expected '{expected}' but found '{token}' in type '{self.text}'")
        self.position += 1
        return token

    def expression(self) -> TypeExpr:
        options = [self.term()]
        while self.peek() == "|":
            self.take("|")
            options.append(self.term())
        if len(options) == 1:
            return options[0]
        for option in options:
            if not isinstance(option, (PrimitiveType, LiteralType)):
                raise TypeExprError(
                    f"'|' joins primitives and string literals only, not '{self.text}'; "
                    "declare a union type for alternatives that are objects"
                )
        return ChoiceType(tuple(options))

    def term(self) -> TypeExpr:
        token = self.take()
        if token.startswith('"'):
            return LiteralType(token[1:-1])
        if token in _CONTAINERS:
            self.take("[")
            inner = self.expression()
            self.take("]")
            if not isinstance(inner, (PrimitiveType, NamedType)):
                raise TypeExprError(
                    f"the items of {token}[...] must be a primitive or a declared type, "
                    f"not '{self.text}'; declare an object type for anything richer"
                )
            return ListType(inner) if token == "list" else MapType(inner)
        if token in _PRIMITIVES:
            return PrimitiveType(_PRIMITIVES[token])
        if token[0].isupper():
            return NamedType(token)
        raise TypeExprError(
            f"unknown type '{token}' in '{self.text}': use a primitive "
            f"({', '.join(_PRIMITIVES)}), list[...], map[...] or a declared type name",
            unknown_word=token,
        )
