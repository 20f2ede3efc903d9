"""Checks that every line of the workload is valid for each decoder before anything is timed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


class WorkloadError(Exception):
    """A reference decoder rejected a line: the workload, not the bindings, is wrong."""


@dataclass
class Coverage:
    """Which lines of a stream `parse_event(strict=True)` turns into typed events."""

    parsed: list[str] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)
    rejected: dict[str, str] = field(default_factory=dict)  # wire type -> first error

    @property
    def complete(self) -> bool:
        return not self.unknown and not self.rejected

    def describe_gaps(self) -> str:
        parts = [
            f"`{name}` unknown ({count} lines)" for name, count in sorted(self.unknown.items())
        ]
        parts += [f"`{name}` rejected: {error}" for name, error in sorted(self.rejected.items())]
        return "; ".join(parts)


def coverage(rt: ModuleType, lines: list[str]) -> Coverage:
    result = Coverage()
    for line in lines:
        wire_type = json.loads(line)["type"]
        if wire_type not in rt.EVENT_TYPES:
            result.unknown[wire_type] += 1
            continue
        try:
            rt.parse_event(line, strict=True)
        except rt.EventDecodeError as exc:
            result.rejected.setdefault(wire_type, str(exc))
            continue
        result.parsed.append(line)
    return result


def check_reference(name: str, decode: Callable[[str], Any], lines: list[str]) -> None:
    """Every line must decode, and into the event its `type` names."""
    for number, line in enumerate(lines, 1):
        wire_type = json.loads(line)["type"]
        try:
            event = decode(line)
        except Exception as exc:
            raise WorkloadError(f"{name} rejects line {number} ({wire_type}): {exc}") from exc
        decoded_type = getattr(event, "type", None)
        if decoded_type is None:  # msgspec keeps the tag in the class, not in a field
            decoded_type = type(event).__struct_config__.tag
        if decoded_type != wire_type:
            raise WorkloadError(f"{name} reads line {number} ({wire_type}) as {decoded_type}")


@dataclass
class Stream:
    """One wire version's (or protocol's) lines, and the part of them parse_event reads while the
    catalogue grows.

    While some lines are not read, every contender runs on the lines that are, so ratios compare
    like with like; with none read, the reference decoders still run on the whole stream.
    """

    version: str
    lines: list[str]
    coverage: Coverage

    @property
    def name(self) -> str:
        return {"ga": "GA"}.get(self.version, self.version)

    @property
    def partial(self) -> bool:
        return not self.coverage.complete and bool(self.coverage.parsed)

    @property
    def parseable(self) -> bool:
        return bool(self.coverage.parsed)

    @property
    def used(self) -> list[str]:
        return self.coverage.parsed if self.partial else self.lines

    @property
    def label(self) -> str:
        if not self.partial:
            return self.name
        return f"{self.name} ({len(self.used):,} of {len(self.lines):,} lines)"


class ContentError(Exception):
    """A decoder under test lost or changed data: timing it would compare unlike work."""


# What the check before timing covers for each contender, for RESULTS.md.
CHECKS = {
    "`parse_event`": "every GA and beta line decodes to the class its `type` names and "
    "`to_dict()` gives back the JSON exactly (keys, null versus absent, 1 versus 1.0)",
    "`translation.parse_event`": "every translation line decodes to the class "
    "`realtime_events.translation.EVENT_TYPES` names for its `type` (not the Realtime API's class "
    "of the same wire type, which reads `session.created` too) and `to_dict()` gives back the "
    "JSON exactly",
    "`live.parse_event`": "every Live line decodes to the class `realtime_events.live.EVENT_TYPES` "
    "names for its `type` and `to_dict()` gives back the JSON exactly, the Responses events "
    "inside `response.event` included",
    "Pydantic models": "every line decodes to the model of its `type`, of its protocol's module "
    "(the dataclass's name), and `dump_event()` gives back the JSON exactly",
    "openai": "every GA line decodes to the model its `type` names, every Live line to the "
    "model of `openai.types.live.ServerEvent` its `type` names, and `model_dump(mode='json', "
    "by_alias=True, exclude_unset=True)` gives back the JSON exactly",
    "msgspec": "every GA and beta line decodes to the Struct its `type` names; content is not "
    "compared: these Structs, written for the benchmark, fill absent fields with None and keep "
    "arrays as tuples, so they are a speed reference, not a decoder held to the round trip",
    "JSON floor and JSON step": "not checked: they decode JSON only",
}


def check_content(
    name: str,
    decode: Callable[[str], Any],
    dump: Callable[[Any], Any],
    lines: list[str],
    classes: Mapping[str, type] | None = None,
) -> None:
    """Every line decoded and dumped back must equal the line's JSON, exactly; with `classes`
    (wire type to class), each event must also be of its type's class.

    The class matters where protocols share wire types: the Realtime API's decoder reads a
    translation `session.created` as its own `SessionCreatedEvent` and gives the JSON back, so
    only the class tells the wrong protocol's decoder apart.
    """
    for number, line in enumerate(lines, 1):
        expected = json.loads(line)
        event = decode(line)
        if classes is not None and not isinstance(event, classes[expected["type"]]):
            raise ContentError(
                f"{name} reads line {number} ({expected['type']}) as {type(event).__name__},"
                f" not {classes[expected['type']].__name__}"
            )
        got = dump(event)
        if json.dumps(got, sort_keys=True) != json.dumps(expected, sort_keys=True):
            raise ContentError(
                f"{name} changes line {number} ({expected.get('type')}): "
                f"{_first_difference(got, expected)}"
            )


def _first_difference(got: Any, expected: Any, path: str = "") -> str:
    if isinstance(got, dict) and isinstance(expected, dict):
        for key in sorted(got.keys() | expected.keys()):
            where = f"{path}.{key}" if path else key
            if key not in got:
                return f"{where} is missing"
            if key not in expected:
                return f"{where} was added"
            if json.dumps(got[key], sort_keys=True) != json.dumps(expected[key], sort_keys=True):
                return _first_difference(got[key], expected[key], where)
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        for index, (item, want) in enumerate(zip(got, expected, strict=True)):
            if json.dumps(item, sort_keys=True) != json.dumps(want, sort_keys=True):
                return _first_difference(item, want, f"{path}[{index}]")
    return f"{path or 'the payload'} is {json.dumps(got)[:60]}, not {json.dumps(expected)[:60]}"
