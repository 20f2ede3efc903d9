"""The names each code target gives `codegen diff` (its classes, aliases and field names) are
the names it wrote for the catalogue (generated/)."""

from __future__ import annotations

from tests.helpers.code_names import (
    pydantic_mismatches,
    python_mismatches,
    typescript_mismatches,
)
from tests.helpers.support import GENERATED, catalogue


def test_the_targets_name_what_they_wrote_for_the_catalogue() -> None:
    spec = catalogue()
    found = python_mismatches(spec, GENERATED / "realtime_events")
    found += pydantic_mismatches(spec, GENERATED / "pydantic" / "realtime_events_pydantic")
    found += typescript_mismatches(spec, GENERATED / "typescript" / "src")
    assert found == []
