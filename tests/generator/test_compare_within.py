"""`Change.within`: where a change is inside the object it belongs to, the same whichever event
reaches the object first (what `codegen diff` fingerprints a finding by)."""

from __future__ import annotations

from pathlib import Path

from codegen.compare import Change, ChangeKind, compare
from codegen.pipeline import compile_spec
from codegen.surface import from_catalogue
from tests.helpers.spec_edits import BOTH, SERVER, Edit, probe, spec_with

_EARLIER = """  a.thing.copied:
    summary: A thing was copied; its wire type sorts before every other.
    description: Carries the copy.
    versions: [v2]
    fields:
      copy: {type: Thing, description: The copy.}
    examples:
      - title: A copy
        json: |
          {"event_id": "event_8", "type": "a.thing.copied"}
"""


def _changes(tmp_path: Path, old: Edit, new: Edit, folder: str) -> list[Change]:
    before = compile_spec(spec_with(tmp_path / folder, old, "old"))
    after = compile_spec(spec_with(tmp_path / folder, new, "new"))
    return compare(from_catalogue(before), from_catalogue(after))


def test_a_change_in_an_object_is_placed_inside_it(tmp_path: Path) -> None:
    (change,) = _changes(
        tmp_path, probe(BOTH, "type: string"), probe(BOTH, "type: string, nullable: true"), "a"
    )
    assert change.kind is ChangeKind.BECAME_NULLABLE
    assert (change.wire_type, change.path) == ("thing.created", "thing.probe")
    assert (change.owner, change.within) == (("Thing", "Thing"), ".probe")


def test_a_list_item_is_placed_below_its_field(tmp_path: Path) -> None:
    (change,) = _changes(
        tmp_path,
        probe(BOTH, 'type: "list[string]", enum: [a]'),
        probe(BOTH, 'type: "list[string]", enum: [a, b]'),
        "b",
    )
    assert (change.kind, change.within, change.member) == (
        ChangeKind.ENUM_VALUE_ADDED,
        ".probe[]",
        "probe=b",
    )


def test_an_event_field_is_placed_from_its_event(tmp_path: Path) -> None:
    (change,) = _changes(
        tmp_path, probe(SERVER, "type: string"), probe(SERVER, "type: integer"), "c"
    )
    assert (change.owner, change.within, change.path) == (("", ""), "probe", "probe")


def test_another_event_reaching_the_object_first_does_not_move_it(tmp_path: Path) -> None:
    earlier = Edit(append=(("events/things.yaml", _EARLIER),))
    plain = _changes(tmp_path, probe(BOTH, "type: string"), probe(BOTH, "type: integer"), "d")
    with_earlier = _changes(
        tmp_path,
        Edit(probe=(BOTH, "probe", "type: string", None), extra=(earlier,)),
        Edit(probe=(BOTH, "probe", "type: integer", None), extra=(earlier,)),
        "e",
    )
    (first,), (second,) = plain, with_earlier
    assert first.wire_type != second.wire_type  # another event reaches it first
    assert (first.owner, first.within, first.member) == (second.owner, second.within, second.member)
