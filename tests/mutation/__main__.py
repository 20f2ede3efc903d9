"""`make mutate`: mutation testing with mutmut, then tests/mutation/RESULTS.md.

mutmut names a mutant after its module, which it takes from the file's path; the package's
runtime lives in generated/realtime_events/ but is imported as `realtime_events`. So each run
happens in a workspace under .mutation/ (not committed), laid out with the package at its top
level beside codegen/, spec/ and tests/. The modules come in `GROUPS`, a workspace each; every
mutant runs against those of its group's tests that reach the function it changed. The report
counts, per module, the mutants the tests killed and lists the survivors, each with its diff,
and with its reason when `equivalent.toml` explains why no test can tell it from the original.

    python -m tests.mutation [--jobs N] [--group NAME] [--again]

    python -m tests.mutation --report

A full run takes about 35 minutes on two cores (RESULTS.md gives the time of the last one).
`--again` is the quick loop after writing tests: it copies the current code and tests into the
previous run's workspaces and runs only the mutants that survived it (but for those
`equivalent.toml` explains), the mutants of functions that changed, and those not run yet
(mutmut maps every test to the functions it reaches first); mutants killed before stay
killed, since tests are only ever added. `--report` only writes RESULTS.md from what the
workspaces hold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
WORKSPACE = ROOT / ".mutation"
RESULTS = HERE / "RESULTS.md"
EQUIVALENT = HERE / "equivalent.toml"
MUTMUT = str(Path(sys.executable).parent / "mutmut")


# A module the fork server imports last: it compiles the spec once (tests/helpers/support.py caches
# it), where every mutant's run would otherwise compile it again. It imports no module under test.
WARM = "mutation_warm"
WARM_SOURCE = """\
# Written by tests/mutation/__main__.py for mutmut's fork server; not a project file.
from tests.helpers.support import catalogue

catalogue()
"""


@dataclass(frozen=True)
class Group:
    """Modules mutated together, and the tests that may kill their mutants."""

    name: str
    modules: dict[str, str]  # workspace path -> what it is
    tests: list[str]
    deselect: list[str]
    # By default mutmut forks each mutant's run from its own process, which has run the tests
    # once already, so a mutant in code that ran then (at import: the package builds its
    # decoders' helper classes and its dispatch tables; or once and cached) would never run. A
    # group whose modules do that runs mutants from a fork server instead, which imports only
    # what is named here: what is slow to import, but not the modules under test.
    preload: list[str] | None = None


# Two groups, each in a workspace of its own, so that each module is held to the tests that
# check it against independent expectations. The package's runtime and dispatcher answer to the
# bindings tests (expectations from the spec's YAML, the reference facts and hand-written
# payloads); the generator's tests that compare a fresh build with the committed package would
# kill a runtime mutant only because the copy they build is the unmutated one. The generator's
# modules answer to the generator's tests. Left out of both: tests that only look at other
# targets (TypeScript, AsyncAPI, Pydantic, the docs site), that run a tool in a subprocess on the
# committed package (mypy, nox, pip), and the 50,000-event socket session. mutmut runs, for each
# mutant, only those of the group's tests that reached the function it changed.
GROUPS = [
    Group(
        "package",
        {
            "realtime_events/_runtime.py": "the runtime: JSON reading, checks, records, MISSING",
            "realtime_events/_dispatch.py": "the Dispatcher and AsyncDispatcher",
        },
        tests=["tests/bindings", "tests/catalogue/test_examples.py"],
        deselect=[
            # Import the package in a bare interpreter, where mutmut's trampolines cannot
            # import mutmut: they test imports, which no mutant changes.
            "tests/bindings/test_models.py::test_importing_the_package_does_not_import_dataclasses",
            "tests/bindings/test_roundtrip.py::test_the_package_imports_only_the_standard_library",
        ],
        preload=["pytest", "hypothesis", "hypothesis.strategies", "yaml", "codegen.pipeline", WARM],
    ),
    Group(
        "generator",
        {
            "codegen/emit.py": "writing generated/ all or nothing, and the drift check",
            "codegen/lower.py": "the spec's YAML to the IR: the only parser",
            "codegen/targets/python/decoding.py": "the Python target's decoder building",
            "codegen/rules.py": "codegen diff's table of rules",
            "codegen/classify.py": "codegen diff's rule engine: changes to findings",
        },
        tests=[
            "tests/generator/test_emit.py",
            "tests/generator/test_cli.py",
            "tests/generator/test_golden.py",
            "tests/generator/test_spec_errors.py",
            "tests/catalogue/test_catalogue.py",
            "tests/targets/test_generated_python.py",
            # codegen diff's pairs of specs, formats and history (none of them needs git)
            "tests/generator/test_diff_rules.py",
            "tests/generator/test_diff_cli.py",
            "tests/generator/test_diff_history.py",
            "tests/generator/test_compare_within.py",
        ],
        # Not tests/generator/test_adversarial_spec.py: most of its cases run ruff and mypy over
        # what the generator wrote, several seconds each, and mutmut runs every one of them for each
        # mutant that survives (minutes per mutant on two cores). Its specs test the
        # generator's output more than these modules.
        deselect=[
            # The drift check of the committed tree: the workspace's copy is not a checkout.
            "tests/generator/test_cli.py::test_check_passes_on_the_committed_tree",
            # Runs the whole generator in three subprocesses (half a minute); the same output
            # is compared byte for byte with the golden files in process.
            "tests/generator/test_cli.py::test_generation_is_deterministic_across_runs_and_hash_seeds",
        ],
    ),
]
MODULES = {path: what for group in GROUPS for path, what in group.modules.items()}
# What each workspace holds besides the package and the tests: the generator reads its spec,
# and tests compare with the committed output of other targets and the counts the README states.
OTHER_TARGETS = ["asyncapi", "docs", "pydantic", "schema", "typescript/src"]
ALSO_COPY = ["spec", "README.md", *(f"generated/{name}" for name in OTHER_TARGETS)]
HYPOTHESIS_SEED = "20251124"  # the seed of make test (pyproject.toml)

STATUS = {  # mutmut's exit codes (mutmut/stats.py) to what they mean here
    1: "killed",
    3: "killed",
    37: "killed",  # by the type checker
    0: "survived",
    5: "no tests",
    33: "no tests",
    34: "skipped",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
}


@dataclass(frozen=True)
class Mutant:
    name: str
    module: str
    group: str
    status: str

    @property
    def killed(self) -> bool:
        # A timeout is a kill too: with the mutant the tests did not pass (in fork-server mode a
        # mutant that breaks the package's import shows as one). The report shows them apart.
        return self.status in ("killed", "timeout")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--group",
        choices=[g.name for g in GROUPS],
        action="append",
        help="run only this group (repeatable); the report keeps the other groups' last run",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="rerun the previous run's survivors, and changed functions, with the current tests",
    )
    parser.add_argument(
        "--report", action="store_true", help="only write RESULTS.md from the last runs' results"
    )
    args = parser.parse_args(argv)

    equivalent = read_equivalent()
    for group in GROUPS:
        if args.report or (args.group and group.name not in args.group):
            continue
        workspace = WORKSPACE / group.name
        again = args.again and (workspace / "mutants").exists()
        survivors = [  # run again, by name; those not run yet go with the changed functions
            m.name
            for m in read_mutants()
            if m.group == group.name
            and m.status not in ("killed", "timeout", "not checked")
            and m.name not in equivalent
        ]
        lay_out_workspace(group, workspace, keep_mutants=again)
        started = time.monotonic()
        log = workspace / "mutmut.log"
        print(f"{group.name}: mutmut {version('mutmut')} in {workspace} (log: {log})", flush=True)
        runs = [[], survivors] if again and survivors else [[]]
        for names in runs:
            if not run_mutmut(workspace, log, args.jobs, names):
                return 1
        minutes = (time.monotonic() - started) / 60
        timing_file(group, again=again).write_text(f"{minutes:.1f}\n", encoding="utf-8")
        if not again:
            timing_file(group, again=True).unlink(missing_ok=True)
        print(f"{group.name}: {minutes:.1f} min", flush=True)

    mutants = read_mutants()
    RESULTS.write_text(report(mutants, equivalent, args.jobs), encoding="utf-8")
    print(summary(mutants, equivalent))
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def timing_file(group: Group, *, again: bool) -> Path:
    """Where the minutes of a group's last full run (or last rerun) are kept."""
    return WORKSPACE / f"{group.name}-minutes{'-again' if again else ''}"


def run_mutmut(workspace: Path, log: Path, jobs: int, names: list[str]) -> bool:
    """`mutmut run` in a workspace, for the named mutants or for every one not run yet."""
    with log.open("a", encoding="utf-8") as out:
        code = subprocess.run(
            [MUTMUT, "run", "--max-children", str(jobs), *names],
            cwd=workspace,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            check=False,
        ).returncode
    if code != 0:
        print(log.read_text(encoding="utf-8")[-4000:], file=sys.stderr)
        print(f"mutmut failed (exit {code}); see {log}", file=sys.stderr)
    return code == 0


def forget_which_tests_ran(mutants: Path) -> None:
    """Make mutmut map every test to the functions it reaches again, as it does for a new test.

    mutmut maps only tests whose names it has not seen, so a test edited since the last run
    (say, one that now also calls a function in-process) would keep its old reach, and the
    mutants it now kills would be run without it. Mapping every test again takes seconds.
    """
    stats = mutants / "mutmut-stats.json"
    if not stats.exists():
        return
    data = json.loads(stats.read_text(encoding="utf-8"))
    data["duration_by_test"] = {}
    stats.write_text(json.dumps(data, indent=4), encoding="utf-8")


def lay_out_workspace(group: Group, workspace: Path, *, keep_mutants: bool) -> None:
    """A workspace: the package at the top, the generator, the spec, the tests. With
    `keep_mutants`, mutmut's mutants/ folder (its results, and which test reaches which
    function) stays from the previous run, and the rest is copied anew."""
    kept = workspace / "mutants"
    if keep_mutants:
        for entry in workspace.iterdir():
            if entry == kept:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        forget_which_tests_ran(kept)
    elif workspace.exists():
        shutil.rmtree(workspace)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", "mutation")
    workspace.mkdir(parents=True, exist_ok=True)
    package = ROOT / "generated" / "realtime_events"
    shutil.copytree(package, workspace / "realtime_events", ignore=ignore)
    shutil.copytree(ROOT / "codegen", workspace / "codegen", ignore=ignore)
    shutil.copytree(ROOT / "tests", workspace / "tests", ignore=ignore)
    for name in ALSO_COPY:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, workspace / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, workspace / name)
    if group.preload is not None:
        (workspace / "preload.txt").write_text("\n".join(group.preload) + "\n", encoding="utf-8")
        # also_copy puts it in mutants/, which mutmut puts on sys.path
        (workspace / f"{WARM}.py").write_text(WARM_SOURCE, encoding="utf-8")
    (workspace / "pyproject.toml").write_text(workspace_config(group, workspace), encoding="utf-8")
    # mutmut runs the tests in mutants/, where it writes the mutated package at the top. The
    # tests find the package under generated/ (tests/helpers/support.py puts it first on
    # sys.path, and some run code there): that must be the mutated one, under the same module name.
    if not keep_mutants:
        (workspace / "mutants" / "generated").mkdir(parents=True)
        (workspace / "mutants" / "generated" / "realtime_events").symlink_to("../realtime_events")


def workspace_config(group: Group, workspace: Path) -> str:
    """mutmut's and pytest's settings for a group's workspace (TOML)."""

    def toml_list(values: list[str]) -> str:
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"

    return "\n".join(
        [
            "# Written by tests/mutation/__main__.py for one mutation run; not a project file.",
            "[tool.mutmut]",
            f"source_paths = {toml_list(['realtime_events', 'codegen'])}",
            f"only_mutate = {toml_list(list(group.modules))}",
            f"also_copy = {toml_list(ALSO_COPY + ([f'{WARM}.py'] if group.preload else []))}",
            f"pytest_add_cli_args_test_selection = {toml_list(group.tests)}",
            "pytest_add_cli_args = "
            + toml_list(["-p", "no:cacheprovider", *(f"--deselect={t}" for t in group.deselect)]),
            *(
                [
                    'process_isolation = "forkserver"',
                    'forkserver_warmup = "import"',
                    f"preload_modules_file = {json.dumps(str(workspace / 'preload.txt'))}",
                ]
                if group.preload is not None
                else []
            ),
            "",
            "[tool.pytest.ini_options]",
            'testpaths = ["tests"]',
            f'addopts = "-q --hypothesis-seed={HYPOTHESIS_SEED}"',
            "",
        ]
    )


def read_mutants() -> list[Mutant]:
    """Every mutant of every module of the groups that have run, with what became of it."""
    found = []
    for group in GROUPS:
        for module in group.modules:
            meta = WORKSPACE / group.name / "mutants" / (module + ".meta")
            if not meta.exists():
                continue
            exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            for name, code in sorted(exit_codes.items()):
                status = STATUS.get(code, "not checked" if code is None else "suspicious")
                found.append(Mutant(name, module, group.name, status))
    return found


def read_equivalent() -> dict[str, str]:
    """Survivors that no test can kill, by mutant name, with the reason (equivalent.toml)."""
    data = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))
    return {name: entry["reason"] for name, entry in data.items()}


def diff(mutant: Mutant) -> str:
    shown = subprocess.run(
        [MUTMUT, "show", mutant.name],
        cwd=WORKSPACE / mutant.group,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    changed = (line for line in shown.splitlines() if re.match(r"[-+] |@@", line))
    return "\n".join(changed)


def summary(mutants: list[Mutant], equivalent: dict[str, str]) -> str:
    lines = []
    for module in MODULES:
        mine = [m for m in mutants if m.module == module]
        explained = sum(1 for m in mine if not m.killed and m.name in equivalent)
        killed = sum(1 for m in mine if m.killed)
        lines.append(
            f"{module}: killed: {killed} of {len(mine)}"
            f" ({percent(killed, len(mine))}), equivalent: {explained}"
        )
    return "\n".join(lines)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def report(mutants: list[Mutant], equivalent: dict[str, str], jobs: int) -> str:
    timings = []
    for group in GROUPS:
        full, again = timing_file(group, again=False), timing_file(group, again=True)
        count = sum(1 for m in mutants if m.group == group.name)
        if not count:
            continue
        line = f"{group.name} ({', '.join(f'`{m}`' for m in group.modules)}): {count} mutants"
        if full.exists():
            line += f" in {full.read_text(encoding='utf-8').strip()} min"
        else:  # the full run was cut short, and the rest was run with --again
            line += ", no full run timed"
        if again.exists():
            line += (
                "; the survivors again, with the tests written since, in"
                f" {again.read_text(encoding='utf-8').strip()} min"
            )
        timings.append(line)
    out = [
        "# Mutation testing",
        "",
        "Written by `make mutate` (`python -m tests.mutation`); do not edit by hand. Reasons for",
        "equivalent mutants live in `equivalent.toml`.",
        "",
        f"mutmut {version('mutmut')}, CPython {platform.python_version()},"
        f" {jobs} jobs on {os.cpu_count()} cores. Time per group, each with its own tests:",
        "",
        *(f"- {line}" for line in timings),
        "",
        "Killed counts timeouts too (the tests did not pass with the mutant); the last column",
        "shows them, and any other outcome, apart.",
        "",
        "| module | what it is | killed | survived, equivalent | survived, to kill | other |",
        "|---|---|---|---|---|---|",
    ]
    for module, what in MODULES.items():
        mine = [m for m in mutants if m.module == module]
        counts = Counter(m.status for m in mine)
        survivors = [m for m in mine if not m.killed]
        killed = len(mine) - len(survivors)
        explained = sum(1 for m in survivors if m.name in equivalent)
        others = ", ".join(
            f"{n} {status}"
            for status, n in sorted(counts.items())
            if status not in ("killed", "survived")
        )
        out.append(
            f"| `{module}` | {what} | {killed} of {len(mine)}"
            f" ({percent(killed, len(mine))}) | {explained} |"
            f" {len(survivors) - explained} | {others or '-'} |"
        )
    out.append("")
    for module in MODULES:
        mine = [m for m in mutants if m.module == module]
        out.append(f"## `{module}`")
        out.append("")
        out.append(f"killed: {sum(1 for m in mine if m.killed)} of {len(mine)}")
        out.append("")
        unrun = sum(1 for m in mine if m.status == "not checked")
        if unrun:
            out.append(f"not run yet: {unrun} (the run stopped before them; `--again` runs them)")
            out.append("")
        for mutant in (m for m in mine if not m.killed and m.status != "not checked"):
            reason = equivalent.get(mutant.name)
            verdict = f"equivalent: {reason}" if reason else f"{mutant.status}: no test kills it"
            out.append(f"- `{mutant.name}` ({verdict})")
            out.append("")
            out.append("  ```diff")
            out.extend("  " + line for line in diff(mutant).splitlines())
            out.append("  ```")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.exit(main())
