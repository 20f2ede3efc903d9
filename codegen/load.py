"""Load the YAML files of a spec into plain Python trees plus a source map.

Nothing here knows what a catalogue means: it reads YAML, rejects duplicate keys and records the
file, line and column of every node so that later stages can point at the source of a problem.
It also reads the release history beside the YAML (`history.json`, through since.py), so that
everything generated from a spec comes from what was loaded with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location, SpecError
from .since import HISTORY, NO_HISTORY, History, read_history

# A path into a loaded tree: mapping keys and sequence indexes from the root.
TreePath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One YAML document: its data and the location of each node.

    `locations[path]` is where the node at `path` starts; for a mapping entry that is the key, which
    is where a reader looks for a misspelt or misplaced entry.
    """

    path: str
    data: Any
    locations: dict[TreePath, Location]
    # Where the text of a scalar value begins (for a block scalar, its first content line), so a
    # position inside embedded text such as an example's JSON maps back to the file.
    value_locations: dict[TreePath, Location]

    def where(self, path: TreePath) -> Location:
        """The location of `path`, or of its closest ancestor that has one."""
        while path not in self.locations and path:
            path = path[:-1]
        return self.locations.get(path, Location(self.path, 1, 1))


@dataclass(frozen=True, slots=True)
class LoadedSpec:
    catalogue: LoadedFile
    types: tuple[LoadedFile, ...]
    events: tuple[LoadedFile, ...]
    history: History  # NO_HISTORY when the spec has no history.json


def load_spec(
    spec_dir: Path, display_root: Path | None = None, *, with_history: bool = True
) -> LoadedSpec:
    """Read catalogue.yaml, types/*.yaml, events/*.yaml and history.json (if there is one, and
    `with_history`); raise SpecError listing problems."""
    root = display_root if display_root is not None else spec_dir.parent
    diagnostics: list[Diagnostic] = []

    def read(path: Path) -> LoadedFile | None:
        shown = _display_path(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            diagnostics.append(
                Diagnostic(Location(shown, 1, 1), "E001", f"cannot read file: {exc}")
            )
            return None
        try:
            return load_yaml_text(text, shown)
        except SpecError as exc:
            diagnostics.extend(exc.diagnostics)
            return None

    catalogue = read(spec_dir / "catalogue.yaml")
    types = [read(p) for p in sorted((spec_dir / "types").glob("*.yaml"))]
    events = [read(p) for p in sorted((spec_dir / "events").glob("*.yaml"))]
    history = _history(spec_dir / HISTORY, root, diagnostics) if with_history else NO_HISTORY
    if not events and not diagnostics:
        diagnostics.append(
            Diagnostic(
                Location(_display_path(spec_dir / "events", root), 1, 1),
                "E001",
                "no event files found",
                "add at least one events/<category>.yaml",
            )
        )
    if diagnostics or catalogue is None:
        raise SpecError(diagnostics)
    return LoadedSpec(
        catalogue,
        tuple(f for f in types if f is not None),
        tuple(f for f in events if f is not None),
        history,
    )


def _history(path: Path, root: Path, diagnostics: list[Diagnostic]) -> History:
    """The release history `python -m codegen changelog` wrote; none for a spec without it."""
    if not path.exists():
        return NO_HISTORY
    try:
        return read_history(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        diagnostics.append(
            Diagnostic(
                Location(_display_path(path, root), 1, 1),
                "E001",
                f"cannot read the release history: {exc}",
                "write it again with `python -m codegen changelog` (make changelog)",
            )
        )
        return NO_HISTORY


def load_yaml_text(text: str, file: str) -> LoadedFile:
    """Parse one YAML document into plain data and a source map."""
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError:
        node = _compose_or_report(text, file)
    locations: dict[TreePath, Location] = {}
    value_locations: dict[TreePath, Location] = {}
    diagnostics: list[Diagnostic] = []
    builder = _TreeBuilder(file, text.splitlines(), locations, value_locations, diagnostics)
    data = {} if node is None else builder.build(node, ())
    if diagnostics:
        raise SpecError(diagnostics)
    return LoadedFile(file, data, locations, value_locations)


def _compose_or_report(text: str, file: str) -> yaml.Node | None:
    """Compose `text` with the pure-Python parser, whose messages are the ones we report (and
    snapshot in tests) whether or not PyYAML was built with libyaml."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SpecError(
            [Diagnostic(Location(file, line, column), "E001", f"YAML syntax error: {problem}")]
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError([Diagnostic(Location(file, 1, 1), "E001", f"YAML error: {exc}")]) from None


class _Loader(yaml.SafeLoader):
    """SafeLoader whose constructor we use for scalars only."""


# libyaml's parser, when PyYAML has it: the same nodes and marks, several times faster.
_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", _Loader)


_scalars = _Loader("")


class _TreeBuilder:
    """Turns composed YAML nodes into dicts, lists and scalars, filling the source maps."""

    def __init__(
        self,
        file: str,
        lines: list[str],
        locations: dict[TreePath, Location],
        value_locations: dict[TreePath, Location],
        diagnostics: list[Diagnostic],
    ) -> None:
        self.file = file
        self.lines = lines
        self.locations = locations
        self.value_locations = value_locations
        self.diagnostics = diagnostics

    def location(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: TreePath) -> Any:
        self.locations.setdefault(path, self.location(node))
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        self.value_locations[path] = self.text_start(node)
        return _scalars.construct_object(node)

    def build_mapping(self, node: yaml.MappingNode, path: TreePath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            key_location = self.location(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    Diagnostic(key_location, "E003", "mapping keys must be plain text")
                )
                continue
            # Keys are names in this format: take them as written, so `on` or `no` stay text.
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key]
                self.diagnostics.append(
                    Diagnostic(
                        key_location,
                        "E002",
                        f"duplicate key '{key}' (first at {first.line}:{first.column})",
                        "remove or rename one of the two entries",
                    )
                )
                continue
            first_seen[key] = key_location
            self.locations[(*path, key)] = key_location
            result[key] = self.build(value_node, (*path, key))
        return result

    def text_start(self, node: yaml.Node) -> Location:
        start = node.start_mark
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            # The text of a block scalar starts on the line after the indicator, at its indent.
            index = start.line + 1
            while index < len(self.lines) and not self.lines[index].strip():
                index += 1
            if index < len(self.lines):
                content = self.lines[index]
                indent = len(content) - len(content.lstrip(" "))
                return Location(self.file, start.line + 2, indent + 1)
        if style in ("'", '"'):
            return Location(self.file, start.line + 1, start.column + 2)
        return Location(self.file, start.line + 1, start.column + 1)


def _display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
