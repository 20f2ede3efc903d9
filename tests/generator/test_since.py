"""When each event and field was added and last changed: the release history (history.json) is
read with the spec and put on the IR; the docs site, the Python package and the TypeScript
package show it; a different history shows differently; what no release has is new in the
catalogue's version when that is still to be released; a spec without a history says nothing,
and a broken one is a spec error."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from codegen.diagnostics import SpecError
from codegen.ir import Catalogue, Event, ObjectType
from codegen.pipeline import compile_spec
from codegen.revisions import spec_at
from codegen.since import HISTORY
from codegen.targets import docs, python, typescript
from tests.helpers.support import MINI_SPEC

EVENT_PAGE = "pages/events/thing.created.md"
EVENT_MODULE = "models/things_events.py"
EVENT_TS = "src/events/things.ts"


def spec_with_history(
    tmp_path: Path,
    releases: tuple[str, ...],
    events: Mapping[tuple[str, str, str], tuple[str, str]],
    fields: Mapping[tuple[str, str], tuple[str, str]],
    version: str = "1.0.0",
) -> Path:
    """A copy of the mini spec at `version`, with a history of its own."""
    spec = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, spec)
    catalogue = spec / "catalogue.yaml"
    text = catalogue.read_text("utf-8").replace('version: "1.0.0"', f'version: "{version}"')
    catalogue.write_text(text, "utf-8")
    document = {
        "releases": [{"version": v, "commit": str(i) * 40} for i, v in enumerate(releases)],
        "events": [
            {"protocol": p, "side": s, "wire_type": w, "added": a, "changed": c}
            for (p, s, w), (a, c) in events.items()
        ],
        "fields": [
            {"owner": o, "field": f, "added": a, "changed": c} for (o, f), (a, c) in fields.items()
        ],
    }
    (spec / HISTORY).write_text(json.dumps(document), "utf-8")
    return spec


CREATED = ("mini", "server", "thing.created")


def event(catalogue: Catalogue, protocol: str, wire_type: str) -> Event:
    return next(e for e in catalogue.events if (e.protocol, e.wire_type) == (protocol, wire_type))


def files(catalogue: Catalogue) -> dict[str, Mapping[str, str]]:
    """The docs, Python and TypeScript output as built (the docs without the other targets'
    tabs), unformatted: what the history decides is in their text either way."""
    return {
        "docs": docs.TARGET.build(catalogue, {}).files,
        "python": python.TARGET.build(catalogue, {}).files,
        "typescript": typescript.TARGET.build(catalogue, {}).files,
    }


# --- the IR ---------------------------------------------------------------------------------


def test_the_ir_carries_what_the_history_says(tmp_path: Path) -> None:
    spec = spec_with_history(
        tmp_path,
        ("0.5.0", "0.7.0"),
        {CREATED: ("0.5.0", "0.7.0")},
        {("ThingCreatedEvent", "thing"): ("0.5.0", "0.5.0"), ("Thing", "id"): ("0.7.0", "0.7.0")},
    )
    catalogue = compile_spec(spec)
    assert catalogue.releases == ("0.5.0", "0.7.0")
    created = event(catalogue, "mini", "thing.created")
    assert (created.added_in, created.changed_in) == ("0.5.0", "0.7.0")
    thing = next(f for f in created.fields if f.wire_name == "thing")
    assert (thing.added_in, thing.changed_in) == ("0.5.0", "0.5.0")
    declared = catalogue.type_named("Thing")
    assert isinstance(declared, ObjectType)
    assert (declared.fields[0].added_in, declared.fields[0].changed_in) == ("0.7.0", "0.7.0")
    # no release has the rest: new in 1.0.0, which is newer than the last release
    deleted = event(catalogue, "mini", "thing.deleted")
    assert (deleted.added_in, deleted.changed_in) == ("1.0.0", "1.0.0")
    assert {f.added_in for f in deleted.fields} == {"1.0.0"}


def test_a_common_field_is_dated_per_event(tmp_path: Path) -> None:
    """The history keys the fields every event of a side carries by each event."""
    spec = spec_with_history(
        tmp_path,
        ("0.5.0",),
        {},
        {
            ("ThingCreatedEvent", "event_id"): ("0.5.0", "0.5.0"),
            ("ThingDeletedEvent", "event_id"): ("0.5.0", "0.5.0"),
        },
    )
    catalogue = compile_spec(spec)
    dated = {e.wire_type: e.fields[0].added_in for e in catalogue.events if e.protocol == "mini"}
    assert dated == {
        "thing.created": "0.5.0",
        "thing.deleted": "0.5.0",
        "thing.removed": "1.0.0",
        "thing.create": "1.0.0",
    }


def test_what_no_release_has_is_undated_when_the_version_is_already_released(
    tmp_path: Path,
) -> None:
    """The catalogue still says the last release's version: what the history lacks cannot be
    new in it, so nothing is said (`codegen diff --check-version` asks for the bump)."""
    spec = spec_with_history(tmp_path, ("0.5.0", "1.0.0"), {CREATED: ("0.5.0", "0.5.0")}, {})
    catalogue = compile_spec(spec)
    assert event(catalogue, "mini", "thing.created").added_in == "0.5.0"
    deleted = event(catalogue, "mini", "thing.deleted")
    assert (deleted.added_in, deleted.changed_in) == (None, None)


def test_a_spec_without_a_history_dates_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, spec)
    (spec / HISTORY).unlink()
    catalogue = compile_spec(spec)
    assert catalogue.releases == ()
    assert {e.added_in for e in catalogue.events} == {None}
    assert {f.added_in for e in catalogue.events for f in e.fields} == {None}
    built = files(catalogue)
    assert "Added in" not in built["python"][EVENT_MODULE]
    assert "@since" not in built["typescript"][EVENT_TS]
    page = built["docs"][EVENT_PAGE]
    assert "Added in" not in page and "| Since |" not in page
    changes = built["docs"]["pages/changes.md"]
    assert "No release of the catalogue is recorded yet" in changes
    nav = yaml.safe_load(built["docs"]["mkdocs.yml"])["nav"]
    assert {"Changes": "changes.md"} in nav


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "cannot read the release history: Expecting property name"),
        ('{"releases": []}', "not what `python -m codegen changelog` writes (KeyError: 'events')"),
        (
            '{"releases": [{"version": "next"}], "events": [], "fields": []}',
            "release version 'next' is not MAJOR.MINOR.PATCH",
        ),
    ],
)
def test_a_broken_history_is_a_spec_error(tmp_path: Path, text: str, problem: str) -> None:
    spec = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, spec)
    (spec / HISTORY).write_text(text, "utf-8")
    with pytest.raises(SpecError) as raised:
        compile_spec(spec)
    (found,) = raised.value.diagnostics
    assert str(found.location) == "mini/history.json:1:1"
    assert found.code == "E001" and problem in found.message
    assert "make changelog" in found.hint


def test_a_revision_s_history_is_left_unread(tmp_path: Path) -> None:
    """`codegen diff` and `codegen changelog` read older revisions of the spec from git: what
    changed on the wire does not depend on their history.json, which may be of an older
    format, so it is not read."""
    repo = tmp_path / "repo"
    shutil.copytree(MINI_SPEC, repo / "spec")
    (repo / "spec" / HISTORY).write_text("{an older format", "utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for command in (["init", "-q"], ["add", "spec"], ["commit", "-q", "--no-gpg-sign", "-m", "x"]):
        subprocess.run([*git, *command], check=True, capture_output=True)
    assert spec_at(repo, "HEAD").catalogue.releases == ()


# --- what the targets show ------------------------------------------------------------------


def test_a_changed_history_changes_the_docs_and_the_docstrings(tmp_path: Path) -> None:
    fields = {("ThingCreatedEvent", "thing"): ("0.5.0", "0.6.0")}
    before = files(
        compile_spec(
            spec_with_history(tmp_path / "a", ("0.5.0",), {CREATED: ("0.5.0", "0.5.0")}, fields)
        )
    )
    after = files(
        compile_spec(
            spec_with_history(
                tmp_path / "b", ("0.5.0", "0.7.0"), {CREATED: ("0.5.0", "0.7.0")}, fields
            )
        )
    )
    for name in ("docs", "python", "typescript"):
        assert before[name] != after[name], name

    assert "Added in 0.5.0." in before["docs"][EVENT_PAGE]
    page = after["docs"][EVENT_PAGE]
    assert (
        "Category: [Things](../categories/things/index.md). Added in 0.5.0; last changed in 0.7.0."
        in page
    )
    assert "| Description | Since |" in page
    assert "| The new thing. | 0\\.5.0; changed in 0.6.0 |" in page

    module = after["python"][EVENT_MODULE]
    assert "Carries the whole thing.\n\n    Added in 0.5.0; last changed in 0.7.0.\n" in module
    assert '"""The new thing.\n\n    Added in 0.5.0; last changed in 0.6.0.\n    """' in module
    dicts = after["python"]["dicts.py"]
    assert (
        '"""The JSON payload of ``thing.created``. Added in 0.5.0; last changed in 0.7.0."""'
        in dicts
    )

    source = after["typescript"][EVENT_TS]
    assert (
        " * Last changed in 0.7.0.\n *\n * @since 0.5.0\n */\nexport interface ThingCreatedEvent"
        in source
    )
    assert (
        "   * Last changed in 0.6.0.\n   *\n   * @since 0.5.0\n   */\n  readonly thing: Thing;"
        in source
    )


def test_what_no_release_has_shows_as_not_yet_released(tmp_path: Path) -> None:
    spec = spec_with_history(tmp_path, ("0.5.0",), {CREATED: ("0.5.0", "0.5.0")}, {})
    built = files(compile_spec(spec))
    deleted = built["docs"]["pages/events/thing.deleted.md"]
    assert "Added in 1.0.0 (not yet released)." in deleted
    assert "| 1\\.0.0 (not yet released) |" in deleted
    module = built["python"][EVENT_MODULE]
    assert "Only the id remains.\n\n    Added in 1.0.0 (not yet released).\n" in module
    assert (
        "@since 1.0.0 (not yet released)\n */\nexport interface ThingDeletedEvent"
        in (built["typescript"][EVENT_TS])
    )
    changes = built["docs"]["pages/changes.md"]
    assert changes.index("## 1\\.0.0 (not yet released)") < changes.index("## 0\\.5.0")
    unreleased = changes[: changes.index("## 0\\.5.0")]
    added = unreleased[unreleased.index("Events added:") : unreleased.index("Fields added:")]
    assert "- [`thing.deleted`](events/thing.deleted.md)\n" in added
    assert "(events/thing.created.md)" not in added


def test_the_changes_page_lists_each_release_s_additions_and_changes(tmp_path: Path) -> None:
    spec = spec_with_history(
        tmp_path,
        ("0.5.0", "0.6.0", "0.7.0"),
        {
            CREATED: ("0.5.0", "0.7.0"),
            ("mini", "server", "thing.deleted"): ("0.6.0", "0.6.0"),
        },
        {
            ("ThingCreatedEvent", "thing"): ("0.5.0", "0.7.0"),
            ("ThingDeletedEvent", "thing_id"): ("0.6.0", "0.6.0"),
            ("Thing", "id"): ("0.5.0", "0.5.0"),
            ("Thing", "size"): ("0.6.0", "0.6.0"),
        },
        version="0.7.0",
    )
    changes = docs.TARGET.build(compile_spec(spec), {}).files["pages/changes.md"]
    sections = changes.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == ["0\\.7.0", "0\\.6.0", "0\\.5.0"]
    latest, middle, first = sections
    assert "Events changed:\n\n- [`thing.created`](events/thing.created.md)\n" in latest
    assert (
        "Fields changed:\n\n- [`thing.created`](events/thing.created.md): "
        "[`thing`](events/thing.created.md#field-thing)\n"
    ) in latest
    assert "Events added:\n\n- [`thing.deleted`](events/thing.deleted.md)\n" in middle
    # an added event's fields are not listed again; a type's new field is
    assert "field-thing_id" not in middle
    assert "- [`Thing`](types/Thing.md): [`size`](types/Thing.md#field-size)\n" in middle
    assert "The first release that the ledger lists; 1 of today's events" in first
