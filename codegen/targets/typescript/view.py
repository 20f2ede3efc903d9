"""The TypeScript target's view model: IR to every name, type and check the templates print.

The decoders follow the Python package's rules exactly (the agreement test holds them to it):
the same checks in the same order, so that a bad payload fails at the same path with the same
message. Types, checks and messages come from tables keyed by IR types.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ... import messages, naming
from ...diagnostics import Diagnostic, Location
from ...escape import markdown_code, markdown_inline, tsdoc_comment, typescript_string
from ...ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
    Event,
    EventUnion,
    Field,
    ListType,
    LiteralType,
    MapType,
    NamedType,
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
from ...lifecycle import changed_version, retirement, since_version, type_retirement
from ...unknowns import Shape, field_search

RUNTIME = "runtime"  # the fixed module the generated ones import their helpers from
UNKNOWNS = "unknown_fields"  # the fixed module that walks the searches modules describe

# Names the package defines besides the spec's types and each side's names (DirectionView), and
# the global names its generated modules use: a declared type or event may take none of them.
PACKAGE_NAMES = frozenset(
    {
        "ApiVersion",
        "AsyncDispatcher",
        "Dispatcher",
        "DispatcherOptions",
        "ErrorClass",
        "EventDecodeError",
        "EventDecoder",
        "HandlerError",
        "JsonObject",
        "JsonValue",
        "OnOptions",
        "ParseOptions",
        "UnknownEvent",
        "UnknownObject",
        # globals the generated modules name
        "Map",
        "Number",
        "Object",
        "ReadonlyMap",
        "ReadonlySet",
        "Record",
        "Set",
    }
)
CLASS_NAME_HINT = "'name: ...'"

# Wire names that Object.prototype also has: a plain `data[key]` would find the inherited member
# when the field is absent, so the decoder asks for an own property.
_PROTOTYPE_NAMES = frozenset(
    {
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "__proto__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    }
)

# --- tables keyed by IR primitives ----------------------------------------------------------

_PRIMITIVE_TYPE = {
    Primitive.STRING: "string",
    Primitive.INTEGER: "number",
    Primitive.NUMBER: "number",
    Primitive.BOOLEAN: "boolean",
    Primitive.OBJECT: "JsonObject",
    Primitive.ANY: "JsonValue",
}
# The runtime types a primitive's TypeScript type names.
_PRIMITIVE_TYPE_IMPORTS = {Primitive.OBJECT: "JsonObject", Primitive.ANY: "JsonValue"}
# A condition on `{v}` that holds when the value has the wrong JSON type, checked in place;
# object and any values are checked by a function instead (they are walked for depth and
# non-finite numbers, which Python's JSON reader rejects).
_PRIMITIVE_INVALID = {
    Primitive.STRING: 'typeof {v} !== "string"',
    Primitive.INTEGER: "!Number.isInteger({v})",
    Primitive.NUMBER: "!Number.isFinite({v})",
    Primitive.BOOLEAN: 'typeof {v} !== "boolean"',
}
# The same, as a condition that holds when the value is right (for choices).
_PRIMITIVE_VALID = {
    Primitive.STRING: 'typeof {v} === "string"',
    Primitive.INTEGER: "Number.isInteger({v})",
    Primitive.NUMBER: "Number.isFinite({v})",
    Primitive.BOOLEAN: 'typeof {v} === "boolean"',
    Primitive.OBJECT: "isObject({v})",
}
# The runtime function that checks one value of the primitive (list items, map values).
_PRIMITIVE_CHECKER = {
    Primitive.STRING: "expectString",
    Primitive.INTEGER: "expectInteger",
    Primitive.NUMBER: "expectNumber",
    Primitive.BOOLEAN: "expectBoolean",
    Primitive.OBJECT: "expectObject",
    Primitive.ANY: "expectJson",
}

# Closed enums with this many values or fewer are checked by comparisons, more by a Set.
_COMPARE_UP_TO = 4


# --- the view -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldView:
    property: str  # as written in the interface
    key: str  # the wire name as a string literal
    local: str  # the decoder's variable
    read: str  # the expression that reads the field from `data`
    type: str  # the property's type, `| null` included
    optional: bool
    required: bool  # absence is an error
    nullable: bool  # null passes without a check
    invalid: str | None  # condition under which the value is wrong, checked in place
    expected: str  # what the value should be, as a string literal for the message
    convert: str | None  # or: the call that checks the value (throws on a wrong one)
    doc: str


@dataclass(frozen=True, slots=True)
class CheckerView:
    """The check of a closed enumeration: values outside the list are rejected."""

    name: str  # the function
    type: str  # what it returns
    values_constant: str  # the Set, for long lists
    values: tuple[str, ...]  # string literals
    by_set: bool
    expected: str  # string literal for the message
    exported: bool


@dataclass(frozen=True, slots=True)
class SearchedFieldView:
    key: str  # string literal
    known: str  # a Set of the strings it knows (others are news), or `null`
    shape: str  # a `Shape` literal: where its objects sit


@dataclass(frozen=True, slots=True)
class SearchVariantView:
    value: str  # string literal
    search: str  # the member's search constant


@dataclass(frozen=True, slots=True)
class SearchView:
    """What `unknownFields()` walks for one type or event (see codegen/unknowns.py): an
    object's searched fields, or a union's members by discriminator value."""

    constant: str  # `responseSearch`
    fields: tuple[SearchedFieldView, ...]
    discriminator: str  # a union's, as a string literal, or `null`; empty for an object
    variants: tuple[SearchVariantView, ...]
    untagged: str  # a union's untagged member's search constant, or empty


@dataclass(frozen=True, slots=True)
class ObjectView:
    name: str
    doc: str
    fields: tuple[FieldView, ...]
    required_fields: tuple[FieldView, ...]
    decoder: str
    keys_constant: str
    keys: tuple[str, ...]  # string literals of every known key
    base_count: int  # keys always present: required fields (and `type` on events)
    is_event: bool
    wire_type: str  # string literal; empty for an object type
    versions_only: tuple[str, ...]  # string literals: the versions that alone send the type
    name_literal: str
    search: SearchView


@dataclass(frozen=True, slots=True)
class VariantView:
    value: str  # string literal
    decoder: str


@dataclass(frozen=True, slots=True)
class UnionView:
    name: str
    doc: str
    members: tuple[str, ...]  # the alias's members
    decoder: str
    discriminator: str  # string literal; empty without variants
    variants: tuple[VariantView, ...]
    unknown: str  # the type of a kind it does not know (with variants only)
    untagged_decoder: str | None
    also_invalid: str | None  # condition on `data` under which a non-object is rejected
    also_convert: str | None  # or: the call that checks and returns it
    also_shape_invalid: str | None  # with also_convert: the kind test that comes first
    also_expected: str  # string literal
    search: SearchView


@dataclass(frozen=True, slots=True)
class EnumView:
    name: str
    doc: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParamFieldView:
    property: str
    optional: bool
    type: str
    doc: str


@dataclass(frozen=True, slots=True)
class ParamView:
    """The type a client writes for an object it sends (`SessionUpdateEventParam`): the read
    type's shape without `UnknownObject` among its unions' members, so that an object literal is
    checked for excess properties and a misspelt key does not compile. Where the read type has
    no such union inside, the param type is an alias of it."""

    name: str
    doc: str
    alias_of: str  # the read type, when the param type is the same; else empty
    fields: tuple[ParamFieldView, ...]  # an object's
    members: tuple[str, ...]  # a union's
    wire_type: str  # an event's, as a string literal; empty otherwise


@dataclass(frozen=True, slots=True)
class EntryView:
    """One definition of a module, in spec order: exactly one of the three is set, and the
    param type of what a client may send after it."""

    enum: EnumView | None = None
    object: ObjectView | None = None
    union: UnionView | None = None
    param: ParamView | None = None


@dataclass(frozen=True, slots=True)
class ImportView:
    module: str  # `../runtime.js`
    names: tuple[str, ...]
    type_only: bool

    @property
    def one_line(self) -> bool:
        """Whether the statement fits on one line of 100 characters."""
        keyword = "import type" if self.type_only else "import"
        return len(f'{keyword} {{ {", ".join(self.names)} }} from "{self.module}";') <= 100


@dataclass(frozen=True, slots=True)
class ModuleView:
    path: str  # under src/: `types/session.ts`
    doc: str
    imports: tuple[ImportView, ...]
    checkers: tuple[CheckerView, ...]
    entries: tuple[EntryView, ...]
    category_alias: str  # events modules: `AnyResponseEvent`
    category_members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EventRowView:
    name: str
    param: str  # the type a client writes for it (client events only)
    wire_type: str  # string literal
    decoder: str
    search: str  # what unknownFields() walks for it
    versions: tuple[str, ...]  # string literals
    connections: tuple[str, ...]  # string literals: the kinds of connection that carry it
    category: str  # string literal


@dataclass(frozen=True, slots=True)
class CategoryView:
    category: str
    key: str  # string literal
    alias: str


@dataclass(frozen=True, slots=True)
class RenameView:
    new: str  # string literals
    old: str


@dataclass(frozen=True, slots=True)
class DirectionView:
    """One side's events and the names parse.ts gives them: `ServerEvent`, `parseServerEvent`,
    `SERVER_EVENT_TYPES` for the server, the same with `Client` for the client."""

    key: str
    primary: bool  # the first side, whose events the dispatchers route
    union: str  # `ServerEvent`
    param_union: str  # what a client writes: `ClientEventParam`; empty for the primary side
    map: str  # `ServerEventMap`
    type: str  # `ServerEventType`
    of: str  # `ServerEventOf`
    unknown: str  # `UnknownServerEvent`
    error: str  # `ServerEventDecodeError`
    parser: str  # `parseServerEvent`
    guard: str  # `isUnknownServerEvent`
    category_map: str  # `ServerEventCategoryMap`
    category_type: str  # `ServerEventCategory`
    renamed_map: str  # `RenamedServerEventMap`
    types_constant: str  # `SERVER_EVENT_TYPES`
    versions_constant: str  # `SERVER_EVENT_VERSIONS`
    connections_constant: str  # `SERVER_EVENT_CONNECTIONS`
    events_on: str  # `serverEventsOn`
    scopes: str  # the parser's `EventScopes` literal: its versions' and connections' tables
    categories_constant: str  # `SERVER_EVENT_CATEGORIES`
    renamed_constant: str  # `RENAMED_SERVER_EVENTS`
    events_for: str  # `serverEventsFor`
    decoders: str  # `SERVER_EVENT_DECODERS`
    events: tuple[EventRowView, ...]
    categories: tuple[CategoryView, ...]
    renames: tuple[RenameView, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (
            self.union,
            self.map,
            self.type,
            self.of,
            self.unknown,
            self.error,
            self.parser,
            self.guard,
            self.category_map,
            self.category_type,
            self.renamed_map,
            self.types_constant,
            self.versions_constant,
            self.connections_constant,
            self.events_on,
            self.categories_constant,
            self.renamed_constant,
            self.events_for,
            self.decoders,
        )


@dataclass(frozen=True, slots=True)
class ProtocolView:
    """One protocol's entry points: `src/` for the primary protocol, `src/<key>/` (imported as
    `realtime-events/<key>`) for each other one, with the same functions and classes; its type
    names carry the protocol's prefix (`TranslationServerEvent`)."""

    key: str
    folder: str  # under src/: "" or "translation/"
    title: str
    index_doc: str  # the comments of its index and parse modules
    parse_doc: str
    directions: tuple[DirectionView, ...]
    primary: DirectionView
    parse_imports: tuple[ImportView, ...]  # what its parse.ts imports from the events modules
    versions: tuple[str, ...]  # string literals; empty when the protocol has none
    connections: tuple[str, ...]  # string literals: its kinds of connection; empty for none
    any_event: str  # any event a parser of any side returns: `ServerEvent | UnknownServerEvent`...
    # unknownFields()'s searches by wire type (the first side's, for one both sides send), and
    # for each side's decoders, its searches of the wire types both sides send
    searches: tuple[tuple[str, str], ...]
    shared: tuple[str, ...]  # string literals: the wire types both sides send
    side_searches: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    exported_modules: tuple[str, ...]  # the modules its index re-exports, relative to it
    up: str  # src/ relative to its modules: "./" or "../"


@dataclass(frozen=True, slots=True)
class PackageView:
    header: str
    markdown_header: str
    package: str  # the npm package's name
    version: str  # the catalogue's version, which the package takes
    license: str  # its SPDX identifier, or empty
    version_literal: str
    reference_literal: str  # the API reference edition, or `null`
    package_literal: str  # the same, as a string literal
    package_markdown: str  # and as inline code
    title: str
    title_markdown: str
    modules: tuple[ModuleView, ...]
    protocols: tuple[ProtocolView, ...]  # the primary first
    primary: DirectionView  # the primary protocol's primary side


@dataclass
class _Imports:
    """What one module takes from the others: values and types, by module path under src/."""

    values: dict[str, set[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)

    def value(self, module: str, name: str) -> None:
        self.values.setdefault(module, set()).add(name)

    def type(self, module: str, name: str) -> None:
        self.types.setdefault(module, set()).add(name)

    def views(self, importer: str) -> tuple[ImportView, ...]:
        result = []
        for module in sorted(self.values.keys() | self.types.keys()):
            if module == importer:
                continue
            specifier = _specifier(importer, module)
            values = self.values.get(module, set())
            types = self.types.get(module, set()) - values
            if values:
                result.append(ImportView(specifier, tuple(sorted(values)), type_only=False))
            if types:
                result.append(ImportView(specifier, tuple(sorted(types)), type_only=True))
        return tuple(result)


def _specifier(importer: str, module: str) -> str:
    """The import specifier from one module under src/ to another (both without `.ts`)."""
    depth = importer.count("/")
    prefix = "../" * depth if depth else "./"
    return f"{prefix}{module}.js"


def build(catalogue: Catalogue) -> tuple[PackageView, list[Diagnostic]]:
    builder = _Builder(catalogue)
    return builder.package(), builder.diagnostics


class _Builder:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.types = catalogue.types_by_name
        self.discriminator = catalogue.union.discriminator
        self.diagnostics: list[Diagnostic] = []
        self.module_of: dict[str, str] = {
            d.name: "types/" + naming.typescript_module(d.group) for d in catalogue.types
        }
        # Checkers of closed enums, by the module that defines them.
        self.checkers: dict[str, dict[str, CheckerView]] = {}
        self.writable, self.strict = _written(catalogue)
        self.untagged_in = _untagged_in(catalogue, self.writable)
        self.variant_tags = _variant_tags(catalogue)

    def header(self) -> str:
        return f"// Generated by codegen from {self.catalogue.source}/. Do not edit."

    # --- the package --------------------------------------------------------------------------

    def package(self) -> PackageView:
        source = self.catalogue.source
        protocols = [self.protocol(protocol) for protocol in self.catalogue.protocols]
        self.check_names(tuple(d for p in protocols for d in p.directions))
        for declared in self.catalogue.types:
            if isinstance(declared, EnumType) and not declared.enumeration.is_open:
                self.checker(
                    declared.name, declared.enumeration, self.module_of[declared.name], True
                )
        modules = [*self.type_modules(), *self.event_modules()]
        return PackageView(
            header=self.header(),
            markdown_header=f"<!-- Generated by codegen from {source}/. Do not edit. -->",
            package=self.catalogue.name,
            license=self.catalogue.license or "",
            version=self.catalogue.version,
            version_literal=typescript_string(self.catalogue.version),
            reference_literal=(
                typescript_string(self.catalogue.reference) if self.catalogue.reference else "null"
            ),
            package_literal=typescript_string(self.catalogue.name),
            package_markdown=markdown_code(self.catalogue.name),
            title=self.catalogue.title,
            title_markdown=markdown_inline(self.catalogue.title),
            modules=tuple(modules),
            protocols=tuple(protocols),
            primary=protocols[0].primary,
        )

    def protocol(self, protocol: Protocol) -> ProtocolView:
        primary_protocol = protocol.key == self.catalogue.primary.key
        folder = "" if primary_protocol else naming.typescript_module(protocol.key) + "/"
        unions = self.catalogue.unions_of(protocol.key)
        directions = tuple(
            self.direction(protocol, union, index == 0) for index, union in enumerate(unions)
        )
        parse_imports = _Imports()
        event_modules: set[str] = set()
        for union in unions:
            client = union is not unions[0]
            for e in union.events:
                module = self.category_module(e)
                event_modules.add(module)
                parse_imports.value(module, _decoder(e.name))
                parse_imports.value(module, _search_constant(e.name))
                parse_imports.type(module, e.name)
                if client:
                    parse_imports.type(module, param_name(e.name))
            for category in self.categories(protocol, union):
                module = self.category_module_of(protocol.key, category.category, union.direction)
                parse_imports.type(module, category.alias)
        used = self.catalogue.types_used_by(protocol.key)
        type_modules = {self.module_of[name] for name in used}
        shared = self.catalogue.shared_wire_types(protocol.key)
        shared_literals = {typescript_string(w) for w in shared}
        title = self.catalogue.title if primary_protocol else protocol.title
        parsers = ", ".join(f"`{d.parser}`" for d in directions if d.events)
        return ProtocolView(
            key=protocol.key,
            folder=folder,
            title=title,
            index_doc=tsdoc_comment(
                f"{title}: typed TypeScript bindings, with a decoder that checks every payload."
                f"\n\nDecode a message with `{directions[0].parser}`, route it with `Dispatcher` "
                "or `AsyncDispatcher`.",
                "",
                tags=(("packageDocumentation", ""),),
            ),
            parse_doc=tsdoc_comment(
                f"Each side's event union of the {protocol.title}, what the catalogue knows "
                f"about each wire type, and its parsers ({parsers}).",
                "",
            ),
            directions=tuple(d for d in directions if d.events),
            primary=directions[0],
            parse_imports=parse_imports.views(folder + "parse"),
            versions=tuple(typescript_string(v.key) for v in protocol.versions),
            connections=tuple(typescript_string(c.key) for c in protocol.connections),
            any_event=" | ".join(f"{d.union} | {d.unknown}" for d in directions if d.events),
            searches=tuple(
                {
                    e.wire_type: e.search
                    for d in reversed(directions)  # the first side's entry written last wins
                    for e in d.events
                }.items()
            ),
            shared=tuple(typescript_string(w) for w in shared),
            side_searches=tuple(
                (
                    d.decoders,
                    tuple(
                        (e.wire_type, e.search) for e in d.events if e.wire_type in shared_literals
                    ),
                )
                for d in directions
                if any(e.wire_type in shared_literals for e in d.events)
            ),
            exported_modules=tuple(
                _specifier(folder + "index", module).removesuffix(".js")
                for module in sorted(type_modules | event_modules)
            ),
            up="./" if primary_protocol else "../",
        )

    def direction(self, protocol: Protocol, union: EventUnion, primary: bool) -> DirectionView:
        side = naming.pascal_words(union.direction)
        prefixed = protocol.name + side
        constant = naming.constant_name(side)
        return DirectionView(
            key=union.direction,
            primary=primary,
            union=union.name,
            param_union="" if primary else param_name(union.name),
            map=f"{prefixed}EventMap",
            type=f"{prefixed}EventType",
            of=f"{prefixed}EventOf",
            unknown=f"Unknown{prefixed}Event",
            error=f"{side}EventDecodeError",
            parser=f"parse{side}Event",
            guard=f"isUnknown{side}Event",
            category_map=f"{prefixed}EventCategoryMap",
            category_type=f"{prefixed}EventCategory",
            renamed_map=f"Renamed{prefixed}EventMap",
            types_constant=f"{constant}_EVENT_TYPES",
            versions_constant=f"{constant}_EVENT_VERSIONS",
            connections_constant=f"{constant}_EVENT_CONNECTIONS",
            events_on=f"{naming.lower_first(side)}EventsOn",
            scopes=_scopes(
                protocol, constant, bool(self.catalogue.shared_wire_types(protocol.key))
            ),
            categories_constant=f"{constant}_EVENT_CATEGORIES",
            renamed_constant=f"RENAMED_{constant}_EVENTS",
            events_for=f"{naming.lower_first(side)}EventsFor",
            decoders=f"{constant}_EVENT_DECODERS",
            events=tuple(
                EventRowView(
                    name=e.name,
                    param=param_name(e.name),
                    wire_type=typescript_string(e.wire_type),
                    decoder=_decoder(e.name),
                    search=_search_constant(e.name),
                    versions=tuple(typescript_string(v) for v in e.versions),
                    connections=tuple(
                        typescript_string(c) for c in self.catalogue.connections_of(e)
                    ),
                    category=typescript_string(e.category),
                )
                for e in union.events
            ),
            categories=self.categories(protocol, union),
            renames=tuple(
                RenameView(typescript_string(e.wire_type), typescript_string(e.renamed_from))
                for e in union.events
                if e.renamed_from is not None
            ),
        )

    def category_module(self, event: Event) -> str:
        return self.category_module_of(event.protocol, event.category, event.direction)

    def category_module_of(self, protocol: str, category: str, direction: str) -> str:
        """The module of one side's events of a category: `events/response` for the primary
        side, `client_events/session` for another, under the protocol's folder."""
        primary_side = self.catalogue.unions_of(protocol)[0].direction
        folder = (
            "events"
            if direction == primary_side
            else naming.typescript_module(direction) + "_events"
        )
        if protocol != self.catalogue.primary.key:
            folder = f"{naming.typescript_module(protocol)}/{folder}"
        return f"{folder}/{naming.typescript_module(category)}"

    def categories(self, protocol: Protocol, union: EventUnion) -> tuple[CategoryView, ...]:
        primary_side = self.catalogue.unions_of(protocol.key)[0].direction
        return tuple(
            CategoryView(
                c.key,
                typescript_string(c.key),
                _category_alias(protocol.name, c.key, union.direction, primary_side),
            )
            for c in self.catalogue.categories
            if any(e.category == c.key for e in union.events)
        )

    def check_names(self, directions: tuple[DirectionView, ...]) -> None:
        """Every generated type name is an identifier, and not one the package uses itself.

        Uniqueness among the spec's own names is the Python target's check (it reports E402);
        the names are the same here.
        """
        taken = PACKAGE_NAMES | {name for d in directions for name in d.names}
        named: list[tuple[str, str, Location]] = [
            (d.name, f"type '{d.name}'", d.location) for d in self.catalogue.types
        ]
        named += [(e.name, f"event '{e.wire_type}'", e.location) for e in self.catalogue.events]
        for name, owner, location in named:
            problem = naming.typescript_identifier_problem(name)
            if problem is None and name in taken:
                problem = f"'{name}' is a name the TypeScript package uses itself"
            if problem:
                self.error(
                    location,
                    "E402",
                    f"{owner} generates the TypeScript name '{name}': {problem}",
                    f"set {CLASS_NAME_HINT} on the event, or rename the type",
                )

    # --- modules ------------------------------------------------------------------------------

    def type_modules(self) -> list[ModuleView]:
        by_module: dict[str, list[str]] = {}
        for declared in self.catalogue.types:
            by_module.setdefault(self.module_of[declared.name], []).append(declared.name)
        result = []
        for module, names in sorted(by_module.items()):
            imports = _Imports()
            entries = [self.entry(self.types[name], module, imports) for name in names]
            groups = sorted({self.types[name].group for name in names})
            result.append(
                self.module(
                    module,
                    f"Types of the catalogue's {', '.join(groups)} group"
                    f"{'s' if len(groups) > 1 else ''}, with their decoders.",
                    entries,
                    imports,
                )
            )
        return result

    def event_modules(self) -> list[ModuleView]:
        """A module per protocol, category and side: `events/response.ts`,
        `client_events/session.ts`, `translation/events/session.ts`."""
        result = []
        for union in self.catalogue.unions:
            protocol = self.catalogue.protocol(union.protocol)
            primary_side = self.catalogue.unions_of(protocol.key)[0].direction
            for c in self.catalogue.categories:
                events = [e for e in union.events if e.category == c.key]
                if not events:
                    continue
                module = self.category_module(events[0])
                imports = _Imports()
                entries = [
                    EntryView(
                        object=self.event_object(e, module, imports),
                        param=self.event_param(e, module, imports)
                        if union.direction != primary_side
                        else None,
                    )
                    for e in events
                ]
                side = "" if union.direction == primary_side else f"{union.direction} "
                of = "" if protocol.key == self.catalogue.primary.key else f" of {protocol.title}"
                result.append(
                    self.module(
                        module,
                        f"The {side}events of the {c.title} category{of}, with their decoders.",
                        entries,
                        imports,
                        alias=_category_alias(protocol.name, c.key, union.direction, primary_side),
                        members=tuple(e.name for e in events),
                    )
                )
        return result

    def module(
        self,
        module: str,
        doc: str,
        entries: list[EntryView],
        imports: _Imports,
        alias: str = "",
        members: tuple[str, ...] = (),
    ) -> ModuleView:
        checkers = tuple(self.checkers.get(module, {}).values())
        if checkers:
            imports.value(RUNTIME, "wrong")
        return ModuleView(
            path=module + ".ts",
            doc=tsdoc_comment(doc, ""),
            imports=imports.views(module),
            checkers=checkers,
            entries=tuple(entries),
            category_alias=alias,
            category_members=members,
        )

    def entry(
        self, declared: ObjectType | EnumType | UnionType, module: str, imports: _Imports
    ) -> EntryView:
        param = self.type_param(declared, module, imports)
        if isinstance(declared, ObjectType):
            return EntryView(object=self.object_type(declared, module, imports), param=param)
        if isinstance(declared, EnumType):
            return EntryView(enum=self.enum(declared))
        return EntryView(union=self.union(declared, module, imports), param=param)

    # --- what a client writes ------------------------------------------------------------------

    def type_param(
        self, declared: ObjectType | EnumType | UnionType, module: str, imports: _Imports
    ) -> ParamView | None:
        if declared.name not in self.writable or isinstance(declared, EnumType):
            return None
        name = param_name(declared.name)
        if declared.name not in self.strict and declared.name not in self.untagged_in:
            return ParamView(
                name, tsdoc_comment(f"`{declared.name}`, as a client writes it.", ""),
                declared.name, (), (), "",
            )  # fmt: skip
        doc = tsdoc_comment(
            f"`{declared.name}` as a client writes it: the same shape, with only the kinds the "
            "catalogue knows in its unions, so that a misspelt or unknown property is a compile "
            "error.",
            "",
        )
        if isinstance(declared, ObjectType):
            fields = self.param_fields(declared.name, declared.fields, module, imports)
            return ParamView(name, doc, "", fields + self.absent(declared), (), "")
        members = [self.param_reference(member, module, imports) for member in declared.members]
        if declared.also is not None:
            members.append(self.type_text(declared.also, None, module, imports, declared.name))
        return ParamView(name, doc, "", (), tuple(members), "")

    def event_param(self, event: Event, module: str, imports: _Imports) -> ParamView:
        """The type a client writes for a client event: `SessionUpdateEventParam`."""
        name = param_name(event.name)
        if not self.reaches_strict(event.fields):
            doc = self.dated_doc(f"`{event.name}`, as a client writes it.", event, "")
            return ParamView(name, doc, event.name, (), (), "")
        doc = self.dated_doc(
            f"`{event.name}` as a client writes it: a misspelt or unknown property is a "
            "compile error, at any depth.",
            event,
            "",
        )
        fields = self.param_fields(event.name, event.fields, module, imports)
        return ParamView(name, doc, "", fields, (), typescript_string(event.wire_type))

    def param_fields(
        self, owner: str, fields: tuple[Field, ...], module: str, imports: _Imports
    ) -> tuple[ParamFieldView, ...]:
        views = []
        for f in fields:
            enum_name = owner + naming.pascal_words(f.wire_name)
            text = self.type_text(f.type, f.enum, module, imports, enum_name, param=True)
            if f.nullable:
                text += " | null"
            views.append(
                ParamFieldView(
                    property=property_name(f),
                    optional=f.may_be_absent,
                    type=text,
                    doc=self.dated_doc(f.description, f, "  "),
                )
            )
        return tuple(views)

    def absent(self, declared: ObjectType) -> tuple[ParamFieldView, ...]:
        """`type?: never` in an untagged variant's param type: the union's discriminator is
        what tells the variants apart, so the compiler can name the misspelt field inside the
        right variant instead of refusing the whole object."""
        own = {f.wire_name for f in declared.fields}
        return tuple(
            ParamFieldView(
                property=naming.typescript_property(discriminator),
                optional=True,
                type="never",
                doc=tsdoc_comment(
                    f"Absent: with `{discriminator}`, the object is another kind of `{union}`.",
                    "  ",
                ),
            )
            for discriminator, union in self.untagged_in.get(declared.name, ())
            if discriminator not in own
        )

    def reaches_strict(self, fields: tuple[Field, ...]) -> bool:
        return any(name in self.strict for f in fields for name in referenced_types(f.type))

    def param_reference(self, name: str, module: str, imports: _Imports) -> str:
        if name in self.writable and not isinstance(self.types[name], EnumType):
            imports.type(self.module_of[name], param_name(name))
            return param_name(name)
        return self.reference(name, module, imports)

    # --- declarations -------------------------------------------------------------------------

    def enum(self, declared: EnumType) -> EnumView:
        return EnumView(
            name=declared.name,
            doc=tsdoc_comment(_join(declared.summary, declared.description), ""),
            members=_enum_members(declared.enumeration),
        )

    def object_type(self, declared: ObjectType, module: str, imports: _Imports) -> ObjectView:
        return self.object_view(
            declared.name,
            _join(declared.summary, declared.description),
            declared.fields,
            module,
            imports,
            wire_type=None,
            deprecated=type_retirement(self.catalogue, declared, short=True),
            versions_only=declared.versions,
        )

    def event_object(self, event: Event, module: str, imports: _Imports) -> ObjectView:
        protocol = self.catalogue.protocol(event.protocol)
        doc = _join(event.summary, event.description)
        if event.versions:
            versions = ", ".join(v.title for v in protocol.versions if v.key in event.versions)
            doc += f"\n\nSent by: {versions}."
            if event.renamed_from:
                doc += f" In the other version: `{event.renamed_from}`."
        retired = retirement(self.catalogue, event, short=True)
        return self.object_view(
            event.name, doc, event.fields, module, imports, event.wire_type, retired, event
        )

    def object_view(
        self,
        name: str,
        text: str,
        fields: tuple[Field, ...],
        module: str,
        imports: _Imports,
        wire_type: str | None,
        deprecated: str = "",
        dated: Event | None = None,
        versions_only: tuple[str, ...] = (),
    ) -> ObjectView:
        locals_: set[str] = set()
        views = tuple(self.field_view(name, f, module, imports, locals_) for f in fields)
        required = tuple(view for view in views if view.required)
        keys = [f.wire_name for f in fields]
        if wire_type is not None:
            keys.append(self.discriminator)
        for helper in ("hasExtraFields", "checkExtraFields"):
            imports.value(RUNTIME, helper)
        if wire_type is None:
            imports.value(RUNTIME, "isObject")
            imports.value(RUNTIME, "wrong")
        if required:
            imports.value(RUNTIME, "missing")
        if versions_only:
            imports.value(RUNTIME, "requireVersion")
        return ObjectView(
            name=name,
            doc=self.dated_doc(text, dated, "", deprecated),
            fields=views,
            required_fields=required,
            decoder=_decoder(name),
            keys_constant=naming.lower_first(name) + "Keys",
            keys=tuple(typescript_string(key) for key in sorted(keys)),
            base_count=len(required) + (1 if wire_type is not None else 0),
            is_event=wire_type is not None,
            wire_type=typescript_string(wire_type) if wire_type is not None else "",
            versions_only=tuple(typescript_string(v) for v in versions_only),
            name_literal=typescript_string(name),
            search=self.object_search(name, fields, module, imports),
        )

    def union(self, declared: UnionType, module: str, imports: _Imports) -> UnionView:
        members = [self.reference(name, module, imports) for name in declared.members]
        unknown = ""
        if declared.variants:
            unknown = self.unknown_member(declared)
            members.append(unknown)
            imports.type(RUNTIME, "UnknownKindOf")
            imports.value(RUNTIME, "unknownKind")
            imports.value(RUNTIME, "wrongAt")
            if declared.untagged is None:
                imports.value(RUNTIME, "missing")
        for member in declared.members:
            imports.value(self.module_of[member], _decoder(member))
        also_invalid = also_convert = also_shape_invalid = None
        also_expected = "object"
        if declared.also is not None:
            members.append(self.type_text(declared.also, None, module, imports, declared.name))
            also_invalid, also_convert = self.also_check(declared, module, imports)
            if also_convert is not None:
                also_shape_invalid = (
                    "!Array.isArray(data)"
                    if isinstance(declared.also, ListType)
                    else 'typeof data !== "string"'
                )
            also_expected = "object or " + messages.expected(declared.also, self.types)
        imports.value(RUNTIME, "isObject")
        imports.value(RUNTIME, "wrong")
        return UnionView(
            name=declared.name,
            doc=tsdoc_comment(_join(declared.summary, declared.description), ""),
            members=tuple(members),
            decoder=_decoder(declared.name),
            discriminator=typescript_string(declared.discriminator or ""),
            variants=tuple(
                VariantView(typescript_string(v.value), _decoder(v.type_name))
                for v in declared.variants
            ),
            unknown=unknown,
            untagged_decoder=_decoder(declared.untagged) if declared.untagged else None,
            also_invalid=also_invalid,
            also_convert=also_convert,
            also_shape_invalid=also_shape_invalid,
            also_expected=typescript_string(also_expected),
            search=self.union_search(declared, module, imports),
        )

    def unknown_member(self, declared: UnionType) -> str:
        """The type of a kind the union does not know: `UnknownKindOf<"type">`, whose
        discriminator no known kind's value matches, so that comparing the discriminator narrows
        it away. A union that is only ever another union's variant (messages, told apart by
        `role`, are the `message` items) adds that union's discriminator and value, so that the
        enclosing union's discriminator narrows it away too."""
        assert declared.discriminator is not None
        text = f"UnknownKindOf<{typescript_string(declared.discriminator)}>"
        tag = self.variant_tags.get(declared.name)
        if tag is not None:
            key, value = tag
            text += (
                f" & {{ readonly {naming.typescript_property(key)}: {typescript_string(value)} }}"
            )
        return text

    def also_check(
        self, declared: UnionType, module: str, imports: _Imports
    ) -> tuple[str | None, str | None]:
        """How a union checks a value that is not an object: as a field of the `also` type
        would be, except that (as in the Python decoder) `any` and `object` never match a value
        that reached this branch."""
        also = declared.also
        assert also is not None
        if accepts_null(also):
            return None, None  # the Python decoder has no check for it, so it rejects the value
        if also == PrimitiveType(Primitive.OBJECT):
            return "!isObject(data)", None
        return self.decode(also, None, declared.name, "data", module, imports)

    # --- what unknownFields() walks -------------------------------------------------------------

    def object_search(
        self, name: str, fields: tuple[Field, ...], module: str, imports: _Imports
    ) -> SearchView:
        imports.type(UNKNOWNS, "ObjectSearch")
        searched = []
        for f in fields:
            found = field_search(f.type, f.enum, self.types)
            if found is None:
                continue
            known = "null"
            if found.known is not None:
                known = "new Set([" + ", ".join(typescript_string(v) for v in found.known) + "])"
            shape = self.shape(found.shape, module, imports)
            searched.append(SearchedFieldView(typescript_string(f.wire_name), known, shape))
        return SearchView(_search_constant(name), tuple(searched), "", (), "")

    def union_search(self, declared: UnionType, module: str, imports: _Imports) -> SearchView:
        imports.type(UNKNOWNS, "UnionSearch")
        imports.type(UNKNOWNS, "Search")
        discriminator = declared.discriminator if declared.variants else None
        return SearchView(
            constant=_search_constant(declared.name),
            fields=(),
            discriminator="null" if discriminator is None else typescript_string(discriminator),
            variants=tuple(
                SearchVariantView(
                    typescript_string(v.value), self.search_reference(v.type_name, module, imports)
                )
                for v in declared.variants
            ),
            untagged=self.search_reference(declared.untagged, module, imports)
            if declared.untagged is not None
            else "",
        )

    def shape(self, shape: Shape, module: str, imports: _Imports) -> str:
        """A `Shape` literal: `{ list: { object: () => conversationItemSearch } }`."""
        parts = []
        if shape.object is not None:
            parts.append(f"object: () => {self.search_reference(shape.object, module, imports)}")
        if shape.list is not None:
            parts.append(f"list: {self.shape(shape.list, module, imports)}")
        if shape.map is not None:
            parts.append(f"map: {self.shape(shape.map, module, imports)}")
        return "{ " + ", ".join(parts) + " }" if parts else "{}"

    def search_reference(self, name: str, module: str, imports: _Imports) -> str:
        constant = _search_constant(name)
        if self.module_of[name] != module:
            imports.value(self.module_of[name], constant)
        return constant

    # --- fields -------------------------------------------------------------------------------

    def field_view(
        self, owner: str, f: Field, module: str, imports: _Imports, locals_: set[str]
    ) -> FieldView:
        required = f.presence is Presence.REQUIRED
        # A field of any JSON value can hold null: null needs no check there either.
        nullable = f.nullable or accepts_null(f.type)
        enum_name = owner + naming.pascal_words(f.wire_name)
        text = self.type_text(f.type, f.enum, module, imports, enum_name)
        if f.nullable:
            text += " | null"
        local = _local(f.wire_name, locals_)
        invalid, convert = self.decode(f.type, f.enum, enum_name, local, module, imports)
        if invalid is not None:
            imports.value(RUNTIME, "wrongAt")
            if nullable:
                invalid = f"{local} !== null && {_parenthesized(invalid)}"
        if convert is not None:
            imports.value(RUNTIME, "within")
        key = typescript_string(f.wire_name)
        if f.wire_name in _PROTOTYPE_NAMES:
            imports.value(RUNTIME, "ownField")
            read = f"ownField(data, {key})"
        else:
            read = f"data[{key}]"
        return FieldView(
            property=property_name(f),
            key=key,
            local=local,
            read=read,
            type=text,
            optional=f.may_be_absent,
            required=required,
            nullable=nullable,
            invalid=invalid,
            expected=typescript_string(messages.expected(f.type, self.types)),
            convert=convert,
            doc=self.dated_doc(f.description, f, "  "),
        )

    def dated_doc(
        self, text: str, dated: Event | Field | None, indent: str, deprecated: str = ""
    ) -> str:
        """A TSDoc comment with `@since` the version that added what it documents (and in
        prose the one that last changed it), and `@deprecated` when it is no longer served."""
        tags: list[tuple[str, str]] = []
        if dated is not None and (since := since_version(self.catalogue, dated)):
            tags.append(("since", since))
            if changed := changed_version(dated):
                text += f"\n\nLast changed in {changed}."
        if deprecated:
            tags.append(("deprecated", deprecated))
        return tsdoc_comment(text, indent, tags=tuple(tags))

    def type_text(
        self,
        expr: TypeExpr,
        enum: Enumeration | None,
        module: str,
        imports: _Imports,
        enum_name: str,
        *,
        param: bool = False,
    ) -> str:
        """The TypeScript type of a value of `expr` (strings constrained by `enum`); with
        `param`, the type a client writes (`...Param` for the objects and unions it names)."""
        if isinstance(expr, PrimitiveType):
            if enum is not None:
                return " | ".join(_enum_members(enum))
            if expr.primitive in _PRIMITIVE_TYPE_IMPORTS:
                imports.type(RUNTIME, _PRIMITIVE_TYPE_IMPORTS[expr.primitive])
            return _PRIMITIVE_TYPE[expr.primitive]
        if isinstance(expr, LiteralType):
            return typescript_string(expr.value)
        if isinstance(expr, ChoiceType):
            return " | ".join(
                self.type_text(option, None, module, imports, enum_name, param=param)
                for option in expr.options
            )
        if isinstance(expr, ListType):
            item = self.type_text(expr.item, enum, module, imports, enum_name, param=param)
            return f"readonly {_parenthesized_type(item)}[]"
        if isinstance(expr, MapType):
            value = self.type_text(expr.value, enum, module, imports, enum_name, param=param)
            return f"{{ readonly [key: string]: {value} }}"
        if param:
            return self.param_reference(expr.name, module, imports)
        return self.reference(expr.name, module, imports)

    def reference(self, name: str, module: str, imports: _Imports) -> str:
        imports.type(self.module_of[name], name)
        return name

    def decode(
        self,
        expr: TypeExpr,
        enum: Enumeration | None,
        enum_name: str,
        local: str,
        module: str,
        imports: _Imports,
    ) -> tuple[str | None, str | None]:
        """(invalid condition, None) for values checked in place, (None, checking call) for
        values a function checks; (None, None) when any value will do.

        The same split as the Python decoder's, so that both report the same message.
        """
        if isinstance(expr, PrimitiveType):
            if enum is not None and not enum.is_open:
                checker = self.checker(enum_name, enum, module, False)
                return None, f"{checker}({local})"
            if expr.primitive in (Primitive.OBJECT, Primitive.ANY):
                if expr.primitive is Primitive.ANY:
                    # Python takes any value unchecked; here it is walked for what JSON cannot
                    # hold, which a payload read from text never has.
                    imports.value(RUNTIME, "expectJson")
                    return None, f"expectJson({local})"
                imports.value(RUNTIME, "expectObject")
                return None, f"expectObject({local})"
            return _PRIMITIVE_INVALID[expr.primitive].format(v=local), None
        if isinstance(expr, (LiteralType, ChoiceType)):
            options = expr.options if isinstance(expr, ChoiceType) else (expr,)
            if any(accepts_null(option) for option in options):
                imports.value(RUNTIME, "expectJson")
                return None, f"expectJson({local})"
            accepted = " || ".join(self.valid(option, local, imports) for option in options)
            return f"!({accepted})", None
        if isinstance(expr, ListType):
            item = self.item_decoder(expr.item, enum, enum_name, module, imports)
            imports.value(RUNTIME, "listOf")
            return None, f"listOf({local}, {item})"
        if isinstance(expr, MapType):
            value = self.item_decoder(expr.value, enum, enum_name, module, imports)
            imports.value(RUNTIME, "mapOf")
            return None, f"mapOf({local}, {value})"
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                return _PRIMITIVE_INVALID[Primitive.STRING].format(v=local), None
            return None, f"{self.named_checker(declared, module, imports)}({local})"
        imports.value(self.module_of[declared.name], _decoder(declared.name))
        return None, f"{_decoder(declared.name)}({local})"

    def valid(self, expr: TypeExpr, local: str, imports: _Imports) -> str:
        """The condition under which `local` is a value of one alternative of a choice."""
        if isinstance(expr, LiteralType):
            return f"{local} === {typescript_string(expr.value)}"
        assert isinstance(expr, PrimitiveType)  # typeexpr.py allows nothing else in a choice
        if expr.primitive is Primitive.OBJECT:
            imports.value(RUNTIME, "isObject")
        return _PRIMITIVE_VALID[expr.primitive].format(v=local)

    def item_decoder(
        self,
        expr: TypeExpr,
        enum: Enumeration | None,
        enum_name: str,
        module: str,
        imports: _Imports,
    ) -> str:
        """The function that checks one item of a list or map (typeexpr.py allows only
        primitives and declared types there)."""
        if isinstance(expr, PrimitiveType):
            if enum is not None and not enum.is_open:
                return self.checker(enum_name, enum, module, False)
            imports.value(RUNTIME, _PRIMITIVE_CHECKER[expr.primitive])
            return _PRIMITIVE_CHECKER[expr.primitive]
        assert isinstance(expr, NamedType)
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                imports.value(RUNTIME, "expectString")
                return "expectString"
            return self.named_checker(declared, module, imports)
        imports.value(self.module_of[declared.name], _decoder(declared.name))
        return _decoder(declared.name)

    def named_checker(self, declared: EnumType, module: str, imports: _Imports) -> str:
        owner = self.module_of[declared.name]
        view = self.checkers[owner][declared.name]
        imports.value(owner, view.name)
        return view.name

    def checker(self, name: str, enum: Enumeration, module: str, exported: bool) -> str:
        """Defines (once) the checker of the closed enumeration `name` in `module`."""
        existing = self.checkers.get(module, {}).get(name)
        if existing is not None:
            return existing.name
        members = _enum_members(enum)
        view = CheckerView(
            name="check" + name,
            type=name if exported else " | ".join(members),
            values_constant=naming.lower_first(name) + "Values",
            values=tuple(typescript_string(v) for v in enum.values),
            by_set=len(enum.values) > _COMPARE_UP_TO,
            expected=typescript_string(messages.one_of(enum.values)),
            exported=exported,
        )
        self.checkers.setdefault(module, {})[name] = view
        return view.name

    def error(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, code, message, hint))


def _local(wire_name: str, taken: set[str]) -> str:
    """A decoder's variable for a field, unique among the decoder's others."""
    base = "f_" + "".join(
        c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in wire_name
    )
    local, number = base, 1
    while local in taken:
        number += 1
        local = f"{base}_{number}"
    taken.add(local)
    return local


def _enum_members(enum: Enumeration) -> tuple[str, ...]:
    literals = tuple(typescript_string(v) for v in enum.values)
    # `string & {}` keeps editors offering the known values while any string is accepted.
    return (*literals, "(string & {})") if enum.is_open else literals


def _parenthesized(condition: str) -> str:
    return f"({condition})" if " || " in condition or " && " in condition else condition


def _parenthesized_type(text: str) -> str:
    return f"({text})" if " | " in text or text.startswith("{") else text


def _join(summary: str, description: str) -> str:
    return f"{summary}\n\n{description}" if description else summary


def _decoder(name: str) -> str:
    return "decode" + name


def _category_alias(prefix: str, category: str, direction: str, primary: str) -> str:
    """`AnyResponseEvent` for the primary side, `AnySessionClientEvent` for another; another
    protocol's after its prefix (`AnyTranslationSessionEvent`)."""
    side = "" if direction == primary else naming.pascal_words(direction)
    return "Any" + prefix + naming.pascal_words(category) + side + "Event"


def _search_constant(name: str) -> str:
    return naming.lower_first(name) + "Search"


def _scopes(protocol: Protocol, constant: str, shared: bool) -> str:
    """What a side's parser narrows with: `{ versions: SERVER_EVENT_VERSIONS }`, and the wire
    types the other side sends too (`shared`); empty when there is nothing of the kind."""
    tables = []
    if protocol.versions:
        tables.append(f"versions: {constant}_EVENT_VERSIONS")
    if protocol.connections:
        tables.append(f"connections: {constant}_EVENT_CONNECTIONS")
    if shared:
        tables.append("shared: SHARED_EVENT_TYPES")
    return "{ " + ", ".join(tables) + " }" if tables else ""


def param_name(name: str) -> str:
    """The type a client writes for `name`: `SessionRequestParam`."""
    return name + "Param"


def property_name(f: Field) -> str:
    """A field's property as an interface declares it: its wire name, quoted when it is not an
    identifier."""
    return naming.typescript_property(f.wire_name)


def field_names(f: Field) -> tuple[str, ...]:
    """What code writes for a field: its property."""
    return (property_name(f),)


def exported_names(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Each event's and declared type's neutral name to the types the package exports for it:
    the interface or alias, and the `...Param` type a client writes, where it has one."""
    writable, _ = _written(catalogue)
    written_events = {
        event.name
        for union in catalogue.unions
        if union is not catalogue.unions_of(union.protocol)[0]
        for event in union.events
    }
    written_types = {
        declared.name
        for declared in catalogue.types
        if declared.name in writable and not isinstance(declared, EnumType)
    }
    names: dict[str, tuple[str, ...]] = {}
    for name in [event.name for event in catalogue.events] + [t.name for t in catalogue.types]:
        written = name in written_events or name in written_types
        names[name] = (name, param_name(name)) if written else (name,)
    return names


def _written(catalogue: Catalogue) -> tuple[set[str], set[str]]:
    """The object and union types a client writes (reached from a protocol's client events),
    and those of them whose read type admits an unknown kind somewhere inside (a union with
    variants, at any depth), so that their param type must be a shape of its own."""
    client_events = [
        event
        for union in catalogue.unions
        if union is not catalogue.unions_of(union.protocol)[0]
        for event in union.events
    ]
    written: set[str] = set()
    stack = [name for e in client_events for f in e.fields for name in referenced_types(f.type)]
    while stack:
        name = stack.pop()
        if name in written or name not in catalogue.types_by_name:
            continue
        written.add(name)
        stack.extend(dependencies(catalogue.types_by_name[name]))
    strict = {name for name in written if _has_variants(catalogue.types_by_name[name])}
    grew = True
    while grew:  # objects and unions that hold a strict type are strict too
        grew = False
        for name in written - strict:
            if any(used in strict for used in dependencies(catalogue.types_by_name[name])):
                strict.add(name)
                grew = True
    return written, strict


def _untagged_in(catalogue: Catalogue, writable: set[str]) -> dict[str, list[tuple[str, str]]]:
    """For each object a client writes as a union's untagged variant, that union's
    discriminator and name, once per discriminator."""
    found: dict[str, list[tuple[str, str]]] = {}
    for declared in catalogue.types:
        if (
            isinstance(declared, UnionType)
            and declared.name in writable
            and declared.untagged is not None
            and declared.discriminator is not None
        ):
            pairs = found.setdefault(declared.untagged, [])
            if declared.discriminator not in {d for d, _ in pairs}:
                pairs.append((declared.discriminator, declared.name))
    return found


def _variant_tags(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Each union that appears only as one variant of one other union (never as a field's type
    or an untagged member), with that union's discriminator and the variant's value: what any
    payload it decodes must carry."""
    tags: dict[str, set[tuple[str, str]]] = {}
    used: set[str] = set()
    for declared in catalogue.types:
        if isinstance(declared, ObjectType):
            used.update(name for f in declared.fields for name in referenced_types(f.type))
        elif isinstance(declared, UnionType):
            if declared.untagged is not None:
                used.add(declared.untagged)
            if declared.also is not None:
                used.update(referenced_types(declared.also))
            for variant in declared.variants:
                assert declared.discriminator is not None
                tags.setdefault(variant.type_name, set()).add(
                    (declared.discriminator, variant.value)
                )
    for event in catalogue.events:
        used.update(name for f in event.fields for name in referenced_types(f.type))
    return {
        name: next(iter(found))
        for name, found in tags.items()
        if len(found) == 1
        and name not in used
        and isinstance(catalogue.types_by_name[name], UnionType)
    }


def _has_variants(declared: TypeDecl) -> bool:
    return isinstance(declared, UnionType) and bool(declared.variants)
