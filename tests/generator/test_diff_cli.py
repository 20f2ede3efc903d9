"""`python -m codegen diff` on pairs of spec folders: its four formats, `--fail-on`,
`--check-version` (and how 0.x versions are read), the table of rules, and a spec that does not
compile (one clear message, exit 2, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegen import versioning
from codegen.cli import main
from codegen.diff_output import rules_markdown
from codegen.rules import RULES, Bump
from tests.helpers.spec_edits import BOTH, SERVER, Edit, probe, spec_with
from tests.helpers.support import ROOT

# A breaking change (a field of another kind, on an object both sides send) and an informational
# one (an optional field added to a server event).
BREAKING = (probe(BOTH, "type: string"), probe(BOTH, "type: integer"))
INFO = (Edit(), probe(SERVER, "type: string"))


def _version(version: str) -> Edit:
    return Edit(replace=(("catalogue.yaml", 'version: "1.0.0"', f'version: "{version}"'),))


def _pair(tmp_path: Path, old: Edit, new: Edit) -> list[str]:
    return [
        "diff",
        "--old",
        str(spec_with(tmp_path, old, "old")),
        "--new",
        str(spec_with(tmp_path, new, "new")),
    ]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_names_each_finding_its_place_and_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(_pair(tmp_path, *BREAKING), capsys)
    assert code == 0  # reporting alone never fails
    assert "breaking  kinds-changed: `Thing.probe`: kinds changed, string → integer" in out
    assert "    at mini/types/things.yaml:" in out
    assert "    carried by server thing.created, client thing.create" in out
    assert "    server: breaks every reader, realtime-events too." in out
    assert "    client: breaks every reader, realtime-events too." in out
    assert "    code: breaks in Python, Pydantic, TypeScript" in out
    assert "1 breaking, 0 dangerous, 0 info." in out


@pytest.mark.parametrize(
    ("pair", "fail_on", "exit_code"),
    [
        (BREAKING, "breaking", 1),
        (BREAKING, "info", 1),
        (INFO, "dangerous", 0),
        (INFO, "info", 1),
        ((Edit(), Edit()), "info", 0),
    ],
)
def test_fail_on_sets_the_exit_code(
    pair: tuple[Edit, Edit],
    fail_on: str,
    exit_code: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, _ = _run([*_pair(tmp_path, *pair), "--fail-on", fail_on], capsys)
    assert code == exit_code


def test_json_gives_each_finding_a_stable_id_and_its_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*_pair(tmp_path, *BREAKING), "--format", "json"]
    _, first, _ = _run(args, capsys)
    _, second, _ = _run(args, capsys)
    assert first == second
    document = json.loads(first)
    assert document["counts"] == {"breaking": 1, "dangerous": 0, "info": 0}
    assert document["version"]["required"] == "major"
    (finding,) = document["findings"]
    assert finding["rule"] == "kinds-changed"
    assert len(finding["id"]) == 12
    assert finding["field"] == {"owner": "Thing", "name": "probe"}
    assert finding["location"]["file"] == "mini/types/things.yaml"
    assert [w["direction"] for w in finding["wire"]] == ["server", "client"]
    assert finding["code"]["typescript"] == {"verdict": "breaks", "names": ""}


def test_github_annotates_the_yaml_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*_pair(tmp_path, *BREAKING), "--format", "github", "--check-version"]
    code, out, _ = _run(args, capsys)
    first, version = out.splitlines()
    assert first.startswith("::error file=mini/types/things.yaml,line=")
    assert ",title=breaking%3A kinds-changed::`Thing.probe`: kinds changed" in first
    assert "%0Aserver: breaks every reader" in first
    assert version.startswith("::error title=catalogue version::the changes need a major bump")
    assert code == 1


def test_markdown_is_a_changelog_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run([*_pair(tmp_path, *BREAKING), "--format", "markdown"], capsys)
    lines = out.splitlines()
    assert lines[0].startswith("## ")
    assert "### Breaking" in lines
    assert any(line.startswith("- `Thing.probe`: kinds changed") for line in lines)


@pytest.mark.parametrize(
    ("old", "new", "pair", "enough"),
    [
        ("1.0.0", "1.0.0", BREAKING, False),
        ("1.0.0", "1.1.0", BREAKING, False),
        ("1.0.0", "2.0.0", BREAKING, True),
        ("1.0.0", "1.0.1", INFO, False),  # an addition needs a minor bump
        ("1.0.0", "1.1.0", INFO, True),
        ("0.2.0", "0.2.1", BREAKING, False),  # below 1.0.0, breaking needs the minor number
        ("0.2.0", "0.3.0", BREAKING, True),
        ("0.2.0", "0.2.1", INFO, True),  # ... and anything else the patch number
        ("1.0.0", "0.9.0", INFO, False),  # backwards
    ],
)
def test_check_version_fails_when_the_bump_is_too_small(
    old: str,
    new: str,
    pair: tuple[Edit, Edit],
    enough: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before, after = pair
    edits = (Edit(extra=(before, _version(old))), Edit(extra=(after, _version(new))))
    code, out, _ = _run([*_pair(tmp_path, *edits), "--check-version"], capsys)
    assert code == (0 if enough else 1)
    assert out.rstrip().endswith("enough." if enough else "not enough.")


def test_versions_below_one_move_down_one_place() -> None:
    check = versioning.check("0.2.0", "0.2.0", [Bump.MAJOR, Bump.MINOR])
    assert (check.needed, check.required, check.smallest) == (Bump.MAJOR, Bump.MINOR, "0.3.0")
    assert versioning.check("1.4.2", "1.4.2", [Bump.PATCH]).smallest == "1.4.3"
    assert versioning.check("0.9.0", "1.0.0", [Bump.MAJOR]).enough
    assert versioning.check("1.0.0", "1.0.0", []).describe() == (
        "the changes need no new version; the version stays 1.0.0: enough."
    )


def test_a_spec_that_does_not_compile_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = Edit(replace=(("types/things.yaml", "type: Colour, required: true", "type: Hue"),))
    code, out, err = _run(_pair(tmp_path, Edit(), broken), capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(
        f"codegen diff: the spec of {tmp_path / 'new' / 'mini'} does not compile:"
    )
    assert "mini/types/things.yaml:" in err and ": error[E" in err
    assert err.rstrip().endswith("; nothing was compared.")
    assert "Traceback" not in err


def test_a_ref_git_does_not_know_is_one_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["diff", "--against", "no-such-ref-anywhere"], capsys)
    assert code == 2
    assert out == ""
    assert err == (
        f"codegen diff: 'no-such-ref-anywhere' names no commit of {ROOT}; nothing was compared.\n"
    )


def test_the_rules_are_listed_with_their_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["diff", "--rules"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(RULES) + 4  # the count, and what each severity means
    assert (
        lines[len(RULES)]
        == f"{len(RULES)} rules over {len({r.key for r in RULES})} kinds of change."
    )
    assert lines[-1] == "info: nothing that worked stops working."


def test_the_readme_shows_the_table_of_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_markdown() in readme, "paste `python -m codegen diff --rules --format markdown`"
