"""The Pydantic target's part of the API reference: each model for the code tabs, a quick start,
and a page on using the models.

The models are datamodel-code-generator's work, not ours: this target has no view of its own
classes, only the module the tool wrote. So, unlike the other targets, it cuts each declaration
out of that module (a class as written, an alias with the aliases it is built from), found with
`ast` by the neutral names every target shares. The page's examples are doctest sessions that
tests/targets/test_docs_site.py runs against the generated models.
"""

from __future__ import annotations

import ast
import gc
import json
import keyword
from dataclasses import dataclass
from typing import Any

from ... import format, naming
from ...escape import fenced_block, markdown_code, markdown_inline
from ...ir import Catalogue, Presence, Primitive, PrimitiveType
from ...render import render
from ...showcase import compact, demo_event, unknown_field, unknown_wire_type
from ..base import DocsPage, QuickStart, Snippet, TargetDocs

TITLE = "Pydantic"
PAGE = "pydantic.md"
ROOT = "generated"  # where the package is in the repository, for captions


def build_docs(
    catalogue: Catalogue, folder: str, package: str, models: str, modules: dict[str, str]
) -> TargetDocs:
    """`models` is the models module as the tool wrote it; `modules` each protocol's module of
    entry points by protocol key (`realtime_events_pydantic.translation`)."""
    # Formatted as the pipeline will format the file (the same cache entry), so the tab shows
    # the lines the file holds.
    text = format.python({"models.py": models})["models.py"]
    found = _declarations(text)
    names = {event.name for event in catalogue.events} | {t.name for t in catalogue.types}
    where = f"`{ROOT}/{folder}/models.py`"
    declarations = {}
    for name in sorted(names & found.keys()):
        declaration = found[name]
        if isinstance(declaration.node, ast.ClassDef):
            caption = f"`{name}` in {where}:"
            code = "\n".join(declaration.source())
        else:
            caption = f"`{name}` in {where}, a type alias:"
            parts = [found[used] for used in _names_in(declaration.node) if _is_alias(found, used)]
            code = "\n\n".join("\n".join(d.source()) for d in [*parts, declaration] if d)
        declarations[name] = Snippet(caption, "python", code)
    return TargetDocs(
        title=TITLE,
        declarations=declarations,
        quick_start=_quick_start(catalogue, folder, package),
        pages=(
            DocsPage(
                path=PAGE,
                title="Pydantic models",
                summary=f"`{package}`: decoding, errors, unknown events and writing events "
                "back with Pydantic v2, with examples that the test suite runs.",
                markdown=render(
                    "pydantic/api.md.jinja", **_page(catalogue, folder, package, modules)
                ),
            ),
        ),
    )


# --- cutting declarations out of the tool's module -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Declaration:
    lines: list[str]  # the module's lines
    node: ast.stmt  # a class, or the assignment of an alias
    docstring: ast.stmt | None  # the string under an alias

    def source(self) -> list[str]:
        last = self.docstring or self.node
        decorators: list[ast.expr] = getattr(self.node, "decorator_list", [])
        first = min([self.node.lineno, *(d.lineno for d in decorators)])
        return self.lines[first - 1 : last.end_lineno or self.node.lineno]


def _declarations(text: str) -> dict[str, _Declaration]:
    """Every public module-level class and alias, by name."""
    lines = text.splitlines()
    body = _parse(text).body
    found: dict[str, _Declaration] = {}
    for index, node in enumerate(body):
        name = _declared_name(node)
        if name is None or name.startswith("_") or name in found:
            continue
        following = body[index + 1] if index + 1 < len(body) else None
        found[name] = _Declaration(lines, node, following if _is_docstring(following) else None)
    return found


def _is_alias(found: dict[str, _Declaration], name: str) -> bool:
    return name in found and not isinstance(found[name].node, ast.ClassDef)


def _names_in(node: ast.stmt) -> list[str]:
    """The names an alias's value uses, in order, once each, the alias's own name left out."""
    value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
    if value is None:
        return []
    own = _declared_name(node)
    names = (n.id for n in ast.walk(value) if isinstance(n, ast.Name) and n.id != own)
    return list(dict.fromkeys(names))


def _declared_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    ):
        return node.targets[0].id
    return None


def _is_docstring(node: ast.stmt | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _parse(source: str) -> ast.Module:
    """ast.parse with the cyclic garbage collector paused: the tree is acyclic, and collections
    run again and again as its nodes pile up, which made parsing a module of many thousand
    lines take several times longer per line than a small one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        if was_enabled:
            gc.enable()


# --- the quick start and the page -----------------------------------------------------------


def _quick_start(catalogue: Catalogue, folder: str, package: str) -> QuickStart:
    message = compact(demo_event(catalogue).examples[0].payload)
    event = demo_event(catalogue)
    code = "\n".join(
        [
            "import json",
            "",
            f"import {package} as rp",
            "",
            f"message = {message!r}",
            "",
            "event = rp.parse_event(message)  # a pydantic.ValidationError for a bad payload",
            f"if isinstance(event, rp.{event.name}):",
            '    print(event.model_dump(mode="json", by_alias=True, exclude_unset=True))',
            "assert rp.dump_event(event) == json.loads(message)  # the payload, exactly",
        ]
    )
    intro = (
        f"Pydantic v2 models, in `{ROOT}/{folder}/`, for applications that already use "
        "Pydantic: they accept exactly what the Python package accepts. Copy the folder "
        f"into your code beside Pydantic. The [Pydantic models]({PAGE}) page says more."
    )
    install = Snippet(
        "", "sh", f'pip install "pydantic>=2.14"   # then copy {ROOT}/{folder}/ into your code'
    )
    return QuickStart(intro, (install, Snippet("", "python", code)))


def _page(
    catalogue: Catalogue, folder: str, package: str, modules: dict[str, str]
) -> dict[str, Any]:
    event = demo_event(catalogue)
    payload = event.examples[0].payload
    message = compact(payload)
    shown = next(
        (
            f
            for f in event.fields
            if f.presence is Presence.REQUIRED
            and isinstance(f.type, PrimitiveType)
            and f.type.primitive is Primitive.STRING
            and f.enum is None
            and not f.nullable
            and f.wire_name.isidentifier()
            and not keyword.iskeyword(f.wire_name)
            and not f.wire_name.startswith("model_")  # pydantic's own namespace
            and f.wire_name in payload
        ),
        None,
    )
    extra = unknown_field(event)
    unknown = {"type": unknown_wire_type(catalogue, event), "id": 1}
    lines = [
        ">>> import json",
        ">>> import pydantic",
        f">>> import {package} as rp",
        f">>> message = {message!r}",
        ">>> event = rp.parse_event(message)",
        ">>> type(event).__name__",
        repr(event.name),
        ">>> rp.dump_event(event) == json.loads(message)",
        "True",
    ]
    errors: list[str] = []
    if shown is not None:
        lines += [f">>> event.{shown.wire_name}", repr(payload[shown.wire_name])]
        errors = [
            ">>> broken = json.loads(message)",
            f">>> del broken[{shown.wire_name!r}]",
            ">>> try:",
            "...     rp.parse_event(broken)",
            "... except pydantic.ValidationError as error:",
            "...     first = error.errors()[0]  # the event's own model: its type matched",
            '...     print(first["type"], first["loc"][-1])',
            f"missing {shown.wire_name}",
        ]
    unknowns = [
        f">>> extended = rp.parse_event({{**json.loads(message), {extra!r}: [1, 2]}})",
        ">>> extended.model_extra",
        repr({extra: [1, 2]}),
        f">>> rp.dump_event(extended)[{extra!r}]",
        "[1, 2]",
        f">>> unknown = rp.parse_event({json.dumps(unknown)!r})",
        ">>> isinstance(unknown, rp.UnknownEvent), rp.dump_event(unknown)",
        repr((True, unknown)),
    ]
    others = [
        (markdown_inline(catalogue.protocol(key).title), markdown_code(module))
        for key, module in modules.items()
        if key != catalogue.primary.key
    ]
    return {
        "package": markdown_code(package),
        "folder": markdown_code(f"{ROOT}/{folder}/"),
        "event": markdown_code(event.wire_type),
        "event_link": naming.docs_event_page(event.wire_type),
        "decoding": fenced_block("\n".join(lines), "pycon"),
        "errors": fenced_block("\n".join(errors), "pycon") if errors else "",
        "unknowns": fenced_block("\n".join(unknowns), "pycon"),
        "others": tuple(others),
    }
