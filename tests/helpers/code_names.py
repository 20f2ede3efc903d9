"""The names `codegen diff` asks each code target for (`exported_names`, `field_names`),
held to what that target actually wrote: every exported name is declared, and every field's
name is the one its class, model or interface declares."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from codegen.ir import Catalogue, Field, ObjectType
from codegen.targets import pydantic as pydantic_target
from codegen.targets.python import view as python_view
from codegen.targets.typescript import view as typescript_view


def _owners(catalogue: Catalogue) -> list[tuple[str, tuple[Field, ...]]]:
    owners = [(event.name, event.fields) for event in catalogue.events]
    owners += [(t.name, t.fields) for t in catalogue.types if isinstance(t, ObjectType)]
    return owners


def _python_declarations(folder: Path) -> tuple[set[str], dict[str, set[str]]]:
    """Top-level names, and each class's annotated attributes, of every module in `folder`."""
    names: set[str] = set()
    attributes: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                names.add(node.name)
                attributes[node.name] = {
                    item.target.id
                    for item in node.body
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                }
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names, attributes


def python_mismatches(catalogue: Catalogue, package: Path) -> list[str]:
    names, attributes = _python_declarations(package)
    found = [
        f"python: {name} is not declared"
        for exported in python_view.exported_names(catalogue).values()
        for name in exported
        if name not in names
    ]
    for owner, fields in _owners(catalogue):
        for f in fields:
            attribute = python_view.field_names(f)[0]
            if attribute not in attributes.get(owner, set()):
                found.append(f"python: {owner} has no attribute {attribute}")
    return found


def pydantic_mismatches(catalogue: Catalogue, package: Path) -> list[str]:
    names, attributes = _python_declarations(package)
    found = [
        f"pydantic: {name} is not declared"
        for exported in pydantic_target.exported_names(catalogue).values()
        for name in exported
        if name not in names
    ]
    for owner, fields in _owners(catalogue):
        for f in fields:
            (name,) = pydantic_target.field_names(f)
            if name not in attributes.get(owner, set()):
                found.append(f"pydantic: {owner} has no field {name}")
    return found


def typescript_mismatches(catalogue: Catalogue, source: Path) -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(source.rglob("*.ts")))
    declared = set(re.findall(r"^export (?:type|interface) (\w+)", text, re.MULTILINE))
    found = [
        f"typescript: {name} is not declared"
        for exported in typescript_view.exported_names(catalogue).values()
        for name in exported
        if name not in declared
    ]
    for owner, fields in _owners(catalogue):
        body = re.search(rf"^export interface {owner} \{{\n(.*?)^\}}", text, re.M | re.S)
        properties = (
            set(re.findall(r"^  (?:readonly )?(\S+?)\??:", body.group(1), re.M)) if body else set()
        )
        for f in fields:
            (name,) = typescript_view.field_names(f)
            if name not in properties:
                found.append(f"typescript: {owner} has no property {name}")
    return found
