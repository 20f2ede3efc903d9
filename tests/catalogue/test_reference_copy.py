"""The reference facts kept in tests/reference/ are exact copies of the shared originals."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers.spec_yaml import EDITION_TABLE, REFERENCES
from tests.helpers.support import REFERENCE_DIR, SEED_DIR, SHARED

SCHEMAS = tuple(path.name for path in REFERENCES)
# The published OpenAPI document's Realtime part, which `make upstream` compares with.
OPENAPI = "openapi-realtime-2026-08-21.json"
SEED_DOCUMENT = SHARED / "seed" / "realtime-server-events.md"


def test_the_copies_are_in_the_repository() -> None:
    assert SCHEMAS == (
        "realtime-server-events.schema.json",
        "realtime-client-events.schema.json",
        "realtime-translation-events.schema.json",
        "realtime-webhooks.schema.json",
        "realtime-live-events.schema.json",
    )
    for path in REFERENCES:
        assert path.parent == REFERENCE_DIR
        versions = json.loads(path.read_text(encoding="utf-8"))["versions"]
        # every list of events in the file is an edition the tests walk, in the file's order
        keys = [e.where.partition(":")[2] for e in EDITION_TABLE if e.where.startswith(path.name)]
        assert tuple(versions) == tuple(keys), path.name
    assert (REFERENCE_DIR / OPENAPI).is_file()
    seeds = sorted(p.stem for p in SEED_DIR.glob("*.json"))
    assert seeds == ["error", "response.audio.delta", "session.created"]
    for path in SEED_DIR.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["type"] == path.stem


def test_the_copies_match_the_shared_originals_byte_for_byte() -> None:
    """The one comparison that needs ../shared/; a clone on its own skips only this."""
    if not (SHARED / "reference").is_dir():
        pytest.skip(f"the shared reference is not beside the clone ({SHARED / 'reference'})")
    for name in (*SCHEMAS, OPENAPI):
        original = (SHARED / "reference" / name).read_bytes()
        assert (REFERENCE_DIR / name).read_bytes() == original, f"tests/reference/{name} differs"
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    originals = {json.loads(block)["type"]: block for block in blocks}
    copies = {p.stem: p.read_text(encoding="utf-8") for p in SEED_DIR.glob("*.json")}
    assert copies == originals
