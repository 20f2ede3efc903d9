"""The heart of it: every example in the spec parses to its class and round-trips exactly."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import realtime_events as rt

from codegen.ir import Event, Example
from tests.helpers.spec_yaml import read_spec
from tests.helpers.support import GENERATED, canonical, catalogue, example_id, examples

EXAMPLES = examples()


@pytest.mark.parametrize("pair", EXAMPLES, ids=[example_id(p) for p in EXAMPLES])
def test_example_round_trips(pair: tuple[Event, Example]) -> None:
    event, example = pair
    original = json.loads(example.text)
    parsed = rt.parse_event(example.text)
    assert type(parsed) is rt.EVENT_TYPES[event.wire_type]
    assert parsed.type == event.wire_type
    again = parsed.to_dict()
    assert again == original
    assert canonical(again) == canonical(original)  # no 1 for 1.0, no key order issues
    assert rt.parse_event(parsed.to_json()) == parsed
    assert rt.parse_event(original) == parsed  # an already decoded mapping
    assert rt.parse_event(example.text.encode("utf-8")) == parsed


def test_every_event_has_an_example_with_all_fields() -> None:
    for event in catalogue().union.events:
        assert any(not ex.abbreviated for ex in event.examples), event.wire_type


def test_every_class_is_exported_once() -> None:
    assert (
        len(rt.EVENT_TYPES)
        == len(catalogue().union.events)
        == len(read_spec(direction="server").events())
    )
    missing = [name for name in rt.__all__ if not hasattr(rt, name)]
    assert missing == []
    repeated = sorted(name for name in set(rt.__all__) if rt.__all__.count(name) > 1)
    assert repeated == []
    public = [name for name, value in vars(rt).items() if isinstance(value, type)]
    assert sorted(name for name in public if name not in rt.__all__) == []
    for wire_type, cls in rt.EVENT_TYPES.items():
        assert cls.type == wire_type
        assert cls.__name__.endswith("Event")


def test_the_package_imports_only_the_standard_library() -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(GENERATED)!r}); before = set(sys.modules); "
        "import realtime_events, realtime_events.dicts, realtime_events.dispatch; "
        "names = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "outside = names - set(sys.stdlib_module_names) - {'realtime_events'}; "
        "print(sorted(outside))"
    )
    command = [sys.executable, "-I", "-S", "-c", code]  # no site: only what the package imports
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
