"""The JSON position scanner that points example diagnostics at the offending key."""

from __future__ import annotations

import json

import pytest

from codegen.jsontext import position_of, value_positions

TEXT = """{
  "a": 1,
  "b\\"c": {"d": [true, {"e": null}], "é": "x\\\\"},
  "f" : [ ],
  "g":{}
}"""


def test_every_value_has_the_place_of_its_key_or_its_start() -> None:
    json.loads(TEXT)  # the scanner reads only what json accepts
    assert value_positions(TEXT) == {
        (): (1, 1),
        ("a",): (2, 3),
        ('b"c',): (3, 3),
        ('b"c', "d"): (3, 12),
        ('b"c', "d", 0): (3, 18),
        ('b"c', "d", 1): (3, 24),
        ('b"c', "d", 1, "e"): (3, 25),
        ('b"c', "é"): (3, 38),
        ("f",): (4, 3),
        ("g",): (5, 3),
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("a",), (2, 3)),
        (("a", "missing"), (2, 3)),  # a field inside a number: its nearest ancestor
        (('b"c', "d", 5), (3, 12)),  # an item past the end: the list
        (("nothing",), (1, 1)),  # a field the root lacks: the root
    ],
)
def test_a_missing_path_points_at_its_closest_ancestor(
    path: tuple[str | int, ...], expected: tuple[int, int]
) -> None:
    assert position_of(value_positions(TEXT), path) == expected


def test_one_line_and_scalar_texts() -> None:
    assert value_positions('{"x":[1,-2.5e3,"]"],"y":"}"}') == {
        (): (1, 1),
        ("x",): (1, 2),
        ("x", 0): (1, 7),
        ("x", 1): (1, 9),
        ("x", 2): (1, 16),
        ("y",): (1, 21),
    }
    assert value_positions("  42 ") == {(): (1, 3)}
