"""A fuzz target for parse_event: it returns an event or raises EventDecodeError, nothing else.

Inputs: arbitrary text and bytes, random JSON values, envelopes with a known `type` and random
fields, and valid payloads (tests/helpers/strategies.py) mutated at random paths (values deleted,
replaced or inserted), then serialised and possibly truncated or with bytes flipped. Whatever
parses must also survive its own round trip.

FUZZ_EXAMPLES sets the number of inputs (default 300, the short run of `make test`);
FUZZ_SECONDS, if set, stops earlier once that much time has passed; FUZZ_SEED picks the first
batch's seed: fixed by default, so `make test` runs the same inputs every time, and `random` for a
new one, which `make fuzz` uses. The seed and the command that replays the run are printed at the
end of the test session.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from typing import Any

import realtime_events as rt
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.helpers.agreement import NOTES
from tests.helpers.strategies import JSON, TEXT, any_payload
from tests.helpers.support import catalogue

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "0")) or None
DEFAULT_SEED = 20_251_124
_SEED = os.environ.get("FUZZ_SEED", "")
FUZZ_SEED = random.randrange(1, 2**32) if _SEED == "random" else int(_SEED or DEFAULT_SEED)
BATCH = 500  # examples per hypothesis run; the time limit is checked between batches

EVENT_CLASSES = (*rt.EVENT_TYPES.values(), rt.UnknownEvent)
WIRE_TYPES = sorted(rt.EVENT_TYPES)


# --- inputs -----------------------------------------------------------------------------------


@st.composite
def mutated(draw: Any) -> Any:
    """A valid payload with a few random edits, in one of the forms parse_event accepts."""
    payload = draw(any_payload(catalogue()))
    for _ in range(draw(st.integers(0, 3))):
        mutate(draw, payload)
    form = draw(st.sampled_from(["dict", "text", "bytes", "truncated", "flipped", "utf-16"]))
    if form == "dict":
        return payload
    text = json.dumps(payload, ensure_ascii=draw(st.booleans()))
    if form == "text":
        return text
    if form == "truncated":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if form == "utf-16":
        return text.encode("utf-16")
    data = bytearray(text.encode("utf-8"))
    if form == "flipped" and data:
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(data)


def mutate(draw: Any, payload: dict[str, Any]) -> None:
    """Delete, replace or insert one value somewhere inside `payload`."""
    containers: list[Any] = []
    stack: list[Any] = [payload]
    while stack:
        node = stack.pop()
        containers.append(node)
        children = node.values() if isinstance(node, dict) else node
        stack.extend(c for c in children if isinstance(c, (dict, list)))
    node = draw(st.sampled_from(containers))
    action = draw(st.sampled_from(["delete", "replace", "insert"]))
    value = draw(JSON | st.sampled_from(WIRE_TYPES))
    if isinstance(node, dict):
        keys = list(node)
        if action == "insert" or not keys:
            node[draw(TEXT | st.sampled_from(["type", "event_id", "role", "status"]))] = value
        elif action == "delete":
            del node[draw(st.sampled_from(keys))]
        else:
            node[draw(st.sampled_from(keys))] = value
    elif action == "insert" or not node:
        node.insert(draw(st.integers(0, len(node))), value)
    elif action == "delete":
        del node[draw(st.integers(0, len(node) - 1))]
    else:
        node[draw(st.integers(0, len(node) - 1))] = value


ENVELOPES = st.builds(
    lambda wire, fields: {**fields, "type": wire},
    st.sampled_from(WIRE_TYPES) | TEXT,
    st.dictionaries(
        TEXT | st.sampled_from(["event_id", "response", "item", "delta"]), JSON, max_size=4
    ),
)

INPUTS = st.one_of(
    st.text(),
    st.binary(),
    JSON.map(json.dumps),
    JSON,
    ENVELOPES,
    ENVELOPES.map(json.dumps),
    mutated(),
)


# --- the target -------------------------------------------------------------------------------


def check_one(raw: Any, tally: Counter[str]) -> None:
    tally["inputs"] += 1
    try:
        event = rt.parse_event(raw)
    except rt.EventDecodeError as exc:
        assert isinstance(exc, ValueError)
        assert str(exc), "an error must say what is wrong"
        tally["EventDecodeError"] += 1
        return
    assert isinstance(event, EVENT_CLASSES), type(event)
    tally[type(event).__name__ if type(event) is rt.UnknownEvent else "typed event"] += 1
    again = rt.parse_event(event.to_json())
    assert again == event
    assert again.to_dict() == event.to_dict()


def test_parse_event_returns_an_event_or_raises_decode_error() -> None:
    replay = f"FUZZ_SEED={FUZZ_SEED} FUZZ_EXAMPLES={FUZZ_EXAMPLES} make fuzz"
    NOTES.append(f"fuzz seed {FUZZ_SEED}; replay: {replay}")
    tally: Counter[str] = Counter()
    started = time.monotonic()
    remaining, batch_seed = FUZZ_EXAMPLES, FUZZ_SEED
    while remaining > 0:
        size = min(BATCH, remaining)

        @seed(batch_seed)
        @settings(
            max_examples=size,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(raw=INPUTS)
        def run(raw: Any) -> None:
            check_one(raw, tally)

        run()
        remaining -= size
        batch_seed += 1
        if FUZZ_SECONDS is not None and time.monotonic() - started > FUZZ_SECONDS:
            break
    elapsed = time.monotonic() - started
    outcomes = ", ".join(f"{n} {name}" for name, n in sorted(tally.items()) if name != "inputs")
    NOTES.append(
        f"fuzz: {tally['inputs']} inputs in {elapsed:.1f}s: {outcomes}; no other exception"
    )
    assert tally["inputs"] >= min(FUZZ_EXAMPLES, BATCH) // 2
    if FUZZ_EXAMPLES >= 100:  # both outcomes occur, or the inputs are not doing their job
        assert tally["typed event"] > 0 and tally["EventDecodeError"] > 0
