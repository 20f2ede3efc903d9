"""Write generated files (all or nothing) or compare them with what is on disk."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True, slots=True)
class Drift:
    path: str  # relative to the output directory
    diff: str  # unified diff from the file on disk to the expected text


def existing_files(out_dir: Path, build_outputs: Collection[str] = ()) -> set[str]:
    """Files under `out_dir` that generation owns: tool caches, hidden files and the
    `build_outputs` directories (a compiler's output, relative to `out_dir`) are not ours."""
    if not out_dir.exists():
        return set()
    return {
        relative.as_posix()
        for p in out_dir.rglob("*")
        if p.is_file()
        and not _is_tool_file(relative := p.relative_to(out_dir))
        and not _is_build_output(relative, build_outputs)
    }


def _is_tool_file(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def _is_build_output(relative: Path, build_outputs: Collection[str]) -> bool:
    path = PurePosixPath(relative.as_posix())
    return any(path.is_relative_to(directory) for directory in build_outputs)


def check(files: dict[str, str], out_dir: Path, build_outputs: Collection[str] = ()) -> list[Drift]:
    """Every file whose content differs from `files`, is missing, or should not exist.

    Files under `build_outputs` (directories relative to `out_dir`) are neither: a build
    tool wrote them after generation.
    """
    drifts: list[Drift] = []
    for path in sorted(files.keys() | existing_files(out_dir, build_outputs)):
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


def write(files: dict[str, str], out_dir: Path, build_outputs: Collection[str] = ()) -> list[str]:
    """Make `out_dir` hold exactly `files` (leaving `build_outputs` alone); return the paths
    changed.

    Every new file is first written beside its target and only then moved into place (an atomic
    rename), so an interrupted run leaves each file either old or new, never half-written.
    """
    changed = [d.path for d in check(files, out_dir, build_outputs)]
    staged: list[tuple[Path, Path]] = []
    try:
        for path in changed:
            if path not in files:
                continue
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, scratch_name = tempfile.mkstemp(
                dir=target.parent, prefix=".tmp-", suffix=target.suffix
            )
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(files[path])
            staged.append((Path(scratch_name), target))
    except BaseException:
        for scratch, _ in staged:
            scratch.unlink(missing_ok=True)
        raise
    for scratch, target in staged:
        os.replace(scratch, target)
    for path in changed:
        if path not in files:
            (out_dir / path).unlink()
    _remove_empty_dirs(out_dir, build_outputs)
    return changed


def _remove_empty_dirs(out_dir: Path, build_outputs: Collection[str]) -> None:
    if not out_dir.exists():
        return
    for directory in sorted((p for p in out_dir.rglob("*") if p.is_dir()), reverse=True):
        relative = directory.relative_to(out_dir)
        if _is_tool_file(relative) or _is_build_output(relative, build_outputs):
            continue
        if not any(directory.iterdir()):
            directory.rmdir()
