"""The API reference: Markdown pages and the MkDocs configuration that makes them a site.

view.py turns the IR into each page's view (changes.py the Changes page's); site.py writes
mkdocs.yml. The code on the pages
comes from the other targets: each may document itself (`targets.base.TargetDocs`: its
declaration of each event and type, a quick start, pages of its own), and this target lays out
what the registry's targets give, in the registry's order, naming none of them. assets/ holds
the fixed stylesheet, copied into the pages folder. `make docs` runs `mkdocs build --strict` on
the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ... import format, naming
from ...format import Formatter
from ...ir import Catalogue
from ...render import render
from ...schema import HintShapes
from ..base import Output, Target
from . import site
from .changes import changes_page
from .view import CHANGES, EVENTS_INDEX, HOME, TYPES_INDEX, Builder

ASSETS = Path(__file__).parent / "assets"


def _registry() -> Sequence[Target]:
    from .. import REGISTRY  # read when asked: the registry lists this target too

    return REGISTRY


class DocsTarget:
    """A page per event, type, category and protocol, an index of each, the home page, and the
    pages the other targets write about themselves."""

    name = "docs"
    hints = HintShapes()
    formatters: Mapping[str, Formatter] = {
        ".md": format.markdown,
        ".yml": format.text,
        ".css": format.text,
    }

    def __init__(self, registry: Callable[[], Sequence[Target]] = _registry) -> None:
        """`registry`: the targets whose documentation the reference shows (the registry's)."""
        self.registry = registry

    @property
    def requires(self) -> tuple[str, ...]:
        """Every other target of the registry: any of them may document itself."""
        return tuple(target.name for target in self.registry() if target.name != self.name)

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        # Inputs come in the order of `requires`, the registry's: tabs and pages follow it.
        parts = tuple(output.docs for output in inputs.values() if output.docs is not None)
        builder = Builder(catalogue, parts)
        pages: dict[str, tuple[str, dict[str, Any]]] = {
            HOME: ("docs/home.md.jinja", builder.home()),
            EVENTS_INDEX: ("docs/events_index.md.jinja", builder.events_index()),
            TYPES_INDEX: ("docs/types_index.md.jinja", builder.types_index()),
            CHANGES: ("docs/changes.md.jinja", changes_page(builder)),
        }
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
            event_path = builder.page_of(event)
            if event_path in pages:  # two events on one page: the later would replace it
                raise ValueError(f"two events have the docs page {event_path}")
            pages[event_path] = ("docs/event.md.jinja", builder.event_page(event))
        for declared in catalogue.types:
            pages[naming.docs_type_page(declared.name)] = (
                "docs/type.md.jinja",
                builder.type_page(declared),
            )
        files = {
            f"{site.PAGES}/{path}": render(template, **context)
            for path, (template, context) in pages.items()
        }
        for part in parts:
            for page in part.pages:
                path = f"{site.PAGES}/{page.path}"
                if path in files or "/" in page.path:  # its links are written from the top
                    raise ValueError(f"the {part.title} docs cannot have the page {page.path}")
                files[path] = f"{builder.header()}\n\n{page.markdown}"
        stylesheet = (ASSETS / "reference.css").read_text(encoding="utf-8")
        files[f"{site.PAGES}/{site.STYLESHEET}"] = stylesheet
        api = [(page.title, page.path) for part in parts for page in part.pages]
        files["mkdocs.yml"] = site.mkdocs_config(catalogue, api, builder.edition())
        return Output("docs", files)


TARGET = DocsTarget()
