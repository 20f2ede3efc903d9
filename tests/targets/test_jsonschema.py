"""The JSON Schema target: valid 2020-12 documents that accept exactly what the decoders do.

One document per side: the server events' accepts what parse_event does, the client events' what
parse_client_event does.
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

from codegen.ir import Catalogue, Event, Example, thaw
from codegen.pipeline import compile_spec
from codegen.targets.jsonschema import event_definition, known_events, schema_file, unknown_event
from tests.helpers.agreement import NOTES, SAMPLE_SEED, compare, corpus, sample
from tests.helpers.support import (
    GENERATED,
    GOLDEN_MINI,
    MINI_SPEC,
    catalogue,
    example_id,
    examples,
    mini_package,
)

PARSERS = {"server": "parse_event", "client": "parse_client_event"}
EXAMPLES = examples()
CLIENT_EXAMPLES = examples("client")
GOLDEN = GOLDEN_MINI


def load(root: Path, spec: Catalogue, direction: str = "server") -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (root / "schema" / schema_file(spec, direction)).read_text(encoding="utf-8")
    )
    return document


@cache
def real_schema(direction: str = "server") -> dict[str, Any]:
    return load(GENERATED, catalogue(), direction)


@cache
def validator(direction: str = "server") -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(real_schema(direction))


def definition_validator(schema: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    """A validator for one `$defs` entry, its references resolved in the same document."""
    return jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"})


@pytest.mark.parametrize("direction", ["server", "client"])
def test_the_schema_is_valid_draft_2020_12(direction: str) -> None:
    schema = real_schema(direction)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("direction", ["server", "client"])
def test_every_event_and_type_has_a_definition_named_like_its_python_class(
    direction: str,
) -> None:
    definitions = real_schema(direction)["$defs"]
    classes = rt.EVENT_TYPES if direction == "server" else rt.CLIENT_EVENT_TYPES
    union = next(u for u in catalogue().unions if u.direction == direction)
    for event in union.events:
        name = event_definition(event)
        assert name == classes[event.wire_type].__name__
        assert definitions[name]["title"] == name
        assert definitions[name]["examples"] == [thaw(ex.payload) for ex in event.examples]
    for declared in catalogue().types:
        assert definitions[declared.name]["title"] == declared.name
        assert hasattr(rt, declared.name), declared.name  # a class or an alias of that name


@pytest.mark.parametrize("pair", EXAMPLES, ids=[example_id(p) for p in EXAMPLES])
def test_every_example_validates_against_the_root_and_its_definition(
    pair: tuple[Event, Example],
) -> None:
    event, example = pair
    payload = json.loads(example.text)
    validator().validate(payload)
    definition_validator(real_schema(), event_definition(event)).validate(payload)


@pytest.mark.parametrize("pair", CLIENT_EXAMPLES, ids=[example_id(p) for p in CLIENT_EXAMPLES])
def test_every_client_example_validates_against_the_client_root_and_its_definition(
    pair: tuple[Event, Example],
) -> None:
    event, example = pair
    payload = json.loads(example.text)
    validator("client").validate(payload)
    definition_validator(real_schema("client"), event_definition(event)).validate(payload)
    # in the server document a client event is only an event type it does not know
    assert not definition_validator(real_schema(), known_events("server")).is_valid(payload)


def test_an_unknown_event_type_is_valid_and_a_known_one_must_match() -> None:
    assert validator().is_valid({"type": "response.sparkle", "anything": [1, 2]})
    assert definition_validator(real_schema(), unknown_event("server")).is_valid({"type": "x.y"})
    assert not validator().is_valid({"type": "response.done"})  # `response` is required
    assert not validator().is_valid({"type": 5})
    assert not validator().is_valid({"event_id": "e"})
    assert not validator().is_valid([])


def test_the_one_documented_difference_an_integral_float_where_an_integer_is_declared() -> None:
    """JSON Schema counts 1.0 as an integer; parse_event refuses it (the README says so). The
    agreement corpus holds no integral floats, so this pins the difference on its own."""
    found = 0
    for event, example in EXAMPLES:
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
@pytest.mark.parametrize("direction", ["server", "client"])
def test_the_schema_and_the_decoder_agree_on_every_example_and_mutation(direction: str) -> None:
    parser = PARSERS[direction]
    cases = corpus(catalogue(), direction)
    check = validators(real_schema(direction))
    full = compare("JSON Schema (jsonschema-rs)", "spec", cases, rt, check["jsonschema-rs"],
                   parser=parser)  # fmt: skip
    assert full.cases > 1000
    assert not full.disagreements, "\n".join(full.disagreements[:40])
    drawn = sample(cases, PYTHON_JSONSCHEMA_SAMPLE)
    slow = {id(case.payload): check["python-jsonschema"](case.payload) for case in drawn}
    part = compare("JSON Schema (python-jsonschema, sample)", "spec", drawn, rt,
                   lambda payload: slow[id(payload)], parser=parser)  # fmt: skip
    assert not part.disagreements, "\n".join(part.disagreements[:40])
    fast = check["jsonschema-rs"]
    between = [case.label for case in drawn if fast(case.payload) != slow[id(case.payload)]]
    NOTES.append(
        f"JSON Schema validators on the {direction} sample (seed {SAMPLE_SEED}): {len(drawn):,} "
        f"cases, jsonschema-rs and python-jsonschema differ on {len(between)}"
    )
    assert between == []


def test_unknown_and_malformed_client_events_in_the_client_schema() -> None:
    for check in validators(real_schema("client")).values():
        assert check({"type": "session.teleport", "to": "mars"})  # an unknown client event
        assert not check({"type": "input_audio_buffer.append"})  # `audio` is required


@pytest.mark.parametrize("direction", ["server", "client"])
def test_the_mini_schemas_agree_too(direction: str) -> None:
    """The mini spec has what the real one lacks: closed enums, an untagged union member."""
    mini = compile_spec(MINI_SPEC)
    schema = load(GOLDEN, mini, direction)
    jsonschema.Draft202012Validator.check_schema(schema)
    cases = corpus(mini, direction)
    for name, check in validators(schema).items():
        result = compare(f"JSON Schema ({name})", "mini", cases, mini_package(), check,
                         parser=PARSERS[direction])  # fmt: skip
        assert not result.disagreements, "\n".join(result.disagreements[:40])
