"""The whole generator as one function: spec directory in, {relative path: text} out.

load -> check the files' shape -> lower (the only parser) -> check the meaning -> every target of
the registry, in the order their inputs need, each formatted per file kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .diagnostics import Diagnostic, SpecError
from .format import format_files
from .ir import Catalogue
from .load import load_spec
from .lower import lower
from .schema import spec_shapes
from .targets import REGISTRY
from .targets.base import Output, Target
from .validate import check_catalogue, check_files


def compile_spec(spec_dir: Path, targets: Sequence[Target] = REGISTRY) -> Catalogue:
    """Load, check and lower the spec; raise SpecError with every diagnostic found.

    `targets` decide which hint keys (`python:` ...) the spec may hold.
    """
    hints = {target.name: target.hints for target in targets}
    loaded = load_spec(spec_dir)
    diagnostics = check_files(loaded, spec_shapes(hints))
    if diagnostics:
        raise SpecError(diagnostics)
    catalogue, diagnostics = lower(loaded, spec_dir.name, hints)
    if diagnostics:
        raise SpecError(diagnostics)
    diagnostics = check_catalogue(catalogue)
    if diagnostics:
        raise SpecError(diagnostics)
    return catalogue


def generate(spec_dir: Path, targets: Sequence[Target] = REGISTRY) -> dict[str, str]:
    """Every generated file, formatted, keyed by its path under generated/.

    Raises SpecError with what every target found, so that nothing is written for a spec that
    any target cannot represent.
    """
    return {
        f"{output.folder}/{path}": text
        for output in build_outputs(spec_dir, targets).values()
        for path, text in output.files.items()
    }


def build_outputs(spec_dir: Path, targets: Sequence[Target] = REGISTRY) -> dict[str, Output]:
    """Each target's formatted output, by target name (what `generate` lays out under one root)."""
    catalogue = compile_spec(spec_dir, targets)
    built: dict[str, Output] = {}
    diagnostics: list[Diagnostic] = []
    for target in build_order(targets):
        if any(name not in built for name in target.requires):
            continue  # an input failed: its errors are reported, this target would repeat them
        inputs = {name: built[name] for name in target.requires}
        output = target.build(catalogue, inputs)
        # Targets that share a name policy see the same clash; the first report is enough.
        reported = {(d.location, d.code) for d in diagnostics}
        diagnostics.extend(d for d in output.diagnostics if (d.location, d.code) not in reported)
        if output.diagnostics:
            continue
        formatted = format_files(dict(output.files), target.formatters, target.name)
        built[target.name] = Output(output.folder, formatted, build_dirs=output.build_dirs)
    if diagnostics:
        raise SpecError(diagnostics)
    return built


def build_dirs(outputs: Mapping[str, Output]) -> tuple[str, ...]:
    """The directories under generated/ that the outputs' own build tools write (TypeScript's
    dist/): `emit` neither writes them nor counts them as drift."""
    return tuple(
        f"{output.folder}/{directory}"
        for output in outputs.values()
        for directory in output.build_dirs
    )


def build_order(targets: Sequence[Target]) -> list[Target]:
    """`targets` with each one after the targets it requires (registry order otherwise)."""
    by_name = {target.name: target for target in targets}
    ordered: list[Target] = []
    visiting: set[str] = set()

    def visit(target: Target) -> None:
        if target in ordered:
            return
        if target.name in visiting:
            raise ValueError(f"targets require each other in a cycle through {target.name!r}")
        visiting.add(target.name)
        for name in target.requires:
            if name not in by_name:
                raise ValueError(f"target {target.name!r} requires {name!r}, which is not built")
            visit(by_name[name])
        visiting.discard(target.name)
        ordered.append(target)

    for target in targets:
        visit(target)
    return ordered
