"""The catalogue's released versions, each compared with the one before it: a changelog, and
for every event and every field the version that added it and the one that last changed it.

The releases are the ledger's (`spec/releases.yaml`: a version and the commit where the
catalogue stood, oldest first). `python -m codegen changelog` reads each from git, classifies
what changed from one to the next, and writes two files beside the ledger, so that nothing at
generation time needs git or history:

- `spec/CHANGELOG.md`: per release, its findings against the previous one;
- `spec/history.json`: per event (protocol, side, wire type) and per field (its owner, a
  declared type's name or an event's neutral name, and its wire name), `added` and `changed`.

`read_history()` (since.py) reads the second back, and the generator shows it on every event
and field. A rename carries history with it: an event renamed in 0.3.0 keeps the version that
added it under its old name, and was changed in 0.3.0.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .classify import Finding, Revision, revision
from .diff import compare_revisions
from .diff_output import Report, as_markdown, counts
from .ir import Catalogue, ObjectType
from .revisions import LEDGER, SPEC_FOLDER, Release, read_ledger, spec_at

# read_history and its types live in since.py (a spec loads without git) and are imported
# from here too.
from .since import HISTORY, EventKey, FieldKey, History, Since, read_history  # noqa: F401

CHANGELOG = "CHANGELOG.md"


@dataclass(frozen=True, slots=True)
class ReleaseStep:
    """One release, and what changed since the release before it (None for the first)."""

    release: Release
    catalogue: Catalogue
    report: Report | None


def steps(repo: Path, releases: Sequence[Release]) -> list[ReleaseStep]:
    """Each release read from git, with its report against the previous release."""
    found: list[ReleaseStep] = []
    previous: Revision | None = None
    for release in releases:
        current = revision(
            spec_at(repo, release.commit, release.version).catalogue, release.version
        )
        report = compare_revisions(previous, current) if previous is not None else None
        found.append(ReleaseStep(release, current.catalogue, report))
        previous = current
    return found


def history_of(released: Sequence[ReleaseStep]) -> History:
    """Added and last changed, per event and field, across the releases."""
    events: dict[EventKey, Since] = {}
    fields: dict[FieldKey, Since] = {}
    for step in released:
        version = step.release.version
        findings = step.report.findings if step.report is not None else ()
        renamed_events = _follow_renames(findings, events, fields)
        for finding in findings:
            for protocol, side, wire_type in finding.events:
                key = (protocol, side, renamed_events.get((protocol, side, wire_type), wire_type))
                if key in events:
                    events[key] = Since(events[key].added, version)
            if finding.member and (finding.owner, finding.member) in fields:
                old = fields[(finding.owner, finding.member)]
                fields[(finding.owner, finding.member)] = Since(old.added, version)
        present_events, present_fields = _inventory(step.catalogue)
        events = {k: events.get(k, Since(version, version)) for k in present_events}
        fields = {k: fields.get(k, Since(version, version)) for k in present_fields}
    return History(
        tuple(step.release.version for step in released),
        dict(sorted(events.items())),
        dict(sorted(fields.items())),
    )


def _follow_renames(
    findings: Iterable[Finding], events: dict[EventKey, Since], fields: dict[FieldKey, Since]
) -> dict[EventKey, str]:
    """Move the history of what was renamed to its new name (events and objects first, then
    their fields); the renamed events' new wire types by their old keys."""
    renamed: dict[EventKey, str] = {}
    for finding in findings:
        if finding.rule == "event-renamed":
            change = finding.changes[0]
            key = (change.protocol, change.side, change.old)
            renamed[key] = change.new
            if key in events:
                events[(change.protocol, change.side, change.new)] = events.pop(key)
        before, after = finding.renamed
        if before and after and before != after:
            for owner, name in [key for key in fields if key[0] == before]:
                fields[(after, name)] = fields.pop((owner, name))
    for finding in findings:
        if finding.rule == "field-renamed":
            old_key = (finding.owner, finding.changes[0].member)
            if old_key in fields:
                fields[(finding.owner, finding.member)] = fields.pop(old_key)
    return renamed


def _inventory(catalogue: Catalogue) -> tuple[set[EventKey], set[FieldKey]]:
    events = {(e.protocol, e.direction, e.wire_type) for e in catalogue.events}
    fields = {(e.name, f.wire_name) for e in catalogue.events for f in e.fields}
    fields |= {
        (t.name, f.wire_name)
        for t in catalogue.types
        if isinstance(t, ObjectType)
        for f in t.fields
    }
    return events, fields


# --- the written files --------------------------------------------------------------------------


def changelog_files(repo: Path) -> dict[str, str]:
    """CHANGELOG.md and history.json for the ledger of `repo`'s spec, computed from git."""
    ledger = read_ledger(repo / SPEC_FOLDER / LEDGER, f"{SPEC_FOLDER}/{LEDGER}")
    released = steps(repo, ledger)
    return {CHANGELOG: changelog(released), HISTORY: history_json(released, history_of(released))}


def changelog(released: Sequence[ReleaseStep]) -> str:
    lines = [
        "# Changelog of the catalogue",
        "",
        "Generated by `python -m codegen changelog` (`make changelog`) from "
        f"`{SPEC_FOLDER}/{LEDGER}`, where each release is the commit at which the catalogue "
        "stood; do not edit. Each release is compared with the one before it: what the rules "
        "of `python -m codegen diff --rules` say each change breaks, for the wire in each "
        "direction and for the code each target generates (README.md, *Maintainers: what an "
        "edit breaks*).",
        "",
    ]
    for step in reversed(released):
        release = step.release
        if step.report is None:
            catalogue = step.catalogue
            lines += [
                f"## {release.version}",
                "",
                f"The first release the ledger lists (commit {release.commit[:10]}): "
                f"{len(catalogue.events)} events of {len(catalogue.protocols)} protocols, "
                f"{len(catalogue.types)} declared types.",
                "",
            ]
            continue
        section = as_markdown(step.report, f"{release.version} (commit {release.commit[:10]})")
        lines += [section.rstrip("\n"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def history_json(released: Sequence[ReleaseStep], found: History) -> str:
    """One record per line, in a fixed order, so that a change reads as a small diff."""
    releases = []
    for step in released:
        record: dict[str, object] = {"version": step.release.version, "commit": step.release.commit}
        if step.report is not None:
            record["previous"] = step.report.old
            record["counts"] = counts(step.report.findings)
            record["version_check"] = step.report.version.describe()
        releases.append(record)
    events = [
        {"protocol": p, "side": s, "wire_type": w, "added": since.added, "changed": since.changed}
        for (p, s, w), since in found.events.items()
    ]
    fields = [
        {"owner": owner, "field": name, "added": since.added, "changed": since.changed}
        for (owner, name), since in found.fields.items()
    ]
    header = {
        "generated": f"by python -m codegen changelog from {SPEC_FOLDER}/{LEDGER}; do not edit",
        "fields_owner": "a declared type's name, or an event's neutral name for its own fields",
    }
    parts = [
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in header.items()
    ]
    for key, records in (("releases", releases), ("events", events), ("fields", fields)):
        rows = ",\n".join(f"    {json.dumps(r, ensure_ascii=False)}" for r in records)
        parts.append(f"  {json.dumps(key)}: [\n{rows}\n  ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"
