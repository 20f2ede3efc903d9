"""The measurements, each turned into table rows with its target and verdict."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import ModuleType

from . import contenders, generation, imports, memory, report, socket_loop, timing
from .contenders import Decode
from .report import Row, verdict
from .verify import Stream

HELD_EVENTS = 10_000
PARSE = "`parse_event`"
DISPATCH = "`parse_event` + `Dispatcher.dispatch`"
OPENAI = "openai `TypeAdapter.validate_json`"
MSGSPEC = "msgspec tagged `Struct`s"
SCANNER = "parse_event's JSON step alone (json's C scanner)"
PYDANTIC = "Pydantic models `parse_event` (datamodel-code-generator)"
SOCKET_FLOOR = "WebSocket receive loop, receiving only (floor)"
SOCKET_DISPATCH = "WebSocket receive loop + `parse_event` + `AsyncDispatcher.dispatch`"

# the targets; speed and memory are ratios within one run, so they hold on a noisy machine
PARSE_LIMIT = 1.3
DISPATCH_LIMIT = 1.4
OPENAI_SPEEDUP = 10.0
PYDANTIC_SPEEDUP = 5.0
MEMORY_SHARE = 0.5
LINEARITY_LIMIT = 1.5
# `import realtime_events` no slower than before protocols: the package the last bench before
# them measured (28.8 ms in its RESULTS.md), imported in the same run, so machines compare
# alike; 5% is the run-to-run noise of a median of imports on a busy two-core machine.
BEFORE_PROTOCOLS = "63c793258f85efdc02f446abc544bb411f0f30cf"
BEFORE_PROTOCOLS_MS = 28.8  # the target where that commit cannot be read (no git history)
IMPORT_NOISE = 1.05


def entry_names(rt: ModuleType) -> tuple[str, str]:
    """The rows' names for a protocol's parse_event and dispatch: the Realtime API's are the
    package root's, another protocol's carry its sub-package (`translation.parse_event`)."""
    if "." not in rt.__name__:
        return PARSE, DISPATCH
    sub = rt.__name__.split(".", 1)[1]
    return f"`{sub}.parse_event`", f"`{sub}.parse_event` + `{sub}.Dispatcher.dispatch`"


def speed_rows(
    rt: ModuleType,
    stream: Stream,
    floor_name: str,
    floor: Decode,
    references: dict[str, Decode],
    rounds: int,
    min_pass_ns: int,
) -> list[Row]:
    """`rt` is the protocol's module: the package root, or a protocol's sub-package."""
    # the floor pass is stretched to min_pass_ms by decoding the stream several times over
    repeat = timing.repeats_to_fill(contenders.each_line(floor, stream.used), min_pass_ns)
    lines = stream.used * repeat
    floor_label = f"`{floor_name}` (floor)"
    parse, dispatch = entry_names(rt)
    passes = {floor_label: contenders.each_line(floor, lines)}
    if stream.parseable:
        passes[parse] = contenders.each_line(rt.parse_event, lines)
        passes[dispatch] = contenders.parse_then_dispatch(rt, lines)
    passes.update(
        {name: contenders.each_line(decode, lines) for name, decode in references.items()}
    )
    medians = timing.median_ns(passes, rounds)

    provisional = stream.partial
    limits = {parse: PARSE_LIMIT, dispatch: DISPATCH_LIMIT}
    rows = []
    for name, elapsed in medians.items():
        ratio = elapsed / medians[floor_label]
        limit = limits.get(name)
        rows.append(
            Row(
                name,
                stream.label,
                report.ms(elapsed),
                report.us(elapsed / len(lines)),
                report.times(ratio),
                f"≤ {limit}× floor" if limit else "",
                verdict(ratio <= limit, provisional=provisional) if limit else "",
            )
        )
    if not stream.parseable:
        rows.append(Row(parse, stream.label, status="not run: no line parses yet"))
    elif OPENAI in medians:
        # Both decode the same wire into typed objects, one model per payload: a fair pair.
        for name, target in ((parse, OPENAI_SPEEDUP), (PYDANTIC, PYDANTIC_SPEEDUP)):
            if name not in medians:
                continue
            speedup = medians[OPENAI] / medians[name]
            rows.append(
                Row(
                    f"{name} speed-up over openai",
                    stream.label,
                    ratio=report.times(speedup),
                    target=f"≥ {target:g}×",
                    status=verdict(speedup >= target, provisional=provisional),
                )
            )
    return rows


def socket_rows(rt: ModuleType, stream: Stream, rounds: int, min_pass_ns: int) -> list[Row]:
    """The same receive loop over a local WebSocket, with and without parse and dispatch: the
    bindings' share of what a real loop costs (framing, the event loop, the socket)."""
    label = f"{stream.label}, over 127.0.0.1"
    if not stream.parseable:
        return [Row(SOCKET_DISPATCH, label, status="not run: no line parses yet")]
    with socket_loop.replay_server(stream.used) as url:
        loops = socket_loop.Loops(rt, url, len(stream.used))
        try:
            repeat = timing.repeats_to_fill(loops.receive_only(1), min_pass_ns)
            passes = {
                SOCKET_FLOOR: loops.receive_only(repeat),
                SOCKET_DISPATCH: loops.parse_and_dispatch(repeat),
            }
            medians = timing.median_ns(passes, rounds)
        finally:
            loops.close()
    events = len(stream.used) * repeat
    floor, ours = medians[SOCKET_FLOOR], medians[SOCKET_DISPATCH]
    return [
        Row(SOCKET_FLOOR, label, report.ms(floor), report.us(floor / events), report.times(1.0)),
        Row(
            SOCKET_DISPATCH,
            label,
            report.ms(ours),
            report.us(ours / events),
            report.times(ours / floor),
        ),
        Row(
            "the bindings' share of that loop's time",
            label,
            per_event=report.us((ours - floor) / events),
            ratio=f"{(ours - floor) / ours:.0%}",
        ),
    ]


def memory_rows(
    rt: ModuleType, ga: Stream, openai_decode: Decode, msgspec_decode: Decode
) -> list[Row]:
    """Held memory on the stream as sent, and once more without audio deltas.

    A held audio delta is mostly its 6,400 characters of base64, the same in every decoder; the
    second measurement shows the cost of the objects themselves.
    """
    decoders = {OPENAI: openai_decode, MSGSPEC: msgspec_decode}
    if ga.parseable:
        decoders = {PARSE: rt.parse_event, **decoders}
    without_audio = [line for line in ga.used if not _event_type(line).endswith("audio.delta")]
    groups = [(ga.label, ga.used, True)]
    if len(without_audio) < len(ga.used):  # a partial stream may hold no audio deltas at all
        groups.append(("GA without audio deltas", without_audio, False))
    rows = []
    for name, lines, has_target in groups:
        held = memory.cycled(lines, HELD_EVENTS)
        label = f"{name}, {HELD_EVENTS:,} events"
        peaks = {key: memory.peak_bytes_held(decode, held) for key, decode in decoders.items()}
        for key, peak in peaks.items():
            share = peak / peaks[OPENAI]
            target = has_target and key == PARSE
            rows.append(
                Row(
                    f"memory held: {key}",
                    label,
                    f"{peak / 1e6:,.1f} MB peak",
                    f"{peak / len(held):,.0f} B",
                    f"{report.times(share)} openai",
                    f"≤ {MEMORY_SHARE}× openai" if target else "",
                    verdict(share <= MEMORY_SHARE, provisional=ga.partial) if target else "",
                )
            )
        if not ga.parseable:
            rows.append(Row(f"memory held: {PARSE}", label, status="not run: no GA line parses"))
    return rows


def _event_type(line: str) -> str:
    return str(json.loads(line)["type"])


IMPORT_ROWS_PLACEHOLDER


def generation_rows(runs: int, synthetic_sizes: tuple[int, ...], notes: list[str]) -> list[Row]:
    rows = []
    events = generation.spec_event_count(generation.SPEC)
    try:
        seconds = generation.generate_seconds(generation.SPEC, runs)
        rows.append(_generation_row(f"`make generate`: spec/ ({events} events)", seconds, events))
    except RuntimeError as exc:
        rows.append(Row(f"`make generate`: spec/ ({events} events)", status="failed"))
        notes.append(f"Generating spec/ failed: {_first_lines(exc)}")
    per_event: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-spec-") as scratch:
        for size in synthetic_sizes:
            spec_dir = generation.write_synthetic_spec(Path(scratch), size)
            try:
                seconds = generation.generate_seconds(spec_dir, runs)
            except RuntimeError as exc:
                rows.append(Row(f"`make generate`: synthetic, {size:,} events", status="failed"))
                notes.append(
                    f"Generating the synthetic {size}-event spec failed: {_first_lines(exc)}"
                )
                continue
            per_event[size] = seconds / size
            rows.append(
                _generation_row(f"`make generate`: synthetic, {size:,} events", seconds, size)
            )
    smallest, largest = min(synthetic_sizes), max(synthetic_sizes)
    if smallest in per_event and largest in per_event:
        growth = per_event[largest] / per_event[smallest]
        rows.append(
            Row(
                "generation time per event, linear",
                ratio=f"{report.times(growth)} ({largest:,} vs {smallest:,})",
                target=f"≤ {LINEARITY_LIMIT}×",
                status=verdict(growth <= LINEARITY_LIMIT),
            )
        )
    return rows


def _generation_row(measure: str, seconds: float, events: int) -> Row:
    return Row(measure, value=f"{seconds:,.2f} s", per_event=f"{seconds / events * 1e3:,.2f} ms")


def _first_lines(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return " ".join(lines[:2])
