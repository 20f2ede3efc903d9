"""Test-run reporting: the agreement figures every target's test records."""

from __future__ import annotations

import pytest

from tests.agreement import RESULTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if RESULTS:
        terminalreporter.section("targets against the Python decoder")
        for result in RESULTS:
            terminalreporter.write_line(result.summary())
