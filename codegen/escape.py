"""Turn spec text into safe literals for generated code and docs."""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Callable

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def python_string(text: str) -> str:
    """A Python string literal for `text` (JSON string syntax is valid Python for any str)."""
    return json.dumps(text, ensure_ascii=False)


def python_docstring(text: str, indent: str, width: int = 96) -> str:
    """A triple-quoted docstring for `text`, safe against quotes and backslashes.

    Paragraphs are re-wrapped to fit `width` after `indent`; the first line follows the quotes.
    """
    safe = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    # Control characters (a NUL, say) would make the source invalid: write them as escapes.
    safe = _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", safe)
    if safe.endswith('"'):
        safe = safe[:-1] + '\\"'
    available = max(40, width - len(indent))
    paragraphs = [
        "\n".join(textwrap.wrap(" ".join(block.split()), available, break_on_hyphens=False))
        for block in safe.split("\n\n")
        if block.strip()
    ]
    body = "\n\n".join(paragraphs)
    lines = body.split("\n")
    if len(lines) == 1 and len(lines[0]) + len(indent) + 6 <= width:
        return f'"""{lines[0]}"""'
    joined = "\n".join((indent + line) if line else "" for line in lines[1:])
    rest = f"\n{joined}" if joined else ""
    return f'"""{lines[0]}{rest}\n{indent}"""'


# The docs are Markdown as MkDocs reads it: Python-Markdown with the tables and attr_list
# extensions. Spec prose may use `code spans`; everything else is shown literally, never as
# markup. Only characters Python-Markdown can escape get a backslash (it shows the backslash
# before any other character, `\~` say), and `{` `}` are escaped so that attr_list cannot read
# `{ #id }` in prose as attributes. Tables split rows at pipes outside code spans, so a pipe is
# escaped in prose and left alone inside a span.
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}|])")
# What would start a block at the beginning of a line: a heading, a list item, a quote (`>` is
# written as `&gt;` by then); `1.` becomes `1\.`.
_LINE_MARKUP = re.compile(r"^(\s*)(?:([#+-])|(\d+)\.)", re.MULTILINE)


# Where a code span in prose should link to: the target of `code`, or None for no link.
CodeLinks = Callable[[str], str | None]


def markdown_inline(text: str, code_links: CodeLinks | None = None) -> str:
    """One line of spec prose (newlines folded), safe in a paragraph, a heading or a table cell.

    `code_links` turns a code span that names something with a page into a link to it."""
    return _escape_prose(" ".join(text.split()), code_links)


def markdown_block(text: str, code_links: CodeLinks | None = None) -> str:
    """Spec prose for Markdown paragraphs: blank lines separate paragraphs, as in the spec."""
    paragraphs = [" ".join(block.split()) for block in text.strip().split("\n\n") if block.strip()]
    return "\n\n".join(_escape_prose(paragraph, code_links) for paragraph in paragraphs)


def _escape_prose(text: str, code_links: CodeLinks | None) -> str:
    pieces: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_escape_plain(text[position : match.start()]))
        target = code_links(match.group(2).strip()) if code_links else None
        pieces.append(f"[{match.group(0)}]({target})" if target else match.group(0))
        position = match.end()
    pieces.append(_escape_plain(text[position:]))
    return _LINE_MARKUP.sub(_escape_line_start, "".join(pieces))


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, number = match.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\."


def _escape_plain(text: str) -> str:
    visible = _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    return _INLINE_MARKUP.sub(r"\\\1", html.escape(visible, quote=False))


def html_text(text: str) -> str:
    """Text for raw HTML in a page (a badge's label, an attribute's value): every markup
    character as an entity, so neither HTML nor Markdown reads it."""
    escaped = html.escape(_CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text))
    return re.sub(r"[\\`*_\[\]{}|]", lambda match: f"&#{ord(match.group())};", escaped)


def markdown_code(text: str) -> str:
    """Inline code: a backtick fence longer than any run of backticks inside."""
    longest = 0
    run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def fenced_block(text: str, language: str) -> str:
    """A fenced code block that no line of `text` can close early."""
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def typescript_string(text: str) -> str:
    """A TypeScript string literal for `text` (JSON string syntax is valid TypeScript)."""
    return json.dumps(text, ensure_ascii=False)


def tsdoc_comment(
    text: str, indent: str, width: int = 100, tags: tuple[tuple[str, str], ...] = ()
) -> str:
    """A `/** ... */` comment holding `text`, which no text can end early or turn into tags,
    then the block `tags` given as (name, text), such as `("deprecated", why)`.

    `*/` would close the comment and `@` would start a TSDoc tag: both are escaped with a
    backslash, as TSDoc reads them. Paragraphs are re-wrapped to fit `width` after `indent`.
    """
    available = max(40, width - len(indent) - 3)
    paragraphs = [
        textwrap.wrap(" ".join(block.split()), available, break_on_hyphens=False)
        for block in _tsdoc_text(text).split("\n\n")
        if block.strip()
    ]
    paragraphs += [
        textwrap.wrap(f"@{tag} " + " ".join(_tsdoc_text(body).split()), available) or [f"@{tag}"]
        for tag, body in tags
    ]
    if len(paragraphs) == 1 and len(paragraphs[0]) == 1:
        line = f"/** {paragraphs[0][0]} */"
        if len(indent) + len(line) <= width:
            return line
    lines = ["/**"]
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append(f"{indent} *")
        lines.extend(f"{indent} * {line}" for line in paragraph)
    lines.append(f"{indent} */")
    return "\n".join(lines)


def _tsdoc_text(text: str) -> str:
    safe = text.replace("\\", "\\\\").replace("*/", "*\\/").replace("@", "\\@").strip()
    safe = _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", safe)
    # Line and paragraph separators end a line for JavaScript; they would break the `*` margin.
    return safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
