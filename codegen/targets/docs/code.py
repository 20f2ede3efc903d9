"""The code tabs: each event's and type's declaration, cut from the other targets' built files.

The docs show the code users will really get, so nothing here writes a class: it finds the one
another target generated (by the name every target shares: the Python class, which is also the
JSON Schema `$defs` key, the Pydantic model and the TypeScript interface) and cuts it out. A
target the registry does not hold has no shelf, and its tab is simply absent.
"""

from __future__ import annotations

import abc
import ast
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, ClassVar

from ..base import Output


@dataclass(frozen=True, slots=True)
class Snippet:
    """One block of code under a tab, with a line of text above it (or none)."""

    caption: str  # Markdown, already escaped
    language: str  # the fence's language
    code: str


class Shelf(abc.ABC):
    """One target's built files, indexed by declaration name."""

    title: ClassVar[str]  # the tab's label

    @abc.abstractmethod
    def __init__(self, output: Output) -> None: ...

    @abc.abstractmethod
    def declaration(self, name: str) -> Snippet | None:
        """The declaration of `name` (an event class or a declared type), or None if the
        target has none of that name."""


# --- Python: a class or alias, cut from its module, with method bodies left out ---------------


class PythonShelf(Shelf):
    title = "Python"

    def __init__(self, output: Output) -> None:
        self.package = output.folder
        self.found: dict[str, tuple[str, ast.stmt, ast.stmt | None]] = {}
        for path, text in sorted(output.files.items()):
            if not path.endswith(".py") or PurePosixPath(path).name.startswith("_"):
                continue
            body = ast.parse(text).body
            for index, node in enumerate(body):
                name = _declared_name(node)
                if name is None or name.startswith("_") or name in self.found:
                    continue
                following = body[index + 1] if index + 1 < len(body) else None
                docstring = following if _is_docstring(following) else None
                self.found[name] = (text, node, docstring)

    def declaration(self, name: str) -> Snippet | None:
        entry = self.found.get(name)
        if entry is None:
            return None
        text, node, docstring = entry
        lines = text.splitlines()
        if isinstance(node, ast.ClassDef):
            code = class_outline(lines, node)
            caption = (
                f"`{self.package}.{name}`, without its method bodies (`from_dict` and the "
                "decoder do the checking):"
            )
        else:
            code = "\n".join(_lines(lines, node, docstring))
            caption = f"`{self.package}.{name}`, a type alias:"
        return Snippet(caption, "python", code)


def _declared_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    if (
        isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
    ):
        return node.targets[0].id
    return None


def _is_docstring(node: ast.stmt | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _start(node: ast.stmt) -> int:
    """The first line of a statement, decorators included (1-based)."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _lines(lines: list[str], first: ast.stmt, last: ast.stmt | None = None) -> list[str]:
    end = (last or first).end_lineno or first.lineno
    return lines[_start(first) - 1 : end]


def class_outline(lines: list[str], node: ast.ClassDef) -> str:
    """The class as a reader wants it: its header and docstring, every annotated attribute with
    the docstring under it, and each public method's signature and docstring; private members
    and method bodies are left out."""
    out = lines[_start(node) - 1 : node.body[0].lineno - 1]
    body = node.body
    indent = " " * (node.col_offset + 4)
    for index, statement in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if index == 0 and _is_docstring(statement):
            out += [*_lines(lines, statement), ""]
        elif isinstance(statement, ast.AnnAssign):
            out += _lines(lines, statement, following if _is_docstring(following) else None)
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            if statement.name.startswith("_"):
                continue
            out.append("")
            signature_end = statement.body[0].lineno - 1
            out += lines[_start(statement) - 1 : signature_end]
            if _is_docstring(statement.body[0]):
                out += _lines(lines, statement.body[0])
            else:
                out.append(f"{indent}    ...")
    return "\n".join(out)


# --- Pydantic: the model class as generated -----------------------------------------------------


class PydanticShelf(Shelf):
    title = "Pydantic"

    def __init__(self, output: Output) -> None:
        self.package = PurePosixPath(output.folder).name
        self.found: dict[str, tuple[str, str, ast.ClassDef]] = {}
        for path, text in sorted(output.files.items()):
            if not path.endswith(".py"):
                continue
            module = PurePosixPath(path).with_suffix("").as_posix().replace("/", ".")
            for node in ast.parse(text).body:
                if isinstance(node, ast.ClassDef) and node.name not in self.found:
                    self.found[node.name] = (module, text, node)

    def declaration(self, name: str) -> Snippet | None:
        entry = self.found.get(name)
        if entry is None:
            return None
        module, text, node = entry
        code = "\n".join(_lines(text.splitlines(), node))
        return Snippet(f"`{module}.{name}`, the model as generated:", "python", code)


# --- JSON Schema: the `$defs` entry ------------------------------------------------------------


class JsonSchemaShelf(Shelf):
    title = "JSON Schema"

    def __init__(self, output: Output) -> None:
        self.file = ""
        self.definitions: dict[str, Any] = {}
        for path, text in sorted(output.files.items()):
            if path.endswith(".json"):
                self.file = f"{output.folder}/{path}"
                self.definitions = json.loads(text).get("$defs", {})
                break

    def declaration(self, name: str) -> Snippet | None:
        definition = self.definitions.get(name)
        if definition is None:
            return None
        shown = {key: value for key, value in definition.items() if key != "examples"}
        left_out = " (its `examples` are the ones shown above)" if "examples" in definition else ""
        caption = f'`"$defs"` → `"{name}"` in `{self.file}`{left_out}:'
        code = json.dumps(shown, indent=2, ensure_ascii=False)
        return Snippet(caption, "json", code)


# --- TypeScript: the exported interface or type, with its doc comment ---------------------------


class TypeScriptShelf(Shelf):
    title = "TypeScript"

    def __init__(self, output: Output) -> None:
        self.found: dict[str, tuple[str, str]] = {}
        for path, text in sorted(output.files.items()):
            if path.endswith(".ts") and not path.endswith(".d.ts"):
                for name, code in typescript_declarations(text).items():
                    self.found.setdefault(name, (f"{output.folder}/{path}", code))

    def declaration(self, name: str) -> Snippet | None:
        entry = self.found.get(name)
        if entry is None:
            return None
        path, code = entry
        return Snippet(f"`{name}` in `{path}`:", "typescript", code)


_TS_EXPORT = re.compile(
    r"^export\s+(?:declare\s+)?(interface|type|enum|const\s+enum)\s+([A-Za-z_$][\w$]*)", re.M
)


def typescript_declarations(source: str) -> dict[str, str]:
    """Every exported interface, type alias and enum of a module, each with the doc comment
    right above it: name -> its text."""
    found: dict[str, str] = {}
    for match in _TS_EXPORT.finditer(source):
        start = _doc_comment_start(source, match.start())
        end = _declaration_end(source, match.end(), is_alias=match.group(1) == "type")
        found.setdefault(match.group(2), source[start:end].rstrip())
    return found


def _doc_comment_start(source: str, position: int) -> int:
    """Where the `/** ... */` right above `position` begins (or `position` if none)."""
    before = source[:position].rstrip()
    if not before.endswith("*/"):
        return position
    opening = before.rfind("/**")
    if opening < 0 or "*/" in before[opening:-2]:
        return position
    return source.rfind("\n", 0, opening) + 1


def _declaration_end(source: str, index: int, *, is_alias: bool) -> int:
    """The end of the declaration whose name ends at `index`: an interface or enum ends with
    the brace that closes its body, a type alias with its `;` or a blank line (both outside
    brackets). Strings and comments are skipped, so a brace inside them does not count."""
    depth = 0
    while index < len(source):
        char = source[index]
        if source.startswith("//", index):
            index = _end_of_line(source, index)
            continue
        if source.startswith("/*", index):
            closing = source.find("*/", index + 2)
            index = len(source) if closing < 0 else closing + 2
            continue
        if char in "'\"`":
            index = _end_of_string(source, index)
            continue
        if char in "{[(<":
            depth += 1
        elif char in "}])>" and not source.startswith("=>", index - 1):
            depth -= 1
            if depth == 0 and char == "}" and not is_alias:
                return index + 1
        elif depth == 0 and is_alias and (char == ";" or source.startswith("\n\n", index)):
            return index + 1
        index += 1
    return len(source)


def _end_of_line(source: str, index: int) -> int:
    newline = source.find("\n", index)
    return len(source) if newline < 0 else newline


def _end_of_string(source: str, index: int) -> int:
    quote = source[index]
    index += 1
    while index < len(source):
        if source[index] == "\\":
            index += 2
            continue
        if source[index] == quote:
            return index + 1
        index += 1
    return index


# --- the table: which target gets which tab, in display order -----------------------------------

SHELVES: Mapping[str, type[Shelf]] = {
    "python": PythonShelf,
    "pydantic": PydanticShelf,
    "typescript": TypeScriptShelf,
    "jsonschema": JsonSchemaShelf,
}


def shelves(inputs: Mapping[str, Output]) -> tuple[Shelf, ...]:
    """A shelf for each target of SHELVES that was built, in the table's order."""
    return tuple(shelf(inputs[name]) for name, shelf in SHELVES.items() if name in inputs)
