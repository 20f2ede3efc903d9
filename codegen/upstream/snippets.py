"""Spec YAML to start an addition from, written from what upstream says (spec/README.md's format).

A snippet is a YAML mapping that goes where its finding points: a field under an object's (or an
event's) `fields:`, an event under an events file's `events:`. It holds the facts only: the
summary, description and examples are the maintainer's to write, so a snippet leaves them out and
says so in a comment; pasted as it is, the spec loader reports exactly those keys as missing.
An object a new field holds that the catalogue has no type for is written `object` (free JSON),
with the upstream name in a comment, until the maintainer declares a type for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import yaml

from ..surface import FieldShape, Shape, Surface

_PROSE = "# write its description (the spec requires one)"
_EVENT_PROSE = "# write its summary, description and an example for each version"


def field(held: FieldShape, upstream: Surface) -> str:
    """A field, as it goes under `fields:`."""
    return "\n".join(_field_lines(held, upstream, "")) + "\n"


def event(
    wire_type: str, fields: Mapping[str, FieldShape], upstream: Surface, versions: list[str]
) -> str:
    """An event, as it goes under an events file's `events:`."""
    lines = [f"{_key(wire_type)}:", f"  {_EVENT_PROSE}"]
    if versions:
        lines.append(f"  versions: [{', '.join(versions)}]")
    if fields:
        lines.append("  fields:")
        for held in fields.values():
            lines += _field_lines(held, upstream, "    ")
    else:
        lines.append("  fields: {}")
    return "\n".join(lines) + "\n"


def versions(names: list[str]) -> str:
    return f"versions: [{', '.join(names)}]\n"


def variant(value: str) -> str:
    where = "# under the union's `variants:`, with the object type that describes it"
    return f"{where}\n{_key(value)}: TYPE\n"


def enum_values(values: list[str]) -> str:
    if not values:
        return ""
    return f"# added to the list of values\n[{', '.join(_scalar(v) for v in values)}]\n"


def protocol(key: str, sides: list[str]) -> str:
    """A protocol's entry under catalogue.yaml's `protocols:`."""
    lines = [
        f"{_key(key)}:",
        "  # write its title, name, summary, description, endpoint and lifecycle (spec/README.md)",
        "  directions:",
    ]
    for side in sides:
        lines += [
            f"    {side}:",
            "      # write its title and description",
            "      common_fields: {}",
        ]
    return "\n".join(lines) + "\n"


def _field_lines(held: FieldShape, upstream: Surface, indent: str) -> list[str]:
    expression, note = type_expression(held.shape, upstream)
    lines = [f"{indent}{_key(held.name)}:"]
    inner = indent + "  "
    if note:
        lines.append(f"{inner}# {note}")
    lines.append(f"{inner}type: {_scalar(expression)}")
    if held.required:
        lines.append(f"{inner}required: true")
    if held.nullable:
        lines.append(f"{inner}nullable: true")
    strings = _string_values(held.shape)
    if strings:
        lines.append(f"{inner}enum: [{', '.join(_scalar(v) for v in strings)}]")
    lines.append(f"{inner}{_PROSE}")
    return lines


def type_expression(shape: Shape, upstream: Surface) -> tuple[str, str]:
    """The spec's type expression for a shape, and a note on what it could not say."""
    kinds = set(shape.kinds)
    if "any" in kinds:
        return "any", ""
    if kinds == {"integer", "number"}:
        kinds = {"number"}
    if len(kinds) > 1:
        if kinds <= {"string", "integer", "number", "boolean"}:
            return " | ".join(
                k for k in ("string", "integer", "number", "boolean") if k in kinds
            ), ""
        return "any", f"upstream allows {' or '.join(sorted(kinds))}: declare a union to type it"
    kind = next(iter(kinds))
    if kind == "array":
        item, note = type_expression(shape.items or Shape(frozenset({"any"})), upstream)
        return f"list[{item}]", note
    if kind == "object":
        if shape.object is not None:
            return "object", f"upstream's {shape.object}: declare an object type for it"
        if shape.values is not None and "any" not in shape.values.kinds:
            value, note = type_expression(shape.values, upstream)
            return f"map[{value}]", note
        return "object", ""
    return kind, ""


def _string_values(shape: Shape) -> tuple[str, ...]:
    if "string" in shape.kinds and shape.enum:
        return shape.enum
    if shape.items is not None and shape.kinds == {"array"}:
        return _string_values(shape.items)
    return ()


def _key(text: str) -> str:
    return _scalar(text)


def _scalar(text: str) -> str:
    """A YAML scalar: plain where YAML reads it back as the same string, else JSON-quoted."""
    try:
        plain = yaml.safe_load(text) == text and text.strip() == text and ": " not in text
    except yaml.YAMLError:
        plain = False
    return (
        text if plain and not text.startswith(("#", "[", "{", "&", "*", "!")) else json.dumps(text)
    )
