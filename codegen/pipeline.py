"""The whole generator as one function: spec directory in, {relative path: text} out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .diagnostics import SpecError
from .format import format_python, format_text
from .ir import Catalogue
from .load import load_spec
from .lower import lower
from .render import render
from .targets import docs, python
from .validate import check_catalogue, check_files


def compile_spec(spec_dir: Path) -> Catalogue:
    """Load, check and lower the spec; raise SpecError with every diagnostic found."""
    loaded = load_spec(spec_dir)
    diagnostics = check_files(loaded)
    if diagnostics:
        raise SpecError(diagnostics)
    catalogue, categories = lower(loaded, spec_dir.name)
    diagnostics = check_catalogue(catalogue, categories)
    if diagnostics:
        raise SpecError(diagnostics)
    return catalogue


def generate(spec_dir: Path) -> dict[str, str]:
    """Every generated file, formatted, keyed by its path under generated/."""
    catalogue = compile_spec(spec_dir)
    package, diagnostics = python.build(catalogue)
    if diagnostics:
        raise SpecError(diagnostics)
    files: dict[str, str] = {}
    for path, template in python.FILES.items():
        files[f"{package.package}/{path}"] = render(template, **_fields_of(package))
    for path, (template, context) in docs.pages(catalogue).items():
        files[f"docs/{path}"] = render(template, **context)
    return format_python(format_text(files))


def _fields_of(view: python.PackageView) -> dict[str, object]:
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
