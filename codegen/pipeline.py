"""The whole generator as one function: spec directory in, {relative path: text} out.

load -> check the files' shape -> lower (the only parser) -> check the meaning -> every target of
the registry, in the order their inputs need, each formatted per file kind.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from pathlib import Path

from .diagnostics import Diagnostic, SpecError
from .format import format_files
from .ir import Catalogue
from .load import LoadedSpec, load_spec
from .lower import lower
from .schema import spec_shapes
from .targets import REGISTRY
from .targets.base import Output, Target
from .validate import check_catalogue, check_files


def compile_spec(spec_dir: Path, targets: Sequence[Target] = REGISTRY) -> Catalogue:
    """Load, check and lower the spec; raise SpecError with every diagnostic found.

    `targets` decide which hint keys (`python:` ...) the spec may hold.
    """
    return compile_loaded(load_spec(spec_dir), spec_dir.name, targets)


def compile_loaded(
    loaded: LoadedSpec, source: str, targets: Sequence[Target] = REGISTRY
) -> Catalogue:
    """`compile_spec` for files already loaded (`codegen diff` supplies what an older
    revision's files lack); `source` names the spec directory in generated headers."""
    hints = {target.name: target.hints for target in targets}
    diagnostics = check_files(loaded, spec_shapes(hints))
    if diagnostics:
        raise SpecError(diagnostics)
    catalogue, diagnostics = lower(loaded, source, hints)
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


# One thread builds while the other mostly waits on a subprocess; more would only contend for
# the interpreter.
_THREADS = 2


def build_outputs(
    spec_dir: Path, targets: Sequence[Target] = REGISTRY, only: Collection[str] | None = None
) -> dict[str, Output]:
    """Each target's formatted output, by target name (what `generate` lays out under one root);
    with `only`, just those targets and the ones they require (the spec is checked against the
    hints of all `targets` either way).

    Targets run two at a time in threads, each once the targets it requires are built, longest
    chain of dependents first: while one waits on another process (ruff,
    datamodel-code-generator), the other builds. Outputs and diagnostics are gathered in build
    order, so the result does not depend on timing.
    """
    catalogue = compile_spec(spec_dir, targets)
    ordered = build_order(targets, only)
    results: dict[str, Output | None] = {}
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        running: dict[Future[Output | None], Target] = {}
        waiting = sorted(ordered, key=_chain_length(ordered), reverse=True)
        while waiting or running:
            ready = [t for t in waiting if all(name in results for name in t.requires)]
            for target in ready[: _THREADS - len(running)]:
                waiting.remove(target)
                inputs = {name: results[name] for name in target.requires}
                running[pool.submit(_build_one, target, catalogue, inputs)] = target
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                results[running.pop(future).name] = future.result()
    built: dict[str, Output] = {}
    diagnostics: list[Diagnostic] = []
    for target in ordered:
        output = results[target.name]
        if output is None:
            continue  # an input failed: its errors are reported, this target would repeat them
        # Targets that share a name policy see the same clash; the first report is enough.
        reported = {(d.location, d.code) for d in diagnostics}
        diagnostics.extend(d for d in output.diagnostics if (d.location, d.code) not in reported)
        if not output.diagnostics:
            built[target.name] = output
    if diagnostics:
        raise SpecError(diagnostics)
    return built


def _chain_length(ordered: Sequence[Target]) -> Callable[[Target], int]:
    """How many targets at most are built after a target because they need it, directly or
    not: the ones on the longest chain are started first."""
    length: dict[str, int] = {}
    for target in reversed(ordered):  # dependents come later in build order
        dependents = [t for t in ordered if target.name in t.requires]
        length[target.name] = max((length[t.name] + 1 for t in dependents), default=0)
    return lambda target: length[target.name]


def _build_one(
    target: Target, catalogue: Catalogue, inputs: Mapping[str, Output | None]
) -> Output | None:
    """One target's output, formatted when it has no diagnostics; None when an input failed."""
    if any(built is None or built.diagnostics for built in inputs.values()):
        return None
    output = target.build(catalogue, {name: o for name, o in inputs.items() if o is not None})
    if output.diagnostics:
        return output
    formatted = format_files(dict(output.files), target.formatters, target.name)
    return replace(output, files=formatted)  # its docs and build folders as the target gave them


def build_dirs(outputs: Mapping[str, Output]) -> tuple[str, ...]:
    """The directories under generated/ that the outputs' own build tools write (TypeScript's
    dist/): `emit` neither writes them nor counts them as drift."""
    return tuple(
        f"{output.folder}/{directory}"
        for output in outputs.values()
        for directory in output.build_dirs
    )


def build_order(targets: Sequence[Target], only: Collection[str] | None = None) -> list[Target]:
    """`targets` (or those named in `only`) with each one after the targets it requires, which
    are included; registry order otherwise."""
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
        if only is None or target.name in only:
            visit(target)
    return ordered
