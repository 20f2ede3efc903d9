"""What the package builds when it is imported, checked for every class and every route.

At import the package makes a decoder builder for each class, its dispatch tables, and the
parsers; the first dataclasses.fields() call on a class builds its dataclass fields and keeps
them. Each is built once, so one test uses every one of them, right after import. mutmut
(make mutate) credits code that runs at import to the first test of the run alone: this
file's name makes pytest run it first in tests/bindings, and its first test covers it all.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from typing import Any

import realtime_events as rt

from tests.helpers.support import catalogue, parser_for, protocol_module


def every_class() -> list[type[Any]]:
    """Every event class of every protocol and side, and every object class they hold (a type
    only another protocol uses is in that protocol's sub-package)."""
    modules = [protocol_module(rt, catalogue(), p.key) for p in catalogue().protocols]
    classes: set[type[Any]] = set()
    for module in modules:
        classes |= {
            *module.EVENT_TYPES.values(),
            *getattr(module, "CLIENT_EVENT_TYPES", {}).values(),
        }
    for declared in catalogue().types:
        for module in modules:
            found = getattr(module, declared.name, None)
            if isinstance(found, type) and hasattr(found, "to_dict"):
                classes.add(found)
    return sorted(classes, key=lambda cls: cls.__name__)


def test_what_import_built_works_for_every_class_and_route() -> None:
    check_the_parsers()
    check_every_example_decodes_through_its_builder()
    check_every_registration_form_routes_through_the_tables()
    check_every_class_reports_the_dataclass_fields_its_constructor_has()


def check_the_parsers() -> None:
    for parser, name in [
        (rt.parse_event, "parse_event"),
        (rt.parse_client_event, "parse_client_event"),
    ]:
        assert parser.__name__ == parser.__qualname__ == name
        assert parser.__doc__ and parser.__doc__.strip()
    unknown = rt.parse_event('{"type": "not.in.the.catalogue"}')
    assert isinstance(unknown, rt.UnknownEvent)
    try:
        rt.parse_event('{"type": "not.in.the.catalogue"}', strict=True)
    except rt.EventDecodeError as error:
        assert error.event_type == "not.in.the.catalogue"
    else:
        raise AssertionError("strict=True let an unknown type through")
    try:
        rt.parse_event("x" * 10, max_size=9)
    except rt.EventDecodeError as error:
        assert str(error) == "payload of 10 exceeds max_size=9"
    else:
        raise AssertionError("max_size was not applied")


def check_every_class_reports_the_dataclass_fields_its_constructor_has() -> None:
    for cls in every_class():
        fields = dataclasses.fields(cls)
        assert dataclasses.is_dataclass(cls)
        assert cls.__dataclass_fields__ is cls.__dataclass_fields__, cls  # built once
        parameters = inspect.signature(cls.__init__).parameters
        names = [name for name in parameters if name != "self"]
        assert [f.name for f in fields] == names == list(cls.__slots__), cls
        for f in fields:
            parameter = parameters[f.name]
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
            assert f.kw_only is True and f.init is True, (cls, f.name)
            assert f.type == parameter.annotation, (cls, f.name)
            if f.name == "extra_fields":
                assert f.default is dataclasses.MISSING and f.default_factory is dict
            elif parameter.default is inspect.Parameter.empty:
                assert f.default is dataclasses.MISSING, (cls, f.name)
                assert f.default_factory is dataclasses.MISSING, (cls, f.name)
            else:
                assert f.default == parameter.default, (cls, f.name)
        assert cls.__dataclass_fields__[fields[0].name].name == fields[0].name


def check_every_example_decodes_through_its_builder() -> None:
    for event in catalogue().events:
        parse = parser_for(rt, catalogue(), event)  # its protocol's, for the side that sends it
        for example in event.examples:
            payload = json.loads(example.text)
            decoded = parse(payload)
            assert decoded.type == event.wire_type, (event.protocol, event.wire_type)
            assert type(decoded).__name__ == type(decoded).__qualname__
            assert not type(decoded).__name__.startswith("_"), event.wire_type
            assert decoded.to_dict() == payload
            assert dataclasses.replace(decoded) == decoded
            assert dataclasses.asdict(decoded)["extra_fields"] == {}


def check_every_registration_form_routes_through_the_tables() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []
    for wire_type in rt.EVENT_TYPES:
        dispatcher.on(wire_type)(lambda event, w=wire_type: seen.append("name " + w))
    for new in rt.RENAMED_EVENTS:
        dispatcher.on(rt.EVENT_TYPES[new], include_renamed=True)(
            lambda event: seen.append("renamed " + event.type)
        )
    for category in sorted(set(rt.EVENT_CATEGORIES.values())):
        dispatcher.on_category(category)(lambda event: seen.append("category " + event.type))
    for stem in sorted({w.split(".")[0] for w in rt.EVENT_TYPES if "." in w}):
        dispatcher.on_prefix(stem + ".*")(lambda event: seen.append("prefix " + event.type))
    for event in catalogue().union.events:
        seen.clear()
        dispatcher.dispatch(json.loads(event.examples[0].text))
        renamed = event.wire_type in rt.RENAMED_EVENTS or event.renamed_to is not None
        assert seen == [
            "name " + event.wire_type,
            *(["renamed " + event.wire_type] if renamed else []),
            "category " + event.wire_type,
            *(["prefix " + event.wire_type] if "." in event.wire_type else []),
        ], event.wire_type
