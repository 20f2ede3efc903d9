"""unknown_fields(): what a parsed event held that the catalogue does not know, with its path.

Example payloads from the spec get unknowns injected at several depths by hand; then hypothesis
builds payloads from the IR with unknown fields, enum values and kinds of object anywhere
(tests/helpers/strategies.py records each one it places), and unknown_fields() must list
exactly those, in order.
"""

from __future__ import annotations

import copy
import importlib
import os
import sys
from functools import cache
from types import ModuleType
from typing import Any

import pytest
import realtime_events as rt
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from codegen.ir import Catalogue, Event, thaw
from codegen.pipeline import compile_spec
from tests.helpers.strategies import News, payloads_with_news
from tests.helpers.support import GOLDEN_MINI, MINI_SPEC, catalogue, examples, parser_for

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "8"))


def example_payload(wire_type: str, title_part: str = "") -> dict[str, Any]:
    for event, example in examples():
        if event.wire_type == wire_type and title_part in example.title:
            return copy.deepcopy(thaw(example.payload))
    raise LookupError(wire_type)


def listed(event: Any) -> list[tuple[str, str, Any]]:
    return [(u.path, u.kind, u.value) for u in rt.unknown_fields(event)]


def test_every_example_holds_nothing_unknown() -> None:
    for event, example in examples():
        assert rt.unknown_fields(rt.parse_event(thaw(example.payload))) == [], event.wire_type


def test_unknowns_injected_at_several_depths() -> None:
    payload = example_payload("response.done")
    response = payload["response"]
    assert response["output"] and response["output"][0]["content"], "a deep example is needed"
    payload["trace"] = {"id": "t1"}  # on the event
    response["status"] = "paused"  # an open enum
    response["priority"] = 2  # on a nested object
    message = response["output"][0]
    message["content"][0]["annotations"] = []  # two levels further down
    response["output"].append({"type": "image_generation_call", "id": "ig_1"})  # a new kind
    parsed = rt.parse_event(payload)
    last = len(response["output"]) - 1
    assert listed(parsed) == [
        ("response.status", "enum value", "paused"),
        ("response.output[0].content[0].annotations", "field", []),
        (f"response.output[{last}]", "object kind", "image_generation_call"),
        ("response.priority", "field", 2),
        ("trace", "field", {"id": "t1"}),
    ]
    assert str(rt.unknown_fields(parsed)[0]) == "response.status: enum value 'paused'"
    # nothing unknown was lost on the way
    assert parsed.to_dict() == payload


def test_enum_values_in_lists_and_unions() -> None:
    payload = example_payload("session.updated")
    session = payload["session"]
    assert "output_modalities" in session or "modalities" in session
    key = "output_modalities" if "output_modalities" in session else "modalities"
    session[key] = [*session[key], "video"]
    parsed = rt.parse_event(payload)
    found = listed(parsed)
    assert (f"session.{key}[{len(session[key]) - 1}]", "enum value", "video") in found
    assert len(found) == 1


def test_an_unknown_event_is_reported_by_its_type() -> None:
    parsed = rt.parse_event({"type": "response.sparkle.delta", "delta": "*"})
    assert listed(parsed) == [("type", "event type", "response.sparkle.delta")]


def test_what_the_catalogue_knows_is_not_reported() -> None:
    # free-form fields hold any JSON, and strings outside any enum are just text
    payload = example_payload("response.done")
    payload["response"]["metadata"] = {"anything": "goes"}
    assert rt.unknown_fields(rt.parse_event(payload)) == []


# --- every event, payloads built from the IR ----------------------------------------------------

PROPERTIES = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # a run draws what its seed says (pyproject.toml fixes it)
    phases=[p for p in Phase if p is not Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def mini_package() -> ModuleType:
    sys.path.insert(0, str(GOLDEN_MINI))
    try:
        return importlib.import_module("mini_events")
    finally:
        sys.path.remove(str(GOLDEN_MINI))


def cases() -> list[tuple[str, Catalogue, Event]]:
    """Every event of both catalogues, whoever sends it (the mini spec has client events)."""
    mini = compile_spec(MINI_SPEC)
    return [("real", catalogue(), e) for e in catalogue().events] + [
        ("mini", mini, e) for e in mini.events
    ]


def parser(package: ModuleType, spec: Catalogue, event: Event) -> Any:
    return parser_for(package, spec, event)


CASES = cases()


def render(news: News) -> str:
    text = ""
    for segment in news.path:
        if isinstance(segment, int):
            text += f"[{segment}]"
        else:
            text += f".{segment}" if text else segment
    return text


@pytest.mark.parametrize(
    ("label", "spec", "event"), CASES, ids=[f"{label}:{e.wire_type}" for label, _, e in CASES]
)
@PROPERTIES
@given(data=st.data())
def test_unknown_fields_lists_exactly_what_was_placed(
    label: str, spec: Catalogue, event: Event, data: st.DataObject
) -> None:
    package = rt if label == "real" else mini_package()
    payload, news = data.draw(payloads_with_news(spec, event), label="payload")
    parsed = parser(package, spec, event)(payload)
    expected = [(render(n), n.kind, n.value) for n in news]
    assert [(u.path, u.kind, u.value) for u in package.unknown_fields(parsed)] == expected
