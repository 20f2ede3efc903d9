"""Artefacts built once per test run and shared by every test that needs them, whether the run
is one process or several pytest-xdist workers (`make test` runs two).

A worker that needs an artefact takes a file lock in the run's shared temporary folder; the first
builds it there, the others wait for the lock and find it built. Built artefacts are never
changed afterwards, so readers need no lock.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# The marker a finished build leaves: a build that failed half-way is started again, not reused.
_DONE = ".built"


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder every process of this run shares (the workers' base folders sit in
    it; a run without workers owns its base folder alone)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def shared_artefact(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """The folder `name` of this run, made by `build(folder)` the first time any process asks."""
    from filelock import FileLock  # imported here: the package's own tests (nox) do without it

    root = run_folder(tmp_path_factory)
    folder = root / name
    with FileLock(str(root / f"{name}.lock")):
        if not (folder / _DONE).exists():
            folder.mkdir(exist_ok=True)
            build(folder)
            (folder / _DONE).touch()
    return folder


def shared_step(
    tmp_path_factory: pytest.TempPathFactory, name: str, step: Callable[[], None]
) -> None:
    """Run `step` once per run (it acts elsewhere, e.g. compiles a package in place)."""
    shared_artefact(tmp_path_factory, name, lambda _folder: step())
