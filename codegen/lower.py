"""Turn the checked YAML trees into the intermediate representation (ir.py).

Assumes validate.check_files found nothing: every key has the right kind of value here.
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Location
from .examples import parse_example_json
from .ir import (
    Catalogue,
    Category,
    Enumeration,
    EnumType,
    Event,
    EventUnion,
    Example,
    Field,
    ObjectType,
    Presence,
    TypeDecl,
    UnionType,
    Variant,
    Version,
)
from .load import LoadedFile, LoadedSpec, TreePath
from .typeexpr import parse_type

_PRESENCE = {True: Presence.REQUIRED, False: Presence.OPTIONAL, "expected": Presence.EXPECTED}


def lower(spec: LoadedSpec, source: str) -> tuple[Catalogue, dict[str, Location]]:
    """The catalogue, and where each category is declared (for checks on event categories)."""
    root = spec.catalogue.data
    meta = root["catalogue"]
    common = _fields(spec.catalogue, root.get("common_fields", {}), ("common_fields",))
    types: list[TypeDecl] = []
    for file in spec.types:
        for name, declared in file.data["types"].items():
            types.append(_type(file, name, declared))
    events: list[Event] = []
    for file in spec.events:
        for wire_type, declared in file.data["events"].items():
            events.append(_event(file, file.data["category"], wire_type, declared, common))
    categories = {key: spec.catalogue.where(("categories", key)) for key in root["categories"]}
    catalogue = Catalogue(
        name=meta["name"],
        title=meta["title"],
        package=meta["package"],
        description=meta["description"].strip(),
        source=source,
        versions=tuple(
            Version(key, value["title"], value["description"].strip())
            for key, value in root["versions"].items()
        ),
        categories=tuple(
            Category(key, value["title"], value["description"].strip())
            for key, value in root["categories"].items()
        ),
        types=tuple(sorted(types, key=lambda declared: declared.name)),
        union=EventUnion("type", tuple(sorted(events, key=lambda event: event.wire_type))),
    )
    return catalogue, categories


def _type(file: LoadedFile, name: str, declared: dict[str, Any]) -> TypeDecl:
    path: TreePath = ("types", name)
    summary = declared["summary"].strip()
    description = declared.get("description", "").strip()
    if declared["kind"] == "union":
        return UnionType(
            name=name,
            summary=summary,
            description=description,
            discriminator=declared.get("discriminator"),
            variants=tuple(
                Variant(value, type_name, file.where((*path, "variants", value)))
                for value, type_name in declared.get("variants", {}).items()
            ),
            untagged=declared.get("untagged"),
            also=parse_type(declared["also"]) if "also" in declared else None,
            location=file.where(path),
        )
    if declared["kind"] == "enum":
        return EnumType(
            name,
            summary,
            description,
            Enumeration(tuple(declared["values"]), declared.get("open", True)),
            file.where(path),
        )
    return ObjectType(
        name,
        summary,
        description,
        _fields(file, declared["fields"], (*path, "fields")),
        file.where(path),
    )


def _event(
    file: LoadedFile,
    category: str,
    wire_type: str,
    declared: dict[str, Any],
    common: tuple[Field, ...],
) -> Event:
    path: TreePath = ("events", wire_type)
    versions = declared["versions"]
    # An example of a single-version event belongs to that version; otherwise it must say.
    default_version = versions[0] if len(versions) == 1 else ""
    examples = []
    for index, example in enumerate(declared["examples"]):
        json_path = (*path, "examples", index, "json")
        location = file.value_locations[json_path]
        payload = parse_example_json(example["json"], location)
        assert isinstance(payload, dict), "check_files rejects examples that do not parse"
        examples.append(
            Example(
                title=example["title"],
                text=example["json"],
                payload=payload,
                abbreviated=example.get("abbreviated", False),
                version=example.get("version", default_version),
                location=location,
            )
        )
    return Event(
        wire_type=wire_type,
        category=category,
        summary=declared["summary"].strip(),
        description=declared["description"].strip(),
        versions=tuple(declared["versions"]),
        fields=common + _fields(file, declared["fields"], (*path, "fields")),
        examples=tuple(examples),
        renamed_from=declared.get("renamed_from"),
        class_name_override=declared.get("class_name"),
        location=file.where(path),
    )


def _fields(file: LoadedFile, fields: dict[str, Any], path: TreePath) -> tuple[Field, ...]:
    return tuple(
        Field(
            wire_name=name,
            type=parse_type(declared["type"]),
            presence=_PRESENCE[declared.get("required", False)],
            nullable=declared.get("nullable", False),
            enum=(
                Enumeration(tuple(declared["enum"]), declared.get("open", True))
                if "enum" in declared
                else None
            ),
            format=declared.get("format"),
            bytes_helper=declared.get("bytes_helper"),
            default=declared.get("default"),
            has_default="default" in declared,
            description=declared["description"].strip(),
            name_override=declared.get("python_name"),
            location=file.where((*path, name)),
        )
        for name, declared in fields.items()
    )
