"""The AsyncAPI target's part of the API reference: each event's message for the code tabs, a
quick start, and a page on what the document holds and what tools do with it.

The messages are the ones this target built, written with its own YAML dumper. The page's
example is a Node script that tests/targets/test_docs_site.py runs with the official parser
against the written document, comparing what it prints with the `// →` lines under it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...escape import fenced_block, markdown_code, markdown_inline
from ...render import render
from ..base import DocsPage, QuickStart, Snippet, TargetDocs

TITLE = "AsyncAPI"
PAGE = "asyncapi.md"
ROOT = "generated"  # where the document is in the repository, for captions and examples


def build_docs(
    path: str,
    document: dict[str, Any],
    dump: Callable[[dict[str, Any]], str],
) -> TargetDocs:
    """`path` is the document's under the output root, `dump` the target's YAML writer."""
    where = f"{ROOT}/{path}"
    declarations = {}
    for name, message in document["components"]["messages"].items():
        shown = {key: value for key, value in message.items() if key != "examples"}
        left_out = " (its `examples` are the ones shown above)" if "examples" in message else ""
        caption = f"`components.messages.{name}` in `{where}`{left_out}:"
        declarations[name] = Snippet(caption, "yaml", dump(shown).rstrip("\n"))
    return TargetDocs(
        title=TITLE,
        declarations=declarations,
        quick_start=QuickStart(
            f"An AsyncAPI 3.0 document, `{where}`, for AsyncAPI tools: open it in AsyncAPI "
            "Studio, or check it with the AsyncAPI CLI. The "
            f"[AsyncAPI document]({PAGE}) page says what it holds.",
            (Snippet("", "sh", f"npx @asyncapi/cli validate {where}"),),
        ),
        pages=(
            DocsPage(
                path=PAGE,
                title="AsyncAPI document",
                summary="the servers, channels, operations and messages of every protocol, and "
                "what AsyncAPI tools do with them, with an example that the test suite runs.",
                markdown=render("asyncapi/api.md.jinja", **_page(where, document)),
            ),
        ),
    )


def _page(where: str, document: dict[str, Any]) -> dict[str, Any]:
    channels = document["channels"]
    operations = document["operations"]
    script = [
        'import { readFileSync } from "node:fs";',
        'import { Parser } from "@asyncapi/parser";',
        "",
        f'const text = readFileSync({json.dumps(where)}, "utf8");',
        "const { document, diagnostics } = await new Parser().parse(text);",
        "console.log(diagnostics.filter((d) => d.severity === 0).length); // errors",
        "// → 0",
        "for (const operation of document.operations().all()) {",
        "  const messages = operation.messages().all();",
        "  console.log(operation.id(), operation.action(), messages.length);",
        "}",
        *(
            f"// → {key} {operation['action']} {len(operation['messages'])}"
            for key, operation in operations.items()
        ),
    ]
    return {
        "path": markdown_code(where),
        "channels": tuple(
            (
                markdown_code(key),
                markdown_inline(channel["title"]),
                markdown_code(channel["address"]) if "address" in channel else "yours",
                ", ".join(markdown_code(binding) for binding in channel.get("bindings", {})),
            )
            for key, channel in channels.items()
        ),
        "operations": tuple(
            (markdown_code(key), operation["action"], markdown_inline(operation["summary"]))
            for key, operation in operations.items()
        ),
        "message_count": len(document["components"]["messages"]),
        "script": fenced_block("\n".join(script), "js"),
    }
