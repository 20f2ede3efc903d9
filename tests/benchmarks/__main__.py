"""`python -m tests.benchmarks [--quick]`: run the decode benchmark and write RESULTS.md."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# the bindings are vendored code, not an installed package: import them from generated/
sys.path.insert(0, str(ROOT / "generated"))

import argparse  # noqa: E402

from .run import main  # noqa: E402


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="smaller workload and fewer rounds (under a minute)"
    )
    parser.add_argument(
        "--package",
        type=Path,
        default=ROOT / "generated",
        help="directory holding the realtime_events package to measure (default: generated/)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path(__file__).with_name("RESULTS.md"),
        help="where to write the results (default: tests/benchmarks/RESULTS.md)",
    )
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    package_dir = arguments.package.resolve()
    sys.path.insert(0, str(package_dir))  # ahead of generated/ when another build is measured
    sys.exit(main(quick=arguments.quick, package_dir=package_dir, output=arguments.output))
