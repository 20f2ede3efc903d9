"""The Pydantic target: models from datamodel-code-generator that agree with parse_event (and,
for client events, with parse_client_event)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import pytest
import realtime_events as rt
from pydantic import TypeAdapter, ValidationError

from codegen.ir import Catalogue, Event, EventUnion, Example, UnionType
from codegen.pipeline import compile_spec
from codegen.targets.jsonschema import known_definition
from tests.helpers.agreement import compare, corpus, decoder, union_id
from tests.helpers.support import (
    GENERATED,
    GOLDEN_MINI,
    MINI_SPEC,
    ROOT,
    canonical,
    catalogue,
    example_id,
    import_from,
    mini_package,
)

# Its module-level caches are costly to fill: one worker runs the whole module.
pytestmark = pytest.mark.xdist_group("pydantic")

UNIONS = [union for union in catalogue().unions if union.events]
EXAMPLES = [(u, e, x) for u in UNIONS for e in u.events for x in e.examples]
GOLDEN = GOLDEN_MINI
MYPY_CONFIG = ROOT / "codegen" / "mypy-pydantic.ini"


@cache
def models() -> Any:
    return import_from(GENERATED / "pydantic", "realtime_events_pydantic")


@cache
def mini_models() -> Any:
    return import_from(GOLDEN / "pydantic", "mini_pydantic")


def pydantic_parser(package: Any, spec: Catalogue, union: EventUnion) -> Any:
    """The Pydantic package's parser of one protocol's side: in the package's __init__ for the
    primary protocol, in a module named after another."""
    module = package
    if union.protocol != spec.primary.key:
        module = importlib.import_module(f"{package.__name__}.{union.protocol}")
    primary = spec.unions_of(union.protocol)[0].direction
    name = "parse_event" if union.direction == primary else f"parse_{union.direction}_event"
    return getattr(module, name)


def accepts(package: Any, parse: Any, payload: Any, *, as_text: bool) -> bool:
    """Pydantic's verdict; an accepted payload must also come back exactly."""
    try:
        event = parse(json.dumps(payload) if as_text else payload)
    except ValidationError:
        return False
    assert canonical(package.dump_event(event)) == canonical(payload), payload
    return True


@pytest.mark.parametrize(
    "case", EXAMPLES, ids=[f"{union_id(u)}: {example_id((e, x))}" for u, e, x in EXAMPLES]
)
def test_every_example_decodes_to_its_model_and_round_trips(
    case: tuple[EventUnion, Event, Example],
) -> None:
    union, event, example = case
    parse = pydantic_parser(models(), catalogue(), union)
    original = json.loads(example.text)
    for raw in (example.text, example.text.encode("utf-8"), original):
        decoded = parse(raw)
        assert type(decoded).__name__ == event.name
        assert canonical(models().dump_event(decoded)) == canonical(original)
        dumped = decoded.model_dump(mode="json", by_alias=True, exclude_unset=True)
        assert dumped == original


def test_unknown_events_are_kept_and_bad_payloads_raise_validation_error() -> None:
    payload = {"type": "response.sparkle", "glitter": [1, {"a": None}]}
    unknown = models().parse_event(json.dumps(payload))
    assert isinstance(unknown, models().UnknownEvent)
    assert models().dump_event(unknown) == payload
    with pytest.raises(ValidationError):
        models().parse_event('{"type": "response.done"}')  # `response` is required
    with pytest.raises(ValidationError):
        models().parse_event('{"type": "response.output_text.delta", "delta": 5}')
    with pytest.raises(ValidationError):
        models().parse_event("[1, 2]")


def test_optional_fields_are_missing_not_none_and_null_only_where_nullable() -> None:
    event = models().parse_event({"type": "input_audio_buffer.cleared"})
    assert event.event_id is pydantic.MISSING
    with pytest.raises(ValidationError):
        models().parse_event({"type": "input_audio_buffer.cleared", "event_id": None})


def tagged_unions(schema: Any) -> int:
    """How many tagged-union (discriminated) nodes a pydantic core schema holds."""
    if isinstance(schema, dict):
        own = 1 if schema.get("type") == "tagged-union" else 0
        return own + sum(tagged_unions(value) for value in schema.values())
    if isinstance(schema, list):
        return sum(tagged_unions(item) for item in schema)
    return 0


def test_every_union_with_a_discriminator_is_a_real_tagged_union() -> None:
    """Pydantic drops a discriminator it cannot apply without a word, and then tries every
    member of the union in turn; each union must still be decided by its tag."""
    assert tagged_unions(TypeAdapter(models().ServerEvent).core_schema) >= 1
    assert tagged_unions(TypeAdapter(models().ClientEvent).core_schema) >= 1
    for declared in catalogue().types:
        if isinstance(declared, UnionType) and declared.discriminator and declared.variants:
            alias = getattr(models(), known_definition(declared.name))
            assert tagged_unions(TypeAdapter(alias).core_schema) >= 1, declared.name


@pytest.mark.slow
@pytest.mark.parametrize("as_text", [False, True], ids=["dict", "json text"])
@pytest.mark.parametrize("union", UNIONS, ids=union_id)
def test_pydantic_and_the_decoder_agree_on_every_example_and_mutation(
    union: EventUnion, as_text: bool
) -> None:
    label = "Pydantic" + (" (JSON text)" if as_text else "")
    parse = pydantic_parser(models(), catalogue(), union)
    verdict = lambda payload: accepts(models(), parse, payload, as_text=as_text)  # noqa: E731
    cases = corpus(catalogue(), union)
    result = compare(label, "spec", cases, decoder(rt, catalogue(), union), verdict)
    assert result.cases > 10 * len(union.events)
    assert not result.disagreements, "\n".join(result.disagreements[:40])


@pytest.mark.parametrize(
    "union", [u for u in compile_spec(MINI_SPEC).unions if u.events], ids=union_id
)
def test_the_mini_models_agree_too(union: EventUnion) -> None:
    mini = compile_spec(MINI_SPEC)
    parse = pydantic_parser(mini_models(), mini, union)
    verdict = lambda payload: accepts(mini_models(), parse, payload, as_text=False)  # noqa: E731
    cases = corpus(mini, union)
    result = compare("Pydantic", "mini", cases, decoder(mini_package(), mini, union), verdict)
    assert result.cases > 10
    assert not result.disagreements, "\n".join(result.disagreements[:40])


@pytest.mark.parametrize(
    "root", [GENERATED / "pydantic", GOLDEN / "pydantic"], ids=["spec", "mini"]
)
def test_mypy_strict_with_the_pydantic_plugin(root: Path) -> None:
    (package,) = [
        p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    ]
    command = [sys.executable, "-m", "mypy", "--config-file", str(MYPY_CONFIG), "--cache-dir",
               str(ROOT / ".mypy_cache" / "pydantic"), package]  # fmt: skip
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dataclass_package_does_not_depend_on_pydantic() -> None:
    source = "".join(
        p.read_text(encoding="utf-8") for p in (GENERATED / "realtime_events").rglob("*.py")
    )
    assert "pydantic" not in source
