"""Shared helpers for the tests: paths, the compiled catalogue, running mypy and the CLI."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SPEC = ROOT / "spec"
GENERATED = ROOT / "generated"
MINI_SPEC = TESTS / "specs" / "mini"
# The mini spec's checked-in output (`make golden`)
GOLDEN_MINI = TESTS / "golden" / "mini"
# Copies of the shared reference facts, kept in the repository (tests/reference/README.md)
REFERENCE_DIR = TESTS / "reference"
SEED_DIR = REFERENCE_DIR / "seed"
# The originals, beside the clone when it sits in the shared workspace (optional)
SHARED = ROOT.parent / "shared"

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))

from codegen.ir import Catalogue, Event, Example  # noqa: E402
from codegen.pipeline import compile_spec  # noqa: E402


@cache
def catalogue() -> Catalogue:
    return compile_spec(SPEC)


@cache
def mini_package() -> ModuleType:
    """The mini spec's generated package, as checked in under tests/golden/mini/."""
    sys.path.insert(0, str(GOLDEN_MINI))
    try:
        return importlib.import_module("mini_events")
    finally:
        sys.path.remove(str(GOLDEN_MINI))


def protocol_module(package: ModuleType, spec: Catalogue, protocol: str) -> ModuleType:
    """The module of a generated package that holds one protocol's entry points: the package
    itself for the primary protocol, its sub-package for another."""
    if protocol == spec.primary.key:
        return package
    return importlib.import_module(f"{package.__name__}.{protocol}")


def parser_for(package: ModuleType, spec: Catalogue, event: Event) -> Any:
    """The function that decodes `event`'s kind of event: `parse_event` or `parse_client_event`
    of its protocol's module."""
    primary = spec.unions_of(event.protocol)[0].direction
    name = "parse_event" if event.direction == primary else f"parse_{event.direction}_event"
    return getattr(protocol_module(package, spec, event.protocol), name)


def examples(direction: str = "server") -> list[tuple[Event, Example]]:
    """Every example of the events one side sends (a server's by default)."""
    union = next(union for union in catalogue().unions if union.direction == direction)
    return [(event, example) for event in union.events for example in event.examples]


def example_id(pair: tuple[Event, Example]) -> str:
    event, example = pair
    return f"{event.wire_type}: {example.title}"


def canonical(value: Any) -> str:
    """JSON text that tells 1 from 1.0 and True from 1, for exact comparisons."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def run_mypy(source: str, directory: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Type-check `source` against the generated package with mypy --strict (and `options`)."""
    module = directory / "snippet.py"
    module.write_text(source, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(GENERATED)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            *options,
            "--no-error-summary",
            "--cache-dir",
            str(ROOT / ".mypy_cache" / "tests"),
            str(module),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=directory,
        check=False,
    )


def run_codegen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


# Figures the tests measured (counts, sizes, times), printed at the end of the run by conftest.py.
SOCKET_FIGURES: list[str] = []
# `codegen diff` replayed on real changes (tests/catalogue/test_diff_replay.py).
REPLAY_FIGURES: list[str] = []


def import_from(directory: Path, name: str) -> ModuleType:
    """Import the package `name` from `directory` (a generated folder that is not on the path)."""
    sys.path.insert(0, str(directory))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(directory))
