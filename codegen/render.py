"""Render templates to text in memory: one Jinja environment, no file output."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
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
