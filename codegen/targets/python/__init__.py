"""The Python target: the standard-library package users vendor.

view.py turns the IR into the view the templates under templates/python/ print, with decoding.py
building each field's decode and encode expressions; runtime/ holds the fixed modules (real,
linted, type-checked source) copied into every package unchanged; docs.py gives the API
reference the package's code tab, quick start and API page, from the same view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from ... import format
from ...format import Formatter
from ...ir import Catalogue
from ...render import render
from ...schema import HintShapes, Record, Text
from ..base import Output
from .docs import build_docs
from .view import build

RUNTIME = Path(__file__).parent / "runtime"
# Fixed modules, copied as they are (after one header line).
RUNTIME_MODULES = ("_runtime.py", "_dispatch.py")

# Generated file (relative to the package directory) to the template that renders it; the
# models sub-package has one module per group of types and per category of events besides.
TEMPLATES = {
    "aliases.py": "python/aliases.py.jinja",
    "dicts.py": "python/dicts.py.jinja",
    "models/__init__.py": "python/models_init.py.jinja",
    "py.typed": "python/py.typed.jinja",
}
# The entry points of each protocol, in the package for the primary protocol and in a
# sub-package of its own for each other one.
PROTOCOL_TEMPLATES = {
    "__init__.py": "python/__init__.py.jinja",
    "dispatch.py": "python/dispatch.py.jinja",
    "events.py": "python/events.py.jinja",
}


class PythonTarget:
    """Frozen classes with specialised decoders, TypedDicts, parse_event and dispatchers."""

    name = "python"
    requires: tuple[str, ...] = ()
    hints = HintShapes(
        catalogue=Record(optional={"package": Text()}),
        field=Record(
            optional={
                "name": Text(),
                "bytes_helper": Text(),
                "from_bytes": Text(),
                "type_accessor": Text(),
            }
        ),
    )
    formatters: Mapping[str, Formatter] = {".py": format.python, ".typed": format.text}

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        view, diagnostics = build(catalogue)
        if diagnostics:
            return Output(view.package, {}, tuple(diagnostics))
        context = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
        context["primary_names"] = {c.name for c in (*view.primary_types, *view.primary_events)}
        files = {path: render(template, **context) for path, template in TEMPLATES.items()}
        subpackages = [p.folder.rstrip("/") for p in view.protocols if p.folder]
        for protocol in view.protocols:
            for path, template in PROTOCOL_TEMPLATES.items():
                files[protocol.folder + path] = render(
                    template,
                    protocol=protocol,
                    subpackages=[] if protocol.folder else subpackages,
                    **context,
                )
        for module in view.modules:
            files[f"models/{module.name}.py"] = render(
                "python/models_module.py.jinja", module=module, **context
            )
        for name in RUNTIME_MODULES:
            source = (RUNTIME / name).read_text(encoding="utf-8")
            header = (
                f"# Copied by codegen from codegen/targets/python/runtime/{name}. Do not edit.\n"
                '# mypy: disable-error-code="deprecated"\n'
                "# pyright: reportDeprecated=false"
            )
            files[name] = f"{header}\n{source}"
        return Output(view.package, files, docs=build_docs(view, catalogue))


TARGET = PythonTarget()
