"""What a target is: the interface every module under targets/ implements, and what it returns.

A target turns the IR into the files of one output folder. It names the spec keys it reads as
hints (its own `python:`, `typescript:` ... key on catalogue, events, types and fields), the
targets whose output it consumes, and the formatter each kind of file it writes needs. The
pipeline loops over the registry in targets/__init__.py and never names a target.

A target may also document itself (`TargetDocs`): the code it generated for each event and
type, a quick start and pages of its own, which the API reference lays out beside the other
targets'. These are facts the target hands over from its own view model, so the reference never
reads a target's files to find a declaration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ..diagnostics import Diagnostic
from ..format import Formatter
from ..ir import Catalogue
from ..schema import HintShapes


@dataclass(frozen=True, slots=True)
class Snippet:
    """One block of code, with a line of Markdown above it (or none)."""

    caption: str  # Markdown, already escaped; "" for none
    language: str  # the fence's language: `python`, `typescript`, `json`, `sh`
    code: str


@dataclass(frozen=True, slots=True)
class QuickStart:
    """A target's part of the home page: how to get its output, and a first use of it."""

    intro: str  # Markdown, already escaped
    snippets: tuple[Snippet, ...]


@dataclass(frozen=True, slots=True)
class DocsPage:
    """A page of the reference that a target writes itself (its API, say).

    `path` is relative to the pages folder and sits at its top (`typescript.md`), so that a link
    to an event or a type page is that page's own path (`events/response.done.md`).
    """

    path: str
    title: str  # plain text, for the navigation and the home page's list
    summary: str  # Markdown, one sentence: what the page is for, on the home page
    markdown: str  # the whole page, from its `#` heading on


@dataclass(frozen=True, slots=True)
class TargetDocs:
    """What a target tells the API reference about itself. Every part is optional."""

    title: str  # the label of its tab on event and type pages and on the home page
    # A neutral name (an event's or a type's: `ResponseDoneEvent`, `Response`) to the target's
    # declaration of it, shown first under its tab.
    declarations: Mapping[str, Snippet] = field(default_factory=dict)
    # More snippets under the tab, after the declaration (a handler for an event, say).
    extras: Mapping[str, tuple[Snippet, ...]] = field(default_factory=dict)
    quick_start: QuickStart | None = None
    pages: tuple[DocsPage, ...] = ()  # in the order the navigation lists them


@dataclass(frozen=True, slots=True)
class Output:
    """What a target built: files under its folder, and the spec problems only it can see."""

    folder: str  # relative to the output root (generated/)
    files: Mapping[str, str]  # path under `folder` to text
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    # Directories under `folder` that the output's own build tools write (a compiler's `dist/`):
    # generation neither writes them nor counts them as drift.
    build_dirs: tuple[str, ...] = field(default=())
    docs: TargetDocs | None = None  # what the API reference shows of this target, if anything


class Target(Protocol):
    @property
    def name(self) -> str:
        """Short, lower case; also the spec key that holds this target's hints."""
        ...

    @property
    def requires(self) -> tuple[str, ...]:
        """The targets whose formatted output `build` reads (Pydantic reads the JSON Schema)."""
        ...

    @property
    def hints(self) -> HintShapes: ...

    @property
    def formatters(self) -> Mapping[str, Formatter]:
        """File suffix (`.py`, `.md`, `.json`) to the formatter those files go through."""
        ...

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        """The target's files; `inputs` holds the output of each target in `requires`."""
        ...
