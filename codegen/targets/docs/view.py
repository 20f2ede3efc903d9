"""IR to the view of each page of the reference: escaped text, relative links, tables, tabs.

Every page path is relative to the pages folder (`events/response.done.md`); links are written
relative to the page that holds them and point at `.md` files, which MkDocs turns into URLs
(`events/response.done/`) and a code host follows as they are.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any

from ... import naming
from ...escape import (
    CodeLinks,
    fenced_block,
    html_text,
    markdown_block,
    markdown_code,
    markdown_inline,
)
from ...ir import (
    Catalogue,
    Category,
    ChoiceType,
    EnumType,
    Event,
    Field,
    Lifecycle,
    ListType,
    LiteralType,
    MapType,
    NamedType,
    ObjectType,
    Parameter,
    Presence,
    PrimitiveType,
    Protocol,
    Transport,
    TypeDecl,
    TypeExpr,
    UnionType,
    Version,
    referenced_types,
)
from ...lifecycle import changed_version, ended, retirement, sentence, since_sentence, since_version
from ..base import Snippet, TargetDocs

HOME = "index.md"
EVENTS_INDEX = "events/index.md"
TYPES_INDEX = "types/index.md"
CHANGES = "changes.md"

_PRESENCE_TEXT = {
    Presence.REQUIRED: "yes",
    Presence.OPTIONAL: "no",
    Presence.EXPECTED: "expected",
}


@dataclass(frozen=True, slots=True)
class Badge:
    """A small label in raw HTML; `kind` picks its colour in the stylesheet."""

    label: str  # HTML-escaped
    kind: str  # the CSS class's suffix: `latest` or `retired` for a version, or a type's kind


@dataclass(frozen=True, slots=True)
class FieldRow:
    anchor: str
    name: str
    type: str
    required: str
    description: str
    since: str  # the version that added it, and the one that last changed it if another


@dataclass(frozen=True, slots=True)
class ExampleBlock:
    title: str
    badges: tuple[Badge, ...]
    note: str
    code: str


@dataclass(frozen=True, slots=True)
class SnippetView:
    caption: str
    code: str  # a fenced block


@dataclass(frozen=True, slots=True)
class CodeTab:
    title: str  # inside the double quotes of `=== "..."`
    snippets: tuple[SnippetView, ...]
    intro: str = ""  # Markdown above the snippets


@dataclass(frozen=True, slots=True)
class PageLink:
    """A target's own page, as the home page lists it."""

    link: str
    summary: str


@dataclass(frozen=True, slots=True)
class EventRow:
    link: str
    category: str
    summary: str
    marks: tuple[str, ...]  # per catalogue version: a check mark or nothing
    renamed: str


@dataclass(frozen=True, slots=True)
class EventSection:
    """The events one side of one protocol sends, in a table; the title is empty when only one
    side of one protocol sends."""

    title: str
    description: str
    versions: tuple[str, ...]  # the protocol's version titles: a column each
    rows: tuple[EventRow, ...]


@dataclass(frozen=True, slots=True)
class ProtocolItem:
    link: str
    summary: str
    status: Badge
    count: int


@dataclass(frozen=True, slots=True)
class ConnectionRow:
    """A kind of connection on its protocol's page (Markdown, escaped)."""

    title: str
    url: str
    description: str
    carries: str  # how many of the protocol's events it carries
    query: str  # its own query parameters, listed


@dataclass(frozen=True, slots=True)
class ParameterRow:
    name: str
    required: str
    description: str


@dataclass(frozen=True, slots=True)
class LifecycleView:
    title: str  # a version's title, or empty for the protocol itself
    badge: Badge
    text: str  # Markdown
    banner: str  # an admonition's body when the protocol or version is no longer current


@dataclass(frozen=True, slots=True)
class TypeRow:
    link: str
    kind: str
    summary: str
    used_by: str


@dataclass(frozen=True, slots=True)
class Use:
    """A place that refers to a type: a field of an event or object, or a union's member."""

    link: str  # to the page, and to the field's row where there is one
    via: str  # how: "field `x`", "variant `y`", ...


@dataclass(frozen=True, slots=True)
class CategoryItem:
    link: str
    description: str
    count: int


@dataclass(frozen=True, slots=True)
class VersionItem:
    badge: Badge
    description: str
    count: int


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a type is used, for its page: (page path, anchor, label, how)."""

    page: str
    anchor: str
    label: str
    via: str


def event_page(catalogue: Catalogue, event: Event) -> str:
    """An event's page: by its protocol and wire type; a wire type both sides of a protocol send
    has a page per side, the second side's one folder down."""
    primary = event.protocol == catalogue.primary.key
    side = event.direction if catalogue.on_second_side(event) else ""
    return naming.docs_event_page(event.wire_type, "" if primary else event.protocol, side)


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one page to another (or to a row of it), as a relative `.md` path."""
    if from_page == to_page and anchor:
        return f"#{anchor}"
    path = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{path}#{anchor}" if anchor else path


def link(text: str, from_page: str, to_page: str, anchor: str = "") -> str:
    return f"[{text}]({relative(from_page, to_page, anchor)})"


def snippet_view(snippet: Snippet) -> SnippetView:
    return SnippetView(snippet.caption, fenced_block(snippet.code, snippet.language))


def sender_mark(catalogue: Catalogue, event: Event) -> str:
    """What tells an event of a side other than its protocol's first (a client's) apart where
    events are listed: that side's key (`client`); empty for the first side's events."""
    first = catalogue.unions_of(event.protocol)[0].direction
    return "" if event.direction == first else event.direction


def event_label(catalogue: Catalogue, event: Event) -> str:
    """An event where others are listed (Markdown): its wire type, with its protocol when that
    is not the primary one, and who sends it when it is not the server."""
    label = markdown_code(event.wire_type)
    said = (
        [catalogue.protocol(event.protocol).title]
        if event.protocol != catalogue.primary.key
        else []
    )
    said += [sender_mark(catalogue, event)] if sender_mark(catalogue, event) else []
    return f"{label} ({markdown_inline(', '.join(said))})" if said else label


class Builder:
    def __init__(self, catalogue: Catalogue, parts: tuple[TargetDocs, ...]) -> None:
        """`parts`: what each target that documents itself gave, in the registry's order."""
        self.catalogue = catalogue
        self.parts = parts
        self.types = catalogue.types_by_name
        self.categories = {c.key: c for c in catalogue.categories}
        self.events = catalogue.events
        # One table per protocol and side that sends events; when there are several, the pages
        # say which sends what.
        self.senders = tuple(union for union in catalogue.unions if union.events)
        self.references = _references(catalogue)
        # Field tables have a column of versions when the catalogue has a release history.
        self.dated = bool(catalogue.releases)
        # What a code span in prose may name, and the page it then links to: an event of the
        # page's own protocol, else of the primary one, or a type.
        self.types_named = {t.name: naming.docs_type_page(t.name) for t in catalogue.types}
        self.events_named: dict[str, dict[str, str]] = {}
        for event in self.events:
            # a wire type both sides send names the first side's event in prose
            named = self.events_named.setdefault(event.protocol, {})
            named.setdefault(event.wire_type, self.page_of(event))

    def page_of(self, event: Event) -> str:
        return event_page(self.catalogue, event)

    def code_links(self, page: str, protocol: str = "") -> CodeLinks:
        """Links for code spans in prose that name an event or a type, except the page's own."""
        named = {
            **self.events_named.get(self.catalogue.primary.key, {}),
            **self.events_named.get(protocol, {}),
            **self.types_named,
        }

        def target(code: str) -> str | None:
            found = named.get(code)
            return relative(page, found) if found is not None and found != page else None

        return target

    def header(self) -> str:
        return f"<!-- Generated by codegen from {self.catalogue.source}/. Do not edit. -->"

    # --- shared pieces ------------------------------------------------------------------------

    def version_badge(self, protocol: Protocol, key: str) -> Badge:
        version = protocol.version(key)
        status = "retired" if ended(version.lifecycle) else "latest"
        return Badge(html_text(version.title), status)

    def status_badge(self, lifecycle: Lifecycle | None) -> Badge:
        status = lifecycle.status.value if lifecycle is not None else "current"
        return Badge(status, "retired" if lifecycle is not None and ended(lifecycle) else "latest")

    def event_link(self, event: Event, page: str, anchor: str = "") -> str:
        return link(markdown_code(event.wire_type), page, self.page_of(event), anchor)

    def protocol_link(self, protocol: Protocol, page: str) -> str:
        return link(markdown_inline(protocol.title), page, naming.docs_protocol_page(protocol.key))

    def type_link(self, name: str, page: str) -> str:
        return link(markdown_code(name), page, naming.docs_type_page(name))

    def category_link(self, category: Category, page: str) -> str:
        return link(markdown_inline(category.title), page, naming.docs_category_page(category.key))

    def renamed_text(self, event: Event, page: str) -> str:
        """The same event under its name in the other version, with the direction."""
        union = self.catalogue.union_of(event)
        by_wire = {e.wire_type: e for e in union.events}
        if event.renamed_from is not None:
            return f"was {self.event_link(by_wire[event.renamed_from], page)}"
        if event.renamed_to is not None:
            return f"now {self.event_link(by_wire[event.renamed_to], page)}"
        return ""

    def event_rows(self, events: tuple[Event, ...], page: str) -> tuple[EventRow, ...]:
        return tuple(
            EventRow(
                link=self.event_link(event, page),
                category=self.category_link(self.categories[event.category], page),
                summary=markdown_inline(event.summary, self.code_links(page, event.protocol)),
                marks=tuple(
                    "✓" if v.key in event.versions else ""
                    for v in self.catalogue.protocol(event.protocol).versions
                ),
                renamed=self.renamed_text(event, page),
            )
            for event in events
        )

    def sections(self, events: tuple[Event, ...], page: str) -> tuple[EventSection, ...]:
        """`events` as one table per protocol and side that sends some of them; the tables have
        a heading only when the catalogue has events of more than one."""
        headed = len(self.senders) > 1
        sections = []
        for union in self.senders:
            chosen = tuple(
                e for e in events if e.protocol == union.protocol and e.direction == union.direction
            )
            if not chosen:
                continue
            protocol = self.catalogue.protocol(union.protocol)
            direction = next(d for d in protocol.directions if d.key == union.direction)
            sections.append(
                EventSection(
                    title=markdown_inline(f"{protocol.title}: {direction.title}") if headed else "",
                    description=markdown_inline(direction.description) if headed else "",
                    versions=tuple(markdown_inline(v.title) for v in protocol.versions),
                    rows=self.event_rows(chosen, page),
                )
            )
        return tuple(sections)

    def lifecycle_views(self, protocol: Protocol) -> tuple[LifecycleView, ...]:
        """The protocol's lifecycle, or each version's, with a banner for what has ended."""
        found: list[tuple[Version | None, Lifecycle]] = [
            (v, v.lifecycle) for v in protocol.versions
        ]
        if protocol.lifecycle is not None:
            found.append((None, protocol.lifecycle))
        return tuple(
            LifecycleView(
                title=markdown_inline(version.title) if version else "",
                badge=self.status_badge(lifecycle),
                text=markdown_inline(
                    lifecycle.description
                    + (f" Since {lifecycle.since}." if lifecycle.since else "")
                ),
                banner=markdown_inline(sentence(protocol, version, lifecycle))
                if ended(lifecycle)
                else "",
            )
            for version, lifecycle in found
        )

    def type_text(self, expr: TypeExpr, page: str) -> str:
        if isinstance(expr, PrimitiveType):
            return expr.primitive.value
        if isinstance(expr, LiteralType):
            return markdown_code(json.dumps(expr.value))
        if isinstance(expr, ChoiceType):
            return " or ".join(self.type_text(option, page) for option in expr.options)
        if isinstance(expr, ListType):
            return f"array of {self.type_text(expr.item, page)}"
        if isinstance(expr, MapType):
            return f"map of {self.type_text(expr.value, page)}"
        assert isinstance(expr, NamedType)
        declared = self.types.get(expr.name)
        kind = _KIND_WORD.get(type(declared), "") if declared is not None else ""
        return self.type_link(expr.name, page) + (f" ({kind})" if kind != "object" else "")

    def field_row(self, f: Field, page: str, protocol: str = "") -> FieldRow:
        anchor = naming.docs_field_anchor(f.wire_name)
        type_text = self.type_text(f.type, page)
        if f.nullable:
            type_text += " or null"
        notes = [markdown_inline(f.description, self.code_links(page, protocol))]
        if f.enum is not None:
            notes.append(enum_text(f.enum.values, f.enum.is_open))
        if f.format:
            notes.append(f"Format: {markdown_code(f.format)}.")
        if f.has_default:
            notes.append(f"API default: {markdown_code(json.dumps(f.default))}.")
        return FieldRow(
            anchor=anchor,
            name=f"[{markdown_code(f.wire_name)}](#{anchor}){{ #{anchor} }}",
            type=type_text,
            required=_PRESENCE_TEXT[f.presence],
            description=" ".join(notes),
            since=self.since_cell(f),
        )

    def since_cell(self, dated: Event | Field) -> str:
        """`0.1.0`, `0.1.0; changed in 0.2.0`, `0.3.0 (not yet released)`, or "" when the
        release history says nothing."""
        added = since_version(self.catalogue, dated)
        changed = changed_version(dated)
        return markdown_inline(f"{added}; changed in {changed}" if changed else added)

    def code_tabs(self, name: str) -> tuple[CodeTab, ...]:
        """A tab per target that shows code for `name` (an event's or a type's neutral name):
        its declaration first, then the target's other snippets for it."""
        tabs = []
        for part in self.parts:
            declared = part.declarations.get(name)
            snippets = (*([declared] if declared else []), *part.extras.get(name, ()))
            if snippets:
                tabs.append(CodeTab(part.title, tuple(snippet_view(s) for s in snippets)))
        return tuple(tabs)

    def quick_starts(self) -> tuple[CodeTab, ...]:
        return tuple(
            CodeTab(
                part.title,
                tuple(snippet_view(s) for s in part.quick_start.snippets),
                part.quick_start.intro,
            )
            for part in self.parts
            if part.quick_start is not None
        )

    def edition(self) -> str:
        """Which catalogue the site describes, and what it was checked against (plain text)."""
        text = f"Catalogue {self.catalogue.version}"
        if self.catalogue.reference:
            text += f", checked against the API reference of {self.catalogue.reference}"
        return text + "."

    def uses(self, name: str, page: str) -> tuple[Use, ...]:
        return tuple(
            Use(link(reference.label, page, reference.page, reference.anchor), reference.via)
            for reference in self.references.get(name, ())
        )

    # --- pages --------------------------------------------------------------------------------

    def home(self) -> dict[str, Any]:
        page = HOME
        counts = {
            c.key: sum(e.category == c.key for e in self.events) for c in self.categories.values()
        }
        return {
            "header": self.header(),
            "title": markdown_inline(self.catalogue.title),
            "description": markdown_block(self.catalogue.description, self.code_links(page)),
            "event_count": len(self.events),
            "protocols": tuple(
                ProtocolItem(
                    link=self.protocol_link(protocol, page),
                    summary=markdown_inline(protocol.summary),
                    status=self.status_badge(_current(protocol)),
                    count=sum(e.protocol == protocol.key for e in self.events),
                )
                for protocol in self.catalogue.protocols
            ),
            "type_count": len(self.catalogue.types),
            "versions": tuple(
                VersionItem(
                    self.version_badge(protocol, v.key),
                    markdown_inline(f"{protocol.title}: {v.description}"),
                    sum(v.key in e.versions for e in self.events if e.protocol == protocol.key),
                )
                for protocol in self.catalogue.protocols
                for v in protocol.versions
            ),
            "categories": tuple(
                CategoryItem(
                    self.category_link(c, page), markdown_inline(c.description), counts[c.key]
                )
                for c in self.catalogue.categories
                if counts[c.key]
            ),
            "quick_starts": self.quick_starts(),
            "events_index": relative(page, EVENTS_INDEX),
            "types_index": relative(page, TYPES_INDEX),
            "changes": relative(page, CHANGES),
            "pages": tuple(
                PageLink(link(markdown_inline(p.title), page, p.path), p.summary)
                for part in self.parts
                for p in part.pages
            ),
            "version": markdown_inline(self.catalogue.version),
            "reference": markdown_inline(self.catalogue.reference or ""),
        }

    def protocol_page(self, protocol: Protocol) -> dict[str, Any]:
        page = naming.docs_protocol_page(protocol.key)
        endpoint = protocol.endpoint
        events = tuple(
            event
            for category in self.catalogue.categories
            for event in self.events
            if event.category == category.key and event.protocol == protocol.key
        )
        headers = [*endpoint.headers, *(h for v in protocol.versions for h in v.headers)]
        return {
            "header": self.header(),
            "title": markdown_inline(protocol.title),
            "summary": markdown_block(protocol.summary, self.code_links(page, protocol.key)),
            "description": markdown_block(
                protocol.description, self.code_links(page, protocol.key)
            ),
            "transport": {
                Transport.WEBSOCKET: "A WebSocket the client opens (or WebRTC's data channel), "
                "one JSON event per message, in both directions.",
                Transport.WEBHOOK: "HTTPS `POST` requests that OpenAI sends to your "
                "application's endpoint, one JSON event per request body.",
            }[endpoint.transport],
            "url": markdown_code(endpoint.url) if endpoint.url else "",
            "endpoint_description": markdown_inline(endpoint.description),
            "query": self.parameter_rows(endpoint.query),
            "headers": self.parameter_rows(headers),
            "connections": self.connection_rows(protocol),
            "lifecycles": self.lifecycle_views(protocol),
            "sections": self.sections(events, page),
            "events_index": relative(page, EVENTS_INDEX),
        }

    def carried_on(self, protocol: Protocol, event: Event) -> str:
        """Which kinds of connection carry the event, when not every kind of its protocol does."""
        if not event.connections:
            return ""
        return ", ".join(
            markdown_inline(c.title) for c in protocol.connections if c.key in event.connections
        )

    def connection_rows(self, protocol: Protocol) -> tuple[ConnectionRow, ...]:
        own = [e for e in self.events if e.protocol == protocol.key]
        return tuple(
            ConnectionRow(
                title=markdown_inline(c.title),
                url=markdown_code(c.url or protocol.endpoint.url or ""),
                description=markdown_inline(c.description),
                carries=f"{sum(c.key in self.catalogue.connections_of(e) for e in own)} of "
                f"{len(own)} events",
                query=", ".join(markdown_code(p.name) for p in c.query),
            )
            for c in protocol.connections
        )

    def parameter_rows(
        self, parameters: tuple[Parameter, ...] | list[Parameter]
    ) -> tuple[ParameterRow, ...]:
        return tuple(
            ParameterRow(
                name=markdown_code(p.name) + (f": {markdown_code(p.value)}" if p.value else ""),
                required="yes" if p.required else "no",
                description=markdown_inline(p.description),
            )
            for p in parameters
        )

    def events_index(self) -> dict[str, Any]:
        page = EVENTS_INDEX
        ordered = tuple(
            event
            for category in self.catalogue.categories
            for event in self.events
            if event.category == category.key
        )
        return {
            "header": self.header(),
            "count": len(self.events),
            "sections": self.sections(ordered, page),
            "types_index": relative(page, TYPES_INDEX),
        }

    def category_page(self, category: Category) -> dict[str, Any]:
        page = naming.docs_category_page(category.key)
        events = tuple(e for e in self.events if e.category == category.key)
        return {
            "header": self.header(),
            "title": markdown_inline(category.title),
            "description": markdown_block(category.description, self.code_links(page)),
            "sections": self.sections(events, page),
            "events_index": relative(page, EVENTS_INDEX),
        }

    def event_page(self, event: Event) -> dict[str, Any]:
        page = self.page_of(event)
        links = self.code_links(page, event.protocol)
        union = self.catalogue.union_of(event)
        protocol = self.catalogue.protocol(event.protocol)
        discriminator = markdown_code(union.discriminator)
        anchor = naming.docs_field_anchor(union.discriminator)
        sender = next(d for d in protocol.directions if d.key == event.direction)
        several_protocols = len(self.catalogue.protocols) > 1
        retired = retirement(self.catalogue, event)
        return {
            "sender": (
                Badge(html_text(sender.title), "direction") if len(self.senders) > 1 else None
            ),
            "header": self.header(),
            "wire_type": markdown_code(event.wire_type),
            "heading_protocol": (
                markdown_inline(protocol.title)
                if event.protocol != self.catalogue.primary.key
                else ""
            ),
            "protocol": self.protocol_link(protocol, page) if several_protocols else "",
            "banner": markdown_inline(retired),
            "badges": tuple(self.version_badge(protocol, v) for v in event.versions),
            "category": self.category_link(self.categories[event.category], page),
            "renamed": self.renamed_text(event, page),
            "carried_on": self.carried_on(protocol, event),
            "summary": markdown_block(event.summary, links),
            "description": markdown_block(event.description, links),
            "fields": (
                FieldRow(
                    anchor=anchor,
                    name=f"[{discriminator}](#{anchor}){{ #{anchor} }}",
                    type="string",
                    required=_PRESENCE_TEXT[Presence.REQUIRED],
                    description=f"Always {markdown_code(json.dumps(event.wire_type))}.",
                    since=self.since_cell(event),  # it came with the event
                ),
                *(self.field_row(f, page, event.protocol) for f in event.fields),
            ),
            "dated": self.dated,
            "since": markdown_inline(since_sentence(self.catalogue, event)),
            "has_expected": any(f.presence is Presence.EXPECTED for f in event.fields),
            "examples": tuple(
                ExampleBlock(
                    title=markdown_inline(
                        example.title
                        + (
                            f" ({protocol.version(example.version).title})"
                            if len(event.versions) > 1
                            else ""
                        )
                    ),
                    badges=(
                        (self.version_badge(protocol, example.version),) if example.version else ()
                    ),
                    note=(
                        "Abbreviated: leaves out fields the API always sends."
                        if example.abbreviated
                        else ""
                    ),
                    code=fenced_block(example.text, "json"),
                )
                for example in event.examples
            ),
            "tabs": self.code_tabs(event.name),
            "events_index": relative(page, EVENTS_INDEX),
        }

    def types_index(self) -> dict[str, Any]:
        page = TYPES_INDEX
        groups: dict[str, list[TypeRow]] = {}
        for declared in sorted(self.catalogue.types, key=lambda d: (d.group, d.name)):
            uses = self.references.get(declared.name, ())
            groups.setdefault(declared.group, []).append(
                TypeRow(
                    link=self.type_link(declared.name, page),
                    kind=type_kind(declared),
                    summary=markdown_inline(declared.summary, self.code_links(page)),
                    used_by=str(len({u.page for u in uses})),
                )
            )
        return {
            "header": self.header(),
            "count": len(self.catalogue.types),
            "groups": tuple(
                (markdown_inline(naming.docs_group_title(group)), tuple(rows))
                for group, rows in groups.items()
            ),
            "events_index": relative(page, EVENTS_INDEX),
        }

    def type_page(self, declared: TypeDecl) -> dict[str, Any]:
        page = naming.docs_type_page(declared.name)
        context: dict[str, Any] = {
            "header": self.header(),
            "name": markdown_code(declared.name),
            "kind": type_kind(declared),
            "badge": Badge(type_kind(declared), type_kind(declared)),
            "group": markdown_inline(naming.docs_group_title(declared.group)),
            "summary": markdown_block(declared.summary, self.code_links(page)),
            "description": markdown_block(declared.description, self.code_links(page)),
            "fields": (),
            "dated": self.dated,
            "values": (),
            "enum_note": "",
            "discriminator": "",
            "variants": (),
            "notes": (),
            "uses": self.uses(declared.name, page),
            "tabs": self.code_tabs(declared.name),
            "types_index": relative(page, TYPES_INDEX),
        }
        if isinstance(declared, ObjectType):
            context["fields"] = tuple(self.field_row(f, page) for f in declared.fields)
        elif isinstance(declared, EnumType):
            enumeration = declared.enumeration
            context["values"] = tuple(markdown_code(v) for v in enumeration.values)
            context["enum_note"] = (
                "Open: the API may send other values, which the bindings keep as plain strings."
                if enumeration.is_open
                else "Closed: any other value is rejected."
            )
        else:
            context.update(self.union_context(declared, page))
        return context

    def union_context(self, declared: UnionType, page: str) -> dict[str, Any]:
        discriminator = markdown_code(declared.discriminator or "")
        notes = []
        if declared.variants:
            notes.append(
                f"A {discriminator} the catalogue does not know decodes to `UnknownObject`, "
                "which keeps the whole object."
            )
        if declared.untagged is not None:
            untagged = self.type_text(NamedType(declared.untagged), page)
            notes.append(
                f"Without {discriminator}: {untagged}."
                if declared.variants
                else f"An object is {untagged}."
            )
        if declared.also is not None:
            notes.append(f"Or a plain value: {self.type_text(declared.also, page)}.")
        return {
            "discriminator": discriminator,
            "variants": tuple(
                (markdown_code(v.value), self.type_text(NamedType(v.type_name), page))
                for v in declared.variants
            ),
            "notes": tuple(notes),
        }


_KIND_WORD: dict[type[Any], str] = {ObjectType: "object", EnumType: "enum", UnionType: "union"}


def type_kind(declared: TypeDecl) -> str:
    return _KIND_WORD[type(declared)]


def enum_text(values: tuple[str, ...], is_open: bool) -> str:
    listed = ", ".join(markdown_code(v) for v in values)
    tail = " (open: other values may appear and are kept)" if is_open else " (closed)"
    return f"One of {listed}{tail}."


def _references(catalogue: Catalogue) -> dict[str, tuple[Reference, ...]]:
    """For each type, every event field, object field and union member that refers to it:
    events first (by wire type), then types (by name), in field order within each."""
    found: dict[str, list[Reference]] = {}

    def add(name: str, reference: Reference) -> None:
        if reference not in found.setdefault(name, []):
            found[name].append(reference)

    def add_fields(fields: tuple[Field, ...], page: str, label: str) -> None:
        for f in fields:
            for name in referenced_types(f.type):
                anchor = naming.docs_field_anchor(f.wire_name)
                add(name, Reference(page, anchor, label, f"field {markdown_code(f.wire_name)}"))

    for event in catalogue.events:
        page = event_page(catalogue, event)
        add_fields(event.fields, page, event_label(catalogue, event))
    for declared in catalogue.types:
        page = naming.docs_type_page(declared.name)
        label = markdown_code(declared.name)
        if isinstance(declared, ObjectType):
            add_fields(declared.fields, page, label)
        elif isinstance(declared, UnionType):
            for variant in declared.variants:
                via = f"variant {markdown_code(variant.value)}"
                add(variant.type_name, Reference(page, "", label, via))
            if declared.untagged is not None:
                add(declared.untagged, Reference(page, "", label, "untagged member"))
            if declared.also is not None:
                for name in referenced_types(declared.also):
                    add(name, Reference(page, "", label, "plain-value alternative"))
    return {name: tuple(references) for name, references in found.items()}


def _current(protocol: Protocol) -> Lifecycle | None:
    """The lifecycle a protocol is in: its own, or its newest version's."""
    if protocol.versions:
        return protocol.versions[-1].lifecycle
    return protocol.lifecycle
