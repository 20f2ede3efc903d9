"""The benchmark's workload: one scripted voice session as GA and as beta JSON Lines, its speech
through a Realtime Translation session, and the same conversation held in a Live API session."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from .live_render import LiveRenderer
from .render import Renderer
from .script import build_script
from .translation_render import TranslationRenderer

SEED = 20_250_613


@dataclass(frozen=True)
class Streams:
    """The same session twice, its speech translated and the conversation held live, one JSON
    text per event, in the order a server sends them."""

    ga: list[str]
    beta: list[str]
    translation: list[str]
    live: list[str]


def build(exchanges: int, seed: int = SEED) -> Streams:
    script = build_script(random.Random(seed), exchanges)
    ga = [_dumps(event) for event in Renderer("ga", seed).render(script)]
    beta = [_dumps(event) for event in Renderer("beta", seed).render(script)]
    translation = [_dumps(event) for event in TranslationRenderer(seed).render(script)]
    live = [_dumps(event) for event in LiveRenderer(seed).render(script)]
    return Streams(ga, beta, translation, live)


def write(streams: Streams, directory: Path) -> dict[str, Path]:
    """Write `ga.jsonl`, `beta.jsonl`, `translation.jsonl` and `live.jsonl` into `directory`;
    return their paths by stream."""
    paths = {}
    for version, lines in vars(streams).items():
        path = directory / f"{version}.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        paths[version] = path
    return paths


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _dumps(event: dict[str, object]) -> str:
    # servers send compact JSON with non-ASCII text as is
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
