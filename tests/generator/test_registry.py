"""A new target takes one class and one registry entry: here, one written in a test.

The pipeline must take it with no change of its own: accept the hint keys it declares (and
refuse the others, at their place in the spec), hand it the formatted output of the targets it
requires, format its files by their suffix, and lay them out under its folder beside the rest.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from codegen import format
from codegen.diagnostics import SpecError
from codegen.emit import existing_files
from codegen.format import FormatError, Formatter
from codegen.ir import Catalogue
from codegen.pipeline import generate
from codegen.schema import HintShapes, Record, Text
from codegen.targets import REGISTRY
from codegen.targets.base import Output
from tests.helpers.support import MINI_SPEC, ROOT

GOLDEN = ROOT / "tests" / "golden" / "mini"


class InventoryTarget:
    """A list of the catalogue's events, each with its `inventory: {label: ...}` hint, and the
    size of the JSON Schema documents it was handed."""

    name = "inventory"
    requires: tuple[str, ...] = ("jsonschema",)
    hints = HintShapes(event=Record(optional={"label": Text()}))
    formatters: Mapping[str, Formatter] = {".txt": format.text}

    def __init__(self, extra_files: Mapping[str, str] | None = None) -> None:
        self.extra_files = dict(extra_files or {})

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        events = []
        for union in catalogue.unions:
            for event in union.events:
                label = event.hints.get("inventory", "label")
                events.append(f"{event.wire_type} {label.value if label else '-'}")
        schemas = [f"{path} {len(text)}" for path, text in inputs["jsonschema"].files.items()]
        # Extra blank lines at the end: the `.txt` formatter leaves exactly one newline.
        files = {"events.txt": "\n".join(events) + "\n\n\n", "schemas.txt": "\n".join(schemas)}
        return Output("inventory", {**files, **self.extra_files})


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    """The mini spec, its first event labelled for the inventory target."""
    copy = tmp_path / "mini"
    shutil.copytree(MINI_SPEC, copy)
    events = copy / "events" / "things.yaml"
    text = events.read_text(encoding="utf-8")
    labelled = text.replace(
        "    summary: A thing was created.\n",
        "    summary: A thing was created.\n    inventory: {label: first}\n",
        1,
    )
    assert labelled != text
    events.write_text(labelled, encoding="utf-8")
    return copy


def test_a_target_added_to_the_registry_is_built_beside_the_others(spec: Path) -> None:
    files = generate(spec, (*REGISTRY, InventoryTarget()))
    listed = files["inventory/events.txt"].splitlines()
    assert listed[0] == "thing.created first"
    assert "thing.create -" in listed  # a client event: every direction is listed
    assert files["inventory/events.txt"].endswith("-\n")  # formatted by its suffix
    schemas = dict(line.rsplit(" ", 1) for line in files["inventory/schemas.txt"].splitlines())
    assert schemas == {  # the formatted output of the target it requires
        path.removeprefix("schema/"): str(len(text))
        for path, text in files.items()
        if path.startswith("schema/")
    }
    # The other targets' output is the mini spec's as committed: the new hint is not theirs.
    others = {path: text for path, text in files.items() if not path.startswith("inventory/")}
    assert others == {  # the golden files, without the caches that importing them leaves
        path: (GOLDEN / path).read_text(encoding="utf-8") for path in existing_files(GOLDEN)
    }


def test_a_target_s_hint_key_is_refused_when_the_target_is_not_built(spec: Path) -> None:
    with pytest.raises(SpecError) as caught:
        generate(spec, REGISTRY)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E101"
    assert "inventory" in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.column) == (5, 5)


def test_a_hint_key_the_target_does_not_declare_is_refused(spec: Path) -> None:
    events = spec / "events" / "things.yaml"
    events.write_text(
        events.read_text(encoding="utf-8").replace("{label: first}", "{lable: first}"),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        generate(spec, (*REGISTRY, InventoryTarget()))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "E101"
    assert "lable" in diagnostic.message
    assert diagnostic.location.line == 5


def test_a_file_of_a_kind_the_target_has_no_formatter_for_is_a_generator_bug(spec: Path) -> None:
    with pytest.raises(FormatError, match=r"target 'inventory' wrote notes\.md"):
        generate(spec, (*REGISTRY, InventoryTarget({"notes.md": "# Notes\n"})))
