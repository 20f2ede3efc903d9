"""spec/CHANGELOG.md and spec/history.json are what `python -m codegen changelog` computes from
the release ledger (spec/releases.yaml) and git, and `python -m codegen diff` runs against HEAD.
Needs the git history."""

from __future__ import annotations

import pytest

from codegen.cli import main
from codegen.history import CHANGELOG, HISTORY, changelog_files, read_history
from codegen.revisions import LEDGER, is_shallow, read_ledger
from tests.helpers.support import ROOT, SPEC


@pytest.fixture(scope="module")
def computed() -> dict[str, str]:
    if is_shallow(ROOT):
        pytest.fail(
            "the clone is shallow, so the releases cannot be read from git: "
            "run `git fetch --unshallow` (in CI: actions/checkout with fetch-depth: 0)"
        )
    return changelog_files(ROOT)


@pytest.mark.parametrize("name", [CHANGELOG, HISTORY])
def test_the_committed_history_is_what_the_ledger_gives(
    name: str, computed: dict[str, str]
) -> None:
    written = (SPEC / name).read_text(encoding="utf-8")
    assert written == computed[name], f"spec/{name} is stale: run `make changelog`"


def test_every_release_is_in_the_history() -> None:
    history = read_history(SPEC / HISTORY)
    ledger = read_ledger(SPEC / LEDGER, f"spec/{LEDGER}")
    assert history.versions == tuple(r.version for r in ledger)
    since = history.event("realtime", "server", "response.done")
    assert since is not None and since.added == ledger[0].version
    assert history.field("Response", "status") is not None
    assert history.field("ResponseDoneEvent", "response") is not None


def test_the_working_tree_is_compared_with_head(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("codegen diff: HEAD (")
    assert ") → the working tree (" in out.splitlines()[0]
