"""How long `make generate` takes, for the real spec and for synthetic specs of growing size."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"


def generate_seconds(spec_dir: Path, runs: int) -> float:
    """Median wall time of `python -m codegen generate` for `spec_dir`, as `make generate` runs it.

    Output goes to a scratch directory, so the checked-in generated/ is never touched.
    """
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-generate-") as out:
            command = [sys.executable, "-m", "codegen", "generate", "--spec", str(spec_dir)]
            start = time.perf_counter()
            result = subprocess.run(
                [*command, "--out", out], cwd=ROOT, check=False, capture_output=True, text=True
            )
            times.append(time.perf_counter() - start)
            if result.returncode != 0:
                raise RuntimeError(f"generating {spec_dir} failed:\n{result.stderr.strip()}")
    return statistics.median(times)


def spec_event_count(spec_dir: Path) -> int:
    return sum(
        len(yaml.safe_load(path.read_text(encoding="utf-8"))["events"])
        for path in (spec_dir / "events").glob("*.yaml")
    )


def write_synthetic_spec(directory: Path, events: int) -> Path:
    """A valid spec of `events` simple events beside the real catalogue.yaml.

    Events are spread over the catalogue's categories, one file each, with a field of every
    primitive kind, a shared enum and a shared object, and one example, so each costs the
    generator about what a real one does.
    """
    spec_dir = directory / f"synthetic-{events}"
    (spec_dir / "events").mkdir(parents=True)
    (spec_dir / "types").mkdir()
    shutil.copy(SPEC / "catalogue.yaml", spec_dir / "catalogue.yaml")
    types = yaml.safe_dump(
        {"group": "synthetic", "types": SHARED_TYPES}, sort_keys=False, width=100
    )
    (spec_dir / "types" / "synthetic.yaml").write_text(types, encoding="utf-8")
    catalogue = yaml.safe_load((SPEC / "catalogue.yaml").read_text(encoding="utf-8"))
    categories = list(catalogue["categories"])
    per_category: dict[str, dict[str, object]] = {name: {} for name in categories}
    for index in range(events):
        category = categories[index % len(categories)]
        wire_type, event = _synthetic_event(category, index)
        per_category[category][wire_type] = event
    for category, declared in per_category.items():
        if declared:
            document = {"category": category, "events": declared}
            text = yaml.safe_dump(document, sort_keys=False, width=100)
            (spec_dir / "events" / f"{category}.yaml").write_text(text, encoding="utf-8")
    return spec_dir


SHARED_TYPES = {
    "SyntheticMode": {
        "kind": "enum",
        "summary": "How a synthetic event was produced.",
        "values": ["manual", "automatic"],
    },
    "SyntheticSource": {
        "kind": "object",
        "summary": "Where a synthetic event came from.",
        "fields": {
            "name": {"type": "string", "required": True, "description": "Name of the source."},
            "mode": {"type": "SyntheticMode", "description": "How it was produced."},
        },
    },
}


def _synthetic_event(category: str, index: int) -> tuple[str, dict[str, object]]:
    wire_type = f"{category}.synthetic_{index:04d}.updated"
    example = {
        "event_id": f"event_{index:021d}",
        "type": wire_type,
        "item_id": f"item_{index:04d}",
        "count": index,
        "ratio": index / 1000,
        "enabled": index % 2 == 0,
        "labels": ["alpha", "beta"],
        "note": None,
        "source": {"name": "bench", "mode": "automatic"},
    }
    event: dict[str, object] = {
        "summary": f"Synthetic event {index} for the generation benchmark.",
        "description": f"Event {index} of a generated catalogue; it exists to be counted.\n",
        "versions": ["beta"],
        "fields": {
            "item_id": {"type": "string", "required": True, "description": "An item id."},
            "count": {"type": "integer", "required": True, "description": "A counter."},
            "ratio": {"type": "number", "description": "A fraction."},
            "enabled": {"type": "boolean", "description": "A switch."},
            "labels": {"type": "list[string]", "description": "Some labels."},
            "note": {"type": "string", "nullable": True, "description": "A note or null."},
            "source": {"type": "SyntheticSource", "description": "Its origin."},
        },
        "examples": [{"title": "A synthetic payload", "json": json.dumps(example, indent=2)}],
    }
    return wire_type, event
