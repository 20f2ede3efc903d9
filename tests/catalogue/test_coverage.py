"""spec/COVERAGE.md is current, complete, and counts the reference's own fields."""

from __future__ import annotations

import pytest

from codegen.upstream.coverage import COMMAND, counts, render, totals, upstream_fields
from tests.helpers.spec_yaml import EDITIONS, SPEC
from tests.helpers.upstream import facts, run

COVERAGE = SPEC / "COVERAGE.md"


def test_the_coverage_report_is_current() -> None:
    catalogue, reading, declarations, _ = run()
    expected = render(catalogue, reading, declarations)
    actual = COVERAGE.read_text(encoding="utf-8") if COVERAGE.exists() else ""
    assert actual == expected, f"spec/COVERAGE.md is stale; run: {COMMAND}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_reference_field_is_typed_or_listed(edition: str) -> None:
    _, reading, declarations, _ = run()
    missing = {
        row: by_edition[edition].missing
        for row, by_edition in counts(reading, declarations).items()
        if by_edition[edition].missing
    }
    assert not missing, f"{edition}: fields neither typed nor declared untyped: {missing}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_totals_are_the_references_own_count(edition: str) -> None:
    # every field of every reference object reached from an event counts exactly once,
    # whether the spec types it, declares it untyped, or misses it
    _, reading, declarations, _ = run()
    surface = next(e.surface for e in facts().editions if e.edition.name == edition)
    assert totals(reading, declarations)[edition].in_reference == len(upstream_fields(surface))
