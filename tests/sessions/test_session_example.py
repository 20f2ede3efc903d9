"""`python -m examples.session` as a user runs it, its error messages, and its WAV helpers."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from examples import session, wav
from examples.live_client import book_repair
from examples.scripted_server import (
    DEFAULT_LIVE_REPLY,
    DEFAULT_LIVE_USER_TEXT,
    DEFAULT_SOURCE_TEXT,
    DEFAULT_TRANSLATIONS,
    Script,
    ScriptedServer,
    translated_voice,
)
from tests.helpers.support import ROOT, SOCKET_FIGURES

QUESTION_SECONDS = 1.2


def _environment() -> dict[str, str]:
    """This environment without an API key: the example must pick the local server."""
    return {name: value for name, value in os.environ.items() if name != "OPENAI_API_KEY"}


@pytest.mark.parametrize("api", ["ga", "beta"])
def test_the_example_speaks_a_turn_with_the_local_server(api: str, tmp_path: Path) -> None:
    output = tmp_path / "reply.wav"
    done = subprocess.run(
        [sys.executable, "-m", "examples.session", "--api", api, "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    transcript, audio = Script(api=api).reply_to(QUESTION_SECONDS, 12)  # type: ignore[arg-type]
    lines = done.stdout.splitlines()
    assert lines[0] == transcript  # streamed piece by piece onto one line
    assert lines[1].startswith("[completed] usage: ") and "tokens; in " in lines[1]
    assert wav.read_pcm16(output) == audio
    assert "talking to the local scripted server" in done.stderr
    assert f"({api} protocol)" in done.stderr
    assert "(0 of types the bindings do not know)" in done.stderr
    assert lines[2] == f"wrote 7.50 s of assistant audio to {output}"
    SOCKET_FIGURES.append(
        f"python -m examples.session --api {api}: {len(audio):,} bytes"
        f" ({wav.duration_seconds(audio):.2f} s) of assistant audio written, transcript printed"
    )


def test_the_example_translates_with_the_local_server(tmp_path: Path) -> None:
    output = tmp_path / "translation.wav"
    done = subprocess.run(
        [sys.executable, "-m", "examples.session", "--api", "translation", "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    german = DEFAULT_TRANSLATIONS["de"]
    lines = done.stdout.splitlines()
    *streamed, closed, heard, said, wrote = lines
    # both transcripts streamed, on lines of one side each, and then whole
    assert {line.partition(": ")[0] for line in streamed} == {"heard", "de"}
    assert [line.partition(": ")[0] for line in streamed[:2]] == ["heard", "de"]
    for label, whole in (("heard", DEFAULT_SOURCE_TEXT), ("de", german)):
        pieces = [line.partition(": ")[2] for line in streamed if line.startswith(f"{label}: ")]
        assert " ".join(pieces) == whole
    assert closed == "[closed] 1.20 s of speech translated into de"
    assert (heard, said) == (f"  heard: {DEFAULT_SOURCE_TEXT}", f"  de: {german}")
    # audio in, translated audio out: as much of it, in the output WAV
    audio, heard_audio = wav.read_pcm16(output), wav.read_pcm16(wav.QUESTION_WAV)
    assert len(audio) == len(heard_audio) and audio == translated_voice(len(heard_audio))
    assert wrote == f"wrote 1.20 s of translated speech to {output}"
    assert "/v1/realtime/translations?model=gpt-realtime-translate (translation protocol)" in (
        done.stderr
    )
    assert "session.updated sess_" in done.stderr and "into de" in done.stderr
    assert "(0 of types the bindings do not know)" in done.stderr
    SOCKET_FIGURES.append(
        f"python -m examples.session --api translation: {len(audio):,} bytes"
        f" ({wav.duration_seconds(audio):.2f} s) of translated speech written, both transcripts"
        f" printed ({len(streamed)} streamed lines), ended by session.closed"
    )


def test_the_example_holds_a_live_session_with_the_local_server(tmp_path: Path) -> None:
    output = tmp_path / "live.wav"
    done = subprocess.run(
        [sys.executable, "-m", "examples.session", "--api", "live", "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    said = f"{DEFAULT_LIVE_REPLY} Thanks for waiting. {book_repair(DEFAULT_LIVE_USER_TEXT)}"
    # each side's transcript streamed on a line of its own, then both whole, then the WAV
    assert done.stdout.splitlines() == [
        f"user: {DEFAULT_LIVE_USER_TEXT}",
        f"assistant: {said}",
        "[closed] close_requested: 9.24 s of session (9 s active, 0 s paused), 6.90 s of the"
        " model's speech, 1 delegation(s)",
        f"  user: {DEFAULT_LIVE_USER_TEXT}",
        f"  assistant: {said}",
        f"wrote 6.90 s of the model's speech to {output}",
    ]
    # the model's speech: the cover line, then the booking, in the output WAV
    script = Script()
    audio = wav.read_pcm16(output)
    assert audio == script.speech_for(DEFAULT_LIVE_REPLY) + script.speech_for(
        said.removeprefix(DEFAULT_LIVE_REPLY + " ")
    )
    # no model in the URL: session.start names it
    assert "talking to the local scripted server" in done.stderr
    assert "/v1/live/sessions (live protocol)" in done.stderr and "?model=" not in done.stderr
    assert "session.started live_u0_" in done.stderr and "model gpt-live-1," in done.stderr
    assert "the model handed work to the client at " in done.stderr
    assert "muted: the model hears silence" in done.stderr and "unmuted:" in done.stderr
    assert "(0 of types the bindings do not know)" in done.stderr
    SOCKET_FIGURES.append(
        f"python -m examples.session --api live: {len(audio):,} bytes"
        f" ({wav.duration_seconds(audio):.2f} s) of the model's speech written, both transcripts"
        " printed, a delegation answered, muted and unmuted, ended by session.closed"
    )


@pytest.mark.parametrize(
    ("code", "described"),
    [
        (1011, "the connection was lost: code 1011, reason 'scripted hang-up'"),
        (None, "the connection was lost: no closing handshake (the TCP connection dropped)"),
    ],
    ids=["closes with 1011", "drops the connection"],
)
def test_a_live_server_that_hangs_up_is_a_clear_error_without_a_traceback(
    code: int | None, described: str, tmp_path: Path
) -> None:
    """The server hangs up while the model talks: the example stops at once with one line
    saying what happened, exit status 1, and no WAV."""
    output = tmp_path / "live.wav"

    async def scenario() -> tuple[int | None, str, str]:
        async with ScriptedServer(Script(hang_up_after=40, hang_up_code=code)) as server:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "examples.session",
                "--api",
                "live",
                "--url",
                server.live_url,
                "--output",
                str(output),
                "--timeout",
                "10",
                cwd=ROOT,
                env=_environment(),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(process.communicate(), 60)
            assert len(server.connections[0].sent) == 40
        return process.returncode, out.decode(), err.decode()

    returncode, out, err = asyncio.run(scenario())
    assert returncode == 1, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert [line for line in err.splitlines() if not line.startswith("INFO ")] == [last]
    assert last.startswith(f"error: {described}"), err
    during = r" (before|while waiting for) session\.[a-z_.]+|; could not send session\.[a-z_.]+"
    assert re.fullmatch(during, last.removeprefix(f"error: {described}")), last
    assert out.startswith("user: ")  # what streamed before the hang-up was printed
    assert not output.exists()  # nothing half-written


@pytest.mark.parametrize("api", ["ga", "translation", "live"])
def test_without_output_the_audio_goes_to_the_temporary_folder(
    api: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run from a checkout, the example leaves nothing in it: the WAV goes to a new file in the
    temporary folder, whose path it prints."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    checkout, temporary = tmp_path / "checkout", tmp_path / "tmp"
    checkout.mkdir()
    temporary.mkdir()
    monkeypatch.chdir(checkout)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    assert session.main(["--api", api]) == 0
    assert sorted(checkout.iterdir()) == []
    (written,) = temporary.iterdir()
    assert written.name.startswith("realtime-events-") and written.suffix == ".wav"
    assert capsys.readouterr().out.splitlines()[-1].endswith(f" to {written}")
    assert wav.read_pcm16(written)  # a whole WAV file


@pytest.mark.parametrize(
    ("arguments", "url"),
    [
        ([], "wss://api.openai.com/v1/realtime?model=gpt-realtime"),
        (["--api", "beta"], "wss://api.openai.com/v1/realtime?model=gpt-realtime"),
        (
            ["--api", "translation"],
            "wss://api.openai.com/v1/realtime/translations?model=gpt-realtime-translate",
        ),
        (
            ["--api", "translation", "--model", "gpt-realtime-translate-2026-08-21"],
            "wss://api.openai.com/v1/realtime/translations?model=gpt-realtime-translate-2026-08-21",
        ),
        (["--api", "live"], "wss://api.openai.com/v1/live/sessions"),
        (["--api", "live", "--model", "gpt-live-1.1"], "wss://api.openai.com/v1/live/sessions"),
    ],
    ids=["ga", "beta", "translation", "translation, --model", "live", "live, --model"],
)
def test_with_a_key_each_protocol_goes_to_its_endpoint_with_the_model(
    arguments: list[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    called: list[tuple[str, dict[str, str]]] = []

    async def converse(url: str, headers: dict[str, str], *_: object) -> None:
        called.append((url, headers))

    monkeypatch.setattr(session, "converse", converse)
    options = session._arguments([*arguments, "--output", os.devnull])
    asyncio.run(session.run(options))
    assert called == [(url, {"Authorization": "Bearer sk-test"})]


def _options(**changes: object) -> session.Options:
    settings: dict[str, object] = dict(
        api="ga",
        url=None,
        model=session.DEFAULT_MODEL,
        local=False,
        input=wav.QUESTION_WAV,
        output=Path(os.devnull),
        voice="marin",
        instructions="Be brief.",
        timeout=5.0,
    )
    settings.update(changes)
    return session.Options(**settings)  # type: ignore[arg-type]


def test_a_refused_connection_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with socket_that_refuses() as url:
        assert session.main(["--url", url, "--output", os.devnull]) == 1
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error == (
        f"error: could not connect to {url}: connection refused (is a server listening there?)"
    )


def test_the_api_without_a_key_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert session.main(["--url", session.API_URL, "--output", os.devnull]) == 1
    assert "error: OPENAI_API_KEY is not set: the API needs it." in capsys.readouterr().err


def test_a_socket_closed_mid_response_is_a_clear_error(tmp_path: Path) -> None:
    output = tmp_path / "reply.wav"

    async def scenario() -> None:
        async with ScriptedServer(Script(hang_up_after=12)) as server:
            pcm = wav.read_pcm16(wav.QUESTION_WAV)
            with pytest.raises(session.SessionError) as caught:
                await session.converse(server.url, {}, pcm, _options(output=output), io.StringIO())
            assert str(caught.value) == (
                "the connection was lost: code 1011, reason 'scripted hang-up'"
                " while waiting for response.done"
            )

    asyncio.run(scenario())
    assert not output.exists()  # nothing half-written


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.write_text("not audio"), "not a PCM WAV file"),
        (lambda path: _write(path, rate=16_000), "16000 Hz, 16-bit, 1 channel(s); the Realtime"),
        (lambda path: _write(path, channels=2), "24000 Hz, 16-bit, 2 channel(s)"),
        (lambda path: _write(path, frames=b""), "the file holds no audio"),
        (lambda path: None, "no such file"),
    ],
    ids=["text", "16 kHz", "stereo", "empty", "missing"],
)
def test_an_unusable_wav_is_a_clear_error(
    make: object, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.wav"
    make(path)  # type: ignore[operator]
    assert session.main(["--local", "--input", str(path), "--output", os.devnull]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith(f"error: {path}: ") and message in error


def test_the_committed_question_is_the_generated_signal() -> None:
    """examples/question.wav is what `python -m examples.wav` writes, so it can be rebuilt."""
    pcm = wav.read_pcm16(wav.QUESTION_WAV)
    assert pcm == wav.speech_like(QUESTION_SECONDS)
    assert wav.duration_seconds(pcm) == QUESTION_SECONDS
    samples = memoryview(pcm).cast("h")
    assert max(samples) > 4_000 and min(samples) < -4_000  # audible, not silence


def test_wav_files_round_trip(tmp_path: Path) -> None:
    pcm = wav.speech_like(0.25, pitch=180.0)
    wav.write_pcm16(tmp_path / "out.wav", pcm)
    assert wav.read_pcm16(tmp_path / "out.wav") == pcm


@contextlib.contextmanager
def socket_that_refuses() -> Iterator[str]:
    """A URL on 127.0.0.1 whose port is taken but not listening: connecting is refused."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield f"ws://127.0.0.1:{reserved.getsockname()[1]}/v1/realtime"


def _write(
    path: Path, *, rate: int = 24_000, channels: int = 1, frames: bytes = b"\0\0" * 480
) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames * channels)


def test_the_examples_pin_the_websockets_the_tests_use() -> None:
    """examples/requirements.txt (for users of the example) and requirements-dev.txt (for the
    tests) name the same websockets release."""

    def pins(path: Path) -> dict[str, str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs = (line.split("==") for line in lines if "==" in line and not line.startswith("#"))
        return {name.strip().lower(): version.strip() for name, version in pairs}

    example = pins(ROOT / "examples" / "requirements.txt")
    assert example.keys() == {"websockets"}
    assert pins(ROOT / "requirements-dev.txt")["websockets"] == example["websockets"]
