"""Reading an upstream source into one `Surface` per edition (codegen/upstream/editions.py).

Three kinds of source, all JSON Schema underneath (codegen/upstream/schema.py reads that):

- `openapi`: OpenAI's OpenAPI document (JSON or YAML), its event unions under
  `components/schemas` and its webhook bodies under `webhooks`;
- `sdk`: the installed `openai` package, its event unions exported by pydantic's
  `TypeAdapter(...).json_schema()` (never its source);
- `reference`: the facts files of tests/reference/, one edition per key under `versions`.

A source that cannot be read raises `SourceError` with one line saying why.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Location
from ..surface import EventShape, ObjectShape, ProtocolShape, SideShape, Surface
from .editions import Edition, editions_of
from .schema import SchemaError, SchemaReader


class SourceError(Exception):
    """The source could not be read; the message says which and why, in one line."""


@dataclass(frozen=True, slots=True)
class EditionSurface:
    edition: Edition
    surface: Surface


@dataclass(frozen=True, slots=True)
class Source:
    kind: str  # `reference`, `openapi`, `sdk`
    label: str  # what it was read from, for messages
    editions: tuple[EditionSurface, ...]
    # The SDK writes every field that may be absent as "or null": there, null on an optional
    # field says nothing about what a server sends.
    null_unknown: bool = False


def read_source(where: str, root: Path) -> Source:
    """`sdk` (the installed openai package), a folder of facts files, or an OpenAPI document."""
    if where == "sdk":
        return read_sdk()
    path = Path(where)
    if path.is_dir():
        return read_reference(path, _shown(path, root))
    return read_openapi(path, _shown(path, root))


# --- OpenAPI -------------------------------------------------------------------------------------


def read_openapi(path: Path, shown: str, editions: tuple[Edition, ...] | None = None) -> Source:
    """The document's editions (`editions_of("openapi")` unless given another table)."""
    document = _load_document(path, shown)
    schemas = document.get("components", {}).get("schemas") if isinstance(document, dict) else None
    if not isinstance(schemas, dict):
        raise SourceError(f"{shown}: not an OpenAPI document (no components/schemas)")
    reader = SchemaReader(shown, schemas, "#/components/schemas/", "#/components/schemas")
    found: list[tuple[Edition, list[tuple[str, ObjectShape]]]] = []
    with _schema_errors(shown):
        for edition in editions_of("openapi") if editions is None else editions:
            events = _openapi_events(document, schemas, reader, edition)
            if events:
                found.append((edition, events))
    if not found:
        raise SourceError(f"{shown}: no realtime event union found (codegen/upstream/editions.py)")
    return Source("openapi", shown, tuple(_surfaces(shown, found, reader)))


def _openapi_events(
    document: Mapping[str, Any],
    schemas: Mapping[str, Any],
    reader: SchemaReader,
    edition: Edition,
) -> list[tuple[str, ObjectShape]]:
    where = edition.where
    if where == "webhooks":
        out = []
        for key, hook in (document.get("webhooks") or {}).items():
            body = (hook.get("post") or {}).get("requestBody") or {}
            schema = (body.get("content") or {}).get("application/json", {}).get("schema")
            if schema is not None:
                pointer = f"#/webhooks/{key}/post/requestBody/content/application~1json/schema"
                out += reader.event(schema, pointer, key)
        return out
    if where.endswith("*"):
        names = [name for name in schemas if name.startswith(where[:-1])]
        return [e for n in names for e in reader.event({"$ref": reader.prefix + n}, "", n)]
    if where not in schemas:
        return []
    return reader.event({"$ref": reader.prefix + where}, "", where)


def _load_document(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{shown}: no such file or folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{shown}: cannot be read ({exc})") from None
    if path.suffix == ".json" or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(
                f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
            ) from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "unreadable"
        raise SourceError(f"{shown}{at}: not valid YAML: {problem}") from None


# --- the openai package --------------------------------------------------------------------------


def read_sdk() -> Source:
    try:
        import openai
        import pydantic
    except ImportError:
        raise SourceError(
            "sdk: the openai package is not installed (pip install -r requirements-dev.txt)"
        ) from None
    label = f"openai {openai.__version__}"
    found: list[tuple[Edition, list[tuple[str, ObjectShape]]]] = []
    readers = []
    for edition in editions_of("sdk"):
        module_name, _, attribute = edition.where.partition(":")
        try:
            union = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError):
            continue  # an older package without it: its protocol is reported missing, not broken
        exported = pydantic.TypeAdapter(union).json_schema()
        schemas = exported.pop("$defs", {})
        reader = SchemaReader(f"{label} {edition.where}", schemas, "#/$defs/", "#/$defs")
        with _schema_errors(label):
            events = reader.event(exported, "", attribute)
        if edition.wire_types:
            events = [e for e in events if e[0].startswith(edition.wire_types)]
        found.append((edition, events))
        readers.append(reader)
    if not found:
        raise SourceError(f"{label}: none of its event unions could be imported")
    surfaces = [s for (e, ev), r in zip(found, readers, strict=True)
                for s in _surfaces(label, [(e, ev)], r)]  # fmt: skip
    return Source("sdk", label, tuple(surfaces), null_unknown=True)


# --- the reference facts -------------------------------------------------------------------------


def read_reference(folder: Path, shown: str) -> Source:
    surfaces = []
    files: dict[str, Any] = {}
    for edition in editions_of("reference"):
        name, _, key = edition.where.partition(":")
        if name not in files:
            files[name] = _load_document(folder / name, f"{shown}/{name}")
        versions = files[name].get("versions") if isinstance(files[name], dict) else None
        if not isinstance(versions, dict) or key not in versions:
            raise SourceError(f"{shown}/{name}: no edition '{key}' under versions")
        described = versions[key]
        pointer = f"#/versions/{key}"
        reader = SchemaReader(f"{shown}/{name}", described.get("definitions") or {},
                              "#/components/schemas/", f"{pointer}/definitions")  # fmt: skip
        events = []
        with _schema_errors(f"{shown}/{name}"):
            for wire_type, entry in (described.get("events") or {}).items():
                where = f"{pointer}/events/{wire_type}/schema"
                events += reader.event(entry["schema"], where, wire_type)
        surfaces += _surfaces(f"{shown}/{name}", [(edition, events)], reader)
    return Source("reference", shown, tuple(surfaces))


# --- surfaces ------------------------------------------------------------------------------------


def _surfaces(
    label: str,
    found: list[tuple[Edition, list[tuple[str, ObjectShape]]]],
    reader: SchemaReader,
) -> list[EditionSurface]:
    out = []
    for edition, events in found:
        shaped: dict[str, EventShape] = {}
        for wire_type, record in events:
            fields = {k: v for k, v in record.fields.items() if k != "type"}
            shaped.setdefault(
                wire_type, EventShape(wire_type, record.name, fields, record.location)
            )
        side = SideShape(edition.side, shaped, edition.where)
        protocol = ProtocolShape(edition.protocol, {edition.side: side}, Location(label, 0, 0))
        surface = Surface(label, {edition.protocol: protocol}, reader.objects)
        out.append(EditionSurface(edition, surface))
    return out


@contextmanager
def _schema_errors(label: str) -> Iterator[None]:
    """A document this reader cannot follow (a dangling `$ref`, a schema of the wrong kind) is
    the source's fault: one line naming it, no traceback."""
    try:
        yield
    except SchemaError as exc:
        raise SourceError(f"{label}: {exc}") from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise SourceError(
            f"{label}: not shaped as expected ({type(exc).__name__}: {exc})"
        ) from None


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
