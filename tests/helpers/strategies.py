"""Hypothesis strategies derived from the IR: valid payloads for any event of any catalogue.

Nothing here names an event, a type or a field. Every value is built by walking `codegen.ir`, so an
event or type added to the spec is covered the moment it exists. Besides the payload, the builder
records a `Site` for every value it places: the property tests mutate payloads at those sites, and
learn what the bindings must then do from the spec as written (tests/helpers/spec_facts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from codegen.ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
    Event,
    Field,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    ObjectType,
    Primitive,
    PrimitiveType,
    TypeExpr,
    UnionType,
)

Path = tuple[str | int, ...]
Draw = Callable[[st.SearchStrategy[Any]], Any]

MAX_ITEMS = 3  # lists, maps, free-form objects and extra fields stay small so runs are fast

# Text mixes whatever hypothesis likes with characters that trip encoders: accents, CJK, emoji
# (astral and with modifiers), quotes, backslashes, controls, markup. Never lone surrogates: a
# valid payload is encodable UTF-8 (tests/bindings/test_hostile.py covers surrogates).
_TRICKY = 'aZé ñßü漢字ひらがな한😀🎧👍🏽\u200d\u00a0"\\/\n\t\x00<>&|{}'
TEXT: st.SearchStrategy[str] = st.text(max_size=6) | st.text(alphabet=_TRICKY, max_size=6)
INTEGERS: st.SearchStrategy[int] = st.integers(min_value=-(2**63), max_value=2**64)
FLOATS: st.SearchStrategy[float] = st.floats(allow_nan=False, allow_infinity=False)
NUMBERS: st.SearchStrategy[float | int] = INTEGERS | FLOATS
JSON_SCALARS: st.SearchStrategy[Any] = st.none() | st.booleans() | NUMBERS | TEXT
JSON: st.SearchStrategy[Any] = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=MAX_ITEMS) | st.dictionaries(TEXT, inner, max_size=MAX_ITEMS)
    ),
    max_leaves=6,
)
JSON_OBJECTS: st.SearchStrategy[dict[str, Any]] = st.dictionaries(TEXT, JSON, max_size=MAX_ITEMS)


@dataclass(frozen=True, slots=True)
class Site:
    """One value placed in a generated payload. What the spec says of its position (required,
    nullable, an open or a closed enum) is for tests/helpers/spec_facts.py to say, from the
    spec's YAML as written, not for the IR that built the payload."""

    path: Path  # keys and list indexes from the payload's root


@dataclass(frozen=True, slots=True)
class News:
    """Something a generated payload holds that the catalogue does not know."""

    path: Path
    kind: str  # "field", "enum value" or "object kind", as unknown_fields() says
    value: Any


@dataclass(frozen=True, slots=True)
class _Tag:
    """A discriminator value an enclosing union imposes on the object it picked."""

    value: str
    kinds: tuple[str, ...]
    fallback: bool


def payloads(catalogue: Catalogue, event: Event) -> st.SearchStrategy[dict[str, Any]]:
    """Valid JSON payloads (as decoded dicts) of `event`."""
    return annotated_payloads(catalogue, event).map(lambda pair: pair[0])


def annotated_payloads(
    catalogue: Catalogue, event: Event, *, dense: bool = False
) -> st.SearchStrategy[tuple[dict[str, Any], tuple[Site, ...]]]:
    """Valid payloads of `event`, each with the sites of every value it holds.

    `dense` makes optional fields present three times in four rather than every other time, so a
    test that needs a value deep inside finds one more often.
    """
    return _annotated_event(catalogue, event, dense)


def payloads_with_news(
    catalogue: Catalogue, event: Event
) -> st.SearchStrategy[tuple[dict[str, Any], tuple[News, ...]]]:
    """Valid payloads of `event`, each with what it holds that the catalogue does not know, in
    the order fields are placed: unknown fields, values outside open enums, unknown kinds."""
    return _event_with_news(catalogue, event)


def objects(catalogue: Catalogue, name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Valid payloads of the declared object type `name`, decoded on its own."""
    return _object_payload(catalogue, name)


def any_payload(catalogue: Catalogue) -> st.SearchStrategy[dict[str, Any]]:
    """A valid payload of any event of the catalogue."""
    return st.sampled_from(catalogue.union.events).flatmap(lambda e: payloads(catalogue, e))


@st.composite
def _annotated_event(
    draw: Draw, catalogue: Catalogue, event: Event, dense: bool
) -> tuple[dict[str, Any], tuple[Site, ...]]:
    builder = _Builder(draw, catalogue, dense=dense)
    return builder.event(event), tuple(builder.sites)


@st.composite
def _event_with_news(
    draw: Draw, catalogue: Catalogue, event: Event
) -> tuple[dict[str, Any], tuple[News, ...]]:
    builder = _Builder(draw, catalogue, dense=True)
    return builder.event(event), tuple(builder.news)


@st.composite
def _object_payload(draw: Draw, catalogue: Catalogue, name: str) -> dict[str, Any]:
    declared = catalogue.type_named(name)
    assert isinstance(declared, ObjectType), name
    return _Builder(draw, catalogue).object(declared, (), {})


def unknown_string(known: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A string that is not one of `known`."""
    return TEXT.filter(lambda text: text not in known)


class _Builder:
    """Builds one payload with `draw`, recording a Site for each value it places."""

    def __init__(self, draw: Draw, catalogue: Catalogue, *, dense: bool = False) -> None:
        self.draw = draw
        self.catalogue = catalogue
        self.present = st.integers(0, 3).map(bool) if dense else st.booleans()
        self.sites: list[Site] = []
        self.news: list[News] = []
        # Extra fields never reuse a discriminator's name: in an untagged object it would select
        # another kind. The event discriminator (`type`) is one of them.
        self.reserved = {catalogue.union.discriminator} | {
            declared.discriminator
            for declared in catalogue.types
            if isinstance(declared, UnionType) and declared.discriminator
        }

    def event(self, event: Event) -> dict[str, Any]:
        payload: dict[str, Any] = {self.catalogue.union.discriminator: event.wire_type}
        self.fields(payload, event.fields, (), {})
        self.extras(payload, {f.wire_name for f in event.fields}, ())
        return payload

    def object(self, declared: ObjectType, path: Path, fixed: dict[str, _Tag]) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        self.fields(payload, declared.fields, path, fixed)
        for name, tag in fixed.items():  # a variant should declare it; be lenient if not
            payload.setdefault(name, tag.value)
        self.extras(payload, {f.wire_name for f in declared.fields} | set(fixed), path)
        return payload

    def fields(
        self, payload: dict[str, Any], fields: tuple[Field, ...], path: Path, fixed: dict[str, _Tag]
    ) -> None:
        for field in fields:
            at = (*path, field.wire_name)
            tag = fixed.get(field.wire_name)
            if tag is not None:
                payload[field.wire_name] = tag.value
                self.sites.append(Site(at))
                continue
            if field.may_be_absent and not self.draw(self.present):
                continue
            if field.nullable and self.draw(st.integers(0, 3)) == 0:
                payload[field.wire_name] = None
                self.sites.append(Site(at))
                continue
            value, enum = self.value(field.type, field.enum, at)
            if enum is not None and enum.is_open and value not in enum.values:
                self.news.append(News(at, "enum value", value))
            payload[field.wire_name] = value
            self.sites.append(Site(at))

    def extras(self, payload: dict[str, Any], declared: set[str], path: Path) -> None:
        taken = declared | self.reserved
        keys = self.draw(st.lists(TEXT.filter(lambda k: k not in taken), max_size=2, unique=True))
        for key in keys:
            payload[key] = self.draw(JSON)
            self.news.append(News((*path, key), "field", payload[key]))

    def item(self, expr: TypeExpr, enum: Enumeration | None, at: Path) -> Any:
        """A list item or map value: a site of its own, never absent, never null."""
        value, item_enum = self.value(expr, enum, at)
        self.sites.append(Site(at))
        if item_enum is not None and item_enum.is_open and value not in item_enum.values:
            self.news.append(News(at, "enum value", value))
        return value

    def value(
        self, expr: TypeExpr, enum: Enumeration | None, at: Path
    ) -> tuple[Any, Enumeration | None]:
        """A value of `expr`, and the enumeration it was drawn from if it is an enum string."""
        draw = self.draw
        if isinstance(expr, PrimitiveType):
            primitive = expr.primitive
            if primitive is Primitive.STRING:
                return (self.enum_value(enum), enum) if enum is not None else (draw(TEXT), None)
            strategy = {
                Primitive.INTEGER: INTEGERS,
                Primitive.NUMBER: NUMBERS,
                Primitive.BOOLEAN: st.booleans(),
                Primitive.OBJECT: JSON_OBJECTS,
                Primitive.ANY: JSON,
            }[primitive]
            return draw(strategy), None
        if isinstance(expr, LiteralType):
            return expr.value, None
        if isinstance(expr, ChoiceType):
            return self.value(draw(st.sampled_from(expr.options)), enum, at)
        if isinstance(expr, ListType):
            count = draw(st.integers(0, MAX_ITEMS))
            return [self.item(expr.item, enum, (*at, index)) for index in range(count)], None
        if isinstance(expr, MapType):
            keys = draw(st.lists(TEXT, max_size=MAX_ITEMS, unique=True))
            return {key: self.item(expr.value, enum, (*at, key)) for key in keys}, None
        return self.named(expr, at, {})

    def named(
        self, expr: NamedType, at: Path, fixed: dict[str, _Tag]
    ) -> tuple[Any, Enumeration | None]:
        declared = self.catalogue.type_named(expr.name)
        if isinstance(declared, ObjectType):
            return self.object(declared, at, fixed), None
        if isinstance(declared, EnumType):
            return self.enum_value(declared.enumeration), declared.enumeration
        return self.union(declared, at, fixed)

    def enum_value(self, enum: Enumeration) -> str:
        if enum.is_open and self.draw(st.integers(0, 3)) == 0:
            value: str = self.draw(unknown_string(enum.values))
            return value
        known: str = self.draw(st.sampled_from(enum.values))
        return known

    def union(
        self, union: UnionType, at: Path, fixed: dict[str, _Tag]
    ) -> tuple[Any, Enumeration | None]:
        """A variant, an unknown kind, the untagged type or the `also` alternative."""
        kinds = tuple(variant.value for variant in union.variants)
        choices: list[tuple[str, Any]] = [("variant", variant) for variant in union.variants]
        if union.discriminator and union.discriminator not in fixed:
            choices.append(("unknown", None))
        if union.untagged is not None:
            choices.append(("untagged", union.untagged))
        if union.also is not None and not fixed:
            choices.append(("also", union.also))
        choice, detail = self.draw(st.sampled_from(choices))
        if choice == "variant":
            assert union.discriminator is not None
            tag = _Tag(detail.value, kinds, union.untagged is not None)
            return self.named(NamedType(detail.type_name), at, {**fixed, union.discriminator: tag})
        if choice == "unknown":
            assert union.discriminator is not None
            payload = self.draw(JSON_OBJECTS)
            payload.update({name: tag.value for name, tag in fixed.items()})
            payload[union.discriminator] = self.draw(unknown_string(kinds))
            self.news.append(News(at, "object kind", payload[union.discriminator]))
            return payload, None
        if choice == "untagged":
            return self.named(NamedType(detail), at, fixed)
        return self.value(detail, None, at)


# --- values for mutations -----------------------------------------------------------------------

# One JSON value of each kind; "string" is a string no enumeration or literal lists.
SAMPLES: dict[str, Any] = {
    "null": None,
    "boolean": True,
    "integer": 7,
    "float": 2.5,
    "string": "\x7f not a listed value \x7f",
    "array": [],
    "object": {},
}


def render_path(path: Path) -> str:
    """A path as EventDecodeError shows it: `response.output[0].content[1].type`."""
    text = ""
    for segment in path:
        piece = f"[{segment}]" if isinstance(segment, int) else segment
        text += piece if piece.startswith("[") or not text else "." + piece
    return text


def get_at(payload: Any, path: Path) -> Any:
    for segment in path:
        payload = payload[segment]
    return payload


def set_at(payload: Any, path: Path, value: Any) -> None:
    get_at(payload, path[:-1])[path[-1]] = value


def delete_at(payload: Any, path: Path) -> None:
    del get_at(payload, path[:-1])[path[-1]]
