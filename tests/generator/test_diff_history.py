"""History over releases of the mini spec (added in, last changed in, renames carried), the
files `codegen changelog` writes, the ledger's errors, and older layouts of the spec brought to
today's (what lets `codegen diff` read the repository's early commits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.classify import revision
from codegen.compare import ChangeKind, compare
from codegen.diagnostics import Location, SpecError
from codegen.diff import compare_revisions
from codegen.history import ReleaseStep, Since, changelog, history_json, history_of, read_history
from codegen.legacy import upgrade
from codegen.load import load_spec
from codegen.pipeline import compile_loaded, compile_spec
from codegen.revisions import Release, read_ledger
from codegen.surface import from_catalogue
from tests.helpers.spec_edits import BOTH, Edit, probe, spec_with
from tests.helpers.support import MINI_SPEC

_PAINTED = """  thing.painted:
    summary: A thing was painted.
    description: Its new colour.
    versions: [v2]
    fields:
      colour: {type: Colour, required: true, description: The new colour.}
    examples:
      - title: Painted red
        json: |
          {"event_id": "event_9", "type": "thing.painted", "colour": "red"}
"""
PIECE = Edit(
    replace=(
        ("types/things.yaml", 'type: "list[Part]"', 'type: "list[Piece]"'),
        ("types/things.yaml", "  Part:\n", "  Piece:\n"),
    )
)
LEDGER_LINE = Location("releases.yaml", 1, 1)
# Three releases: 0.1.0 is the mini spec; 0.2.0 adds an event and a field of Thing; 0.3.0
# renames Part to Piece and changes the field's kind.
RELEASES = (
    ("0.1.0", Edit()),
    (
        "0.2.0",
        Edit(append=(("events/things.yaml", _PAINTED),), extra=(probe(BOTH, "type: string"),)),
    ),
    (
        "0.3.0",
        Edit(
            append=(("events/things.yaml", _PAINTED),),
            extra=(probe(BOTH, "type: integer"), PIECE),
        ),
    ),
)


def _released(tmp_path: Path) -> list[ReleaseStep]:
    steps = []
    previous = None
    for index, (version, edit) in enumerate(RELEASES):
        catalogue = compile_spec(spec_with(tmp_path, edit, version))
        current = revision(catalogue, version)
        report = compare_revisions(previous, current) if previous is not None else None
        release = Release(version, f"{index:040x}", LEDGER_LINE)
        steps.append(ReleaseStep(release, catalogue, report))
        previous = current
    return steps


def test_history_says_when_each_event_and_field_came_and_last_changed(tmp_path: Path) -> None:
    found = history_of(_released(tmp_path))
    assert found.versions == ("0.1.0", "0.2.0", "0.3.0")
    assert found.event("mini", "server", "thing.painted") == Since("0.2.0", "0.2.0")
    assert found.event("mini", "server", "thing.deleted") == Since("0.1.0", "0.1.0")
    # Thing's probe changed in 0.3.0: every event that carries Thing changed then
    assert found.event("mini", "server", "thing.created") == Since("0.1.0", "0.3.0")
    assert found.event("mini", "client", "thing.create") == Since("0.1.0", "0.3.0")
    assert found.field("Thing", "probe") == Since("0.2.0", "0.3.0")
    assert found.field("Thing", "id") == Since("0.1.0", "0.1.0")
    # Part was renamed Piece in 0.3.0: its fields keep their history under the new name
    assert found.field("Piece", "name") == Since("0.1.0", "0.1.0")
    assert found.field("Part", "name") is None
    # an event's own fields are keyed by the event's neutral name
    assert found.field("ThingDeletedEvent", "thing_id") == Since("0.1.0", "0.1.0")


def test_history_is_written_and_read_back(tmp_path: Path) -> None:
    released = _released(tmp_path)
    found = history_of(released)
    path = tmp_path / "history.json"
    path.write_text(history_json(released, found), encoding="utf-8")
    assert read_history(path) == found
    text = changelog(released)
    assert text.index("## 0.3.0") < text.index("## 0.2.0") < text.index("## 0.1.0")
    assert "object `Part` renamed to `Piece`" in text
    assert "The first release the ledger lists" in text


def test_a_rename_carries_an_events_history(tmp_path: Path) -> None:
    """v1 -> v2 of the mini spec renames thing.removed to thing.deleted."""
    catalogue = compile_spec(MINI_SPEC)
    steps = []
    previous = None
    for version in ("v1", "v2"):
        current = revision(catalogue, version, version)
        report = compare_revisions(previous, current) if previous is not None else None
        steps.append(ReleaseStep(Release(version, "0" * 40, LEDGER_LINE), catalogue, report))
        previous = current
    found = history_of(steps)
    # both exist in the catalogue; the renamed one carries the older one's history
    assert found.event("mini", "server", "thing.deleted") == Since("v1", "v2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("releases: []\n", "the ledger needs 'releases'"),
        (
            'releases:\n  - {version: "1.0", commit: ' + "a" * 40 + "}\n",
            "releases.yaml:2:6: error[E601] release version '1.0' is not MAJOR.MINOR.PATCH",
        ),
        (
            'releases:\n  - {version: "1.0.0", commit: abc123}\n',
            "releases.yaml:2:24: error[E601] release 1.0.0: commit 'abc123' is not a full hash",
        ),
        (
            'releases:\n  - {version: "1.0.0", commit: '
            + "a" * 40
            + '}\n  - {version: "0.9.0", commit: '
            + "b" * 40
            + "}\n",
            "releases.yaml:3:6: error[E601] release 0.9.0 does not follow 1.0.0",
        ),
    ],
)
def test_a_bad_ledger_is_reported_where_it_is_wrong(
    text: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "releases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        read_ledger(path, "releases.yaml")
    assert message in raised.value.diagnostics[0].render()


# --- older layouts ------------------------------------------------------------------------------

# The mini spec as the first layouts wrote a catalogue: one protocol's versions, directions and
# endpoint at the top, the package under `catalogue`, no version, no lifecycles.
_OLD_CATALOGUE = """\
catalogue:
  name: mini
  title: Mini catalogue
  package: mini_events
  asyncapi:
    host: mini.example
    path: /v1/things
    query:
      flavour: Which things to talk about.
  description: A synthetic catalogue that exercises every feature of the spec format.
versions:
  v1: {title: V1, description: The first version.}
  v2: {title: V2, description: The second version.}
categories:
  things: {title: Things, description: Events about things.}
directions:
  server:
    title: Server events
    description: What the mini server sends.
    common_fields:
      event_id: {type: string, required: expected, description: Id of the event.}
  client:
    title: Client events
    description: What a client sends to the server.
    common_fields:
      event_id: {type: string, description: An id the client may choose for its event.}
"""


def test_an_older_layout_is_read_as_today_s(tmp_path: Path) -> None:
    spec = tmp_path / "mini"
    spec.mkdir()
    (spec / "catalogue.yaml").write_text(_OLD_CATALOGUE, encoding="utf-8")
    (spec / "events").mkdir()
    for name in ("things.yaml", "requests.yaml"):
        text = (MINI_SPEC / "events" / name).read_text(encoding="utf-8")
        (spec / "events" / name).write_text(text, encoding="utf-8")
    (spec / "types").mkdir()
    types = (MINI_SPEC / "types" / "things.yaml").read_text(encoding="utf-8")
    types = types.replace("group: things\n", "").replace(
        "format: base64, python: {bytes_helper: data_bytes},",
        "format: base64, bytes_helper: data_bytes,",
    )
    (spec / "types" / "things.yaml").write_text(types, encoding="utf-8")
    loaded, steps = upgrade(load_spec(spec), "0.0.1")
    assert steps == ("version", "package", "protocols", "group", "hints")
    old = compile_loaded(loaded, "mini")
    assert old.version == "0.0.1"
    assert old.primary.endpoint.url == "wss://mini.example/v1/things"
    # today's mini spec differs only by what the old layout could not say: v1's retirement, the
    # relay protocol, and the protocol's key (the first layouts' protocol is `realtime`)
    today = compile_spec(MINI_SPEC)
    kinds = {c.kind for c in compare(from_catalogue(old), from_catalogue(today))}
    assert kinds == {ChangeKind.PROTOCOL_ADDED, ChangeKind.PROTOCOL_REMOVED}
    assert [p.key for p in old.protocols] == ["realtime"]


def test_today_s_layout_needs_no_step() -> None:
    _, steps = upgrade(load_spec(MINI_SPEC), "0.0.1")
    assert steps == ()
