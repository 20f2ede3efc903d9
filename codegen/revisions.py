"""The catalogue as it stood at a git revision: read with `git archive` into a temporary
folder and compiled by the generator's own pipeline, with nothing else of the revision; and
the ledger of released versions (`spec/releases.yaml`), each the commit where the catalogue
stood when it was released.

A revision written in an older layout of the spec is brought to today's first (`legacy.py`);
one that states no version takes the one the caller names (the release ledger's, or 0.0.0).
What still does not compile raises the spec errors as the generator raises them.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Location, SpecError
from .ir import Catalogue
from .legacy import upgrade
from .load import load_spec, load_yaml_text
from .pipeline import compile_loaded

SPEC_FOLDER = "spec"  # where the catalogue lives in the repository
NO_VERSION = "0.0.0"  # what a revision from before `version:` is, when nothing says otherwise


class RevisionError(Exception):
    """A revision cannot be read: git is missing, the ref is unknown, it holds no spec."""


@dataclass(frozen=True, slots=True)
class SpecAt:
    commit: str  # the full hash the ref names
    catalogue: Catalogue
    upgrades: tuple[str, ...]  # the steps of legacy.py its layout needed


def git(repo: Path, *args: str) -> str:
    """A git command's standard output; RevisionError with git's own words if it fails."""
    try:
        result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {' '.join(args)} failed")
    return result.stdout.decode("utf-8", "replace")


def resolve(repo: Path, ref: str) -> str:
    """The commit `ref` names, in full; RevisionError when it names none."""
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except RevisionError:
        raise RevisionError(f"'{ref}' names no commit of {repo}") from None


def spec_at(repo: Path, ref: str, version: str = NO_VERSION) -> SpecAt:
    """The catalogue of `ref`; `version` is what a catalogue that states none is given.

    Raises RevisionError (no such commit, no spec in it) or SpecError (it does not compile).
    """
    commit = resolve(repo, ref)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, SPEC_FOLDER],
        cwd=repo,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise RevisionError(f"{ref} ({commit[:7]}) has no {SPEC_FOLDER}/ folder")
    with tempfile.TemporaryDirectory(prefix="realtime-events-spec-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        # What changed on the wire does not depend on when things were added, and a revision's
        # history.json may be in an older format: it is left unread.
        spec = load_spec(Path(folder) / SPEC_FOLDER, with_history=False)
        loaded, upgrades = upgrade(spec, version)
        return SpecAt(commit, compile_loaded(loaded, SPEC_FOLDER), upgrades)


def spec_commits(repo: Path) -> list[str]:
    """Every commit that changed the spec, oldest first (as `git log -- spec/` lists them)."""
    return git(repo, "log", "--reverse", "--format=%H", "--", f"{SPEC_FOLDER}/").split()


def first_parent(repo: Path, commit: str) -> str | None:
    """A commit's first parent, or None for a root commit."""
    parents = git(repo, "rev-list", "--parents", "-n", "1", commit).split()[1:]
    return parents[0] if parents else None


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository").strip() == "true"


def subject(repo: Path, commit: str) -> str:
    """The first line of a commit's message."""
    return git(repo, "log", "-1", "--format=%s", commit).strip()


# --- the ledger of releases ---------------------------------------------------------------------

LEDGER = "releases.yaml"  # in the spec folder
_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_COMMIT = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True, slots=True)
class Release:
    version: str
    commit: str  # the full hash of the commit where the catalogue stood
    location: Location  # where the ledger lists it


def read_ledger(path: Path, shown: str) -> tuple[Release, ...]:
    """The releases `path` lists, oldest first; SpecError naming every problem (`shown` is how
    messages name the file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Diagnostic(Location(shown, 1, 1), "E001", f"cannot read file: {exc}")
        raise SpecError([problem]) from None
    loaded = load_yaml_text(text, shown)
    problems: list[Diagnostic] = []

    def fail(at: tuple[str | int, ...], message: str, hint: str = "") -> None:
        problems.append(Diagnostic(loaded.where(at), "E601", message, hint))

    entries = loaded.data.get("releases") if isinstance(loaded.data, dict) else None
    if not isinstance(entries, list) or not entries:
        fail((), "the ledger needs 'releases': a list of {version, commit}, oldest first")
        raise SpecError(problems)
    releases: list[Release] = []
    for index, entry in enumerate(entries):
        at: tuple[str | int, ...] = ("releases", index)
        if not isinstance(entry, dict):
            fail(at, "a release is a mapping with 'version' and 'commit'")
            continue
        for key in sorted(set(entry) - {"version", "commit", "note"}):
            fail((*at, key), f"unknown key '{key}' in a release", "allowed: version, commit, note")
        version, commit = entry.get("version"), entry.get("commit")
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            fail((*at, "version"), f"release version {version!r} is not MAJOR.MINOR.PATCH")
            continue
        if not isinstance(commit, str) or not _COMMIT.fullmatch(commit):
            fail((*at, "commit"), f"release {version}: commit {commit!r} is not a full hash",
                 "write the 40 hex digits `git rev-parse` prints")  # fmt: skip
            continue
        if releases and _numbers(version) <= _numbers(releases[-1].version):
            fail((*at, "version"), f"release {version} does not follow {releases[-1].version}",
                 "list releases oldest first, each version higher")  # fmt: skip
        releases.append(Release(version, commit, loaded.where(at)))
    if problems:
        raise SpecError(problems)
    return tuple(releases)


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
