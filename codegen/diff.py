"""`codegen diff`: two revisions of the catalogue in, a report out.

A revision is a spec folder (the working tree's `spec/`, or any other) or a git ref, whose
`spec/` is read from git. A ref that the release ledger lists takes the ledger's version when
its catalogue states none.
"""

from __future__ import annotations

from pathlib import Path

from . import versioning
from .classify import Revision, classify, revision
from .diff_output import Report
from .pipeline import compile_spec
from .revisions import LEDGER, NO_VERSION, SPEC_FOLDER, read_ledger, resolve, spec_at


def compare_revisions(old: Revision, new: Revision) -> Report:
    findings = classify(old, new)
    check = versioning.check(
        old.catalogue.version, new.catalogue.version, (f.bump for f in findings)
    )
    return Report(old.label, new.label, findings, check)


def folder_revision(spec_dir: Path, label: str) -> Revision:
    """A spec folder as a revision; SpecError if it does not compile."""
    return revision(compile_spec(spec_dir), label)


def ref_revision(repo: Path, ref: str) -> Revision:
    """`ref`'s spec as a revision; RevisionError or SpecError if it cannot be read."""
    commit = resolve(repo, ref)
    version = released_versions(repo).get(commit, NO_VERSION)
    return revision(spec_at(repo, commit, version).catalogue, ref)


def released_versions(repo: Path) -> dict[str, str]:
    """The ledger's commits and their versions; empty when the working tree has no ledger."""
    path = repo / SPEC_FOLDER / LEDGER
    if not path.exists():
        return {}
    return {r.commit: r.version for r in read_ledger(path, f"{SPEC_FOLDER}/{LEDGER}")}
