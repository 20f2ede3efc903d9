"""WAV files in the Realtime API's default audio format, and a voice-like test signal.

The API's default input and output format is 16-bit little-endian PCM, 24 kHz, mono. A WAV file
holds exactly those bytes after its header, so reading and writing is the standard library's
`wave` module plus a check that the file is in that format.

`python -m examples.wav [PATH]` writes the test signal (the committed `examples/question.wav`).
"""

from __future__ import annotations

import math
import sys
import wave
from array import array
from pathlib import Path

SAMPLE_RATE = 24_000
SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
CHANNELS = 1
QUESTION_WAV = Path(__file__).with_name("question.wav")


class WavFormatError(ValueError):
    """A file that is not a WAV file, or not 24 kHz 16-bit mono PCM."""


def read_pcm16(path: Path) -> bytes:
    """The PCM bytes of a 24 kHz 16-bit mono WAV file; WavFormatError for anything else."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise WavFormatError(f"{path}: no such file") from None
    except (wave.Error, EOFError) as exc:
        raise WavFormatError(f"{path}: not a PCM WAV file ({exc})") from None
    if (channels, width, rate) != (CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE):
        raise WavFormatError(
            f"{path}: {rate} Hz, {8 * width}-bit, {channels} channel(s); the Realtime API takes"
            f" {SAMPLE_RATE} Hz 16-bit mono PCM (convert it first, for example with"
            f" `sox IN.wav -r {SAMPLE_RATE} -b 16 -c 1 OUT.wav`)"
        )
    if not frames:
        raise WavFormatError(f"{path}: the file holds no audio")
    return frames


def write_pcm16(path: Path, pcm: bytes) -> None:
    """Write 24 kHz 16-bit mono PCM bytes as a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(CHANNELS)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(pcm)


def duration_seconds(pcm: bytes) -> float:
    return len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH * CHANNELS)


# Vowels as (first, second) formant frequencies in Hz, roughly those of an adult voice.
_VOWELS = ((730.0, 1090.0), (270.0, 2290.0), (530.0, 1840.0), (300.0, 870.0), (660.0, 1720.0))


def speech_like(seconds: float, *, pitch: float = 140.0, syllable_ms: int = 240) -> bytes:
    """A deterministic voice-like signal: syllables of vowels over a gliding pitch, with pauses.

    Each syllable is a sum of harmonics of the pitch, weighted by how close each harmonic lies
    to the vowel's two formants, under a rise-and-fall envelope; a short silence separates
    syllables. It is not speech, but it has speech's spectrum and rhythm, so it exercises a voice
    pipeline the way a recording does, and it needs no recording.
    """
    total = int(seconds * SAMPLE_RATE)
    syllable = SAMPLE_RATE * syllable_ms // 1000
    pause = syllable // 4
    samples = array("h", bytes(2 * total))
    phase = 0.0  # in periods, carried across syllables so the pitch glides without clicks
    for start in range(0, total, syllable + pause):
        index = start // (syllable + pause)
        # one period of the syllable's vowel, played back at a pitch that falls across the
        # syllable and rises a little from one syllable to the next
        table = _period(_VOWELS[index % len(_VOWELS)], pitch)
        base = pitch * (1 + 0.03 * (index % 3))
        for position in range(min(syllable, total - start)):
            progress = position / syllable
            phase += base * (1.08 - 0.16 * progress) / SAMPLE_RATE
            envelope = math.sin(math.pi * progress) ** 0.6
            value = table[int(phase % 1.0 * _TABLE_SIZE)]
            samples[start + position] = max(-32768, min(32767, round(9000 * envelope * value)))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV and the Realtime API are little-endian
    return samples.tobytes()


_TABLE_SIZE = 512


def _period(formants: tuple[float, float], pitch: float) -> list[float]:
    """One period of a vowel sung at `pitch`, sampled at `_TABLE_SIZE` points."""
    first, second = formants
    weights = [
        (_resonance(h * pitch, first, 90.0) + 0.6 * _resonance(h * pitch, second, 120.0)) / h
        for h in range(1, 24)
    ]
    return [
        sum(w * math.sin(2 * math.pi * h * k / _TABLE_SIZE) for h, w in enumerate(weights, 1))
        for k in range(_TABLE_SIZE)
    ]


def _resonance(frequency: float, centre: float, bandwidth: float) -> float:
    return 1.0 / (1.0 + ((frequency - centre) / bandwidth) ** 2)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else QUESTION_WAV
    write_pcm16(target, speech_like(1.2))
    print(f"wrote {target}")
