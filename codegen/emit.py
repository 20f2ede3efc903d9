"""Write generated files (all or nothing) or compare them with what is on disk."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Drift:
    path: str  # relative to the output directory
    diff: str  # unified diff from the file on disk to the expected text


def existing_files(out_dir: Path) -> set[str]:
    """Files under `out_dir` that generation owns: tool caches and hidden files are not ours."""
    if not out_dir.exists():
        return set()
    return {
        relative.as_posix()
        for p in out_dir.rglob("*")
        if p.is_file() and not _is_tool_file(relative := p.relative_to(out_dir))
    }


def _is_tool_file(relative: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in relative.parts)


def check(files: dict[str, str], out_dir: Path) -> list[Drift]:
    """Every file whose content differs from `files`, is missing, or should not exist."""
    drifts: list[Drift] = []
    for path in sorted(files.keys() | existing_files(out_dir)):
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


def write(files: dict[str, str], out_dir: Path) -> list[str]:
    """Make `out_dir` hold exactly `files`; return the paths changed.

    Every new file is first written beside its target and only then moved into place (an atomic
    rename), so an interrupted run leaves each file either old or new, never half-written.
    """
    changed = [d.path for d in check(files, out_dir)]
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
    _remove_empty_dirs(out_dir)
    return changed


def _remove_empty_dirs(out_dir: Path) -> None:
    if not out_dir.exists():
        return
    for directory in sorted((p for p in out_dir.rglob("*") if p.is_dir()), reverse=True):
        if _is_tool_file(directory.relative_to(out_dir)):
            continue
        if not any(directory.iterdir()):
            directory.rmdir()
