"""The JSON Schema target's part of the API reference: each `$defs` entry for the code tabs, a
quick start, and a page on the documents and how to validate with them.

The declarations are the definitions this target built (the same data it writes with
json.dumps), handed over as they are. The page's example is a doctest session that
tests/targets/test_docs_site.py runs with the `jsonschema` package against the written documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ... import naming
from ...escape import fenced_block, markdown_code, markdown_inline
from ...ir import Catalogue, Event, EventUnion, PrimitiveType
from ...render import render
from ...showcase import (
    WRONG_VALUE,
    compact,
    demo_event,
    plain_field,
    unknown_field,
    unknown_wire_type,
)
from ..base import DocsPage, QuickStart, Snippet, TargetDocs

TITLE = "JSON Schema"
PAGE = "json-schema.md"
# Where the documents are in the repository, for captions and examples.
ROOT = "generated"


def build_docs(
    catalogue: Catalogue,
    folder: str,
    documents: dict[str, dict[str, Any]],
    file_of: Callable[[EventUnion], str],
) -> TargetDocs:
    """`documents` by file name, `file_of` the file of a side's events. Every document holds
    every definition; an event's is shown from its own side's, a type's from the first side's
    that uses it."""
    declarations = {}
    for name, file in _homes(catalogue, file_of).items():
        definition = documents[file]["$defs"][name]
        shown = {key: value for key, value in definition.items() if key != "examples"}
        left_out = " (its `examples` are the ones shown above)" if "examples" in definition else ""
        caption = f'`"$defs"` → `"{name}"` in `{ROOT}/{folder}/{file}`{left_out}:'
        code = json.dumps(shown, indent=2, ensure_ascii=False)
        declarations[name] = Snippet(caption, "json", code)
    primary = file_of(catalogue.union)
    return TargetDocs(
        title=TITLE,
        declarations=declarations,
        quick_start=_quick_start(catalogue, f"{ROOT}/{folder}/{primary}"),
        pages=(
            DocsPage(
                path=PAGE,
                title="JSON Schema",
                summary="the documents, what they accept, and how to validate a payload with a "
                "standard validator, with an example that the test suite runs.",
                markdown=render(
                    "jsonschema/api.md.jinja", **_page(catalogue, folder, documents, primary)
                ),
            ),
        ),
    )


def _homes(catalogue: Catalogue, file_of: Callable[[EventUnion], str]) -> dict[str, str]:
    """The document each event's and type's definition is shown from (all hold it)."""
    sending = [union for union in catalogue.unions if union.events]
    homes = {event.name: file_of(union) for union in sending for event in union.events}
    for union in sending:
        for name in sorted(catalogue.types_used_by(union.protocol)):
            homes.setdefault(name, file_of(union))
    for declared in catalogue.types:  # used by no event: the first document's
        homes.setdefault(declared.name, file_of(catalogue.union))
    return homes


def _quick_start(catalogue: Catalogue, path: str) -> QuickStart:
    message = compact(demo_event(catalogue).examples[0].payload)
    code = "\n".join(
        [
            "import json",
            "",
            "from jsonschema import Draft202012Validator",
            "",
            f'with open({path!r}, encoding="utf-8") as file:',
            "    validator = Draft202012Validator(json.load(file))",
            "",
            f"message = {message!r}",
            "validator.validate(json.loads(message))  # a ValidationError for a bad payload",
        ]
    )
    intro = (
        f"A JSON Schema (draft 2020-12) document per protocol and side, such as `{path}`, that "
        "accepts exactly what the Python package accepts: validate with any 2020-12 validator, "
        f"in any language. The [JSON Schema]({PAGE}) page says more."
    )
    install = Snippet("", "sh", "pip install jsonschema   # or any draft 2020-12 validator")
    return QuickStart(intro, (install, Snippet("", "python", code)))


@dataclass(frozen=True, slots=True)
class DocumentRow:
    file: str  # Markdown
    sender: str  # Markdown
    count: int


def _page(
    catalogue: Catalogue, folder: str, documents: dict[str, dict[str, Any]], primary: str
) -> dict[str, Any]:
    event = demo_event(catalogue)
    path = f"{ROOT}/{folder}/{primary}"
    rows = []
    for file, document in documents.items():
        rows.append(
            DocumentRow(
                file=markdown_code(f"{ROOT}/{folder}/{file}"),
                sender=markdown_inline(document["title"]),
                count=len(_root_events(document)),
            )
        )
    return {
        "documents": tuple(rows),
        "discriminator": markdown_code(catalogue.union.discriminator),
        "example": _validating(catalogue, event, path),
        "event": markdown_code(event.wire_type),
        "event_link": naming.docs_event_page(event.wire_type),
        "definition": markdown_code(event.name),
        "path": markdown_code(path),
    }


def _root_events(document: dict[str, Any]) -> list[str]:
    """The events a document's root admits: the members of its known events' union."""
    known = document["anyOf"][0]["$ref"].removeprefix("#/$defs/")
    return [branch["$ref"] for branch in document["$defs"][known]["oneOf"]]


def _validating(catalogue: Catalogue, event: Event, path: str) -> str:
    """A doctest session: the demo payload passes, a broken one fails, and the event's own
    definition says why; what the catalogue does not know passes."""
    message = compact(event.examples[0].payload)
    lines = [
        ">>> import json",
        ">>> from jsonschema import Draft202012Validator",
        f'>>> with open({path!r}, encoding="utf-8") as file:',
        "...     schema = json.load(file)",
        ">>> validator = Draft202012Validator(schema)",
        f">>> message = {message!r}",
        ">>> validator.is_valid(json.loads(message))",
        "True",
    ]
    broken = plain_field(event, event.examples[0].payload, tuple(WRONG_VALUE))
    if broken is not None:
        assert isinstance(broken.type, PrimitiveType)
        name, wrong = broken.wire_name, WRONG_VALUE[broken.type.primitive]
        lines += [
            ">>> broken = json.loads(message)",
            f">>> del broken[{name!r}]",
            ">>> validator.is_valid(broken)",
            "False",
            f'>>> one_event = {{"$defs": schema["$defs"], "$ref": "#/$defs/{event.name}"}}',
            ">>> def why(payload):",
            "...     for error in Draft202012Validator(one_event).iter_errors(payload):",
            "...         print(error.json_path, error.validator)",
            ">>> why(broken)",
            "$ required",
            f">>> broken[{name!r}] = {wrong!r}",
            ">>> why(broken)",
            f"$.{name} type",
        ]
    extra = unknown_field(event)
    unknown = {"type": unknown_wire_type(catalogue, event), "id": 1}
    lines += [
        f">>> validator.is_valid({{**json.loads(message), {extra!r}: [1, 2]}})",
        "True",
        f">>> validator.is_valid({unknown!r})",
        "True",
    ]
    return fenced_block("\n".join(lines), "pycon")
