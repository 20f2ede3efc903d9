"""The TypeScript target's part of the API reference: its code tab, quick start and API page.

Each interface and alias is rendered from the target's own view with the macros its modules use,
so the tab shows the lines the package holds without reading the package back. The API page's
examples are small programs, each complete with its imports; tests/targets/test_docs_typescript.py
compiles every one against the built package and runs it with Node, comparing what it prints
with the `// →` lines under each `console.log`. Every value they show comes from the catalogue
and the view; none is a message of the runtime (the Python and TypeScript decoders share their
messages, and the agreement tests hold them to that).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ... import naming
from ...escape import fenced_block, markdown_code, markdown_inline
from ...ir import Catalogue, Event, JsonObject, Presence, Primitive, PrimitiveType
from ...render import macros as template_macros
from ...render import render
from ...showcase import (
    compact,
    connection_showcase,
    demo_event,
    twin,
    unknown_field,
    unknown_wire_type,
)
from ..base import DocsPage, QuickStart, Snippet, TargetDocs
from .view import DirectionView, EnumView, PackageView, ProtocolView

TITLE = "TypeScript"
PAGE = "typescript.md"
ROOT = "generated"  # where the package is in the repository, for captions
PACKED = "build"  # where `make ts-pack` writes the tarball (the Makefile's TS_PACK_DIR)


def build_docs(view: PackageView, catalogue: Catalogue, folder: str) -> TargetDocs:
    """The tab's declarations, the home page's quick start and the API page."""
    macros = template_macros("typescript")
    declarations: dict[str, Snippet] = {}
    extras: dict[str, tuple[Snippet, ...]] = {}
    for module in view.modules:
        where = f"`{ROOT}/{folder}/src/{module.path}`"
        for entry in module.entries:
            if entry.object is not None:
                name, code = entry.object.name, macros.interface(entry.object)
            elif entry.enum is not None:
                name, code = entry.enum.name, macros.enum(entry.enum)
            else:
                union = entry.union
                assert union is not None
                # The union macro writes the decoder after the alias; the alias alone is the
                # same list of members an enumeration's is, which the enum macro writes.
                alias = EnumView(name=union.name, doc=union.doc, members=union.members)
                name, code = union.name, macros.enum(alias)
            declarations[name] = Snippet(f"`{name}` in {where}:", "typescript", str(code))
            param = entry.param  # what a client writes, where it is a type of its own
            if param is not None and not param.alias_of:
                caption = (
                    f"What a client writes, `{param.name}`: the same shape, in which a "
                    "misspelt or unknown property does not compile:"
                )
                extras[name] = (Snippet(caption, "typescript", str(macros.param(param))),)
    return TargetDocs(
        title=TITLE,
        declarations=declarations,
        extras=extras,
        quick_start=quick_start(view, catalogue),
        pages=(
            DocsPage(
                path=PAGE,
                title="TypeScript API",
                summary=f"the npm package `{view.package}`: decoding, narrowing, errors, "
                "unknown data, dispatching and sending, with examples that the test suite "
                "compiles and runs.",
                markdown=render("typescript/api.md.jinja", **api_page(view, catalogue)),
            ),
        ),
    )


def tarball(view: PackageView) -> str:
    """The file `npm pack` (`make ts-pack`) writes for the package."""
    return f"{view.package.lstrip('@').replace('/', '-')}-{view.version}.tgz"


def quick_start(view: PackageView, catalogue: Catalogue) -> QuickStart:
    event = demo_event(catalogue)
    required = [f.wire_name for f in event.fields if f.presence is Presence.REQUIRED]
    shown = next((name for name in required if name.isidentifier()), "type")
    primary = view.primary
    code = "\n".join(
        [
            f"import {{ Dispatcher, {primary.parser} }} from {json.dumps(view.package)};",
            "",
            f"const message = {_string(compact(event.examples[0].payload))};",
            f"const event = {primary.parser}(message); // throws for a bad payload",
            "console.log(event.type);",
            "",
            "new Dispatcher()",
            f"  .on({json.dumps(event.wire_type)}, (e) => console.log(e.{shown})) // e is typed",
            "  .dispatch(message);",
        ]
    )
    get = "\n".join(
        [
            f"make ts-pack                            # writes {PACKED}/{tarball(view)}",
            f"npm install ./{tarball(view)}   # in your application, with the tarball copied there",
        ]
    )
    intro = (
        f"The npm package `{view.package}`: types, a checking decoder and a typed dispatcher, "
        "for browsers and Node, with no dependencies. `make ts-pack` packs it into a tarball "
        f"that npm installs. The [TypeScript API]({PAGE}) page says the rest."
    )
    return QuickStart(intro, (Snippet("", "sh", get), Snippet("", "typescript", code)))


# --- the API page ---------------------------------------------------------------------------


class Script:
    """An example program: its lines, and under each `console.log` what it prints."""

    def __init__(self, *imports: str) -> None:
        self.lines = [*imports, ""] if imports else []

    def add(self, *lines: str) -> Script:
        self.lines += lines
        return self

    def log(self, expression: str, *printed: str) -> Script:
        self.lines.append(f"console.log({expression});")
        self.lines += [f"// → {line}" for line in printed]
        return self

    def block(self) -> str:
        return fenced_block("\n".join(self.lines), "typescript")


def _imports(names: list[str], module: str) -> str:
    ordered = sorted(set(names), key=lambda n: (n.removeprefix("type ").lower(), n))
    line = f"import {{ {', '.join(ordered)} }} from {json.dumps(module)};"
    if len(line) <= 100:
        return line
    return (
        "import {\n"
        + "".join(f"  {name},\n" for name in ordered)
        + f"}} from {json.dumps(module)};"
    )


def _string(value: str) -> str:
    """A string literal, in double quotes; JSON text in single quotes where it can be, which
    reads better than escaped double quotes."""
    plain = not any(c in "'\\" or ord(c) < 0x20 or c in "\u2028\u2029" for c in value)
    return f"'{value}'" if plain and '"' in value else json.dumps(value, ensure_ascii=False)


def _json(value: object) -> str:
    """JSON text as a server sends it: compact."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _key(name: str) -> str:
    """A property name as an object literal writes it."""
    bare = name.isascii() and name.replace("_", "a").replace("$", "a").isalnum()
    return name if bare and not name[0].isdigit() else _string(name)


def _literal(value: object, indent: str = "") -> str:
    """A JSON value as a TypeScript literal, one property or item a line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        lines = [f"{inner}{_key(k)}: {_literal(v, inner)}," for k, v in value.items()]
        return "{\n" + "\n".join(lines) + f"\n{indent}}}"
    if isinstance(value, list) and value:
        lines = [f"{inner}{_literal(item, inner)}," for item in value]
        return "[\n" + "\n".join(lines) + f"\n{indent}]"
    if isinstance(value, str):
        return _string(value)
    return json.dumps(value)


def _printed(value: object) -> str:
    """How console.log prints a JSON value that JSON.stringify wrapped, or a string as is."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class _Page:
    view: PackageView
    catalogue: Catalogue
    event: Event  # the event the examples decode
    payload: JsonObject
    side: DirectionView  # the primary protocol's server side

    @property
    def package(self) -> str:
        return self.view.package

    @property
    def message(self) -> str:
        return f"const message = {_string(compact(self.payload))};"


def _readable(event: Event, payload: JsonObject) -> str | None:
    """A required string field of the event that its payload holds, to print."""
    for f in event.fields:
        if (
            f.presence is Presence.REQUIRED
            and not f.nullable
            and f.enum is None
            and isinstance(f.type, PrimitiveType)
            and f.type.primitive is Primitive.STRING
            and f.wire_name in payload
            and naming.typescript_property(f.wire_name) == f.wire_name
        ):
            return f.wire_name
    return None


def api_page(view: PackageView, catalogue: Catalogue) -> dict[str, Any]:
    event = demo_event(catalogue)
    page = _Page(view, catalogue, event, event.examples[0].payload, view.primary)
    protocol = view.protocols[0]
    clients = [d for d in protocol.directions if not d.primary]
    return {
        "package": markdown_code(view.package),
        "tarball": markdown_code(f"{PACKED}/{tarball(view)}"),
        "event": markdown_code(event.wire_type),
        "event_link": naming.docs_event_page(event.wire_type),
        "side": page.side,
        "decoding": _decoding(page),
        "narrowing": _narrowing(page),
        "errors": _errors(page),
        "unknown": _unknown(page),
        "unknown_fields": unknown_fields_example(page),
        "dispatching": _dispatching(page),
        "sending": _sending(page, clients[0]) if clients else "",
        "client": clients[0] if clients else None,
        "versions": _versions(page, protocol) if protocol.versions else "",
        "others": tuple(
            (
                markdown_code(f"{view.package}/{p.folder.rstrip('/')}"),
                markdown_inline(p.title),
                ", ".join(markdown_code(d.parser) for d in p.directions),
            )
            for p in view.protocols[1:]
        ),
        "catalogue_version": markdown_code(catalogue.version),
        **_connections(view, catalogue),
    }


def _decoding(page: _Page) -> str:
    side, event = page.side, page.event
    script = Script(_imports([side.parser], page.package)).add(page.message, "")
    script.add(f"const event = {side.parser}(message);")
    script.log("event.type", event.wire_type)
    shown = _readable(event, page.payload)
    if shown is not None:
        script.add(f"if (event.type === {_string(event.wire_type)}) {{")
        script.add(f"  console.log(event.{shown}); // typed as {event.name}")
        script.add(f"  // → {_printed(page.payload[shown])}")
        script.add("}")
    script.log("JSON.stringify(event) === JSON.stringify(JSON.parse(message))", "true")
    script.add(
        "", "const bytes = new TextEncoder().encode(message); // what a WebSocket may hand over"
    )
    script.log(f"{side.parser}(bytes).type", event.wire_type)
    return script.block()


def _narrowing(page: _Page) -> str:
    side, event = page.side, page.event
    other = twin(page.catalogue, event)
    names = [side.parser, f"type {side.union}", f"type {side.unknown}"]
    script = Script(_imports(names, page.package))
    script.add(
        f"function describe(event: {side.union} | {side.unknown}): string {{",
        "  switch (event.type) {",
        f"    case {_string(event.wire_type)}:",
        f"      return {_string(event.name)}; // event is a {event.name} here",
    )
    if other is not None:
        script.add(
            f"    case {_string(other.wire_type)}:",
            f"      return {_string(other.name + ' (its name in the other version)')};",
        )
    script.add("    default:", "      return `something else: ${event.type}`;", "  }", "}", "")
    script.add(page.message)
    script.log(f"describe({side.parser}(message))", event.name)
    unknown = unknown_wire_type(page.catalogue, event)
    script.log(f"describe({side.parser}({_string(_json({'type': unknown}))}))",
               f"something else: {unknown}")  # fmt: skip
    return script.block()


def _errors(page: _Page) -> str:
    side, event = page.side, page.event
    field = next((f.wire_name for f in event.fields if f.presence is Presence.REQUIRED), None)
    script = Script(_imports([side.parser, "EventDecodeError", side.error], page.package))
    script.add(page.message, "")
    if field is not None:
        script.add(
            "const broken = JSON.parse(message);",
            f"delete broken[{_string(field)}];",
            "try {",
            f"  {side.parser}(broken);",
            "} catch (error) {",
            f"  if (error instanceof {side.error}) {{",
            "    console.log(error.eventType, error.path, error instanceof EventDecodeError);",
            f"    // → {event.wire_type} {field} true",
            "  }",
            "}",
        )
    script.add(
        "try {",
        f'  {side.parser}("[1, 2]");',
        "} catch (error) {",
        f"  console.log(error instanceof {side.error});",
        "  // → true",
        "}",
    )
    return script.block()


def _unknown(page: _Page) -> str:
    side, event = page.side, page.event
    unknown = unknown_wire_type(page.catalogue, event)
    extra = unknown_field(event)
    script = Script(_imports([side.parser, side.guard], page.package)).add(page.message, "")
    script.add(f"const later = {side.parser}({_string(_json({'type': unknown, 'id': 1}))});")
    script.log(f"{side.guard}(later), later.type", f"true {unknown}")
    script.add(
        "try {",
        f"  {side.parser}(JSON.stringify(later), {{ strict: true }});",
        "} catch {",
        '  console.log("refused");',
        "  // → refused",
        "}",
        "",
        f"const extended = {side.parser}({{ ...JSON.parse(message), {_key(extra)}: [1, 2] }});",
    )
    script.log(f"JSON.stringify(extended).includes({_string(json.dumps(extra))})", "true")
    return script.block()


def unknown_fields_example(page: _Page) -> str:
    """`unknownFields`: what an event holds that the catalogue does not know."""
    side, event = page.side, page.event
    unknown = unknown_wire_type(page.catalogue, event)
    extra = unknown_field(event)
    script = Script(_imports([side.parser, "unknownFields"], page.package)).add(page.message, "")
    script.log(f"unknownFields({side.parser}(message)).length", "0")
    script.add(
        "",
        f"const extended = {side.parser}({{ ...JSON.parse(message), {_key(extra)}: [1, 2] }});",
        f"const later = {side.parser}({_string(_json({'type': unknown}))});",
        "for (const news of [...unknownFields(extended), ...unknownFields(later)]) {",
        "  console.log(news.path, news.kind, JSON.stringify(news.value));",
        "}",
        f"// → {extra} field [1,2]",
        f"// → type event type {_string(unknown)}",
    )
    return script.block()


def _dispatching(page: _Page) -> str:
    event = page.event
    other = twin(page.catalogue, event)
    unknown = unknown_wire_type(page.catalogue, event)
    script = Script(_imports(["Dispatcher", "HandlerError"], page.package)).add(page.message, "")
    renamed = ", { includeRenamed: true }" if other is not None else ""
    script.add(
        "const dispatcher = new Dispatcher()",
        f'  .on({_string(event.wire_type)}, (e) => console.log("on", e.type){renamed})',
        f'  .onCategory({_string(event.category)}, (e) => console.log("category", e.type))',
        '  .fallback((e) => console.log("fallback", e.type));',
        "dispatcher.dispatch(message);",
        f"// → on {event.wire_type}",
        f"// → category {event.wire_type}",
    )
    if other is not None:
        script.add(f"dispatcher.dispatch({_string(compact(other.examples[0].payload))});")
        script.add(f"// → on {other.wire_type}")
        if other.category == event.category:
            script.add(f"// → category {other.wire_type}")
    script.add(f"dispatcher.dispatch({_string(_json({'type': unknown}))});")
    script.add(f"// → fallback {unknown}")
    script.add(
        "",
        "const failing = new Dispatcher().on("
        f'{_string(event.wire_type)}, () => {{ throw new Error("boom"); }});',
        "try {",
        "  failing.dispatch(message);",
        "} catch (error) {",
        "  if (error instanceof HandlerError) console.log(error.event.type, String(error.cause));",
        f"  // → {event.wire_type} Error: boom",
        "}",
    )
    return script.block()


def _sending(page: _Page, client: DirectionView) -> str:
    """The shortest example of the first client side, written as a typed literal."""
    catalogue = page.catalogue
    union = next(u for u in catalogue.unions_of(catalogue.primary.key) if u.direction == client.key)
    event = min(union.events, key=lambda e: (len(compact(e.examples[0].payload)), e.wire_type))
    written = next(row.param for row in client.events if row.name == event.name)
    script = Script(_imports([client.parser, f"type {written}"], page.package))
    script.add(f"const sent: {written} = {_literal(json.loads(event.examples[0].text))};")
    script.add("const text = JSON.stringify(sent); // what the WebSocket sends")
    script.log(f"{client.parser}(text).type", event.wire_type)
    return script.block()


def _connections(view: PackageView, catalogue: Catalogue) -> dict[str, Any]:
    """The kinds of connection, on the first protocol that has them and a server event that
    not every kind carries: narrowing the parser with `{ connection }`. Empty when no protocol
    has kinds of connection."""
    shown_case = connection_showcase(catalogue)
    if shown_case is None:
        return {"connections": ""}
    protocol, event = shown_case.protocol, shown_case.event
    carried, other = shown_case.carried, shown_case.other
    shown = view.protocols[catalogue.protocols.index(protocol)]
    kinds = [c.key for c in protocol.connections]
    side = shown.primary
    module = f"{view.package}/{shown.folder.rstrip('/')}" if shown.folder else view.package
    names = ["CONNECTIONS", side.parser, side.guard, side.connections_constant, side.events_on]
    script = Script(_imports(names, module))
    script.add(f"const message = {_string(compact(event.examples[0].payload))};", "")
    script.log("CONNECTIONS.join()", ",".join(kinds))
    script.log(
        f"{side.connections_constant}[{_string(event.wire_type)}].join()",
        ",".join(event.connections),
    )
    for kind in (other, carried):
        script.log(
            f"{side.guard}({side.parser}(message, {{ connection: {_string(kind)} }}))",
            "false" if kind == carried else "true",
        )
    script.log(f"{side.events_on}({_string(carried)}).includes({_string(event.wire_type)})",
               "true")  # fmt: skip
    return {
        "connections": script.block(),
        "connections_side": side,
        "connections_module": markdown_code(module),
        "connections_protocol": markdown_inline(protocol.title),
    }


def _versions(page: _Page, protocol: ProtocolView) -> str:
    side, event = page.side, page.event
    names = [side.parser, side.guard, "VERSIONS", side.versions_constant, side.renamed_constant]
    script = Script(_imports(names, page.package)).add(page.message, "")
    script.log("VERSIONS.join()", ",".join(json.loads(v) for v in protocol.versions))
    script.log(
        f"{side.versions_constant}[{_string(event.wire_type)}].join()", ",".join(event.versions)
    )
    if event.renamed_from is not None:
        script.log(f"{side.renamed_constant}[{_string(event.wire_type)}]", event.renamed_from)
    for version in page.catalogue.primary.versions:
        sent = version.key in event.versions
        script.log(
            f"{side.guard}({side.parser}(message, {{ version: {_string(version.key)} }}))",
            "false" if sent else "true",
        )
    return script.block()
