"""What a target is: the interface every module under targets/ implements, and what it returns.

A target turns the IR into the files of one output folder. It names the spec keys it reads as
hints (its own `python:`, `typescript:` ... key on catalogue, events, types and fields), the
targets whose output it consumes, and the formatter each kind of file it writes needs. The
pipeline loops over the registry in targets/__init__.py and never names a target.
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
class Output:
    """What a target built: files under its folder, and the spec problems only it can see."""

    folder: str  # relative to the output root (generated/)
    files: Mapping[str, str]  # path under `folder` to text
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    # Directories under `folder` that the output's own build tools write (a compiler's `dist/`):
    # generation neither writes them nor counts them as drift.
    build_dirs: tuple[str, ...] = field(default=())


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
