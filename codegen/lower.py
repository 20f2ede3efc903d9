"""Turn the checked YAML trees into the intermediate representation (ir.py).

The only stage that parses what the spec embeds in text: type expressions (typeexpr.py) and the
JSON of examples (examples.py). It assumes validate.check_files found nothing, so every key has
the right kind of value; what it cannot parse it reports, with the place in the file.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Collection
from types import MappingProxyType
from typing import Any

from . import naming
from .diagnostics import Diagnostic, Location
from .examples import parse_example_json
from .ir import (
    Catalogue,
    Category,
    Connection,
    Direction,
    Endpoint,
    Enumeration,
    EnumType,
    Event,
    EventUnion,
    Example,
    Field,
    Hint,
    Hints,
    Lifecycle,
    ObjectType,
    Parameter,
    Presence,
    Primitive,
    PrimitiveType,
    Protocol,
    Status,
    Transport,
    TypeDecl,
    TypeExpr,
    UnionType,
    Variant,
    Version,
    dependencies,
    freeze,
)
from .load import LoadedFile, LoadedSpec, TreePath
from .since import NO_HISTORY, History, Since
from .typeexpr import BUILTIN_WORDS, TypeExprError, parse_type
from .versioning import parse as version_numbers

_PRESENCE = {True: Presence.REQUIRED, False: Presence.OPTIONAL, "expected": Presence.EXPECTED}

# The direction of an events file that names none.
DEFAULT_DIRECTION = "server"


def lower(
    spec: LoadedSpec, source: str, hint_targets: Collection[str]
) -> tuple[Catalogue, list[Diagnostic]]:
    """The catalogue, and what could not be parsed (the catalogue is not to be used then).

    `hint_targets` are the spec keys that hold a target's hints (`python`, ...).
    """
    lowering = _Lowering(hint_targets)
    return lowering.catalogue(spec, source), lowering.diagnostics


class _Lowering:
    def __init__(self, hint_targets: Collection[str]) -> None:
        self.hint_targets = sorted(hint_targets)
        self.diagnostics: list[Diagnostic] = []
        self.type_names: list[str] = []  # every declared type, for did-you-mean hints
        self.history = NO_HISTORY
        self.unreleased: str | None = None  # what no release has is new in this version

    def since(self, found: Since | None) -> tuple[str | None, str | None]:
        """The versions that added and last changed something, from the release history:
        for something no release has, the catalogue's version when that is still to be
        released; nothing when the history knows of no release, or is behind."""
        if found is not None:
            return found.added, found.changed
        return self.unreleased, self.unreleased

    def catalogue(self, spec: LoadedSpec, source: str) -> Catalogue:
        file = spec.catalogue
        root = file.data
        meta = root["catalogue"]
        self.type_names = sorted(name for f in spec.types for name in f.data["types"])
        self.history = spec.history
        self.unreleased = _unreleased(meta["version"], spec.history)
        protocols = [
            self.protocol(file, key, declared) for key, declared in root["protocols"].items()
        ]
        primary = protocols[0].key
        common = {
            (key, direction): self.fields(
                file,
                value.get("common_fields", {}),
                ("protocols", key, "directions", direction, "common_fields"),
                owner="",  # each event's own: see event()
            )
            for key, declared in root["protocols"].items()
            for direction, value in declared["directions"].items()
        }
        prefixes = {protocol.key: protocol.name for protocol in protocols}
        types: list[TypeDecl] = []
        for types_file in spec.types:
            for name, declared in types_file.data["types"].items():
                types.append(self.type(types_file, name, declared))
        events: list[Event] = []
        for events_file in spec.events:
            category = events_file.data["category"]
            protocol = events_file.data.get("protocol", primary)
            direction = events_file.data.get("direction", DEFAULT_DIRECTION)
            for wire_type, declared in events_file.data["events"].items():
                # check_files refused an undeclared protocol or direction
                fields = common[(protocol, direction)]
                events.append(
                    self.event(
                        events_file,
                        (protocol, prefixes[protocol], category, direction),
                        wire_type,
                        declared,
                        fields,
                    )
                )
        newer = {
            (e.protocol, e.direction, e.renamed_from): e.wire_type
            for e in events
            if e.renamed_from is not None
        }
        events = sorted(
            (
                dataclasses.replace(e, renamed_to=newer.get((e.protocol, e.direction, e.wire_type)))
                for e in events
            ),
            key=lambda event: event.wire_type,
        )
        types.sort(key=lambda declared: declared.name)
        by_name: dict[str, TypeDecl] = {}
        for declared in types:
            by_name.setdefault(declared.name, declared)
        return Catalogue(
            name=meta["name"],
            title=meta["title"],
            version=meta["version"],
            reference=None if meta.get("reference") is None else str(meta["reference"]),
            license=meta.get("license"),
            description=meta["description"].strip(),
            source=source,
            protocols=tuple(protocols),
            categories=tuple(
                Category(
                    key,
                    value["title"],
                    value["description"].strip(),
                    file.where(("categories", key)),
                )
                for key, value in root["categories"].items()
            ),
            types=tuple(types),
            releases=spec.history.versions,
            unions=tuple(
                EventUnion(
                    protocol=protocol.key,
                    direction=direction.key,
                    name=naming.union_name(
                        protocol.name, direction.key, alone=len(protocol.directions) == 1
                    ),
                    discriminator="type",
                    events=tuple(
                        e
                        for e in events
                        if e.protocol == protocol.key and e.direction == direction.key
                    ),
                )
                for protocol in protocols
                for direction in protocol.directions
            ),
            hints=self.hints(file, meta, ("catalogue",)),
            types_by_name=MappingProxyType(by_name),
            dependency_order=_dependency_order(by_name),
        )

    def protocol(self, file: LoadedFile, key: str, declared: dict[str, Any]) -> Protocol:
        path: TreePath = ("protocols", key)
        endpoint = declared["endpoint"]
        return Protocol(
            key=key,
            name=declared.get("name", ""),
            title=declared["title"],
            summary=declared["summary"].strip(),
            description=declared["description"].strip(),
            endpoint=Endpoint(
                transport=Transport(declared["transport"]),
                url=endpoint.get("url"),
                description=endpoint.get("description", "").strip(),
                query=_parameters(endpoint.get("query", {})),
                headers=_parameters(endpoint.get("headers", {})),
            ),
            versions=tuple(
                Version(
                    key=version,
                    title=value["title"],
                    description=value["description"].strip(),
                    headers=_parameters(value.get("headers", {})),
                    lifecycle=_lifecycle(
                        file, value["lifecycle"], (*path, "versions", version, "lifecycle")
                    ),
                )
                for version, value in declared.get("versions", {}).items()
            ),
            lifecycle=(
                _lifecycle(file, declared["lifecycle"], (*path, "lifecycle"))
                if "lifecycle" in declared
                else None
            ),
            connections=tuple(
                Connection(
                    key=connection,
                    title=value["title"],
                    description=value["description"].strip(),
                    url=value.get("url"),
                    query=_parameters(value.get("query", {})),
                    location=file.where((*path, "connections", connection)),
                )
                for connection, value in declared.get("connections", {}).items()
            ),
            directions=tuple(
                Direction(
                    direction,
                    value["title"],
                    value["description"].strip(),
                    file.where((*path, "directions", direction)),
                )
                for direction, value in declared["directions"].items()
            ),
            location=file.where(path),
        )

    def type(self, file: LoadedFile, name: str, declared: dict[str, Any]) -> TypeDecl:
        path: TreePath = ("types", name)
        group = file.data["group"]
        summary = declared["summary"].strip()
        description = declared.get("description", "").strip()
        hints = self.hints(file, declared, path)
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
                also=(
                    self.type_expr(declared["also"], file.where((*path, "also")))
                    if "also" in declared
                    else None
                ),
                group=group,
                versions=tuple(declared.get("versions", ())),
                hints=hints,
                location=file.where(path),
            )
        if declared["kind"] == "enum":
            values = (*path, "values")
            return EnumType(
                name,
                summary,
                description,
                Enumeration(
                    tuple(declared["values"]), declared.get("open", True), file.where(values)
                ),
                group,
                hints,
                file.where(path),
            )
        fields = self.fields(file, declared["fields"], (*path, "fields"), owner=name)
        versions = tuple(declared.get("versions", ()))
        return ObjectType(
            name, summary, description, fields, group, versions, hints, file.where(path)
        )

    def event(
        self,
        file: LoadedFile,
        where: tuple[str, str, str, str],  # protocol, its name prefix, category, direction
        wire_type: str,
        declared: dict[str, Any],
        common: tuple[Field, ...],
    ) -> Event:
        protocol, prefix, category, direction = where
        path: TreePath = ("events", wire_type)
        name = declared.get("name") or naming.event_name(prefix, wire_type)
        # The history keys a protocol's common fields by each event that carries them.
        common = tuple(self.field_since(f, name) for f in common)
        added_in, changed_in = self.since(self.history.event(protocol, direction, wire_type))
        versions = declared.get("versions", [])
        connections = declared.get("connections", [])
        # An example of a single-version event belongs to that version; otherwise it must say.
        default_version = versions[0] if len(versions) == 1 else ""
        examples = []
        for index, example in enumerate(declared["examples"]):
            location = file.value_locations[(*path, "examples", index, "json")]
            payload = parse_example_json(example["json"], location)
            if isinstance(payload, Diagnostic):
                self.diagnostics.append(payload)
                continue
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
            name=name,
            protocol=protocol,
            category=category,
            summary=declared["summary"].strip(),
            description=declared["description"].strip(),
            versions=tuple(versions),
            version_locations=tuple(
                file.where((*path, "versions", index)) for index in range(len(versions))
            ),
            connections=tuple(connections),
            connection_locations=tuple(
                file.where((*path, "connections", index)) for index in range(len(connections))
            ),
            fields=common + self.fields(file, declared["fields"], (*path, "fields"), owner=name),
            examples=tuple(examples),
            renamed_from=declared.get("renamed_from"),
            renamed_to=None,  # filled in once every event is read
            direction=direction,
            hints=self.hints(file, declared, path),
            location=file.where(path),
            added_in=added_in,
            changed_in=changed_in,
        )

    def fields(
        self, file: LoadedFile, fields: dict[str, Any], path: TreePath, owner: str
    ) -> tuple[Field, ...]:
        """`owner`: the neutral name of the type or event the fields belong to, under which
        the release history keys them."""
        return tuple(
            self.field(file, name, declared, (*path, name), owner)
            for name, declared in fields.items()
        )

    def field_since(self, f: Field, owner: str) -> Field:
        added_in, changed_in = self.since(self.history.field(owner, f.wire_name))
        return dataclasses.replace(f, added_in=added_in, changed_in=changed_in)

    def field(
        self, file: LoadedFile, name: str, declared: dict[str, Any], path: TreePath, owner: str
    ) -> Field:
        type_location = file.where((*path, "type"))
        added_in, changed_in = self.since(self.history.field(owner, name))
        return Field(
            wire_name=name,
            type=self.type_expr(declared["type"], type_location),
            presence=_PRESENCE[declared.get("required", False)],
            nullable=declared.get("nullable", False),
            enum=(
                Enumeration(
                    tuple(declared["enum"]), declared.get("open", True), file.where((*path, "enum"))
                )
                if "enum" in declared
                else None
            ),
            format=declared.get("format"),
            default=freeze(declared.get("default")),
            has_default="default" in declared,
            description=declared["description"].strip(),
            hints=self.hints(file, declared, path),
            location=file.where(path),
            format_location=file.where((*path, "format")) if "format" in declared else None,
            added_in=added_in,
            changed_in=changed_in,
        )

    def type_expr(self, text: str, location: Location) -> TypeExpr:
        try:
            return parse_type(text)
        except TypeExprError as exc:
            hint = _did_you_mean(exc.unknown_word, [*BUILTIN_WORDS, *self.type_names])
            self.diagnostics.append(Diagnostic(location, "E206", str(exc), hint))
            return PrimitiveType(Primitive.ANY)  # never used: the caller stops on a diagnostic

    def hints(self, file: LoadedFile, declared: dict[str, Any], path: TreePath) -> Hints:
        return Hints(
            tuple(
                Hint(target, key, freeze(value), file.where((*path, target, key)))
                for target in self.hint_targets
                for key, value in declared.get(target, {}).items()
            )
        )


def _unreleased(version: str, history: History) -> str | None:
    """`version` when it is newer than the last release the history lists (so what no release
    has is new in it); None otherwise, or without a history."""
    if not history.versions:
        return None
    if version_numbers(version) > version_numbers(history.versions[-1]):
        return version
    return None


def _did_you_mean(word: str | None, known: list[str]) -> str:
    """The known name closest to a misspelt one (case aside: `voice` finds `Voice`)."""
    if word is None:
        return ""
    by_lower = {name.lower(): name for name in reversed(known)}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1)
    return f"did you mean '{by_lower[close[0]]}'?" if close else ""


def _dependency_order(types: dict[str, TypeDecl]) -> tuple[str, ...]:
    """Every type after the types it refers to, otherwise by name; a cycle (reported by
    validate.py) is cut where it closes."""
    ordered: dict[str, None] = {}
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered or name in visiting or name not in types:
            return
        visiting.add(name)
        for dependency in dependencies(types[name]):
            visit(dependency)
        visiting.discard(name)
        ordered[name] = None

    for name in sorted(types):
        visit(name)
    return tuple(ordered)


def _parameters(declared: dict[str, Any]) -> tuple[Parameter, ...]:
    return tuple(
        Parameter(
            name=name,
            description=value["description"].strip(),
            required=value.get("required", False),
            value=value.get("value"),
        )
        for name, value in declared.items()
    )


def _lifecycle(file: LoadedFile, declared: dict[str, Any], path: TreePath) -> Lifecycle:
    since = declared.get("since")
    return Lifecycle(
        status=Status(declared["status"]),
        since=None if since is None else str(since),  # YAML reads an unquoted date as a date
        close_code=declared.get("close_code"),
        close_reason=declared.get("close_reason"),
        description=declared["description"].strip(),
        location=file.where(path),
    )
