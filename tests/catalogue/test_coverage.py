"""spec/COVERAGE.md is current, complete, and counts the reference's own fields."""

from __future__ import annotations

import pytest

from tests.helpers.coverage import COMMAND, COVERAGE, counts, render, totals
from tests.helpers.reference_model import EDITIONS, reference_fields, spec_and_match


def test_the_coverage_report_is_current() -> None:
    spec, m = spec_and_match()
    expected = render(spec, m)
    actual = COVERAGE.read_text(encoding="utf-8") if COVERAGE.exists() else ""
    assert actual == expected, f"spec/COVERAGE.md is stale; run: {COMMAND}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_reference_field_is_typed_or_listed(edition: str) -> None:
    spec, m = spec_and_match()
    missing = {
        row: by_edition[edition].missing
        for row, by_edition in counts(spec, m).items()
        if by_edition[edition].missing
    }
    assert not missing, f"{edition}: fields neither typed nor listed as untyped: {missing}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_totals_are_the_references_own_count(edition: str) -> None:
    # every field of every reference object reached from an event counts exactly once,
    # whether the spec types it, lists it as untyped, or misses it
    spec, m = spec_and_match()
    assert totals(spec, m)[edition].in_reference == len(reference_fields(edition))
