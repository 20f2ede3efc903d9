"""Test-run reporting: the agreement figures every target's test records, the seeds, and the
docs site's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.agreement import NOTES, RESULTS
from tests.docs_site import FIGURES, build_site
from tests.support import GENERATED


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site, built by MkDocs from generated/docs/ (once per test run)."""
    return build_site(GENERATED / "docs", tmp_path_factory.mktemp("site"))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if RESULTS:
        terminalreporter.section("targets against the Python decoder")
        for result in RESULTS:
            terminalreporter.write_line(result.summary())
    seed = config.getoption("hypothesis_seed", None)
    if seed is not None or NOTES:
        terminalreporter.section("randomness")
        if seed is not None:
            terminalreporter.write_line(
                f"hypothesis seed: {seed} (property tests draw the same examples every run; "
                "pass --hypothesis-seed=N to draw others)"
            )
        for note in NOTES:
            terminalreporter.write_line(note)
    if FIGURES:
        terminalreporter.section("docs site")
        for line in FIGURES:
            terminalreporter.write_line(line)
