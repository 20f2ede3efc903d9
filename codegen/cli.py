"""Command line: `python -m codegen generate|check [--spec DIR] [--out DIR]`; exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import SpecError
from .emit import check, write
from .format import FormatError
from .pipeline import generate_tree

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "check"])
    parser.add_argument("--spec", type=Path, default=ROOT / "spec", help="spec directory")
    parser.add_argument("--out", type=Path, default=ROOT / "generated", help="output directory")
    args = parser.parse_args(argv)
    try:
        tree = generate_tree(args.spec)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)
        return 2
    except FormatError as exc:
        print(f"internal error: {exc}; nothing was written.", file=sys.stderr)
        return 3
    if args.command == "generate":
        changed = write(tree.files, args.out, tree.build_outputs)
        print(f"{len(tree.files)} files generated, {len(changed)} changed.")
        return 0
    drifts = check(tree.files, args.out, tree.build_outputs)
    if not drifts:
        print(f"{len(tree.files)} generated files match the spec.")
        return 0
    for drift in drifts:
        sys.stdout.write(drift.diff)
    print(f"\n{len(drifts)} files differ from what the spec yields:", file=sys.stderr)
    for drift in drifts:
        print(f"  {drift.path}", file=sys.stderr)
    print("Run `make generate` and commit the result.", file=sys.stderr)
    return 1
