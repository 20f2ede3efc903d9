"""Synthetic speech: deterministic 24 kHz 16-bit mono PCM, base64 encoded per chunk."""

from __future__ import annotations

import base64
import math
import random
import sys
from array import array

SAMPLE_RATE = 24_000
CHUNK_MS = 100
CHUNK_SAMPLES = SAMPLE_RATE * CHUNK_MS // 1000  # 2,400 samples = 4,800 bytes
_PEAK = 12_000
# the chunks a translation or Live server sends its speech in
MIN_CHUNK_MS, MAX_CHUNK_MS = 20, 100


def speech_chunks(rng: random.Random, count: int) -> list[str]:
    """`count` consecutive 100 ms chunks of a voice-like signal, each as base64 text.

    A few harmonics of a gliding fundamental, a syllable-rate envelope and some noise: enough
    variety that the base64 text looks like real audio rather than a repeated pattern.
    """
    return _voice(rng, [CHUNK_SAMPLES] * count)


def speech_chunks_ms(rng: random.Random, durations_ms: list[int]) -> list[str]:
    """The same signal in consecutive chunks of the given lengths, in whole milliseconds."""
    return _voice(rng, [SAMPLE_RATE * ms // 1000 for ms in durations_ms])


def chunk_lengths(rng: random.Random, total_ms: int) -> list[int]:
    """Chunk lengths of 20 to 100 ms that add up to `total_ms` (at least one chunk)."""
    lengths = []
    left = max(total_ms, MIN_CHUNK_MS)
    while left > MAX_CHUNK_MS:
        length = rng.randint(MIN_CHUNK_MS, MAX_CHUNK_MS)
        if left - length < MIN_CHUNK_MS:
            length = left - MIN_CHUNK_MS
        lengths.append(length)
        left -= length
    lengths.append(left)
    return lengths


def _voice(rng: random.Random, sizes: list[int]) -> list[str]:
    fundamental = rng.uniform(110.0, 220.0)
    chunks = []
    phase = 0.0
    done = 0  # samples before this chunk
    for size in sizes:
        # the pitch drifts from chunk to chunk as it does across syllables
        fundamental = min(260.0, max(90.0, fundamental * rng.uniform(0.93, 1.07)))
        step = 2 * math.pi * fundamental / SAMPLE_RATE
        # the envelope follows time in 100 ms units (the chunk index when chunks are 100 ms,
        # exactly, so the GA and beta streams stay what they were)
        position = done / CHUNK_SAMPLES
        syllable = 0.35 + 0.65 * abs(math.sin(math.pi * (position + rng.random()) / 3))
        samples = array("h")
        for n in range(size):
            angle = phase + step * n
            voice = math.sin(angle) + 0.5 * math.sin(2 * angle) + 0.25 * math.sin(3 * angle)
            value = _PEAK * syllable * voice / 1.75 + rng.gauss(0.0, 300.0)
            samples.append(max(-32768, min(32767, int(value))))
        phase = (phase + step * size) % (2 * math.pi)
        done += size
        if sys.byteorder == "big":
            samples.byteswap()  # the wire format is little-endian
        chunks.append(base64.b64encode(samples.tobytes()).decode("ascii"))
    return chunks
