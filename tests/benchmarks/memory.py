"""Peak traced memory while a decoder's results for a batch of lines are all held at once."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any


def peak_bytes_held(decode: Callable[[str], Any], lines: list[str]) -> int:
    """Bytes tracemalloc sees at the peak of decoding `lines` into a list that keeps them all.

    The lines themselves exist before tracing starts, so only what decoding allocates counts
    (the holding list is the same for every decoder).
    """
    for line in lines[:50]:
        decode(line)  # lazy schema builds and caches are start-up costs, not per-event memory
    gc.collect()
    tracemalloc.start()
    try:
        held = [decode(line) for line in lines]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del held
    return peak


def cycled(lines: list[str], count: int) -> list[str]:
    """`count` lines taken from `lines` in order, starting over as often as needed."""
    return [lines[index % len(lines)] for index in range(count)]
