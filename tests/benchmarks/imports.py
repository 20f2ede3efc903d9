"""Import cost in a fresh interpreter, as `python -X importtime` reports it."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile


def import_ms(module: str, pythonpath: str, runs: int) -> float:
    """Median over `runs` fresh processes of the cumulative import time of `module`, in ms.

    Bytecode is cached in a scratch directory (even where PYTHONDONTWRITEBYTECODE is set, as on
    some CI machines) and one untimed run fills it, so compiling is not counted: an installed or
    vendored package starts from cached bytecode.
    """
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=pythonpath, PYTHONPYCACHEPREFIX=cache)
        times = [_once(module, env) for _ in range(runs + 1)][1:]
    return statistics.median(times)


def _once(module: str, env: dict[str, str]) -> float:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return _cumulative_us(result.stderr, module.split(".")[0]) / 1000


def _cumulative_us(report: str, package: str) -> int:
    """Sum the cumulative time of the top-level entries that belong to `package`.

    Lines read `import time: self | cumulative | name`, the name indented two spaces per level
    of nesting; top-level entries are what the `-c` statement itself imported.
    """
    total = 0
    for line in report.splitlines():
        if not line.startswith("import time:"):
            continue
        _, cumulative, name = line.split("|")
        if not cumulative.strip().isdigit():
            continue  # the header line
        nested = len(name) - len(name.lstrip(" ")) > 1
        if not nested and name.strip().split(".")[0] == package:
            total += int(cumulative)
    return total
