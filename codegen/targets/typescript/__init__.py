"""The TypeScript target: an npm package of interfaces, checking decoders and a typed dispatcher.

view.py turns the IR into what the templates under templates/typescript/ print; runtime/ holds
the fixed modules (real TypeScript, type-checked where they live) copied into every package.
The package is built with the pinned compiler into `dist/`, which generation leaves alone.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ... import format
from ...format import Formatter
from ...ir import Catalogue
from ...render import render
from ...schema import HintShapes
from ..base import Output
from .docs import build_docs
from .view import PackageView, build

RUNTIME = Path(__file__).parent / "runtime"
# Fixed modules, copied as they are (after one header line).
RUNTIME_MODULES = ("runtime.ts", "dispatch.ts", "unknown_fields.ts")
# Directories the package's build writes, or its users' npm: not generated, never drift.
BUILD_DIRS = ("dist", "node_modules")

# Compiler settings for the package: strict, ES modules for Node and bundlers, with declarations.
COMPILER_OPTIONS: dict[str, Any] = {
    "target": "es2022",
    "lib": ["es2022"],
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "strict": True,
    "noUncheckedIndexedAccess": True,
    "exactOptionalPropertyTypes": True,
    "noImplicitOverride": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "noFallthroughCasesInSwitch": True,
    "declaration": True,
    "declarationMap": True,
    "sourceMap": True,
    "rootDir": "src",
    "outDir": "dist",
    "types": [],
}


class TypeScriptTarget:
    """Interfaces, decoders with the Python package's rules, parseServerEvent and dispatchers."""

    name = "typescript"
    requires: tuple[str, ...] = ()
    hints = HintShapes()
    formatters: Mapping[str, Formatter] = {
        ".ts": format.text,
        ".json": format.text,
        ".md": format.text,
    }

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        view, diagnostics = build(catalogue)
        if diagnostics:
            return Output("typescript", {}, tuple(diagnostics))
        context = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
        files = {
            "README.md": render("typescript/README.md.jinja", **context),
            "package.json": _json(package_json(view)),
            "tsconfig.json": _json({"compilerOptions": COMPILER_OPTIONS, "include": ["src"]}),
        }
        for protocol in view.protocols:
            for name in ("index", "parse", "dispatcher"):
                files[f"src/{protocol.folder}{name}.ts"] = render(
                    f"typescript/{name}.ts.jinja", protocol=protocol, **context
                )
        for module in view.modules:
            files[f"src/{module.path}"] = render(
                "typescript/module.ts.jinja", module=module, **context
            )
        for name in RUNTIME_MODULES:
            source = (RUNTIME / name).read_text(encoding="utf-8")
            header = (
                f"// Copied by codegen from codegen/targets/typescript/runtime/{name}. Do not edit."
            )
            files[f"src/{name}"] = f"{header}\n{source}"
        docs = build_docs(view, catalogue, "typescript")  # for the API reference
        return Output("typescript", files, build_dirs=BUILD_DIRS, docs=docs)


def package_json(view: PackageView) -> dict[str, Any]:
    return {
        "name": view.package,
        "version": view.version,
        "description": f"{view.title}: TypeScript types and a checking decoder",
        "type": "module",
        "main": "./dist/index.js",
        "types": "./dist/index.d.ts",
        "exports": {
            f"./{p.folder.rstrip('/')}".rstrip("/"): {
                "types": f"./dist/{p.folder}index.d.ts",
                "default": f"./dist/{p.folder}index.js",
            }
            for p in view.protocols
        },
        **({"license": view.license} if view.license else {}),
        # The compiled modules, and their sources for the source maps; `make ts-pack` builds
        # the tarball that holds them, with the README and the licence.
        "files": ["dist", "src"],
        "sideEffects": False,
        # No dependencies, not even the compiler: the repository's package.json and lock pin
        # it, and `npm run build` here finds it in the repository's node_modules.
        "scripts": {"build": "tsc -p ."},
    }


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


TARGET = TypeScriptTarget()
