"""The API reference: Markdown pages and the MkDocs configuration that makes them a site.

view.py turns the IR into each page's view; code.py cuts each declaration out of the other
targets' built files for the code tabs; python_api.py builds the Python API page's doctest
examples and each event's handler snippet; site.py writes mkdocs.yml. assets/ holds the fixed
stylesheet, copied into the pages folder. `make docs` runs `mkdocs build --strict` on the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ... import format, naming
from ...format import Formatter
from ...ir import Catalogue
from ...render import render
from ...schema import HintShapes
from ..base import Output
from . import code, site
from .code import Snippet
from .python_api import PythonDemo, event_class, handler_snippet, python_api_page
from .quick_start import QUICK_STARTS, quick_starts
from .view import EVENTS_INDEX, HOME, PYTHON_API, TYPES_INDEX, Builder

ASSETS = Path(__file__).parent / "assets"


class DocsTarget:
    """A page per event, type and category, an index of each, the home and Python API pages."""

    name = "docs"
    hints = HintShapes()
    formatters: Mapping[str, Formatter] = {
        ".md": format.markdown,
        ".yml": format.text,
        ".css": format.text,
    }

    @property
    def requires(self) -> tuple[str, ...]:
        """The targets whose code the pages show (code tabs, quick starts) that the registry
        holds: a target that is not registered has no tab, rather than failing the build."""
        from .. import REGISTRY  # the registry lists this target too, so it is read here

        registered = {target.name for target in REGISTRY}
        shown = dict.fromkeys([*code.SHELVES, *QUICK_STARTS])
        return tuple(name for name in shown if name in registered)

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        demo = PythonDemo(inputs["python"].folder) if "python" in inputs else None
        builder = Builder(catalogue, code.shelves(inputs), demo)
        pages: dict[str, tuple[str, dict[str, Any]]] = {
            HOME: ("docs/home.md.jinja", builder.home(quick_starts(catalogue, inputs))),
            EVENTS_INDEX: ("docs/events_index.md.jinja", builder.events_index()),
            TYPES_INDEX: ("docs/types_index.md.jinja", builder.types_index()),
        }
        handlers = _handler_snippets(catalogue, demo)
        for category in catalogue.categories:
            if any(e.category == category.key for e in catalogue.events):
                pages[naming.docs_category_page(category.key)] = (
                    "docs/category.md.jinja",
                    builder.category_page(category),
                )
        for protocol in catalogue.protocols:
            pages[naming.docs_protocol_page(protocol.key)] = (
                "docs/protocol.md.jinja",
                builder.protocol_page(protocol),
            )
        for event in catalogue.events:
            # the dispatcher takes the primary protocol's server events
            handler = handlers.get(event.wire_type) if event in catalogue.union.events else None
            extra = {"Python": (handler,)} if handler is not None else {}
            pages[builder.page_of(event)] = (
                "docs/event.md.jinja",
                builder.event_page(event, event_class(event), extra),
            )
        for declared in catalogue.types:
            pages[naming.docs_type_page(declared.name)] = (
                "docs/type.md.jinja",
                builder.type_page(declared),
            )
        if demo is not None:
            pages[PYTHON_API] = (
                "docs/python.md.jinja",
                {"header": builder.header(), **python_api_page(demo, catalogue)},
            )
        files = {
            f"{site.PAGES}/{path}": render(template, **context)
            for path, (template, context) in pages.items()
        }
        stylesheet = (ASSETS / "reference.css").read_text(encoding="utf-8")
        files[f"{site.PAGES}/{site.STYLESHEET}"] = stylesheet
        files["mkdocs.yml"] = site.mkdocs_config(catalogue, demo is not None)
        return Output("docs", files)


def _handler_snippets(catalogue: Catalogue, demo: PythonDemo | None) -> dict[str, Snippet]:
    """Each event's handler snippet, formatted by the same ruff as the package (in one run)."""
    if demo is None:
        return {}
    snippets = {e.wire_type: handler_snippet(demo, e, catalogue) for e in catalogue.union.events}
    formatted = format.python({f"{i}.py": s.code for i, s in enumerate(snippets.values())})
    return {
        wire_type: Snippet(s.caption, s.language, formatted[f"{i}.py"].rstrip("\n"))
        for i, (wire_type, s) in enumerate(snippets.items())
    }


TARGET = DocsTarget()
