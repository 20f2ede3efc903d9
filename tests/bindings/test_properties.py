"""Property tests: payloads generated from the spec round-trip, and every mutation is reported.

For every event of the catalogue, server and client events alike (and of the mini spec, which has
closed enums), hypothesis builds valid payloads from the IR (tests/helpers/strategies.py):
optional fields present and absent, nulls, every kind of union member, unknown kinds, enum values
and unknown fields at every level, non-ASCII text. Each must parse to its class (through
parse_event, or parse_client_event for a client event) and come back exactly. Then one value is
changed where the spec says what must happen: a dropped required field or a value of the wrong
JSON type is an EventDecodeError naming the path; an unlisted value is an error for a closed enum
and kept for an open one; an unknown union kind becomes UnknownObject. No other exception may
escape.

PROPERTY_EXAMPLES (default 8) sets the examples per test and event; PROPERTY_SHRINK=1 lets
hypothesis shrink a failing example (slow on deep payloads, so off by default).
"""

from __future__ import annotations

import copy
import importlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from codegen.ir import (
    Catalogue,
    Event,
)
from codegen.pipeline import compile_spec
from tests.helpers.spec_facts import Position, Resolver
from tests.helpers.strategies import (
    JSON,
    SAMPLES,
    Site,
    annotated_payloads,
    delete_at,
    get_at,
    objects,
    payloads,
    render_path,
    set_at,
    unknown_string,
)
from tests.helpers.support import (
    MINI_SPEC,
    SPEC,
    canonical,
    catalogue,
    mini_package,
    parser_for,
    protocol_module,
)

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "8"))

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
def real_package() -> ModuleType:
    return importlib.import_module("realtime_events")


@dataclass(frozen=True)
class Case:
    """One event of one catalogue, with the generated package that decodes it."""

    label: str  # "real" or "mini"
    catalogue: Catalogue
    event: Event

    @property
    def spec(self) -> Resolver:
        """The spec as written, which says what must happen (the IR only builds payloads)."""
        return resolver(SPEC if self.label == "real" else MINI_SPEC)

    @property
    def package(self) -> Any:
        return real_package() if self.label == "real" else mini_package()

    @property
    def client(self) -> bool:
        return self.event.direction == "client"

    @property
    def name(self) -> str:
        """The event's name in the spec as written: its wire type, after `<protocol>:` outside
        the primary protocol, and after `client:` for a client event whose wire type the
        protocol's server sends too (a wire type is unique within its protocol and side only)."""
        return self.spec.spec.event_name(
            self.event.protocol, self.event.wire_type, self.event.direction
        )

    def parse(self, raw: Any) -> Any:
        """The decoder of the event's protocol, for the side that sends the event."""
        return parser_for(self.package, self.catalogue, self.event)(raw)

    @property
    def types(self) -> Any:
        module = protocol_module(self.package, self.catalogue, self.event.protocol)
        return module.CLIENT_EVENT_TYPES if self.client else module.EVENT_TYPES

    @property
    def id(self) -> str:
        side = "client:" if self.client else ""
        return side + (self.name if self.label == "real" else f"mini:{self.name}")


def all_cases() -> list[Case]:
    mini = compile_spec(MINI_SPEC)
    return [Case("real", catalogue(), e) for e in catalogue().events] + [
        Case("mini", mini, e) for e in mini.events
    ]


CASES = all_cases()


# --- what the spec lets an event hold, found statically to pick the events each test applies to


@cache
def resolver(spec_dir: Path) -> Resolver:
    return Resolver(spec_dir)


def cases_where(predicate: Callable[[Position], bool]) -> list[Case]:
    """The events some declared position of which (as the spec's YAML says) fits `predicate`."""
    return [c for c in CASES if any(map(predicate, c.spec.reachable(c.name)))]


def ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


DROP_CASES = cases_where(lambda position: position.required)
CLOSED_CASES = cases_where(lambda position: position.closed_enum)
OPEN_CASES = cases_where(lambda position: position.open_enum)
KIND_CASES = cases_where(lambda position: bool(position.kinds))


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


def draw_position(
    case: Case,
    data: st.DataObject,
    payload: dict[str, Any],
    sites: tuple[Site, ...],
    wanted: Callable[[Position], bool],
) -> tuple[Site, Position]:
    """A place of the payload where the spec, as written, says what `wanted` looks for."""
    spec = case.spec
    places = [(s, spec.position(case.name, payload, s.path)) for s in sites]
    matching = [(site, position) for site, position in places if wanted(position)]
    assume(matching)
    index = data.draw(st.integers(0, len(matching) - 1), label="site")
    return matching[index]


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
    site, _ = draw_position(case, data, payload, sites, lambda position: position.required)
    delete_at(payload, site.path)
    message = decode_error(case, json.dumps(payload))
    assert message == f"{case.event.wire_type}: {render_path(site.path)}: required field is missing"


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
@PROPERTIES
@given(data=st.data())
def test_a_value_of_the_wrong_json_type_is_named(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)

    def wrong_values(position: Position) -> list[Any]:
        """One value of each JSON kind the position does not take; a discriminator's unlisted
        string is a new kind, which decodes, so it is not among them."""
        return [
            value
            for kind, value in SAMPLES.items()
            if not case.spec.admits(position, kind) and not (kind == "string" and position.kinds)
        ]

    site, position = draw_position(case, data, payload, sites, lambda p: bool(wrong_values(p)))
    wrong = data.draw(st.sampled_from(wrong_values(position)), label="wrong value")
    set_at(payload, site.path, wrong)
    message = decode_error(case, json.dumps(payload))
    assert message.startswith(f"{case.event.wire_type}: {render_path(site.path)}: expected ")


@pytest.mark.parametrize("case", CLOSED_CASES, ids=ids(CLOSED_CASES))
@PROPERTIES
@given(data=st.data())
def test_an_unlisted_value_of_a_closed_enum_is_rejected(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)
    site, position = draw_position(case, data, payload, sites, lambda p: p.closed_enum)
    assert position.enum is not None
    set_at(payload, site.path, data.draw(unknown_string(position.enum), label="value"))
    message = decode_error(case, json.dumps(payload))
    assert message.startswith(f"{case.event.wire_type}: {render_path(site.path)}: expected one of")


@pytest.mark.parametrize("case", OPEN_CASES, ids=ids(OPEN_CASES))
@PROPERTIES
@given(data=st.data())
def test_an_unlisted_value_of_an_open_enum_is_kept(case: Case, data: st.DataObject) -> None:
    payload, sites = draw_annotated(case, data)
    site, position = draw_position(case, data, payload, sites, lambda p: p.open_enum)
    assert position.enum is not None
    set_at(payload, site.path, data.draw(unknown_string(position.enum), label="value"))
    assert_round_trips(case, payload)


@pytest.mark.parametrize("case", KIND_CASES, ids=ids(KIND_CASES))
@PROPERTIES
@given(data=st.data())
def test_an_unknown_kind_becomes_an_unknown_object(case: Case, data: st.DataObject) -> None:
    """A variant's discriminator is a closed enum of one value; any other value is a new kind."""
    payload, sites = draw_annotated(case, data)
    site, position = draw_position(case, data, payload, sites, lambda p: bool(p.kinds))
    kind = data.draw(unknown_string(position.kinds), label="kind")
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
    """(a case of the catalogue, variant object type, discriminator) for every union variant,
    as the spec's YAML declares them."""
    pairs: dict[tuple[str, str, str], tuple[Case, str, str]] = {}
    for case in CASES:
        written = case.spec.spec
        for union in written.unions.values():
            if not union.discriminator:
                continue
            names = list(union.variants.values())
            while names:
                name = names.pop()
                if name in written.unions:
                    names.extend(written.unions[name].variants.values())
                else:
                    key = (case.label, name, union.discriminator)
                    pairs.setdefault(key, (case, name, union.discriminator))
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
    # a type is exported by the module of the protocol whose events use it
    homes = [protocol_module(case.package, case.catalogue, p.key) for p in case.catalogue.protocols]
    cls = next(getattr(home, name) for home in homes if hasattr(home, name))
    payload = data.draw(objects(case.catalogue, name), label="payload")
    assert cls.from_dict(copy.deepcopy(payload)).to_dict() == payload
    declared = case.spec.spec.objects[name].fields[discriminator]
    assert declared.enum is not None and not declared.open  # the spec as written says closed
    payload[discriminator] = data.draw(unknown_string(declared.enum), label="kind")
    with pytest.raises(case.package.EventDecodeError) as caught:
        cls.from_dict(payload)
    assert str(caught.value).startswith(f"{name}: {discriminator}: expected one of")
