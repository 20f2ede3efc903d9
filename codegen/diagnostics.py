"""Diagnostics: what a user did wrong in the spec, and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A point in a spec file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One spec error: a stable code, a message, and optionally a hint on how to fix it."""

    location: Location
    code: str
    message: str
    hint: str = ""

    def render(self) -> str:
        text = f"{self.location}: error[{self.code}] {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class SpecError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic collected so far."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.render() for d in diagnostics))
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location, d.code, d.message))
