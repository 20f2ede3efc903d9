"""Property tests: payloads generated from the spec round-trip, and every mutation is reported.

For every event of the catalogue, server and client events alike (and of the mini spec, which has
closed enums), hypothesis builds valid payloads from the IR (tests/strategies.py): optional fields
present and absent, nulls, every kind of union member, unknown kinds, enum values and unknown
fields at every level, non-ASCII text. Each must parse to its class (through parse_event, or
parse_client_event for a client event) and come back exactly. Then one value is changed where the
spec says what must happen: a dropped required field or a value of the wrong JSON type is an
EventDecodeError naming the path; an unlisted value is an error for a closed enum and kept for an
open one; an unknown union kind becomes UnknownObject. No other exception may escape.

PROPERTY_EXAMPLES (default 8) sets the examples per test and event; PROPERTY_SHRINK=1 lets
hypothesis shrink a failing example (slow on deep payloads, so off by default).
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from codegen.ir import (
    Catalogue,
    ChoiceType,
    EnumType,
    Event,
    Field,
    ListType,
    MapType,
    NamedType,
    ObjectType,
    Presence,
    TypeExpr,
    UnionType,
)
from codegen.pipeline import compile_spec
from tests.strategies import (
    JSON,
    Site,
    annotated_payloads,
    delete_at,
    get_at,
    objects,
    payloads,
    render_path,
    set_at,
    unknown_string,
    wrong_values,
)
from tests.support import MINI_SPEC, canonical, catalogue

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "8"))
GOLDEN_MINI = MINI_SPEC.parent.parent / "golden" / "mini"

# Shrinking a deep payload can take minutes per failing test; the failure message already names
# the event and the path, so shrinking is opt-in (PROPERTY_SHRINK=1).
PHASES = [p for p in Phase if p is not Phase.shrink or os.environ.get("PROPERTY_SHRINK") == "1"]
# No example database: a run draws exactly what its seed says (`--hypothesis-seed`, fixed for
# `make test` in pyproject.toml), so a failure replays with the same command.
PROPERTIES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    phases=PHASES,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


@cache
def mini_package() -> ModuleType:
    sys.path.insert(0, str(GOLDEN_MINI))
    try:
        return importlib.import_module("mini_events")
    finally:
        sys.path.remove(str(GOLDEN_MINI))


@cache
def real_package() -> ModuleType:
    return importlib.import_module("realtime_events")


@dataclass(frozen=True)
class Case:
    """One event of one catalogue, with the generated package that decodes it."""

    label: str  # "real" or "mini"
    catalogue: Catalogue
    event: Event

    @property
    def package(self) -> Any:
        return real_package() if self.label == "real" else mini_package()

    @property
    def client(self) -> bool:
        return self.event.direction == "client"

    def parse(self, raw: Any) -> Any:
        """The package's decoder for the side that sends the event."""
        return (self.package.parse_client_event if self.client else self.package.parse_event)(raw)

    @property
    def types(self) -> Any:
        return self.package.CLIENT_EVENT_TYPES if self.client else self.package.EVENT_TYPES

    @property
    def id(self) -> str:
        side = "client:" if self.client else ""
        return side + (
            self.event.wire_type if self.label == "real" else f"mini:{self.event.wire_type}"
        )


def all_cases() -> list[Case]:
    mini = compile_spec(MINI_SPEC)
    return [Case("real", catalogue(), e) for e in catalogue().events] + [
        Case("mini", mini, e) for e in mini.events
    ]


CASES = all_cases()


# --- what the spec lets an event hold, found statically to pick the events each test applies to


@dataclass(frozen=True)
class Reach:
    field: Field
    discriminates: bool  # a variant's discriminator: an unlisted value is an unknown kind
    fallback: bool  # ... of a union with an untagged type: dropping it selects that type


def reachable(cat: Catalogue, event: Event) -> list[Reach]:
    """Every field declaration a payload of `event` can contain, at any depth."""
    found: list[Reach] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()

    def expr(t: TypeExpr) -> None:
        if isinstance(t, ListType):
            expr(t.item)
        elif isinstance(t, MapType):
            expr(t.value)
        elif isinstance(t, ChoiceType):
            for option in t.options:
                expr(option)
        elif isinstance(t, NamedType):
            named(t.name, ())

    def named(name: str, unions: tuple[UnionType, ...]) -> None:
        """`unions`: the unions, outermost first, that picked this type as a variant."""
        key = (name, tuple(u.name for u in unions))
        if key in seen:
            return
        seen.add(key)
        declared = cat.type_named(name)
        if isinstance(declared, ObjectType):
            tags = {u.discriminator: u for u in unions}
            for f in declared.fields:
                union = tags.get(f.wire_name)
                fallback = union is not None and union.untagged is not None
                found.append(Reach(f, union is not None, fallback))
                expr(f.type)
        elif isinstance(declared, UnionType):
            for variant in declared.variants:
                named(variant.type_name, (*unions, declared))
            if declared.untagged:
                named(declared.untagged, unions)
            if declared.also:
                expr(declared.also)

    for f in event.fields:
        found.append(Reach(f, False, False))
        expr(f.type)
    return found


def enum_of(cat: Catalogue, f: Field) -> Any:
    if f.enum is not None:
        return f.enum
    named = f.type.item if isinstance(f.type, ListType) else f.type
    if isinstance(named, NamedType):
        declared = cat.type_named(named.name)
        if isinstance(declared, EnumType):
            return declared.enumeration
        if isinstance(declared, UnionType) and isinstance(declared.also, NamedType):
            also = cat.type_named(declared.also.name)
            return also.enumeration if isinstance(also, EnumType) else None
    return None


def cases_where(predicate: Any) -> list[Case]:
    return [
        c for c in CASES if any(predicate(c.catalogue, r) for r in reachable(c.catalogue, c.event))
    ]


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


DROP_CASES = cases_where(lambda cat, r: r.field.presence is Presence.REQUIRED and not r.fallback)
CLOSED_CASES = cases_where(
    lambda cat, r: (
        not r.discriminates and (e := enum_of(cat, r.field)) is not None and not e.is_open
    )
)
OPEN_CASES = cases_where(lambda cat, r: (e := enum_of(cat, r.field)) is not None and e.is_open)
KIND_CASES = cases_where(lambda cat, r: r.discriminates)


# --- helpers ----------------------------------------------------------------------------------


def decode_error(case: Case, raw: Any) -> str:
    """The message of the EventDecodeError that `raw` must raise (any other exception fails)."""
    with pytest.raises(case.package.EventDecodeError) as caught:
        case.parse(raw)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


def assert_round_trips(case: Case, payload: dict[str, Any]) -> Any:
    parsed = case.parse(json.dumps(payload))
    assert type(parsed) is case.types[case.event.wire_type]
    again = parsed.to_dict()
    assert again == payload
    assert canonical(again) == canonical(payload)  # 1 is not 1.0, True is not 1
    assert case.parse(parsed.to_json()) == parsed
    return parsed


def draw_annotated(case: Case, data: st.DataObject) -> tuple[dict[str, Any], tuple[Site, ...]]:
    strategy = annotated_payloads(case.catalogue, case.event, dense=True)
    pair: tuple[dict[str, Any], tuple[Site, ...]] = data.draw(strategy, label="payload")
    return pair


def draw_site(data: st.DataObject, sites: list[Site]) -> Site:
    assume(sites)
    site: Site = data.draw(st.sampled_from(sites), label="site")
    return site


def unknown_objects(value: Any) -> Iterator[Any]:
    """Every UnknownObject inside a parsed event."""
    if type(value).__name__ == "UnknownObject":
        yield value
    elif hasattr(type(value), "__slots__") and hasattr(value, "to_dict"):
        for name in type(value).__slots__:
            yield from unknown_objects(getattr(value, name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from unknown_objects(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from unknown_objects(item)


# --- valid payloads -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
@PROPERTIES
@given(data=st.data())
def test_valid_payloads_round_trip(case: Case, data: st.DataObject) -> None:
    payload = data.draw(payloads(case.catalogue, case.event), label="payload")
    parsed = assert_round_trips(case, payload)
    assert case.parse(payload) == parsed  # an already decoded mapping
    text = json.dumps(payload, ensure_ascii=False)
    assert case.parse(text.encode("utf-8")) == parsed


# --- mutations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", DROP_CASES, ids=ids(DROP_CASES))
@PROPERTIES
@given(data=st.data())
def test_a_dropped_required_field_is_named(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)
    site = draw_site(data, [s for s in sites if s.required])
    delete_at(payload, site.path)
    message = decode_error(case, json.dumps(payload))
    assert message == f"{case.event.wire_type}: {render_path(site.path)}: required field is missing"


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
@PROPERTIES
@given(data=st.data())
def test_a_value_of_the_wrong_json_type_is_named(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)
    site = draw_site(data, [s for s in sites if wrong_values(case.catalogue, s)])
    wrong = data.draw(st.sampled_from(wrong_values(case.catalogue, site)), label="wrong value")
    set_at(payload, site.path, wrong)
    message = decode_error(case, json.dumps(payload))
    assert message.startswith(f"{case.event.wire_type}: {render_path(site.path)}: expected ")


@pytest.mark.parametrize("case", CLOSED_CASES, ids=ids(CLOSED_CASES))
@PROPERTIES
@given(data=st.data())
def test_an_unlisted_value_of_a_closed_enum_is_rejected(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)
    closed = [s for s in sites if s.enum is not None and not s.enum.is_open and not s.discriminates]
    site = draw_site(data, closed)
    assert site.enum is not None
    set_at(payload, site.path, data.draw(unknown_string(site.enum.values), label="value"))
    message = decode_error(case, json.dumps(payload))
    assert message.startswith(f"{case.event.wire_type}: {render_path(site.path)}: expected one of")


@pytest.mark.parametrize("case", OPEN_CASES, ids=ids(OPEN_CASES))
@PROPERTIES
@given(data=st.data())
def test_an_unlisted_value_of_an_open_enum_is_kept(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)
    site = draw_site(data, [s for s in sites if s.enum is not None and s.enum.is_open])
    assert site.enum is not None
    set_at(payload, site.path, data.draw(unknown_string(site.enum.values), label="value"))
    assert_round_trips(case, payload)


@pytest.mark.parametrize("case", KIND_CASES, ids=ids(KIND_CASES))
@PROPERTIES
@given(data=st.data())
def test_an_unknown_kind_becomes_an_unknown_object(case: Case, data: st.DataObject) -> None:
    """A variant's discriminator is a closed enum of one value; any other value is a new kind."""
    payload, sites = draw_annotated(case, data)
    site = draw_site(data, [s for s in sites if s.discriminates])
    kind = data.draw(unknown_string(site.kinds), label="kind")
    set_at(payload, site.path, kind)
    parsed = assert_round_trips(case, payload)
    whole = get_at(payload, site.path[:-1])
    assert any(u.kind == kind and u.payload == whole for u in unknown_objects(parsed))


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
@PROPERTIES
@given(data=st.data())
def test_the_envelope_is_checked(case: Case, data: st.DataObject) -> None:
    payload = data.draw(payloads(case.catalogue, case.event), label="payload")
    without = {k: v for k, v in payload.items() if k != "type"}
    assert decode_error(case, json.dumps(without)) == "payload has no 'type' field"
    not_text = data.draw(JSON.filter(lambda v: not isinstance(v, str)), label="type")
    message = decode_error(case, json.dumps({**payload, "type": not_text}))
    assert message.startswith("type: expected string, got ")
    for outer in ([payload], case.event.wire_type, 1, 1.5, None, True):
        message = decode_error(case, json.dumps(outer))
        assert message.startswith("payload must be a JSON object, got ")


# --- variant classes on their own ---------------------------------------------------------------


def variant_pairs() -> list[tuple[Case, str, str]]:
    """(a case of the catalogue, variant object type, discriminator) for every union variant."""
    pairs: dict[tuple[str, str, str], tuple[Case, str, str]] = {}
    for case in CASES:
        cat = case.catalogue
        for union in cat.types:
            if not isinstance(union, UnionType) or not union.discriminator:
                continue
            names = [v.type_name for v in union.variants]
            while names:
                declared = cat.type_named(names.pop())
                if isinstance(declared, UnionType):
                    names.extend(v.type_name for v in declared.variants)
                else:
                    key = (case.label, declared.name, union.discriminator)
                    pairs.setdefault(key, (case, declared.name, union.discriminator))
    return sorted(pairs.values(), key=lambda p: (p[0].label, p[1], p[2]))


VARIANTS = variant_pairs()


@pytest.mark.parametrize(
    ("case", "name", "discriminator"),
    VARIANTS,
    ids=[f"{c.label}:{name}.{disc}" for c, name, disc in VARIANTS],
)
@settings(PROPERTIES, max_examples=max(1, EXAMPLES // 3))
@given(data=st.data())
def test_a_variant_rejects_a_foreign_discriminator(
    case: Case, name: str, discriminator: str, data: st.DataObject
) -> None:
    """Decoded as its own class, a variant's discriminator is a closed enum."""
    cls = getattr(case.package, name)
    payload = data.draw(objects(case.catalogue, name), label="payload")
    assert cls.from_dict(copy.deepcopy(payload)).to_dict() == payload
    field = next(f for f in cls_fields(case, name) if f.wire_name == discriminator)
    listed = enum_of(case.catalogue, field)
    assert listed is not None and not listed.is_open
    payload[discriminator] = data.draw(unknown_string(listed.values), label="kind")
    with pytest.raises(case.package.EventDecodeError) as caught:
        cls.from_dict(payload)
    assert str(caught.value).startswith(f"{name}: {discriminator}: expected one of")


def cls_fields(case: Case, name: str) -> tuple[Field, ...]:
    declared = case.catalogue.type_named(name)
    assert isinstance(declared, ObjectType)
    return declared.fields
