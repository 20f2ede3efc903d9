"""The Python API page's examples and each event's handler snippet, built from the IR.

The examples are doctest sessions (`>>>` prompts) that tests/test_docs_site.py runs against the
generated package, so that the page cannot drift from the code. Every value they show is
computed here from the catalogue: the event they decode is a real example of the spec, chosen
by a fixed rule, and the output they expect follows from the payload and the package's rules.
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
    """The Python class of an event (a `python: {class_name}` hint, or the derived name)."""
    explicit = event.hints.get("python", "class_name")
    return str(explicit.value) if explicit else naming.event_class_name(event.wire_type)


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
        if other.wire_type in (event.renamed_from, _newer(catalogue, event))
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


def _newer(catalogue: Catalogue, event: Event) -> str | None:
    return next(
        (e.wire_type for e in catalogue.union.events if e.renamed_from == event.wire_type), None
    )


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


def python_api_page(demo: PythonDemo, catalogue: Catalogue) -> dict[str, object]:
    """The context of the page: one doctest block per section, or "" for a section that the
    catalogue has nothing to show with."""
    event = demo_event(catalogue)
    example = event.examples[0]
    payload = example.payload
    raw = _compact(payload)
    cls = event_class(event)
    pkg = demo.package
    wire_types = {e.wire_type for e in catalogue.events}
    unknown_type = _fresh(wire_types, f"{event.category}.added_later")
    extra_key = _fresh({f.wire_name for f in event.fields}, "added_later")

    decoding = Session().run("import json").run(f"import {pkg} as rt")
    decoding.run(f"raw = {raw!r}").run("event = rt.parse_event(raw)")
    decoding.run("type(event).__name__", repr(cls)).run("event.type", repr(event.wire_type))
    shown = _first_field(event, payload, (Primitive.STRING, Primitive.INTEGER, Primitive.BOOLEAN))
    if shown is not None:
        decoding.run(f"event.{attribute(shown)}", repr(thaw(payload[shown.wire_name])))
    for f in event.fields:
        helper = bytes_helper(f)
        value = payload.get(f.wire_name)
        if helper is not None and isinstance(value, str):
            decoded = binascii.a2b_base64(value)
            decoding.run(f"len(event.{helper}())  # `{f.wire_name}`, decoded", str(len(decoded)))
            break
    decoding.run("event.to_dict() == json.loads(raw)", "True")
    decoding.run("rt.parse_event(event.to_json()) == event", "True")

    errors = Session()
    required = _first_field(event, payload, tuple(_WRONG_VALUE))
    if required is not None:
        name = required.wire_name
        errors.run("broken = json.loads(raw)").run(f"del broken[{name!r}]")
        errors.run(
            "try:\n    rt.parse_event(broken)\nexcept rt.EventDecodeError as error:\n"
            "    print(error)\n    print(error.event_type, error.path)\n",
            f"{event.wire_type}: {name}: required field is missing",
            f"{event.wire_type} {name}",
        )
        assert isinstance(required.type, PrimitiveType)
        wrong, got = _WRONG_VALUE[required.type.primitive]
        errors.run(f"broken[{name!r}] = {wrong!r}")
        errors.run(
            "try:\n    rt.parse_event(broken)\nexcept ValueError as error:  # a ValueError too\n"
            "    print(error)\n",
            f"{event.wire_type}: {name}: expected {required.type.primitive.value}, got {got}",
        )
    errors.run(
        "try:\n    rt.parse_event('[1, 2]')\nexcept rt.EventDecodeError as error:\n"
        "    print(error)\n",
        "payload must be a JSON object, got array",
    )

    unknown = Session()
    unknown_raw = json.dumps({"type": unknown_type, "id": 1})
    unknown.run(f"unknown = rt.parse_event({unknown_raw!r})")
    unknown.run("type(unknown).__name__, unknown.type", repr(("UnknownEvent", unknown_type)))
    unknown.run("unknown.payload", repr({"type": unknown_type, "id": 1}))
    unknown.run(
        "try:\n    rt.parse_event(unknown.to_json(), strict=True)\n"
        "except rt.EventDecodeError as error:\n    print(error)\n",
        f"{unknown_type}: unknown event type",
    )

    unknown_object = ""
    found = _union_field(catalogue)
    if found is not None:
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
        unknown_object = session.block()

    extra = Session().run(
        f"extended = rt.parse_event({{**json.loads(raw), {extra_key!r}: [1, 2]}})"
    )
    extra.run("extended.extra_fields", repr({extra_key: [1, 2]}))
    extra.run(f"extended.to_dict()[{extra_key!r}]", "[1, 2]")
    extra.run("event.extra_fields", "{}")

    missing = Session().run("rt.MISSING", "MISSING").run("bool(rt.MISSING)", "False")
    nullable = _nullable_field(catalogue)
    missing_field = ""
    if nullable is not None:
        holder, f = nullable
        attr = attribute(f)
        page = naming.docs_event_page(holder.wire_type)  # from the page, which is at the top
        missing_field = f"`{f.wire_name}` of [`{holder.wire_type}`]({page})"
        missing.run(f"payload = json.loads({_compact(holder.examples[0].payload)!r})")
        missing.run(f"del payload[{f.wire_name!r}]")
        missing.run(f"rt.parse_event(payload).{attr}", "MISSING")
        missing.run(f"rt.parse_event({{**payload, {f.wire_name!r}: None}}).{attr} is None", "True")
        missing.run(f"isinstance(rt.parse_event(payload).{attr}, rt.Missing)", "True")

    newer = _newer(catalogue, event)
    twin = event.renamed_from or newer
    twin_event = next((e for e in catalogue.union.events if e.wire_type == twin), None)
    handler_type = " | ".join(
        f"rt.{name}" for name in [cls, *([event_class(twin_event)] if twin_event else [])]
    )
    dispatching = Session().run("dispatcher = rt.Dispatcher()")
    dispatching.run(
        f"@dispatcher.on(rt.{cls}{', include_renamed=True' if twin_event else ''})\n"
        f"def on_it(event: {handler_type}) -> None:\n"
        '    print("on", event.type)\n'
    )
    dispatching.run(
        f"@dispatcher.on_category({event.category!r})\n"
        f"def on_category(event: rt.ServerEvent) -> None:\n"
        '    print("category", event.type)\n'
    )
    dispatching.run(
        "@dispatcher.fallback\n"
        "def on_other(event: rt.ServerEvent | rt.UnknownEvent) -> None:\n"
        '    print("fallback", event.type)\n'
    )
    dispatching.run(
        "dispatcher.dispatch(raw) == event",
        f"on {event.wire_type}",
        f"category {event.wire_type}",
        "True",
    )
    if twin_event is not None:
        dispatching.run(
            f"_ = dispatcher.dispatch({_compact(twin_event.examples[0].payload)!r})",
            f"on {twin_event.wire_type}",
            *(
                [f"category {twin_event.wire_type}"]
                if twin_event.category == event.category
                else []
            ),
        )
    dispatching.run("_ = dispatcher.dispatch(unknown.payload)", f"fallback {unknown_type}")

    failing = Session().run("failing = rt.Dispatcher()")
    failing.run(
        f"@failing.on({event.wire_type!r})\n"
        f"def broken_handler(event: rt.{cls}) -> None:\n"
        '    raise RuntimeError("boom")\n'
    )
    failing.run(
        "try:\n    failing.dispatch(raw)\nexcept rt.HandlerError as error:\n"
        "    print(repr(error.error), error.event.type)\n",
        f"RuntimeError('boom') {event.wire_type}",
    )
    failing.run("failures = []").run("tolerant = rt.Dispatcher(on_error=failures.append)")
    failing.run(f"_ = tolerant.on({event.wire_type!r})(broken_handler)")
    failing.run("tolerant.dispatch(raw) == event", "True")
    failing.run("[type(failure).__name__ for failure in failures]", "['HandlerError']")

    asynchronous = Session().run("import asyncio").run("async_dispatcher = rt.AsyncDispatcher()")
    asynchronous.run(
        f"@async_dispatcher.on(rt.{cls})\n"
        f"async def on_it_later(event: rt.{cls}) -> None:\n"
        '    print("awaited", event.type)\n'
    )
    asynchronous.run(
        "asyncio.run(async_dispatcher.dispatch(raw)) == event",
        f"awaited {event.wire_type}",
        "True",
    )

    versions = Session().run("rt.VERSIONS", repr(tuple(v.key for v in catalogue.versions)))
    versions.run(f"sorted(rt.EVENT_VERSIONS[{event.wire_type!r}])", repr(sorted(event.versions)))
    for version in catalogue.versions:
        count = sum(version.key in e.versions for e in catalogue.union.events)
        versions.run(f"len(rt.events_for({version.key!r}))", str(count))
    versions.run(f"rt.EVENT_TYPES[{event.wire_type!r}] is rt.{cls}", "True")
    versions.run(f"rt.EVENT_CATEGORIES[{event.wire_type!r}]", repr(event.category))
    if event.renamed_from is not None:
        versions.run(f"rt.RENAMED_EVENTS[{event.wire_type!r}]", repr(event.renamed_from))

    return {
        "package": pkg,
        "event": event.wire_type,
        "event_link": naming.docs_event_page(event.wire_type),
        "event_class": cls,
        "decoding": decoding.block(),
        "errors": errors.block(),
        "unknown": unknown.block(),
        "unknown_object": unknown_object,
        "extra": extra.block(),
        "missing": missing.block(),
        "missing_field": missing_field,
        "dispatching": dispatching.block(),
        "failing": failing.block(),
        "asynchronous": asynchronous.block(),
        "versions": versions.block(),
        "version_keys": ", ".join(f"`{v.key}`" for v in catalogue.versions),
    }
