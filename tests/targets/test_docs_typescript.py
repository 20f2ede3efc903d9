"""The TypeScript API page's examples, as a reader would use them: each is a complete program
that compiles with `tsc --strict` against the built package, imported by its name the way an
application imports it (through node_modules and the package's `exports`), and prints, run with
Node, exactly the `// →` lines written under it. The mini catalogue's page too: the page is
built from any catalogue, not written for one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.docs_site import FIGURES, code_blocks, printed
from tests.helpers.shared import shared_artefact, shared_step
from tests.helpers.support import GENERATED, ROOT

NODE = shutil.which("node") or "node"
TSC = ROOT / "node_modules" / ".bin" / "tsc"
PACKAGE = GENERATED / "typescript"
PAGE = GENERATED / "docs" / "pages" / "typescript.md"
GOLDEN_MINI = ROOT / "tests" / "golden" / "mini"

# An application's settings: strict, ES modules resolved as Node resolves them.
COMPILER_OPTIONS: dict[str, Any] = {
    "target": "es2022",
    "lib": ["es2022", "dom"],  # console and TextEncoder, as browsers and Node both have them
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "strict": True,
    "noUncheckedIndexedAccess": True,
    "skipLibCheck": False,
    "types": [],
    "rootDir": "src",
    "outDir": "out",
}


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)


def build(package: Path) -> None:
    """Compile `package` into its dist/ with the pinned compiler."""
    if not TSC.exists():
        pytest.fail("node_modules is not installed: run `make test` (it runs npm ci)")
    result = run([str(TSC), "-p", str(package), "--pretty", "false"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def built_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/typescript compiled into its dist/, once per run (the step is shared by name
    with the TypeScript target's tests)."""
    shared_step(tmp_path_factory, "typescript-dist", lambda: build(PACKAGE))
    return PACKAGE


@pytest.fixture(scope="session")
def mini_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden mini package, built in a scratch copy once per run (shared by name with the
    TypeScript target's tests)."""

    def copy_and_build(folder: Path) -> None:
        shutil.copytree(GOLDEN_MINI / "typescript", folder / "typescript")
        build(folder / "typescript")

    return shared_artefact(tmp_path_factory, "mini-typescript", copy_and_build) / "typescript"


def examples(page: Path = PAGE) -> list[str]:
    blocks = code_blocks(page.read_text("utf-8"), "typescript")
    assert len(blocks) >= 6, "the page has lost its examples"
    return blocks


def compile_and_run(package: Path, blocks: list[str], app: Path) -> list[list[str]]:
    """Each block as a module of an application that depends on the package, compiled in one
    run of tsc, then each run by Node: what each printed, line by line."""
    (app / "src").mkdir(parents=True)
    (app / "node_modules").mkdir()
    name = json.loads((package / "package.json").read_text("utf-8"))["name"]
    (app / "node_modules" / name).symlink_to(package, target_is_directory=True)
    (app / "package.json").write_text(json.dumps({"type": "module", "private": True}), "utf-8")
    config = {"compilerOptions": COMPILER_OPTIONS, "include": ["src"]}
    (app / "tsconfig.json").write_text(json.dumps(config), "utf-8")
    for number, block in enumerate(blocks):
        (app / "src" / f"example_{number}.ts").write_text(block, "utf-8")
    result = run([str(TSC), "-p", str(app), "--pretty", "false"])
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = []
    for number in range(len(blocks)):
        ran = run([NODE, str(app / "out" / f"example_{number}.js")], cwd=app)
        assert ran.returncode == 0, f"example {number}:\n{blocks[number]}\n{ran.stderr}"
        outputs.append(ran.stdout.splitlines())
    return outputs


def test_the_typescript_page_examples_compile_and_print_what_they_say(
    built_package: Path, tmp_path: Path
) -> None:
    blocks = examples()
    assert any("unknownFields(" in block for block in blocks)  # documented, and run
    outputs = compile_and_run(built_package, blocks, tmp_path / "app")
    for block, output in zip(blocks, outputs, strict=True):
        assert output == printed(block), block
    FIGURES.append(f"TypeScript API page: {len(blocks)} examples compile, run and print as shown")


def test_the_mini_catalogue_s_page_examples_compile_and_print_what_they_say(
    mini_package: Path, tmp_path: Path
) -> None:
    """Its closed enums, client events and second protocol, through the same page builder."""
    blocks = examples(GOLDEN_MINI / "docs" / "pages" / "typescript.md")
    outputs = compile_and_run(mini_package, blocks, tmp_path / "app")
    for block, output in zip(blocks, outputs, strict=True):
        assert output == printed(block), block
