"""Formatters, one per kind of generated file; each target says which kind gets which.

Python goes through the pinned ruff in a scratch directory, never in place; every text file ends
in exactly one newline. JSON is written by json.dumps in the targets, never by templates.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

from . import cache

CONFIG = Path(__file__).parent / "ruff-generated.toml"

# Formats a batch of files ({path: text} to {path: text}); batched because ruff starts once.
Formatter = Callable[[dict[str, str]], dict[str, str]]


class FormatError(Exception):
    """A formatter rejected generated code: a bug in the generator, not in the spec."""


def format_files(
    files: dict[str, str], formatters: Mapping[str, Formatter], owner: str
) -> dict[str, str]:
    """Each file through the formatter registered for its suffix; a file of a kind its target
    did not declare is a generator bug."""
    batches: dict[str, dict[str, str]] = {}
    for path, text in files.items():
        suffix = PurePosixPath(path).suffix
        if suffix not in formatters:
            raise FormatError(
                f"target {owner!r} wrote {path}, a kind of file it has no formatter for"
            )
        batches.setdefault(suffix, {})[path] = text
    formatted: dict[str, str] = {}
    for suffix, batch in batches.items():
        formatted.update(formatters[suffix](batch))
    return {path: formatted[path] for path in files}


def text(files: dict[str, str]) -> dict[str, str]:
    """Every file ends in exactly one newline, whatever blank lines a template loop left."""
    return {
        path: content.rstrip("\n") + "\n" if content else content for path, content in files.items()
    }


def ruff_binary() -> str:
    """The ruff pinned in requirements-dev.txt, installed beside this interpreter."""
    name = "ruff.exe" if os.name == "nt" else "ruff"
    path = Path(sysconfig.get_path("scripts")) / name
    if not path.exists():
        raise FormatError(f"ruff is not installed at {path}; run `make generate` to set up .venv")
    return str(path)


def python(files: dict[str, str]) -> dict[str, str]:
    """`files` fixed by ruff (unused imports, import order, pyupgrade) and formatted."""
    fix = ["check", "--fix-only", "--select", "F401,I,UP"]
    return _through_ruff_cached(text(files), [fix, ["format"]])


def markdown(files: dict[str, str]) -> dict[str, str]:
    """`files` with the Python code blocks in them formatted by ruff, as `make lint` expects of
    every file under generated/ (ruff formats the code in Markdown, not the text around it)."""
    return _through_ruff_cached(text(files), [["format"]])


def _through_ruff_cached(files: dict[str, str], commands: list[list[str]]) -> dict[str, str]:
    """`_through_ruff`, run only over the files whose result the cache does not hold: a file's
    result depends on its path and text, ruff's version, the configuration and the commands."""
    settings = cache.key(cache.tool_version("ruff"), cache.source_of(str(CONFIG)), repr(commands))
    keys = {path: cache.key(settings, path, content) for path, content in files.items()}
    return cache.cached_each(
        "ruff", keys, lambda paths: _through_ruff({p: files[p] for p in paths}, commands)
    )


def _through_ruff(files: dict[str, str], commands: list[list[str]]) -> dict[str, str]:
    """Run each ruff command over `files`, written to a scratch directory, and read them back."""
    with tempfile.TemporaryDirectory(prefix="codegen-format-") as scratch:
        root = Path(scratch)
        for path, content in files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
        ruff = ruff_binary()
        common = ["--config", str(CONFIG), "--no-cache", "--quiet"]
        for command in commands:
            _run([ruff, command[0], *common, *command[1:], "."], root)
        return {path: (root / path).read_text(encoding="utf-8") for path in files}


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise FormatError(
            f"{' '.join(command[1:3])} failed on generated code (exit {result.returncode})"
        )
