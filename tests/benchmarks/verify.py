"""Checks that every line of the workload is valid for each decoder before anything is timed."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
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
    """One wire version's lines, and the part of them parse_event reads while the catalogue grows.

    While some lines are not read, every contender runs on the lines that are, so ratios compare
    like with like; with none read, the reference decoders still run on the whole stream.
    """

    version: str
    lines: list[str]
    coverage: Coverage

    @property
    def name(self) -> str:
        return "GA" if self.version == "ga" else "beta"

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
