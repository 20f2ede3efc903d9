"""The Python API page's examples and each event's handler snippet, built from the IR.

The examples are doctest sessions (`>>>` prompts) that tests/targets/test_docs_site.py runs
against the generated package, so that the page cannot drift from the code. Every value they
show is computed here from the catalogue: the event they decode is a real example of the spec,
chosen by a fixed rule, and the output they expect follows from the payload and the package's
rules.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass

from ... import naming
from ...escape import fenced_block
from ...ir import (
    Catalogue,
    Event,
    EventUnion,
    Field,
    JsonObject,
    NamedType,
    Presence,
    Primitive,
    PrimitiveType,
    UnionType,
    thaw,
)
from .code import Snippet

# A value of the other JSON kind for each primitive, and the word the decoder's message uses
# for what it got instead.
_WRONG_VALUE: dict[Primitive, tuple[object, str]] = {
    Primitive.STRING: (5, "integer"),
    Primitive.INTEGER: ("five", "'five'"),
    Primitive.BOOLEAN: ("yes", "'yes'"),
}


@dataclass(frozen=True, slots=True)
class PythonDemo:
    """What the docs need to know of the Python target: its package's name."""

    package: str


def event_class(event: Event) -> str:
    """The Python class of an event: its neutral name."""
    return event.name


def attribute(f: Field) -> str:
    explicit = f.hints.get("python", "name")
    return str(explicit.value) if explicit else naming.python_attribute(f.wire_name)


def bytes_helper(f: Field) -> str | None:
    hint = f.hints.get("python", "bytes_helper")
    return str(hint.value) if hint else None


def _compact(payload: JsonObject) -> str:
    return json.dumps(thaw(payload), ensure_ascii=False, separators=(",", ":"))


def _fresh(taken: set[str], base: str) -> str:
    """`base`, lengthened with `_later` until no name in `taken` is the same."""
    while base in taken:
        base += "_later"
    return base


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


# --- handler snippets, one per event ---------------------------------------------------------


def handler_snippet(demo: PythonDemo, event: Event, catalogue: Catalogue) -> Snippet:
    """A Dispatcher registration for `event` (with its renamed twin, if any) whose handler
    reads one field; tests run every snippet and type-check it with mypy --strict."""
    cls = event_class(event)
    twins = [
        other
        for other in catalogue.union.events
        if other.wire_type in (event.renamed_from, event.renamed_to)
    ]
    annotation = " | ".join(f"rt.{name}" for name in [cls, *(event_class(t) for t in twins)])
    renamed = ", include_renamed=True" if twins else ""
    shared = {f.wire_name for t in twins for f in t.fields}
    body = _handler_body(event, shared if twins else None)
    code = "\n".join(
        [
            f"import {demo.package} as rt",
            "",
            "dispatcher = rt.Dispatcher()",
            "",
            "",
            f"@dispatcher.on(rt.{cls}{renamed})",
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


def _handler_body(event: Event, shared: set[str] | None) -> str:
    usable = [f for f in event.fields if shared is None or f.wire_name in shared]
    for f in usable:
        helper = bytes_helper(f)
        if helper is not None and f.presence is Presence.REQUIRED:
            return f"print(len(event.{helper}()))  # `{f.wire_name}`, decoded from base64"
    for f in usable:
        if f.presence is Presence.REQUIRED:
            return f"print(event.{attribute(f)})"
    return "print(event.type)"


# --- the Python API page --------------------------------------------------------------------


def _first_field(event: Event, payload: JsonObject, kinds: tuple[Primitive, ...]) -> Field | None:
    """The first required, non-null field of one of `kinds` (no enum) that `payload` holds."""
    for f in event.fields:
        if (
            f.presence is Presence.REQUIRED
            and not f.nullable
            and f.enum is None
            and isinstance(f.type, PrimitiveType)
            and f.type.primitive in kinds
            and f.wire_name in payload
        ):
            return f
    return None


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


def demo_event(catalogue: Catalogue) -> Event:
    """The event the page decodes: one with a renamed twin, so that renames can be shown on it
    too (any event if none has one), and of those the one with the shortest first example, so
    that the examples stay readable; ties go to the first by wire type."""
    events = catalogue.union.events
    renamed = [e for e in events if e.renamed_from is not None] or list(events)
    return min(renamed, key=lambda e: len(_compact(e.examples[0].payload)))


@dataclass(frozen=True, slots=True)
class _Page:
    """What every section of the page shares: the decoded event and names nothing else uses."""

    catalogue: Catalogue
    package: str
    event: Event  # the event the sections decode
    payload: JsonObject  # its first example
    cls: str
    twin: Event | None  # the same event under its name in the other version
    unknown_type: str  # a wire type the catalogue does not have

    @property
    def raw(self) -> str:
        return _compact(self.payload)


def python_api_page(demo: PythonDemo, catalogue: Catalogue) -> dict[str, object]:
    """The context of the page: one doctest block per section, or "" for a section that the
    catalogue has nothing to show with."""
    event = demo_event(catalogue)
    other = event.renamed_from or event.renamed_to
    page = _Page(
        catalogue=catalogue,
        package=demo.package,
        event=event,
        payload=event.examples[0].payload,
        cls=event_class(event),
        twin=next((e for e in catalogue.union.events if e.wire_type == other), None),
        unknown_type=_fresh(
            {e.wire_type for e in catalogue.union.events}, f"{event.category}.added_later"
        ),
    )
    nullable = _nullable_field(catalogue)
    return {
        "package": page.package,
        "event": event.wire_type,
        "event_link": naming.docs_event_page(event.wire_type),
        "event_class": page.cls,
        "decoding": _decoding(page),
        "changing": _changing(page),
        "errors": _errors(page),
        "unknown": _unknown_event(page),
        "unknown_object": _unknown_object(page),
        "extra": _extra_fields(page),
        "unknown_fields": _unknown_fields(page),
        "missing": _missing(nullable),
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
        "other_directions": _other_directions(catalogue),
        "other_parsers": ", ".join(
            f"`{naming.python_parser(u.direction, primary=False)}`"
            for u in _other_unions(catalogue)
        ),
        "version_keys": ", ".join(f"`{v.key}`" for v in catalogue.primary.versions),
    }


def _decoding(page: _Page) -> str:
    event, payload = page.event, page.payload
    session = Session().run("import json").run(f"import {page.package} as rt")
    session.run(f"raw = {page.raw!r}").run("event = rt.parse_event(raw)")
    session.run("type(event).__name__", repr(page.cls)).run("event.type", repr(event.wire_type))
    shown = _first_field(event, payload, (Primitive.STRING, Primitive.INTEGER, Primitive.BOOLEAN))
    if shown is not None:
        session.run(f"event.{attribute(shown)}", repr(thaw(payload[shown.wire_name])))
    for f in event.fields:
        helper = bytes_helper(f)
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
    text = _first_field(page.event, page.payload, (Primitive.STRING,))
    if text is None:
        return ""
    attr, old, new = attribute(text), thaw(page.payload[text.wire_name]), "edited"
    session = Session().run("import dataclasses")
    session.run(
        f"try:\n    event.{attr} = {new!r}\nexcept dataclasses.FrozenInstanceError as error:\n"
        "    print(error)\n",
        f"cannot assign to field {attr!r}",
    )
    session.run(f"changed = dataclasses.replace(event, {attr}={new!r})")
    session.run(f"changed.{attr}, event.{attr}", repr((new, old)))
    session.run(f"changed.to_dict()[{text.wire_name!r}]", repr(new))
    return session.block()


def _errors(page: _Page) -> str:
    wire_type = page.event.wire_type
    session = Session()
    required = _first_field(page.event, page.payload, tuple(_WRONG_VALUE))
    if required is not None:
        name = required.wire_name
        session.run("broken = json.loads(raw)").run(f"del broken[{name!r}]")
        session.run(
            "try:\n    rt.parse_event(broken)\nexcept rt.EventDecodeError as error:\n"
            "    print(error)\n    print(error.event_type, error.path)\n",
            f"{wire_type}: {name}: required field is missing",
            f"{wire_type} {name}",
        )
        assert isinstance(required.type, PrimitiveType)
        wrong, got = _WRONG_VALUE[required.type.primitive]
        session.run(f"broken[{name!r}] = {wrong!r}")
        session.run(
            "try:\n    rt.parse_event(broken)\nexcept ValueError as error:  # a ValueError too\n"
            "    print(error)\n",
            f"{wire_type}: {name}: expected {required.type.primitive.value}, got {got}",
        )
    session.run(
        "try:\n    rt.parse_event('[1, 2]')\nexcept rt.EventDecodeError as error:\n"
        "    print(error)\n",
        "payload must be a JSON object, got array",
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
        f"{page.unknown_type}: unknown event type",
    )
    return session.block()


def _unknown_object(page: _Page) -> str:
    found = _union_field(page.catalogue)
    if found is None:
        return ""
    holder, f, union = found
    discriminator = union.discriminator or ""
    kind = _fresh({v.value for v in union.variants}, "added_later")
    session = Session().run(f"payload = json.loads({_compact(holder.examples[0].payload)!r})")
    session.run(f"payload[{f.wire_name!r}][{discriminator!r}] = {kind!r}")
    session.run("decoded = rt.parse_event(payload)")
    session.run(
        f"type(decoded.{attribute(f)}).__name__, decoded.{attribute(f)}.kind",
        repr(("UnknownObject", kind)),
    )
    session.run("decoded.to_dict() == payload", "True")
    return session.block()


def _extra_fields(page: _Page) -> str:
    key = _fresh({f.wire_name for f in page.event.fields}, "added_later")
    session = Session().run(f"extended = rt.parse_event({{**json.loads(raw), {key!r}: [1, 2]}})")
    session.run("extended.extra_fields", repr({key: [1, 2]}))
    session.run(f"extended.to_dict()[{key!r}]", "[1, 2]")
    session.run("event.extra_fields", "{}")
    return session.block()


def _unknown_fields(page: _Page) -> str:
    key = _fresh({f.wire_name for f in page.event.fields}, "added_later")
    session = Session().run("rt.unknown_fields(event)", "[]")
    session.run(
        "for news in rt.unknown_fields(extended) + rt.unknown_fields(unknown):\n"
        "    print(news.path, news.kind, news.value)\n",
        f"{key} field [1, 2]",
        f"type event type {page.unknown_type}",
    )
    return session.block()


def _other_unions(catalogue: Catalogue) -> list[EventUnion]:
    """Each direction but the primary one that has events: a catalogue may declare a direction
    before it has any event to show."""
    return [union for union in catalogue.unions_of(catalogue.primary.key)[1:] if union.events]


def _other_directions(catalogue: Catalogue) -> str:
    """A decoded example of the shortest event of each direction but the primary one."""
    others = _other_unions(catalogue)
    session = Session()
    for union in others:
        parser = naming.python_parser(union.direction, primary=False)
        event = min(union.events, key=lambda e: (len(_compact(e.examples[0].payload)), e.wire_type))
        name = naming.python_module(union.direction)
        session.run(f"sent = {_compact(event.examples[0].payload)!r}")
        session.run(f"{name} = rt.{parser}(sent)")
        session.run(f"type({name}).__name__", repr(event_class(event)))
        session.run(f"{name}.to_dict() == json.loads(sent)", "True")
        session.run(f"rt.{parser}({name}.to_json()) == {name}", "True")
    return session.block() if others else ""


def _missing(nullable: tuple[Event, Field] | None) -> str:
    session = Session().run("rt.MISSING", "MISSING").run("bool(rt.MISSING)", "False")
    if nullable is not None:
        holder, f = nullable
        attr = attribute(f)
        session.run(f"payload = json.loads({_compact(holder.examples[0].payload)!r})")
        session.run(f"del payload[{f.wire_name!r}]")
        session.run(f"rt.parse_event(payload).{attr}", "MISSING")
        session.run(f"rt.parse_event({{**payload, {f.wire_name!r}: None}}).{attr} is None", "True")
        session.run(f"isinstance(rt.parse_event(payload).{attr}, rt.Missing)", "True")
    return session.block()


def _dispatching(page: _Page) -> str:
    event, twin, cls = page.event, page.twin, page.cls
    handled = " | ".join(f"rt.{name}" for name in [cls, *([event_class(twin)] if twin else [])])
    session = Session().run("dispatcher = rt.Dispatcher()")
    session.run(
        f"@dispatcher.on(rt.{cls}{', include_renamed=True' if twin else ''})\n"
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
    if twin is not None:
        same_category = twin.category == event.category
        session.run(
            f"_ = dispatcher.dispatch({_compact(twin.examples[0].payload)!r})",
            f"on {twin.wire_type}",
            *([f"category {twin.wire_type}"] if same_category else []),
        )
    session.run("_ = dispatcher.dispatch(unknown.payload)", f"fallback {page.unknown_type}")
    return session.block()


def _failing(page: _Page) -> str:
    wire_type = page.event.wire_type
    session = Session().run("failing = rt.Dispatcher()")
    session.run(
        f"@failing.on({wire_type!r})\n"
        f"def broken_handler(event: rt.{page.cls}) -> None:\n"
        '    raise RuntimeError("boom")\n'
    )
    session.run(
        "try:\n    failing.dispatch(raw)\nexcept rt.HandlerError as error:\n"
        "    print(repr(error.error), error.event.type)\n",
        f"RuntimeError('boom') {wire_type}",
    )
    session.run("failures = []").run("tolerant = rt.Dispatcher(on_error=failures.append)")
    session.run(f"_ = tolerant.on({wire_type!r})(broken_handler)")
    session.run("tolerant.dispatch(raw) == event", "True")
    session.run("[type(failure).__name__ for failure in failures]", "['HandlerError']")
    return session.block()


def _asynchronous(page: _Page) -> str:
    session = Session().run("import asyncio").run("async_dispatcher = rt.AsyncDispatcher()")
    session.run(
        f"@async_dispatcher.on(rt.{page.cls})\n"
        f"async def on_it_later(event: rt.{page.cls}) -> None:\n"
        '    print("awaited", event.type)\n'
    )
    session.run(
        "asyncio.run(async_dispatcher.dispatch(raw)) == event",
        f"awaited {page.event.wire_type}",
        "True",
    )
    return session.block()


def _versions(page: _Page) -> str:
    catalogue, event = page.catalogue, page.event
    versions = catalogue.primary.versions
    session = Session().run("rt.VERSIONS", repr(tuple(v.key for v in versions)))
    session.run(f"sorted(rt.EVENT_VERSIONS[{event.wire_type!r}])", repr(sorted(event.versions)))
    for version in versions:
        count = sum(version.key in e.versions for e in catalogue.union.events)
        session.run(f"len(rt.events_for({version.key!r}))", str(count))
    session.run(f"rt.EVENT_TYPES[{event.wire_type!r}] is rt.{page.cls}", "True")
    session.run(f"rt.EVENT_CATEGORIES[{event.wire_type!r}]", repr(event.category))
    if event.renamed_from is not None:
        session.run(f"rt.RENAMED_EVENTS[{event.wire_type!r}]", repr(event.renamed_from))
    return session.block()
