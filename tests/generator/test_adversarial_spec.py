"""A hostile spec (tests/specs/adversarial): names and text built to break a naive generator.

Field and event names are Python keywords, builtins and generated members; the wire type
`class.from.import` holds three keywords; descriptions, summaries and titles hold triple quotes of
both kinds, backslashes, Jinja delimiters, Markdown table pipes, HTML tags and non-ASCII text. The
generated package must compile, pass ruff and mypy --strict, import and round-trip its examples,
keep every text literally in its docstrings, and the docs must show the text escaped. Generation
must not depend on the order of things whose order carries no meaning, nor on the hash seed.

Names and wire types that once broke the generator are tested at the end of the file.
"""

from __future__ import annotations

import ast
import importlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from markdown import Markdown
from markdown.extensions.tables import TableProcessor

from codegen.diagnostics import SpecError
from codegen.emit import write
from codegen.ir import Catalogue, ObjectType, thaw
from codegen.naming import python_attribute
from codegen.pipeline import compile_spec, generate
from tests.helpers.docs_site import build_site, check_links, read_page, run_doctests
from tests.helpers.support import ROOT, TESTS, canonical, run_codegen

# Its module-scoped fixtures are costly: one worker runs the whole module.
pytestmark = pytest.mark.xdist_group("adversarial")

ADVERSARIAL = TESTS / "specs" / "adversarial"
PACKAGE = "adversarial_events"
DOCS = "docs/pages"  # the Markdown pages, beside the site's mkdocs.yml
RUFF = Path(sys.executable).parent / "ruff"
RUFF_CONFIG = ROOT / "codegen" / "ruff-generated.toml"


# --- helpers ----------------------------------------------------------------------------------


def spec_copy(tmp_path: Path, edits: Sequence[tuple[str, str, str]] = ()) -> Path:
    """A copy of the adversarial spec (named like it: the name shows in generated headers), with
    each `(file, old, new)` edit applied; `old` must occur exactly once."""
    spec = tmp_path / "adversarial"
    shutil.copytree(ADVERSARIAL, spec)
    for name, old, new in edits:
        path = spec / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return spec


def ruff_check(directory: Path) -> subprocess.CompletedProcess[str]:
    command = [str(RUFF), "check", "--config", str(RUFF_CONFIG), "--no-cache", "."]
    return subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)


def mypy_strict(directory: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
               "--cache-dir", str(ROOT / ".mypy_cache" / "adversarial"), PACKAGE]  # fmt: skip
    return subprocess.run(command, cwd=directory, capture_output=True, text=True, check=False)


def import_package(directory: Path) -> ModuleType:
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(directory))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(directory))


def words(text: str) -> str:
    """Text with its whitespace normalised: docstrings are re-wrapped, nothing else changes."""
    return " ".join(text.split())


def without_code(markdown: str) -> str:
    """Markdown without fenced blocks (in code tabs too) and code spans, whose content is
    literal by definition."""
    markdown = re.sub(r"^( *)(`{3,})[^\n]*\n.*?^\1\2\s*$", "", markdown, flags=re.M | re.S)
    return re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", markdown)


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row, split by Python-Markdown's own tables extension (as
    MkDocs reads the pages): at pipes outside code spans that no backslash escapes."""
    splitter = TableProcessor(Markdown().parser, {})
    splitter.border = True  # rows start and end with a pipe
    return [cell.strip() for cell in splitter._split_row(row.strip())]


def tables(markdown: str) -> Iterator[list[str]]:
    """The rows (header first) of each table in `markdown`."""
    rows: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            yield rows
            rows = []


def bad_rows(files: dict[str, str]) -> list[str]:
    """Table rows whose number of cells differs from their header's."""
    bad = []
    for path, text in files.items():
        if path.endswith(".md"):
            for rows in tables(text):
                width = len(cells(rows[0]))
                bad += [f"{path}: {row}" for row in rows if len(cells(row)) != width]
    return bad


# --- the generated package --------------------------------------------------------------------


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return generate(ADVERSARIAL)


@pytest.fixture(scope="module")
def spec_ir() -> Catalogue:
    return compile_spec(ADVERSARIAL)


@pytest.fixture(scope="module")
def out(files: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("adversarial-out")
    write(files, directory)
    return directory


@pytest.fixture(scope="module")
def package(out: Path) -> Iterator[Any]:
    yield import_package(out)
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def test_every_generated_module_compiles(files: dict[str, str]) -> None:
    modules = [path for path in files if path.endswith(".py")]
    assert len(modules) >= 6
    for path in modules:
        compile(files[path], path, "exec")


def test_ruff_passes(out: Path) -> None:
    result = ruff_check(out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes(out: Path) -> None:
    result = mypy_strict(out)
    assert result.returncode == 0, result.stdout + result.stderr


def test_examples_round_trip(package: Any, spec_ir: Catalogue) -> None:
    count = 0
    for event in spec_ir.union.events:
        for example in event.examples:
            parsed = package.parse_event(example.text)
            assert type(parsed) is package.EVENT_TYPES[event.wire_type]
            assert parsed.to_dict() == thaw(example.payload)
            assert canonical(parsed.to_dict()) == canonical(thaw(example.payload))
            assert package.parse_event(parsed.to_json()) == parsed
            count += 1
    assert count == 4


def test_keywords_builtins_and_members_are_usable_names(package: Any, spec_ir: Catalogue) -> None:
    events = {e.wire_type: e for e in spec_ir.union.events}
    event = package.parse_event(events["class.from.import"].examples[0].text)
    assert type(event).__name__ == "ClassFromImportEvent"
    assert (event.self_, event.to_dict_, event.id, event.object) == ("s", "d", "i", "grün")
    nested = event.holder.nested
    assert (nested.type, nested.class_, nested.from_) == ("it's", 'c "quoted" \\ backslash',
                                                           "{{ jinja }} | pipe")  # fmt: skip
    assert (nested.id, nested.object, nested.self_, nested.to_dict_) == ("id_1", None, "me", 3)
    assert nested.import_ == ("東京", "🎧") and event.holder.async_ is True
    members = package.parse_event(events["from.self"].examples[0].text)
    assert (members.from_dict_, members.extra_fields_, members.to_json_) == ("x", {"a": 1}, None)
    assert members.extra_fields == {} and json.loads(members.to_json())["from_dict"] == "x"
    assert (
        package.ClassDefLambdaEvent.from_dict(
            {"type": "class.def.lambda", "print": "p", "len": 1}
        ).len
        == 1
    )


def test_unknown_fields_names_wire_fields_not_attributes(package: Any) -> None:
    # `to_json` is the attribute `to_json_`; a path is what the server sent
    event = package.parse_event(
        {"type": "from.self", "from_dict": "x", "to_json": "blue", "class": 1}
    )
    assert event.to_json_ == "blue"
    found = [(u.path, u.kind, u.value) for u in package.unknown_fields(event)]
    assert found == [("to_json", "enum value", "blue"), ("class", "field", 1)]


def test_enum_values_with_quotes_and_delimiters_are_literal(package: Any) -> None:
    base = {"type": "class.from.import", "holder": {"nested": {"class": "c"}}}
    for value in ["plain", "it's", 'say "hi"', "back\\slash", "{{ x }}", "café"]:
        payload = json.loads(json.dumps(base))
        payload["holder"]["nested"]["type"] = value
        assert package.parse_event(json.dumps(payload)).holder.nested.type == value
    payload["holder"]["nested"]["type"] = "say hi"
    with pytest.raises(package.EventDecodeError) as caught:
        package.parse_event(payload)
    expected = "one of 'plain', \"it's\", 'say \"hi\"', 'back\\\\slash', '{{ x }}', 'café'"
    assert str(caught.value) == (
        f"class.from.import: holder.nested.type: expected {expected}, got 'say hi'"
    )


def attribute_docstrings(source: str) -> dict[tuple[str, str], str]:
    """(class or module-level name, attribute) -> the string literal written under it."""
    found: dict[tuple[str, str], str] = {}

    def scan(owner: str, body: list[ast.stmt]) -> None:
        for before, after in zip(body, body[1:], strict=False):
            if isinstance(before, ast.AnnAssign):
                target: ast.expr | None = before.target
            elif isinstance(before, ast.Assign):
                target = before.targets[0]
            else:
                continue
            if (
                isinstance(target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                found[(owner, target.id)] = after.value.value

    tree = ast.parse(source)
    scan("", tree.body)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            scan(node.name, node.body)
    return found


def test_docstrings_hold_the_text_literally(
    package: Any, spec_ir: Catalogue, files: dict[str, str]
) -> None:
    assert words(package.__doc__ or "").startswith(words(spec_ir.title) + ":")
    attributes: dict[tuple[str, str], str] = {}
    for path, text in sorted(files.items()):
        if path.startswith(f"{PACKAGE}/models/"):
            attributes.update(attribute_docstrings(text))
    attributes.update(attribute_docstrings(files[f"{PACKAGE}/aliases.py"]))
    checked = 0
    owners: list[tuple[str, str, str, tuple[Any, ...]]] = [
        (package.EVENT_TYPES[e.wire_type].__name__, e.summary, e.description, e.fields)
        for e in spec_ir.union.events
    ]
    for declared in spec_ir.types:
        fields = declared.fields if isinstance(declared, ObjectType) else ()
        owners.append((declared.name, declared.summary, declared.description, fields))
    for name, summary, description, fields in owners:
        text = f"{summary} {description}" if description else summary
        cls = getattr(package, name)
        if isinstance(cls, type):
            assert words(cls.__doc__ or "") == words(text), name
        else:  # an enum alias: its docstring is the literal under the assignment
            assert words(attributes[("", name)]) == words(text), name
        for field in fields:
            explicit = field.hints.get("python", "name")
            attr = str(explicit.value) if explicit else python_attribute(field.wire_name)
            assert words(attributes[(name, attr)]) == words(field.description), (name, attr)
            checked += 1
    assert checked >= 20


def test_docs_show_the_text_escaped(files: dict[str, str], spec_ir: Catalogue) -> None:
    pages = {path: text for path, text in files.items() if path.endswith(".md")}
    categories = {e.category for e in spec_ir.events}
    # home, the two indexes, the changes, a page per protocol, category, event and type, and
    # the five pages the other targets write about themselves (the Python, JSON Schema,
    # Pydantic, TypeScript and AsyncAPI ones)
    site = [path for path in pages if path.startswith("docs/")]
    assert (
        len(site)
        == 4
        + len(spec_ir.protocols)
        + len(categories)
        + len(spec_ir.events)
        + len(spec_ir.types)
        + 5
    )
    for path, text in pages.items():
        prose = without_code(text)
        for tag in ("<b>", "</b>", "<i>", "<script"):
            assert tag not in prose.lower(), (path, tag)
    index = pages[f"{DOCS}/index.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "&lt;b&gt;catalogue&lt;/b&gt; \\| \\{\\{ jinja \\}\\} \\{% raw %\\} Zürich 🎧" in index
    assert "\\{% raw %\\}raw\\{% endraw %\\} and \\{# comment #\\}" in index  # not eaten by Jinja
    assert "\"\"\"triple\"\"\" and '''single'''" in index
    assert "C:\\\\new\\\\table" in index  # a backslash is escaped, so it shows
    page = pages[f"{DOCS}/events/class.from.import.md"]
    assert 'A keyword event \\| with """quotes""" and &lt;script&gt;' in page
    assert (
        '### A """full""" example \\| &lt;b&gt;bold&lt;/b&gt; \\{\\{ x \\}\\} \\\\ ünïcode' in page
    )
    assert bad_rows(pages) == []


def test_the_docs_site_builds_and_shows_the_text_as_text(
    files: dict[str, str], tmp_path: Path
) -> None:
    """MkDocs builds the hostile pages with --strict, every link resolves, and the browser gets
    the hostile text as text: no tag from the spec survives into the HTML, in the pages, the
    navigation or the site's name."""
    write({p: t for p, t in files.items() if p.startswith("docs/")}, tmp_path / "out")
    site = build_site(tmp_path / "out" / "docs", tmp_path / "site")
    report = check_links(site)
    assert report.broken == [] and report.external == []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in ("<script>alert", "<b>catalogue", "<i>html", "<b>bold"):
            assert tag not in html, (page, tag)
    home = " ".join(read_page(site / "index.html").text)
    assert "Adversarial <b>catalogue</b> | {{ jinja }} {% raw %} Zürich 🎧" in home
    event = "".join(read_page(site / "events" / "class.from.import" / "index.html").text)
    assert 'A """full""" example | <b>bold</b> {{ x }} \\ ünïcode' in event


def test_the_python_api_page_runs_on_hostile_names(files: dict[str, str], out: Path) -> None:
    """The page's doctests run against the adversarial package, keyword attributes and all."""
    sys.path.insert(0, str(out))
    try:
        results, report = run_doctests(files[f"{DOCS}/python.md"], "adversarial python.md")
    finally:
        sys.path.remove(str(out))
    assert results.failed == 0, report
    assert results.attempted > 20


# --- names that need an explicit Python name --------------------------------------------------

NEEDS_NAME = [
    ("types/nested.yaml", "self", "Nested", "python: {name: self_}, "),
    ("types/nested.yaml", "to_dict", "Nested", "python: {name: to_dict_}, "),
    ("events/class.yaml", "self", "ClassFromImportEvent", "python: {name: self_}, "),
    ("events/class.yaml", "to_dict", "ClassFromImportEvent", "python: {name: to_dict_}, "),
    ("events/from.yaml", "to_json", "FromSelfEvent", "python: {name: to_json_}, "),
    ("events/from.yaml", "from_dict", "FromSelfEvent", "python: {name: from_dict_}, "),
    ("events/from.yaml", "extra_fields", "FromSelfEvent", "python: {name: extra_fields_}, "),
]


@pytest.mark.parametrize(
    ("file", "wire", "owner", "setting"), NEEDS_NAME, ids=[f"{o}.{w}" for _, w, o, _ in NEEDS_NAME]
)
def test_a_member_name_without_an_explicit_name_is_e401(
    tmp_path: Path, file: str, wire: str, owner: str, setting: str
) -> None:
    text = (ADVERSARIAL / file).read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(f"      {wire}: {{"))
    declaration = text.splitlines()[line - 1]
    spec = spec_copy(tmp_path, [(file, declaration, declaration.replace(setting, ""))])
    with pytest.raises(SpecError) as caught:
        generate(spec)
    assert [d.render() for d in caught.value.diagnostics] == [
        f"adversarial/{file}:{line}:7: error[E401] field '{wire}' of {owner}: '{wire}' is a "
        "member every generated class defines\n"
        "  hint: set 'python: {name: ...}' on the field to a valid, unused name"
    ]
    result = run_codegen("generate", "--spec", str(spec), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"adversarial/{file}:{line}:7: error[E401]" in result.stderr
    assert not (tmp_path / "out").exists()


# --- determinism ------------------------------------------------------------------------------

# The order of these carries meaning (display order, field order) and is left alone.
ORDERED = {"fields", "common_fields", "versions", "categories", "variants", "values", "examples"}


def reverse_mapping(node: Any) -> Any:
    return dict(reversed(node.items())) if isinstance(node, dict) else node


def field_declarations(tree: Any) -> Iterator[dict[str, Any]]:
    """Every field declaration (`{type: ..., description: ...}`) in a loaded spec file."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in ("fields", "common_fields") and isinstance(value, dict):
                yield from value.values()
            else:
                yield from field_declarations(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from field_declarations(item)


def reverse_field_keys(name: str, tree: Any) -> tuple[str, Any]:
    for declaration in list(field_declarations(tree)):
        items = list(declaration.items())
        declaration.clear()
        declaration.update(reversed(items))
    return name, tree


def reverse_declaration_keys(name: str, tree: Any) -> tuple[str, Any]:
    """The keys of each type, event and example declaration (kind, summary, fields, ...)."""
    for group in ("types", "events"):
        for key, declaration in list(tree.get(group, {}).items()):
            for example in declaration.get("examples", []):
                items = list(example.items())
                example.clear()
                example.update(reversed(items))
            tree[group][key] = reverse_mapping(declaration)
    return name, reverse_mapping(tree)


def reverse_types(name: str, tree: Any) -> tuple[str, Any]:
    if "types" in tree:
        tree["types"] = reverse_mapping(tree["types"])
    return name, tree


def reverse_events(name: str, tree: Any) -> tuple[str, Any]:
    if "events" in tree:
        tree["events"] = reverse_mapping(tree["events"])
    return name, tree


def reverse_file_order(name: str, tree: Any) -> tuple[str, Any]:
    """Rename files so that reading them in file-name order reverses their order."""
    folder, _, stem = name.rpartition("/")
    if not folder:
        return name, tree
    rank = sorted(p.name for p in (ADVERSARIAL / folder).glob("*.yaml")).index(stem)
    return f"{folder}/{chr(ord('z') - rank)}_{stem}", tree


def rewritten(tmp_path: Path, label: str, transform: Callable[[str, Any], tuple[str, Any]]) -> Path:
    """The adversarial spec, loaded and dumped again through `transform` (name, tree)."""
    spec = tmp_path / label / "adversarial"
    for path in sorted(ADVERSARIAL.rglob("*.yaml")):
        relative = path.relative_to(ADVERSARIAL).as_posix()
        name, tree = transform(relative, yaml.safe_load(path.read_text(encoding="utf-8")))
        target = spec / name
        target.parent.mkdir(parents=True, exist_ok=True)
        dumped = yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=1000)
        target.write_text(dumped, encoding="utf-8")
    return spec


REORDERINGS = {
    "keys within each field declaration": reverse_field_keys,
    "keys within each type, event and example": reverse_declaration_keys,
    "type declarations within a file": reverse_types,
    "events within a file": reverse_events,
    "file names": reverse_file_order,
}


@pytest.fixture(scope="module")
def rewritten_baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    spec = rewritten(tmp_path_factory.mktemp("baseline"), "same", lambda name, tree: (name, tree))
    return generate(spec)


def test_yaml_layout_does_not_matter(
    files: dict[str, str], rewritten_baseline: dict[str, str]
) -> None:
    assert rewritten_baseline == files


@pytest.mark.parametrize("label", list(REORDERINGS))
def test_meaningless_order_does_not_change_the_output(
    tmp_path: Path, label: str, rewritten_baseline: dict[str, str]
) -> None:
    spec = rewritten(tmp_path, "reordered", REORDERINGS[label])
    reordered = generate(spec)
    differing = sorted(p for p in rewritten_baseline.keys() | reordered.keys()
                       if rewritten_baseline.get(p) != reordered.get(p))  # fmt: skip
    assert differing == []


@pytest.mark.slow
def test_byte_identical_under_hash_seeds(tmp_path: Path, files: dict[str, str]) -> None:
    outputs = []
    for hash_seed in ("0", "1", "999"):
        out = tmp_path / f"out-{hash_seed}"
        result = run_codegen(
            "generate", "--spec", str(ADVERSARIAL), "--out", str(out),
            env={"PYTHONHASHSEED": hash_seed, "REALTIME_EVENTS_CACHE": "off"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        written = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
        outputs.append({name: path.read_bytes() for name, path in written.items()})
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] == {path: text.encode("utf-8") for path, text in files.items()}


# --- variations: each once broke the generator (see the docstring of each test) ---------------


@pytest.mark.parametrize(
    "title",
    ['Title with """triple quotes"""', "Title with C:\\new\\table and a trailing \\"],
    ids=["quotes", "backslashes"],
)
def test_a_title_with_quotes_or_backslashes(tmp_path: Path, title: str) -> None:
    """The title went raw into the package docstring: `\"\"\"` ended it (generate() raised
    FormatError) and a backslash started an escape sequence."""
    old = "  title: 'Adversarial <b>catalogue</b> | {{ jinja }} {% raw %} Zürich 🎧'"
    spec = spec_copy(tmp_path, [("catalogue.yaml", old, "  title: " + json.dumps(title))])
    write(generate(spec), tmp_path / "out")
    assert words(import_package(tmp_path / "out").__doc__ or "").startswith(title + ":")


def test_a_keyword_field_on_an_event(tmp_path: Path) -> None:
    """An event with a keyword field gets a functional TypedDict; its `type` entry was written
    "Literal[class.from.import]", unquoted, which ruff (F722) and mypy rejected."""
    old = "      id: {type: string, description: 'A builtin field on an event.'}"
    new = old + "\n      class: {type: string, description: 'A keyword field on an event.'}"
    spec = spec_copy(tmp_path, [("events/class.yaml", old, new)])
    write(generate(spec), tmp_path / "out")
    payload = {
        "type": "class.from.import",
        "holder": {"nested": {"type": "plain", "class": "c"}},
        "class": "k",
    }
    event = import_package(tmp_path / "out").parse_event(payload)
    assert event.class_ == "k" and event.to_dict() == payload
    result = ruff_check(tmp_path / "out")
    assert result.returncode == 0, result.stdout
    result = mypy_strict(tmp_path / "out")
    assert result.returncode == 0, result.stdout


BUILTIN_TYPES = "types/nested.yaml", "      weight: {type: number, default: 0.5,"


def test_fields_named_after_builtin_types_need_a_python_name(tmp_path: Path) -> None:
    """A field `str` or `float` declared in the class body shadowed the type in the class's later
    annotations, and mypy rejected the package; such a name now needs `python: {name: ...}`."""
    file, old = BUILTIN_TYPES
    new = (
        "      str: {type: string, description: The builtin str.}\n"
        "      float: {type: number, description: The builtin float.}\n" + old
    )
    with pytest.raises(SpecError) as caught:
        generate(spec_copy(tmp_path, [(file, old, new)]))
    lines = (ADVERSARIAL / file).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(old))  # now `str`'s line
    found = [(str(d.location), d.code) for d in caught.value.diagnostics]
    assert found == [
        (f"adversarial/{file}:{line}:7", "E401"),
        (f"adversarial/{file}:{line + 1}:7", "E401"),
    ]
    assert "'str'" in caught.value.diagnostics[0].message


def test_fields_named_after_builtin_types_with_a_python_name(tmp_path: Path) -> None:
    file, old = BUILTIN_TYPES
    new = (
        "      str: {type: string, python: {name: str_}, description: The builtin str.}\n"
        "      float: {type: number, python: {name: float_}, description: The builtin float.}\n"
        + old
    )
    spec = spec_copy(tmp_path, [(file, old, new)])
    write(generate(spec), tmp_path / "out")
    result = mypy_strict(tmp_path / "out")
    assert result.returncode == 0, result.stdout
    payload = {"type": "class.from.import", "holder": {"nested": {"type": "plain", "class": "c",
               "str": "s", "float": 1, "weight": 2.5}}}  # fmt: skip
    event = import_package(tmp_path / "out").parse_event(payload)
    assert (event.holder.nested.str_, event.holder.nested.float_) == ("s", 1)
    assert canonical(event.to_dict()) == canonical(payload)


def test_any_among_alternatives_decodes_every_value(tmp_path: Path) -> None:
    """The decoder's check for `any | "x"` was built by trimming the annotation `Any`, so the
    package checked `type(v) is Any`, a name not imported at run time: parse_event raised
    NameError. `any` among alternatives admits every value, null included."""
    file, old = BUILTIN_TYPES
    new = "      loose: {type: 'any | \"x\"', description: Anything or x.}\n" + old
    spec = spec_copy(tmp_path, [(file, old, new)])
    write(generate(spec), tmp_path / "out")
    assert ruff_check(tmp_path / "out").returncode == 0
    result = mypy_strict(tmp_path / "out")
    assert result.returncode == 0, result.stdout
    package = import_package(tmp_path / "out")
    for value in (5, "x", "y", None, [1], {"a": True}, 2.5, False):
        payload = {"type": "class.from.import", "holder": {"nested": {"type": "plain",
                   "class": "c", "weight": 2.5, "loose": value}}}  # fmt: skip
        event = package.parse_event(payload)
        assert event.holder.nested.loose == value
        assert canonical(event.to_dict()) == canonical(payload)
    absent = {"type": "class.from.import", "holder": {"nested": {"type": "plain", "class": "c"}}}
    assert package.parse_event(absent).holder.nested.loose is package.MISSING


def test_version_titles_are_escaped_on_event_pages(tmp_path: Path) -> None:
    """Event pages wrote version titles raw ('Versions: **...**' and each example's 'Version:')."""
    old = "    title: Old v1, naïve"
    new = "    title: 'Old <script>alert(1)</script> | v1'"
    pages = {p: t for p, t in generate(spec_copy(tmp_path, [("catalogue.yaml", old, new)])).items()}
    for path, text in pages.items():
        if path.endswith(".md"):
            assert "<script" not in without_code(text), path
    page = pages[f"{DOCS}/events/class.from.import.md"]
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # the versions, an example
    assert bad_rows(pages) == []


ASYNC = "      async: {type: boolean, description: 'Another keyword, on a second object.'}"
PIPES_IN_CODE_SPANS = {
    "field default": ("default: 0.5,", 'default: "a|b",'),
    "wire field name": (
        ASYNC,
        ASYNC + "\n      'a|b': {type: string, python: {name: a_b}, description: A piped name.}",
    ),
    "variant value": (
        ASYNC,
        "\n".join([
            ASYNC,
            "      piped: {type: Piped, description: A union member.}",
            "  Piped:",
            "    kind: union",
            "    summary: A union with a piped kind.",
            "    discriminator: kind",
            "    variants: {'p|q': PipedKind}",
            "  PipedKind:",
            "    kind: object",
            "    summary: The piped kind.",
            "    fields:",
            "      kind: {type: string, required: true, enum: ['p|q'], open: false,",
            "             description: K.}",
        ]),
    ),
}  # fmt: skip


@pytest.mark.parametrize("where", list(PIPES_IN_CODE_SPANS))
def test_pipes_in_code_spans_inside_table_rows(tmp_path: Path, where: str) -> None:
    """Code spans in table rows (a field's wire name and API default, a variant's value) did not
    escape `|`, so a pipe split the row into too many cells."""
    old, new = PIPES_IN_CODE_SPANS[where]
    files = generate(spec_copy(tmp_path, [("types/nested.yaml", old, new)]))
    assert bad_rows(files) == []
    type_pages = "".join(t for p, t in files.items() if p.startswith(f"{DOCS}/types/"))
    assert "a|b" in type_pages or "p|q" in type_pages


def test_enum_values_with_pipes_outside_tables(tmp_path: Path) -> None:
    """Outside a table a backslash before `|` shows: the value `a|b` read `a\\|b` on the page."""
    old = "values: [plain,"
    spec = spec_copy(tmp_path, [("types/kinds.yaml", old, "values: ['a|b', plain,")])
    page = generate(spec)[f"{DOCS}/types/Kind.md"]
    assert "- `a|b`\n- `plain`" in page


def test_control_characters_in_text(tmp_path: Path) -> None:
    """A NUL in spec text (YAML "\\0") went raw into a docstring: models.py did not compile."""
    old = "    summary: Holds a nested object; declared after it in this file."
    new = '    summary: "Holds a nested object \\0 (a NUL) and \\e (an ESC)."'
    spec = spec_copy(tmp_path, [("types/nested.yaml", old, new)])
    try:
        generated = generate(spec)
    except SpecError as exc:  # refusing the text with a diagnostic is a fine answer too
        assert "nested.yaml" in str(exc)
        return
    for path, text in generated.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
    write(generated, tmp_path / "out")
    doc = import_package(tmp_path / "out").Holder.__doc__
    assert "Holds a nested object \x00 (a NUL) and \x1b (an ESC)." in doc


# --- names and wire types the generator must refuse or handle (each was once a bug) -------

WEIGHT = "      weight: {type: number, default: 0.5,"


def refused_or_clean(tmp_path: Path, spec: Path, name: str, expected: str) -> None:
    """`expected` is the code of the one diagnostic the spec must get, naming `name`, or "clean":
    then the output must pass ruff and mypy --strict."""
    if expected != "clean":
        with pytest.raises(SpecError) as caught:
            generate(spec)
        assert [d.code for d in caught.value.diagnostics] == [expected], str(caught.value)
        assert f"'{name}'" in str(caught.value)
        return
    write(generate(spec), tmp_path / "out")
    result = ruff_check(tmp_path / "out")
    assert result.returncode == 0, result.stdout
    result = mypy_strict(tmp_path / "out")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Nested", "E401"), ("NestedDict", "E401"), ("classmethod", "E401"), ("ClassVar", "clean")],
)
def test_a_field_named_like_a_name_its_class_uses(tmp_path: Path, name: str, expected: str) -> None:
    """A field may not shadow a name its own class body uses; any other name is fine (an object
    type's class uses no ClassVar, only an event's does)."""
    new = f"      {name}: {{type: string, description: A probe.}}\n" + WEIGHT
    spec = spec_copy(tmp_path, [("types/nested.yaml", WEIGHT, new)])
    refused_or_clean(tmp_path, spec, name, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Any", "E402"), ("Mapping", "E402"), ("Literal", "E402"), ("ClassVar", "E402"),
     ("Callable", "E402"), ("Protocol", "clean")],
)  # fmt: skip
def test_a_type_named_like_a_typing_name(tmp_path: Path, name: str, expected: str) -> None:
    """A type may not take a name the generated modules import; others from typing are fine."""
    edits = [
        ("types/nested.yaml", WEIGHT, f"      probe: {{type: {name}, description: P.}}\n" + WEIGHT),
        ("types/kinds.yaml", "  Colour:", f"  {name}:\n    kind: object\n    summary: A probe.\n"
         "    fields:\n      x: {type: string, description: X.}\n  Colour:"),
    ]  # fmt: skip
    refused_or_clean(tmp_path, spec_copy(tmp_path, edits), name, expected)


def with_wire_type(tmp_path: Path, wire: str, class_name: str | None = None) -> Path:
    """The spec with `from.self` renamed to `wire` (and given `class_name`, if any)."""
    key = f"  {json.dumps(wire)}:" + (f"\n    name: {class_name}" if class_name else "")
    return spec_copy(
        tmp_path,
        [
            ("events/from.yaml", "  from.self:", key),
            ("events/from.yaml", '"type": "from.self"', '"type": ' + json.dumps(wire)),
        ],
    )


@pytest.mark.parametrize("wire", ["x/y", "a|b.c", "x<b>y"])
def test_a_wire_type_that_makes_no_class_name_is_a_spec_error(tmp_path: Path, wire: str) -> None:
    with pytest.raises(SpecError) as caught:
        generate(with_wire_type(tmp_path, wire))
    assert "adversarial/events/from.yaml:" in str(caught.value)


@pytest.mark.parametrize("wire", ["../../../evil", "x/y", "a..b", ".hidden"])
def test_a_wire_type_cannot_write_outside_its_page(tmp_path: Path, wire: str) -> None:
    """A wire type names a docs page: one that could leave its folder is refused (E104), even
    with a class name given, and nothing is written."""
    spec = with_wire_type(tmp_path / "spec", wire, class_name="ProbeEvent")
    with pytest.raises(SpecError) as caught:
        generate(spec)
    assert [d.code for d in caught.value.diagnostics] == ["E104"]
    assert f"wire type '{wire}' may hold only letters" in caught.value.diagnostics[0].message
