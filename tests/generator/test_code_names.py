"""The names each code target gives `codegen diff` (its classes, aliases and field names) are
the names it wrote for the mini spec (tests/golden/mini/)."""

from __future__ import annotations

from codegen.pipeline import compile_spec
from tests.helpers.code_names import (
    pydantic_mismatches,
    python_mismatches,
    typescript_mismatches,
)
from tests.helpers.support import GOLDEN_MINI, MINI_SPEC


def test_the_targets_name_what_they_wrote_for_the_mini_spec() -> None:
    catalogue = compile_spec(MINI_SPEC)
    found = python_mismatches(catalogue, GOLDEN_MINI / "mini_events")
    found += pydantic_mismatches(catalogue, GOLDEN_MINI / "pydantic" / "mini_pydantic")
    found += typescript_mismatches(catalogue, GOLDEN_MINI / "typescript" / "src")
    assert found == []
