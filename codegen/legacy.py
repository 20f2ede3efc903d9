"""Older layouts of the spec, brought to today's as loaded trees, so that `codegen diff` can
read a revision of the repository from before the layout changed.

Each step recognises one layout the repository's history holds and rewrites it the way the
commit that changed the layout did by hand; a revision gets every step that applies, in order,
and says which (the replay of the history counts them). Nothing here guesses at meaning: a
step only moves what was written to where today's loader looks for it, and fills in what the
old layout could not say with what it meant then (one protocol, every version current).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from .load import LoadedFile, LoadedSpec

# What the single protocol of the first layouts was, in today's words.
FIRST_PROTOCOL = "realtime"
FIRST_PROTOCOL_TITLE = "Realtime API"
FIRST_ENDPOINT = "wss://api.openai.com/v1/realtime"
_CURRENT = {"status": "current", "description": "Served (the layout had no lifecycles)."}


def upgrade(loaded: LoadedSpec, version: str) -> tuple[LoadedSpec, tuple[str, ...]]:
    """`loaded` in today's layout, and the names of the steps that took it there; `version`
    is what a catalogue that states none is given."""
    applied = []
    for name, step in _steps(version):
        upgraded = step(loaded)
        if upgraded is not None:
            loaded = upgraded
            applied.append(name)
    return loaded, tuple(applied)


def _steps(version: str) -> list[tuple[str, Callable[[LoadedSpec], LoadedSpec | None]]]:
    return [
        ("version", lambda spec: _add_version(spec, version)),
        ("package", _package_hint),
        ("protocols", _one_protocol),
        ("group", _groups),
        ("hints", _field_hints),
    ]


def _catalogue(spec: LoadedSpec) -> tuple[dict[str, Any], dict[str, Any]] | None:
    data = spec.catalogue.data
    about = data.get("catalogue") if isinstance(data, dict) else None
    return (data, about) if isinstance(about, dict) else None


def _with_catalogue(spec: LoadedSpec, data: dict[str, Any]) -> LoadedSpec:
    return replace(spec, catalogue=replace(spec.catalogue, data=data))


def _add_version(spec: LoadedSpec, version: str) -> LoadedSpec | None:
    """Before 0.2.0 the catalogue stated no version."""
    found = _catalogue(spec)
    if found is None or "version" in found[1]:
        return None
    data, about = found
    return _with_catalogue(spec, {**data, "catalogue": {**about, "version": version}})


def _package_hint(spec: LoadedSpec) -> LoadedSpec | None:
    """`catalogue.package` became the Python target's hint, `python: {package: ...}`."""
    found = _catalogue(spec)
    if found is None or "package" not in found[1]:
        return None
    data, about = found
    moved = {key: value for key, value in about.items() if key != "package"}
    moved["python"] = {**about.get("python", {}), "package": about["package"]}
    return _with_catalogue(spec, {**data, "catalogue": moved})


def _one_protocol(spec: LoadedSpec) -> LoadedSpec | None:
    """Before protocols, the catalogue described one: its `versions`, `directions` (or, before
    directions, the server's `common_fields`) and `catalogue.asyncapi` endpoint lived at the
    top of catalogue.yaml."""
    found = _catalogue(spec)
    if found is None or "protocols" in found[0]:
        return None
    data, about = found
    rest = {
        key: value
        for key, value in data.items()
        if key not in {"versions", "directions", "common_fields"}
    }
    directions = data.get("directions") or {
        "server": {
            "title": "Server events",
            "description": "What the server sends.",
            "common_fields": data.get("common_fields") or {},
        }
    }
    endpoint: dict[str, Any] = {"url": FIRST_ENDPOINT}
    asyncapi = about.get("asyncapi")
    if isinstance(asyncapi, dict):
        host, path = asyncapi.get("host", "api.openai.com"), asyncapi.get("path", "/v1/realtime")
        endpoint = {"url": f"wss://{host}{path}"}
        if isinstance(asyncapi.get("query"), dict):
            endpoint["query"] = {
                name: {"required": True, "description": str(text)}
                for name, text in asyncapi["query"].items()
            }
    protocol: dict[str, Any] = {
        "title": FIRST_PROTOCOL_TITLE,
        "summary": str(about.get("title", FIRST_PROTOCOL_TITLE)),
        "description": str(about.get("description", FIRST_PROTOCOL_TITLE)),
        "transport": "websocket",
        "endpoint": endpoint,
        "directions": directions,
    }
    versions = data.get("versions")
    if isinstance(versions, dict) and versions:
        protocol["versions"] = {
            key: {**value, "lifecycle": dict(_CURRENT)} if isinstance(value, dict) else value
            for key, value in versions.items()
        }
    else:
        protocol["lifecycle"] = dict(_CURRENT)
    about = {key: value for key, value in about.items() if key != "asyncapi"}
    return _with_catalogue(
        spec, {**rest, "catalogue": about, "protocols": {FIRST_PROTOCOL: protocol}}
    )


def _groups(spec: LoadedSpec) -> LoadedSpec | None:
    """A types file's `group` was its file name before files named it."""
    if all(not isinstance(f.data, dict) or "group" in f.data for f in spec.types):
        return None
    types = tuple(
        replace(f, data={"group": PurePosixPath(f.path).stem, **f.data})
        if isinstance(f.data, dict) and "group" not in f.data
        else f
        for f in spec.types
    )
    return replace(spec, types=types)


_PYTHON_FIELD_KEYS = ("bytes_helper", "from_bytes")


def _field_hints(spec: LoadedSpec) -> LoadedSpec | None:
    """A field's `bytes_helper` and `from_bytes` moved under the Python target's key."""
    changed = False

    def file(loaded: LoadedFile) -> LoadedFile:
        nonlocal changed
        data = _moved_hints(loaded.data)
        if data is loaded.data:
            return loaded
        changed = True
        return replace(loaded, data=data)

    types = tuple(file(f) for f in spec.types)
    events = tuple(file(f) for f in spec.events)
    return replace(spec, types=types, events=events) if changed else None


def _moved_hints(tree: Any) -> Any:
    """`tree` with every field's Python keys under `python:`; `tree` itself when none moved."""
    if isinstance(tree, list):
        items = [_moved_hints(item) for item in tree]
        return items if any(a is not b for a, b in zip(items, tree, strict=True)) else tree
    if not isinstance(tree, dict):
        return tree
    result = {}
    for key, value in tree.items():
        if key == "fields" and isinstance(value, dict):
            fields = {name: _field(f) for name, f in value.items()}
            same = all(fields[name] is value[name] for name in value)
            result[key] = value if same else fields
        else:
            result[key] = _moved_hints(value)
    unchanged = all(result[key] is tree[key] for key in tree)
    return tree if unchanged else result


def _field(declared: Any) -> Any:
    if not isinstance(declared, dict) or not any(k in declared for k in _PYTHON_FIELD_KEYS):
        return declared
    kept = {k: v for k, v in declared.items() if k not in _PYTHON_FIELD_KEYS}
    moved = {k: declared[k] for k in _PYTHON_FIELD_KEYS if k in declared}
    kept["python"] = {**declared.get("python", {}), **moved}
    return kept
