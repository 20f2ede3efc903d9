"""codegen.load: libyaml's parser, used when PyYAML has it, reads every spec exactly as the
pure-Python parser does (trees and source maps), and syntax errors keep the pure-Python wording."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from codegen import load
from codegen.diagnostics import SpecError
from tests.helpers.support import SPEC, TESTS

SPEC_FILES = sorted([*SPEC.rglob("*.yaml"), *(TESTS / "specs").rglob("*.yaml")])


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.relative_to(p.parents[2]).as_posix())
def test_both_parsers_give_the_same_tree_and_source_map(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    fast = load.load_yaml_text(text, path.name)
    monkeypatch.setattr(load, "_FastLoader", load._Loader)
    slow = load.load_yaml_text(text, path.name)
    assert fast.data == slow.data
    assert fast.locations == slow.locations
    assert fast.value_locations == slow.value_locations


def test_a_syntax_error_is_worded_by_the_pure_python_parser() -> None:
    with pytest.raises(SpecError) as caught:
        load.load_yaml_text("a: [1, 2\nb: 3\n", "broken.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.render() == (
        "broken.yaml:2:2: error[E001] YAML syntax error: expected ',' or ']', but got ':'"
    )
