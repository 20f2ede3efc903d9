"""The Python target's decoders and encoders: from an IR type to the code that checks a JSON value
of it and converts it (decode), and back to JSON (encode).

Every check comes from a table keyed by IR primitives, never from reading back an annotation
that the view printed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ...escape import python_string
from ...ir import (
    ChoiceType,
    Enumeration,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    Primitive,
    PrimitiveType,
    TypeDecl,
    TypeExpr,
    UnionType,
    accepts_null,
)

# A condition on the value `{v}` that holds when the value has the right JSON type.
_PRIMITIVE_VALID = {
    Primitive.STRING: "type({v}) is str",
    Primitive.INTEGER: "type({v}) is int",
    Primitive.NUMBER: "type({v}) is float or type({v}) is int",
    Primitive.BOOLEAN: "type({v}) is bool",
    Primitive.OBJECT: "type({v}) is dict",
}
# The same condition negated: the test a decoder runs on the fast path.
_PRIMITIVE_INVALID = {
    Primitive.STRING: "type({v}) is not str",
    Primitive.INTEGER: "type({v}) is not int",
    Primitive.NUMBER: "(type({v}) is not float and type({v}) is not int)",
    Primitive.BOOLEAN: "type({v}) is not bool",
    Primitive.OBJECT: "type({v}) is not dict",
}
# The runtime function that checks one list item or map value of the primitive.
_PRIMITIVE_CHECKER = {
    Primitive.STRING: "_check_str",
    Primitive.INTEGER: "_check_int",
    Primitive.NUMBER: "_check_number",
    Primitive.BOOLEAN: "_check_bool",
    Primitive.OBJECT: "_check_object",
    Primitive.ANY: "_check_any",
}


def decoder_name(name: str) -> str:
    """The generated function that checks and converts a value of the declared type `name`."""
    return "_decode_" + name


class Decoding:
    """Builds the expressions of the generated decoders and encoders for one catalogue.

    A closed enum's checker is a function the view defines in the module that needs it: the view
    hands in how to name (and register) one, for a declared enum and for a field's inline one.
    """

    def __init__(
        self,
        types: Mapping[str, TypeDecl],
        named_enum_checker: Callable[[EnumType], str],
        inline_enum_checker: Callable[[str, Enumeration, str], str],
    ) -> None:
        self.types = types
        self.named_enum_checker = named_enum_checker
        self.inline_enum_checker = inline_enum_checker

    def decode(
        self,
        expr: TypeExpr,
        enum: Enumeration | None,
        enum_name: str,
        local: str,
        module: str,
    ) -> tuple[str | None, str | None]:
        """(invalid condition, None) for values checked in place, (None, converter call) for
        values a function checks and converts; (None, None) when any value will do.

        `enum_name` names the checker of a closed inline enum (`RateLimitName`), which is
        defined in `module`.
        """
        if isinstance(expr, PrimitiveType):
            if enum is not None and not enum.is_open:
                return None, f"{self.inline_enum_checker(enum_name, enum, module)}({local})"
            if expr.primitive is Primitive.ANY:
                return None, None
            return _PRIMITIVE_INVALID[expr.primitive].format(v=local), None
        if isinstance(expr, (LiteralType, ChoiceType)):
            options = expr.options if isinstance(expr, ChoiceType) else (expr,)
            if any(accepts_null(option) for option in options):
                return None, None  # `any` among the alternatives: every value is one of them
            accepted = " or ".join(self.valid(option, local) for option in options)
            return f"not ({accepted})", None
        if isinstance(expr, ListType):
            item = self.item_decoder(expr.item, enum, enum_name, module)
            return None, f"_decode_list({local}, {item})"
        if isinstance(expr, MapType):
            value = self.item_decoder(expr.value, enum, enum_name, module)
            return None, f"_decode_map({local}, {value})"
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                return _PRIMITIVE_INVALID[Primitive.STRING].format(v=local), None
            return None, f"{self.named_enum_checker(declared)}({local})"
        return None, f"{decoder_name(declared.name)}({local})"

    def valid(self, expr: TypeExpr, local: str) -> str:
        """The condition under which `local` is a value of one alternative of a choice."""
        if isinstance(expr, LiteralType):
            return f"{local} == {python_string(expr.value)}"
        assert isinstance(expr, PrimitiveType)  # typeexpr.py allows nothing else in a choice
        return _PRIMITIVE_VALID[expr.primitive].format(v=local)

    def item_decoder(
        self, expr: TypeExpr, enum: Enumeration | None, enum_name: str, module: str
    ) -> str:
        """A function that checks and converts one item of a list or map (typeexpr.py allows
        only primitives and declared types there)."""
        if isinstance(expr, PrimitiveType):
            if enum is not None and not enum.is_open:
                return self.inline_enum_checker(enum_name, enum, module)
            return _PRIMITIVE_CHECKER[expr.primitive]
        assert isinstance(expr, NamedType)
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                return _PRIMITIVE_CHECKER[Primitive.STRING]
            return self.named_enum_checker(declared)
        return decoder_name(declared.name)

    def encodes_as_is(self, expr: TypeExpr) -> bool:
        """Whether to_dict writes the attribute unchanged: not an object, not a list (held as a
        tuple), not a map of either."""
        if isinstance(expr, ListType):
            return False
        if isinstance(expr, MapType):
            return self.encodes_as_is(expr.value)
        if isinstance(expr, NamedType):
            return isinstance(self.types[expr.name], EnumType)
        return True

    def encode(self, expr: TypeExpr, value: str) -> str:
        """The JSON value of `value` (an attribute, or an item of one) for to_dict."""
        if self.encodes_as_is(expr):
            return value
        if isinstance(expr, ListType):
            if self.encodes_as_is(expr.item):
                return f"list({value})"
            return f"[{self.encode(expr.item, 'item')} for item in {value}]"
        if isinstance(expr, MapType):
            return f"{{key: {self.encode(expr.value, 'item')} for key, item in {value}.items()}}"
        assert isinstance(expr, NamedType)
        declared = self.types[expr.name]
        if isinstance(declared, UnionType) and self.admits_scalars(declared):
            return f"_rt.encode_member({value})"
        return f"{value}.to_dict()"

    def admits_scalars(self, union: UnionType) -> bool:
        """Whether a member of `union` can be a plain JSON value rather than an object."""
        if union.also is not None:
            return True
        return any(
            isinstance(member, UnionType) and self.admits_scalars(member)
            for member in (self.types[name] for name in union.members)
        )
