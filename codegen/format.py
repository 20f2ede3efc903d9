"""Format generated Python with the pinned ruff, in a scratch directory, never in place."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

CONFIG = Path(__file__).parent / "ruff-generated.toml"


class FormatError(Exception):
    """Ruff rejected generated code: a bug in the generator, not in the spec."""


def ruff_binary() -> str:
    """The ruff pinned in requirements-dev.txt, installed beside this interpreter."""
    name = "ruff.exe" if os.name == "nt" else "ruff"
    path = Path(sysconfig.get_path("scripts")) / name
    if not path.exists():
        raise FormatError(f"ruff is not installed at {path}; run `make generate` to set up .venv")
    return str(path)


def format_text(files: dict[str, str]) -> dict[str, str]:
    """Every file ends in exactly one newline, whatever blank lines a template loop left."""
    return {path: text.rstrip("\n") + "\n" if text else text for path, text in files.items()}


def format_python(files: dict[str, str]) -> dict[str, str]:
    """Return `files` with every `.py` entry fixed (unused imports, import order) and formatted."""
    python = {path: text for path, text in files.items() if path.endswith(".py")}
    if not python:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="codegen-format-") as scratch:
        root = Path(scratch)
        for path, text in python.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        ruff = ruff_binary()
        common = ["--config", str(CONFIG), "--no-cache", "--quiet"]
        _run([ruff, "check", *common, "--fix-only", "--select", "F401,I,UP", "."], root)
        _run([ruff, "format", *common, "."], root)
        formatted = {path: (root / path).read_text(encoding="utf-8") for path in python}
    return {**files, **formatted}


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise FormatError(
            f"{' '.join(command[1:3])} failed on generated code (exit {result.returncode})"
        )
