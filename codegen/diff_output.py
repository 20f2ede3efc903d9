"""Findings written out: as text for a terminal, as JSON for tools, as GitHub annotations at
the YAML line, and as a Markdown section of a changelog; and the table of rules, as text or as
the Markdown table the README shows."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .classify import CODE_NAMES, CodeVerdict, Finding, WireVerdict
from .diagnostics import Location
from .rules import RULES, SEVERITY_MEANING, Code, Rule, Severity, Wire
from .versioning import VersionCheck

FORMATS = ("text", "json", "github", "markdown")


@dataclass(frozen=True, slots=True)
class Report:
    old: str  # how the old revision is named: `HEAD`, `0.1.0`
    new: str
    findings: Sequence[Finding]
    version: VersionCheck


def render(report: Report, form: str, *, check_version: bool = False) -> str:
    """The report in one of FORMATS; `check_version` marks a version that is not enough as a
    failure where the format can."""
    if form == "json":
        return as_json(report)
    if form == "github":
        return as_github(report, check_version=check_version)
    if form == "markdown":
        return as_markdown(report, f"{report.new} (against {report.old})")
    return as_text(report)


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    found = Counter(f.severity for f in findings)
    return {severity.value: found[severity] for severity in reversed(Severity)}


def count_line(findings: Sequence[Finding]) -> str:
    return ", ".join(f"{n} {severity}" for severity, n in counts(findings).items())


# --- verdicts in words ------------------------------------------------------------------------


def wire_words(verdict: WireVerdict) -> str:
    if verdict.strict is Wire.SAFE and verdict.tolerant is Wire.SAFE:
        return "safe"
    if verdict.tolerant is Wire.SAFE:
        return "breaks strict readers; safe for realtime-events and its other targets"
    return "breaks every reader, realtime-events too"


def code_words(code: Sequence[CodeVerdict]) -> str:
    """`breaks exhaustive checks in Python, Pydantic and TypeScript`, grouped by verdict."""
    groups: dict[Code, list[CodeVerdict]] = {}
    for one in code:
        groups.setdefault(one.verdict, []).append(one)
    parts = []
    for verdict, members in sorted(groups.items(), key=lambda item: -item[0].rank):
        targets = ", ".join(
            CODE_NAMES[m.target].title + (f" ({m.names})" if m.names else "") for m in members
        )
        parts.append(f"{verdict.value} in {targets}")
    return "; ".join(parts)


def _carriers(finding: Finding, limit: int = 3) -> str:
    names = [f"{side} {wire_type}" for _, side, wire_type in finding.events]
    shown = ", ".join(names[:limit])
    more = len(names) - limit
    return shown + (f" and {more} more" if more > 0 else "")


# --- text -----------------------------------------------------------------------------------


def as_text(report: Report) -> str:
    lines = [f"codegen diff: {report.old} ({report.version.old}) → {report.new} "
             f"({report.version.new})", ""]  # fmt: skip
    for finding in report.findings:
        lines.append(f"{finding.severity.value:<9} {finding.rule}: {finding.summary}")
        was = f"{finding.old_location} in {report.old}" if finding.old_location else ""
        if finding.location is None:
            lines.append(f"    was at {was}")
        elif was and finding.old_location != finding.location:
            lines.append(f"    at {finding.location} (was {was})")
        else:
            lines.append(f"    at {finding.location}")
        if finding.events:
            lines.append(f"    carried by {_carriers(finding)}")
        for verdict in finding.wire:
            lines.append(f"    {verdict.direction.value}: {wire_words(verdict)}. {verdict.why}")
        lines.append(f"    code: {code_words(finding.code)}")
        lines.append(f"    id {finding.id}")
    if report.findings:
        lines.append("")
    lines.append(f"{count_line(report.findings)}." if report.findings else "No changes found.")
    lines.append(f"Version: {report.version.describe()}")
    return "\n".join(lines) + "\n"


# --- JSON -----------------------------------------------------------------------------------


def as_json(report: Report) -> str:
    check = report.version
    document = {
        "old": {"revision": report.old, "version": check.old},
        "new": {"revision": report.new, "version": check.new},
        "counts": counts(report.findings),
        "version": {
            "needed": check.needed.value if check.needed else None,
            "required": check.required.value if check.required else None,
            "made": check.made.value if check.made else None,
            "smallest": check.smallest,
            "enough": check.enough,
        },
        "findings": [finding_json(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def finding_json(finding: Finding) -> dict[str, object]:
    return {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "bump": finding.bump.value,
        "summary": finding.summary,
        "protocol": finding.protocol,
        "events": [
            {"protocol": protocol, "side": side, "wire_type": wire_type}
            for protocol, side, wire_type in finding.events
        ],
        "field": {"owner": finding.owner, "name": finding.member} if finding.member else None,
        "location": _location_json(finding.location),
        "old_location": _location_json(finding.old_location),
        "wire": [
            {
                "direction": v.direction.value,
                "strict": v.strict.value,
                "tolerant": v.tolerant.value,
                "why": v.why,
            }
            for v in finding.wire
        ],
        "code": {v.target: {"verdict": v.verdict.value, "names": v.names} for v in finding.code},
    }


def _location_json(location: Location | None) -> dict[str, object] | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "column": location.column}


# --- GitHub annotations -----------------------------------------------------------------------

_ANNOTATION = {Severity.BREAKING: "error", Severity.DANGEROUS: "warning", Severity.INFO: "notice"}


def as_github(report: Report, *, check_version: bool = False) -> str:
    """Workflow commands GitHub Actions turns into annotations on the YAML line."""
    lines = []
    for finding in report.findings:
        properties = {"title": f"{finding.severity.value}: {finding.rule}"}
        if finding.location is not None:
            properties = {
                "file": finding.location.file,
                "line": str(finding.location.line),
                "col": str(finding.location.column),
                **properties,
            }
        body = [finding.summary]
        body += [f"{v.direction.value}: {wire_words(v)}. {v.why}" for v in finding.wire]
        body.append(f"code: {code_words(finding.code)}")
        lines.append(_command(_ANNOTATION[finding.severity], properties, "\n".join(body)))
    if check_version:
        kind = "notice" if report.version.enough else "error"
        lines.append(_command(kind, {"title": "catalogue version"}, report.version.describe()))
    return "".join(line + "\n" for line in lines)


def _command(kind: str, properties: dict[str, str], message: str) -> str:
    written = ",".join(
        f"{key}={_escape(value, in_property=True)}" for key, value in properties.items()
    )
    return f"::{kind} {written}::{_escape(message)}"


def _escape(text: str, *, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


# --- Markdown ---------------------------------------------------------------------------------

_HEADINGS = {Severity.BREAKING: "Breaking", Severity.DANGEROUS: "Dangerous", Severity.INFO: "Info"}


def as_markdown(report: Report, heading: str, level: int = 2) -> str:
    """A changelog section: what changed, by severity, with each direction's verdict."""
    marks = "#" * level
    lines = [f"{marks} {heading}", ""]
    if report.findings:
        described = report.version.describe()
        lines.append(
            f"Against {report.old}: {count_line(report.findings)}. "
            f"{described[:1].upper()}{described[1:]}"
        )
    else:
        lines.append(f"Against {report.old}: nothing on the wire or in generated code changed.")
    for severity in reversed(Severity):
        chosen = [f for f in report.findings if f.severity is severity]
        if not chosen:
            continue
        lines += ["", f"{marks}# {_HEADINGS[severity]}", ""]
        for finding in chosen:
            verdicts = "; ".join(f"{v.direction.value}: {wire_words(v)}" for v in finding.wire)
            lines.append(
                f"- {finding.summary}. Wire: {verdicts}. Code: {code_words(finding.code)}. "
                f"(`{finding.rule}`, `{finding.id}`)"
            )
    return "\n".join(lines) + "\n"


# --- the rules --------------------------------------------------------------------------------


def rules_text() -> str:
    lines = []
    for rule in RULES:
        code = ", ".join(f"{CODE_NAMES[t].title} {c.value}" for t, c in rule.code.items())
        lines.append(
            f"{rule.key:<26} {rule.direction.value:<8} strict {rule.strict.value:<6} "
            f"tolerant {rule.tolerant.value:<6} {rule.severity.value:<9} {rule.bump.value:<5}  "
            f"{code}"
        )
    lines.append(rules_count())
    lines += [f"{s.value}: {SEVERITY_MEANING[s]}." for s in reversed(Severity)]
    return "\n".join(lines) + "\n"


def rules_count() -> str:
    kinds = len({rule.key for rule in RULES})
    return f"{len(RULES)} rules over {kinds} kinds of change."


def rules_markdown() -> str:
    """The table the README shows (a test keeps the two the same)."""
    lines = [
        "| change | direction | strict reader | realtime-events | Python | Pydantic | "
        "TypeScript | severity | bump |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        lines.append("| " + " | ".join(_rule_cells(rule)) + " |")
    lines += ["", rules_count()]
    return "\n".join(lines) + "\n"


def _rule_cells(rule: Rule) -> list[str]:
    return [
        f"`{rule.key}`",
        rule.direction.value,
        rule.strict.value,
        rule.tolerant.value,
        *(rule.code[target].value for target in CODE_NAMES),
        rule.severity.value,
        rule.bump.value,
    ]
