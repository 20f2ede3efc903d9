"""Where each value of a JSON text is written, so a diagnostic can point at the offending key.

json.loads gives values, not places. This scanner walks a text that json.loads has already
accepted and records the line and column of every value by its path from the root: for an
object member the place of its key, for an array item or the root the place of the value.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

JsonPath = tuple[str | int, ...]

_WHITESPACE = " \t\n\r"
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^\s,\]}]+")  # a number, true, false or null (the text is valid JSON)


def value_positions(text: str) -> dict[JsonPath, tuple[int, int]]:
    """(line, column), both from 1, of every value of the valid JSON `text`, by its path."""
    scanner = _Scanner(text)
    scanner.value(0, (), None)
    return scanner.positions


def position_of(positions: dict[JsonPath, tuple[int, int]], path: JsonPath) -> tuple[int, int]:
    """The place of `path`, or of its closest ancestor written in the text (a missing field's
    place is that of the object that lacks it)."""
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path, (1, 1))


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.positions: dict[JsonPath, tuple[int, int]] = {}
        self.line_starts = [0] + [index + 1 for index, c in enumerate(text) if c == "\n"]

    def where(self, index: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def skip(self, index: int) -> int:
        while index < len(self.text) and self.text[index] in _WHITESPACE:
            index += 1
        return index

    def string(self, index: int) -> tuple[str, int]:
        match = _STRING.match(self.text, index)
        assert match is not None, "value_positions needs valid JSON"
        decoded: str = json.loads(match.group())
        return decoded, match.end()

    def value(self, index: int, path: JsonPath, key_index: int | None) -> int:
        """Record the value at `index` (its key at `key_index`) and what it holds; return the
        index just past it."""
        index = self.skip(index)
        self.positions[path] = self.where(index if key_index is None else key_index)
        first = self.text[index]
        if first == "{":
            return self.members(index + 1, path)
        if first == "[":
            return self.items(index + 1, path)
        if first == '"':
            return self.string(index)[1]
        match = _SCALAR.match(self.text, index)
        assert match is not None, "value_positions needs valid JSON"
        return match.end()

    def members(self, index: int, path: JsonPath) -> int:
        index = self.skip(index)
        if self.text[index] == "}":
            return index + 1
        while True:
            key, after_key = self.string(index)
            colon = self.skip(after_key)
            index = self.skip(self.value(colon + 1, (*path, key), index))
            if self.text[index] == "}":
                return index + 1
            index = self.skip(index + 1)  # past the comma

    def items(self, index: int, path: JsonPath) -> int:
        index = self.skip(index)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self.skip(self.value(index, (*path, position), None))
            if self.text[index] == "]":
                return index + 1
            index = self.skip(index + 1)
            position += 1
