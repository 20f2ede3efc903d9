"""The Python target's view model: IR to every identifier, annotation and expression printed.

Templates only lay these strings out. Code is built from tables keyed by IR types (a primitive's
annotation, its run-time check, the names an annotation uses), never by reading back code this
module generated.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import messages, naming
from ...diagnostics import Diagnostic, Location
from ...escape import python_docstring, python_string
from ...ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
    Event,
    Field,
    ListType,
    LiteralType,
    MapType,
    ObjectType,
    Presence,
    Primitive,
    PrimitiveType,
    Protocol,
    TypeDecl,
    TypeExpr,
    UnionType,
    accepts_null,
    dependencies,
    referenced_types,
)
from ...lifecycle import retirement, since_sentence, type_retirement
from ...unknowns import field_search
from .decoding import Decoding, decoder_name

# Names the generated package defines besides the spec's classes; a spec name may not take them.
PACKAGE_NAMES = frozenset(
    {
        "EventDecodeError",
        "MISSING",
        "Missing",
        "UnknownEvent",
        "ServerEvent",
        "ServerEventDict",
        "EVENT_TYPES",
        "parse_event",
        "Dispatcher",
        "AsyncDispatcher",
        "HandlerError",
        "FrozenInstanceError",
        "UnknownObject",
        "EVENT_VERSIONS",
        "EVENT_CATEGORIES",
        "RENAMED_EVENTS",
        "VERSIONS",
        "events_for",
        "unknown_fields",
        "UnknownField",
        "CATALOGUE_VERSION",
        "REFERENCE_EDITION",
    }
)

# The primary union's names, which the package claims for itself; another protocol's union
# is named after it (`TranslationServerEvent`).
UNION_NAMES = frozenset({"ServerEvent", "ServerEventDict"})

# Names only the package's root defines.
ROOT_NAMES = frozenset({"CATALOGUE_VERSION", "REFERENCE_EDITION"})

# Names only a protocol with versions defines.
VERSION_NAMES = frozenset({"VERSIONS", "EVENT_VERSIONS", "events_for"})

# Names only a protocol with kinds of connection defines.
CONNECTION_NAMES = frozenset({"CONNECTIONS", "EVENT_CONNECTIONS", "events_on"})

# How a spec names the Python identifiers it must choose itself (hints under the `python:` key).
NAME_HINT = "'python: {name: ...}'"
CLASS_NAME_HINT = "'name: ...'"

# Names the generated modules import for their annotations; a declared type may not take them.
IMPORTED_NAMES = frozenset(
    {"Any", "Callable", "ClassVar", "Final", "Literal", "Mapping", "TypeAlias", "TYPE_CHECKING"}
)


@dataclass(frozen=True, slots=True)
class Annotation:
    """A type annotation, and the names it uses (a field may not shadow one of them)."""

    text: str
    names: frozenset[str]

    def union(self, other: Annotation) -> Annotation:
        return Annotation(f"{self.text} | {other.text}", self.names | other.names)


def _plain(text: str, *names: str) -> Annotation:
    return Annotation(text, frozenset(names or (text,)))


# --- tables keyed by IR primitives ----------------------------------------------------------

_PRIMITIVE_ANNOTATION = {
    Primitive.STRING: _plain("str"),
    Primitive.INTEGER: _plain("int"),
    Primitive.NUMBER: _plain("float"),
    Primitive.BOOLEAN: _plain("bool"),
    Primitive.OBJECT: _plain("dict[str, Any]", "dict", "str", "Any"),
    Primitive.ANY: _plain("Any"),
}


def _only_value(f: Field) -> str | None:
    """The literal of a string field that can hold one value only (a variant's discriminator),
    so that building the object by hand does not repeat it; None for any other field."""
    one_string = f.type == PrimitiveType(Primitive.STRING) and not f.nullable
    if one_string and f.enum is not None and not f.enum.is_open and len(f.enum.values) == 1:
        return python_string(f.enum.values[0])
    return None


# --- the names users' code writes -------------------------------------------------------------


def attribute_name(f: Field) -> str:
    """A field's attribute: its `python: {name: ...}` hint, else its wire name made a Python
    name (`from` becomes `from_`)."""
    explicit = f.hints.get("python", "name")
    return str(explicit.value) if explicit else naming.python_attribute(f.wire_name)


def field_names(f: Field) -> tuple[str, ...]:
    """What code writes for a field: its attribute, and its key in the class's TypedDict."""
    return (attribute_name(f), python_string(f.wire_name))


def exported_names(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Each event's and declared type's neutral name to the names the package exports for it:
    the class or alias, and its TypedDict twin (an enum has none)."""
    names: dict[str, tuple[str, ...]] = {
        event.name: (event.name, naming.typed_dict_name(event.name)) for event in catalogue.events
    }
    for declared in catalogue.types:
        twin = () if isinstance(declared, EnumType) else (naming.typed_dict_name(declared.name),)
        names[declared.name] = (declared.name, *twin)
    return names


# --- the view -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldView:
    wire_name: str
    key: str  # the wire name as a Python string literal
    attr: str
    local: str  # the decoder's local variable
    annotation: str  # on the dataclass attribute
    dict_annotation: str  # in the TypedDict
    dict_annotation_literal: str  # the same as a string, for the functional TypedDict syntax
    default: str | None  # the constructor's default; None when the caller must give the value
    required: bool
    nullable: bool
    absent_is_none: bool  # an absent optional, non-nullable field decodes to None
    absent_is_missing: bool  # an absent optional field that may be null decodes to MISSING
    invalid: str | None  # condition under which the value has the wrong type (checked in place)
    expected: str  # what the value should be, as a literal for the error message
    convert: str | None  # expression that checks and converts the value (objects, containers)
    present_test: str | None  # condition under which to_dict writes the key; None: always
    encode: str  # the JSON value of the attribute, in to_dict
    docstring: str


@dataclass(frozen=True, slots=True)
class TypeAccessorView:
    """A method reading the `type` key of a free-form JSON object field (a Responses API event
    the bindings keep as JSON): its kind, typed, without typing the rest."""

    method: str
    attr: str
    return_annotation: str
    absent_test: str | None  # when the field may be absent or null: the condition for None
    docstring: str


@dataclass(frozen=True, slots=True)
class BytesHelperView:
    method: str
    attr: str
    return_annotation: str
    absent_test: str | None  # when the field may be absent or null: the condition for None
    docstring: str


@dataclass(frozen=True, slots=True)
class BytesFactoryView:
    """A class method that builds the object from raw bytes for a base64 field."""

    method: str
    attr: str
    others: tuple[FieldView, ...]  # every other field, as keyword arguments
    docstring: str


@dataclass(frozen=True, slots=True)
class EnumView:
    name: str
    literal: str  # `Literal["a", "b"]`
    docstring: str
    closed: bool
    checker: str  # for closed enums: the generated function that rejects other values
    values_constant: str
    values_literal: str
    expected: str


@dataclass(frozen=True, slots=True)
class ClassView:
    name: str
    dict_name: str
    decoder: str
    keys_constant: str
    keys_literal: str
    builder: str  # the mutable twin the decoder fills (see _runtime.mutable_twin)
    base_count: int  # keys always present: required fields (and `type` on events)
    docstring: str
    summary: str
    fields: tuple[FieldView, ...]
    required_fields: tuple[FieldView, ...]
    is_event: bool
    wire_type: str  # the event's wire type; empty for a nested type
    wire_type_literal: str
    wire_type_annotation_literal: str  # `"Literal['x']"`, for the functional TypedDict syntax
    dict_functional: bool  # the TypedDict needs the functional syntax (a key is not an identifier)
    dict_docstring: str
    label: str  # what error messages call the payload: the wire type or the class name
    bytes_helpers: tuple[BytesHelperView, ...]
    type_accessors: tuple[TypeAccessorView, ...]
    base64_attrs_literal: str  # frozenset of the attributes repr() shortens; empty if none
    open_fields_literal: str  # what unknown_fields() searches besides extra_fields; or empty
    bytes_factories: tuple[BytesFactoryView, ...]
    versions_literal: str  # frozenset of the event's versions
    connections_literal: str  # frozenset of the kinds of connection that carry the event
    category_literal: str
    # a type only some versions send: the frozenset of them, which its decoder requires of a
    # payload decoded for one version; empty for a type every version sends
    versions_only: str
    name_literal: str
    deprecation: str  # a string literal: why type checkers should flag the class; or empty


@dataclass(frozen=True, slots=True)
class UnionView:
    name: str
    dict_name: str
    members: str  # the alias's annotation
    dict_members: str
    decoder: str
    docstring: str
    discriminator: str  # as a literal; empty for a union without variants
    variants_constant: str
    variants: tuple[tuple[str, str], ...]  # (value literal, decoder)
    untagged_decoder: str | None
    also_invalid: str | None  # condition on `data` under which a non-object value is rejected
    also_convert: str | None  # or: the call that checks and converts it (a list, a closed enum)
    also_shape_invalid: str | None  # with also_convert: the JSON kind test that comes first
    also_expected: str


@dataclass(frozen=True, slots=True)
class EntryView:
    """One definition of a models module, in dependency order: a class or a union's decoder."""

    cls: ClassView | None
    union: UnionView | None


@dataclass(frozen=True, slots=True)
class ImportView:
    module: str  # relative to the importing module: `.session_types`, `..aliases`
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ModuleView:
    """One module of the `models` sub-package: a group of types, or a category of events."""

    name: str
    docstring: str
    runtime_imports: tuple[ImportView, ...]  # decoders and checkers of sibling modules
    annotation_imports: tuple[ImportView, ...]  # for type checkers only
    closed_enums: tuple[EnumView, ...]
    entries: tuple[EntryView, ...]
    exports: tuple[str, ...]
    event_decoders: tuple[tuple[str, str], ...]  # (wire type literal, decoder) of its events
    event_union: str  # the alias of a union that holds all its events
    has_deprecated: bool  # it defines a class of a version that is no longer served
    direction: str  # who sends its events; empty for a module of types
    protocol: str  # the protocol of its events; empty for a module of types


@dataclass(frozen=True, slots=True)
class CategoryView:
    key: str
    key_literal: str
    alias: str  # `AnyResponseEvent`
    members: str
    events: tuple[str, ...]  # class names


@dataclass(frozen=True, slots=True)
class RenameView:
    new_class: str
    old_class: str
    new_literal: str
    old_literal: str


@dataclass(frozen=True, slots=True)
class ConnectionDispatchersView:
    """The dispatchers of one kind of connection (`SidebandDispatcher`): typed for, and
    routing, only the server events that kind carries."""

    key_literal: str
    title: str
    sync: str  # `SidebandDispatcher`
    asynchronous: str  # `AsyncSidebandDispatcher`
    table: str  # its private EventTable
    events: tuple[ClassView, ...]
    renames: tuple[RenameView, ...]


@dataclass(frozen=True, slots=True)
class DirectionView:
    """The names one side's events go by: the primary side's (a server's) are unprefixed."""

    key: str
    union: str  # `ServerEvent`, `ClientEvent`
    dict_union: str  # `ServerEventDict`
    types_constant: str  # `EVENT_TYPES`, `CLIENT_EVENT_TYPES`
    decoders_constant: str  # `EVENT_DECODERS` (private to events.py)
    versions_constant: str  # `EVENT_VERSIONS`, or a private table for another side
    connections_constant: str  # `EVENT_CONNECTIONS`, or a private table for another side
    parser: str  # `parse_event`, `parse_client_event`
    parser_docstring: str  # as a string literal
    events: tuple[ClassView, ...]
    # (module, local name) of each models module's DECODERS table, the module relative to the
    # protocol's package
    event_tables: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ProtocolView:
    """One protocol's entry points: the package itself for the primary protocol, a
    sub-package (`realtime_events.translation`) for each other one, with the same API."""

    key: str
    folder: str  # where its modules go in the package: "" or "translation/"
    up: str  # the package root relative to its modules: "." or ".."
    docstring: str
    events_docstring: str  # of its events module
    title: str
    primary_protocol: bool
    enums: tuple[EnumView, ...]  # the enums, types and unions its events use, exported
    types: tuple[ClassView, ...]
    unions: tuple[UnionView, ...]
    events: tuple[ClassView, ...]  # of every direction
    class_imports: tuple[ImportView, ...]  # its events and types, relative to its package
    directions: tuple[DirectionView, ...]
    primary: DirectionView  # the first direction: its events are what the dispatchers route
    categories: tuple[CategoryView, ...]
    overload_categories: bool  # typing needs at least two overloads; one category needs none
    renames: tuple[RenameView, ...]
    has_versions: bool
    versions_literal: str  # tuple of every version key
    has_connections: bool
    connections_literal: str  # tuple of every kind of connection's key
    connection_dispatchers: tuple[ConnectionDispatchersView, ...]
    exports: tuple[str, ...]  # names its __init__ exports, sorted


@dataclass(frozen=True, slots=True)
class PackageView:
    header: str
    package: str
    title: str
    version_literal: str  # the catalogue's version, as a string literal
    reference_literal: str  # the API reference edition it was checked against, or None
    package_docstring: str
    enums: tuple[EnumView, ...]  # of the whole catalogue (aliases.py and dicts.py hold all)
    types: tuple[ClassView, ...]
    unions: tuple[UnionView, ...]  # dependencies first
    events: tuple[ClassView, ...]  # of every protocol and direction
    directions: tuple[DirectionView, ...]  # of every protocol
    alias_imports: tuple[ImportView, ...]  # what aliases.py imports, relative to the package
    modules: tuple[ModuleView, ...]
    primary_modules: tuple[ModuleView, ...]  # what models/__init__ imports: the primary's
    primary_types: tuple[ClassView, ...]  # and the classes it exports
    primary_events: tuple[ClassView, ...]
    protocols: tuple[ProtocolView, ...]  # the primary first


def build(catalogue: Catalogue) -> tuple[PackageView, list[Diagnostic]]:
    builder = _Builder(catalogue)
    view = builder.package()
    return view, builder.diagnostics


class _Builder:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.types = catalogue.types_by_name
        self.diagnostics: list[Diagnostic] = []
        package = catalogue.hints.get("python", "package")
        self.package_name = str(package.value) if package else naming.python_package(catalogue.name)
        name = self.package_name
        if package and not (naming.is_python_name(name) and name.isascii()):
            self.error(
                package.location,
                "E401",
                f"the package name '{name}' cannot be imported",
                "use a Python identifier that is not a keyword: lowercase words joined by _",
            )
        self.module_of_type, self.groups_of = _type_modules(catalogue)
        self.module_of_class: dict[str, str] = {}  # every class's module in models/
        self.primary_classes: set[str] = set()  # those models/__init__ imports
        # Checkers of closed enums, by the module that defines them.
        self.checkers: dict[str, dict[str, EnumView]] = {}
        self.decoding = Decoding(self.types, self.named_enum_checker, self.inline_enum_checker)

    def package(self) -> PackageView:
        ordered = [self.types[name] for name in self.catalogue.dependency_order]
        declared_enums = [d for d in self.catalogue.types if isinstance(d, EnumType)]
        enums = {d.name: self.enum(d) for d in declared_enums}
        for declared in declared_enums:
            if enums[declared.name].closed:
                module = self.module_of_type[declared.name]
                self.checkers.setdefault(module, {})[declared.name] = enums[declared.name]
        classes = {d.name: self.object_class(d) for d in ordered if isinstance(d, ObjectType)}
        unions = {d.name: self.union(d) for d in ordered if isinstance(d, UnionType)}
        events = tuple(self.event_class(event) for event in self.catalogue.events)
        modules = self.modules(ordered, classes, unions, events)
        primary_key = self.catalogue.primary.key
        self.primary_classes = {
            *self.catalogue.types_used_by(primary_key),
            *(e.name for e in self.catalogue.events if e.protocol == primary_key),
        }
        protocols = tuple(
            self.protocol_view(protocol, enums, classes, unions, events, modules)
            for protocol in self.catalogue.protocols
        )
        primary = protocols[0]
        primary_names = {c.name for c in (*primary.types, *primary.events)}
        primary_modules = tuple(
            m for m in modules if any(name in primary_names for name in m.exports)
        )
        by_name = sorted(classes.values(), key=lambda view: view.name)
        return PackageView(
            header=f"# Generated by codegen from {self.catalogue.source}/. Do not edit.\n"
            # The package handles the shapes of retired versions on purpose; type checkers
            # report a user's own uses of their classes, not these.
            '# mypy: disable-error-code="deprecated"\n'
            "# pyright: reportDeprecated=false",
            package=self.package_name,
            title=self.catalogue.title,
            version_literal=python_string(self.catalogue.version),
            reference_literal=(
                python_string(self.catalogue.reference) if self.catalogue.reference else "None"
            ),
            package_docstring=primary.docstring,
            enums=tuple(enums.values()),
            types=tuple(by_name),
            unions=tuple(unions.values()),
            events=events,
            directions=tuple(d for p in protocols for d in p.directions),
            alias_imports=self.class_imports(".", tuple(by_name)),
            modules=modules,
            primary_modules=primary_modules,
            primary_types=primary.types,
            primary_events=primary.events,
            protocols=protocols,
        )

    def protocol_view(
        self,
        protocol: Protocol,
        enums: dict[str, EnumView],
        classes: dict[str, ClassView],
        unions: dict[str, UnionView],
        events: tuple[ClassView, ...],
        modules: tuple[ModuleView, ...],
    ) -> ProtocolView:
        primary_protocol = protocol.key == self.catalogue.primary.key
        folder = "" if primary_protocol else naming.python_module(protocol.key) + "/"
        up = "." if primary_protocol else ".."
        mine = tuple(
            view
            for event, view in zip(self.catalogue.events, events, strict=True)
            if event.protocol == protocol.key
        )
        used = self.catalogue.types_used_by(protocol.key)
        types = tuple(sorted((classes[n] for n in used if n in classes), key=lambda v: v.name))
        own_unions = tuple(u for name, u in unions.items() if name in used)
        own_enums = tuple(e for name, e in enums.items() if name in used)
        categories = self.categories(protocol, events)
        renames = self.renames(protocol)
        directions = self.directions(protocol, events, modules, up)
        kinds = self.connection_dispatchers(protocol, directions[0], renames)
        self.check_unique_names(protocol, mine, categories, directions)
        exports = sorted(
            {*(PACKAGE_NAMES - UNION_NAMES), *(e.name for e in own_enums), *(c.name for c in types)}
            | {c.name for c in mine}
            | {c.dict_name for c in (*types, *mine)}
            | {u.name for u in own_unions}
            | {u.dict_name for u in own_unions}
            | {c.alias for c in categories}
            | {name for d in directions for name in (d.union, d.dict_union, d.types_constant)}
            | {d.parser for d in directions}
            | (CONNECTION_NAMES if protocol.connections else set())
            | {name for kind in kinds for name in (kind.sync, kind.asynchronous)}
        )
        if not protocol.versions:
            exports = [name for name in exports if name not in VERSION_NAMES]
        if not primary_protocol:  # the package's own facts are the package root's
            exports = [name for name in exports if name not in ROOT_NAMES]
        title = self.catalogue.title if primary_protocol else protocol.title
        return ProtocolView(
            key=protocol.key,
            folder=folder,
            up=up,
            docstring=python_docstring(
                f"{title}: typed, standard-library-only bindings.\n\n"
                + ("" if primary_protocol else f"{protocol.summary}\n\n")
                + "Decode a message with `parse_event`, route it with `Dispatcher` or "
                "`AsyncDispatcher`.",
                "",
            ),
            events_docstring=python_docstring(
                "The event unions, the wire-type registries and the functions that decode the "
                f"events of the {protocol.title}.",
                "",
            ),
            title=protocol.title,
            primary_protocol=primary_protocol,
            enums=own_enums,
            types=types,
            unions=own_unions,
            events=mine,
            class_imports=self.class_imports(up, (*types, *mine)),
            directions=directions,
            primary=directions[0],
            categories=categories,
            overload_categories=len(categories) > 1,
            renames=renames,
            has_versions=bool(protocol.versions),
            versions_literal="("
            + "".join(python_string(v.key) + ", " for v in protocol.versions)
            + ")",
            has_connections=bool(protocol.connections),
            connection_dispatchers=kinds,
            connections_literal="("
            + "".join(python_string(c.key) + ", " for c in protocol.connections)
            + ")",
            exports=tuple(exports),
        )

    def class_imports(self, up: str, views: tuple[ClassView, ...]) -> tuple[ImportView, ...]:
        """Where to import each class from, relative to a package (`up` is the root): the
        models package for the primary protocol's classes, which it imports anyway, their own
        modules for the others' (importing them must not load the primary's modules only)."""
        by_module: dict[str, set[str]] = {}
        for view in views:
            if view.name in self.primary_classes:
                module = f"{up}models"
            else:
                module = f"{up}models.{self.module_of_class[view.name]}"
            by_module.setdefault(module, set()).add(view.name)
        return _imports(by_module)

    # --- modules ----------------------------------------------------------------------------

    def modules(
        self,
        ordered: list[TypeDecl],
        classes: dict[str, ClassView],
        unions: dict[str, UnionView],
        events: tuple[ClassView, ...],
    ) -> tuple[ModuleView, ...]:
        """Types grouped as the spec files group them, events by category; each class beside
        its decoder, and every definition after the ones its import-time code uses."""
        layout: dict[str, list[tuple[EntryView, list[Field], str]]] = {}
        for declared in ordered:
            module = self.module_of_type[declared.name]
            if isinstance(declared, ObjectType):
                entry = EntryView(classes[declared.name], None)
                layout.setdefault(module, []).append((entry, list(declared.fields), declared.name))
            elif isinstance(declared, UnionType):
                entry = EntryView(None, unions[declared.name])
                layout.setdefault(module, []).append((entry, [], declared.name))
        event_modules: dict[str, list[tuple[Event, ClassView]]] = {}
        for event, view in zip(self.catalogue.events, events, strict=True):
            module = self.event_module(event)
            event_modules.setdefault(module, []).append((event, view))
            layout.setdefault(module, []).append((EntryView(view, None), list(event.fields), ""))
        for module, entries in layout.items():
            for entry, _, _ in entries:
                if entry.cls is not None:
                    self.module_of_class[entry.cls.name] = module
        result = []
        for module in sorted(layout.keys() | self.checkers.keys(), key=_module_order):
            entries = layout.get(module, [])
            runtime: dict[str, set[str]] = {}
            annotations: dict[str, set[str]] = {}
            for entry, fields, name in entries:
                used = [t for f in fields for t in referenced_types(f.type)]
                if entry.union is not None:
                    union = self.types[name]
                    assert isinstance(union, UnionType)
                    used = list(union.members)
                    annotations.setdefault("..aliases", set()).add(union.name)
                    self.needs_runtime(module, union.also, runtime)
                for type_name in used:
                    self.needs(module, type_name, runtime, annotations)
                cls = entry.cls
                if cls is not None:
                    annotations.setdefault("..dicts", set()).add(cls.dict_name)
            wires = event_modules.get(module, [])
            event_union = self.module_union(wires[0][0]) if wires else ""
            if wires:
                first = wires[0][0]
                annotations.setdefault(self.events_module(first), set()).add(event_union)
                subject = f"the {first.direction} events of the {first.category!r} category"
                if first.protocol != self.catalogue.primary.key:
                    subject += f" of protocol {first.protocol!r}"
            else:
                groups = self.groups_of[module]
                named = ", ".join(repr(group) for group in groups)
                subject = f"the types of the group{'s' if len(groups) > 1 else ''} {named}"
            result.append(
                ModuleView(
                    name=module,
                    docstring=python_docstring(
                        f"Classes for {subject}, each followed by its decoder.", ""
                    ),
                    runtime_imports=_imports(runtime),
                    annotation_imports=_imports(annotations),
                    closed_enums=tuple(
                        sorted(self.checkers.get(module, {}).values(), key=lambda e: e.checker)
                    ),
                    entries=tuple(entry for entry, _, _ in entries),
                    exports=tuple(sorted(e.cls.name for e, _, _ in entries if e.cls is not None)),
                    event_decoders=tuple((v.wire_type_literal, v.decoder) for _, v in wires),
                    event_union=event_union,
                    has_deprecated=any(
                        e.cls is not None and e.cls.deprecation for e, _, _ in entries
                    ),
                    direction=wires[0][0].direction if wires else "",
                    protocol=wires[0][0].protocol if wires else "",
                )
            )
        return tuple(result)

    def needs(
        self,
        module: str,
        type_name: str,
        runtime: dict[str, set[str]],
        annotations: dict[str, set[str]],
    ) -> None:
        """Record what `module` imports to use the declared type `type_name`."""
        declared = self.types[type_name]
        owner = self.module_of_type[type_name]
        if isinstance(declared, ObjectType):
            if owner != module:
                annotations.setdefault("." + owner, set()).add(declared.name)
                runtime.setdefault("." + owner, set()).add(decoder_name(declared.name))
            return
        annotations.setdefault("..aliases", set()).add(declared.name)
        if isinstance(declared, UnionType) and owner != module:
            runtime.setdefault("." + owner, set()).add(decoder_name(declared.name))
        if isinstance(declared, EnumType) and not declared.enumeration.is_open and owner != module:
            checker = self.checkers[owner][declared.name].checker
            runtime.setdefault("." + owner, set()).add(checker)

    def needs_runtime(
        self, module: str, expr: TypeExpr | None, runtime: dict[str, set[str]]
    ) -> None:
        """Closed enums met through a union's `also` are checked by their owner's checker."""
        for name in referenced_types(expr) if expr is not None else []:
            declared = self.types[name]
            owner = self.module_of_type[name]
            if isinstance(declared, EnumType) and not declared.enumeration.is_open:
                if owner != module:
                    runtime.setdefault("." + owner, set()).add(self.checkers[owner][name].checker)

    def event_module(self, event: Event) -> str:
        """Events by category; a secondary direction's (the client's) in modules of their own,
        and another protocol's too, named after it."""
        name = naming.python_module(event.category)
        if event.direction != self.catalogue.unions_of(event.protocol)[0].direction:
            name += "_" + naming.python_module(event.direction)
        if event.protocol != self.catalogue.primary.key:
            name = naming.python_module(event.protocol) + "_" + name
        return name + "_events"

    def events_module(self, event: Event) -> str:
        """The events module of `event`'s protocol, relative to a models module."""
        if event.protocol == self.catalogue.primary.key:
            return "..events"
        return f"..{naming.python_module(event.protocol)}.events"

    def module_union(self, event: Event) -> str:
        """A union alias that holds every event of `event`'s module, to type its decoders."""
        protocol = self.catalogue.protocol(event.protocol)
        if event.direction == self.catalogue.unions_of(event.protocol)[0].direction:
            return _category_alias(protocol.name, event.category)
        return self.catalogue.union_of(event).name

    # --- classes ----------------------------------------------------------------------------

    def enum(self, declared: EnumType) -> EnumView:
        return self.enumeration_view(
            declared.name, declared.enumeration, declared.summary, declared.description
        )

    def enumeration_view(
        self, name: str, enumeration: Enumeration, summary: str, description: str
    ) -> EnumView:
        values = enumeration.values
        constant = "_" + naming.constant_name(name) + "_VALUES"
        return EnumView(
            name=name,
            literal="Literal[" + ", ".join(python_string(v) for v in values) + "]",
            docstring=python_docstring(_join(summary, description), ""),
            closed=not enumeration.is_open,
            checker="_check_" + naming.constant_name(name).lower(),
            values_constant=constant,
            values_literal="frozenset({" + ", ".join(python_string(v) for v in values) + "})",
            expected=python_string(messages.one_of(values)),
        )

    def union(self, declared: UnionType) -> UnionView:
        members = list(declared.members)
        python_members = [*members, "UnknownObject"] if declared.variants else list(members)
        dict_members = [self.dict_type(name) for name in members]
        also_invalid = also_convert = None
        also_expected = "object"
        if declared.also is not None:
            python_members.append(self.annotation(declared.also, None, for_dict=False).text)
            dict_members.append(self.annotation(declared.also, None, for_dict=True).text)
            module = self.module_of_type[declared.name]
            also_invalid, also_convert = self.decoding.decode(
                declared.also, None, declared.name, "data", module
            )
            also_expected = "object or " + messages.expected(declared.also, self.types)
        constant = "_" + naming.constant_name(declared.name) + "_VARIANTS"
        return UnionView(
            name=declared.name,
            dict_name=naming.typed_dict_name(declared.name),
            members=" | ".join(python_members),
            dict_members=" | ".join(dict_members),
            decoder=decoder_name(declared.name),
            docstring=python_docstring(_join(declared.summary, declared.description), ""),
            discriminator=python_string(declared.discriminator or ""),
            variants_constant=constant,
            variants=tuple(
                (python_string(v.value), decoder_name(v.type_name)) for v in declared.variants
            ),
            untagged_decoder=(
                decoder_name(declared.untagged) if declared.untagged is not None else None
            ),
            also_invalid=also_invalid,
            also_convert=also_convert,
            also_shape_invalid=(
                None
                if also_convert is None
                else "type(data) is not list"
                if isinstance(declared.also, ListType)
                else "type(data) is not str"
            ),
            also_expected=python_string(also_expected),
        )

    def dict_type(self, name: str) -> str:
        declared = self.types[name]
        if isinstance(declared, EnumType):
            return name
        return naming.typed_dict_name(name)

    def categories(
        self, protocol: Protocol, events: tuple[ClassView, ...]
    ) -> tuple[CategoryView, ...]:
        """The categories of a protocol's primary direction's events, which its dispatchers
        route."""
        primary = self.catalogue.unions_of(protocol.key)[0].direction
        views = []
        for category in self.catalogue.categories:
            members = tuple(
                view.name
                for event, view in zip(self.catalogue.events, events, strict=True)
                if event.category == category.key
                and event.direction == primary
                and event.protocol == protocol.key
            )
            if members:
                views.append(
                    CategoryView(
                        key=category.key,
                        key_literal=python_string(category.key),
                        alias=_category_alias(protocol.name, category.key),
                        members=" | ".join(members),
                        events=members,
                    )
                )
        return tuple(views)

    def directions(
        self,
        protocol: Protocol,
        events: tuple[ClassView, ...],
        modules: tuple[ModuleView, ...],
        up: str,
    ) -> tuple[DirectionView, ...]:
        views = []
        for index, union in enumerate(self.catalogue.unions_of(protocol.key)):
            if index and not union.events:
                continue  # a side the catalogue has no events of yet gets no names
            names = _DirectionNames(union.direction, primary=index == 0)
            wire_types = {event.wire_type for event in union.events}
            views.append(
                DirectionView(
                    key=union.direction,
                    union=union.name,
                    dict_union=naming.typed_dict_name(union.name),
                    types_constant=names.constant("EVENT_TYPES"),
                    decoders_constant=names.constant("EVENT_DECODERS"),
                    versions_constant=(
                        "EVENT_VERSIONS" if index == 0 else "_" + names.constant("EVENT_VERSIONS")
                    ),
                    connections_constant=(
                        "EVENT_CONNECTIONS"
                        if index == 0
                        else "_" + names.constant("EVENT_CONNECTIONS")
                    ),
                    parser=names.parser,
                    parser_docstring=python_string(
                        f"Decode one {union.direction} event of the {protocol.title} from JSON "
                        "text, JSON bytes or an already decoded mapping.\n\nReturns the typed "
                        "event, or `UnknownEvent` for a `type` the catalogue does not know for "
                        "this protocol (with `strict=True` that raises instead); it never "
                        "returns another protocol's class. Any malformed payload raises "
                        "`EventDecodeError`, a `ValueError` whose message names the event type "
                        "and the path of the bad field. `max_size` bounds the length of raw "
                        "text (in characters) or bytes before any decoding happens."
                        + (
                            " With `version=` (one of `VERSIONS`), only that version's events "
                            "and shapes are accepted: another version's wire type is unknown, "
                            "and another version's shape (a beta session in a GA payload) is "
                            "an error; without it, every version's are."
                            if protocol.versions
                            else ""
                        )
                        + (
                            " With `connection=` (one of `CONNECTIONS`), only the events that "
                            "kind of connection carries are known: another kind's wire type is "
                            "unknown."
                            if protocol.connections
                            else ""
                        )
                    ),
                    events=tuple(
                        view
                        for event, view in zip(self.catalogue.events, events, strict=True)
                        if event.protocol == protocol.key
                        and event.wire_type in wire_types
                        and event.direction == union.direction
                    ),
                    event_tables=tuple(
                        (f"{up}models.{m.name}", "_" + m.name.upper() + "_DECODERS")
                        for m in modules
                        if m.event_decoders
                        and m.direction == union.direction
                        and m.protocol == protocol.key
                    ),
                )
            )
        return tuple(views)

    def connection_dispatchers(
        self, protocol: Protocol, primary: DirectionView, renames: tuple[RenameView, ...]
    ) -> tuple[ConnectionDispatchersView, ...]:
        union = self.catalogue.unions_of(protocol.key)[0]
        carried = {e.wire_type: self.catalogue.connections_of(e) for e in union.events}
        views = []
        for connection in protocol.connections:
            on = {wire for wire, kinds in carried.items() if connection.key in kinds}
            events = tuple(cls for cls in primary.events if cls.wire_type in on)
            classes = {cls.name for cls in events}
            name = naming.pascal_words(connection.key) + "Dispatcher"
            views.append(
                ConnectionDispatchersView(
                    key_literal=python_string(connection.key),
                    title=connection.title,
                    sync=name,
                    asynchronous="Async" + name,
                    table="_" + naming.constant_name(connection.key) + "_EVENTS",
                    events=events,
                    renames=tuple(r for r in renames if {r.new_class, r.old_class} <= classes),
                )
            )
        return tuple(views)

    def renames(self, protocol: Protocol) -> tuple[RenameView, ...]:
        union = self.catalogue.unions_of(protocol.key)[0]
        names = {e.wire_type: e.name for e in union.events}
        return tuple(
            RenameView(
                new_class=names[e.wire_type],
                old_class=names[e.renamed_from],
                new_literal=python_string(e.wire_type),
                old_literal=python_string(e.renamed_from),
            )
            for e in union.events
            if e.renamed_from is not None
        )

    def object_class(self, declared: ObjectType) -> ClassView:
        return self.class_view(
            name=declared.name,
            fields=declared.fields,
            summary=declared.summary,
            description=declared.description,
            wire_type="",
            versions=(),
            category="",
            module=self.module_of_type[declared.name],
            only=declared.versions,
            deprecation=type_retirement(self.catalogue, declared, short=True),
        )

    def event_class(self, event: Event) -> ClassView:
        name = event.name
        if not naming.is_python_name(name):
            self.error(
                event.location,
                "E401",
                f"event '{event.wire_type}' would get the class name '{name}', "
                "which is not a Python identifier",
                f"set {CLASS_NAME_HINT} on the event",
            )
        for f in event.fields:
            if f.wire_name == self.catalogue.union.discriminator:
                self.error(
                    f.location,
                    "E402",
                    f"event '{event.wire_type}' declares '{f.wire_name}', which is implied",
                    "remove the field: its value is the event's key",
                )
        return self.class_view(
            name=name,
            fields=event.fields,
            summary=event.summary,
            description=event.description,
            wire_type=event.wire_type,
            versions=event.versions,
            category=event.category,
            module=self.event_module(event),
            deprecation=retirement(self.catalogue, event, short=True),
            connections=self.catalogue.connections_of(event),
            since=since_sentence(self.catalogue, event),
        )

    def class_view(
        self,
        name: str,
        fields: tuple[Field, ...],
        summary: str,
        description: str,
        wire_type: str,
        versions: tuple[str, ...],
        category: str,
        module: str,
        only: tuple[str, ...] = (),
        deprecation: str = "",
        connections: tuple[str, ...] = (),
        since: str = "",
    ) -> ClassView:
        typed = [self.field_view(name, f, module) for f in fields]
        views = tuple(view for view, _ in typed)
        helpers = tuple(self.bytes_helper(f, v) for f, v in zip(fields, views, strict=True))
        accessors = tuple(self.type_accessor(f, v) for f, v in zip(fields, views, strict=True))
        factories = [
            (f, factory)
            for f, v in zip(fields, views, strict=True)
            if (factory := self.bytes_factory(f, v, views)) is not None
        ]
        is_event = bool(wire_type)
        keys = [f.wire_name for f in fields] + (
            [self.catalogue.union.discriminator] if is_event else []
        )
        seen: dict[str, Field] = {}
        for f, view in zip(fields, views, strict=True):
            if view.attr in seen:
                self.error(
                    f.location,
                    "E402",
                    f"fields '{seen[view.attr].wire_name}' and '{f.wire_name}' of {name} "
                    f"both become the attribute '{view.attr}'",
                    f"give one of them an explicit name: {NAME_HINT}",
                )
            seen[view.attr] = f
        methods = [(f, "bytes_helper", h.method) for f, h in zip(fields, helpers, strict=True) if h]
        methods += [(f, "from_bytes", factory.method) for f, factory in factories]
        methods += [
            (f, "type_accessor", a.method) for f, a in zip(fields, accessors, strict=True) if a
        ]
        for f, hint, method in methods:
            problem = naming.python_attribute_problem(method)
            if problem is None and method in seen:
                problem = f"'{method}' is already a field of {name}"
            if problem:
                self.error(
                    f.location,
                    "E401",
                    f"{hint} of field '{f.wire_name}' of {name}: {problem}",
                    "choose another method name",
                )
        # The class body also names the class (from_dict), its TypedDict (to_dict), and what
        # the base members and helpers are annotated with: a field may shadow none of them.
        used = {"Mapping", "str", "Any", "classmethod", name, naming.typed_dict_name(name)}
        used |= {"ClassVar", "Literal"} if is_event else set()
        used |= {"bytes", "None"} if any(helpers) else set()
        for _, annotation in typed:
            used |= annotation.names
        for f, view in zip(fields, views, strict=True):
            if view.attr in used:
                self.error(
                    f.location,
                    "E401",
                    f"field '{f.wire_name}' of {name}: '{view.attr}' would shadow the type of "
                    "the same name in the class's annotations",
                    f"set {NAME_HINT} on the field to a valid, unused name",
                )
        required = tuple(v for v in views if v.required)
        # Base64 text (audio, images) is long and unreadable: repr() shows only its start.
        base64 = [view.attr for f, view in zip(fields, views, strict=True) if f.format == "base64"]
        return ClassView(
            name=name,
            dict_name=naming.typed_dict_name(name),
            decoder=decoder_name(name),
            keys_constant="_" + naming.constant_name(name) + "_KEYS",
            builder="_" + naming.constant_name(name) + "_BUILDER",
            keys_literal="frozenset({" + ", ".join(python_string(k) for k in sorted(keys)) + "})",
            base_count=len(required) + (1 if is_event else 0),
            docstring=python_docstring(_join(summary, description, since), "    "),
            summary=summary,
            fields=views,
            required_fields=required,
            is_event=is_event,
            wire_type=wire_type,
            wire_type_literal=python_string(wire_type),
            wire_type_annotation_literal=python_string(f"Literal[{python_string(wire_type)}]"),
            dict_functional=any(
                not f.wire_name.isidentifier() or f.wire_name in naming.PYTHON_KEYWORDS
                for f in fields
            ),
            label=wire_type or name,
            bytes_helpers=tuple(h for h in helpers if h is not None),
            type_accessors=tuple(a for a in accessors if a is not None),
            base64_attrs_literal=(
                "frozenset({" + ", ".join(python_string(attr) for attr in base64) + "})"
                if base64
                else ""
            ),
            open_fields_literal=self.open_fields_literal(fields, views),
            bytes_factories=tuple(factory for _, factory in factories),
            versions_literal="frozenset({" + ", ".join(python_string(v) for v in versions) + "})",
            connections_literal=(
                "frozenset({" + ", ".join(python_string(c) for c in connections) + "})"
            ),
            category_literal=python_string(category),
            versions_only=(
                "frozenset({" + ", ".join(python_string(v) for v in only) + "})" if only else ""
            ),
            name_literal=python_string(name),
            deprecation=python_string(deprecation) if deprecation else "",
            dict_docstring=python_docstring(
                f"The JSON payload of {'``' + wire_type + '``' if is_event else name}."
                + (f" {since}" if since else ""),
                "    ",
            ),
        )

    def open_fields_literal(self, fields: tuple[Field, ...], views: tuple[FieldView, ...]) -> str:
        """The fields unknown_fields() searches, as a constant tuple (free at import): each
        attribute with its wire name and the known values of its open enum, or None when only
        objects can hold something new; empty when no field can."""
        entries = []
        for f, view in zip(fields, views, strict=True):
            search = field_search(f.type, f.enum, self.types)
            if search is not None:
                known = search.known
                values = "None" if known is None else _tuple_literal(known)
                entries.append(f"({python_string(view.attr)}, {view.key}, {values})")
        return "(" + "".join(entry + ", " for entry in entries) + ")" if entries else ""

    def bytes_helper(self, f: Field, view: FieldView) -> BytesHelperView | None:
        hint = f.hints.get("python", "bytes_helper")
        if hint is None:
            return None
        if f.format != "base64":
            self.error(hint.location, "E104", "'bytes_helper' needs 'format: base64' beside it")
            return None
        absent_test = _absent_test(view)
        return BytesHelperView(
            method=str(hint.value),
            attr=view.attr,
            return_annotation="bytes | None" if absent_test else "bytes",
            absent_test=absent_test,
            docstring=python_docstring(
                f"`{f.wire_name}` decoded from base64"
                + (" (None when absent or null)." if absent_test else "."),
                "        ",
            ),
        )

    def type_accessor(self, f: Field, view: FieldView) -> TypeAccessorView | None:
        hint = f.hints.get("python", "type_accessor")
        if hint is None:
            return None
        if f.type != PrimitiveType(Primitive.OBJECT):
            self.error(hint.location, "E104", "'type_accessor' needs 'type: object' beside it")
            return None
        absent_test = _absent_test(view)
        return TypeAccessorView(
            method=str(hint.value),
            attr=view.attr,
            return_annotation="str | None",
            absent_test=absent_test,
            docstring=python_docstring(
                f"The `type` key of `{f.wire_name}`, which names its kind; None when it has "
                "none that is a string" + (" (or is absent or null)." if absent_test else "."),
                "        ",
            ),
        )

    def bytes_factory(
        self, f: Field, view: FieldView, views: tuple[FieldView, ...]
    ) -> BytesFactoryView | None:
        hint = f.hints.get("python", "from_bytes")
        if hint is None:
            return None
        if f.format != "base64":
            self.error(hint.location, "E104", "'from_bytes' needs 'format: base64' beside it")
            return None
        return BytesFactoryView(
            method=str(hint.value),
            attr=view.attr,
            others=tuple(other for other in views if other.attr != view.attr),
            docstring=python_docstring(
                f"Build it from raw bytes for `{f.wire_name}`, which this encodes in base64; "
                "every other field by keyword.",
                "        ",
            ),
        )

    def check_unique_names(
        self,
        protocol: Protocol,
        events: tuple[ClassView, ...],
        categories: tuple[CategoryView, ...],
        directions: tuple[DirectionView, ...],
    ) -> None:
        """Every top-level name of a protocol's package has one owner; a TypedDict twin clashes
        only when its class does, so only the class is reported. (Neutral names, which every
        target shares, are checked once in validate.py.)"""
        owners: dict[str, str] = {name: "the generated package" for name in PACKAGE_NAMES}
        owners.update({name: "the generated modules' imports" for name in IMPORTED_NAMES})
        for declared in self.catalogue.types:
            owner = f"type '{declared.name}'"
            if self.claim(owners, declared.name, owner, declared.location) and isinstance(
                declared, ObjectType
            ):
                self.claim(owners, naming.typed_dict_name(declared.name), owner, declared.location)
        for direction in directions[1:]:
            owner = f"direction '{direction.key}'"
            where = next(d.location for d in protocol.directions if d.key == direction.key)
            for name in (direction.union, direction.dict_union, direction.types_constant):
                self.claim(owners, name, owner, where)
        mine = [e for e in self.catalogue.events if e.protocol == protocol.key]
        for event, view in zip(mine, events, strict=True):
            owner = f"event '{event.wire_type}'"
            if self.claim(owners, view.name, owner, event.location):
                self.claim(owners, view.dict_name, owner, event.location)
        for category in categories:
            where = next(c.location for c in self.catalogue.categories if c.key == category.key)
            self.claim(owners, category.alias, f"category '{category.key}'", where)

    def claim(self, owners: dict[str, str], name: str, owner: str, location: Location) -> bool:
        """Record that `owner` generates `name`; report it and return False if another does."""
        if name in owners and owners[name] != owner:
            self.error(
                location,
                "E402",
                f"{owner} generates the name '{name}', which {owners[name]} already uses",
                f"set {CLASS_NAME_HINT} on the event, or rename the type",
            )
            return False
        owners[name] = owner
        return True

    # --- fields -----------------------------------------------------------------------------

    def field_view(self, owner: str, f: Field, module: str) -> tuple[FieldView, Annotation]:
        attr = attribute_name(f)
        problem = naming.python_attribute_problem(attr)
        if problem:
            self.error(
                f.location,
                "E401",
                f"field '{f.wire_name}' of {owner}: {problem}",
                f"set {NAME_HINT} on the field to a valid, unused name",
            )
        required = f.presence is Presence.REQUIRED
        # A field of any JSON value can hold null, so absent and null must stay apart for it too.
        nullable = f.nullable or accepts_null(f.type)
        value_annotation = self.annotation(f.type, f.enum, for_dict=False)
        dict_value = self.annotation(f.type, f.enum, for_dict=True).text
        if f.nullable:
            value_annotation = value_annotation.union(_plain("None"))
            dict_value += " | None"
        absent_is_none = not required and not nullable
        absent_is_missing = not required and nullable
        if required:
            annotation, default, present_test = value_annotation, _only_value(f), None
            dict_annotation = dict_value
        elif nullable:
            annotation, default = value_annotation.union(_plain("Missing")), "_MISSING"
            present_test = f"self.{attr} is not _MISSING"
            dict_annotation = f"NotRequired[{dict_value}]"
        else:
            annotation, default = value_annotation.union(_plain("None")), "None"
            present_test = f"self.{attr} is not None"
            dict_annotation = f"NotRequired[{dict_value}]"
        local = "f_" + attr
        enum_name = owner + naming.pascal_words(f.wire_name)
        invalid, convert = self.decoding.decode(f.type, f.enum, enum_name, local, module)
        if invalid is not None and nullable:
            invalid = f"{local} is not None and {invalid}"
        encode = self.decoding.encode(f.type, f"self.{attr}")
        if nullable and not self.decoding.encodes_as_is(f.type):
            encode = f"None if self.{attr} is None else {encode}"
        view = FieldView(
            wire_name=f.wire_name,
            key=python_string(f.wire_name),
            attr=attr,
            local=local,
            annotation=annotation.text,
            dict_annotation=dict_annotation,
            dict_annotation_literal=python_string(dict_annotation),
            default=default,
            required=required,
            nullable=nullable,
            absent_is_none=absent_is_none,
            absent_is_missing=absent_is_missing,
            invalid=invalid,
            expected=python_string(messages.expected(f.type, self.types)),
            convert=convert,
            present_test=present_test,
            encode=encode,
            docstring=python_docstring(
                _join(f.description, since_sentence(self.catalogue, f)), "    "
            ),
        )
        return view, annotation

    def annotation(self, expr: TypeExpr, enum: Enumeration | None, *, for_dict: bool) -> Annotation:
        if isinstance(expr, PrimitiveType):
            if enum is not None:
                literal = _plain(
                    "Literal[" + ", ".join(python_string(v) for v in enum.values) + "]", "Literal"
                )
                return literal.union(_plain("str")) if enum.is_open else literal
            return _PRIMITIVE_ANNOTATION[expr.primitive]
        if isinstance(expr, LiteralType):
            return _plain(f"Literal[{python_string(expr.value)}]", "Literal")
        if isinstance(expr, ChoiceType):
            options = [self.annotation(option, None, for_dict=for_dict) for option in expr.options]
            combined = options[0]
            for option in options[1:]:
                combined = combined.union(option)
            return combined
        if isinstance(expr, ListType):
            item = self.annotation(expr.item, enum, for_dict=for_dict)
            if for_dict:
                return Annotation(f"list[{item.text}]", item.names | {"list"})
            return Annotation(f"tuple[{item.text}, ...]", item.names | {"tuple"})
        if isinstance(expr, MapType):
            value = self.annotation(expr.value, enum, for_dict=for_dict)
            return Annotation(f"dict[str, {value.text}]", value.names | {"dict", "str"})
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                return _plain(declared.name).union(_plain("str"))
            return _plain(declared.name)
        return _plain(naming.typed_dict_name(declared.name) if for_dict else declared.name)

    def named_enum_checker(self, declared: EnumType) -> str:
        return self.checkers[self.module_of_type[declared.name]][declared.name].checker

    def inline_enum_checker(self, name: str, enum: Enumeration, module: str) -> str:
        view = self.enumeration_view(name, enum, "", "")
        self.checkers.setdefault(module, {})[name] = view
        return view.checker

    def error(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, code, message, hint))


def _tuple_literal(values: tuple[str, ...]) -> str:
    return "(" + "".join(python_string(value) + ", " for value in values) + ")"


def _join(*paragraphs: str) -> str:
    """Paragraphs of a docstring (a summary, a description, ...); empty ones left out."""
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _category_alias(prefix: str, category: str) -> str:
    return "Any" + prefix + naming.pascal_words(category) + "Event"


class _DirectionNames:
    """The primary direction's names are unprefixed (`parse_event`), the others' prefixed."""

    def __init__(self, key: str, *, primary: bool) -> None:
        self.key = key
        self.primary = primary
        self.union = naming.pascal_words(key) + "Event"
        self.parser = naming.python_parser(key, primary=primary)

    def constant(self, base: str) -> str:
        return (
            base
            if self.primary
            else f"{naming.constant_name(naming.pascal_words(self.key))}_{base}"
        )


def _module_order(module: str) -> tuple[bool, str]:
    return module.endswith("_events"), module


def _imports(names: dict[str, set[str]]) -> tuple[ImportView, ...]:
    return tuple(
        ImportView(module, tuple(sorted(found))) for module, found in sorted(names.items()) if found
    )


def _type_modules(catalogue: Catalogue) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each declared type's module (its spec file's group), and each module's groups.

    Groups that refer to each other (a cycle, which Python imports cannot follow) share a module.
    """
    group_of = {declared.name: declared.group for declared in catalogue.types}
    edges: dict[str, set[str]] = {group: set() for group in group_of.values()}
    for declared in catalogue.types:
        for dependency in dependencies(declared):
            if dependency in group_of and group_of[dependency] != declared.group:
                edges[declared.group].add(group_of[dependency])
    merged = {group: group for group in edges}
    for group in sorted(edges):
        for other in sorted(edges):
            if group < other and _reaches(edges, group, other) and _reaches(edges, other, group):
                merged[other] = merged[group]
    module_of = {group: naming.python_module(merged[group]) + "_types" for group in edges}
    groups_of: dict[str, list[str]] = {}
    for group in sorted(edges):
        groups_of.setdefault(module_of[group], []).append(group)
    return {name: module_of[group] for name, group in group_of.items()}, groups_of


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges[node])
    return False


def _absent_test(view: FieldView) -> str | None:
    """For a method reading a field that may be absent or null: the condition for None."""
    if view.required and not view.nullable:
        return None
    test = f"self.{view.attr} is None"
    return test + f" or self.{view.attr} is _MISSING" if view.absent_is_missing else test
