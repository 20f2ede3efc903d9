"""The command line: drift check, determinism, and all-or-nothing writes."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

import codegen.cache
import codegen.format
from codegen.cli import main
from codegen.emit import check, write
from codegen.pipeline import generate
from tests.helpers.support import GENERATED, MINI_SPEC, SPEC, run_codegen


def test_check_passes_on_the_committed_tree() -> None:
    result = run_codegen("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "match the spec" in result.stdout


def test_check_fails_after_an_edit_to_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(SPEC, spec)
    events = spec / "events" / "input_audio_buffer.yaml"
    text = events.read_text(encoding="utf-8")
    edited = text.replace(
        "summary: The input audio buffer was emptied at the client's request.",
        "summary: The input audio buffer is now empty.",
    )
    assert edited != text
    events.write_text(edited, encoding="utf-8")
    result = run_codegen("check", "--spec", str(spec), "--out", str(GENERATED))
    assert result.returncode == 1
    assert "docs/pages/events/input_audio_buffer.cleared.md" in result.stderr
    assert "docs/pages/events/index.md" in result.stderr
    assert "realtime_events/models/input_audio_buffer_events.py" in result.stderr
    assert "+The input audio buffer is now empty." in result.stdout  # a unified diff
    assert "make generate" in result.stderr


def test_check_reports_stale_and_missing_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = generate(MINI_SPEC)
    write(files, out)
    assert check(files, out) == []
    (out / "mini_events" / "stale.py").write_text("x = 1\n")
    (out / "docs" / "pages" / "index.md").unlink()
    assert [d.path for d in check(files, out)] == ["docs/pages/index.md", "mini_events/stale.py"]
    write(files, out)
    assert check(files, out) == []
    assert not (out / "mini_events" / "stale.py").exists()


@pytest.mark.slow
def test_generation_is_deterministic_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out-{seed}"
        env = {"PYTHONHASHSEED": seed, "REALTIME_EVENTS_CACHE": "off"}  # nothing reused
        result = run_codegen("generate", "--out", str(out), env=env)
        assert result.returncode == 0, result.stderr
        outputs.append(
            {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    assert outputs[0] == outputs[1] == outputs[2]


def test_generated_text_is_utf8_lf_with_one_trailing_newline() -> None:
    for path, text in generate(SPEC).items():
        if path.endswith("py.typed"):
            continue
        assert "\r" not in text, path
        assert text.endswith("\n") and not text.endswith("\n\n"), path


def test_generate_writes_nothing_when_formatting_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(codegen.format, "ruff_binary", lambda: "false")
    monkeypatch.setenv(codegen.cache.ENVIRONMENT, codegen.cache.OFF)  # ruff must run
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(MINI_SPEC), "--out", str(out)]) == 3
    assert "nothing was written" in capsys.readouterr().err
    assert not out.exists()


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def changed_output(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An output folder holding the mini spec's files, and new texts for all of them."""
    out = tmp_path / "out"
    files = generate(MINI_SPEC)
    write(files, out)
    return {path: text + "# changed\n" for path, text in files.items()}, out


@pytest.mark.parametrize("failing_call", [1, 3, 7])
def test_a_failure_while_moving_files_into_place_leaves_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    new, out = changed_output(tmp_path)
    before = snapshot(out)
    real_replace = os.replace
    calls = 0

    def failing_replace(source: Any, target: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == failing_call * 2:  # each file: set the old one aside, then move in the new
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write(new, out)
    monkeypatch.undo()
    assert snapshot(out) == before  # every old file back, no scratch file left
    assert check(new, out) != []


def test_a_failure_while_writing_leaves_no_scratch_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new, out = changed_output(tmp_path)
    before = snapshot(out)
    real_fdopen = os.fdopen
    opened = 0

    def failing_fdopen(*args: Any, **kwargs: Any) -> Any:
        nonlocal opened
        opened += 1
        if opened == 3:
            raise OSError("no space left")
        return real_fdopen(*args, **kwargs)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(OSError, match="no space left"):
        write(new, out)
    monkeypatch.undo()
    assert snapshot(out) == before


def test_check_sees_stray_hidden_files_and_write_removes_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = generate(MINI_SPEC)
    write(files, out)
    stray = out / "mini_events" / ".tmp-abc123.py"
    stray.write_text("x = 1\n", encoding="utf-8")
    (out / "mini_events" / "__pycache__").mkdir()
    (out / "mini_events" / "__pycache__" / "x.pyc").write_bytes(b"\0")  # a tool's: not ours
    assert [d.path for d in check(files, out)] == ["mini_events/.tmp-abc123.py"]
    write(files, out)
    assert not stray.exists() and check(files, out) == []


def test_written_files_are_readable_by_everyone_under_the_usual_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write(generate(MINI_SPEC), tmp_path / "out")
    finally:
        os.umask(old)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert modes == {0o644}
