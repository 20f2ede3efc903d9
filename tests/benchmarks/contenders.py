"""The decoders under test, each as a function that decodes every line of a stream once."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

Decode = Callable[[str], Any]


def each_line(decode: Decode, lines: list[str]) -> Callable[[], None]:
    """A pass that calls `decode` on every line and drops the result."""

    def run() -> None:
        for line in lines:
            decode(line)

    return run


def parse_then_dispatch(rt: ModuleType, lines: list[str]) -> Callable[[], None]:
    """A pass that parses each line with parse_event and hands the event to a Dispatcher.

    Every event class has a handler, so dispatch always finds one and calls it, as in an
    application that listens to everything.
    """
    dispatcher = rt.Dispatcher()
    for cls in set(rt.EVENT_TYPES.values()):
        dispatcher.on(cls)(_ignore)
    parse, dispatch = rt.parse_event, dispatcher.dispatch

    def run() -> None:
        for line in lines:
            dispatch(parse(line))

    return run


def _ignore(event: object) -> None:
    pass


def json_floor(rt: ModuleType) -> tuple[str, Decode]:
    """The JSON decoder parse_event runs on text, which is the floor its ratios are taken against.

    The package is standard-library only but may pick up orjson or msgspec when importable; it
    says so with a `JSON_DECODER` name, or shows it by holding the module.
    """
    modules = [rt, *(getattr(rt, name) for name in ("_runtime", "events") if hasattr(rt, name))]
    named = next((m.JSON_DECODER for m in modules if hasattr(m, "JSON_DECODER")), None)
    held = {v.__name__ for m in modules for v in vars(m).values() if isinstance(v, ModuleType)}
    if named == "orjson" or "orjson" in held:
        orjson = importlib.import_module("orjson")  # not a dependency of the benchmark itself
        return "orjson.loads", orjson.loads
    if named == "msgspec" or "msgspec" in held or "msgspec.json" in held:
        import msgspec

        return "msgspec.json.decode", msgspec.json.decode
    return "json.loads", json.loads


def package_json_step(rt: ModuleType) -> Decode | None:
    """The JSON decoding parse_event does on text, if the package exposes it.

    It runs json's C scanner without json.loads' two whitespace passes, so parse_event can come
    close to, or under, the json.loads floor; this row shows how much of that is the scanner.
    """
    runtime = getattr(rt, "_runtime", None)
    loads = getattr(runtime, "loads", None)
    return loads if callable(loads) else None


def openai_decoder() -> Decode:
    """`TypeAdapter(RealtimeServerEvent).validate_json`: what an openai package user would run."""
    from openai.types.realtime import RealtimeServerEvent
    from pydantic import TypeAdapter

    adapter: TypeAdapter[Any] = TypeAdapter(RealtimeServerEvent)
    return adapter.validate_json


def openai_live_decoder() -> Decode:
    """`TypeAdapter(ServerEvent).validate_json` over `openai.types.live`, the union of a Live
    primary connection's server events: validating, as for the Realtime API, not `construct`."""
    from openai.types.live import ServerEvent
    from pydantic import TypeAdapter

    adapter: TypeAdapter[Any] = TypeAdapter(ServerEvent)
    return adapter.validate_json


def msgspec_decoder() -> Decode:
    from .msgspec_events import DECODER

    return DECODER.decode


def pydantic_package(package_dir: Path, protocol: str = "") -> ModuleType:
    """The Pydantic package, or with `protocol` its module for that protocol (`translation`)."""
    name = "realtime_events_pydantic" + (f".{protocol}" if protocol else "")
    sys.path.insert(0, str(package_dir / "pydantic"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(package_dir / "pydantic"))


def pydantic_decoder(package_dir: Path, protocol: str = "") -> Decode:
    """The Pydantic target's `parse_event`, on text: validate_json over the models' union."""
    decode: Decode = pydantic_package(package_dir, protocol).parse_event
    return decode


def pydantic_classes(package_dir: Path, protocol: str, bindings: ModuleType) -> dict[str, type]:
    """Wire type to the Pydantic model of that event: every target names its classes alike."""
    models = pydantic_package(package_dir, protocol)
    return {
        wire_type: getattr(models, cls.__name__) for wire_type, cls in bindings.EVENT_TYPES.items()
    }


def pydantic_dump(package_dir: Path) -> Callable[[Any], Any]:
    dump: Callable[[Any], Any] = pydantic_package(package_dir).dump_event
    return dump


def openai_dump(event: Any) -> Any:
    """What an openai model holds, as JSON: the fields that were set, by their wire names."""
    return event.model_dump(mode="json", by_alias=True, exclude_unset=True)
