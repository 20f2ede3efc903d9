"""`codegen diff` replayed over this repository's history: every commit that changed `spec/`,
against its first parent. A revision that does not compile with today's loader (even after
codegen/legacy.py's steps) is a finding of the replay, counted, not a failure of it.

`figures` gives the lines tests/conftest.py prints at the end of the run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from codegen.classify import Finding, Revision, classify, revision
from codegen.diagnostics import SpecError
from codegen.revisions import (
    SPEC_FOLDER,
    RevisionError,
    first_parent,
    git,
    spec_at,
    spec_commits,
    subject,
)


@dataclass(frozen=True)
class Replayed:
    commit: str
    subject: str
    findings: tuple[Finding, ...] | None  # None when a side could not be read
    failure: str  # why not, in one line
    upgrades: tuple[str, ...]  # legacy.py's steps either side needed


@dataclass(frozen=True)
class _Read:
    revision: Revision | None
    failure: str
    upgrades: tuple[str, ...]


def replay(repo: Path) -> list[Replayed]:
    """Each commit that changed the spec, oldest first, against its first parent."""
    results = []
    for commit in spec_commits(repo):
        parent = first_parent(repo, commit)
        first = _Read(None, "the repository's first commit has none", ())
        old = _read(repo, parent) if parent is not None else first
        new = _read(repo, commit)
        line = subject(repo, commit)
        upgrades = tuple(dict.fromkeys(old.upgrades + new.upgrades))
        if old.revision is None or new.revision is None:
            failure = f"parent: {old.failure}" if old.revision is None else new.failure
            results.append(Replayed(commit, line, None, failure, upgrades))
            continue
        findings = tuple(classify(old.revision, new.revision))
        results.append(Replayed(commit, line, findings, "", upgrades))
    return results


def _read(repo: Path, commit: str) -> _Read:
    tree = _spec_tree(repo, commit)
    if tree is None:
        return _Read(None, f"{commit[:7]} has no {SPEC_FOLDER}/", ())
    return _read_tree(repo, commit, tree)


def _spec_tree(repo: Path, commit: str) -> str | None:
    try:
        return git(repo, "rev-parse", f"{commit}:{SPEC_FOLDER}").strip()
    except RevisionError:
        return None


@cache
def _read_tree(repo: Path, commit: str, tree: str) -> _Read:
    """One spec tree, read once however many commits hold it (`tree` is the cache's key)."""
    del tree
    try:
        found = spec_at(repo, commit)
    except SpecError as exc:
        first = exc.diagnostics[0].render().splitlines()[0]
        count = len(exc.diagnostics)
        return _Read(None, f"does not compile ({count} errors; first: {first})", ())
    except RevisionError as exc:
        return _Read(None, str(exc), ())
    return _Read(revision(found.catalogue, commit[:7]), "", found.upgrades)


def figures(results: list[Replayed]) -> list[str]:
    compared = [r for r in results if r.findings is not None]
    failed = [r for r in results if r.findings is None]
    upgraded = [r for r in compared if r.upgrades]
    severities = Counter(f.severity.value for r in compared for f in r.findings or ())
    lines = [
        f"{len(results)} commits that changed spec/ replayed against their first parent: "
        f"{len(compared)} compared ({len(upgraded)} read through codegen/legacy.py's steps), "
        f"{len(failed)} not",
        "findings: " + ", ".join(f"{severities[s]} {s}" for s in ("breaking", "dangerous", "info")),
    ]
    lines += [f"  not compared: {r.commit[:7]} {r.subject[:50]}: {r.failure}" for r in failed]
    largest = sorted(compared, key=lambda r: len(r.findings or ()), reverse=True)[:5]
    for r in largest:
        found = r.findings or ()
        by_rule = Counter(f.rule for f in found).most_common(3)
        kinds = ", ".join(f"{n} {rule}" for rule, n in by_rule)
        by_severity = Counter(f.severity.value for f in found)
        lines.append(
            f"  largest: {r.commit[:7]} {r.subject[:50]!r}: {len(found)} findings "
            f"({by_severity['breaking']} breaking, {by_severity['dangerous']} dangerous, "
            f"{by_severity['info']} info), mostly {kinds}"
        )
    return lines
