"""What a user's type checker sees: frozen dataclasses, a MISSING that narrows away, handlers
typed per event, examples that type-check as their TypedDicts.

Each snippet is a small user module checked with mypy --strict against the generated package;
mistakes are made on purpose and must be reported on exactly their lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import realtime_events as rt

from tests.helpers.support import examples, run_mypy

ACCEPTED = """
import dataclasses
import realtime_events as rt

def total(done: rt.ResponseDoneEvent) -> int | None:
    usage = done.response.usage  # Usage | None | Missing
    return usage.total_tokens if usage else None

def previous(event: rt.ConversationItemCreatedEvent) -> str:
    return event.previous_item_id or "root"  # str | None | Missing narrows to str

def changed(event: rt.ResponseOutputAudioDeltaEvent) -> rt.ResponseOutputAudioDeltaEvent:
    return dataclasses.replace(event, delta="AAAA")

def build() -> rt.RateLimit:
    return rt.RateLimit(name="tokens", limit=1, remaining=1, reset_seconds=1.5)

def news(event: rt.ServerEvent | rt.UnknownEvent) -> list[str]:
    return [f"{item.path} {item.kind}" for item in rt.unknown_fields(event)]

def caught(event: rt.ResponseOutputAudioDeltaEvent) -> None:
    try:
        object.__setattr__(event, "delta", "")
    except rt.FrozenInstanceError:
        pass
"""

REJECTED = """
import dataclasses
import realtime_events as rt

def mutate(event: rt.ResponseOutputAudioDeltaEvent, limit: rt.RateLimit) -> None:
    event.delta = "x"
    limit.remaining = 0
    dataclasses.replace(event, dleta="x")
    rt.RateLimit("tokens", 1, 1, 1.5)
"""


def error_lines(output: str) -> list[tuple[int, str]]:
    """(line, error code) of each error mypy reported."""
    found = []
    for line in output.splitlines():
        if ": error:" in line:
            number = int(line.split(":")[1])
            found.append((number, line.rsplit("[", 1)[-1].rstrip("]")))
    return found


def test_mypy_accepts_narrowing_replace_and_the_frozen_error(tmp_path: Path) -> None:
    result = run_mypy(ACCEPTED, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_sees_frozen_keyword_only_dataclasses(tmp_path: Path) -> None:
    result = run_mypy(REJECTED, tmp_path)
    assert error_lines(result.stdout) == [
        (6, "misc"),  # read-only property
        (7, "misc"),
        (8, "call-arg"),  # no field 'dleta'
        (9, "call-arg"),  # positional arguments: the fields are keyword-only
    ], result.stdout
    assert 'did you mean "delta"' in result.stdout


# --- dispatcher handlers ---------------------------------------------------------------------

TYPED_OK = """
import realtime_events as rt
d = rt.Dispatcher()
a = rt.AsyncDispatcher()

@d.on(rt.ResponseAudioDeltaEvent)
def audio(event: rt.ResponseAudioDeltaEvent) -> None: ...

@d.on("response.text.delta")
def text(event: rt.ResponseTextDeltaEvent) -> None: ...

@d.on(rt.ResponseTextDeltaEvent)
def wider(event: rt.ServerEvent) -> None: ...

@d.fallback
def other(event: rt.ServerEvent | rt.UnknownEvent) -> None: ...

@a.on(rt.ErrorEvent)
async def error(event: rt.ErrorEvent) -> None: ...

@a.on_any
def plain_on_async(event: rt.ServerEvent | rt.UnknownEvent) -> None: ...

seen: list[str] = []
d.on_any(lambda event: seen.append(event.type))
d.fallback(print)

def narrow(event: rt.ServerEvent) -> str:
    if event.type == "response.audio.delta":
        return event.delta
    return ""

strict: rt.ServerEvent = rt.parse_event("{}", strict=True)
"""

TYPED_WRONG = """
import realtime_events as rt
d = rt.Dispatcher()
a = rt.AsyncDispatcher()

@d.on(rt.ResponseAudioDeltaEvent)
def audio(event: rt.ResponseTextDeltaEvent) -> None: ...

@d.on("response.text.delta")
def text(event: rt.ResponseAudioDeltaEvent) -> None: ...

@a.on(rt.ErrorEvent)
def not_awaitable(event: rt.ErrorEvent) -> str:
    return ""

@d.on(rt.ErrorEvent)
async def coroutine_on_sync(event: rt.ErrorEvent) -> None: ...

@d.on_any
async def coroutine_everywhere(event: rt.ServerEvent | rt.UnknownEvent) -> None: ...

@d.fallback
async def coroutine_fallback(event: rt.ServerEvent | rt.UnknownEvent) -> None: ...

@d.on_category("response")
async def coroutine_category(event: rt.AnyResponseEvent) -> None: ...
"""


def test_mypy_accepts_matching_handlers(tmp_path: Path) -> None:
    result = run_mypy(TYPED_OK, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_rejects_a_handler_of_the_wrong_event(tmp_path: Path) -> None:
    result = run_mypy(TYPED_WRONG, tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["6", "9", "12", "16", "19", "22", "25"], (
        result.stdout
    )
    assert all("[arg-type]" in line for line in errors)


# --- TypedDicts ------------------------------------------------------------------------------

EXAMPLES = examples()


def test_examples_type_check_as_their_typed_dicts(tmp_path: Path) -> None:
    lines = [
        "from realtime_events import *  # noqa: F403",
        "from realtime_events import ServerEventDict",
        "",
    ]
    for index, (event, example) in enumerate(EXAMPLES):
        dict_name = rt.EVENT_TYPES[event.wire_type].__name__ + "Dict"
        lines.append(f"example_{index}: {dict_name} = {json.loads(example.text)!r}")
        lines.append(f"as_union_{index}: ServerEventDict = example_{index}")
    result = run_mypy("\n".join(lines) + "\n", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_example_fails_the_typed_dict_check(tmp_path: Path) -> None:
    source = (
        "from realtime_events import ResponseAudioDeltaEventDict\n"
        "bad: ResponseAudioDeltaEventDict = "
        "{'type': 'response.audio.delta', 'response_id': 'r', 'item_id': 'i', 'delta': 5}\n"
    )
    result = run_mypy(source, tmp_path)
    assert result.returncode == 1
    assert "delta" in result.stdout


# --- Client events: built by keyword ---------------------------------------------------------

CLIENT_BUILDS = """
import realtime_events as rt

setup = rt.SessionUpdateEvent(
    event_id="event_setup_1",
    session=rt.RealtimeSessionRequest(
        model="gpt-realtime",
        instructions="You are the host of a restaurant; keep answers short.",
        audio=rt.AudioConfig(
            input=rt.AudioInputConfig(
                format=rt.PcmAudioFormat(rate=24000),
                transcription=rt.AudioTranscription(model="gpt-4o-mini-transcribe"),
                noise_reduction=None,
                turn_detection=rt.ServerVad(threshold=0.5, silence_duration_ms=600),
            ),
            output=rt.AudioOutputConfig(voice="marin", speed=1.1),
        ),
        tools=(
            rt.FunctionTool(
                name="find_table",
                description="Find a free table.",
                parameters={"type": "object", "properties": {"guests": {"type": "integer"}}},
            ),
        ),
        tool_choice="auto",
        tracing=rt.TracingConfig(workflow_name="host"),
        max_output_tokens="inf",
    ),
)
beta_setup = rt.SessionUpdateEvent(
    session=rt.BetaSessionRequest(voice="coral", input_audio_format="pcm16", turn_detection=None)
)
question = rt.ConversationItemCreateEvent(
    previous_item_id="item_123",
    item=rt.UserMessageItem(
        content=(
            rt.InputTextContent(text="Which plant is this?"),
            rt.InputImageContent(image_url="data:image/png;base64,iVBORw0KGgo=", detail="low"),
        )
    ),
)
result = rt.ConversationItemCreateEvent(
    item=rt.FunctionCallOutputItem(call_id="call_1", output='{"free": true}')
)
answer = rt.ResponseCreateEvent(
    response=rt.ResponseParameters(
        output_modalities=("audio",),
        audio=rt.ResponseAudioConfig(
            output=rt.ResponseAudioOutput(
                format=rt.PcmuAudioFormat(), voice=rt.CustomVoice(id="voice_1")
            )
        ),
        tool_choice=rt.ToolChoiceFunction(name="find_table"),
        conversation="none",
        metadata={"purpose": "greeting"},
        input=(rt.ItemReferenceItem(id="item_123"),),
    )
)
chunk = rt.InputAudioBufferAppendEvent.from_pcm(b"\\x00\\x00" * 480, event_id="event_mic_1")
sent: list[rt.ClientEvent] = [setup, beta_setup, question, result, answer, chunk]
wire: list[str] = [event.to_json() for event in sent]
back: rt.ClientEvent | rt.UnknownEvent = rt.parse_client_event(wire[0])
as_dict: rt.ClientEventDict = answer.to_dict()
"""

CLIENT_MISTAKES = """
import realtime_events as rt

rt.SessionUpdateEvent(sesion=rt.BetaSessionRequest(voice="coral"))
rt.ConversationItemCreateEvent(previous_item_id="item_1")
rt.ResponseCreateEvent(response=rt.ResponseParameters(max_output_tokens="all"))
rt.ConversationItemCreateEvent(item=rt.UserMessageItem(role="assistant", content=()))
rt.InputAudioBufferAppendEvent.from_pcm("AAAA")
"""


def test_building_client_events_type_checks(tmp_path: Path) -> None:
    typed_examples = [
        f"example_{index}: rt.ClientEventDict = {json.loads(example.text)!r}"
        for index, (_, example) in enumerate(examples("client"))
    ]
    result = run_mypy(CLIENT_BUILDS + "\n".join(typed_examples) + "\n", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mistakes_in_building_client_events_fail_the_type_check(tmp_path: Path) -> None:
    result = run_mypy(CLIENT_MISTAKES, tmp_path)
    by_line: dict[int, list[str]] = {}
    for output in result.stdout.splitlines():
        if ": error:" in output:
            by_line.setdefault(int(output.split(":")[1]), []).append(output)
    expected = {
        4: 'Unexpected keyword argument "sesion" for "SessionUpdateEvent"',
        5: 'Missing named argument "item" for "ConversationItemCreateEvent"',
        6: 'Argument "max_output_tokens" to "ResponseParameters" has incompatible type',
        7: 'Argument "role" to "UserMessageItem" has incompatible type',
        8: 'Argument 1 to "from_pcm" of "InputAudioBufferAppendEvent" has incompatible type "str"',
    }
    assert sorted(by_line) == sorted(expected), result.stdout
    for line, message in expected.items():
        assert any(message in error for error in by_line[line]), (message, by_line[line])


RETIRED = """
import realtime_events as rt


def on_event(event: rt.ServerEvent) -> str | None:
    if isinstance(event, rt.ResponseAudioDeltaEvent):  # only the retired beta version sends it
        return event.delta
    if isinstance(event, rt.ResponseOutputAudioDeltaEvent):
        return event.delta
    return None
"""


def test_mypy_reports_uses_of_a_retired_version_s_classes_and_nothing_of_the_package(
    tmp_path: Path,
) -> None:
    """PEP 702: with mypy's `deprecated` error code on, a user's use of a beta-only class is
    reported with why; the package's own uses (vendored or not) are not."""
    assert run_mypy(RETIRED, tmp_path).returncode == 0  # off by default in mypy
    result = run_mypy(RETIRED, tmp_path, "--enable-error-code", "deprecated")
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("snippet.py:6: error: class ")
    assert "ResponseAudioDeltaEvent is deprecated: Retired since 2026-05-12" in lines[0]
    assert "code 4000, reason beta_api_shape_disabled" in lines[0]
