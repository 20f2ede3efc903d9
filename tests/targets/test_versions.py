"""Every artefact states the catalogue version it was generated from, so that a vendored copy, an
installed package or a downloaded document can tell which catalogue it holds."""

from __future__ import annotations

import json

import realtime_events as rt
import yaml

from tests.helpers.support import GENERATED, catalogue, import_from


def test_every_target_states_the_catalogue_version_and_reference_edition() -> None:
    spec = catalogue()
    version, reference = spec.version, spec.reference
    assert (rt.CATALOGUE_VERSION, rt.REFERENCE_EDITION) == (version, reference)
    rp = import_from(GENERATED / "pydantic", "realtime_events_pydantic")
    assert (rp.CATALOGUE_VERSION, rp.REFERENCE_EDITION) == (version, reference)
    package = json.loads((GENERATED / "typescript" / "package.json").read_text("utf-8"))
    assert package["version"] == version
    index = (GENERATED / "typescript" / "src" / "index.ts").read_text("utf-8")
    assert f'export const CATALOGUE_VERSION = "{version}";' in index
    assert f'export const REFERENCE_EDITION: string | null = "{reference}";' in index
    for path in sorted((GENERATED / "schema").glob("*.schema.json")):
        document = json.loads(path.read_text("utf-8"))
        assert document["$id"] == f"urn:{spec.name}:{version}:{path.name}"
    (asyncapi,) = (GENERATED / "asyncapi").glob("*.yaml")
    assert yaml.safe_load(asyncapi.read_text("utf-8"))["info"]["version"] == version
