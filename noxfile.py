"""The generated package's tests on every CPython from 3.11 to 3.13: `make test` runs `nox`.

The package claims Python 3.11+ and leans on interpreter details (json's C scanner, retagging
an instance's class in decoders, dataclasses' field objects), so its tests run on each minor
version (the tests under tests/bindings/, which use the package as a user would); the
generator's own tests run once, in .venv. Interpreters are found under pyenv
(the newest patch release of each minor version), else on PATH; a missing one fails the run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox

PYTHONS = ("3.11", "3.12", "3.13")

nox.options.sessions = ["package"]
nox.options.error_on_missing_interpreters = True
nox.options.download_python = "never"  # test the interpreters the machine has, nothing else
nox.options.reuse_venv = "yes"  # the pinned requirements are checked, not reinstalled


def _pyenv_bin(minor: str) -> Path | None:
    """The bin folder of the newest pyenv install of `minor` (3.12.1 over 3.12.0; not 3.12-dev
    or 3.13.0t)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    releases = [
        path
        for path in root.glob(f"{minor}.*")
        if re.fullmatch(rf"{re.escape(minor)}\.\d+", path.name)
    ]
    if not releases:
        return None
    newest = max(releases, key=lambda path: int(path.name.rsplit(".", 1)[1]))
    return newest / "bin"


def _runs(command: str) -> bool:
    """Whether `command` on PATH is a working interpreter (a pyenv shim may not be)."""
    if shutil.which(command) is None:
        return False
    probe = subprocess.run([command, "-c", "pass"], capture_output=True, check=False)
    return probe.returncode == 0


# pyenv's shims answer only for the selected version: put the real interpreters first on PATH,
# where nox looks for python3.11, python3.12 and python3.13.
_FOUND = {minor: _pyenv_bin(minor) for minor in PYTHONS}
os.environ["PATH"] = os.pathsep.join(
    [*(str(path) for path in _FOUND.values() if path is not None), os.environ.get("PATH", "")]
)
for _minor, _path in _FOUND.items():
    if _path is None and not _runs(f"python{_minor}"):
        print(
            f"noxfile.py: CPython {_minor} is neither under "
            f"{os.environ.get('PYENV_ROOT', '~/.pyenv')}/versions/{_minor}.* nor a working "
            f"python{_minor} on PATH; install it (pyenv install {_minor}): its session will fail",
            file=sys.stderr,
        )


@nox.session(python=list(PYTHONS), venv_backend="virtualenv")
def package(session: nox.Session) -> None:
    """tests/bindings/, with the test tools pinned in requirements-dev.txt."""
    session.install(
        "--quiet", "-c", "requirements-dev.txt",
        "pytest", "hypothesis", "PyYAML", "Jinja2",
    )  # fmt: skip
    session.run(
        "python",
        "-m",
        "pytest",
        "tests/bindings",
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env={"PROPERTY_EXAMPLES": os.environ.get("PROPERTY_EXAMPLES", "3")},
    )
