"""`python -m codegen upstream SOURCE... [--format text|json|github] [--coverage]`.

SOURCE is an OpenAPI document (JSON or YAML), `sdk` (the installed openai package) or a folder
of reference facts (tests/reference/). Exit 0 when the catalogue and every source agree, apart
from what spec/reference.yaml declares; 1 on findings; 2 when it could not run (the source or
the spec could not be read), with one line saying why.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diagnostics import SpecError
from ..pipeline import compile_spec
from . import coverage
from .declared import explain, read_declarations
from .reading import read
from .report import FORMATS, SourceReport, render
from .sources import SourceError, read_reference, read_source

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen upstream", description=__doc__)
    parser.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="an OpenAPI document, `sdk`, or a facts folder"
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--spec", type=Path, default=ROOT / "spec", help="spec directory")
    parser.add_argument(
        "--coverage", action="store_true", help="also rewrite COVERAGE.md from --reference"
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=ROOT / "tests" / "reference",
        help="the folder of reference facts COVERAGE.md counts",
    )
    args = parser.parse_args(argv)
    if not args.sources and not args.coverage:
        parser.error("name at least one SOURCE (or --coverage)")
    try:
        catalogue = compile_spec(args.spec)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        print("upstream: the spec has errors; nothing was compared.", file=sys.stderr)
        return 2
    shown = _shown(args.spec / "reference.yaml")
    try:
        declarations = read_declarations(args.spec / "reference.yaml", shown)
        reports = []
        for where in args.sources:
            source = read_source(where, ROOT)
            reading = read(catalogue, source)
            explained = explain(reading, declarations, catalogue, source.kind)
            reports.append(SourceReport(source.kind, source.label, explained))
        if args.coverage:
            facts = read_reference(args.reference, _shown(args.reference))
            text = coverage.render(catalogue, read(catalogue, facts), declarations)
            target = args.spec / "COVERAGE.md"
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
                print(f"wrote {_shown(target)}", file=sys.stderr)
    except SourceError as exc:
        print(f"upstream: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        print(f"upstream: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(reports, args.format))
    return 1 if any(r.explained.findings for r in reports) else 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
