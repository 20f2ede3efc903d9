"""Render templates to text in memory: one Jinja environment, no file output."""

from __future__ import annotations

from functools import cache as once
from pathlib import Path
from typing import Any

import jinja2

from . import cache

TEMPLATES = Path(__file__).parent / "templates"


def environment() -> jinja2.Environment:
    return _environment(cache.directory())


@once
def _environment(folder: Path | None) -> jinja2.Environment:
    """One environment per cache folder (the folder may change between runs in one process)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # compiled templates, keyed by each template's source: compiling them is half the time
        # of rendering the docs
        bytecode_cache=None if folder is None else _BytecodeCache(folder / "jinja"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # output is Python and Markdown; escaping happens in targets/ per format
    )


def render(template: str, **context: Any) -> str:
    """Render one template; every template can use the macros of its own target as `macros`."""
    env = environment()
    macros_name = template.split("/", 1)[0] + "/macros.jinja"
    if (TEMPLATES / macros_name).exists():
        context.setdefault("macros", env.get_template(macros_name).module)
    return env.get_template(template).render(**context)


def macros(folder: str) -> Any:
    """The macros of `templates/<folder>/macros.jinja`, to call from Python (each returns text):
    what a target's docs show of a declaration is rendered by the macro its modules use."""
    return environment().get_template(f"{folder}/macros.jinja").module


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own file cache, made in its folder on first use; one that cannot be written is
    skipped (the templates are compiled again)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return
