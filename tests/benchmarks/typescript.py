"""The TypeScript decoder against JSON.parse, in Node, on the same stream as the Python rows.

typescript.mjs times both in one Node process (contenders in turn within each round, medians),
so the ratio holds on a noisy machine like the Python ones do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import report
from .report import Row, verdict
from .verify import Stream

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generated" / "typescript"
SCRIPT = Path(__file__).with_name("typescript.mjs")

FLOOR = "JSON.parse"
PARSE = "parseServerEvent"
PARSE_LIMIT = 1.5  # the target, against JSON.parse in the same run
# A Node pass is short and its timings vary more than Python's (the JIT, the collector): three
# times the Python bench's rounds steady the medians for a few seconds more.
ROUNDS_FACTOR = 3


def rows(
    stream: Stream, rounds: int, min_pass_ms: int, notes: list[str], protocol: str = ""
) -> list[Row]:
    """The Node rows for `stream`, or one row saying why they could not run; `protocol` names
    the package's entry point for a protocol other than the Realtime API (`translation`)."""
    entry = f"{protocol}/index.js" if protocol else "index.js"
    # the entry point's name, where it is not the package's main one
    of = f" of `realtime-events/{protocol}`" if protocol else ""
    label = f"TypeScript `{PARSE}`{of}"
    node = shutil.which("node")
    if node is None or not (PACKAGE / "dist" / entry).exists():
        notes.append("The TypeScript rows need Node and a built package: run `make bench`.")
        return [Row(label, stream.label, status=f"not run: no Node or no dist/{entry}")]
    with tempfile.TemporaryDirectory(prefix="bench-node-") as scratch:
        path = Path(scratch) / "stream.jsonl"
        path.write_text("".join(line + "\n" for line in stream.used), encoding="utf-8")
        command = [node, "--expose-gc", str(SCRIPT), str(PACKAGE), str(path)]
        result = subprocess.run(
            [*command, str(rounds * ROUNDS_FACTOR), str(min_pass_ms), entry],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        notes.append(f"The TypeScript bench failed: {result.stderr.strip().splitlines()[-1:]}")
        return [Row(label, stream.label, status="failed")]
    measured = json.loads(result.stdout)
    medians: dict[str, float] = measured["medians"]
    ratios: dict[str, float] = measured["ratios"]  # each round's, against its JSON.parse pass
    lines: int = measured["lines"]
    table = []
    for name, elapsed in medians.items():
        ratio = ratios[name]
        limited = name == PARSE
        table.append(
            Row(
                f"TypeScript `{name}`" + (" (Node floor)" if name == FLOOR else of),
                stream.label,
                report.ms(elapsed),
                report.us(elapsed / lines),
                report.times(ratio),
                f"≤ {PARSE_LIMIT}× `{FLOOR}`" if limited else "",
                verdict(ratio <= PARSE_LIMIT, provisional=stream.partial) if limited else "",
            )
        )
    checked = measured["checked"]
    exact = f"{checked['exact']:,} of {checked['lines']:,} lines"
    if checked["exact"] < checked["lines"]:
        exact += (
            "; the others differ only where a number is written `1.0`, which JavaScript writes `1`"
        )
    checks = (
        f"Checked before timing, TypeScript `parseServerEvent`{of} on the {stream.name} stream:"
        " every line decodes to the event its `type` names and `JSON.stringify` gives back the"
        f" line exactly, as text, for {exact}."
    )
    rules = (
        f"TypeScript rows: Node {measured['node']}, the package built in generated/, medians of"
        f" {rounds * ROUNDS_FACTOR} rounds, the contenders' order rotating between rounds; the"
        " ratio is the median of each round's ratio to that round's `JSON.parse` pass."
    )
    # the checks of each stream, then the method once for all of them
    if rules in notes:
        notes.insert(notes.index(rules), checks)
    else:
        notes += [checks, rules]
    return table
