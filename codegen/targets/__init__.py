"""The targets, one module (or sub-package) each, and the registry the pipeline loops over.

Adding a target: write targets/<name>.py with a class that implements targets.base.Target, put
its templates under templates/<name>/, and add one line below. Nothing else changes.
"""

from __future__ import annotations

from . import asyncapi, docs, jsonschema, pydantic, python, typescript
from .base import Target

REGISTRY: tuple[Target, ...] = (
    python.TARGET,
    docs.TARGET,
    jsonschema.TARGET,
    pydantic.TARGET,
    typescript.TARGET,
    asyncapi.TARGET,
)
