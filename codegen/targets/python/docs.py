"""The Python target's part of the API reference: its code tab, quick start and API page.

Every declaration is rendered from the target's own view with the macros its modules use (a
class's outline: its attributes and its methods' signatures), so the tab shows the lines the
package holds without reading the package back. The API page's examples are doctest sessions
that tests/targets/test_docs_site.py runs against the generated package; every value they show
is computed here, from the catalogue and, for what the package prints (its error messages), from
the package's own runtime module, imported and run.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ... import format, messages, naming
from ...escape import fenced_block, python_string
from ...ir import (
    Catalogue,
    Event,
    Field,
    JsonObject,
    NamedType,
    Presence,
    Primitive,
    PrimitiveType,
    UnionType,
    thaw,
)
from ...render import macros as template_macros
from ...render import render
from ...showcase import (
    WRONG_VALUE,
    compact,
    connection_showcase,
    demo_event,
    fresh,
    plain_field,
    twin,
    unknown_field,
    unknown_wire_type,
)
from ..base import DocsPage, QuickStart, Snippet, TargetDocs
from .runtime import _runtime as runtime  # the package's runtime, real source: its messages
from .view import ClassView, FieldView, PackageView

TITLE = "Python"
PAGE = "python.md"


def build_docs(view: PackageView, catalogue: Catalogue) -> TargetDocs:
    """The tab's declarations and handlers, the home page's quick start and the API page."""
    where = _modules(view)
    macros = template_macros("python")
    declarations: dict[str, Snippet] = {}
    for cls in (*view.events, *view.types):
        module = where.get(cls.name, f"{view.package}.models")
        caption = (
            f"`{module}.{cls.name}`, without its method bodies (`from_dict` and the decoder do "
            "the checking):"
        )
        declarations[cls.name] = Snippet(caption, "python", str(macros.outline(cls)))
    for enum in view.enums:
        module = where.get(enum.name, f"{view.package}.aliases")
        alias = str(macros.enum_alias(enum))
        declarations[enum.name] = Snippet(f"`{module}.{enum.name}`, a type alias:", "python", alias)
    for union in view.unions:
        module = where.get(union.name, f"{view.package}.aliases")
        alias = str(macros.union_alias(union))
        caption = f"`{module}.{union.name}`, a type alias:"
        declarations[union.name] = Snippet(caption, "python", alias)
    classes = {cls.name: cls for cls in view.events}
    handlers = {
        event.name: handler_snippet(view.package, event, classes, catalogue)
        for event in catalogue.union.events  # the dispatcher routes these
    }
    return TargetDocs(
        title=TITLE,
        declarations=_formatted(declarations),
        extras={name: (snippet,) for name, snippet in _formatted(handlers).items()},
        quick_start=quick_start(view, catalogue),
        pages=(
            DocsPage(
                path=PAGE,
                title="Python API",
                summary="decoding, errors, unknown events and dispatching with "
                f"`{view.package}`, with examples that the test suite runs.",
                markdown=render("python/api.md.jinja", **api_page(view, catalogue)),
            ),
        ),
    )


def _modules(view: PackageView) -> dict[str, str]:
    """Each exported name to the module a user imports it from: the package for the primary
    protocol's names, a protocol's sub-package for the others'."""
    found: dict[str, str] = {}
    for protocol in view.protocols:
        module = view.package + ("." + protocol.folder.rstrip("/") if protocol.folder else "")
        for name in protocol.exports:
            found.setdefault(name, module)
    return found


def _formatted(snippets: dict[str, Snippet]) -> dict[str, Snippet]:
    """The snippets through the package's ruff, in one run (ruff starts once)."""
    names = list(snippets)
    done = format.python({f"{i}.py": snippets[name].code for i, name in enumerate(names)})
    return {
        name: replace(snippets[name], code=done[f"{i}.py"].rstrip("\n"))
        for i, name in enumerate(names)
    }


# --- attributes, by the view ----------------------------------------------------------------


def _field(classes: dict[str, ClassView], event: Event, f: Field) -> FieldView:
    return next(v for v in classes[event.name].fields if v.wire_name == f.wire_name)


def _helper(classes: dict[str, ClassView], event: Event, f: Field) -> str | None:
    """The method that decodes a base64 field, if the class has one."""
    attr = _field(classes, event, f).attr
    return next((h.method for h in classes[event.name].bytes_helpers if h.attr == attr), None)


# --- handler snippets, one per event ----------------------------------------------------------


def handler_snippet(
    package: str, event: Event, classes: dict[str, ClassView], catalogue: Catalogue
) -> Snippet:
    """A Dispatcher registration for `event` (with its renamed twin, if any) whose handler
    reads one field; tests run every snippet and type-check it with mypy --strict."""
    other = twin(catalogue, event)
    twins = [other] if other is not None else []
    annotation = " | ".join(f"rt.{e.name}" for e in [event, *twins])
    renamed = ", include_renamed=True" if twins else ""
    shared = {f.wire_name for t in twins for f in t.fields}
    body = _handler_body(event, classes, shared if twins else None)
    code = "\n".join(
        [
            f"import {package} as rt",
            "",
            "dispatcher = rt.Dispatcher()",
            "",
            "",
            f"@dispatcher.on(rt.{event.name}{renamed})",
            f"def on_{naming.python_attribute(event.wire_type.replace('.', '_'))}(",
            f"    event: {annotation},",
            ") -> None:",
            f"    {body}",
        ]
    )
    caption = (
        "A handler for it and for its renamed twin (`include_renamed=True`), typed as either:"
        if twins
        else "A handler for it:"
    )
    return Snippet(caption, "python", code)


def _handler_body(event: Event, classes: dict[str, ClassView], shared: set[str] | None) -> str:
    usable = [f for f in event.fields if shared is None or f.wire_name in shared]
    for f in usable:
        helper = _helper(classes, event, f)
        if helper is not None and f.presence is Presence.REQUIRED:
            return f"print(len(event.{helper}()))  # `{f.wire_name}`, decoded from base64"
    for f in usable:
        if f.presence is Presence.REQUIRED:
            return f"print(event.{_field(classes, event, f).attr})"
    return "print(event.type)"


# --- the home page's quick start ------------------------------------------------------------


def quick_start(view: PackageView, catalogue: Catalogue) -> QuickStart:
    event = demo_event(catalogue)
    message = compact(event.examples[0].payload)
    package = view.package
    get = "\n".join(
        [
            f"make vendor DEST=../myapp/src   # writes ../myapp/src/{package}/",
            "pip install .                    # or install it, from a clone of this repository",
        ]
    )
    code = "\n".join(
        [
            f"import {package} as rt",
            "",
            f"message = {message!r}  # one message from the WebSocket",
            "",
            "event = rt.parse_event(message)  # JSON text, bytes or an already decoded dict",
            f"if isinstance(event, rt.{event.name}):",
            "    print(event.to_dict())",
            "",
            "dispatcher = rt.Dispatcher()",
            "",
            "",
            f"@dispatcher.on({event.wire_type!r})  # or the class; a misspelt wire type fails here",
            f"def on_event(event: rt.{event.name}) -> None:",
            "    print(event.type)",
            "",
            "",
            "dispatcher.dispatch(message)",
        ]
    )
    intro = (
        f"`{package}` is standard library only, Python 3.11 or newer, and typed. Vendor it into "
        "your code with `make vendor`, which writes the package's own files and nothing else, "
        f"or install it with `pip`. The [Python API]({PAGE}) page says the rest."
    )
    use = _formatted({"use": Snippet("", "python", code)})["use"]
    return QuickStart(intro, (Snippet("", "sh", get), use))


# --- the API page ---------------------------------------------------------------------------


def _prompt(code: str) -> list[str]:
    """A statement as doctest source: `>>> ` on its first line, `... ` on the others."""
    lines = code.split("\n")
    return [f">>> {lines[0]}", *(f"... {line}" if line else "..." for line in lines[1:])]


class Session:
    """A doctest session built line by line: statements, and the output each one prints."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def run(self, code: str, *output: str) -> Session:
        self.lines += _prompt(code)
        self.lines += output
        return self

    def block(self) -> str:
        return fenced_block("\n".join(self.lines), "pycon")


def _message_of(call: Callable[[], Any]) -> str:
    """What the runtime's `call` raises, as `print(error)` shows it."""
    try:
        call()
    except Exception as error:  # whatever it raises is what the page shows it raising
        return str(error)
    raise AssertionError("the runtime accepted what the page shows it refusing")


def _union_field(catalogue: Catalogue) -> tuple[Event, Field, UnionType] | None:
    """The first event whose first example holds, at the top, an object of a union that tells
    its kinds apart by a field."""
    for event in catalogue.union.events:
        payload = event.examples[0].payload
        for f in event.fields:
            declared = (
                catalogue.types_by_name.get(f.type.name) if isinstance(f.type, NamedType) else None
            )
            value = payload.get(f.wire_name)
            if (
                isinstance(declared, UnionType)
                and declared.discriminator is not None
                and declared.variants
                and isinstance(value, JsonObject)
                and declared.discriminator in value
            ):
                return event, f, declared
    return None


def _nullable_field(catalogue: Catalogue) -> tuple[Event, Field] | None:
    """The first event whose first example holds, at the top, a field that may be absent and
    may be null (absent is then MISSING)."""
    for event in catalogue.union.events:
        payload = event.examples[0].payload
        for f in event.fields:
            if f.nullable and f.presence is not Presence.REQUIRED and f.wire_name in payload:
                return event, f
    return None


@dataclass(frozen=True, slots=True)
class _Page:
    """What every section of the page shares: the decoded event and names nothing else uses."""

    catalogue: Catalogue
    package: str
    classes: dict[str, ClassView]  # the view's event classes, by name
    event: Event  # the event the sections decode
    payload: JsonObject  # its first example
    twin: Event | None  # the same event under its name in the other version
    unknown_type: str  # a wire type the catalogue does not have

    @property
    def raw(self) -> str:
        return compact(self.payload)

    def attr(self, event: Event, f: Field) -> str:
        return _field(self.classes, event, f).attr


def api_page(view: PackageView, catalogue: Catalogue) -> dict[str, object]:
    """The context of the page: one doctest block per section, or "" for a section that the
    catalogue has nothing to show with."""
    event = demo_event(catalogue)
    page = _Page(
        catalogue=catalogue,
        package=view.package,
        classes={cls.name: cls for cls in view.events},
        event=event,
        payload=event.examples[0].payload,
        twin=twin(catalogue, event),
        unknown_type=unknown_wire_type(catalogue, event),
    )
    nullable = _nullable_field(catalogue)
    primary = view.protocols[0]
    others = {d.key: d.parser for d in primary.directions[1:]}  # the sides a client sends
    return {
        "package": page.package,
        "event": event.wire_type,
        "event_link": naming.docs_event_page(event.wire_type),
        "event_class": event.name,
        "decoding": _decoding(page),
        "changing": _changing(page),
        "errors": _errors(page),
        "unknown": _unknown_event(page),
        "unknown_object": _unknown_object(page),
        "extra": _extra_fields(page),
        "unknown_fields": _unknown_fields(page),
        "missing": _missing(page, nullable),
        "missing_field": (
            # the page sits at the top of the pages folder, so a page's path is its link
            f"`{nullable[1].wire_name}` of [`{nullable[0].wire_type}`]"
            f"({naming.docs_event_page(nullable[0].wire_type)})"
            if nullable is not None
            else ""
        ),
        "dispatching": _dispatching(page),
        "failing": _failing(page),
        "asynchronous": _asynchronous(page),
        "versions": _versions(page),
        "other_directions": _other_directions(page, others),
        "other_parsers": ", ".join(f"`{parser}`" for parser in others.values()),
        "version_keys": ", ".join(f"`{v.key}`" for v in catalogue.primary.versions),
        **_connections(view, catalogue),
    }


def _decoding(page: _Page) -> str:
    event, payload = page.event, page.payload
    session = Session().run("import json").run(f"import {page.package} as rt")
    session.run(f"raw = {page.raw!r}").run("event = rt.parse_event(raw)")
    session.run("type(event).__name__", repr(event.name)).run("event.type", repr(event.wire_type))
    shown = plain_field(event, payload, (Primitive.STRING, Primitive.INTEGER, Primitive.BOOLEAN))
    if shown is not None:
        session.run(f"event.{page.attr(event, shown)}", repr(thaw(payload[shown.wire_name])))
    for f in event.fields:
        helper = _helper(page.classes, event, f)
        value = payload.get(f.wire_name)
        if helper is not None and isinstance(value, str):
            decoded = binascii.a2b_base64(value)  # as the package's helper decodes it
            session.run(f"len(event.{helper}())  # `{f.wire_name}`, decoded", str(len(decoded)))
            break
    session.run("event.to_dict() == json.loads(raw)", "True")
    session.run("rt.parse_event(event.to_json()) == event", "True")
    return session.block()


def _changing(page: _Page) -> str:
    """Assignment refused, then a copy with one text field changed ("" when there is none)."""
    text = plain_field(page.event, page.payload, (Primitive.STRING,))
    if text is None:
        return ""
    attr, old, new = page.attr(page.event, text), thaw(page.payload[text.wire_name]), "edited"
    session = Session().run("import dataclasses")
    session.run(
        f"try:\n    event.{attr} = {new!r}\nexcept dataclasses.FrozenInstanceError as error:\n"
        "    print(error)\n",
        _message_of(lambda: runtime.frozen_setattr(None, attr, new)),
    )
    session.run(f"changed = dataclasses.replace(event, {attr}={new!r})")
    session.run(f"changed.{attr}, event.{attr}", repr((new, old)))
    session.run(f"changed.to_dict()[{text.wire_name!r}]", repr(new))
    return session.block()


def _decoded(raw: str, *, strict: bool = False) -> Callable[[], object]:
    """The runtime's parser, over a table that knows no event: what it says of a payload it
    rejects before any event's decoder runs."""
    return lambda: runtime.decode_event(lambda _: None, raw, strict, None)


def _errors(page: _Page) -> str:
    wire_type = page.event.wire_type
    types = page.catalogue.types_by_name
    session = Session()
    required = plain_field(page.event, page.payload, tuple(WRONG_VALUE))
    if required is not None:
        name = required.wire_name
        missing = runtime.Invalid.missing(name).to_error(wire_type)
        session.run("broken = json.loads(raw)").run(f"del broken[{name!r}]")
        session.run(
            "try:\n    rt.parse_event(broken)\nexcept rt.EventDecodeError as error:\n"
            "    print(error)\n    print(error.event_type, error.path)\n",
            str(missing),
            f"{missing.event_type} {missing.path}",
        )
        assert isinstance(required.type, PrimitiveType)
        wrong = WRONG_VALUE[required.type.primitive]
        expected = messages.expected(required.type, types)
        session.run(f"broken[{name!r}] = {wrong!r}")
        session.run(
            "try:\n    rt.parse_event(broken)\nexcept ValueError as error:  # a ValueError too\n"
            "    print(error)\n",
            str(runtime.Invalid.wrong(name, expected, wrong).to_error(wire_type)),
        )
    session.run(
        "try:\n    rt.parse_event('[1, 2]')\nexcept rt.EventDecodeError as error:\n"
        "    print(error)\n",
        _message_of(_decoded("[1, 2]")),
    )
    return session.block()


def _unknown_event(page: _Page) -> str:
    unknown = {"type": page.unknown_type, "id": 1}
    session = Session().run(f"unknown = rt.parse_event({json.dumps(unknown)!r})")
    session.run("type(unknown).__name__, unknown.type", repr(("UnknownEvent", page.unknown_type)))
    session.run("unknown.payload", repr(unknown))
    session.run(
        "try:\n    rt.parse_event(unknown.to_json(), strict=True)\n"
        "except rt.EventDecodeError as error:\n    print(error)\n",
        _message_of(_decoded(json.dumps(unknown), strict=True)),
    )
    return session.block()


def _unknown_object(page: _Page) -> str:
    found = _union_field(page.catalogue)
    if found is None:
        return ""
    holder, f, union = found
    discriminator = union.discriminator or ""
    kind = unknown_kind(union)
    attr = page.attr(holder, f)
    session = Session().run(f"payload = json.loads({compact(holder.examples[0].payload)!r})")
    session.run(f"payload[{f.wire_name!r}][{discriminator!r}] = {kind!r}")
    session.run("decoded = rt.parse_event(payload)")
    session.run(
        f"type(decoded.{attr}).__name__, decoded.{attr}.kind", repr(("UnknownObject", kind))
    )
    session.run("decoded.to_dict() == payload", "True")
    return session.block()


def unknown_kind(union: UnionType) -> str:
    """A kind of object `union` does not know."""
    return fresh({v.value for v in union.variants}, "added_later")


def _extra_fields(page: _Page) -> str:
    key = unknown_field(page.event)
    session = Session().run(f"extended = rt.parse_event({{**json.loads(raw), {key!r}: [1, 2]}})")
    session.run("extended.extra_fields", repr({key: [1, 2]}))
    session.run(f"extended.to_dict()[{key!r}]", "[1, 2]")
    session.run("event.extra_fields", "{}")
    return session.block()


class _Extended(runtime.Record):
    """A record that holds only fields the catalogue does not know: what unknown_fields()
    reports of them, asked of the runtime itself."""

    __slots__ = ("extra_fields",)


def _unknown_fields(page: _Page) -> str:
    key = unknown_field(page.event)
    extended = _Extended()
    object.__setattr__(extended, "extra_fields", {key: [1, 2]})
    unknown = runtime.UnknownEvent(type=page.unknown_type, payload={"type": page.unknown_type})
    found = runtime.unknown_fields(extended) + runtime.unknown_fields(unknown)
    session = Session().run("rt.unknown_fields(event)", "[]")
    session.run(
        "for news in rt.unknown_fields(extended) + rt.unknown_fields(unknown):\n"
        "    print(news.path, news.kind, news.value)\n",
        *(f"{news.path} {news.kind} {news.value}" for news in found),
    )
    return session.block()


def _other_directions(page: _Page, parsers: dict[str, str]) -> str:
    """A decoded example of the shortest event of each direction but the primary one."""
    catalogue = page.catalogue
    unions = [u for u in catalogue.unions_of(catalogue.primary.key) if u.direction in parsers]
    session = Session()
    for union in unions:
        parser = parsers[union.direction]
        event = min(union.events, key=lambda e: (len(compact(e.examples[0].payload)), e.wire_type))
        name = naming.python_module(union.direction)
        session.run(f"sent = {compact(event.examples[0].payload)!r}")
        session.run(f"{name} = rt.{parser}(sent)")
        session.run(f"type({name}).__name__", repr(event.name))
        session.run(f"{name}.to_dict() == json.loads(sent)", "True")
        session.run(f"rt.{parser}({name}.to_json()) == {name}", "True")
    return session.block() if unions else ""


def _missing(page: _Page, nullable: tuple[Event, Field] | None) -> str:
    session = Session().run("rt.MISSING", repr(runtime.MISSING))
    session.run("bool(rt.MISSING)", repr(bool(runtime.MISSING)))
    if nullable is not None:
        holder, f = nullable
        attr = page.attr(holder, f)
        session.run(f"payload = json.loads({compact(holder.examples[0].payload)!r})")
        session.run(f"del payload[{f.wire_name!r}]")
        session.run(f"rt.parse_event(payload).{attr}", repr(runtime.MISSING))
        session.run(f"rt.parse_event({{**payload, {f.wire_name!r}: None}}).{attr} is None", "True")
        session.run(f"isinstance(rt.parse_event(payload).{attr}, rt.Missing)", "True")
    return session.block()


def _dispatching(page: _Page) -> str:
    event, other, cls = page.event, page.twin, page.event.name
    handled = " | ".join(f"rt.{e.name}" for e in [event, *([other] if other else [])])
    session = Session().run("dispatcher = rt.Dispatcher()")
    session.run(
        f"@dispatcher.on(rt.{cls}{', include_renamed=True' if other else ''})\n"
        f"def on_it(event: {handled}) -> None:\n"
        '    print("on", event.type)\n'
    )
    session.run(
        f"@dispatcher.on_category({event.category!r})\n"
        f"def on_category(event: rt.ServerEvent) -> None:\n"
        '    print("category", event.type)\n'
    )
    session.run(
        "@dispatcher.fallback\n"
        "def on_other(event: rt.ServerEvent | rt.UnknownEvent) -> None:\n"
        '    print("fallback", event.type)\n'
    )
    session.run(
        "dispatcher.dispatch(raw) == event",
        f"on {event.wire_type}",
        f"category {event.wire_type}",
        "True",
    )
    if other is not None:
        same_category = other.category == event.category
        session.run(
            f"_ = dispatcher.dispatch({compact(other.examples[0].payload)!r})",
            f"on {other.wire_type}",
            *([f"category {other.wire_type}"] if same_category else []),
        )
    session.run("_ = dispatcher.dispatch(unknown.payload)", f"fallback {page.unknown_type}")
    return session.block()


def _failing(page: _Page) -> str:
    wire_type = page.event.wire_type
    session = Session().run("failing = rt.Dispatcher()")
    session.run(
        f"@failing.on({wire_type!r})\n"
        f"def broken_handler(event: rt.{page.event.name}) -> None:\n"
        '    raise RuntimeError("boom")\n'
    )
    session.run(
        "try:\n    failing.dispatch(raw)\nexcept rt.HandlerError as error:\n"
        "    print(repr(error.error), error.event.type)\n",
        f"{RuntimeError('boom')!r} {wire_type}",
    )
    session.run("failures = []").run("tolerant = rt.Dispatcher(on_error=failures.append)")
    session.run(f"_ = tolerant.on({wire_type!r})(broken_handler)")
    session.run("tolerant.dispatch(raw) == event", "True")
    session.run("[type(failure).__name__ for failure in failures]", "['HandlerError']")
    return session.block()


def _asynchronous(page: _Page) -> str:
    cls = page.event.name
    session = Session().run("import asyncio").run("async_dispatcher = rt.AsyncDispatcher()")
    session.run(
        f"@async_dispatcher.on(rt.{cls})\n"
        f"async def on_it_later(event: rt.{cls}) -> None:\n"
        '    print("awaited", event.type)\n'
    )
    session.run(
        "asyncio.run(async_dispatcher.dispatch(raw)) == event",
        f"awaited {page.event.wire_type}",
        "True",
    )
    return session.block()


def _connections(view: PackageView, catalogue: Catalogue) -> dict[str, str]:
    """The kinds of connection, shown on the first protocol that has them and a server event
    that not every kind carries: narrowing a decoder, and a kind's own dispatcher. Empty when
    no protocol has kinds of connection."""
    shown_case = connection_showcase(catalogue)
    if shown_case is None:
        return {"connections": ""}
    protocol, event = shown_case.protocol, shown_case.event
    carried, other = shown_case.carried, shown_case.other
    shown = view.protocols[catalogue.protocols.index(protocol)]
    kinds = [c.key for c in protocol.connections]
    dispatcher = next(
        d for d in shown.connection_dispatchers if d.key_literal == python_string(carried)
    )
    module = "rt" if not shown.folder else shown.folder.rstrip("/")
    session = Session()
    if shown.folder:
        session.run(f"from {view.package} import {module}")
    session.run(f"{module}.CONNECTIONS", repr(tuple(kinds)))
    session.run(
        f"sorted({module}.EVENT_CONNECTIONS[{event.wire_type!r}])",
        repr(sorted(event.connections)),
    )
    session.run(f"raw = {compact(event.examples[0].payload)!r}")
    session.run(f"type({module}.parse_event(raw, connection={other!r})).__name__", "'UnknownEvent'")
    session.run(f"dispatcher = {module}.{dispatcher.sync}()")
    session.run(
        f"@dispatcher.on({event.wire_type!r})\n"
        f"def on_it(event: {module}.{event.name}) -> None:\n"
        "    print(type(event).__name__)\n"
    )
    session.run(
        f"_ = dispatcher.dispatch({module}.parse_event(raw, connection={carried!r}))",
        event.name,
    )
    return {
        "connections": session.block(),
        "connections_protocol": protocol.title,
        "connections_module": f"{view.package}.{module}" if shown.folder else view.package,
    }


def _versions(page: _Page) -> str:
    catalogue, event = page.catalogue, page.event
    versions = catalogue.primary.versions
    session = Session().run("rt.VERSIONS", repr(tuple(v.key for v in versions)))
    session.run(f"sorted(rt.EVENT_VERSIONS[{event.wire_type!r}])", repr(sorted(event.versions)))
    for version in versions:
        count = sum(version.key in e.versions for e in catalogue.union.events)
        session.run(f"len(rt.events_for({version.key!r}))", str(count))
    session.run(f"rt.EVENT_TYPES[{event.wire_type!r}] is rt.{event.name}", "True")
    session.run(f"rt.EVENT_CATEGORIES[{event.wire_type!r}]", repr(event.category))
    if event.renamed_from is not None:
        session.run(f"rt.RENAMED_EVENTS[{event.wire_type!r}]", repr(event.renamed_from))
    return session.block()
