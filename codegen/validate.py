"""Check a spec: first the shape of each file, then what the lowered catalogue means.

Both stages return diagnostics and never raise for a user mistake; the caller stops the pipeline
when any are returned, so nothing is generated from a spec with an error in it.
"""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from .diagnostics import Diagnostic, Location
from .examples import ExampleChecker, location_in
from .ir import (
    Catalogue,
    EnumType,
    Event,
    Field,
    ListType,
    ObjectType,
    Presence,
    Primitive,
    PrimitiveType,
    TypeExpr,
    UnionType,
    dependencies,
    referenced_types,
)
from .load import LoadedFile, LoadedSpec, TreePath
from .lower import DEFAULT_DIRECTION
from .schema import (
    TYPE_KIND_KEYS,
    AnyValue,
    Date,
    Flag,
    ListOf,
    MapOf,
    OneOf,
    Record,
    Shape,
    SpecShapes,
    Text,
    Whole,
    kind_name,
)
from .typeexpr import describe_type

# A wire type names a generated class and a docs file: dotted words, nothing else.
_WIRE_TYPE = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
# A protocol's name prefixes its names in generated code, and an event's name is one.
_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")

# --- stage 1: the shape of each file ------------------------------------------------------------


def check_files(spec: LoadedSpec, shapes: SpecShapes) -> list[Diagnostic]:
    """Keys, kinds of values and names, as written; nothing here parses a type or an example."""
    diagnostics: list[Diagnostic] = []
    _check_shape(spec.catalogue, spec.catalogue.data, shapes.catalogue_file, (), diagnostics)
    for file in spec.types:
        _check_shape(file, file.data, shapes.types_file, (), diagnostics)
    for file in spec.events:
        _check_shape(file, file.data, shapes.events_file, (), diagnostics)
    if diagnostics:
        return diagnostics
    version = spec.catalogue.data["catalogue"]["version"]
    if not _VERSION.fullmatch(version):
        diagnostics.append(
            Diagnostic(
                spec.catalogue.where(("catalogue", "version")),
                "E104",
                f"the catalogue's version '{version}' is not MAJOR.MINOR.PATCH",
                "write it as three numbers, such as 0.2.0",
            )
        )
    protocols = spec.catalogue.data["protocols"]
    for index, (key, declared) in enumerate(protocols.items()):
        _check_protocol(spec.catalogue, key, declared, primary=index == 0, diagnostics=diagnostics)
    for file in spec.types:
        for name, declared in file.data["types"].items():
            _check_type_declaration(file, name, declared, diagnostics)
    for file in spec.events:
        _check_events_file(file, protocols, diagnostics)
    return diagnostics


def _check_protocol(
    file: LoadedFile,
    key: str,
    declared: dict[str, Any],
    *,
    primary: bool,
    diagnostics: list[Diagnostic],
) -> None:
    path: TreePath = ("protocols", key)
    if not _WIRE_TYPE.fullmatch(key) or "." in key:
        diagnostics.append(
            Diagnostic(
                file.where(path),
                "E104",
                f"protocol key '{key}' may hold only letters, digits and '_'",
                "it names a module and a docs folder",
            )
        )
    if "name" in declared and not _NAME.fullmatch(declared["name"]):
        diagnostics.append(
            Diagnostic(
                file.where((*path, "name")),
                "E401",
                f"protocol name '{declared['name']}' must be PascalCase letters and digits",
                "it prefixes the protocol's names in generated code, as in 'Translation'",
            )
        )
    if not primary and "name" not in declared:
        diagnostics.append(
            Diagnostic(
                file.where(path),
                "E102",
                f"protocol '{key}' needs a 'name': the prefix of its names in generated code",
                "only the first protocol, the primary one, goes without",
            )
        )
    if "versions" in declared and "lifecycle" in declared:
        diagnostics.append(
            Diagnostic(
                file.where((*path, "lifecycle")),
                "E101",
                "a protocol with versions gives each version its lifecycle, not itself",
                "move 'lifecycle' under each version",
            )
        )
    elif "versions" not in declared and "lifecycle" not in declared:
        diagnostics.append(
            Diagnostic(
                file.where(path),
                "E102",
                f"protocol '{key}' needs a 'lifecycle' (or 'versions', each with its own)",
            )
        )
    transport = declared["transport"]
    if transport == "websocket" and "url" not in declared["endpoint"]:
        diagnostics.append(
            Diagnostic(
                file.where((*path, "endpoint")),
                "E102",
                "a WebSocket protocol's endpoint needs its 'url'",
            )
        )
    for direction_key, direction in declared["directions"].items():
        fields_path: TreePath = (*path, "directions", direction_key, "common_fields")
        _check_fields(file, direction.get("common_fields", {}), fields_path, diagnostics)


def _check_events_file(
    file: LoadedFile, protocols: dict[str, Any], diagnostics: list[Diagnostic]
) -> None:
    protocol_key = file.data.get("protocol", next(iter(protocols)))
    protocol = protocols.get(protocol_key)
    if protocol is None:
        diagnostics.append(_unknown(file, ("protocol",), "protocol", protocol_key, protocols))
        return
    directions = list(protocol["directions"])
    direction = file.data.get("direction", DEFAULT_DIRECTION)
    if direction not in directions:
        at: TreePath = ("direction",) if "direction" in file.data else ()
        diagnostics.append(
            _unknown(file, at, f"direction of protocol '{protocol_key}'", direction, directions)
        )
    versioned = "versions" in protocol
    for wire_type, event in file.data["events"].items():
        path: TreePath = ("events", wire_type)
        if not _WIRE_TYPE.fullmatch(wire_type):
            diagnostics.append(
                Diagnostic(
                    file.where(path),
                    "E104",
                    f"wire type '{wire_type}' may hold only letters, digits and '_', "
                    "in parts joined by '.'",
                    "it names a class and a docs page; use the API's own wire type",
                )
            )
        if versioned and "versions" not in event:
            diagnostics.append(
                Diagnostic(
                    file.where(path),
                    "E102",
                    f"'events.{wire_type}' needs 'versions': protocol '{protocol_key}' has "
                    f"versions ({', '.join(protocol['versions'])})",
                )
            )
        if not versioned and "versions" in event:
            diagnostics.append(
                Diagnostic(
                    file.where((*path, "versions")),
                    "E101",
                    f"protocol '{protocol_key}' has no versions to list",
                    "remove 'versions'",
                )
            )
        if "name" in event and not _NAME.fullmatch(event["name"]):
            diagnostics.append(
                Diagnostic(
                    file.where((*path, "name")),
                    "E401",
                    f"event name '{event['name']}' must be PascalCase letters and digits",
                )
            )
        _check_fields(file, event["fields"], (*path, "fields"), diagnostics)


def _unknown(file: LoadedFile, path: TreePath, what: str, value: str, known: Any) -> Diagnostic:
    names = list(known)
    close = difflib.get_close_matches(value, names, n=1)
    where = "protocols" if what == "protocol" else "the protocol's 'directions'"
    return Diagnostic(
        file.where(path),
        "E205",
        f"events file names unknown {what} '{value}'",
        f"did you mean '{close[0]}'?"
        if close
        else f"declare it under {where} in catalogue.yaml (known: {', '.join(names)})",
    )


def _check_shape(
    file: LoadedFile, value: Any, shape: Shape, path: TreePath, diagnostics: list[Diagnostic]
) -> None:
    def fail(code: str, message: str, hint: str = "", at: TreePath = path) -> None:
        diagnostics.append(Diagnostic(file.where(at), code, message, hint))

    where = _describe(path)
    if isinstance(shape, AnyValue):
        return
    if isinstance(shape, Text):
        if not isinstance(value, str):
            hint = (
                "quote the value" if isinstance(value, (bool, int, float)) or value is None else ""
            )
            fail("E103", f"{where} must be text, not {kind_name(value)}", hint)
        elif not value.strip() and not shape.allow_empty:
            fail("E103", f"{where} must not be empty")
        return
    if isinstance(shape, Flag):
        if not isinstance(value, bool) and value not in shape.also:
            allowed = ", ".join(["true", "false", *shape.also])
            fail("E103", f"{where} must be one of {allowed}, not {value!r}")
        return
    if isinstance(shape, OneOf):
        if value not in shape.choices:
            fail("E104", f"{where} must be one of {', '.join(shape.choices)}, not {value!r}")
        return
    if isinstance(shape, Whole):
        if isinstance(value, bool) or not isinstance(value, int):
            fail("E103", f"{where} must be a whole number, not {kind_name(value)}")
        return
    if isinstance(shape, Date):
        if not isinstance(value, datetime.date) and not (
            isinstance(value, str) and _DATE.fullmatch(value)
        ):
            fail("E103", f"{where} must be a date written YYYY-MM-DD, not {value!r}")
        return
    if isinstance(shape, ListOf):
        if not isinstance(value, list):
            fail("E103", f"{where} must be a list, not {kind_name(value)}")
            return
        if len(value) < shape.min_items:
            fail("E103", f"{where} needs at least {shape.min_items} entry")
        for index, item in enumerate(value):
            _check_shape(file, item, shape.item, (*path, index), diagnostics)
        return
    if not isinstance(value, dict):
        fail("E103", f"{where} must be a mapping, not {kind_name(value)}")
        return
    if isinstance(shape, MapOf):
        for key, item in value.items():
            _check_shape(file, item, shape.value, (*path, key), diagnostics)
        return
    assert isinstance(shape, Record)
    known = {**shape.required, **shape.optional}
    for key in shape.required:
        if key not in value:
            fail("E102", f"{where} is missing the key '{key}'")
    for key, item in value.items():
        if key in known:
            _check_shape(file, item, known[key], (*path, key), diagnostics)
            continue
        close = difflib.get_close_matches(key, list(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(known)}"
        fail("E101", f"unknown key '{key}' in {where}", hint, at=(*path, key))


def _describe(path: TreePath) -> str:
    if not path:
        return "the file"
    return "'" + ".".join(str(part) for part in path) + "'"


def _check_type_declaration(
    file: LoadedFile, name: str, declared: dict[str, Any], diagnostics: list[Diagnostic]
) -> None:
    path: TreePath = ("types", name)
    if not name[:1].isupper() or not name.isidentifier():
        diagnostics.append(
            Diagnostic(
                file.where(path),
                "E401",
                f"type name '{name}' must be PascalCase letters and digits",
                "rename it, for example 'RateLimit'",
            )
        )
    needed, refused = TYPE_KIND_KEYS[declared["kind"]]
    for key in sorted(needed - declared.keys()):
        diagnostics.append(
            Diagnostic(file.where(path), "E102", f"a {declared['kind']} type needs '{key}'")
        )
    for key in sorted(refused & declared.keys()):
        diagnostics.append(
            Diagnostic(
                file.where((*path, key)),
                "E101",
                f"'{key}' does not apply to a {declared['kind']} type",
                "remove it, or change 'kind'",
            )
        )
    if declared["kind"] == "union":
        _check_union_declaration(file, path, declared, diagnostics)
    if "fields" in declared:
        _check_fields(file, declared["fields"], (*path, "fields"), diagnostics)
    if "values" in declared:
        _check_unique_values(file, declared["values"], (*path, "values"), diagnostics)


def _check_union_declaration(
    file: LoadedFile, path: TreePath, declared: dict[str, Any], diagnostics: list[Diagnostic]
) -> None:
    if "variants" in declared and "discriminator" not in declared:
        diagnostics.append(
            Diagnostic(
                file.where((*path, "variants")),
                "E102",
                "a union with variants needs 'discriminator': the field that tells them apart",
            )
        )
    if not declared.get("variants") and "untagged" not in declared:
        diagnostics.append(
            Diagnostic(
                file.where(path),
                "E102",
                "a union needs 'variants' (with a 'discriminator') or an 'untagged' type",
            )
        )


def _check_fields(
    file: LoadedFile, fields: dict[str, Any], path: TreePath, diagnostics: list[Diagnostic]
) -> None:
    for name, declared in fields.items():
        field_path = (*path, name)
        if "enum" in declared:
            _check_unique_values(file, declared["enum"], (*field_path, "enum"), diagnostics)
        if "open" in declared and "enum" not in declared:
            diagnostics.append(
                Diagnostic(
                    file.where((*field_path, "open")), "E104", "'open' needs 'enum' beside it"
                )
            )


def _check_unique_values(
    file: LoadedFile, values: list[Any], path: TreePath, diagnostics: list[Diagnostic]
) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if isinstance(value, str) and value in seen:
            diagnostics.append(
                Diagnostic(
                    file.where((*path, index)), "E104", f"enum value '{value}' is listed twice"
                )
            )
        seen.add(value)


# --- stage 2: what the catalogue means ----------------------------------------------------------


def check_catalogue(catalogue: Catalogue) -> list[Diagnostic]:
    """References resolve, names are unique, types are acyclic, examples match their events."""
    declared_categories = {category.key for category in catalogue.categories}
    diagnostics: list[Diagnostic] = []
    types_by_name: dict[str, Any] = {}
    for declared in catalogue.types:
        if declared.name in types_by_name:
            first = types_by_name[declared.name].location
            diagnostics.append(
                Diagnostic(
                    declared.location,
                    "E202",
                    f"type '{declared.name}' is declared twice (first at {first})",
                    "rename or remove one of them",
                )
            )
            continue
        types_by_name[declared.name] = declared

    for declared in catalogue.types:
        if isinstance(declared, ObjectType):
            _check_references(declared.fields, types_by_name, diagnostics)
            _check_field_types(declared.fields, diagnostics)
        elif isinstance(declared, UnionType):
            _check_union(declared, types_by_name, diagnostics)
    for event in catalogue.events:
        _check_references(event.fields, types_by_name, diagnostics)
        _check_field_types(event.fields, diagnostics)
    if diagnostics:
        return diagnostics

    diagnostics.extend(_find_cycles(catalogue, types_by_name))

    first_event: dict[tuple[str, str, str], Event] = {}
    for event in catalogue.events:
        key = (event.protocol, event.direction, event.wire_type)
        if key in first_event:
            first = first_event[key].location
            diagnostics.append(
                Diagnostic(
                    event.location,
                    "E201",
                    f"duplicate event type '{event.wire_type}' (first at {first})",
                    "each wire type is declared once per protocol and side; merge the two",
                )
            )
            continue
        first_event[key] = event
        protocol = catalogue.protocol(event.protocol)
        _check_versions(event, {v.key for v in protocol.versions}, diagnostics)
        _check_connections(event, {c.key for c in protocol.connections}, diagnostics)
        if event.category not in declared_categories:
            diagnostics.append(
                Diagnostic(
                    event.location,
                    "E205",
                    f"event '{event.wire_type}' is in unknown category '{event.category}'",
                    f"declare it under 'categories' in catalogue.yaml "
                    f"(known: {', '.join(sorted(declared_categories))})",
                )
            )
    for event in catalogue.events:
        if event.renamed_from is None:
            continue
        older = first_event.get((event.protocol, event.direction, event.renamed_from))
        if older is None or older is event:
            diagnostics.append(
                Diagnostic(
                    event.location,
                    "E209",
                    f"event '{event.wire_type}' is renamed from '{event.renamed_from}', "
                    "which is not another event of the catalogue sent the same way",
                    "name the older event's wire type",
                )
            )
    diagnostics.extend(_check_type_versions(catalogue))
    diagnostics.extend(_check_names(catalogue))
    if diagnostics:
        return diagnostics
    checker = ExampleChecker(types_by_name)
    for event in catalogue.events:
        for example in event.examples:
            problems = checker.check_event(
                event, example.payload, example.abbreviated, example.version
            )
            for problem in problems:
                diagnostics.append(
                    Diagnostic(
                        location_in(example, problem.path),
                        problem.code,
                        f"example '{example.title}': {problem.message}",
                    )
                )
    return diagnostics


def _check_names(catalogue: Catalogue) -> list[Diagnostic]:
    """Every neutral name (an event's, a type's, a union of events') has one owner: targets
    derive their identifiers from them, so two owners would clash in every target."""
    owners: dict[str, tuple[str, Location]] = {}
    diagnostics: list[Diagnostic] = []

    def claim(name: str, owner: str, location: Location, hint: str) -> None:
        if name in owners:
            first, where = owners[name]
            diagnostics.append(
                Diagnostic(
                    location,
                    "E402",
                    f"{owner} is named '{name}', a name {first} already has (at {where})",
                    hint,
                )
            )
            return
        owners[name] = (owner, location)

    for declared in catalogue.types:
        claim(declared.name, f"type '{declared.name}'", declared.location, "rename one of them")
    for union in catalogue.unions:
        protocol = catalogue.protocol(union.protocol)
        where = next(d.location for d in protocol.directions if d.key == union.direction)
        claim(
            union.name,
            f"the {union.direction} events of protocol '{protocol.key}'",
            where,
            "rename the type, or change the protocol's 'name'",
        )
    for event in catalogue.events:
        claim(
            event.name,
            f"event '{event.wire_type}' of protocol '{event.protocol}'",
            event.location,
            "give the event a 'name', or rename the type",
        )
    return diagnostics


def _check_type_versions(catalogue: Catalogue) -> list[Diagnostic]:
    """A type's `versions` are versions of a protocol that has them."""
    known = {version.key for protocol in catalogue.protocols for version in protocol.versions}
    diagnostics = []
    for declared in catalogue.types:
        for version in getattr(declared, "versions", ()):
            if version not in known:
                close = difflib.get_close_matches(version, sorted(known), n=1)
                diagnostics.append(
                    Diagnostic(
                        declared.location,
                        "E205",
                        f"type '{declared.name}' names unknown version '{version}'",
                        (f"did you mean '{close[0]}'? " if close else "")
                        + f"known versions: {', '.join(sorted(known)) or 'none'}",
                    )
                )
    return diagnostics


def _check_connections(event: Event, connections: set[str], diagnostics: list[Diagnostic]) -> None:
    """The kinds of connection an event lists are its protocol's, each once."""
    seen: set[str] = set()
    for connection, location in zip(event.connections, event.connection_locations, strict=True):
        if not connections:
            diagnostics.append(
                Diagnostic(
                    location,
                    "E205",
                    f"event '{event.wire_type}' lists connection '{connection}', but protocol "
                    f"'{event.protocol}' has no kinds of connection",
                    "remove 'connections', or declare them under the protocol's 'connections'",
                )
            )
            return
        if connection not in connections:
            close = difflib.get_close_matches(connection, sorted(connections), n=1)
            diagnostics.append(
                Diagnostic(
                    location,
                    "E205",
                    f"event '{event.wire_type}' names unknown connection '{connection}'",
                    (f"did you mean '{close[0]}'? " if close else "")
                    + f"known connections: {', '.join(sorted(connections))}",
                )
            )
        elif connection in seen:
            diagnostics.append(
                Diagnostic(
                    location,
                    "E205",
                    f"event '{event.wire_type}' lists connection '{connection}' twice",
                )
            )
        seen.add(connection)


def _check_versions(event: Event, versions: set[str], diagnostics: list[Diagnostic]) -> None:
    """The event's versions are declared ones, and each has an example; a typo in the list is
    reported alone, not again through the examples that do not match it."""
    unknown = [
        (version, location)
        for version, location in zip(event.versions, event.version_locations, strict=True)
        if version not in versions
    ]
    for version, location in unknown:
        close = difflib.get_close_matches(version, sorted(versions), n=1)
        diagnostics.append(
            Diagnostic(
                location,
                "E205",
                f"event '{event.wire_type}' names unknown version '{version}'",
                (f"did you mean '{close[0]}'? " if close else "")
                + f"known versions: {', '.join(sorted(versions))}",
            )
        )
    if unknown:
        return  # its examples' versions are checked once the list is right
    if not event.versions:  # its protocol has none
        for example in event.examples:
            if example.version:
                diagnostics.append(
                    Diagnostic(
                        example.location,
                        "E307",
                        f"example '{example.title}' names version '{example.version}', but "
                        f"protocol '{event.protocol}' has no versions",
                    )
                )
        return
    for example in event.examples:
        if example.version not in event.versions:
            diagnostics.append(
                Diagnostic(
                    example.location,
                    "E307",
                    f"example '{example.title}' needs a 'version' among "
                    f"{', '.join(event.versions)}"
                    + (f", not '{example.version}'" if example.version else ""),
                )
            )
    for version in event.versions:
        if not any(ex.version == version for ex in event.examples):
            diagnostics.append(
                Diagnostic(
                    event.location,
                    "E307",
                    f"event '{event.wire_type}' has no example for version '{version}'",
                    f"add an example with 'version: {version}'",
                )
            )


def _check_references(
    fields: tuple[Field, ...], types_by_name: dict[str, Any], diagnostics: list[Diagnostic]
) -> None:
    for declared in fields:
        for name in referenced_types(declared.type):
            if name in types_by_name:
                continue
            close = difflib.get_close_matches(name, list(types_by_name), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "declare it under types/"
            diagnostics.append(
                Diagnostic(
                    declared.location,
                    "E203",
                    f"unknown type '{name}' in field '{declared.wire_name}'",
                    hint,
                )
            )


def _check_field_types(fields: tuple[Field, ...], diagnostics: list[Diagnostic]) -> None:
    """`enum` constrains strings, `format` describes a string."""
    for declared in fields:
        if declared.enum is not None and not _is_string_like(declared.type):
            diagnostics.append(
                Diagnostic(
                    declared.enum.location,
                    "E104",
                    "'enum' applies to string or list[string] fields, "
                    f"not '{describe_type(declared.type)}'",
                    "declare a named enum type, or remove 'enum'",
                )
            )
        if declared.format_location is not None and declared.type != PrimitiveType(
            Primitive.STRING
        ):
            diagnostics.append(
                Diagnostic(
                    declared.format_location,
                    "E104",
                    f"'format: {declared.format}' applies to string fields only",
                )
            )


def _is_string_like(expr: TypeExpr) -> bool:
    string = PrimitiveType(Primitive.STRING)
    return expr == string or expr == ListType(string)


def _check_union(
    union: UnionType, types_by_name: dict[str, Any], diagnostics: list[Diagnostic]
) -> None:
    found: list[Diagnostic] = []
    members = [(v.type_name, v.location) for v in union.variants]
    if union.untagged is not None:
        members.append((union.untagged, union.location))
    for name, location in members:
        declared = types_by_name.get(name)
        if declared is None:
            close = difflib.get_close_matches(name, list(types_by_name), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "declare it under types/"
            found.append(
                Diagnostic(location, "E203", f"unknown type '{name}' in union '{union.name}'", hint)
            )
        elif isinstance(declared, EnumType):
            found.append(
                Diagnostic(
                    location,
                    "E208",
                    f"union '{union.name}' lists the enum '{name}' as a member",
                    "members are object types or unions; put a string alternative under 'also'",
                )
            )
    for name in referenced_types(union.also) if union.also is not None else []:
        declared = types_by_name.get(name)
        if declared is None:
            found.append(
                Diagnostic(union.location, "E203", f"unknown type '{name}' in union '{union.name}'")
            )
        elif not isinstance(declared, EnumType):
            found.append(
                Diagnostic(
                    union.location,
                    "E208",
                    f"'also' of union '{union.name}' names '{name}', which is not an enum",
                    "objects belong under 'variants'",
                )
            )
    diagnostics.extend(found)
    if found or union.discriminator is None:
        return
    for variant in union.variants:
        for leaf in _leaf_objects(variant.type_name, types_by_name, set()):
            problem = _discriminator_problem(leaf, union.discriminator, variant.value)
            if problem:
                diagnostics.append(
                    Diagnostic(
                        variant.location,
                        "E207",
                        f"variant '{variant.value}' of union '{union.name}': {problem}",
                        f"declare '{union.discriminator}' on {leaf.name} as required: true, "
                        f"enum: [{variant.value}], open: false",
                    )
                )


def _leaf_objects(name: str, types_by_name: dict[str, Any], seen: set[str]) -> list[ObjectType]:
    """The object types a union member can decode to (a member may be a union itself)."""
    declared = types_by_name.get(name)
    if name in seen or declared is None:
        return []
    seen.add(name)
    if isinstance(declared, ObjectType):
        return [declared]
    if isinstance(declared, UnionType):
        return [
            leaf
            for member in declared.members
            for leaf in _leaf_objects(member, types_by_name, seen)
        ]
    return []


def _discriminator_problem(leaf: ObjectType, discriminator: str, value: str) -> str | None:
    field = next((f for f in leaf.fields if f.wire_name == discriminator), None)
    if field is None:
        return f"{leaf.name} does not declare '{discriminator}'"
    if field.presence is not Presence.REQUIRED or field.enum is None or field.enum.is_open:
        return f"{leaf.name}.{discriminator} must be required and a closed enum"
    if value not in field.enum.values:
        return f"{leaf.name}.{discriminator} does not list '{value}'"
    return None


def _find_cycles(catalogue: Catalogue, types_by_name: dict[str, Any]) -> list[Diagnostic]:
    """Object types may not contain themselves, directly or through other types."""
    edges: dict[str, list[str]] = {}
    for declared in catalogue.types:
        if isinstance(declared, ObjectType):
            edges[declared.name] = [n for n in dependencies(declared) if n in types_by_name]
        elif isinstance(declared, UnionType):
            edges[declared.name] = list(declared.members)
    diagnostics: list[Diagnostic] = []
    reported: set[frozenset[str]] = set()
    for start in sorted(edges):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            name, trail = stack.pop()
            for target in edges.get(name, []):
                if target == start:
                    members = frozenset(trail)
                    if members not in reported:
                        reported.add(members)
                        cycle = " -> ".join([*trail, start])
                        diagnostics.append(
                            Diagnostic(
                                types_by_name[start].location,
                                "E204",
                                f"type '{start}' refers to itself: {cycle}",
                                "types must form a tree; break the cycle with an 'object' field",
                            )
                        )
                elif target not in trail:
                    stack.append((target, [*trail, target]))
    return diagnostics
