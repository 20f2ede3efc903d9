"""codegen.emit on small hand-made outputs: the drift check, and writes that are all or nothing.

tests/generator/test_cli.py runs the same functions on the mini spec's output through the command
line; these tests pin down each rule on a few files, so that each can fail on its own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from codegen import emit
from codegen.emit import check, existing_files, write

FILES = {
    "a.py": "alpha = 1\n",
    "pkg/b.py": "beta = 2\n",
    "pkg/deep/c.md": "# gamma\n",
}


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under `directory`, hidden ones and tools' folders included."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def folders(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_dir()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder that holds exactly FILES."""
    folder = tmp_path / "out"
    assert write(FILES, folder) == sorted(FILES)
    return folder


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


# The drift check


def test_check_finds_nothing_when_the_folder_holds_exactly_the_files(out: Path) -> None:
    assert check(FILES, out) == []
    assert tree(out) == {path: text.encode() for path, text in FILES.items()}


def test_a_changed_file_drifts_with_a_diff_from_the_disk_to_the_spec(out: Path) -> None:
    (out / "pkg" / "b.py").write_text("beta = 3\n", encoding="utf-8")
    [drift] = check(FILES, out)
    assert drift.path == "pkg/b.py"
    assert drift.diff == (
        "--- out/pkg/b.py (on disk)\n"
        "+++ out/pkg/b.py (from spec)\n"
        "@@ -1 +1 @@\n"
        "-beta = 3\n"
        "+beta = 2\n"
    )


def test_a_missing_file_drifts_as_all_added(out: Path) -> None:
    (out / "pkg" / "deep" / "c.md").unlink()
    [drift] = check(FILES, out)
    assert drift.path == "pkg/deep/c.md"
    assert drift.diff.splitlines()[-1] == "+# gamma"
    assert "-" not in "".join(line[0] for line in drift.diff.splitlines()[2:])


def test_a_file_nobody_generates_drifts_as_all_removed(out: Path) -> None:
    (out / "pkg" / "stale.py").write_text("old = 0\n", encoding="utf-8")
    [drift] = check(FILES, out)
    assert drift.path == "pkg/stale.py"
    assert drift.diff.splitlines()[-1] == "-old = 0"


def test_an_empty_file_nobody_generates_still_drifts(out: Path) -> None:
    (out / "empty.txt").touch()
    [drift] = check(FILES, out)
    assert drift == emit.Drift("empty.txt", "empty.txt: file should not exist\n")


def test_drifts_come_in_path_order(out: Path) -> None:
    for path in FILES:
        (out / path).write_text("changed\n", encoding="utf-8")
    (out / "0-stray.txt").write_text("x\n", encoding="utf-8")
    assert [d.path for d in check(FILES, out)] == ["0-stray.txt", *sorted(FILES)]


def test_bytes_that_are_not_utf8_on_disk_drift_without_an_error(out: Path) -> None:
    (out / "a.py").write_bytes(b"alpha = \xff\n")
    [drift] = check(FILES, out)
    assert "-alpha = \ufffd" in drift.diff


def test_line_endings_count_as_a_difference(out: Path) -> None:
    (out / "a.py").write_bytes(b"alpha = 1\r\n")
    assert [d.path for d in check(FILES, out)] == ["a.py"]


def test_a_folder_that_does_not_exist_lacks_every_file(tmp_path: Path) -> None:
    assert existing_files(tmp_path / "nowhere") == set()
    assert [d.path for d in check(FILES, tmp_path / "nowhere")] == sorted(FILES)


def test_tools_folders_anywhere_are_not_ours(out: Path) -> None:
    for folder in emit.TOOL_FOLDERS:
        (out / "pkg" / folder).mkdir()
        (out / "pkg" / folder / "cache.bin").write_bytes(b"\0")
    (out / ".ruff_cache").mkdir()
    (out / ".ruff_cache" / "top").write_bytes(b"\0")
    assert check(FILES, out) == []


def test_build_folders_are_not_ours_only_where_the_target_says(out: Path) -> None:
    (out / "pkg" / "dist").mkdir()
    (out / "pkg" / "dist" / "index.js").write_text("built\n", encoding="utf-8")
    (out / "dist").mkdir()
    (out / "dist" / "index.js").write_text("elsewhere\n", encoding="utf-8")
    assert existing_files(out, ["pkg/dist"]) == {*FILES, "dist/index.js"}
    assert [d.path for d in check(FILES, out, ["pkg/dist"])] == ["dist/index.js"]
    assert [d.path for d in check(FILES, out, ["pkg/dist", "dist"])] == []
    assert [d.path for d in check(FILES, out)] == ["dist/index.js", "pkg/dist/index.js"]


def test_a_name_that_merely_starts_like_a_build_folder_is_ours(out: Path) -> None:
    (out / "pkg" / "distribution.txt").write_text("x\n", encoding="utf-8")
    assert [d.path for d in check(FILES, out, ["pkg/dist"])] == ["pkg/distribution.txt"]


# Writing


def test_write_returns_the_paths_it_changed_and_touches_no_other(out: Path) -> None:
    inode = (out / "a.py").stat().st_ino
    new = {**FILES, "pkg/b.py": "beta = 20\n", "pkg/new.py": "new = 1\n"}
    assert write(new, out) == ["pkg/b.py", "pkg/new.py"]
    assert (out / "a.py").stat().st_ino == inode  # not rewritten
    assert tree(out) == {path: text.encode() for path, text in new.items()}
    assert write(new, out) == []


def test_write_removes_stale_files_and_the_folders_they_leave_empty(out: Path) -> None:
    (out / "gone" / "deeper").mkdir(parents=True)
    (out / "gone" / "deeper" / "old.py").write_text("old = 1\n", encoding="utf-8")
    (out / "empty" / "too").mkdir(parents=True)
    assert write(FILES, out) == ["gone/deeper/old.py"]
    assert tree(out) == {path: text.encode() for path, text in FILES.items()}
    assert folders(out) == {"pkg", "pkg/deep"}
    assert out.is_dir()  # the output folder itself stays, empty or not
    assert write({}, out) == sorted(FILES)
    assert out.is_dir() and not any(out.iterdir())


def test_write_leaves_build_and_tools_folders_alone(out: Path) -> None:
    (out / "pkg" / "dist" / "sub").mkdir(parents=True)
    (out / "pkg" / "dist" / "index.js").write_text("built\n", encoding="utf-8")
    (out / "pkg" / "__pycache__").mkdir()  # empty, but a tool's
    (out / "lib" / "dist").mkdir(parents=True)
    assert write(FILES, out, ["pkg/dist"]) == []
    assert (out / "pkg" / "dist" / "index.js").read_text(encoding="utf-8") == "built\n"
    assert folders(out) == {"pkg", "pkg/deep", "pkg/dist", "pkg/dist/sub", "pkg/__pycache__"}


def test_write_makes_the_output_folder(tmp_path: Path) -> None:
    assert write(FILES, tmp_path / "a" / "b") == sorted(FILES)
    assert check(FILES, tmp_path / "a" / "b") == []


def test_write_does_not_depend_on_the_locale(tmp_path: Path) -> None:
    # Under the C locale without UTF-8 mode, Python's default text encoding is ASCII.
    code = (
        "import sys; from pathlib import Path; from codegen.emit import write; "
        "write({'t.md': 'caf\\u00e9\\n'}, Path(sys.argv[1]))"
    )
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env["PYTHONPATH"] = str(Path(emit.__file__).parents[1])
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    write({"t.md": "caf\u00e9\n"}, tmp_path / "here")  # and in this process's locale
    for folder in (tmp_path, tmp_path / "here"):
        assert (folder / "t.md").read_bytes() == "caf\u00e9\n".encode()


def test_write_keeps_the_text_exactly(tmp_path: Path) -> None:
    text = "crlf stays\r\nunicode: \u00e9\u2014\U0001f600\nno newline at the end"
    write({"t.txt": text}, tmp_path)
    assert (tmp_path / "t.txt").read_bytes() == text.encode("utf-8")


@pytest.mark.usefixtures("usual_umask")
def test_new_and_rewritten_files_get_the_mode_the_umask_gives(out: Path) -> None:
    os.umask(0o027)
    write({**FILES, "a.py": "alpha = 10\n", "new.py": "x = 1\n"}, out)
    assert stat.S_IMODE((out / "a.py").stat().st_mode) == 0o640
    assert stat.S_IMODE((out / "new.py").stat().st_mode) == 0o640
    assert stat.S_IMODE((out / "pkg" / "b.py").stat().st_mode) == 0o644  # not rewritten
    assert os.umask(0o022) == 0o027  # write put the process's umask back


# All or nothing


def fail_on_call(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, calls: int) -> None:
    """Make `module.name` raise OSError on its `calls`-th call."""
    real = getattr(module, name)
    count = 0

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal count
        count += 1
        if count == calls:
            raise OSError(f"injected failure of {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


NEW = {
    "a.py": "alpha = 100\n",
    "pkg/b.py": "beta = 200\n",
    "pkg/deep/c.md": "# gamma, again\n",
    "pkg/deep/d.md": "# delta, new\n",
    "z/new.py": "zeta = 1\n",
}


@pytest.mark.parametrize(
    ("name", "calls"),
    [
        ("mkstemp", 1),  # the first scratch file
        ("mkstemp", 4),  # a scratch file after three were written
        ("fdopen", 2),
        ("chmod", 5),
        ("replace", 1),  # setting the first old file aside
        ("replace", 2),  # moving the first new text into place
        ("replace", 6),  # the third file's old one aside
        ("replace", 7),  # moving d.md, a new file, into place
        ("replace", 8),  # the last move: z/new.py, in a folder made for it
    ],
)
def test_a_failure_at_any_step_leaves_the_old_output_exactly(
    out: Path, monkeypatch: pytest.MonkeyPatch, name: str, calls: int
) -> None:
    (out / "stale.py").write_text("stale = 1\n", encoding="utf-8")
    before = tree(out)
    fail_on_call(monkeypatch, tempfile if name == "mkstemp" else os, name, calls)
    with pytest.raises(OSError, match=f"injected failure of {name}"):
        write(NEW, out)
    monkeypatch.undo()
    assert tree(out) == before  # old files back, new ones gone, no scratch file left
    assert folders(out) == {"pkg", "pkg/deep"}  # nor the folder made for z/new.py


def test_stale_files_are_removed_only_after_every_new_text_is_in_place(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (out / "stale.py").write_text("stale = 1\n", encoding="utf-8")
    before = tree(out)
    fail_on_call(monkeypatch, os, "replace", 4)
    with pytest.raises(OSError):
        write({"a.py": "alpha = 2\n", "pkg/b.py": "beta = 3\n"}, out)
    monkeypatch.undo()
    assert tree(out) == before


def test_an_interrupt_is_rolled_back_too(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = tree(out)
    real = os.replace
    count = 0

    def interrupted(source: Any, target: Any) -> None:
        nonlocal count
        count += 1
        if count == 3:
            raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write(NEW, out)
    monkeypatch.undo()
    assert tree(out) == before


def test_scratch_names_are_hidden_and_keep_the_suffix(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[str, str, Path]] = []
    real = tempfile.mkstemp

    def recording(*args: Any, **kwargs: Any) -> Any:
        made.append((kwargs["prefix"], kwargs["suffix"], Path(kwargs["dir"])))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", recording)
    write({**FILES, "pkg/b.py": "beta = 5\n", "n.md": "new\n"}, out)
    assert sorted(made, key=str) == sorted(
        [(".tmp-", ".md", out), (".tmp-", ".py", out / "pkg"), (".old-", ".py", out / "pkg")],
        key=str,
    )
