"""The Python target: IR to the view model of the generated `realtime_events` package.

Everything the templates print is decided here: identifiers, type annotations, the checks each
decoder runs and the expressions each encoder uses. Templates only lay these strings out.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .. import format, naming
from ..diagnostics import Diagnostic, Location
from ..escape import python_docstring, python_string
from ..format import Formatter
from ..ir import (
    Catalogue,
    ChoiceType,
    Enumeration,
    EnumType,
    Event,
    Field,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    ObjectType,
    Presence,
    Primitive,
    PrimitiveType,
    TypeExpr,
    UnionType,
)
from ..render import render
from ..schema import HintShapes, Record, Text
from .base import Output

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
    }
)

# How a spec names the Python identifiers it must choose itself (hints under the `python:` key).
_NAME_HINT = "'python: {name: ...}'"
_CLASS_NAME_HINT = "'python: {class_name: ...}'"

# Names the generated modules import for their annotations; a declared type may not take them.
IMPORTED_NAMES = frozenset(
    {"Any", "Callable", "ClassVar", "Final", "Literal", "Mapping", "TypeAlias", "TYPE_CHECKING"}
)

_PRIMITIVE_ANNOTATION = {
    Primitive.STRING: "str",
    Primitive.INTEGER: "int",
    Primitive.NUMBER: "float",
    Primitive.BOOLEAN: "bool",
    Primitive.OBJECT: "dict[str, Any]",
    Primitive.ANY: "Any",
}
# A condition on the value `{v}` that holds when the value has the wrong JSON type.
_PRIMITIVE_INVALID = {
    Primitive.STRING: "type({v}) is not str",
    Primitive.INTEGER: "type({v}) is not int",
    Primitive.NUMBER: "(type({v}) is not float and type({v}) is not int)",
    Primitive.BOOLEAN: "type({v}) is not bool",
    Primitive.OBJECT: "type({v}) is not dict",
}
_PRIMITIVE_CHECKER = {
    Primitive.STRING: "_check_str",
    Primitive.INTEGER: "_check_int",
    Primitive.NUMBER: "_check_number",
    Primitive.BOOLEAN: "_check_bool",
    Primitive.OBJECT: "_check_object",
    Primitive.ANY: "_check_any",
}


@dataclass(frozen=True, slots=True)
class FieldView:
    wire_name: str
    key: str  # the wire name as a Python string literal
    attr: str
    local: str  # the decoder's local variable
    annotation: str  # on the dataclass attribute
    dict_annotation: str  # in the TypedDict
    dict_annotation_literal: str  # the same as a string, for the functional TypedDict syntax
    default: str | None  # None for a required attribute
    required: bool
    nullable: bool
    absent_is_none: bool  # an absent optional, non-nullable field decodes to None
    invalid: str | None  # condition under which the value has the wrong type (primitives)
    expected: str  # what the value should be, as a literal for the error message
    convert: str | None  # expression that checks and converts the value (objects, containers)
    present_test: str | None  # condition under which to_dict writes the key; None: always
    encode: str  # the JSON value of the attribute, in to_dict
    docstring: str


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
    versions_literal: str  # frozenset of the event's versions
    category_literal: str


@dataclass(frozen=True, slots=True)
class BytesHelperView:
    method: str
    attr: str
    return_annotation: str
    absent_test: str | None  # when the field may be absent or null: the condition for None
    docstring: str


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
class PackageView:
    header: str
    package: str
    title: str
    package_docstring: str
    enums: tuple[EnumView, ...]
    closed_enums: tuple[EnumView, ...]  # named or inline enumerations that reject unknown values
    types: tuple[ClassView, ...]
    unions: tuple[UnionView, ...]  # dependencies first
    events: tuple[ClassView, ...]
    categories: tuple[CategoryView, ...]
    overload_categories: bool  # typing needs at least two overloads; one category needs none
    renames: tuple[RenameView, ...]
    versions_literal: str  # tuple of every version key
    exports: tuple[str, ...]  # names re-exported by __init__, sorted


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
        self.closed_enums: dict[str, EnumView] = {}

    def package(self) -> PackageView:
        enums = tuple(self.enum(d) for d in self.catalogue.types if isinstance(d, EnumType))
        for enum in enums:
            if enum.closed:
                self.closed_enums[enum.name] = enum
        types = tuple(
            self.object_class(d) for d in self.catalogue.types if isinstance(d, ObjectType)
        )
        unions = tuple(self.union(d) for d in self.union_order())
        events = tuple(self.event_class(event) for event in self.catalogue.union.events)
        categories = self.categories(events)
        renames = self.renames()
        self.check_unique_names(events, categories)
        exports = sorted(
            {*PACKAGE_NAMES, *(e.name for e in enums), *(c.name for c in (*types, *events))}
            | {c.dict_name for c in (*types, *events)}
            | {u.name for u in unions}
            | {u.dict_name for u in unions}
            | {c.alias for c in categories}
        )
        return PackageView(
            header=f"# Generated by codegen from {self.catalogue.source}/. Do not edit.",
            package=self.package_name,
            title=self.catalogue.title,
            package_docstring=python_docstring(
                f"{self.catalogue.title}: typed, standard-library-only bindings.\n\n"
                "Decode a message with `parse_event`, route it with `Dispatcher` or "
                "`AsyncDispatcher`.",
                "",
            ),
            enums=enums,
            closed_enums=tuple(sorted(self.closed_enums.values(), key=lambda e: e.name)),
            types=types,
            unions=unions,
            events=events,
            categories=categories,
            overload_categories=len(categories) > 1,
            renames=renames,
            versions_literal="("
            + "".join(python_string(v.key) + ", " for v in self.catalogue.versions)
            + ")",
            exports=tuple(exports),
        )

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
            expected=python_string("one of " + ", ".join(repr(v) for v in values)),
        )

    def union_order(self) -> list[UnionType]:
        """Unions with the unions they contain first, so each alias is defined before use."""
        ordered: list[UnionType] = []

        def visit(union: UnionType) -> None:
            if union in ordered:
                return
            for member in [v.type_name for v in union.variants] + [union.untagged or ""]:
                inner = self.types.get(member)
                if isinstance(inner, UnionType):
                    visit(inner)
            ordered.append(union)

        for declared in self.catalogue.types:
            if isinstance(declared, UnionType):
                visit(declared)
        return ordered

    def union(self, declared: UnionType) -> UnionView:
        members = [v.type_name for v in declared.variants]
        if declared.untagged is not None:
            members.append(declared.untagged)
        members = list(dict.fromkeys(members))
        python_members = [*members, "UnknownObject"] if declared.variants else list(members)
        dict_members = [self.dict_type(name) for name in members]
        also_invalid = also_convert = None
        also_expected = "object"
        if declared.also is not None:
            python_members.append(self.annotation(declared.also, None, for_dict=False))
            dict_members.append(self.annotation(declared.also, None, for_dict=True))
            also_invalid, also_convert = self.decode(declared.also, None, declared.name, "data")
            also_expected = "object or " + self.expected(declared.also)
        constant = "_" + naming.constant_name(declared.name) + "_VARIANTS"
        return UnionView(
            name=declared.name,
            dict_name=naming.typed_dict_name(declared.name),
            members=" | ".join(python_members),
            dict_members=" | ".join(dict_members),
            decoder="_decode_" + declared.name,
            docstring=python_docstring(_join(declared.summary, declared.description), ""),
            discriminator=python_string(declared.discriminator or ""),
            variants_constant=constant,
            variants=tuple(
                (python_string(v.value), "_decode_" + v.type_name) for v in declared.variants
            ),
            untagged_decoder=(
                "_decode_" + declared.untagged if declared.untagged is not None else None
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

    def categories(self, events: tuple[ClassView, ...]) -> tuple[CategoryView, ...]:
        views = []
        for category in self.catalogue.categories:
            members = tuple(
                view.name
                for event, view in zip(self.catalogue.union.events, events, strict=True)
                if event.category == category.key
            )
            if members:
                views.append(
                    CategoryView(
                        key=category.key,
                        key_literal=python_string(category.key),
                        alias="Any" + naming.pascal_words(category.key) + "Event",
                        members=" | ".join(members),
                        events=members,
                    )
                )
        return tuple(views)

    def renames(self) -> tuple[RenameView, ...]:
        names = {e.wire_type: self.event_name(e) for e in self.catalogue.union.events}
        return tuple(
            RenameView(
                new_class=names[e.wire_type],
                old_class=names[e.renamed_from],
                new_literal=python_string(e.wire_type),
                old_literal=python_string(e.renamed_from),
            )
            for e in self.catalogue.union.events
            if e.renamed_from is not None
        )

    def event_name(self, event: Event) -> str:
        explicit = event.hints.get("python", "class_name")
        return str(explicit.value) if explicit else naming.event_class_name(event.wire_type)

    def object_class(self, declared: ObjectType) -> ClassView:
        return self.class_view(
            name=declared.name,
            fields=declared.fields,
            summary=declared.summary,
            description=declared.description,
            wire_type="",
            versions=(),
            category="",
        )

    def event_class(self, event: Event) -> ClassView:
        name = self.event_name(event)
        if not name.isidentifier() or keyword.iskeyword(name):
            self.error(
                event.location,
                "E401",
                f"event '{event.wire_type}' would get the class name '{name}', "
                "which is not a Python identifier",
                f"set {_CLASS_NAME_HINT} on the event",
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
    ) -> ClassView:
        views = tuple(self.field_view(name, f) for f in fields)
        helpers = tuple(self.bytes_helper(f, v) for f, v in zip(fields, views, strict=True))
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
                    f"give one of them an explicit name: {_NAME_HINT}",
                )
            seen[view.attr] = f
        for f, helper in zip(fields, helpers, strict=True):
            if helper is None:
                continue
            problem = naming.python_attribute_problem(helper.method)
            if problem is None and helper.method in seen:
                problem = f"'{helper.method}' is already a field of {name}"
            if problem:
                self.error(
                    f.location,
                    "E401",
                    f"bytes_helper of field '{f.wire_name}' of {name}: {problem}",
                    "choose another method name",
                )
        self.check_shadowing(name, fields, views, helpers, is_event)
        required = tuple(v for v in views if v.required)
        return ClassView(
            name=name,
            dict_name=naming.typed_dict_name(name),
            decoder="_decode_" + name,
            keys_constant="_" + naming.constant_name(name) + "_KEYS",
            builder="_" + naming.constant_name(name) + "_BUILDER",
            keys_literal="frozenset({" + ", ".join(python_string(k) for k in sorted(keys)) + "})",
            base_count=len(required) + (1 if is_event else 0),
            docstring=python_docstring(_join(summary, description), "    "),
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
            versions_literal="frozenset({" + ", ".join(python_string(v) for v in versions) + "})",
            category_literal=python_string(category),
            dict_docstring=python_docstring(
                f"The JSON payload of {'``' + wire_type + '``' if is_event else name}.", "    "
            ),
        )

    def check_shadowing(
        self,
        name: str,
        fields: tuple[Field, ...],
        views: tuple[FieldView, ...],
        helpers: tuple[BytesHelperView | None, ...],
        is_event: bool,
    ) -> None:
        """A field named like a type that the class's annotations use (`str`, `bytes`) would
        shadow that type in the class body, for type checkers as for Python."""
        # the class body also names the class (from_dict), its TypedDict (to_dict), classmethod
        annotations = [v.annotation for v in views] + ["Mapping[str, Any]", "classmethod"]
        annotations += [name, naming.typed_dict_name(name)]
        annotations += [h.return_annotation for h in helpers if h is not None]
        annotations += ["ClassVar[Literal[]]"] if is_event else []
        without_strings = re.sub(r'"(?:[^"\\]|\\.)*"', "", " ".join(annotations))
        used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", without_strings))
        for f, view in zip(fields, views, strict=True):
            if view.attr in used:
                self.error(
                    f.location,
                    "E401",
                    f"field '{f.wire_name}' of {name}: '{view.attr}' would shadow the type of "
                    "the same name in the class's annotations",
                    f"set {_NAME_HINT} on the field to a valid, unused name",
                )

    def bytes_helper(self, f: Field, view: FieldView) -> BytesHelperView | None:
        hint = f.hints.get("python", "bytes_helper")
        if hint is None:
            return None
        if f.format != "base64":
            self.error(hint.location, "E104", "'bytes_helper' needs 'format: base64' beside it")
            return None
        absent_test = None
        if not view.required or view.nullable:
            absent_test = f"self.{view.attr} is None"
            if view.default == "_MISSING":
                absent_test += f" or self.{view.attr} is _MISSING"
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

    def check_unique_names(
        self, events: tuple[ClassView, ...], categories: tuple[CategoryView, ...]
    ) -> None:
        """Every generated top-level name has one owner; a TypedDict twin clashes only when its
        class does, so only the class is reported."""
        owners: dict[str, str] = {name: "the generated package" for name in PACKAGE_NAMES}
        owners.update({name: "the generated modules' imports" for name in IMPORTED_NAMES})
        for declared in self.catalogue.types:
            owner = f"type '{declared.name}'"
            if self.claim(owners, declared.name, owner, declared.location) and isinstance(
                declared, ObjectType
            ):
                self.claim(owners, naming.typed_dict_name(declared.name), owner, declared.location)
        for event, view in zip(self.catalogue.union.events, events, strict=True):
            owner = f"event '{event.wire_type}'"
            if self.claim(owners, view.name, owner, event.location):
                self.claim(owners, view.dict_name, owner, event.location)
        for category in categories:
            where = self.catalogue.union.events[0].location
            self.claim(owners, category.alias, f"category '{category.key}'", where)

    def claim(self, owners: dict[str, str], name: str, owner: str, location: Location) -> bool:
        """Record that `owner` generates `name`; report it and return False if another does."""
        if name in owners and owners[name] != owner:
            self.error(
                location,
                "E402",
                f"{owner} generates the name '{name}', which {owners[name]} already uses",
                f"set {_CLASS_NAME_HINT} on the event, or rename the type",
            )
            return False
        owners[name] = owner
        return True

    # --- fields -----------------------------------------------------------------------------

    def field_view(self, owner: str, f: Field) -> FieldView:
        explicit = f.hints.get("python", "name")
        attr = str(explicit.value) if explicit else naming.python_attribute(f.wire_name)
        problem = naming.python_attribute_problem(attr)
        if problem:
            self.error(
                f.location,
                "E401",
                f"field '{f.wire_name}' of {owner}: {problem}",
                f"set {_NAME_HINT} on the field to a valid, unused name",
            )
        required = f.presence is Presence.REQUIRED
        # A field of any JSON value can hold null, so absent and null must stay apart for it too.
        nullable = f.nullable or f.type == PrimitiveType(Primitive.ANY)
        value_annotation = self.annotation(f.type, f.enum, for_dict=False)
        dict_value = self.annotation(f.type, f.enum, for_dict=True)
        if f.nullable:
            value_annotation += " | None"
            dict_value += " | None"
        absent_is_none = not required and not nullable
        if required:
            annotation, default, present_test = value_annotation, None, None
            dict_annotation = dict_value
        elif nullable:
            annotation, default = value_annotation + " | Missing", "_MISSING"
            present_test = f"self.{attr} is not _MISSING"
            dict_annotation = f"NotRequired[{dict_value}]"
        else:
            annotation, default = value_annotation + " | None", "None"
            present_test = f"self.{attr} is not None"
            dict_annotation = f"NotRequired[{dict_value}]"
        local = "f_" + attr
        enum_name = owner + naming.pascal_words(f.wire_name)
        invalid, convert = self.decode(f.type, f.enum, enum_name, local)
        if invalid is not None and nullable:
            invalid = f"{local} is not None and {invalid}"
        encode = self.encode(f.type, f"self.{attr}")
        if nullable and encode != f"self.{attr}":
            encode = f"None if self.{attr} is None else {encode}"
        return FieldView(
            wire_name=f.wire_name,
            key=python_string(f.wire_name),
            attr=attr,
            local=local,
            annotation=annotation,
            dict_annotation=dict_annotation,
            dict_annotation_literal=python_string(dict_annotation),
            default=default,
            required=required,
            nullable=nullable,
            absent_is_none=absent_is_none,
            invalid=invalid,
            expected=python_string(self.expected(f.type)),
            convert=convert,
            present_test=present_test,
            encode=encode,
            docstring=python_docstring(f.description, "    "),
        )

    def annotation(self, expr: TypeExpr, enum: Enumeration | None, *, for_dict: bool) -> str:
        if isinstance(expr, PrimitiveType):
            if enum is not None:
                literal = "Literal[" + ", ".join(python_string(v) for v in enum.values) + "]"
                return f"{literal} | str" if enum.is_open else literal
            return _PRIMITIVE_ANNOTATION[expr.primitive]
        if isinstance(expr, LiteralType):
            return f"Literal[{python_string(expr.value)}]"
        if isinstance(expr, ChoiceType):
            return " | ".join(
                self.annotation(option, None, for_dict=for_dict) for option in expr.options
            )
        if isinstance(expr, ListType):
            item = self.annotation(expr.item, enum, for_dict=for_dict)
            return f"list[{item}]" if for_dict else f"tuple[{item}, ...]"
        if isinstance(expr, MapType):
            return f"dict[str, {self.annotation(expr.value, enum, for_dict=for_dict)}]"
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            return f"{declared.name} | str" if declared.enumeration.is_open else declared.name
        return naming.typed_dict_name(declared.name) if for_dict else declared.name

    def decode(
        self, expr: TypeExpr, enum: Enumeration | None, enum_name: str, local: str
    ) -> tuple[str | None, str | None]:
        """(invalid condition, None) for values checked in place, (None, converter call) otherwise.

        `enum_name` names the checker of a closed inline enum (`RateLimitName`).
        """
        if isinstance(expr, PrimitiveType):
            if enum is not None and not enum.is_open:
                return None, f"{self.inline_enum_checker(enum_name, enum)}({local})"
            if expr.primitive is Primitive.ANY:
                return None, None
            return _PRIMITIVE_INVALID[expr.primitive].format(v=local), None
        if isinstance(expr, (LiteralType, ChoiceType)):
            options = expr.options if isinstance(expr, ChoiceType) else (expr,)
            accepted = " or ".join(self.accepts(option, local) for option in options)
            return f"not ({accepted})", None
        if isinstance(expr, ListType):
            return None, f"_decode_list({local}, {self.item_decoder(expr.item, enum, enum_name)})"
        if isinstance(expr, MapType):
            return None, f"_decode_map({local}, {self.item_decoder(expr.value, enum, enum_name)})"
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                return _PRIMITIVE_INVALID[Primitive.STRING].format(v=local), None
            return None, f"{self.closed_enums[declared.name].checker}({local})"
        return None, f"_decode_{declared.name}({local})"

    def accepts(self, expr: TypeExpr, local: str) -> str:
        if isinstance(expr, LiteralType):
            return f"{local} == {python_string(expr.value)}"
        assert isinstance(expr, PrimitiveType)
        if expr.primitive is Primitive.NUMBER:
            return f"type({local}) is float or type({local}) is int"
        return f"type({local}) is {_PRIMITIVE_ANNOTATION[expr.primitive].split('[')[0]}"

    def item_decoder(self, expr: TypeExpr, enum: Enumeration | None, enum_name: str) -> str:
        """A function that checks and converts one item of a list or map (typeexpr.py allows
        only primitives and declared types there)."""
        if isinstance(expr, PrimitiveType):
            if enum is not None and not enum.is_open:
                return self.inline_enum_checker(enum_name, enum)
            return _PRIMITIVE_CHECKER[expr.primitive]
        assert isinstance(expr, NamedType)
        declared = self.types[expr.name]
        if isinstance(declared, EnumType):
            if declared.enumeration.is_open:
                return _PRIMITIVE_CHECKER[Primitive.STRING]
            return self.closed_enums[declared.name].checker
        return f"_decode_{declared.name}"

    def inline_enum_checker(self, name: str, enum: Enumeration) -> str:
        view = self.enumeration_view(name, enum, "", "")
        self.closed_enums[name] = view
        return view.checker

    def encode(self, expr: TypeExpr, value: str) -> str:
        if isinstance(expr, NamedType):
            return self.encode_named(expr.name, value)
        if isinstance(expr, ListType):
            item = self.encode(expr.item, "item")
            return f"list({value})" if item == "item" else f"[{item} for item in {value}]"
        if isinstance(expr, MapType):
            item = self.encode(expr.value, "item")
            return value if item == "item" else f"{{key: {item} for key, item in {value}.items()}}"
        return value

    def encode_named(self, name: str, value: str) -> str:
        declared = self.types[name]
        if isinstance(declared, EnumType):
            return value
        if isinstance(declared, UnionType) and self.admits_scalars(declared):
            return f"_rt.encode_member({value})"
        return f"{value}.to_dict()"

    def admits_scalars(self, union: UnionType) -> bool:
        """Whether a member of `union` can be a plain JSON value rather than an object."""
        if union.also is not None:
            return True
        members = [self.types.get(v.type_name) for v in union.variants]
        members.append(self.types.get(union.untagged or ""))
        return any(isinstance(m, UnionType) and self.admits_scalars(m) for m in members)

    def expected(self, expr: TypeExpr) -> str:
        if isinstance(expr, PrimitiveType):
            return expr.primitive.value
        if isinstance(expr, LiteralType):
            return repr(expr.value)
        if isinstance(expr, ChoiceType):
            return " or ".join(self.expected(option) for option in expr.options)
        if isinstance(expr, ListType):
            return "array"
        if isinstance(expr, MapType):
            return "object"
        declared = self.types[expr.name]
        if isinstance(declared, UnionType) and declared.also is not None:
            return "object or " + self.expected(declared.also)
        return "string" if isinstance(declared, EnumType) else "object"

    def error(self, location: Location, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(location, code, message, hint))


def _join(summary: str, description: str) -> str:
    return f"{summary}\n\n{description}" if description else summary


# Generated file (relative to the package directory) to the template that renders it.
_TEMPLATES = {
    "__init__.py": "python/__init__.py.jinja",
    "aliases.py": "python/aliases.py.jinja",
    "_runtime.py": "python/_runtime.py.jinja",
    "dicts.py": "python/dicts.py.jinja",
    "dispatch.py": "python/dispatch.py.jinja",
    "events.py": "python/events.py.jinja",
    "models.py": "python/models.py.jinja",
    "py.typed": "python/py.typed.jinja",
}


class PythonTarget:
    """The standard-library package users vendor: classes, decoders, TypedDicts, dispatchers."""

    name = "python"
    requires: tuple[str, ...] = ()
    hints = HintShapes(
        catalogue=Record(optional={"package": Text()}),
        event=Record(optional={"class_name": Text()}),
        field=Record(optional={"name": Text(), "bytes_helper": Text()}),
    )
    formatters: Mapping[str, Formatter] = {".py": format.python, ".typed": format.text}

    def build(self, catalogue: Catalogue, inputs: Mapping[str, Output]) -> Output:
        view, diagnostics = build(catalogue)
        if diagnostics:
            return Output(view.package, {}, tuple(diagnostics))
        context = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
        files = {path: render(template, **context) for path, template in _TEMPLATES.items()}
        return Output(view.package, files)


TARGET = PythonTarget()
