"""The corpus every target is held to: each spec example, and systematic mutations of it.

A mutation changes one place of a payload: drops a key, or replaces a value by a value of each
other JSON kind (and a string by a string no enumeration lists). The Python decoder's verdict
on each case is the reference; every other target must agree with it case by case.
"""

from __future__ import annotations

import copy
import importlib
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from codegen.ir import Catalogue, EventUnion, thaw

# One value of each JSON kind; the string is one no enumeration or literal lists.
SAMPLES: dict[str, Any] = {
    "null": None,
    "boolean": True,
    "integer": 7,
    "number": 2.5,
    "string": "\x7f not a listed value",
    "array": [],
    "object": {},
}

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Case:
    label: str  # "<event>: <example> / <mutation>"
    payload: Any


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def positions(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value inside `value` (not `value` itself), parents before children."""
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        yield (*path, key), item
        yield from positions(item, (*path, key))


def mutations(payload: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(description, mutated payload) for every one-place change of `payload`."""
    for path, value in positions(payload):
        where = render(path)
        if isinstance(path[-1], str):
            yield f"drop {where}", _changed(payload, path, None, drop=True)
        for kind, sample in SAMPLES.items():
            if kind != json_kind(value) or (kind == "string" and value != sample):
                yield f"{where} := {kind}", _changed(payload, path, sample)


def corpus(catalogue: Catalogue, union: EventUnion | None = None) -> list[Case]:
    """The cases of one protocol's side's events (the primary union's, a Realtime API server's,
    by default)."""
    cases = []
    for event in (union or catalogue.union).events:
        for example in event.examples:
            payload = thaw(example.payload)
            label = f"{event.wire_type}: {example.title}"
            cases.append(Case(f"{label} / as written", payload))
            cases.extend(
                Case(f"{label} / {change}", mutated) for change, mutated in mutations(payload)
            )
    cases.append(Case("not an object", ["a list"]))
    return cases


# The seed of `sample`: the same cases on every run and machine, unless a run asks for others.
SAMPLE_SEED = int(os.environ.get("AGREEMENT_SAMPLE_SEED", "20251124"))


def sample(cases: list[Case], size: int, seed: int = SAMPLE_SEED) -> list[Case]:
    """Every example as written, and mutations drawn with `seed` up to `size` cases in all, in
    corpus order: for a validator too slow for the whole corpus, which still sees every event."""
    written = {i for i, case in enumerate(cases) if case.label.endswith(" / as written")}
    rest = [i for i in range(len(cases)) if i not in written]
    drawn = random.Random(seed).sample(rest, max(0, min(len(rest), size - len(written))))
    return [cases[i] for i in sorted({*written, *drawn})]


def render(path: Path) -> str:
    text = ""
    for segment in path:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return text


def _changed(payload: Any, path: Path, value: Any, *, drop: bool = False) -> Any:
    result = copy.deepcopy(payload)
    parent = result
    for segment in path[:-1]:
        parent = parent[segment]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)
    return result


@dataclass(frozen=True, slots=True)
class Verdicts:
    """How one target judged the corpus against the Python decoder."""

    target: str
    catalogue: str
    cases: int
    disagreements: tuple[str, ...]  # one line per case: label, then both verdicts
    parser: str = "parse_event"

    def summary(self) -> str:
        return (
            f"{self.target} vs {self.parser} ({self.catalogue}): {self.cases:,} cases, "
            f"{len(self.disagreements)} disagreements"
        )


# Filled by the agreement tests, printed at the end of the run by tests/conftest.py.
RESULTS: list[Verdicts] = []
# Other figures a run should show whatever the outcome (seeds, counts), printed the same way.
NOTES: list[str] = []


def python_accepts(parse: Any, error: type[Exception], payload: Any) -> bool:
    """The reference verdict: the Python parser takes the payload, or raises `error` (the
    package's EventDecodeError)."""
    try:
        parse(payload)
    except error:
        return False
    return True


def compare(
    target: str,
    catalogue: str,
    cases: list[Case],
    decoder: Decoder,
    verdict: Any,
) -> Verdicts:
    """Run `verdict(payload) -> bool` over `cases` and record where it differs from the Python
    decoder's verdict."""
    disagreements = []
    for case in cases:
        expected = python_accepts(decoder.parse, decoder.error, case.payload)
        got = verdict(case.payload)
        if got != expected:
            disagreements.append(
                f"{case.label}: {decoder.label} {'accepts' if expected else 'rejects'}, "
                f"{target} {'accepts' if got else 'rejects'}"
            )
    result = Verdicts(target, catalogue, len(cases), tuple(disagreements), decoder.label)
    RESULTS.append(result)
    return result


@dataclass(frozen=True, slots=True)
class Decoder:
    """The Python decoder of one protocol's side: what every target is held to."""

    label: str  # `parse_event`, `translation.parse_client_event`
    parse: Any
    error: type[Exception]
    module: str  # the module that holds the parser: `realtime_events.translation`


def decoder(package: ModuleType, spec: Catalogue, union: EventUnion) -> Decoder:
    """The parser of `union`'s events in the generated `package` (the package itself for the
    primary protocol, its sub-package for another)."""
    primary = spec.unions_of(union.protocol)[0].direction
    name = "parse_event" if union.direction == primary else f"parse_{union.direction}_event"
    if union.protocol == spec.primary.key:
        module, label = package, name
    else:
        module = importlib.import_module(f"{package.__name__}.{union.protocol}")
        label = f"{union.protocol}.{name}"
    return Decoder(label, getattr(module, name), package.EventDecodeError, module.__name__)


def union_id(union: EventUnion) -> str:
    """A test id for one protocol's side: `realtime-server`."""
    return f"{union.protocol}-{union.direction}"
