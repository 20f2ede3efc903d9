"""The command line: drift check, determinism, and all-or-nothing writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import codegen.format
from codegen.cli import main
from codegen.emit import check, write
from codegen.pipeline import generate
from tests.support import GENERATED, MINI_SPEC, SPEC, run_codegen


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


def test_generation_is_deterministic_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "12345"):
        out = tmp_path / f"out-{seed}"
        result = run_codegen("generate", "--out", str(out), env={"PYTHONHASHSEED": seed})
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
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(MINI_SPEC), "--out", str(out)]) == 3
    assert "nothing was written" in capsys.readouterr().err
    assert not out.exists()
