"""Decode-speed benchmark of the generated bindings against json.loads, msgspec and openai.

Run it with `make bench` or `python -m tests.benchmarks [--quick]`; see `run.py` for what is measured.
"""
