"""Test-run reporting: the agreement figures every target's test records, and the seeds."""

from __future__ import annotations

import pytest

from tests.agreement import NOTES, RESULTS


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
