"""Synthetic assistant speech: deterministic 24 kHz 16-bit mono PCM, base64 encoded per chunk."""

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


def speech_chunks(rng: random.Random, count: int) -> list[str]:
    """`count` consecutive 100 ms chunks of a voice-like signal, each as base64 text.

    A few harmonics of a gliding fundamental, a syllable-rate envelope and some noise: enough
    variety that the base64 text looks like real audio rather than a repeated pattern.
    """
    fundamental = rng.uniform(110.0, 220.0)
    chunks = []
    phase = 0.0
    for index in range(count):
        # the pitch drifts from chunk to chunk as it does across syllables
        fundamental = min(260.0, max(90.0, fundamental * rng.uniform(0.93, 1.07)))
        step = 2 * math.pi * fundamental / SAMPLE_RATE
        syllable = 0.35 + 0.65 * abs(math.sin(math.pi * (index + rng.random()) / 3))
        samples = array("h")
        for n in range(CHUNK_SAMPLES):
            angle = phase + step * n
            voice = math.sin(angle) + 0.5 * math.sin(2 * angle) + 0.25 * math.sin(3 * angle)
            value = _PEAK * syllable * voice / 1.75 + rng.gauss(0.0, 300.0)
            samples.append(max(-32768, min(32767, int(value))))
        phase = (phase + step * CHUNK_SAMPLES) % (2 * math.pi)
        if sys.byteorder == "big":
            samples.byteswap()  # the wire format is little-endian
        chunks.append(base64.b64encode(samples.tobytes()).decode("ascii"))
    return chunks
