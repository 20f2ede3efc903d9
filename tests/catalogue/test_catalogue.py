"""The catalogue against the reference: every protocol's wire types, both API versions, renames
and unions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import realtime_events as rt

from codegen.ir import ListType, MapType, ObjectType, Primitive, PrimitiveType, TypeExpr
from tests.helpers.spec_yaml import (
    EDITION,
    EDITION_TABLE,
    VERSIONS,
    read_spec,
    reference_events,
)
from tests.helpers.support import ROOT, catalogue, protocol_module, run_mypy

# Fields the API itself defines as free-form JSON; everything else nested is a typed class.
FREE_FORM = {
    ("FunctionTool", "parameters"),  # a JSON Schema
    ("McpToolInfo", "input_schema"),  # a JSON Schema
    ("McpToolInfo", "annotations"),  # whatever the MCP server annotates its tool with
    ("TracingConfig", "metadata"),  # arbitrary key-value pairs for traces
    ("LiveFunctionTool", "parameters"),  # a JSON Schema
    ("response.event", "event"),  # a Responses API streaming event, passed on (Live API)
    ("response.item.create", "item"),  # a Responses API input item, passed on (Live API)
}
# Live API fields that hold a string (or a literal) or else a list: the generator cannot express
# that yet, so they are `any` for now (spec/reference.yaml lists them under `untyped`).
NOT_YET_EXPRESSIBLE = {
    *(
        (f"LiveDecision{role}Message{side}", "content")
        for role in ("User", "Developer", "System", "Assistant")
        for side in ("", "Request")
    ),  # fmt: skip
    *(
        (f"LiveDecision{kind}Output{side}", "output")
        for kind in ("FunctionCall", "CustomToolCall")
        for side in ("", "Request")
    ),  # fmt: skip
    *((f"Live{kind}Question", "instructions") for kind in ("Choice", "Predicate", "Score")),
    ("LiveDataChannelSettings", "allowed_client_events"),
    ("LiveDataChannelSettings", "allowed_server_events"),
}


# The editions whose lists of events are a protocol's (or a version's): all but the one read for
# its objects.
LISTING_EDITIONS = [e.name for e in EDITION_TABLE if not e.objects_only]


def expected_wire_types(edition: str) -> set[str]:
    """The wire types an edition lists, with the differences spec/reference.yaml lists (which
    names another protocol's events `<protocol>:<wire type>`)."""
    spec = read_spec()
    listing = EDITION[edition]
    name = {
        spec.event_name(listing.protocol, w, listing.side): w for w in reference_events(edition)
    }
    expected = set(name)
    for entry in spec.differences.get("events") or []:
        state = entry.get(edition)
        if state == "added":
            expected.add(entry["event"])
        elif state == "missing":
            expected.discard(entry["event"])
    return {event.rpartition(":")[2] for event in expected}


@pytest.mark.parametrize("edition", LISTING_EDITIONS)
def test_wire_types_match_the_reference(edition: str) -> None:
    """Each protocol's events, per side (and per version where there are versions), are the
    edition's list of events, apart from the listed differences."""
    listing = EDITION[edition]
    expected = expected_wire_types(edition)
    union = next(u for u in catalogue().unions_of(listing.protocol) if u.direction == listing.side)
    in_spec = {
        e.wire_type
        for e in union.events
        if (listing.version is None or listing.version in e.versions)
        and (listing.connection is None or listing.connection in catalogue().connections_of(e))
    }
    assert in_spec == expected, (
        f"missing from spec: {sorted(expected - in_spec)}; not in reference: "
        f"{sorted(in_spec - expected)}"
    )
    package = protocol_module(rt, catalogue(), listing.protocol)
    if listing.version is not None and listing.side == "server":
        assert {cls.type for cls in package.events_for(listing.version)} == expected
    elif listing.connection is not None and listing.side == "server":
        assert {cls.type for cls in package.events_on(listing.connection)} == expected
    elif listing.connection is not None:  # the client's table per connection is private
        assert expected <= set(package.CLIENT_EVENT_TYPES)
    elif listing.version is None:
        types = package.CLIENT_EVENT_TYPES if listing.side == "client" else package.EVENT_TYPES
        assert set(types) == expected


def test_counts() -> None:
    # counted from the spec's YAML as written, not from what the generator made of it
    spec = read_spec(direction="server")
    assert len(rt.EVENT_TYPES) == len(spec.events())
    for version in VERSIONS:
        assert len(rt.events_for(version)) == len(spec.events(version)), version
    assert rt.VERSIONS == VERSIONS
    with pytest.raises(ValueError, match="unknown API version 'v2'"):
        rt.events_for("v2")


def test_the_readme_counts_nothing_by_hand() -> None:
    """Counts of events or types go stale with the next spec edit: the README leaves them to
    what is generated (the docs site's indexes, `rt.events_for`), so a maintainer edits only
    the spec."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counted = re.findall(
        r"\b\d+ (?:(?:beta|GA|server|client|wire) )*(?:and \d+ (?:beta|GA) )?"
        r"(?:events|types|wire types|classes)\b",
        readme,
    )
    assert not counted, f"README.md counts by hand: {counted}"


def test_every_event_has_an_example_for_each_version() -> None:
    for event in catalogue().union.events:
        for version in event.versions:
            assert any(ex.version == version for ex in event.examples), (event.wire_type, version)


def test_renamed_pairs_link_a_ga_event_to_its_beta_name() -> None:
    assert dict(rt.RENAMED_EVENTS) == {
        "response.output_text.delta": "response.text.delta",
        "response.output_text.done": "response.text.done",
        "response.output_audio.delta": "response.audio.delta",
        "response.output_audio.done": "response.audio.done",
        "response.output_audio_transcript.delta": "response.audio_transcript.delta",
        "response.output_audio_transcript.done": "response.audio_transcript.done",
    }
    for new, old in rt.RENAMED_EVENTS.items():
        assert rt.EVENT_VERSIONS[new] == {"ga"} and rt.EVENT_VERSIONS[old] == {"beta"}


def free_form(expr: TypeExpr) -> bool:
    if isinstance(expr, (ListType, MapType)):
        return free_form(expr.item if isinstance(expr, ListType) else expr.value)
    return isinstance(expr, PrimitiveType) and expr.primitive in (Primitive.OBJECT, Primitive.ANY)


def test_nested_objects_are_typed_except_free_form_json() -> None:
    found = {
        (declared.name, f.wire_name)
        for declared in catalogue().types
        if isinstance(declared, ObjectType)
        for f in declared.fields
        if free_form(f.type)
    }
    found |= {
        (e.wire_type, f.wire_name)
        for e in catalogue().events
        for f in e.fields
        if free_form(f.type)
    }
    assert found == FREE_FORM | NOT_YET_EXPRESSIBLE


def example(wire_type: str, version: str, index: int = 0) -> str:
    event = next(e for e in catalogue().union.events if e.wire_type == wire_type)
    return [ex.text for ex in event.examples if ex.version == version][index]


def test_one_parse_handles_both_session_shapes() -> None:
    beta = rt.parse_event(example("session.created", "beta"))
    ga = rt.parse_event(example("session.created", "ga"))
    assert isinstance(beta, rt.SessionCreatedEvent) and isinstance(ga, rt.SessionCreatedEvent)
    assert isinstance(beta.session, rt.BetaSession)
    assert isinstance(ga.session, rt.RealtimeSession)
    shapes = {type(rt.parse_event(text).session).__name__ for text in session_examples()}  # type: ignore[union-attr]
    assert shapes == {"BetaSession", "RealtimeSession", "TranscriptionSession"}


def session_examples() -> list[str]:
    event = next(e for e in catalogue().union.events if e.wire_type == "session.created")
    return [ex.text for ex in event.examples]


def test_items_decode_to_their_kind_and_unknown_kinds_are_kept() -> None:
    payload = json.loads(example("conversation.item.done", "ga"))
    event = rt.parse_event(payload)
    assert isinstance(event, rt.ConversationItemDoneEvent)
    assert not isinstance(event.item, rt.UnknownObject)
    payload["item"] = {"type": "hologram", "id": "item_X", "depth": 3}
    unknown = rt.parse_event(payload)
    assert isinstance(unknown, rt.ConversationItemDoneEvent)
    assert unknown.item == rt.UnknownObject(kind="hologram", payload=payload["item"])
    assert unknown.to_dict() == payload


def test_messages_are_told_apart_by_role() -> None:
    for role, cls in [("user", rt.UserMessageItem), ("assistant", rt.AssistantMessageItem),
                      ("system", rt.SystemMessageItem)]:  # fmt: skip
        item = {"type": "message", "role": role, "content": []}
        event = rt.parse_event({"type": "conversation.item.added", "item": item})
        assert isinstance(event, rt.ConversationItemAddedEvent)
        assert type(event.item) is cls


def test_base64_helpers_decode_audio() -> None:
    for wire_type, version in [
        ("response.audio.delta", "beta"),
        ("response.output_audio.delta", "ga"),
    ]:
        event = rt.parse_event(example(wire_type, version))
        assert isinstance(event, (rt.ResponseAudioDeltaEvent, rt.ResponseOutputAudioDeltaEvent))
        audio = event.delta_bytes()
        assert len(audio) > 200 and len(audio) % 2 == 0  # 16-bit PCM samples


def test_renamed_subscription_receives_both_names() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []

    @dispatcher.on(rt.ResponseOutputAudioDeltaEvent, include_renamed=True)
    def audio(event: rt.ResponseOutputAudioDeltaEvent | rt.ResponseAudioDeltaEvent) -> None:
        seen.append(event.type)

    dispatcher.dispatch(example("response.audio.delta", "beta"))
    dispatcher.dispatch(example("response.output_audio.delta", "ga"))
    assert seen == ["response.audio.delta", "response.output_audio.delta"]
    with pytest.raises(ValueError, match="has no renamed counterpart"):
        dispatcher.on(rt.ResponseDoneEvent, include_renamed=True)  # type: ignore[call-overload]


def test_category_prefix_and_catch_all_subscriptions() -> None:
    dispatcher = rt.Dispatcher()
    seen: list[str] = []
    dispatcher.on_any(lambda event: seen.append("any:" + event.type))
    dispatcher.on_category("input_audio_buffer")(lambda event: seen.append("category"))
    dispatcher.on_prefix("input_audio_buffer.speech_*")(lambda event: seen.append("prefix"))
    dispatcher.fallback(lambda event: seen.append("fallback"))
    dispatcher.dispatch(example("input_audio_buffer.speech_started", "ga"))
    dispatcher.dispatch(example("input_audio_buffer.cleared", "ga"))
    dispatcher.dispatch({"type": "response.sparkle"})
    assert seen == [
        "any:input_audio_buffer.speech_started", "category", "prefix",
        "any:input_audio_buffer.cleared", "category",
        "any:response.sparkle", "fallback",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="unknown category 'audio'"):
        dispatcher.on_category("audio")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="no event type starts with 'responce.'"):
        dispatcher.on_prefix("responce.")


TYPED = """
import realtime_events as rt
d = rt.Dispatcher()

@d.on(rt.ResponseOutputTextDeltaEvent, include_renamed=True)
def both(event: rt.ResponseOutputTextDeltaEvent | rt.ResponseTextDeltaEvent) -> None: ...

@d.on(rt.ResponseOutputTextDeltaEvent, include_renamed=True)
def only_ga(event: rt.ResponseOutputTextDeltaEvent) -> None: ...

@d.on_category("response")
def responses(event: rt.AnyResponseEvent) -> None: ...

@d.on_category("response")
def too_narrow(event: rt.ResponseDoneEvent) -> None: ...

@d.on_any
def everything(event: rt.ServerEvent | rt.UnknownEvent) -> None: ...
"""


def test_mypy_checks_renamed_and_category_handlers(tmp_path: Path) -> None:
    result = run_mypy(TYPED, tmp_path)
    errors = [line.split(":")[1] for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == ["8", "14"], result.stdout


def test_docs_index_lists_every_wire_type_with_versions() -> None:
    index = (ROOT / "generated" / "docs" / "pages" / "events" / "index.md").read_text("utf-8")
    rows = [line for line in index.splitlines() if line.startswith("| [`")]
    # each side of each protocol has its table: the Realtime API's, translation's, webhooks'
    assert len(rows) == len(read_spec().all_events())
    audio = next(row for row in rows if row.startswith("| [`response.output_audio.delta`]"))
    assert audio.count("|") == 7  # event, category, summary, beta, GA, renamed
    assert "| [Response](../categories/response/index.md) |" in audio and "| ✓ |" in audio
    assert "was [`response.audio.delta`](response.audio.delta.md)" in audio
