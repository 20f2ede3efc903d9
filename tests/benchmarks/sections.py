"""The measurements, each turned into table rows with its target and verdict."""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from . import contenders, generation, imports, memory, report, socket_loop, timing
from .contenders import Decode
from .report import Row, verdict
from .verify import Stream

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "realtime_events"
HELD_EVENTS = 10_000
PARSE = "`parse_event`"
DISPATCH = "`parse_event` + `Dispatcher.dispatch`"
OPENAI = "openai `TypeAdapter.validate_json`"
OPENAI_LIVE = "openai `TypeAdapter(live.ServerEvent).validate_json`"
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
# the Live API's: parse_event closer to the floor, and faster than the openai package's models
LIVE_PARSE_LIMIT = 1.15
LIVE_OPENAI_SPEEDUP = 1.0
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


@dataclass(frozen=True)
class Targets:
    """A stream's targets: parse_event's and dispatch's against the floor, and the speed-ups
    over the openai package's decoder (the reference named `openai`) that each contender must
    reach, by name (`PARSE` stands for the protocol's parse_event)."""

    parse: float = PARSE_LIMIT
    dispatch: float = DISPATCH_LIMIT
    openai: str = OPENAI
    speedups: tuple[tuple[str, float], ...] = (
        (PARSE, OPENAI_SPEEDUP),
        (PYDANTIC, PYDANTIC_SPEEDUP),
    )


GA_TARGETS = Targets()  # the Realtime API's, and translation's
LIVE_TARGETS = Targets(
    parse=LIVE_PARSE_LIMIT, openai=OPENAI_LIVE, speedups=((PARSE, LIVE_OPENAI_SPEEDUP),)
)


def speed_rows(
    rt: ModuleType,
    stream: Stream,
    floor_name: str,
    floor: Decode,
    references: dict[str, Decode],
    rounds: int,
    min_pass_ns: int,
    targets: Targets = GA_TARGETS,
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
    limits = {parse: targets.parse, dispatch: targets.dispatch}
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
    elif targets.openai in medians:
        # Both decode the same wire into typed objects, one model per payload: a fair pair.
        for key, target in targets.speedups:
            name = parse if key == PARSE else key
            if name not in medians:
                continue
            speedup = medians[targets.openai] / medians[name]
            # a target of 1× asks for faster, not as fast
            met = speedup > target if target == 1 else speedup >= target
            rows.append(
                Row(
                    f"{name} speed-up over openai",
                    stream.label,
                    ratio=report.times(speedup),
                    target="> 1× (faster)" if target == 1 else f"≥ {target:g}×",
                    status=verdict(met, provisional=provisional),
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


class IsolationError(Exception):
    """Importing one protocol loaded another protocol's modules."""


@dataclass(frozen=True)
class Loads:
    """What one import adds to a fresh interpreter's sys.modules."""

    module: str
    package: list[str]  # modules of realtime_events
    others: list[str]  # the standard library's, mostly


def protocol_packages(package_dir: Path) -> list[str]:
    """The protocols with a sub-package of their own (translation, webhooks): those with an
    events module. The package root is the Realtime API's."""
    root = package_dir / PACKAGE
    return sorted(
        path.name
        for path in root.iterdir()
        if (path / "__init__.py").exists() and (path / "events.py").exists()
    )


def _protocol_of(module: str, protocols: list[str]) -> str | None:
    """The sub-package protocol a module belongs to: its folder, or its models' prefix."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in protocols:
        return parts[1]
    if len(parts) > 2 and parts[1] == "models":
        return next((p for p in protocols if parts[2].startswith(f"{p}_")), None)
    return None


def check_isolation(package_dir: Path) -> dict[str, Loads]:
    """What `import realtime_events` and each protocol's `import realtime_events.<protocol>`
    load; IsolationError when one loads a module of another sub-package protocol (each must
    load only when imported, so that a program decoding one does not pay for the others)."""
    protocols = protocol_packages(package_dir)
    loads = {}
    for module in [PACKAGE, *(f"{PACKAGE}.{protocol}" for protocol in protocols)]:
        names = imports.loaded_modules(module, package_dir)
        package = [name for name in names if name.split(".")[0] == PACKAGE]
        own = _protocol_of(module, protocols)
        strangers = [name for name in package if _protocol_of(name, protocols) not in (None, own)]
        if strangers:
            raise IsolationError(
                f"`import {module}` loads another protocol's modules: {', '.join(strangers)}"
            )
        loads[module] = Loads(module, package, [name for name in names if name not in package])
    return loads


def loads_note(package_dir: Path, loads: dict[str, Loads]) -> str:
    """Which of the package's modules `import realtime_events` loads, and which it leaves out."""
    root = package_dir / PACKAGE
    every = {
        ".".join((PACKAGE, *path.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        for path in root.rglob("*.py")
    }
    loaded = set(loads[PACKAGE].package)

    def short(names: set[str]) -> str:
        return ", ".join(f"`{name.removeprefix(PACKAGE + '.')}`" for name in sorted(names))

    return (
        f"`import {PACKAGE}` loads {len(loaded)} of the package's {len(every)} modules:"
        f" {short(loaded - {PACKAGE})} and the root; it leaves out {short(every - loaded)}."
    )


def _outside(modules: list[str]) -> str:
    stdlib = sum(name.split(".")[0] in sys.stdlib_module_names for name in modules)
    if stdlib == len(modules):
        return f"{stdlib} of the standard library"
    return f"{stdlib} of the standard library, {len(modules) - stdlib} others"


def import_rows(package_dir: Path, runs: int, loads: dict[str, Loads]) -> list[Row]:
    translation = f"{PACKAGE}.translation"
    specs = {
        "root": imports.Import(PACKAGE, package_dir),
        "root, compiled": imports.Import(PACKAGE, package_dir, cached=False),
        "translation": imports.Import(translation, package_dir),
        "translation, compiled": imports.Import(translation, package_dir, cached=False),
        "openai": imports.Import("openai.types.realtime", package_dir),
    }
    with tempfile.TemporaryDirectory(prefix="bench-before-protocols-") as scratch:
        before = imports.git_package(ROOT, BEFORE_PROTOCOLS, f"generated/{PACKAGE}", Path(scratch))
        if before is not None:
            specs["before"] = imports.Import(PACKAGE, before.parent)
        timings = imports.import_ms(specs, runs)

    ours = timings["root"].total_ms
    if "before" in timings:
        then = timings["before"].total_ms
        against = [
            Row(
                f"import `{PACKAGE}`",
                value=f"{ours:,.1f} ms",
                ratio=f"{report.times(ours / then)} before protocols",
                target=f"≤ before protocols (+{IMPORT_NOISE - 1:.0%} noise)",
                status=verdict(ours <= then * IMPORT_NOISE),
            ),
            Row(
                f"import `{PACKAGE}` before protocols ({BEFORE_PROTOCOLS[:7]}), same run",
                value=f"{then:,.1f} ms",
                ratio=report.times(1.0),
            ),
        ]
    else:
        against = [
            Row(
                f"import `{PACKAGE}`",
                value=f"{ours:,.1f} ms",
                target=f"≤ {BEFORE_PROTOCOLS_MS:g} ms (before protocols, another machine)",
                status=verdict(ours <= BEFORE_PROTOCOLS_MS),
            ),
            Row(
                f"import `{PACKAGE}` before protocols ({BEFORE_PROTOCOLS[:7]})",
                status="not run: that commit cannot be read (no git history)",
            ),
        ]
    compiled = timings["root, compiled"].total_ms
    rows = [
        *against,
        Row(
            f"import `{PACKAGE}`, no bytecode (each module compiled)",
            value=f"{compiled:,.1f} ms",
            ratio=f"{report.times(compiled / ours)} cached",
        ),
    ]
    for key, how in (("translation", ""), ("translation, compiled", ", no bytecode")):
        timing = timings[key]
        own_ms = timing.total_ms - timing.root_ms
        rows += [
            Row(f"import `{translation}`{how}", value=f"{timing.total_ms:,.1f} ms"),
            Row(
                f"… of it `{translation}` itself, after the package root",
                value=f"{own_ms:,.1f} ms",
                ratio=f"{own_ms / timing.total_ms:.0%}",
            ),
        ]
    protocols = protocol_packages(package_dir)
    root_modules = set(loads[PACKAGE].package)
    for module in (PACKAGE, translation):  # check_isolation has checked every protocol
        load = loads[module]
        own = _protocol_of(module, protocols)
        mine = [name for name in load.package if _protocol_of(name, protocols) == own]
        rest = set(load.package) - set(mine)
        modules = f"{len(load.package)} modules of the package"
        if module != PACKAGE:
            whose = "the root's" if rest == root_modules else "others"
            modules += f": {len(mine)} its own, {len(rest)} {whose}"
        rows.append(
            Row(
                f"`import {module}` loads",
                value=f"{modules}; {_outside(load.others)}",
                target=f"no {' or '.join(p for p in protocols if p != own)} module",
                status=verdict(True),  # check_isolation stops the bench before any other
            )
        )
    openai_ms = timings["openai"].total_ms
    rows.append(Row("import `openai.types.realtime`", value=f"{openai_ms:,.1f} ms"))
    return rows


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
