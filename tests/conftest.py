"""Fixtures every folder shares (the built reference site) and the end-of-run report: the
agreement figures every target's test records, the seeds, the figures of the sessions over a
socket and of the docs site, gathered from every pytest-xdist worker.

Layout: tests/generator/ (the generator on the mini and hostile specs), tests/bindings/ (the
generated package as a user runs it; nox runs it on each CPython), tests/targets/ (each target's
output, held to the Python decoder), tests/catalogue/ (the spec against the reference facts),
tests/sessions/ (whole sessions over a socket), tests/benchmarks/ (the bench's own checks);
helpers live in tests/helpers/ and no test module imports another.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.agreement import NOTES, RESULTS, Verdicts
from tests.helpers.docs_site import FIGURES, build_site
from tests.helpers.shared import shared_artefact
from tests.helpers.support import GENERATED, REPLAY_FIGURES, SOCKET_FIGURES

# What a worker sends back to the controlling process when it finishes (pytest-xdist).
_WORKER_OUTPUT = "realtime_events_figures"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference site, built by MkDocs from generated/docs/ (once per test run)."""
    return shared_artefact(
        tmp_path_factory, "site", lambda out: build_site(GENERATED / "docs", out)
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: a full-corpus or whole-session test (`-m 'not slow'` leaves them out)",
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a worker: hand the figures to the controller
        workeroutput[_WORKER_OUTPUT] = json.dumps(
            {
                "results": [dataclasses.asdict(result) for result in RESULTS],
                "notes": NOTES,
                "sockets": SOCKET_FIGURES,
                "site": FIGURES,
                "replay": REPLAY_FIGURES,
            }
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """A worker finished: keep its figures for the summary (pytest-xdist's hook)."""
    text = getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT)
    if text is None:
        return
    figures = json.loads(text)
    for result in figures["results"]:
        RESULTS.append(Verdicts(**{**result, "disagreements": tuple(result["disagreements"])}))
    NOTES.extend(figures["notes"])
    SOCKET_FIGURES.extend(figures["sockets"])
    FIGURES.extend(figures["site"])
    REPLAY_FIGURES.extend(figures["replay"])


def _once(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if getattr(config, "workeroutput", None) is not None:
        return
    if RESULTS:
        terminalreporter.section("targets against the Python decoder")
        ordered = sorted(
            RESULTS, key=lambda r: (r.catalogue != "spec", r.catalogue, r.target, r.parser)
        )
        for result in ordered:
            terminalreporter.write_line(result.summary())
    if SOCKET_FIGURES:
        terminalreporter.section("sessions over a real socket")
        for figure in _once(SOCKET_FIGURES):
            terminalreporter.write_line(figure)
    seed = config.getoption("hypothesis_seed", None)
    if seed is not None or NOTES:
        terminalreporter.section("randomness")
        if seed is not None:
            terminalreporter.write_line(
                f"hypothesis seed: {seed} (property tests draw the same examples every run; "
                "pass --hypothesis-seed=N to draw others)"
            )
        for note in _once(NOTES):
            terminalreporter.write_line(note)
    if FIGURES:
        terminalreporter.section("docs site")
        for line in _once(FIGURES):
            terminalreporter.write_line(line)
    if REPLAY_FIGURES:
        terminalreporter.section("codegen diff on real changes")
        for line in _once(REPLAY_FIGURES):
            terminalreporter.write_line(line)
