"""The docs target's code tabs: what it cuts out of other targets' files, and the tabs it makes
of whatever targets were built (none, some, all)."""

from __future__ import annotations

import ast
import json
import textwrap

import yaml

from codegen.ir import Catalogue
from codegen.pipeline import compile_spec
from codegen.targets import REGISTRY, docs, jsonschema, python
from codegen.targets.base import Output
from codegen.targets.docs.code import (
    JsonSchemaShelf,
    class_outline,
    root_members,
    typescript_declarations,
)
from tests.helpers.support import MINI_SPEC

TYPESCRIPT = textwrap.dedent(
    """\
    import { x } from "./runtime";

    /** A thing; a brace in a comment } does not end it. */
    export interface Thing {
      /** Its id. */
      id: string;
      nested: { label: "}" | "{" };
      parts?: Array<{ name: string }>;
    }

    export type Colour = "red" | "green" | (string & {});

    /**
     * Something attached, told apart by `kind`.
     */
    export type Attachment =
      | ImageAttachment
      | SoundAttachment;

    export const notAType = 1;

    export enum Mode {
      Fast = "fast",
    }
    """
)


def test_typescript_declarations_come_whole_with_their_doc_comment() -> None:
    found = typescript_declarations(TYPESCRIPT)
    assert list(found) == ["Thing", "Colour", "Attachment", "Mode"]
    assert found["Thing"].startswith("/** A thing; a brace in a comment } does not end it. */")
    assert found["Thing"].endswith("  parts?: Array<{ name: string }>;\n}")
    assert found["Colour"] == 'export type Colour = "red" | "green" | (string & {});'
    assert found["Attachment"] == textwrap.dedent(
        """\
        /**
         * Something attached, told apart by `kind`.
         */
        export type Attachment =
          | ImageAttachment
          | SoundAttachment;"""
    )
    assert found["Mode"] == 'export enum Mode {\n  Fast = "fast",\n}'


def test_a_class_outline_keeps_attributes_and_signatures_and_drops_bodies() -> None:
    source = textwrap.dedent(
        '''\
        @decorated
        class Thing(Base):
            """A thing."""

            __slots__ = ("id",)
            id: str
            """Its id."""

            def __init__(self, *, id: str) -> None:
                self.id = id

            @classmethod
            def from_dict(cls, data: dict[str, object]) -> Thing:
                """Decode one."""
                return cls(id=str(data["id"]))

            def to_json(self) -> str:
                return self.id
        '''
    )
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.ClassDef)
    assert class_outline(source.splitlines(), node).splitlines() == [
        "@decorated",
        "class Thing(Base):",
        '    """A thing."""',
        "",
        "    id: str",
        '    """Its id."""',
        "",
        "    @classmethod",
        "    def from_dict(cls, data: dict[str, object]) -> Thing:",
        '        """Decode one."""',
        "",
        "    def to_json(self) -> str:",
        "        ...",
    ]


def mini() -> Catalogue:
    return compile_spec(MINI_SPEC)


def test_a_definition_comes_from_the_document_whose_root_admits_it() -> None:
    catalogue = mini()
    built = jsonschema.TARGET.build(catalogue, {})
    documents = {p: json.loads(t) for p, t in built.files.items()}
    server = next(p for p in documents if "-server-" in p)
    client = next(p for p in documents if "-client-" in p)
    assert "ThingCreatedEvent" in root_members(documents[server])
    assert "ThingCreateEvent" in root_members(documents[client])
    shelf = JsonSchemaShelf(built)
    created, create = shelf.declaration("ThingCreatedEvent"), shelf.declaration("ThingCreateEvent")
    assert created is not None and server in created.caption
    assert create is not None and client in create.caption
    assert shelf.declaration("NoSuchThing") is None


def pages(inputs: dict[str, Output]) -> dict[str, str]:
    return dict(docs.TARGET.build(mini(), inputs).files)


def tab_titles(page: str) -> list[str]:
    return [line.removeprefix('=== "').removesuffix('"') for line in page.splitlines()
            if line.startswith('=== "')]  # fmt: skip


def test_only_the_targets_that_were_built_have_tabs() -> None:
    catalogue = mini()
    python_output = python.TARGET.build(catalogue, {})
    schema_output = jsonschema.TARGET.build(catalogue, {})
    event = "pages/events/thing.created.md"

    everything = pages({"python": python_output, "jsonschema": schema_output})
    assert tab_titles(everything[event]) == ["Python", "JSON Schema"]
    assert tab_titles(everything["pages/index.md"]) == ["Python", "JSON Schema"]

    schema_only = pages({"jsonschema": schema_output})
    assert tab_titles(schema_only[event]) == ["JSON Schema"]
    assert "pages/python.md" not in schema_only
    nav = yaml.safe_load(schema_only["mkdocs.yml"])["nav"]
    assert [next(iter(entry)) for entry in nav] == ["Home", "Protocols", "Events", "Types"]

    nothing = pages({})
    assert tab_titles(nothing[event]) == []
    assert "## Code" not in nothing[event] and "## Quick start" not in nothing["pages/index.md"]


def test_the_docs_target_requires_only_registered_targets() -> None:
    registered = [target.name for target in REGISTRY]
    assert set(docs.TARGET.requires) <= set(registered)
    assert {"python", "jsonschema"} <= set(docs.TARGET.requires)
    assert "docs" not in docs.TARGET.requires
