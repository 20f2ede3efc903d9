"""Write generated files (all or nothing) or compare them with what is on disk."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Folders that tools make anywhere under the output and generation does not own: caches. The
# build output of a package built from generated sources (TypeScript's dist/) is named by its
# target instead (Output.build_dirs), so that no folder of that name elsewhere is hidden.
TOOL_FOLDERS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


@dataclass(frozen=True, slots=True)
class Drift:
    path: str  # relative to the output directory
    diff: str  # unified diff from the file on disk to the expected text


def existing_files(out_dir: Path, build_dirs: Collection[str] = ()) -> set[str]:
    """Files under `out_dir` that generation owns: everything but the tools' folders and the
    `build_dirs` directories (relative to `out_dir`), so a stray file (a leftover `.tmp-*`
    included) shows up as drift and is removed by `write`."""
    if not out_dir.exists():
        return set()
    return {
        relative.as_posix()
        for p in out_dir.rglob("*")
        if p.is_file() and not _not_ours(relative := p.relative_to(out_dir), build_dirs)
    }


def _not_ours(relative: Path, build_dirs: Collection[str]) -> bool:
    path = PurePosixPath(relative.as_posix())
    return any(part in TOOL_FOLDERS for part in relative.parts) or any(
        path.is_relative_to(directory) for directory in build_dirs
    )


def check(files: dict[str, str], out_dir: Path, build_dirs: Collection[str] = ()) -> list[Drift]:
    """Every file whose content differs from `files`, is missing, or should not exist.

    Files under `build_dirs` (directories relative to `out_dir`) are neither: a build tool
    wrote them after generation.
    """
    drifts: list[Drift] = []
    for path in sorted(files.keys() | existing_files(out_dir, build_dirs)):
        target = out_dir / path
        actual = target.read_bytes().decode("utf-8", errors="replace") if target.exists() else ""
        expected = files.get(path, "")
        if path in files and target.exists() and target.read_bytes() == expected.encode("utf-8"):
            continue
        diff = "".join(
            difflib.unified_diff(
                actual.splitlines(keepends=True),
                expected.splitlines(keepends=True),
                fromfile=f"{out_dir.name}/{path} (on disk)",
                tofile=f"{out_dir.name}/{path} (from spec)",
            )
        )
        drifts.append(Drift(path, diff or f"{path}: file should not exist\n"))
    return drifts


def write(files: dict[str, str], out_dir: Path, build_dirs: Collection[str] = ()) -> list[str]:
    """Make `out_dir` hold exactly `files` (leaving `build_dirs` alone); return the paths
    changed.

    All or nothing: every new text is first written to a scratch file beside its target; only
    when all are written are they moved into place, each old file kept aside until every move
    has succeeded. A failure at any point removes the scratch files and the folders made for
    them, and puts the old files back.
    """
    changed = [d.path for d in check(files, out_dir, build_dirs)]
    mode = _file_mode()
    staged: list[tuple[Path, Path]] = []  # (scratch, target)
    moved: list[tuple[Path, Path | None]] = []  # (target, the old file kept aside, if any)
    made: list[Path] = []  # folders that did not exist, outer ones first
    try:
        for path in changed:
            if path not in files:
                continue
            target = out_dir / path
            missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            made.extend(reversed(missing))
            handle, scratch_name = tempfile.mkstemp(
                dir=target.parent, prefix=".tmp-", suffix=target.suffix
            )
            staged.append((Path(scratch_name), target))  # before writing: a failure cleans it up
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(files[path])
            os.chmod(scratch_name, mode)  # mkstemp makes files only the owner may read
        for scratch, target in staged:
            kept = _set_aside(target)
            moved.append((target, kept))
            os.replace(scratch, target)
    except BaseException:
        for target, kept in reversed(moved):
            if kept is not None:
                os.replace(kept, target)
            else:
                target.unlink(missing_ok=True)
        for scratch, _ in staged:
            scratch.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        raise
    for _, kept in moved:
        if kept is not None:
            kept.unlink()
    for path in changed:
        if path not in files:
            (out_dir / path).unlink()
    _remove_empty_dirs(out_dir, build_dirs)
    return changed


def _set_aside(target: Path) -> Path | None:
    """Move an existing file to a scratch name beside it, to put back if the write fails."""
    if not target.exists():
        return None
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".old-", suffix=target.suffix)
    os.close(handle)
    try:
        os.replace(target, name)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _file_mode() -> int:
    """The mode a newly created file gets under the process's umask (0o644 under 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove_empty_dirs(out_dir: Path, build_dirs: Collection[str]) -> None:
    if not out_dir.exists():
        return
    for directory in sorted((p for p in out_dir.rglob("*") if p.is_dir()), reverse=True):
        if _not_ours(directory.relative_to(out_dir), build_dirs):
            continue
        if not any(directory.iterdir()):
            directory.rmdir()
