"""The benchmark's workload: one scripted voice session as GA and as beta JSON Lines."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from .render import Renderer
from .script import build_script

SEED = 20_250_613


@dataclass(frozen=True)
class Streams:
    """The same session twice, one JSON text per event, in the order a server sends them."""

    ga: list[str]
    beta: list[str]


def build(exchanges: int, seed: int = SEED) -> Streams:
    script = build_script(random.Random(seed), exchanges)
    ga = [_dumps(event) for event in Renderer("ga", seed).render(script)]
    beta = [_dumps(event) for event in Renderer("beta", seed).render(script)]
    return Streams(ga, beta)


def write(streams: Streams, directory: Path) -> dict[str, Path]:
    """Write `ga.jsonl` and `beta.jsonl` into `directory`; return their paths by version."""
    paths = {}
    for version, lines in (("ga", streams.ga), ("beta", streams.beta)):
        path = directory / f"{version}.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        paths[version] = path
    return paths


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _dumps(event: dict[str, object]) -> str:
    # servers send compact JSON with non-ASCII text as is
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))
