"""The benchmark refuses to time a decoder that does not keep what it decodes, times translation
and Live streams that are what those servers send, and refuses a package whose
`import realtime_events` loads another protocol or whose uncompiled import finds bytecode."""

from __future__ import annotations

import base64
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import realtime_events as rt
import realtime_events.live as live
import realtime_events.translation as tr

from tests.benchmarks import contenders, imports
from tests.benchmarks.live_render import ANSWERS, LiveRenderer
from tests.benchmarks.pcm import MAX_CHUNK_MS, MIN_CHUNK_MS
from tests.benchmarks.script import EXCHANGES, build_script
from tests.benchmarks.sections import IsolationError, check_isolation
from tests.benchmarks.socket_loop import LoopError, Loops, replay_server
from tests.benchmarks.translation_render import TRANSLATIONS
from tests.benchmarks.verify import ContentError, check_content, coverage
from tests.benchmarks.workload import SEED, Streams, build

LINES = [
    json.dumps({"type": "rate_limits.updated", "event_id": "e1",
                "rate_limits": [{"name": "tokens", "limit": 10, "reset_seconds": 1.0}]}),
    json.dumps({"type": "input_audio_buffer.cleared", "event_id": "e2", "x": None}),
]  # fmt: skip


def to_dict(event: Any) -> Any:
    return event.to_dict()


def test_parse_event_passes_the_content_check() -> None:
    check_content("parse_event", rt.parse_event, to_dict, LINES)


@pytest.mark.parametrize(
    ("broken", "found"),
    [
        (lambda data: {k: v for k, v in data.items() if k != "x"}, "x is missing"),
        (lambda data: {**data, "event_id": None}, 'event_id is null, not "e1"'),
        (
            lambda data: json.loads(json.dumps(data).replace("1.0", "1")),
            "rate_limits[0].reset_seconds is 1, not 1.0",
        ),
    ],
    ids=["drops an unknown field", "nulls a field", "turns 1.0 into 1"],
)
def test_a_decoder_that_changes_the_data_is_refused(broken: Any, found: str) -> None:
    def lossy(line: str) -> Any:
        return broken(json.loads(line))

    with pytest.raises(ContentError) as caught:
        check_content("lossy", lossy, lambda data: data, LINES)
    assert found in str(caught.value)


def test_the_socket_loops_receive_every_message_or_refuse_to_count() -> None:
    """The WebSocket rows time loops that must read the whole replayed stream: a loop that lost
    messages would look fast, so a short count is an error, not a time."""
    with replay_server(LINES) as url:
        loops = Loops(rt, url, len(LINES))
        try:
            loops.receive_only(3)()
            loops.parse_and_dispatch(3)()
            expecting_more = Loops(rt, url, len(LINES) + 1)
            try:
                with pytest.raises(LoopError, match="received 6 of 9 messages"):
                    expecting_more.receive_only(3)()
            finally:
                expecting_more.close()
        finally:
            loops.close()


@pytest.fixture(scope="module")
def streams() -> Streams:
    return build(2)


@pytest.fixture(scope="module")
def translation_lines(streams: Streams) -> list[str]:
    return streams.translation


def test_the_translation_stream_passes_its_content_check(translation_lines: list[str]) -> None:
    assert coverage(tr, translation_lines).complete
    check_content(
        "translation.parse_event", tr.parse_event, to_dict, translation_lines, tr.EVENT_TYPES
    )


def test_the_translation_stream_is_a_whole_session(translation_lines: list[str]) -> None:
    events = [json.loads(line) for line in translation_lines]
    types = [event["type"] for event in events]
    assert types[:2] == ["session.created", "session.updated"]
    assert types[-1] == "session.closed" and types.count("session.closed") == 1
    counts = Counter(types)
    assert counts["session.output_audio.delta"] > counts["session.output_transcript.delta"] > 0
    assert counts["session.input_transcript.delta"] > 0
    for event in events:
        if event["type"] == "session.output_audio.delta":
            pcm = base64.b64decode(event["delta"], validate=True)
            # 24 kHz, 16-bit, mono: 48 bytes a millisecond
            assert MIN_CHUNK_MS * 48 <= len(pcm) <= MAX_CHUNK_MS * 48 and len(pcm) % 48 == 0
    # each transcript whole and in order: the two exchanges' utterances, and their translations
    spoken = [text for exchange in EXCHANGES[:2] for text in (exchange.user, exchange.reply)]
    heard = "".join(e["delta"] for e in events if e["type"] == "session.input_transcript.delta")
    assert heard == "".join(spoken)
    said = "".join(e["delta"] for e in events if e["type"] == "session.output_transcript.delta")
    assert said == "".join(TRANSLATIONS[text] for text in spoken)
    ids = [event["event_id"] for event in events]
    assert len(set(ids)) == len(ids)


def test_the_realtime_decoder_fails_the_translation_check(translation_lines: list[str]) -> None:
    """The Realtime API's parse_event reads a translation session.created and gives its JSON
    back: only the class check tells the wrong protocol's decoder apart."""
    with pytest.raises(ContentError, match=r"line 1 \(session.created\) as SessionCreatedEvent"):
        check_content("parse_event", rt.parse_event, to_dict, translation_lines, tr.EVENT_TYPES)


@pytest.fixture(scope="module")
def live_lines(streams: Streams) -> list[str]:
    return streams.live


def test_the_live_stream_decodes_to_known_classes_only(live_lines: list[str]) -> None:
    """Every line a class of `realtime_events.live`, none unknown or refused, and each gives
    its JSON back exactly; the openai package's Live union reads each as the same type and
    gives it back too, so both sides of the speed-up row do the same work."""
    found = coverage(live, live_lines)
    assert found.complete and len(found.parsed) == len(live_lines)
    check_content("live.parse_event", live.parse_event, to_dict, live_lines, live.EVENT_TYPES)
    check_content("openai", contenders.openai_live_decoder(), contenders.openai_dump, live_lines)


def test_the_live_stream_is_a_whole_session(live_lines: list[str]) -> None:
    events = [json.loads(line) for line in live_lines]
    types = [event["type"] for event in events]
    assert types[0] == "session.started" and types.count("session.started") == 1
    assert types[-1] == "session.closed" and types.count("session.closed") == 1
    counts = Counter(types)
    assert counts["session.output_audio.delta"] > counts["session.output_transcript.delta"] > 0
    assert counts["session.usage.updated"] == 2  # one after each answer
    # the second exchange asks for the weather: one delegation, its two Responses answers
    assert counts["session.delegation.created"] == counts["session.commentary.appended"] == 1
    for event in events:
        if event["type"] == "session.output_audio.delta":
            pcm = base64.b64decode(event["delta"], validate=True)
            # 24 kHz, 16-bit, mono: 48 bytes a millisecond
            assert MIN_CHUNK_MS * 48 <= len(pcm) <= MAX_CHUNK_MS * 48 and len(pcm) % 48 == 0
    # the transcripts whole and in order, each piece's place on the timeline after the last
    for direction, side in (("input", "user"), ("output", "reply")):
        pieces = [e for e in events if e["type"] == f"session.{direction}_transcript.delta"]
        said = "".join(getattr(exchange, side) for exchange in EXCHANGES[:2])
        assert "".join(piece["delta"] for piece in pieces) == said
        for before, after in zip(pieces, pieces[1:], strict=False):
            assert before["start_ms"] <= before["end_ms"] <= after["start_ms"]
    ids = [event["event_id"] for event in events]
    assert len(set(ids)) == len(ids)
    # drawn from the seed alone: rendered again, the same events
    assert LiveRenderer(SEED).render(build_script(random.Random(SEED), 2)) == events


def test_the_live_delegation_streams_valid_responses_events(live_lines: list[str]) -> None:
    """The Responses events inside `response.event` are what the Responses API streams: each
    one the openai package's model of its type reads and gives back exactly, numbered in
    order within its response, for the delegation just created."""
    from openai.types.responses import ResponseStreamEvent
    from pydantic import TypeAdapter

    adapter: TypeAdapter[Any] = TypeAdapter(ResponseStreamEvent)
    events = [json.loads(line) for line in live_lines]
    (created,) = [e for e in events if e["type"] == "session.delegation.created"]
    delegation = created["delegation"]
    forwarded = [e for e in events if e["type"] == "response.event"]
    assert {e["delegation_id"] for e in forwarded} == {delegation["id"]}
    inner = [e["event"] for e in forwarded]
    for event in inner:
        model = adapter.validate_python(event)
        assert model.type == event["type"]
        assert model.model_dump(mode="json", exclude_unset=True) == event
    # two answers, each numbered from 0: the function call, then the text once it has run
    starts = [i for i, event in enumerate(inner) if event["type"] == "response.created"]
    assert len(starts) == 2 and inner[starts[0]]["response"]["id"] == delegation["response_id"]
    for start, end in zip(starts, [*starts[1:], len(inner)], strict=True):
        assert [e["sequence_number"] for e in inner[start:end]] == list(range(end - start))
        assert inner[end - 1]["type"] == "response.completed"
    (call,) = [e for e in inner if e["type"] == "response.function_call_arguments.done"]
    (text,) = [e for e in inner if e["type"] == "response.output_text.done"]
    assert text["text"] == ANSWERS[call["name"]]
    asked = EXCHANGES[1].call
    assert asked is not None and json.loads(call["arguments"]) == asked.arguments


def _package(root: Path, init: str) -> Path:
    """A package shaped like realtime_events, with a translation sub-package."""
    package = root / "realtime_events"
    (package / "translation").mkdir(parents=True)
    (package / "__init__.py").write_text(init, encoding="utf-8")
    (package / "translation" / "__init__.py").write_text("", encoding="utf-8")
    (package / "translation" / "events.py").write_text("", encoding="utf-8")
    return root


def test_the_generated_root_loads_no_other_protocol() -> None:
    loads = check_isolation(Path(rt.__file__).parents[1])
    assert "realtime_events.translation" not in loads["realtime_events"].package
    assert "realtime_events.translation" in loads["realtime_events.translation"].package


def test_a_root_that_loads_another_protocol_is_refused(tmp_path: Path) -> None:
    root = _package(tmp_path, "from . import translation\n")
    with pytest.raises(IsolationError, match="`import realtime_events` loads"):
        check_isolation(root)


def test_an_uncached_import_compiles_and_leaves_no_bytecode(tmp_path: Path) -> None:
    root = _package(tmp_path, "import json\n")
    timings = imports.import_ms(
        {
            "cached": imports.Import("realtime_events.translation", root),
            "compiled": imports.Import("realtime_events.translation", root, cached=False),
        },
        runs=1,
    )
    for timing in timings.values():
        assert 0 < timing.root_ms <= timing.total_ms
    assert not list(root.rglob("__pycache__"))  # the cached import wrote into its prefix only


def test_a_nested_package_root_is_its_share_of_the_import() -> None:
    report = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        100 |     json",
            "import time:       600 |        700 |   realtime_events",
            "import time:       250 |        250 |   realtime_events.translation.events",
            "import time:       300 |       1250 | realtime_events.translation",
            "import time:        50 |         50 | other",
        ]
    )
    assert imports._cumulative_us(report, "realtime_events") == (1250, 700)
