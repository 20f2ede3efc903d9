"""Decode-speed benchmark of the generated bindings against json.loads, msgspec and openai.

Run it with `make bench` or `python -m tests.benchmarks [--quick]`; `run.py` lists what is
measured.
"""
