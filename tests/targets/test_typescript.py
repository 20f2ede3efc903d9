"""The TypeScript target: the package builds, its decoder agrees with parse_event case by case,
its Node test suite passes, and the compiler accepts a user's code and refuses their mistakes.

Node runs once per test file (never per case): the corpus goes to Node as one JSON file and the
verdicts come back as one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import realtime_events as rt

from codegen import naming
from codegen.emit import check, write
from codegen.ir import Catalogue, EventUnion
from codegen.pipeline import build_dirs, build_outputs, compile_spec
from tests.helpers.agreement import NOTES, Case, compare, corpus, decoder, union_id
from tests.helpers.shared import shared_artefact, shared_step
from tests.helpers.support import (
    GENERATED,
    MINI_SPEC,
    ROOT,
    catalogue,
    mini_package,
    protocol_module,
)

NODE = shutil.which("node") or "node"
TSC = ROOT / "node_modules" / ".bin" / "tsc"
SUITE = Path(__file__).resolve().parent / "typescript"
TYPING = SUITE / "typing"
PACKAGE = GENERATED / "typescript"
GOLDEN_MINI = ROOT / "tests" / "golden" / "mini" / "typescript"
ADVERSARIAL = ROOT / "tests" / "specs" / "adversarial"


def generated(spec_dir: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """Every generated file by its path, and the build directories that are not drift."""
    outputs = build_outputs(spec_dir)
    files = {f"{o.folder}/{path}": text for o in outputs.values() for path, text in o.files.items()}
    return files, build_dirs(outputs)


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)


def build(package: Path) -> Path:
    """Compile `package` into its dist/ with the pinned compiler; fail with tsc's output."""
    if not TSC.exists():
        pytest.fail("node_modules is not installed: run `make test` (it runs npm ci)")
    result = run([str(TSC), "-p", str(package), "--pretty", "false"])
    assert result.returncode == 0, result.stdout + result.stderr
    return package


@pytest.fixture(scope="session")
def real_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/typescript, compiled into its dist/ once per run (by one worker at a time)."""
    shared_step(tmp_path_factory, "typescript-dist", lambda: build(PACKAGE))
    return PACKAGE


@pytest.fixture(scope="session")
def mini_ts_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden mini package, built in a scratch copy (golden files stay as generated)."""

    def copy_and_build(folder: Path) -> None:
        shutil.copytree(GOLDEN_MINI, folder / "typescript")
        build(folder / "typescript")

    return shared_artefact(tmp_path_factory, "mini-typescript", copy_and_build) / "typescript"


# --- agreement with parse_event ----------------------------------------------------------------


def node_verdicts(
    package: Path, cases: list[Case], scratch: Path, side: str, protocol: str = ""
) -> list[dict[str, Any]]:
    """The TypeScript parser's verdict on each case's JSON text, from one Node process; `side`
    picks the parser (`Server`: parseServerEvent, `Client`: parseClientEvent) and `protocol` the
    entry point ("" for the package's root)."""
    texts = [json.dumps(case.payload) for case in cases]
    return text_verdicts(package, texts, scratch, side, protocol)


def text_verdicts(
    package: Path,
    texts: list[str],
    scratch: Path,
    side: str,
    protocol: str = "",
    connection: str = "",
) -> list[dict[str, Any]]:
    """The verdict on each JSON text (any text: it need not be JSON), from one Node process;
    `connection` narrows the parser to one kind of connection."""
    name = f"{protocol or 'root'}-{side}-{connection}"
    cases_file, verdicts_file = scratch / f"{name}-cases.json", scratch / f"{name}-verdicts.json"
    cases_file.write_text(json.dumps(texts), "utf-8")
    files = [str(package), str(cases_file), str(verdicts_file), side, protocol, connection]
    result = run([NODE, str(SUITE / "verdicts.mjs"), *files])
    assert result.returncode == 0, result.stdout + result.stderr
    verdicts: list[dict[str, Any]] = json.loads(verdicts_file.read_text("utf-8"))
    assert len(verdicts) == len(texts)
    return verdicts


def json_equal(a: Any, b: Any) -> bool:
    """Equal JSON values, numbers compared by value (JavaScript writes 2.0 as 2) but never a
    boolean equal to a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@dataclass(frozen=True)
class Differences:
    """Where the two decoders agree on the verdict but not on what follows from it."""

    messages: list[str]  # rejected by both, with another message, path or event type
    round_trips: list[str]  # accepted by both, but JSON.stringify gave another payload
    unknown_fields: list[str]  # accepted by both, but unknownFields() and unknown_fields() differ
    searched: int  # events accepted by both, whose unknown fields were compared
    reported: int  # the unknown fields found in them (the same on both sides, when none differ)


def python_unknown_fields(package: Any, event: Any) -> list[dict[str, Any]]:
    return [
        {"path": found.path, "kind": found.kind, "value": found.value}
        for found in package.unknown_fields(event)
    ]


def differences(
    package: Any, parse: Any, cases: list[Case], verdicts: list[dict[str, Any]]
) -> Differences:
    messages, round_trips, unknown_fields = [], [], []
    searched = reported = 0
    for case, verdict in zip(cases, verdicts, strict=True):
        try:
            event = parse(case.payload)
        except package.EventDecodeError as error:
            if verdict["accepted"]:
                continue  # a disagreement, which compare() reports
            python = (str(error), error.path, error.event_type)
            node = (verdict["message"], verdict["path"], verdict["eventType"])
            if not verdict["error"].endswith("EventDecodeError") or python != node:
                messages.append(f"{case.label}: Python {python}, TypeScript {node}")
            continue
        if not verdict["accepted"]:
            continue
        if not json_equal(json.loads(verdict["json"]), case.payload):
            round_trips.append(f"{case.label}: {verdict['json'][:200]}")
        expected = python_unknown_fields(package, event)
        searched += 1
        reported += len(expected)
        if not json_equal(verdict["unknownFields"], expected):
            unknown_fields.append(
                f"{case.label}: Python {expected}, TypeScript {verdict['unknownFields']}"[:400]
            )
    return Differences(messages, round_trips, unknown_fields, searched, reported)


def entry_point(spec: Catalogue, union: EventUnion) -> tuple[str, str]:
    """The TypeScript side name (`Server`, `Client`) and entry point ("" for the package's
    root, the protocol's key for another) that decode `union`'s events."""
    protocol = "" if union.protocol == spec.primary.key else union.protocol
    return naming.pascal_words(union.direction), protocol


def agree(
    label: str, spec: Catalogue, package: Any, ts_package: Path, scratch: Path, union: EventUnion
) -> tuple[int, Differences]:
    """Every example of `union`'s events and every one-place mutation of it, through both
    parsers: the verdicts are recorded for the run's summary and must all be the same."""
    python = decoder(package, spec, union)
    cases = corpus(spec, union)
    verdicts = node_verdicts(ts_package, cases, scratch, *entry_point(spec, union))
    accepted = iter(verdict["accepted"] for verdict in verdicts)
    result = compare("TypeScript", label, cases, python, lambda payload: next(accepted))
    assert not result.disagreements, "\n".join(result.disagreements[:40])
    return result.cases, differences(package, python.parse, cases, verdicts)


@pytest.mark.slow
@pytest.mark.parametrize("union", [u for u in catalogue().unions if u.events], ids=union_id)
def test_the_typescript_decoders_agree_with_the_python_parsers(
    real_package: Path, tmp_path: Path, union: EventUnion
) -> None:
    """Every example and every one-place mutation of it, through parseServerEvent and
    parse_event (parseClientEvent and parse_client_event, and each protocol's): the same
    verdict, and for a rejection the same message, path and event type; an accepted payload
    comes back unchanged, and `unknownFields()` lists what `unknown_fields()` lists."""
    cases, found = agree("spec", catalogue(), rt, real_package, tmp_path, union)
    assert cases > 10 * len(union.events)
    assert not found.messages, "\n".join(found.messages[:40])
    assert not found.round_trips, "\n".join(found.round_trips[:40])
    assert not found.unknown_fields, "\n".join(found.unknown_fields[:40])
    assert found.reported > 0
    NOTES.append(
        f"typescript unknownFields vs unknown_fields ({union_id(union)}): {found.searched:,} "
        f"accepted payloads, {found.reported:,} unknown fields, "
        f"{len(found.unknown_fields)} differences"
    )


CONNECTED = [
    (union, kind.key)
    for union in catalogue().unions
    if union.events
    for kind in catalogue().protocol(union.protocol).connections
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("union", "kind"), CONNECTED, ids=[f"{union_id(u)}-{kind}" for u, kind in CONNECTED]
)
def test_the_decoders_narrowed_to_a_kind_of_connection_agree(
    real_package: Path, tmp_path: Path, union: EventUnion, kind: str
) -> None:
    """Every example and one-place mutation of a protocol with kinds of connection, through
    both parsers narrowed to one kind (`connection=` and `{ connection }`): the same verdict,
    the same events kept as unknown (those the kind does not carry), the same JSON back."""
    python = decoder(rt, catalogue(), union)
    cases = corpus(catalogue(), union)
    side, protocol = entry_point(catalogue(), union)
    verdicts = node_verdicts_on(real_package, cases, tmp_path, side, protocol, kind)
    differences = []
    for case, verdict in zip(cases, verdicts, strict=True):
        try:
            event = python.parse(json.dumps(case.payload), connection=kind)
        except rt.EventDecodeError:
            expected: Any = ["rejects"]
        else:
            expected = ["accepts", type(event) is rt.UnknownEvent, event.to_dict()]
        got: Any = ["rejects"]
        if verdict["accepted"]:
            got = ["accepts", verdict["unknown"], json.loads(verdict["json"])]
        if not json_equal(got, expected):
            differences.append(f"{case.label}: Python {expected}, TypeScript {got}"[:400])
    assert not differences, "\n".join(differences[:40])
    carried = sum(kind in catalogue().connections_of(e) for e in union.events)
    NOTES.append(
        f"agreement on one kind of connection ({union_id(union)}, {kind}): {len(cases):,} "
        f"cases, {carried} of {len(union.events)} events carried, 0 differences"
    )


def node_verdicts_on(
    package: Path, cases: list[Case], scratch: Path, side: str, protocol: str, connection: str
) -> list[dict[str, Any]]:
    texts = [json.dumps(case.payload) for case in cases]
    return text_verdicts(package, texts, scratch, side, protocol, connection)


@pytest.mark.parametrize(
    "union", [u for u in compile_spec(MINI_SPEC).unions if u.events], ids=union_id
)
def test_the_mini_typescript_decoders_agree_too(
    mini_ts_package: Path, tmp_path: Path, union: EventUnion
) -> None:
    """The mini spec has what the real one lacks: closed enums, an untagged union member, and
    client events, which parseClientEvent decodes as parse_client_event does."""
    spec = compile_spec(MINI_SPEC)
    _, found = agree("mini", spec, mini_package(), mini_ts_package, tmp_path, union)
    assert not found.messages, "\n".join(found.messages[:40])
    assert not found.round_trips, "\n".join(found.round_trips[:40])
    assert not found.unknown_fields, "\n".join(found.unknown_fields[:40])


CONNECTION_SCRIPT = """
import { pathToFileURL } from "node:url";
const relay = await import(pathToFileURL(process.argv[2]).href);
const ping = { relay_id: "relay_1", type: "thing.pinged", at_ms: 5 };
const verdict = (options) => {
  try {
    const event = relay.parseServerEvent(ping, options);
    return relay.isUnknownServerEvent(event) ? "unknown" : "known";
  } catch (error) {
    return `${error.constructor.name}: ${error.message}`;
  }
};
console.log(JSON.stringify({
  kinds: relay.CONNECTIONS,
  tap: verdict({ connection: "tap" }),
  direct: verdict({ connection: "direct" }),
  strict: verdict({ connection: "direct", strict: true }),
  any: verdict(undefined),
  typo: verdict({ connection: "tapp" }),
  direct_events: relay.serverEventsOn("direct"),
}));
"""


def test_a_connection_s_parser_knows_only_the_events_it_carries(
    mini_ts_package: Path, tmp_path: Path
) -> None:
    """As `parse_event(raw, connection=...)` does: the mini relay's `thing.pinged` reaches a
    tap only."""
    script = tmp_path / "connections.mjs"
    script.write_text(CONNECTION_SCRIPT, "utf-8")
    entry = mini_ts_package / "dist" / "relay" / "index.js"
    result = run([NODE, str(script), str(entry)])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "kinds": ["direct", "tap"],
        "tap": "known",
        "direct": "unknown",
        "strict": "ServerEventDecodeError: thing.pinged: unknown event type",
        "any": "known",
        "typo": 'RangeError: unknown connection "tapp"; known: direct, tap',
        "direct_events": ["thing.created"],
    }


_DELTA = (
    '{"type":"response.output_text.delta","event_id":"event_1","response_id":"resp_1",'
    '"item_id":"item_1","output_index":0,"content_index":0,"delta":"Hi"}'
)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# JSON text beyond the corpus, with both verdicts: (Python accepts, TypeScript accepts). Three
# differences are known and documented: JSON.parse reads `1.0` and `1e0` as the number 1, which
# passes where an integer is declared, and the TypeScript decoder stops untyped nesting at 512
# levels where Python's reader stops at about 990.
EDGES: dict[str, tuple[str, tuple[bool, bool]]] = {
    "an integral float where an integer is declared": (
        _DELTA.replace('"output_index":0', '"output_index":1.0'),
        (False, True),
    ),
    "an exponent where an integer is declared": (
        _DELTA.replace('"output_index":0', '"output_index":1e0'),
        (False, True),
    ),
    "untyped nesting of 600 levels": (_DELTA[:-1] + f',"x":{_deep(600)}}}', (True, False)),
    "untyped nesting of 100,000 levels": (_DELTA[:-1] + f',"x":{_deep(100_000)}}}', (False, False)),
    "untyped nesting of 500 levels": (_DELTA[:-1] + f',"x":{_deep(500)}}}', (True, True)),
    "an integer past 2**64": (
        _DELTA.replace('"output_index":0', '"output_index":123456789012345678901234567890'),
        (True, True),
    ),
    "a number too large for a double, untyped": (_DELTA[:-1] + ',"x":1e999}', (False, False)),
    "a number too large for a double, typed": (
        _DELTA.replace('"output_index":0', '"output_index":1e999'),
        (False, False),
    ),
    "a duplicate key (the last one counts)": (
        _DELTA[:-1] + ',"delta":7,"delta":"x"}',
        (True, True),
    ),
    "a duplicate key, last one wrong": (_DELTA[:-1] + ',"delta":"x","delta":7}', (False, False)),
    "a lone surrogate": (_DELTA.replace('"Hi"', '"\\ud800"'), (True, True)),
    "a byte order mark before the text": ("\ufeff" + _DELTA, (False, False)),
    "NaN": (_DELTA.replace('"output_index":0', '"output_index":NaN'), (False, False)),
    "whitespace around the text": (f" \n{_DELTA}\t ", (True, True)),
    "an empty key": (_DELTA[:-1] + ',"":1}', (True, True)),
    "null where a string is expected": (
        _DELTA.replace('"event_id":"event_1"', '"event_id":null'),
        (False, False),
    ),
    "trailing garbage": (_DELTA + "x", (False, False)),
}


def test_beyond_the_corpus_only_the_known_differences(real_package: Path, tmp_path: Path) -> None:
    texts = [text for text, _ in EDGES.values()]
    verdicts = text_verdicts(real_package, texts, tmp_path, "Server")
    for (label, (text, expected)), verdict in zip(EDGES.items(), verdicts, strict=True):
        python = _python_accepts(text)
        assert (python, verdict["accepted"]) == expected, label
        if not verdict["accepted"]:
            assert verdict["error"] == "ServerEventDecodeError", (label, verdict)


def _python_accepts(text: str) -> bool:
    try:
        rt.parse_event(text)
    except rt.EventDecodeError:
        return False
    return True


# --- the Node test suite -----------------------------------------------------------------------


def test_the_node_test_suite_passes(real_package: Path, tmp_path: Path) -> None:
    """decode.test.mjs and dispatch.test.mjs, with every spec example handed over as JSON."""
    examples = [
        {
            "label": f"{union_id(union)} {event.wire_type}: {example.title}",
            "side": entry_point(catalogue(), union)[0],
            "protocol": entry_point(catalogue(), union)[1],
            "wireType": event.wire_type,
            "text": example.text,
        }
        for union in catalogue().unions
        for event in union.events
        for example in event.examples
    ]
    examples_file = tmp_path / "examples.json"
    examples_file.write_text(json.dumps(examples), "utf-8")
    env = {
        **os.environ,
        "REALTIME_EVENTS_PACKAGE": str(real_package),
        "REALTIME_EVENTS_EXAMPLES": str(examples_file),
    }
    files = sorted(str(path) for path in SUITE.glob("*.test.mjs"))
    result = run([NODE, "--test", "--test-reporter=tap", *files], env=env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr
    assert re.search(r"^# fail 0$", result.stdout, re.MULTILINE), result.stdout[-2000:]
    assert re.search(r"^# skipped 0$", result.stdout, re.MULTILINE), result.stdout[-2000:]


# --- what the compiler accepts and refuses -------------------------------------------------------


def type_check(
    files: list[Path], scratch: Path, **options: Any
) -> subprocess.CompletedProcess[str]:
    """`tsc --strict --noEmit` over `files`, importing `realtime-events` from the built package
    as an application would (its declarations, not its source)."""
    config = {
        "extends": str(TYPING / "tsconfig.json"),
        "compilerOptions": {
            "paths": {
                "realtime-events": [str(PACKAGE / "dist" / "index.d.ts")],
                "realtime-events/*": [str(PACKAGE / "dist" / "*" / "index.d.ts")],
            },
            **options,
        },
        "files": [str(path) for path in files],
    }
    (scratch / "tsconfig.json").write_text(json.dumps(config), "utf-8")
    return run([str(TSC), "-p", str(scratch), "--pretty", "false"])


@pytest.mark.parametrize("exact", [False, True], ids=["strict", "exactOptionalPropertyTypes"])
def test_a_usage_file_type_checks(real_package: Path, tmp_path: Path, exact: bool) -> None:
    result = type_check([TYPING / "usage.ts"], tmp_path, exactOptionalPropertyTypes=exact)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_event_and_type_is_exported_under_its_python_name(
    real_package: Path, tmp_path: Path
) -> None:
    """`ResponseDoneEvent`, `Response`, `ConversationItem`...: the names of the Python package,
    each protocol's from its own entry point (`realtime-events/translation`)."""
    lines = []
    for protocol in catalogue().protocols:
        module = protocol_module(rt, catalogue(), protocol.key)
        names = sorted(
            {e.name for e in catalogue().events if e.protocol == protocol.key}
            | catalogue().types_used_by(protocol.key)
        )
        assert all(hasattr(module, name) for name in names)
        where = "" if protocol == catalogue().primary else f"/{protocol.key}"
        alias = naming.pascal_words(protocol.key)
        lines.append(f'import type * as {alias} from "realtime-events{where}";')
        lines.append(f"export type All{alias} = [{', '.join(f'{alias}.{n}' for n in names)}];")
    usage = tmp_path / "names.ts"
    usage.write_text("\n".join(lines) + "\n", "utf-8")
    result = type_check([usage], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def _entry_point(protocol: str) -> str:
    return (
        "realtime-events" if protocol == catalogue().primary.key else f"realtime-events/{protocol}"
    )


def client_examples_as_params(folder: Path) -> tuple[Path, int]:
    """A file that writes every documented example of every client event of every protocol as
    a literal of the event's param type, as a client application would build it."""
    imports: list[str] = []
    literals: list[str] = []
    for protocol in catalogue().protocols:
        alias = naming.pascal_words(protocol.key)
        imports.append(f'import type * as {alias} from "{_entry_point(protocol.key)}";')
        for union in catalogue().unions_of(protocol.key)[1:]:
            for event in union.events:
                for number, example in enumerate(event.examples):
                    literal = json.dumps(json.loads(example.text), indent=2)
                    name = f"{alias}_{event.name}_{number}"
                    literals.append(f"export const {name}: {alias}.{event.name}Param = {literal};")
    path = folder / "client_examples.ts"
    path.write_text("\n".join(imports + literals) + "\n", "utf-8")
    return path, len(literals)


@pytest.mark.parametrize("exact", [False, True], ids=["strict", "exactOptionalPropertyTypes"])
def test_every_client_example_compiles_as_what_a_client_writes(
    real_package: Path, tmp_path: Path, exact: bool
) -> None:
    """Param types are exact (a misspelt key does not compile), so they must still take every
    event a client may send: each documented example of each protocol's client events."""
    path, count = client_examples_as_params(tmp_path)
    assert count > 0
    result = type_check([path], tmp_path, exactOptionalPropertyTypes=exact)
    assert result.returncode == 0, result.stdout + result.stderr
    mode = "with exactOptionalPropertyTypes" if exact else "strict"
    NOTES.append(f"typescript: {count} client examples compile as param literals ({mode})")


NARROWING_PRELUDE = """\
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
// Compiles only when A and B are the same type; returns the text it is given.
export const same = <A, B>(_proof: Equal<A, B>, text: string): string => text;
"""


def narrowing_by_type(folder: Path) -> tuple[Path, int]:
    """For each side of each protocol, the two ways users branch on `event.type`: a `switch`
    over a leniently parsed event, each `case` narrowed to exactly its event's interface and the
    `default` to the unknown event; and an exhaustive `switch` over a strictly parsed event,
    closed by a `never` check."""
    lines = [NARROWING_PRELUDE]
    cases = 0
    for protocol in catalogue().protocols:
        alias = naming.pascal_words(protocol.key)
        lines.insert(0, f'import * as {alias} from "{_entry_point(protocol.key)}";')
        for union in catalogue().unions_of(protocol.key):
            parse = f"{alias}.parse{naming.pascal_words(union.direction)}Event"
            lenient = [f"export function lenient{alias}{union.name}(message: string): string {{"]
            lenient.append(f"  const event = {parse}(message);")
            exhaustive = [
                f"export function exhaustive{alias}{union.name}(message: string): string {{"
            ]
            exhaustive.append(f"  const event = {parse}(message, {{ strict: true }});")
            for block in (lenient, exhaustive):
                block.append("  switch (event.type) {")
                for e in union.events:
                    wire = json.dumps(e.wire_type)
                    block.append(f"    case {wire}:")
                    block.append(
                        f"      return same<typeof event, {alias}.{e.name}>(true, event.type);"
                    )
                    cases += 1
            lenient.append("    default: {")
            lenient.append("      const unknown: " + alias + ".UnknownEvent = event;")
            lenient.append("      return unknown.type;")
            lenient += ["    }", "  }", "}"]
            exhaustive.append("    default: {")
            exhaustive.append("      const none: never = event;")
            exhaustive.append("      return none;")
            exhaustive += ["    }", "  }", "}"]
            lines += lenient + exhaustive
            first = union.events[0]
            lines.append(f"export function first{alias}{union.name}(message: string): string {{")
            lines.append(f"  const event = {parse}(message);")
            lines.append(f"  if (event.type === {json.dumps(first.wire_type)}) {{")
            lines.append(f"    return same<typeof event, {alias}.{first.name}>(true, event.type);")
            lines += ["  }", "  return event.type;", "}"]
    path = folder / "narrowing.ts"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, cases


def test_narrowing_on_the_wire_type_needs_no_guard(real_package: Path, tmp_path: Path) -> None:
    """`event.type === "response.done"` and `switch (event.type)` narrow a parsed event to the
    event's interface, unknown events still typed in the `default`; a switch over every known
    type closes with `never`. Then the same file with one interface swapped must fail."""
    path, cases = narrowing_by_type(tmp_path)
    result = type_check([path], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    NOTES.append(f"typescript: {cases} switch cases narrow to exactly their event's interface")
    text = path.read_text("utf-8")
    first, second = catalogue().unions[0].events[:2]
    wrong = text.replace(
        f"typeof event, Realtime.{first.name}>", f"typeof event, Realtime.{second.name}>", 1
    )
    path.write_text(wrong, "utf-8")
    result = type_check([path], tmp_path)
    assert result.returncode != 0 and "error TS2345" in result.stdout, result.stdout


# What the examples leave to the reader's application (unless an example declares it itself).
README_PRELUDE = """\
declare const message: string;
declare function call(name: string | undefined, args: string | undefined): void;
declare function show(text: string): void;
declare function play(base64: string): void;
declare function log(text: string): void;
declare function trace(text: string): void;
"""


def _declared(line: str) -> str:
    match = re.match(r"declare (?:const|function) (\w+)", line)
    assert match is not None, line
    return match.group(1)


def test_the_readme_and_docs_examples_type_check(real_package: Path, tmp_path: Path) -> None:
    """The TypeScript of both READMEs and of the reference site's quick start."""
    blocks = []
    for readme in (ROOT / "README.md", PACKAGE / "README.md"):
        blocks += re.findall(r"^```ts\n(.*?)^```", readme.read_text("utf-8"), re.M | re.S)
    home = (GENERATED / "docs" / "pages" / "index.md").read_text("utf-8")
    tabs = re.findall(r"^ {4}```typescript\n(.*?)^ {4}```", home, re.M | re.S)
    blocks += [textwrap.dedent(tab) for tab in tabs]
    assert len(blocks) >= 3
    files = []
    for number, block in enumerate(blocks):
        imports = "".join(line + "\n" for line in block.splitlines() if line.startswith("import "))
        body = "".join(line + "\n" for line in block.splitlines() if not line.startswith("import "))
        path = tmp_path / f"readme_{number}.ts"
        prelude = "".join(
            line + "\n"
            for line in README_PRELUDE.splitlines()
            if not re.search(rf"\b(const|let) {_declared(line)}\b", body)
        )
        path.write_text(f"{imports}{prelude}export {{}};\n{body}", "utf-8")
        files.append(path)
    result = type_check(files, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


_EXPECT = re.compile(r"//\s*@expect (TS\d+) (.+)$")
_ERROR = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),\d+\): error (?P<code>TS\d+): (?P<text>.*)$")


def expected_errors(path: Path) -> dict[int, tuple[str, str]]:
    """Line number to (code, start of message), from `// @expect CODE text` above the line."""
    expected = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        match = _EXPECT.search(line)
        if match:
            expected[number + 1] = (match.group(1), match.group(2).strip())
    return expected


def test_deliberate_mistakes_fail_with_the_expected_errors(
    real_package: Path, tmp_path: Path
) -> None:
    """Wrong handler type, misspelt wire type or prefix or category, a missing required field,
    a wrong discriminator, reading before ruling out an unknown event, writing to an event."""
    mistakes = sorted((TYPING / "mistakes").glob("*.ts"))
    result = type_check(mistakes, tmp_path)
    assert result.returncode != 0
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for line in result.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            key = (Path(match["file"]).name, int(match["line"]))
            found[key] = (match["code"], match["text"])
    expected = {
        (path.name, line): error
        for path in mistakes
        for line, error in expected_errors(path).items()
    }
    assert len(expected) >= 8
    assert found.keys() == expected.keys(), result.stdout
    for key, (code, text) in expected.items():
        assert found[key][0] == code and found[key][1].startswith(text), (key, found[key])


# --- the npm tarball ---------------------------------------------------------------------------

CONSUMER = """\
import {
  parseServerEvent,
  unknownFields,
  CATALOGUE_VERSION,
  type SessionUpdateEventParam,
} from "realtime-events";
import { parseServerEvent as parseTranslation } from "realtime-events/translation";

const update: SessionUpdateEventParam = {
  type: "session.update",
  session: { type: "realtime", instructions: "Be brief." },
};
const event = parseServerEvent(
  '{"type": "input_audio_buffer.cleared", "event_id": "e1", "new": 1}',
);
const cleared = event.type === "input_audio_buffer.cleared" ? event.event_id : "?";
const translated = parseTranslation('{"type": "session.closed", "event_id": "e2"}');
console.log(JSON.stringify({
  version: CATALOGUE_VERSION,
  cleared,
  news: unknownFields(event).map((found) => found.path),
  translated: translated.type,
  sent: update.type,
}));
"""


def test_the_npm_tarball_installs_anywhere_and_a_consumer_compiles_and_runs(
    tmp_path: Path,
) -> None:
    """`make ts-pack` writes realtime-events-X.Y.Z.tgz: the compiled modules with their
    declarations and sources, the README and the licence, nothing of the generator. Installed
    into a fresh folder (offline, as a copy, not a link), it serves both entry points to a
    strict TypeScript consumer, which then runs."""
    packed = tmp_path / "packed"
    result = run(["make", "-s", "ts-pack", f"TS_PACK_DIR={packed}"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    (tarball,) = packed.glob("*.tgz")
    assert tarball.name == f"realtime-events-{catalogue().version}.tgz"
    listing = run(["tar", "-tzf", str(tarball)])
    names = {name.removeprefix("package/") for name in listing.stdout.split()}
    assert {"LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts"} <= names
    assert "dist/translation/index.d.ts" in names
    outside = {n for n in names if not n.startswith(("dist/", "src/"))}
    assert outside == {"LICENSE", "README.md", "package.json"}
    assert not any(name.endswith(".py") for name in names)

    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text('{"name": "app", "private": true, "type": "module"}')
    install = ["npm", "install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"]
    result = run([*install, "--loglevel=error", str(tarball)], cwd=app)
    assert result.returncode == 0, result.stdout + result.stderr
    installed = app / "node_modules" / "realtime-events"
    assert installed.is_dir() and not installed.is_symlink()

    (app / "consumer.ts").write_text(CONSUMER, "utf-8")
    config = {
        "compilerOptions": {
            "target": "es2022",
            "module": "nodenext",
            "moduleResolution": "nodenext",
            "strict": True,
            "exactOptionalPropertyTypes": True,
            "skipLibCheck": False,
            "types": [],
            "lib": ["es2022", "dom"],
            "outDir": "out",
        },
        "files": ["consumer.ts"],
    }
    (app / "tsconfig.json").write_text(json.dumps(config), "utf-8")
    result = run([str(TSC), "-p", str(app), "--pretty", "false"])
    assert result.returncode == 0, result.stdout + result.stderr
    result = run([NODE, str(app / "out" / "consumer.js")], cwd=app)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "version": catalogue().version,
        "cleared": "e1",
        "news": ["new"],
        "translated": "session.closed",
        "sent": "session.update",
    }


# --- the generated package --------------------------------------------------------------------


def test_hostile_text_stays_in_comments_and_the_package_compiles(tmp_path: Path) -> None:
    """The adversarial spec (keywords as names, quotes, backslashes and template delimiters in
    every text), with a description that tries to end its comment and to start TSDoc tags."""
    spec = tmp_path / "adversarial"
    shutil.copytree(ADVERSARIAL, spec)
    events = spec / "events" / "class.yaml"
    hostile = "'The holder */ @deprecated {@link evil} | <b>it</b>. */'"
    events.write_text(
        events.read_text("utf-8").replace("'The holder | <b>it</b>.'", hostile), "utf-8"
    )
    out = tmp_path / "out"
    files, dirs = generated(spec)
    write(files, out, dirs)
    build(out / "typescript")
    sources = "".join(
        path.read_text("utf-8") for path in (out / "typescript" / "src").rglob("*.ts")
    )
    assert "The holder *\\/ \\@deprecated {\\@link evil} | <b>it</b>. *\\/" in sources
    assert "*/ @deprecated" not in sources


def test_the_build_output_is_not_drift(real_package: Path, tmp_path: Path) -> None:
    files, dirs = generated(MINI_SPEC)
    write(files, tmp_path, dirs)
    for folder in ("dist", "node_modules"):
        (tmp_path / "typescript" / folder).mkdir()
        (tmp_path / "typescript" / folder / "index.js").write_text("built", "utf-8")
    assert check(files, tmp_path, dirs) == []
    assert write(files, tmp_path, dirs) == []
    assert (tmp_path / "typescript" / "dist" / "index.js").exists()
    # anything else is drift: a stray file, hidden or not, and a dist/ no target builds
    (tmp_path / "typescript" / "src" / "stray.ts").write_text("", "utf-8")
    (tmp_path / "typescript" / ".stray").write_text("", "utf-8")
    (tmp_path / "docs" / "dist").mkdir()
    (tmp_path / "docs" / "dist" / "page.md").write_text("", "utf-8")
    assert [d.path for d in check(files, tmp_path, dirs)] == [
        "docs/dist/page.md",
        "typescript/.stray",
        "typescript/src/stray.ts",
    ]


@cache
def root_package_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "package.json").read_text("utf-8"))
    return data


def test_the_package_is_built_with_the_pinned_compiler() -> None:
    package = json.loads((PACKAGE / "package.json").read_text("utf-8"))
    assert package["name"] == catalogue().name
    # No dependencies of any kind, so no lock of its own: the compiler is the repository's,
    # pinned exactly in the root package.json and its committed lock.
    assert not {key for key in package if key.endswith(("dependencies", "Dependencies"))}
    assert package["scripts"]["build"] == "tsc -p ."
    assert re.fullmatch(r"\d+\.\d+\.\d+", root_package_json()["devDependencies"]["typescript"])
