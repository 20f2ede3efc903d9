"""Import cost in fresh interpreters, as `python -X importtime` reports it, and what an import
loads."""

from __future__ import annotations

import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Import:
    """`import module` with `path` on PYTHONPATH; `cached=False` compiles the package every time."""

    module: str
    path: Path
    cached: bool = True


@dataclass(frozen=True)
class Timing:
    total_ms: float
    root_ms: float  # of it, the package root's import (all of it for `import pkg`)


class BytecodeLeak(RuntimeError):
    """An import meant to compile every module found, or left, bytecode to read."""


def import_ms(imports: Mapping[str, Import], runs: int) -> dict[str, Timing]:
    """Median over `runs` fresh processes of each import's cumulative time, in ms.

    The imports take turns within each round, so drift hits them alike. Bytecode is cached in a
    scratch PYTHONPYCACHEPREFIX (even where PYTHONDONTWRITEBYTECODE is set, as on some CI
    machines), which an untimed round fills, so a cached import starts from bytecode as an
    installed or vendored package does, and the __pycache__ folders of the source tree are
    never read. An uncached import runs a copy of the package made without __pycache__, under
    PYTHONDONTWRITEBYTECODE=1, whose path has no bytecode in the prefix either: each of the
    package's modules is compiled on every import, while the standard library's bytecode stays
    cached, as in a Python image that ships it.
    """
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as scratch:
        cache = Path(scratch, "pycache")
        copies = {
            name: _copy_without_bytecode(spec, Path(scratch, f"uncompiled-{index}"))
            for index, (name, spec) in enumerate(imports.items())
            if not spec.cached
        }
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base["PYTHONPYCACHEPREFIX"] = str(cache)
        runners = {}
        for name, spec in imports.items():
            if spec.cached:
                runners[name] = (spec.module, {**base, "PYTHONPATH": str(spec.path)})
            else:
                path = str(copies[name])
                runners[name] = (
                    spec.module,
                    {**base, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1"},
                )
        # the untimed round imports every module from its own tree, bytecode written, so that
        # the standard library the uncached imports load is cached too
        for spec in imports.values():
            _once(spec.module, {**base, "PYTHONPATH": str(spec.path)}, scratch)
        samples: dict[str, list[tuple[int, int]]] = {name: [] for name in imports}
        for _ in range(runs):
            for name, (module, env) in runners.items():
                samples[name].append(_once(module, env, scratch))
        for copy in copies.values():
            _refuse_bytecode(copy, cache)
    return {name: _median(runs) for name, runs in samples.items()}


def _copy_without_bytecode(spec: Import, destination: Path) -> Path:
    package = spec.module.split(".")[0]
    shutil.copytree(
        spec.path / package,
        destination / package,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    return destination


def _refuse_bytecode(copy: Path, cache: Path) -> None:
    """Fail if the uncached copy's modules had bytecode anywhere Python would look for it."""
    beside = [str(p) for p in copy.rglob("*.pyc")]
    # the prefix mirrors absolute source paths: <cache>/<copy's path without its root>/...
    mirrored = cache.joinpath(*copy.resolve().parts[1:])
    in_prefix = [str(p) for p in mirrored.rglob("*.pyc")] if mirrored.exists() else []
    if beside or in_prefix:
        found = (beside + in_prefix)[:3]
        raise BytecodeLeak(f"the uncached import found or wrote bytecode: {found}")


def _median(runs: list[tuple[int, int]]) -> Timing:
    return Timing(
        statistics.median(total for total, _ in runs) / 1000,
        statistics.median(root for _, root in runs) / 1000,
    )


def _once(module: str, env: dict[str, str], cwd: str) -> tuple[int, int]:
    # cwd is a scratch folder: `-c` puts it first on sys.path, and it must hold no package
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return _cumulative_us(result.stderr, module.split(".")[0])


def _cumulative_us(report: str, package: str) -> tuple[int, int]:
    """The cumulative time of the top-level entries that belong to `package`, and of them the
    package root's.

    Lines read `import time: self | cumulative | name`, the name indented two spaces per level
    of nesting; top-level entries are what the `-c` statement itself imported. For
    `import pkg.sub` the one top-level entry is `pkg.sub`, with `pkg` nested one level in it
    (importing a sub-package starts by importing its parent).
    """
    total = root = 0
    for line in report.splitlines():
        if not line.startswith("import time:"):
            continue
        _, cumulative, name = line.split("|")
        if not cumulative.strip().isdigit():
            continue  # the header line
        level = (len(name) - len(name.lstrip(" ")) - 1) // 2
        if level == 0 and name.strip().split(".")[0] == package:
            total += int(cumulative)
        if level <= 1 and name.strip() == package:
            root += int(cumulative)
    return total, root


def loaded_modules(module: str, path: Path) -> list[str]:
    """The modules `import module` adds to sys.modules in a fresh interpreter, sorted."""
    code = (
        f"import sys; before = set(sys.modules); import {module}; "
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    with tempfile.TemporaryDirectory(prefix="bench-loads-") as scratch:
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONPATH": str(path)},
            cwd=scratch,
            capture_output=True,
            text=True,
            check=True,
        )
    return result.stdout.split()


def git_package(root: Path, commit: str, folder: str, destination: Path) -> Path | None:
    """`folder` of the repository at `commit`, written under `destination` (read-only git);
    None where git or that commit is not available (an archive without history)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", commit, folder],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination / folder
