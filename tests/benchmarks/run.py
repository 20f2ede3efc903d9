"""The whole benchmark: build and check the workload, time and weigh the decoders, report."""

from __future__ import annotations

import importlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from . import (
    contenders,
    imports,
    live_render,
    machine,
    report,
    sections,
    translation_render,
    typescript,
    verify,
    workload,
)
from .report import Row
from .sections import GA_TARGETS, LIVE_TARGETS, MSGSPEC, OPENAI, OPENAI_LIVE, PYDANTIC, SCANNER


@dataclass(frozen=True)
class Settings:
    exchanges: int  # user/assistant exchanges in the session, about 115 events each (GA)
    rounds: int
    import_runs: int
    generate_runs: int
    synthetic_sizes: tuple[int, ...]
    min_pass_ms: int  # shortest timed pass of the floor; the stream is repeated to reach it
    socket_pass_ms: int  # the same for the receive loop over a local WebSocket


FULL = Settings(
    exchanges=12,
    rounds=7,
    import_runs=15,  # the import target compares two packages a few percent apart
    generate_runs=3,
    synthetic_sizes=(250, 500, 1000),
    min_pass_ms=50,
    socket_pass_ms=300,
)
QUICK = Settings(
    exchanges=4,
    rounds=3,
    import_runs=5,
    generate_runs=1,
    synthetic_sizes=(250, 1000),
    min_pass_ms=10,
    socket_pass_ms=60,
)


def main(*, quick: bool, package_dir: Path, output: Path) -> int:
    settings = QUICK if quick else FULL
    notes: list[str] = []

    # first, as it takes seconds and a failure voids the import rows: each protocol loads only
    # when imported
    _say("checking what each protocol's import loads")
    try:
        loads = sections.check_isolation(package_dir)
    except sections.IsolationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rt = importlib.import_module("realtime_events")
    translation = importlib.import_module("realtime_events.translation")
    live = importlib.import_module("realtime_events.live")
    # each stream's decoder: the Realtime API's is the package root, another protocol's its own
    bindings = {"ga": rt, "beta": rt, "translation": translation, "live": live}
    protocols = {"ga": "", "beta": "", "translation": "translation", "live": "live"}

    _say(f"building the workload ({settings.exchanges} exchanges)")
    with tempfile.TemporaryDirectory(prefix="bench-workload-") as scratch:
        paths = workload.write(workload.build(settings.exchanges), Path(scratch))
        raw = {version: workload.read(path) for version, path in paths.items()}

    _say("checking the workload against openai, msgspec, the Pydantic models and parse_event")
    openai_decode = contenders.openai_decoder()
    openai_live_decode = contenders.openai_live_decoder()
    msgspec_decode = contenders.msgspec_decoder()
    pydantic_decoders = {
        version: contenders.pydantic_decoder(package_dir, protocols[version]) for version in raw
    }
    try:
        verify.check_reference("openai", openai_decode, raw["ga"])
        verify.check_reference("openai (Live)", openai_live_decode, raw["live"])
        for version, lines in raw.items():
            if not protocols[version]:  # the msgspec Structs know the Realtime API only
                verify.check_reference("msgspec", msgspec_decode, lines)
            verify.check_reference("pydantic", pydantic_decoders[version], lines)
    except verify.WorkloadError as exc:
        print(f"error: the workload is invalid: {exc}", file=sys.stderr)
        return 2
    streams = [
        verify.Stream(version, lines, verify.coverage(bindings[version], lines))
        for version, lines in raw.items()
    ]
    notes += [_coverage_note(stream) for stream in streams if not stream.coverage.complete]

    _say("checking that each decoder under test keeps what it decodes")
    try:
        dump = contenders.pydantic_dump(package_dir)
        for stream in streams:
            module, protocol = bindings[stream.version], protocols[stream.version]
            name = sections.entry_names(module)[0]
            verify.check_content(
                name, module.parse_event, _to_dict, stream.used, module.EVENT_TYPES
            )
            models = contenders.pydantic_classes(package_dir, protocol, module)
            decode = pydantic_decoders[stream.version]
            verify.check_content("the Pydantic models", decode, dump, stream.lines, models)
        verify.check_content("openai", openai_decode, contenders.openai_dump, raw["ga"])
        verify.check_content(
            "openai (Live)", openai_live_decode, contenders.openai_dump, raw["live"]
        )
    except verify.ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    notes += [f"Checked before timing, {who}: {what}." for who, what in verify.CHECKS.items()]

    floor_name, floor = contenders.json_floor(rt)
    rows: list[Row] = []
    for stream in streams:
        _say(f"timing the {stream.name} stream, {settings.rounds} rounds")
        module = bindings[stream.version]
        references = {PYDANTIC: pydantic_decoders[stream.version]}
        if not protocols[stream.version]:
            references[MSGSPEC] = msgspec_decode
        scanner = contenders.package_json_step(rt)
        if scanner is not None:  # what parse_event's JSON step costs, for an honest reading
            references = {SCANNER: scanner, **references}
        if stream.version == "ga":
            references = {OPENAI: openai_decode, **references}
        if stream.version == "live":
            references = {OPENAI_LIVE: openai_live_decode, **references}
        rows += sections.speed_rows(
            module,
            stream,
            floor_name,
            floor,
            references,
            settings.rounds,
            settings.min_pass_ms * 10**6,
            LIVE_TARGETS if stream.version == "live" else GA_TARGETS,
        )

    for stream in streams:
        if stream.version == "beta":
            continue  # the TypeScript rows take one stream of each protocol
        _say(f"timing the TypeScript decoder on the {stream.name} stream, {settings.rounds} rounds")
        protocol = protocols[stream.version]
        rows += typescript.rows(stream, settings.rounds, settings.min_pass_ms, notes, protocol)

    ga = next(stream for stream in streams if stream.version == "ga")
    _say("timing a receive loop over a local WebSocket")
    rows += sections.socket_rows(rt, ga, settings.rounds, settings.socket_pass_ms * 10**6)

    _say(f"holding {sections.HELD_EVENTS:,} parsed events")
    rows += sections.memory_rows(rt, ga, openai_decode, msgspec_decode)

    _say("timing imports in fresh interpreters")
    try:
        rows += sections.import_rows(package_dir, settings.import_runs, loads)
    except imports.BytecodeLeak as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    notes.append(
        "Imports: each one's median over fresh interpreters, `-X importtime`'s cumulative time of"
        " what the statement imports, the imports taking turns. Cached: bytecode written by an"
        " untimed run into a scratch `PYTHONPYCACHEPREFIX` (the `__pycache__` folders of"
        " generated/ are never read). No bytecode: a copy of the package without `__pycache__`,"
        " under `PYTHONDONTWRITEBYTECODE=1`, with nothing of it in the prefix (checked after the"
        " runs), so each of its modules is compiled at every import, as on an image or a"
        " read-only install that ships none; the standard library's bytecode stays cached."
        " Python imports a package before its sub-packages, so `import realtime_events.translation`"
        " runs the package root (the Realtime API's `realtime_events`) first; the rows below"
        " it show the sub-package's own share."
    )
    notes.append(sections.loads_note(package_dir, loads))

    _say("timing code generation")
    rows += sections.generation_rows(settings.generate_runs, settings.synthetic_sizes, notes)

    facts = machine.describe() + _workload_facts(
        rt, translation, live, package_dir, streams, floor_name, settings
    )
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
    translation: ModuleType,
    live: ModuleType,
    package_dir: Path,
    streams: list[verify.Stream],
    floor_name: str,
    settings: Settings,
) -> list[str]:
    sizes = ", ".join(
        f"{stream.name} {len(stream.lines):,} lines ({_megabytes(stream.lines)} MB)"
        for stream in streams
    )
    return [
        f"- Bindings: `realtime_events` from `{package_dir}`, {len(rt.EVENT_TYPES)} event types"
        f" (`realtime_events.translation`: {len(translation.EVENT_TYPES)},"
        f" `realtime_events.live`: {len(live.EVENT_TYPES)}); JSON floor:"
        f" `{floor_name}`",
        f"- Workload: one session of {settings.exchanges} exchanges"
        f" (seed {workload.SEED}): {sizes}",
        "- Translation stream: the speech of that session (each user turn and spoken reply)"
        f" through a Realtime Translation session, {translation_render.SOURCE_LANGUAGE} into"
        f" {translation_render.TARGET_LANGUAGE}: `session.created`, `session.updated`, then for"
        " each utterance its source transcript deltas and, a second or so behind, the"
        " translated speech (24 kHz 16-bit mono PCM, 20 to 100 ms a delta, base64) with its"
        " transcript deltas, and `session.closed`",
        "- Live stream: the same conversation held with a Live model"
        f" (`{live_render.MODEL}`) on the primary WebSocket of a Live session whose work goes to"
        f" a Responses delegation (`{live_render.RESPONSES_MODEL}`): `session.started`, for each"
        " exchange the user's transcript deltas, the spoken answer (24 kHz 16-bit mono PCM, 20"
        " to 100 ms a delta, base64) with its transcript deltas and a `session.usage.updated`;"
        " for each function call a `session.delegation.created`, the Responses model's call"
        " and then its written answer in `response.event`s, between them the application's"
        " result as `session.commentary.appended`; `session.closed`",
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
