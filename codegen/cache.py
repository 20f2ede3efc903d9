"""A content-addressed cache for the generator's costly, pure steps, kept outside the repository.

A step whose result depends only on its inputs (ruff over one file's text, datamodel-code-generator
over a JSON Schema document, PyYAML's emitter over a document) is looked up by a SHA-256 of
everything it depends on: the input text, the tool's version, its options and the code that
drives it. Regenerating after no change, or after an edit to one event, then reruns only the steps
whose inputs changed; the output is byte-identical either way (the tests prove it by generating
with and without the cache).

Where: `$REALTIME_EVENTS_CACHE` if set (`off` turns caching off), else
`$XDG_CACHE_HOME/realtime-events-codegen`, else `~/.cache/realtime-events-codegen`. Entries are
written atomically and the oldest are dropped past `MAX_ENTRIES` per kind of step; a cache that
cannot be read or written is skipped, never an error.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

ENVIRONMENT = "REALTIME_EVENTS_CACHE"
OFF = "off"
MAX_ENTRIES = 2000  # per kind of step; about the outputs of a few dozen full generations

_pruned: set[str] = set()


def directory() -> Path | None:
    """Where entries live, or None when caching is off."""
    setting = os.environ.get(ENVIRONMENT, "")
    if setting.lower() == OFF:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "realtime-events-codegen"


def key(*parts: str | bytes) -> str:
    """The SHA-256 of `parts`, each length-prefixed so that no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@cache
def tool_version(distribution: str) -> str:
    """The installed version of a pinned tool, part of the key of every step it runs."""
    return metadata.version(distribution)


@cache
def source_of(module_file: str) -> bytes:
    """The text of one of our modules: a step keyed by it is recomputed after the code changes."""
    return Path(module_file).read_bytes()


def lookup(kind: str, entry_key: str) -> str | None:
    root = directory()
    if root is None:
        return None
    path = root / kind / entry_key[:2] / entry_key
    try:
        text = path.read_bytes().decode("utf-8")
        os.utime(path)  # recently used: pruned last
    except (OSError, UnicodeDecodeError):
        return None
    return text


def store(kind: str, entry_key: str, text: str) -> None:
    root = directory()
    if root is None:
        return
    folder = root / kind / entry_key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, scratch = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.replace(scratch, folder / entry_key)
    except OSError:
        return
    if kind not in _pruned:  # once per kind and process: a listing costs more than a lookup
        _pruned.add(kind)
        _prune(root / kind)


def cached(kind: str, entry_key: str, compute: Callable[[], str]) -> str:
    """The stored result for `entry_key`, or `compute()`, stored for next time."""
    found = lookup(kind, entry_key)
    if found is not None:
        return found
    result = compute()
    store(kind, entry_key, result)
    return result


def cached_each(
    kind: str, keys: dict[str, str], compute: Callable[[Iterable[str]], dict[str, str]]
) -> dict[str, str]:
    """For a batch step (one ruff run over many files): `keys` maps each item to its key; only
    the items without a stored result go to `compute`, in one call."""
    results: dict[str, str] = {}
    for item, entry_key in keys.items():
        found = lookup(kind, entry_key)
        if found is not None:
            results[item] = found
    missing = [item for item in keys if item not in results]
    if missing:
        computed = compute(missing)
        for item in missing:
            store(kind, keys[item], computed[item])
        results.update(computed)
    return {item: results[item] for item in keys}


def _prune(folder: Path) -> None:
    """Drop the least recently used entries once a kind holds more than MAX_ENTRIES."""
    try:
        entries = [path for path in folder.glob("??/*") if not path.name.startswith(".")]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda path: path.stat().st_mtime)
        for path in entries[: len(entries) - MAX_ENTRIES * 4 // 5]:
            path.unlink(missing_ok=True)
    except OSError:
        return
