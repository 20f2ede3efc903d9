"""The JSON Schema target: valid 2020-12 documents that accept exactly what the decoders do.

One document per protocol and side: each accepts what that protocol's parser of that side
(`parse_event`, `parse_client_event`, `translation.parse_event`, ...) accepts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import realtime_events as rt

from codegen.ir import Catalogue, Event, EventUnion, Example, thaw
from codegen.pipeline import compile_spec
from codegen.targets.jsonschema import event_definition, schema_file, unknown_event
from tests.helpers.agreement import NOTES, SAMPLE_SEED, compare, corpus, decoder, sample, union_id
from tests.helpers.support import (
    GENERATED,
    GOLDEN_MINI,
    MINI_SPEC,
    catalogue,
    example_id,
    mini_package,
    protocol_module,
)

UNIONS = [union for union in catalogue().unions if union.events]
EXAMPLES = [
    (union, event, example)
    for union in UNIONS
    for event in union.events
    for example in event.examples
]


def load(root: Path, spec: Catalogue, union: EventUnion) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (root / "schema" / schema_file(spec, union)).read_text(encoding="utf-8")
    )
    return document


@cache
def real_schema(protocol: str = "realtime", direction: str = "server") -> dict[str, Any]:
    union = next(
        u for u in catalogue().unions if u.protocol == protocol and u.direction == direction
    )
    return load(GENERATED, catalogue(), union)


def schema_of(union: EventUnion) -> dict[str, Any]:
    return real_schema(union.protocol, union.direction)


@cache
def validator(protocol: str = "realtime", direction: str = "server") -> Any:
    return jsonschema.Draft202012Validator(real_schema(protocol, direction))


def definition_validator(schema: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A validator for one `$defs` entry, its references resolved in the same document."""
    return jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})


@pytest.mark.parametrize("union", UNIONS, ids=union_id)
def test_the_schema_is_valid_draft_2020_12(union: EventUnion) -> None:
    schema = schema_of(union)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("union", UNIONS, ids=union_id)
def test_every_event_and_type_has_a_definition_named_like_its_python_class(
    union: EventUnion,
) -> None:
    definitions = schema_of(union)["$defs"]
    module = protocol_module(rt, catalogue(), union.protocol)
    primary = catalogue().unions_of(union.protocol)[0].direction
    classes = module.EVENT_TYPES if union.direction == primary else module.CLIENT_EVENT_TYPES
    for event in union.events:
        name = event_definition(event)
        assert name == classes[event.wire_type].__name__
        assert definitions[name]["title"] == name
        assert definitions[name]["examples"] == [thaw(ex.payload) for ex in event.examples]
    modules = [protocol_module(rt, catalogue(), p.key) for p in catalogue().protocols]
    for declared in catalogue().types:
        assert definitions[declared.name]["title"] == declared.name
        # a class or an alias of that name, in the package of a protocol that uses it
        assert any(hasattr(m, declared.name) for m in modules), declared.name


@pytest.mark.parametrize(
    "case", EXAMPLES, ids=[f"{union_id(u)}: {example_id((e, x))}" for u, e, x in EXAMPLES]
)
def test_every_example_validates_against_its_root_and_its_definition(
    case: tuple[EventUnion, Event, Example],
) -> None:
    union, event, example = case
    payload = json.loads(example.text)
    validator(union.protocol, union.direction).validate(payload)
    definition_validator(schema_of(union), event_definition(event)).validate(payload)


def test_an_unknown_event_type_is_valid_and_a_known_one_must_match() -> None:
    server = catalogue().union
    assert validator().is_valid({"type": "response.sparkle", "anything": [1, 2]})
    assert definition_validator(real_schema(), unknown_event(server)).is_valid({"type": "x.y"})
    assert not validator().is_valid({"type": "response.done"})  # `response` is required
    assert not validator().is_valid({"type": 5})
    assert not validator().is_valid({"event_id": "e"})
    assert not validator().is_valid([])


def test_retired_events_and_types_are_marked_deprecated() -> None:
    definitions = real_schema()["$defs"]
    assert definitions["ResponseAudioDeltaEvent"]["deprecated"] is True  # beta only
    assert definitions["BetaSession"]["deprecated"] is True
    assert "deprecated" not in definitions["ResponseOutputAudioDeltaEvent"]  # GA
    assert "deprecated" not in definitions["SessionCreatedEvent"]  # beta and GA


def test_the_one_documented_difference_an_integral_float_where_an_integer_is_declared() -> None:
    """JSON Schema counts 1.0 as an integer; parse_event refuses it (the README says so). The
    agreement corpus holds no integral floats, so this pins the difference on its own."""
    found = 0
    for union, event, example in EXAMPLES:
        if union is not catalogue().union:
            continue
        payload = thaw(example.payload)
        whole = [key for key, value in payload.items() if type(value) is int]
        if not whole:
            continue
        key = whole[0]
        floated = json.dumps({**payload, key: float(payload[key])})
        assert f'"{key}": {payload[key]}.0' in floated
        for check in validators(real_schema()).values():
            assert check(json.loads(floated)), (event.wire_type, key)
        with pytest.raises(rt.EventDecodeError, match=rf"{key}: expected integer"):
            rt.parse_event(floated)
        found += 1
    assert found, "no example has a top-level integer field"


# Two independent validators: the compiled jsonschema-rs takes the whole corpus, python-jsonschema
# a fixed, seeded sample of it (every example as written and drawn mutations; it is ~300x
# slower). Both must agree with the Python decoder, and so with each other.
PYTHON_JSONSCHEMA_SAMPLE = 1200


def validators(schema: dict[str, Any]) -> dict[str, Callable[[Any], bool]]:
    return {
        "jsonschema-rs": jsonschema_rs.Draft202012Validator(schema).is_valid,
        "python-jsonschema": jsonschema.Draft202012Validator(schema).is_valid,
    }


@pytest.mark.slow
@pytest.mark.parametrize("union", UNIONS, ids=union_id)
def test_the_schema_and_the_decoder_agree_on_every_example_and_mutation(union: EventUnion) -> None:
    python = decoder(rt, catalogue(), union)
    cases = corpus(catalogue(), union)
    check = validators(schema_of(union))
    full = compare("JSON Schema (jsonschema-rs)", "spec", cases, python, check["jsonschema-rs"])
    assert full.cases > 10 * len(union.events)
    assert not full.disagreements, "\n".join(full.disagreements[:40])
    drawn = sample(cases, PYTHON_JSONSCHEMA_SAMPLE)
    slow = {id(case.payload): check["python-jsonschema"](case.payload) for case in drawn}
    part = compare("JSON Schema (python-jsonschema, sample)", "spec", drawn, python,
                   lambda payload: slow[id(payload)])  # fmt: skip
    assert not part.disagreements, "\n".join(part.disagreements[:40])
    fast = check["jsonschema-rs"]
    between = [case.label for case in drawn if fast(case.payload) != slow[id(case.payload)]]
    NOTES.append(
        f"JSON Schema validators on the {union_id(union)} sample (seed {SAMPLE_SEED}): "
        f"{len(drawn):,} cases, jsonschema-rs and python-jsonschema differ on {len(between)}"
    )
    assert between == []


def test_unknown_and_malformed_client_events_in_the_client_schema() -> None:
    for check in validators(real_schema("realtime", "client")).values():
        assert check({"type": "session.teleport", "to": "mars"})  # an unknown client event
        assert not check({"type": "input_audio_buffer.append"})  # `audio` is required


def mini_unions() -> list[EventUnion]:
    return [union for union in compile_spec(MINI_SPEC).unions if union.events]


@pytest.mark.parametrize("union", mini_unions(), ids=union_id)
def test_the_mini_schemas_agree_too(union: EventUnion) -> None:
    """The mini spec has what the real one lacks: closed enums, an untagged union member."""
    mini = compile_spec(MINI_SPEC)
    schema = load(GOLDEN_MINI, mini, union)
    jsonschema.Draft202012Validator.check_schema(schema)
    cases = corpus(mini, union)
    for name, check in validators(schema).items():
        result = compare(f"JSON Schema ({name})", "mini", cases,
                         decoder(mini_package(), mini, union), check)  # fmt: skip
        assert not result.disagreements, "\n".join(result.disagreements[:40])
