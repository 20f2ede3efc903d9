"""What the Live API's socket tests share: the audio the scripted user speaks, starting a
session the way the example does, and running a scenario with a deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import realtime_events.live as lv

from examples import wav
from examples.live_client import DEFAULT_MODEL, TRAILING_SILENCE_MS, LiveClient

PCM = wav.read_pcm16(wav.QUESTION_WAV)
SILENCE = bytes(TRAILING_SILENCE_MS * wav.SAMPLE_RATE * wav.SAMPLE_WIDTH // 1000)
SPOKEN = PCM + SILENCE  # the question, then the open microphone


async def start(client: LiveClient, *, delegate: bool = True) -> lv.LiveSession:
    return await client.start(
        model=DEFAULT_MODEL, voice="cedar", instructions="Be brief.", delegate=delegate
    )


def run(scenario: Callable[[], Awaitable[None]], timeout: float = 60) -> None:
    """Run a scenario on a fresh event loop; a hang fails the test instead of stalling it."""

    async def bounded() -> None:
        await asyncio.wait_for(scenario(), timeout)

    asyncio.run(bounded())
