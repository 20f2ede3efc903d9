"""`codegen diff` on real changes: the catalogue narrowed to beta against it narrowed to GA
(renames reported as renames), and every commit of this repository that changed `spec/` against
its first parent (none crashes; one that does not compile is counted). Needs the git history;
the figures are printed at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

from codegen.classify import classify, revision
from codegen.revisions import is_shallow
from tests.helpers.replay import figures, replay
from tests.helpers.support import REPLAY_FIGURES, ROOT, catalogue

# The GA names of the beta events the catalogue says were renamed (`renamed_from`).
RENAMED = {
    "response.audio.delta": "response.output_audio.delta",
    "response.audio.done": "response.output_audio.done",
    "response.audio_transcript.delta": "response.output_audio_transcript.delta",
    "response.audio_transcript.done": "response.output_audio_transcript.done",
    "response.text.delta": "response.output_text.delta",
    "response.text.done": "response.output_text.done",
}


def test_beta_to_ga_reports_the_catalogue_s_renames_as_renames() -> None:
    spec = catalogue()
    findings = classify(revision(spec, "beta", "beta"), revision(spec, "ga", "ga"))
    renamed = {f.changes[0].old: f.changes[0].new for f in findings if f.rule == "event-renamed"}
    assert renamed == RENAMED
    gone = {f.changes[0].member for f in findings if f.rule == "event-removed"}
    added = {f.changes[0].member for f in findings if f.rule == "event-added"}
    assert not gone & RENAMED.keys()
    assert not added & set(RENAMED.values())
    # what moving a proxy from beta to GA meets: the renamed classes break code, the new events
    # break strict readers only, the beta-only transcription session events are gone
    assert {"transcription_session.created", "transcription_session.update"} <= gone
    severities = Counter(f.severity.value for f in findings)
    rules = Counter(f.rule for f in findings)
    REPLAY_FIGURES.append(
        f"beta → GA: {len(findings)} findings ({severities['breaking']} breaking, "
        f"{severities['dangerous']} dangerous, {severities['info']} info): "
        f"{rules['event-renamed']} events renamed, {rules['event-added']} added, "
        f"{rules['event-removed']} removed"
    )


def test_every_commit_that_changed_the_spec_replays() -> None:
    if is_shallow(ROOT):
        pytest.fail(
            "the clone is shallow, so the spec's history cannot be replayed: "
            "run `git fetch --unshallow` (in CI: actions/checkout with fetch-depth: 0)"
        )
    results = replay(ROOT)
    REPLAY_FIGURES.extend(figures(results))
    compared = [r for r in results if r.findings is not None]
    assert len(results) >= 29  # the spec's commits when this test was written
    assert len(compared) >= 26
    # every finding has an id of its own within its commit, and a rule of the table
    for result in compared:
        found = result.findings or ()
        assert len({f.id for f in found}) == len(found), result.commit
    # the commits that are not compared say why, in one line
    assert all(r.failure and "\n" not in r.failure for r in results if r.findings is None)
