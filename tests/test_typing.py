"""What a user's type checker sees: frozen dataclasses, and a MISSING that narrows away.

Each snippet is a small user module checked with mypy --strict against the generated package;
mistakes are made on purpose and must be reported on exactly their lines.
"""

from __future__ import annotations

from pathlib import Path

from tests.support import run_mypy

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
