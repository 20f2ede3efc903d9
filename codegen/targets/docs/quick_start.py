"""The home page's quick start: a tab per built target, in a table keyed by target name.

Each entry decodes the same real example of the catalogue (the Python API page's event), so the
tabs read as one task done in each target. A target the registry does not hold has no tab.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath

from ...escape import fenced_block
from ...ir import Catalogue, Event, Presence, thaw
from ..base import Output
from .code import root_members
from .python_api import demo_event, event_class
from .view import CodeTab, SnippetView

QuickStart = Callable[[Catalogue, Output, Event, str], CodeTab]


def _python(catalogue: Catalogue, output: Output, event: Event, message: str) -> CodeTab:
    package = output.folder
    cls = event_class(event)
    code = "\n".join(
        [
            f"import {package} as rt",
            "",
            f"message = {message!r}  # one message from the WebSocket",
            "",
            "event = rt.parse_event(message)  # JSON text, bytes or an already decoded dict",
            f"if isinstance(event, rt.{cls}):",
            "    print(event.to_dict())",
            "",
            "dispatcher = rt.Dispatcher()",
            "",
            "",
            f"@dispatcher.on({event.wire_type!r})  # or the class; a misspelt wire type fails here",
            f"def on_event(event: rt.{cls}) -> None:",
            "    print(event.type)",
            "",
            "",
            "dispatcher.dispatch(message)",
        ]
    )
    intro = (
        f"Copy `generated/{package}/` into your project: standard library only, Python 3.11 or "
        f"newer, typed. The [Python API](python.md) page says the rest."
    )
    return CodeTab("Python", (SnippetView(intro, fenced_block(code, "python")),))


def _pydantic(catalogue: Catalogue, output: Output, event: Event, message: str) -> CodeTab:
    package = PurePosixPath(output.folder).name
    code = "\n".join(
        [
            "import json",
            "",
            f"import {package} as rp",
            "",
            f"message = {message!r}",
            "",
            "event = rp.parse_event(message)  # a pydantic.ValidationError for a bad payload",
            f"if isinstance(event, rp.{event_class(event)}):",
            '    print(event.model_dump(mode="json", by_alias=True, exclude_unset=True))',
            "assert rp.dump_event(event) == json.loads(message)  # the payload, exactly",
        ]
    )
    intro = (
        f"Pydantic v2 models, in `generated/{output.folder}/`, for applications that already use "
        "Pydantic: they accept exactly what the Python package accepts."
    )
    return CodeTab("Pydantic", (SnippetView(intro, fenced_block(code, "python")),))


def _typescript(catalogue: Catalogue, output: Output, event: Event, message: str) -> CodeTab:
    required = [f.wire_name for f in event.fields if f.presence is Presence.REQUIRED]
    shown = next((name for name in required if name.isidentifier()), "type")
    code = "\n".join(
        [
            f"import {{ Dispatcher, parseServerEvent }} from {json.dumps(catalogue.name)};",
            "",
            f"const message = {json.dumps(message, ensure_ascii=False)};",
            "const event = parseServerEvent(message); // throws for a bad payload",
            "console.log(event.type);",
            "",
            "new Dispatcher()",
            f"  .on({json.dumps(event.wire_type)}, (e) => console.log(e.{shown})) // e is typed",
            "  .dispatch(message);",
        ]
    )
    intro = f"The npm package `{catalogue.name}`, in `generated/{output.folder}/`."
    return CodeTab("TypeScript", (SnippetView(intro, fenced_block(code, "typescript")),))


def _jsonschema(catalogue: Catalogue, output: Output, event: Event, message: str) -> CodeTab:
    documents = {p: json.loads(t) for p, t in sorted(output.files.items()) if p.endswith(".json")}
    chosen = next(
        (p for p, d in documents.items() if event_class(event) in root_members(d)),
        next(iter(documents)),
    )
    path = f"generated/{output.folder}/{chosen}"
    code = "\n".join(
        [
            "import json",
            "",
            "from jsonschema import Draft202012Validator  # pip install jsonschema",
            "",
            f'with open({path!r}, encoding="utf-8") as file:',
            "    validator = Draft202012Validator(json.load(file))",
            "",
            f"message = {message!r}",
            "validator.validate(json.loads(message))  # a ValidationError for a bad payload",
        ]
    )
    intro = (
        f"A JSON Schema (draft 2020-12) document, `{path}`, that accepts exactly what the "
        "Python package accepts; use it from any language."
    )
    return CodeTab("JSON Schema", (SnippetView(intro, fenced_block(code, "python")),))


QUICK_STARTS: Mapping[str, QuickStart] = {
    "python": _python,
    "pydantic": _pydantic,
    "typescript": _typescript,
    "jsonschema": _jsonschema,
}


def quick_starts(catalogue: Catalogue, inputs: Mapping[str, Output]) -> tuple[CodeTab, ...]:
    """A tab per built target, in the table's order."""
    event = demo_event(catalogue)
    message = json.dumps(thaw(event.examples[0].payload), ensure_ascii=False, separators=(",", ":"))
    return tuple(
        make(catalogue, inputs[name], event, message)
        for name, make in QUICK_STARTS.items()
        if name in inputs
    )
