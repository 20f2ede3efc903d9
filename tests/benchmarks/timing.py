"""Round-robin timing: every contender runs once per round, so drift hits them all alike."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping

Pass = Callable[[], object]


def median_ns(passes: Mapping[str, Pass], rounds: int) -> dict[str, int]:
    """The median wall time of each pass over `rounds` timed rounds, after one warm-up round."""
    samples: dict[str, list[int]] = {name: [] for name in passes}
    for round_index in range(rounds + 1):
        for name, run in passes.items():
            elapsed = _timed(run)
            if round_index:  # round 0 warms caches, lazy schema builds and the allocator
                samples[name].append(elapsed)
    return {name: int(statistics.median(values)) for name, values in samples.items()}


def _timed(run: Pass) -> int:
    gc.collect()  # garbage from the previous pass is not this one's cost
    gc.disable()
    try:
        start = time.perf_counter_ns()
        run()
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def repeats_to_fill(run: Pass, min_ns: int) -> int:
    """How many times `run` must repeat for a pass to last `min_ns`: short passes are all noise."""
    run()
    elapsed = max(1, _timed(run))
    return max(1, -(-min_ns // elapsed))
