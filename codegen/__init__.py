"""Generator for realtime-events: YAML catalogue in spec/ to the bindings in generated/.

The pipeline, one module per stage: load -> validate -> lower (to the IR in ir.py) -> targets/*
(view models) -> render -> format -> emit. cli.py wires them together.
"""
