"""The Python package the generator writes now behaves as the committed package does.

The rest of the suite tests the committed package (generated/realtime_events/) as a user would;
`make check` proves it is what the generator writes, but only as text. This test closes the loop
through behaviour: the Python target builds the package from the spec in this process, a fresh
interpreter imports it, and it must give the committed package's result (the event's to_dict(),
or the EventDecodeError's message) for every case of the agreement corpus, both directions. A
generator bug that changes how any field is checked or written back shows up here as the case it
breaks, without regenerating anything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import realtime_events

from codegen.ir import EventUnion
from codegen.targets.python import TARGET
from tests.helpers.agreement import corpus, decoder, union_id
from tests.helpers.support import catalogue

# Its module-scoped fixtures are costly: one worker runs the whole module.
pytestmark = pytest.mark.xdist_group("generated-python")

# Run in the fresh interpreter: read the cases (one JSON payload per line) and print one
# verdict per case.
VERDICTS = """
import importlib, json, sys
import realtime_events as rt

module = importlib.import_module(sys.argv[1])
parser = getattr(module, sys.argv[2])
for line in sys.stdin:
    try:
        event = parser(json.loads(line))
    except rt.EventDecodeError as error:
        print(json.dumps(["rejects", str(error)]))
    else:
        print(json.dumps(["accepts", type(event).__name__, event.to_dict()], sort_keys=True))
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package as the generator writes it now, in a folder of its own."""
    output = TARGET.build(catalogue(), {})
    assert not output.diagnostics
    root = tmp_path_factory.mktemp("generated")
    for path, text in output.files.items():
        target = root / output.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def committed_verdict(parser: Any, payload: Any) -> list[Any]:
    try:
        event = parser(payload)
    except realtime_events.EventDecodeError as error:
        return ["rejects", str(error)]
    return ["accepts", type(event).__name__, event.to_dict()]


@pytest.mark.slow
@pytest.mark.parametrize("union", [u for u in catalogue().unions if u.events], ids=union_id)
def test_the_package_written_now_decodes_as_the_committed_one(
    package: Path, union: EventUnion
) -> None:
    committed = decoder(realtime_events, catalogue(), union)
    cases = corpus(catalogue(), union)
    lines = "".join(json.dumps(case.payload) + "\n" for case in cases)
    result = subprocess.run(
        [sys.executable, "-c", VERDICTS, committed.module, committed.parse.__name__],
        input=lines,
        capture_output=True,
        text=True,
        cwd=package,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(fresh) == len(cases)
    differences = [
        f"{case.label}: committed {expected}, written now {got}"
        for case, got in zip(cases, fresh, strict=True)
        if got
        != (expected := json.loads(json.dumps(committed_verdict(committed.parse, case.payload))))
    ]
    assert not differences, "\n".join(differences[:20])
