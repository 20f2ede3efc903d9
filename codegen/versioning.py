"""The catalogue's version against its changes: the smallest bump they need, and whether the
version was bumped that far.

Semantic versioning: a breaking finding needs a major bump, a dangerous one a minor bump, an
informational one a minor bump when it adds something (an event, a field, a value) and a patch
bump otherwise. Below 1.0.0 everything moves down one place, as Cargo and npm's caret ranges
read 0.x versions: a breaking change needs the minor number bumped (0.2.0 to 0.3.0), and
anything else the patch number (0.2.0 to 0.2.1). Leaving 0.x for 1.0.0 is a major bump.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .rules import Bump


@dataclass(frozen=True, slots=True)
class VersionCheck:
    old: str
    new: str
    needed: Bump | None  # what the changes need, in semantic versioning's terms
    required: Bump | None  # the same, read for the old version (0.x moves down one place)
    made: Bump | None  # what old -> new is; None when they are equal
    backwards: bool  # new is lower than old
    smallest: str  # the smallest version that is enough

    @property
    def enough(self) -> bool:
        return not self.backwards and _rank(self.made) >= _rank(self.required)

    def describe(self) -> str:
        """One line: what was needed, what was done."""
        if self.required is None:
            need = "the changes need no new version"
        else:
            need = f"the changes need a {self.required.value} bump"
            if self.needed is not self.required:
                need += f" (a {self.needed.value if self.needed else 'no'} change, below 1.0.0)"
            need += f", to {self.smallest} at least"
        if self.backwards:
            made = f"{self.old} → {self.new} goes backwards"
        elif self.made is None:
            made = f"the version stays {self.new}"
        else:
            made = f"{self.old} → {self.new} is a {self.made.value} bump"
        verdict = "enough" if self.enough else "not enough"
        return f"{need}; {made}: {verdict}."


def parse(version: str) -> tuple[int, int, int]:
    """`MAJOR.MINOR.PATCH` (what validate.py accepts for the catalogue) as numbers."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def needed_bump(bumps: Iterable[Bump]) -> Bump | None:
    """The largest of the bumps findings need; None when there is none."""
    return max(bumps, key=lambda bump: bump.rank, default=None)


def required_bump(needed: Bump | None, old: str) -> Bump | None:
    """`needed`, read for a version below 1.0.0 one place down."""
    if needed is None or parse(old)[0] > 0:
        return needed
    return Bump.MINOR if needed is Bump.MAJOR else Bump.PATCH


def made_bump(old: str, new: str) -> Bump | None:
    """Which number old -> new increased first; None when equal (or lower: see `backwards`)."""
    before, after = parse(old), parse(new)
    for bump, was, now in zip((Bump.MAJOR, Bump.MINOR, Bump.PATCH), before, after, strict=True):
        if now != was:
            return bump if now > was else None
    return None


def smallest_version(old: str, bump: Bump | None) -> str:
    major, minor, patch = parse(old)
    if bump is Bump.MAJOR:
        return f"{major + 1}.0.0"
    if bump is Bump.MINOR:
        return f"{major}.{minor + 1}.0"
    if bump is Bump.PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return old


def check(old: str, new: str, bumps: Iterable[Bump]) -> VersionCheck:
    needed = needed_bump(bumps)
    required = required_bump(needed, old)
    return VersionCheck(
        old=old,
        new=new,
        needed=needed,
        required=required,
        made=made_bump(old, new),
        backwards=parse(new) < parse(old),
        smallest=smallest_version(old, required),
    )


def _rank(bump: Bump | None) -> int:
    return -1 if bump is None else bump.rank
