"""spec/reference.yaml: the differences from upstream the catalogue makes on purpose, each with its
reason, and what a reading finds beyond them.

A declared difference explains the finding of its section and position when it says the same
(the same editions' states for an event, the same JSON kinds or enum values added and left out,
the same presence). One that explains nothing any more is reported, at its line, as stale. An
entry may say `against: [reference, openapi]`: the sources (codegen/upstream/editions.py) whose
readings it explains; without it, every source's. Entries of `events` concern the sources whose
editions they name.

The catalogue's side of a declaration is checked too: a field declared `extra` or `nullable`
says why in its own description (mentioning the reference, and null), and a field declared
`example_only` stays untyped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Location
from ..ir import Catalogue, Field
from ..load import LoadedFile, load_yaml_text
from .editions import EDITION, SOURCES
from .reading import DECLARABLE, Finding, Reading, event_position

SECTIONS = (*DECLARABLE, "example_only")
# The key naming what an entry declares, per section (a single name or a list).
_NAMES = ("fields", "field", "event", "enum")


@dataclass(frozen=True, slots=True)
class Declared:
    section: str
    position: str
    value: object  # as Finding.value
    reason: str
    location: Location  # the entry's, in reference.yaml
    against: tuple[str, ...] = ()  # the sources it concerns; () for every one


@dataclass(frozen=True, slots=True)
class Declarations:
    entries: tuple[Declared, ...]
    problems: tuple[Finding, ...]  # entries that cannot be read
    file: str

    def reasons(self, section: str) -> dict[str, str]:
        return {d.position: d.reason for d in self.entries if d.section == section}


@dataclass(frozen=True, slots=True)
class Explained:
    findings: tuple[Finding, ...]  # what no declaration explains, and declarations gone stale
    declared: tuple[tuple[Finding, Declared], ...]  # what the declarations explain


def read_declarations(path: Path, shown: str) -> Declarations:
    if not path.exists():
        return Declarations((), (), shown)
    loaded = load_yaml_text(path.read_text(encoding="utf-8"), shown)
    data = loaded.data or {}
    entries: list[Declared] = []
    problems: list[Finding] = []
    for section in data:
        if section not in SECTIONS:
            where = loaded.where((section,))
            problems.append(Finding("declaration", section, "an unknown section", where))
    for section in SECTIONS:
        for index, entry in enumerate(data.get(section) or []):
            entries += _entry(loaded, section, index, entry, problems)
    return Declarations(tuple(entries), tuple(problems), shown)


def _entry(
    loaded: LoadedFile, section: str, index: int, entry: Any, problems: list[Finding]
) -> list[Declared]:
    where = loaded.where((section, index))
    key = next((k for k in _NAMES if isinstance(entry, dict) and k in entry), None)
    if key is None:
        problems.append(Finding("declaration", f"{section}[{index}]",
                                f"an entry needs one of {', '.join(_NAMES)}", where))  # fmt: skip
        return []
    names = entry[key] if isinstance(entry[key], list) else [entry[key]]
    reason = " ".join(str(entry.get("reason", "")).split())
    against = tuple(str(s) for s in entry.get("against") or ())
    for source in against:
        if source not in SOURCES:
            problems.append(Finding("declaration", f"{section}[{index}]",
                                    f"against names no source: {source}", where))  # fmt: skip
    out = []
    for i, name in enumerate(names):
        at = loaded.where((section, index, key, i)) if isinstance(entry[key], list) else where
        if len(reason) < 20:
            problems.append(Finding("declaration", str(name), f"{section}: needs a reason", at))
        out.append(Declared(section, str(name), _value(section, entry), reason, at, against))
    return out


def _value(section: str, entry: dict[str, Any]) -> object:
    if section == "events":
        return {k: str(v) for k, v in entry.items() if k in EDITION}
    if section in ("types", "enums"):
        return ({str(v) for v in entry.get("adds") or ()},
                {str(v) for v in entry.get("leaves_out") or ()})  # fmt: skip
    if section == "required":
        return str(entry.get("spec"))
    return None


def explain(
    reading: Reading, declarations: Declarations, catalogue: Catalogue, source: str
) -> Explained:
    """The findings no declaration explains, and the declarations that explain nothing."""
    editions = {e.name for e in reading.editions}
    concerned = [d for d in declarations.entries if _concerns(d, source, editions)]
    by_key = {(d.section, d.position): d for d in concerned}
    left: list[Finding] = list(declarations.problems)
    declared: list[tuple[Finding, Declared]] = []
    used: set[tuple[str, str]] = set()
    for finding in reading.findings:
        entry = by_key.get((finding.kind, finding.position))
        if entry is None:
            left.append(finding)
            continue
        used.add((entry.section, entry.position))
        expected = entry.value
        if isinstance(expected, dict):
            expected = {k: v for k, v in expected.items() if k in editions}
        if expected != finding.value:
            left.append(Finding(
                finding.kind, finding.position,
                f"{finding.message}; {declarations.file} says {_said(entry)}",
                entry.location, finding.value, finding.editions,
            ))  # fmt: skip
            continue
        declared.append((finding, entry))
    unmet = _records(catalogue) - set(reading.meets)
    for entry in concerned:
        if entry.section == "nullable" and entry.position in reading.null_unknown:
            continue  # the source cannot tell whether null is sent there
        if "." in entry.position and _split(entry.position.removesuffix("[]")) in unmet:
            continue  # about an object or event the source does not describe (another protocol)
        if entry.section != "example_only" and (entry.section, entry.position) not in used:
            left.append(Finding(
                "stale", entry.position,
                f"declared under {entry.section} in {declarations.file}, but no longer a "
                f"difference from {source}",
                entry.location,
            ))  # fmt: skip
    # only a difference from the reference facts asks the field's description to say why
    about_reference = [f for f, d in declared if not d.against or "reference" in d.against]
    left += _catalogue_side(about_reference, declarations, catalogue)
    return Explained(tuple(left), tuple(declared))


def _concerns(entry: Declared, source: str, editions: set[str]) -> bool:
    if entry.against and source not in entry.against:
        return False
    if entry.section == "events":
        assert isinstance(entry.value, dict)
        return bool(set(entry.value) & editions)
    return True


def _said(entry: Declared) -> str:
    value = entry.value
    if isinstance(value, tuple):
        return f"adds {sorted(value[0])} and leaves out {sorted(value[1])}"
    return str(value)


def _catalogue_side(
    declared: list[Finding], declarations: Declarations, catalogue: Catalogue
) -> list[Finding]:
    """Declared extra and nullable fields say why in their descriptions; fields only an example
    carries stay untyped."""
    out: list[Finding] = []
    fields = _fields(catalogue)
    for finding in declared:
        needle = {"extra": "reference", "nullable": "null"}.get(finding.kind)
        ir = fields.get(finding.position)
        if needle is None or ir is None:
            continue
        text = " ".join(ir.description.split())
        if needle not in text or "reference" not in text:
            also = " and null" if needle == "null" else ""
            out.append(Finding(
                "description", finding.position,
                f"{finding.kind}: its description must say why it differs from the reference "
                f"(mention the reference{also})",
                ir.location,
            ))  # fmt: skip
    records = {_split(name) for name in fields}
    for entry in declarations.entries:
        if entry.section != "example_only":
            continue
        if entry.position in fields:
            out.append(Finding("declaration", entry.position,
                               "example_only: typed by the spec; list it under extra",
                               entry.location))  # fmt: skip
        elif _split(entry.position) not in records:
            out.append(Finding("declaration", entry.position,
                               "example_only: names no object or event of the spec",
                               entry.location))  # fmt: skip
    return out


def _fields(catalogue: Catalogue) -> dict[str, Field]:
    """Every field by its position (`Object.field`, `wire.type.field`, `protocol:wire.field`)."""
    out: dict[str, Field] = {}
    for event in catalogue.events:
        name = event_position(catalogue, event)
        out.update({f"{name}.{f.wire_name}": f for f in event.fields})
    for declared in catalogue.types:
        for f in getattr(declared, "fields", ()):
            out[f"{declared.name}.{f.wire_name}"] = f
    return out


def _records(catalogue: Catalogue) -> set[str]:
    """The names positions give the catalogue's objects and events."""
    events = {event_position(catalogue, event) for event in catalogue.events}
    return events | {declared.name for declared in catalogue.types}


def _split(position: str) -> str:
    return position.rpartition(".")[0]
