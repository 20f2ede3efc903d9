"""The code tabs: each event's and type's declaration, cut from the other targets' built files.

The docs show the code users will really get, so nothing here writes a class: it finds the one
another target generated (by the name every target shares: the Python class, which is also the
JSON Schema `$defs` key, the Pydantic model and the TypeScript interface) and cuts it out. A
target the registry does not hold has no shelf, and its tab is simply absent.
"""

from __future__ import annotations

import abc
import ast
import gc
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


# --- Python modules: classes and type aliases, found with ast ---------------------------------


@dataclass(frozen=True, slots=True)
class Declaration:
    path: str  # the module's path under the target's folder
    lines: list[str]  # the module's lines
    node: ast.stmt  # a class, or the assignment of an alias
    docstring: ast.stmt | None  # the string under an alias


def python_declarations(output: Output) -> dict[str, Declaration]:
    """Every public module-level class and alias of a package's public modules, by name (the
    first module, by path, wins)."""
    found: dict[str, Declaration] = {}
    for path, text in sorted(output.files.items()):
        if not path.endswith(".py") or PurePosixPath(path).name.startswith("_"):
            continue
        lines = text.splitlines()
        body = _parse(text).body
        for index, node in enumerate(body):
            name = _declared_name(node)
            if name is None or name.startswith("_") or name in found:
                continue
            following = body[index + 1] if index + 1 < len(body) else None
            found[name] = Declaration(
                path, lines, node, following if _is_docstring(following) else None
            )
    return found


def _source(declaration: Declaration) -> list[str]:
    return _lines(declaration.lines, declaration.node, declaration.docstring)


class PythonShelf(Shelf):
    """The dataclass package: a class without its method bodies, or an alias."""

    title = "Python"

    def __init__(self, output: Output) -> None:
        self.package = output.folder
        self.found = python_declarations(output)

    def declaration(self, name: str) -> Snippet | None:
        found = self.found.get(name)
        if found is None:
            return None
        if isinstance(found.node, ast.ClassDef):
            code = class_outline(found.lines, found.node)
            caption = (
                f"`{self.package}.{name}`, without its method bodies (`from_dict` and the "
                "decoder do the checking):"
            )
        else:
            code = "\n".join(_source(found))
            caption = f"`{self.package}.{name}`, a type alias:"
        return Snippet(caption, "python", code)


class PydanticShelf(Shelf):
    """The Pydantic models: a model class as generated, or an alias with the aliases it is
    built from (a union of the known kinds and the unknown one, say)."""

    title = "Pydantic"

    def __init__(self, output: Output) -> None:
        self.folder = output.folder
        self.found = python_declarations(output)

    def declaration(self, name: str) -> Snippet | None:
        found = self.found.get(name)
        if found is None:
            return None
        where = f"`generated/{self.folder}/{found.path}`"
        if isinstance(found.node, ast.ClassDef):
            return Snippet(f"`{name}` in {where}:", "python", "\n".join(_source(found)))
        parts = [
            self.found[used]
            for used in _names_in(found.node)
            if used != name
            and used in self.found
            and not isinstance(self.found[used].node, ast.ClassDef)
        ]
        code = "\n\n".join("\n".join(_source(part)) for part in [*parts, found])
        return Snippet(f"`{name}` in {where}, a type alias:", "python", code)


def _names_in(node: ast.stmt) -> list[str]:
    """The names an alias's value uses, in order, once each."""
    value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
    if value is None:
        return []
    return list(dict.fromkeys(n.id for n in ast.walk(value) if isinstance(n, ast.Name)))


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


# --- JSON Schema: the `$defs` entry ------------------------------------------------------------


class JsonSchemaShelf(Shelf):
    """A `$defs` entry, from the document whose root admits it (each side that sends events
    has a document; they share their definitions)."""

    title = "JSON Schema"

    def __init__(self, output: Output) -> None:
        self.documents: list[tuple[str, dict[str, Any], set[str]]] = []
        for path, text in sorted(output.files.items()):
            if path.endswith(".json"):
                document = json.loads(text)
                where = f"generated/{output.folder}/{path}"
                self.documents.append((where, document.get("$defs", {}), root_members(document)))

    def declaration(self, name: str) -> Snippet | None:
        holding = [(where, defs, roots) for where, defs, roots in self.documents if name in defs]
        if not holding:
            return None
        where, definitions, _ = next((d for d in holding if name in d[2]), holding[0])
        definition = definitions[name]
        shown = {key: value for key, value in definition.items() if key != "examples"}
        left_out = " (its `examples` are the ones shown above)" if "examples" in definition else ""
        caption = f'`"$defs"` → `"{name}"` in `{where}`{left_out}:'
        return Snippet(caption, "json", json.dumps(shown, indent=2, ensure_ascii=False))


def root_members(document: dict[str, Any]) -> set[str]:
    """The `$defs` the root admits: those it names, and the members of the unions it names."""
    definitions = document.get("$defs", {})
    named = [_ref_name(branch) for branch in document.get("anyOf", []) + document.get("oneOf", [])]
    members = set(filter(None, named))
    for union in list(members):
        for branch in definitions.get(union, {}).get("oneOf", []):
            members.add(_ref_name(branch) or "")
    return members


def _ref_name(branch: Any) -> str | None:
    reference = branch.get("$ref", "") if isinstance(branch, dict) else ""
    return reference.removeprefix("#/$defs/") if reference.startswith("#/$defs/") else None


# --- TypeScript: the exported interface or type, with its doc comment ---------------------------


class TypeScriptShelf(Shelf):
    title = "TypeScript"

    def __init__(self, output: Output) -> None:
        self.found: dict[str, tuple[str, str]] = {}
        for path, text in sorted(output.files.items()):
            if path.endswith(".ts") and not path.endswith(".d.ts"):
                for name, code in typescript_declarations(text).items():
                    self.found.setdefault(name, (f"generated/{output.folder}/{path}", code))

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


def _parse(source: str) -> ast.Module:
    """ast.parse with the cyclic garbage collector paused: the tree is acyclic, and collections
    run again and again as its nodes pile up, which made parsing a module of many thousand
    lines take several times longer per line than a small one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return ast.parse(source)
    finally:
        if was_enabled:
            gc.enable()
