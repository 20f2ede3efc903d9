"""The results table and the document around it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    measure: str
    stream: str = ""
    value: str = ""
    per_event: str = ""
    ratio: str = ""
    target: str = ""
    status: str = ""


HEADER = ("Measure", "Stream", "Result", "Per event", "Ratio", "Target", "Status")


def verdict(ok: bool, *, provisional: bool = False) -> str:
    text = "met" if ok else "**not met**"
    return f"{text} (partial stream)" if provisional else text


def table(rows: list[Row]) -> str:
    cells = [HEADER] + [
        (r.measure, r.stream, r.value, r.per_event, r.ratio, r.target, r.status) for r in rows
    ]
    widths = [max(len(row[column]) for row in cells) for column in range(len(HEADER))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def document(*, title: str, facts: list[str], rows: list[Row], notes: list[str], mode: str) -> str:
    parts = [f"# {title}", "", f"Written by `python -m tests.benchmarks{mode}`.", "", *facts, ""]
    parts += [table(rows), ""]
    if notes:
        parts += ["Notes:", "", *(f"- {note}" for note in notes), ""]
    return "\n".join(parts)


def ms(ns: float) -> str:
    return f"{ns / 1e6:,.1f} ms"


def us(ns: float) -> str:
    return f"{ns / 1e3:,.2f} µs"


def times(ratio: float) -> str:
    return f"{ratio:,.2f}×"
