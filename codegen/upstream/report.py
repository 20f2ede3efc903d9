"""The findings of `codegen upstream` as text, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from .declared import Explained
from .reading import Finding

FORMATS = ("text", "json", "github")


@dataclass(frozen=True, slots=True)
class SourceReport:
    kind: str  # `openapi`, `sdk`, `reference`
    label: str  # what it was read from
    explained: Explained


def render(reports: Sequence[SourceReport], form: str) -> str:
    if form == "json":
        return (
            json.dumps({"sources": [_json(r) for r in reports]}, indent=2, ensure_ascii=False)
            + "\n"
        )
    if form == "github":
        return "".join(_annotation(r, f) for r in reports for f in r.explained.findings)
    return "".join(_text(r) for r in reports)


def _text(report: SourceReport) -> str:
    found = report.explained.findings
    lines = [
        f"{report.kind} ({report.label}): {len(found)} finding{'s' if len(found) != 1 else ''}, "
        f"{len(report.explained.declared)} differences declared in spec/reference.yaml"
    ]
    for finding in found:
        lines.append(f"{finding.location}: {finding.kind} {finding.position}: {finding.message}")
        lines += [f"    {line}" for line in finding.snippet.splitlines()]
    return "\n".join(lines) + "\n"


def _json(report: SourceReport) -> dict[str, object]:
    return {
        "source": report.kind,
        "label": report.label,
        "declared": len(report.explained.declared),
        "findings": [_finding(f) for f in report.explained.findings],
    }


def _finding(finding: Finding) -> dict[str, object]:
    value = finding.value
    if isinstance(value, tuple):
        value = {"adds": sorted(value[0]), "leaves_out": sorted(value[1])}
    return {
        "kind": finding.kind,
        "position": finding.position,
        "message": finding.message,
        "file": finding.location.file,
        "line": finding.location.line,
        "column": finding.location.column,
        "value": value,
        "editions": list(finding.editions),
        "snippet": finding.snippet,
    }


def _annotation(report: SourceReport, finding: Finding) -> str:
    where = finding.location
    title = _escape(f"upstream ({report.kind}): {finding.kind}", property_value=True)
    message = f"{finding.position}: {finding.message}"
    if finding.snippet:
        message += "\n" + finding.snippet
    return (
        f"::warning file={_escape(where.file, property_value=True)},line={where.line},"
        f"col={where.column},title={title}::{_escape(message)}\n"
    )


def _escape(text: str, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping: %, CR and LF always; `:` and `,` in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text
