"""The upstream engine (codegen/upstream/) run on the reference facts, for the catalogue tests.

The facts are read once per process; a spec folder (the real one, or a scratch copy a test
changed) is compiled and compared with them, and the differences that spec/reference.yaml does
not explain come back as lines `kind: position: message`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from codegen.diagnostics import SpecError
from codegen.ir import Catalogue
from codegen.load import load_spec
from codegen.lower import lower
from codegen.pipeline import compile_spec
from codegen.schema import spec_shapes
from codegen.targets import REGISTRY
from codegen.upstream.declared import Declarations, Explained, explain, read_declarations
from codegen.upstream.reading import Reading, read
from codegen.upstream.sources import Source, read_openapi, read_reference
from codegen.validate import check_files
from tests.helpers.spec_yaml import REFERENCE_DIR, SPEC

OPENAPI = REFERENCE_DIR / "openapi-realtime-2026-08-21.json"


@cache
def facts() -> Source:
    return read_reference(REFERENCE_DIR, "tests/reference")


@cache
def openapi() -> Source:
    return read_openapi(OPENAPI, "tests/reference/openapi-realtime-2026-08-21.json")


@cache
def _compiled(spec_dir: Path) -> Catalogue:
    return compile_spec(spec_dir)


def _lowered(spec_dir: Path) -> Catalogue:
    """A scratch copy's catalogue, lowered but not checked for meaning: a change that breaks an
    example (a field dropped) must still reach the comparison."""
    hints = {target.name: target.hints for target in REGISTRY}
    loaded = load_spec(spec_dir)
    diagnostics = check_files(loaded, spec_shapes(hints))
    catalogue, more = lower(loaded, spec_dir.name, hints)
    if diagnostics or more:
        raise SpecError([*diagnostics, *more])
    return catalogue


Run = tuple[Catalogue, Reading, Declarations, Explained]


@cache
def _real_spec_against(kind: str) -> Run:
    return _run(SPEC, facts() if kind == "reference" else openapi())


def run(spec_dir: Path = SPEC, source: Source | None = None) -> Run:
    """The catalogue of `spec_dir` against `source` (the facts by default); the real spec's
    comparisons with the facts and the OpenAPI copy are made once per process."""
    if spec_dir == SPEC and (source is None or source is facts() or source is openapi()):
        return _real_spec_against("reference" if source is None else source.kind)
    return _run(spec_dir, source or facts())


def _run(spec_dir: Path, source: Source) -> Run:
    catalogue = _compiled(spec_dir) if spec_dir == SPEC else _lowered(spec_dir)
    reading = read(catalogue, source)
    declarations = read_declarations(spec_dir / "reference.yaml", "reference.yaml")
    return catalogue, reading, declarations, explain(reading, declarations, catalogue, source.kind)


def problems(spec_dir: Path = SPEC, source: Source | None = None) -> list[str]:
    """What spec/reference.yaml does not explain, one line each."""
    explained = run(spec_dir, source)[3]
    return [f"{f.kind}: {f.position}: {f.message}" for f in explained.findings]
