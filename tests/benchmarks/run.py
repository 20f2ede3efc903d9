"""The whole benchmark: build and check the workload, time and weigh the decoders, report."""

from __future__ import annotations

import importlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from . import contenders, machine, report, sections, typescript, verify, workload
from .report import Row
from .sections import MSGSPEC, OPENAI, PYDANTIC, SCANNER


@dataclass(frozen=True)
class Settings:
    exchanges: int  # user/assistant exchanges in the session, about 115 events each
    rounds: int
    import_runs: int
    generate_runs: int
    synthetic_sizes: tuple[int, ...]
    min_pass_ms: int  # shortest timed pass of the floor; the stream is repeated to reach it
    socket_pass_ms: int  # the same for the receive loop over a local WebSocket


FULL = Settings(
    exchanges=12,
    rounds=7,
    import_runs=7,
    generate_runs=3,
    synthetic_sizes=(250, 500, 1000),
    min_pass_ms=50,
    socket_pass_ms=300,
)
QUICK = Settings(
    exchanges=4,
    rounds=3,
    import_runs=3,
    generate_runs=1,
    synthetic_sizes=(250, 1000),
    min_pass_ms=10,
    socket_pass_ms=60,
)


def main(*, quick: bool, package_dir: Path, output: Path) -> int:
    settings = QUICK if quick else FULL
    rt = importlib.import_module("realtime_events")
    notes: list[str] = []

    _say(f"building the workload ({settings.exchanges} exchanges)")
    with tempfile.TemporaryDirectory(prefix="bench-workload-") as scratch:
        paths = workload.write(workload.build(settings.exchanges), Path(scratch))
        raw = {version: workload.read(path) for version, path in paths.items()}

    _say("checking the workload against openai, msgspec, the Pydantic models and parse_event")
    openai_decode = contenders.openai_decoder()
    msgspec_decode = contenders.msgspec_decoder()
    pydantic_decode = contenders.pydantic_decoder(package_dir)
    try:
        verify.check_reference("openai", openai_decode, raw["ga"])
        for lines in raw.values():
            verify.check_reference("msgspec", msgspec_decode, lines)
            verify.check_reference("pydantic", pydantic_decode, lines)
    except verify.WorkloadError as exc:
        print(f"error: the workload is invalid: {exc}", file=sys.stderr)
        return 2
    streams = [
        verify.Stream(version, lines, verify.coverage(rt, lines)) for version, lines in raw.items()
    ]
    notes += [_coverage_note(stream) for stream in streams if not stream.coverage.complete]

    _say("checking that each decoder under test keeps what it decodes")
    try:
        for stream in streams:
            verify.check_content("parse_event", rt.parse_event, _to_dict, stream.used)
            dump = contenders.pydantic_dump(package_dir)
            verify.check_content("the Pydantic models", pydantic_decode, dump, stream.lines)
        verify.check_content("openai", openai_decode, contenders.openai_dump, raw["ga"])
    except verify.ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    notes += [f"Checked before timing, {who}: {what}." for who, what in verify.CHECKS.items()]

    floor_name, floor = contenders.json_floor(rt)
    rows: list[Row] = []
    for stream in streams:
        _say(f"timing the {stream.version} stream, {settings.rounds} rounds")
        references = {PYDANTIC: pydantic_decode, MSGSPEC: msgspec_decode}
        scanner = contenders.package_json_step(rt)
        if scanner is not None:  # what parse_event's JSON step costs, for an honest reading
            references = {SCANNER: scanner, **references}
        if stream.version == "ga":
            references = {OPENAI: openai_decode, **references}
        rows += sections.speed_rows(
            rt, stream, floor_name, floor, references, settings.rounds, settings.min_pass_ms * 10**6
        )

    ga = next(stream for stream in streams if stream.version == "ga")
    _say(f"timing the TypeScript decoder on the GA stream, {settings.rounds} rounds")
    rows += typescript.rows(ga, settings.rounds, settings.min_pass_ms, notes)

    _say("timing a receive loop over a local WebSocket")
    rows += sections.socket_rows(rt, ga, settings.rounds, settings.socket_pass_ms * 10**6)

    _say(f"holding {sections.HELD_EVENTS:,} parsed events")
    rows += sections.memory_rows(rt, ga, openai_decode, msgspec_decode)

    _say("timing imports in fresh interpreters")
    rows += sections.import_rows(package_dir, settings.import_runs)

    _say("timing code generation")
    rows += sections.generation_rows(settings.generate_runs, settings.synthetic_sizes, notes)

    facts = machine.describe() + _workload_facts(rt, package_dir, streams, floor_name, settings)
    text = report.document(
        title="Decode benchmark",
        facts=facts,
        rows=rows,
        notes=notes,
        mode=" --quick" if quick else "",
    )
    print(text)
    output.write_text(text, encoding="utf-8")
    _say(f"written to {output}")
    return 0


def _to_dict(event: object) -> object:
    return event.to_dict()  # type: ignore[attr-defined]


def _coverage_note(stream: verify.Stream) -> str:
    gaps = f"parse_event(strict=True) cannot read every line yet: {stream.coverage.describe_gaps()}"
    if stream.partial:
        return (
            f"{stream.name} stream: {gaps}. Its rows use only the lines it reads, for every"
            " contender, so the targets on them are provisional."
        )
    return f"{stream.name} stream: {gaps}. Only the other decoders ran on it."


def _workload_facts(
    rt: ModuleType,
    package_dir: Path,
    streams: list[verify.Stream],
    floor_name: str,
    settings: Settings,
) -> list[str]:
    sizes = ", ".join(
        f"{stream.version} {len(stream.lines):,} lines ({_megabytes(stream.lines)} MB)"
        for stream in streams
    )
    return [
        f"- Bindings: `realtime_events` from `{package_dir}`, {len(rt.EVENT_TYPES)} event types;"
        f" JSON floor: `{floor_name}`",
        f"- Workload: one session of {settings.exchanges} exchanges"
        f" (seed {workload.SEED}): {sizes}",
        f"- Timing: median of {settings.rounds} rounds after a warm-up round, contenders in turn"
        " within each round, garbage collector off inside timed passes; each pass decodes the"
        f" stream as many times as the floor needs to take {settings.min_pass_ms} ms",
        "- WebSocket loop: the GA stream replayed by a server in another process over"
        " 127.0.0.1 (compression off), received by one client loop, timed receiving only and"
        " with `parse_event` + `AsyncDispatcher.dispatch`; each pass receives the stream as many"
        f" times as the receiving-only loop needs to take {settings.socket_pass_ms} ms",
        "- Ratio: speed against the floor, memory against openai, each on the same lines",
    ]


def _megabytes(lines: list[str]) -> str:
    return f"{sum(len(line.encode()) for line in lines) / 1e6:,.1f}"


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)
