"""The spec against the reference, field by field, for every edition; and proof the check can fail.

codegen's upstream engine (`codegen/upstream/`, the one `make upstream` runs) compares the
catalogue with each edition of the reference facts (the Realtime API's server and client
references, the translation protocol's, the call webhooks'), each against its own protocol's
events: field names, JSON types, required sets and enum values must be the merge of the
editions, except where `spec/reference.yaml` declares a deliberate difference with its reason.
The spec's YAML is also read here without codegen (`tests/helpers/spec_yaml.py`), and that
reading must agree with the compiled catalogue the engine compares.
"""

from __future__ import annotations

import copy
import importlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from codegen.ir import EnumType, ObjectType, Presence, UnionType
from tests.helpers.spec_yaml import EDITION, EDITIONS, SPEC, read_spec, reference_events
from tests.helpers.support import catalogue
from tests.helpers.upstream import problems, run


def test_the_spec_agrees_with_the_reference_field_by_field() -> None:
    found = problems()
    assert not found, "\n".join(["differences not declared in spec/reference.yaml:", *found])


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_event_of_the_edition_meets_a_spec_event(edition: str) -> None:
    _, reading, declarations, _ = run()
    spec = read_spec()
    protocol, side = EDITION[edition].protocol, EDITION[edition].side
    connection = EDITION[edition].connection
    names = {spec.event_name(protocol, w, side): w for w in reference_events(edition)}
    walked = {
        record
        for record, pairs in reading.meets.items()
        if any(e == edition and m.event for e, m in pairs)
    }
    declared_missing = {
        d.position
        for d in declarations.entries
        if d.section == "events" and isinstance(d.value, dict) and d.value.get(edition) == "missing"
    }
    assert set(names) - declared_missing <= walked
    # an event missing from the edition's version but sent in another is walked all the same
    carried = spec.events(direction=side, protocol=protocol, connection=connection)
    sent = {spec.event_name(protocol, w, side) for w in carried}
    assert walked & set(names) == sent & set(names)
    # each was met by its own protocol's event, sent by the edition's side
    for name in walked & set(names):
        event = spec.objects[name]
        assert event.protocol == protocol and event.direction == side, (edition, name)


def test_the_independent_reading_agrees_with_the_compiled_catalogue() -> None:
    """Two readings of the same YAML: ours, and the generator's. A lowering bug shows up here."""
    spec = read_spec()
    compiled = {t.name: t for t in catalogue().types}
    assert set(compiled) == set(spec.objects) - set(spec.all_events()) | set(spec.enums) | set(
        spec.unions
    )
    for name, declared in compiled.items():
        if isinstance(declared, EnumType):
            assert declared.enumeration.values == spec.enums[name], name
            assert declared.enumeration.is_open, name  # named enums are open (spec/README.md)
        elif isinstance(declared, UnionType):
            assert declared.discriminator == spec.unions[name].discriminator, name
            variants = {v.value: v.type_name for v in declared.variants}
            assert variants == spec.unions[name].variants, name
            assert declared.untagged == spec.unions[name].untagged, name
        else:
            assert isinstance(declared, ObjectType)
            ours = spec.objects[name].fields
            assert [f.wire_name for f in declared.fields] == list(ours), name
            for f in declared.fields:
                mine = ours[f.wire_name]
                where = f"{name}.{f.wire_name}"
                assert (f.presence is not Presence.OPTIONAL) == mine.required, where
                assert f.nullable == mine.nullable, where
                assert (f.enum.values if f.enum else None) == mine.enum, where
    assert {
        spec.event_name(e.protocol, e.wire_type, e.direction) for e in catalogue().events
    } == set(spec.all_events())
    for event in catalogue().events:
        name = spec.event_name(event.protocol, event.wire_type, event.direction)
        read = spec.objects[name]
        assert event.versions == read.versions, name
        assert event.direction == read.direction, name
        assert event.protocol == read.protocol, name
        assert [f.wire_name for f in event.fields] == [n for n in read.fields if n != "type"]
        for f in event.fields:
            mine = read.fields[f.wire_name]
            where = f"{name}.{f.wire_name}"
            assert (f.presence is not Presence.OPTIONAL) == mine.required, where
            assert f.nullable == mine.nullable, where


# ------------------------------------------------------------------------------------------------
# The check can fail: each change to a scratch copy of the spec is reported.
# ------------------------------------------------------------------------------------------------


def _drop_rate_limit_field(d: dict[str, Any]) -> None:
    del d["types"]["RateLimit"]["fields"]["remaining"]


def _retype_limit(d: dict[str, Any]) -> None:
    d["types"]["RateLimit"]["fields"]["limit"]["type"] = "number"


def _retype_logprob_bytes(d: dict[str, Any]) -> None:
    d["types"]["LogProb"]["fields"]["bytes"]["type"] = "list[string]"


def _nullable_name(d: dict[str, Any]) -> None:
    d["types"]["RateLimit"]["fields"]["name"]["nullable"] = True


def _require_total(d: dict[str, Any]) -> None:
    d["types"]["Usage"]["fields"]["total_tokens"]["required"] = True


def _unrequire_item_id(d: dict[str, Any]) -> None:
    d["events"]["conversation.item.deleted"]["fields"]["item_id"]["required"] = False


def _drop_status_value(d: dict[str, Any]) -> None:
    d["types"]["Response"]["fields"]["status"]["enum"].remove("failed")


def _add_voice(d: dict[str, Any]) -> None:
    d["types"]["Voice"]["values"].append("juniper")


def _add_usage_field(d: dict[str, Any]) -> None:
    d["types"]["Usage"]["fields"]["tokens_per_second"] = {
        "type": "number",
        "description": "A field no edition lists.",
    }


def _text_done_in_ga(d: dict[str, Any]) -> None:
    d["events"]["response.text.done"]["versions"] = ["beta", "ga"]


def _forget_usage_relaxation(d: dict[str, Any]) -> None:
    for entry in d["nullable"]:
        entry["fields"] = [f for f in entry["fields"] if f != "Response.usage"]


def _stale_untyped(d: dict[str, Any]) -> None:
    d["untyped"] = [{"fields": ["Usage.total_tokens"], "reason": "A typed field listed anyway."}]


def _drop_mcp_call_variant(d: dict[str, Any]) -> None:
    del d["types"]["ConversationItem"]["variants"]["mcp_call"]


def _drop_description_reason(d: dict[str, Any]) -> None:
    d["types"]["BetaSession"]["fields"]["truncation"]["description"] = "What to cut."


# The same checks hold the client events to the client reference.


def _drop_truncate_field(d: dict[str, Any]) -> None:
    del d["events"]["conversation.item.truncate"]["fields"]["audio_end_ms"]


def _unrequire_append_audio(d: dict[str, Any]) -> None:
    d["events"]["input_audio_buffer.append"]["fields"]["audio"]["required"] = False


def _require_cancel_response_id(d: dict[str, Any]) -> None:
    d["events"]["response.cancel"]["fields"]["response_id"]["required"] = True


def _drop_conversation_value(d: dict[str, Any]) -> None:
    d["types"]["ResponseParameters"]["fields"]["conversation"]["enum"].remove("none")


def _retype_parallel_tool_calls(d: dict[str, Any]) -> None:
    d["types"]["ResponseParameters"]["fields"]["parallel_tool_calls"]["type"] = "string"


def _drop_transcription_delay(d: dict[str, Any]) -> None:
    del d["types"]["AudioTranscription"]["fields"]["delay"]


def _clear_beta_only(d: dict[str, Any]) -> None:
    d["events"]["output_audio_buffer.clear"]["versions"] = ["ga"]


def _forget_beta_request_nulls(d: dict[str, Any]) -> None:
    for entry in d["nullable"]:
        entry["fields"] = [f for f in entry["fields"] if f != "BetaSessionRequest.turn_detection"]


# The same checks hold the translation and webhook events to their own references.


def _drop_translation_language(d: dict[str, Any]) -> None:
    del d["types"]["TranslationAudioOutput"]["fields"]["language"]


def _unrequire_translated_audio(d: dict[str, Any]) -> None:
    d["events"]["session.output_audio.delta"]["fields"]["delta"]["required"] = False


def _drop_translation_session_created(d: dict[str, Any]) -> None:
    del d["events"]["session.created"]


def _retype_sip_header_value(d: dict[str, Any]) -> None:
    d["types"]["SipHeader"]["fields"]["value"]["type"] = "list[string]"


def _forget_translation_language(d: dict[str, Any]) -> None:
    for entry in d["extra"]:
        entry["fields"] = [f for f in entry["fields"] if f != "TranslationTranscription.language"]


def _type_the_example_timestamp(d: dict[str, Any]) -> None:
    d["events"]["response.created"]["fields"]["timestamp"] = {
        "type": "string",
        "description": "A clock time the reference's published example shows.",
    }


CASES: dict[str, tuple[str, Callable[[dict[str, Any]], None], str]] = {
    "a dropped field": (
        "types/rate_limits.yaml",
        _drop_rate_limit_field,
        "untyped: RateLimit.remaining: upstream lists it",
    ),
    "a changed type": (
        "types/rate_limits.yaml",
        _retype_limit,
        "types: RateLimit.limit: the catalogue adds JSON types ['number'] "
        "and leaves out ['integer']",
    ),
    "a changed list item type": (
        "types/transcription.yaml",
        _retype_logprob_bytes,
        "types: LogProb.bytes[]: the catalogue adds JSON types ['string'] "
        "and leaves out ['integer']",
    ),
    "an unlisted relaxation to null": (
        "types/rate_limits.yaml",
        _nullable_name,
        "nullable: RateLimit.name: the catalogue lets it be null",
    ),
    "a field made required": (
        "types/response.yaml",
        _require_total,
        "required: Usage.total_tokens: the catalogue makes it required",
    ),
    "a required field made optional": (
        "events/conversation.yaml",
        _unrequire_item_id,
        "required: conversation.item.deleted.item_id: the catalogue makes it optional",
    ),
    "a dropped enum value": (
        "types/response.yaml",
        _drop_status_value,
        "enums: Response.status: the catalogue adds values [] and leaves out ['failed']",
    ),
    "an added enum value": (
        "types/session.yaml",
        _add_voice,
        "enums: Voice: the catalogue adds values ['juniper']",
    ),
    "a field no edition lists": (
        "types/response.yaml",
        _add_usage_field,
        "extra: Usage.tokens_per_second: no edition lists it",
    ),
    "an event added to a version": (
        "events/response.yaml",
        _text_done_in_ga,
        "events: response.text.done: the catalogue's versions of the event differ",
    ),
    "a listed difference removed": (
        "reference.yaml",
        _forget_usage_relaxation,
        "nullable: Response.usage: the catalogue lets it be null",
    ),
    "a stale entry": (
        "reference.yaml",
        _stale_untyped,
        "stale: Usage.total_tokens: declared under untyped in reference.yaml, but no longer",
    ),
    "a dropped union variant": (
        "types/conversation.yaml",
        _drop_mcp_call_variant,
        "variant: ConversationItem.type=mcp_call: upstream's type 'mcp_call'",
    ),
    "an extra field that does not say why": (
        "types/session.yaml",
        _drop_description_reason,
        "description: BetaSession.truncation: extra: its description must say why",
    ),
    "a dropped client event field": (
        "events/client_conversation.yaml",
        _drop_truncate_field,
        "untyped: conversation.item.truncate.audio_end_ms: upstream lists it "
        "(client_beta:conversation.item.truncate, client_ga:conversation.item.truncate)",
    ),
    "a required client field made optional": (
        "events/client_input_audio_buffer.yaml",
        _unrequire_append_audio,
        "required: input_audio_buffer.append.audio: the catalogue makes it optional",
    ),
    "an optional client field made required": (
        "events/client_response.yaml",
        _require_cancel_response_id,
        "required: response.cancel.response_id: the catalogue makes it required",
    ),
    "a dropped enum value of a client object": (
        "types/response.yaml",
        _drop_conversation_value,
        "enums: ResponseParameters.conversation: the catalogue adds values [] "
        "and leaves out ['none']",
    ),
    "a changed type in a client object": (
        "types/response.yaml",
        _retype_parallel_tool_calls,
        "types: ResponseParameters.parallel_tool_calls: the catalogue adds JSON types ['string'] "
        "and leaves out ['boolean']",
    ),
    "a dropped field only the client reference lists": (
        "types/session.yaml",
        _drop_transcription_delay,
        "untyped: AudioTranscription.delay: upstream lists it",
    ),
    "a client event missing from a version": (
        "events/client_output_audio_buffer.yaml",
        _clear_beta_only,
        "events: output_audio_buffer.clear: the catalogue's versions of the event differ from the "
        "editions' (client_beta: missing)",
    ),
    "a listed client difference removed": (
        "reference.yaml",
        _forget_beta_request_nulls,
        "nullable: BetaSessionRequest.turn_detection: the catalogue lets it be null",
    ),
    "a dropped translation field": (
        "types/translation.yaml",
        _drop_translation_language,
        "untyped: TranslationAudioOutput.language: upstream lists it "
        "(translation_client:RealtimeTranslationSessionUpdateRequest.audio.output, "
        "translation_server:RealtimeTranslationSession.audio.output)",
    ),
    "a required field of a translation event made optional": (
        "events/translation_translation.yaml",
        _unrequire_translated_audio,
        "required: translation:session.output_audio.delta.delta: the catalogue makes it optional",
    ),
    "a translation event missing, though the Realtime API has its wire type": (
        "events/translation_session.yaml",
        _drop_translation_session_created,
        "events: translation:session.created: an event the catalogue does not have "
        "(translation_server: missing)",
    ),
    "a changed type in a webhook object": (
        "types/webhooks.yaml",
        _retype_sip_header_value,
        "types: SipHeader.value: the catalogue adds JSON types ['array'] and leaves out ['string']",
    ),
    "a listed translation difference removed": (
        "reference.yaml",
        _forget_translation_language,
        "extra: TranslationTranscription.language: no edition lists it",
    ),
    "a field only an example carries, typed anyway": (
        "events/response.yaml",
        _type_the_example_timestamp,
        "declaration: response.created.timestamp: example_only: typed by the spec; "
        "list it under extra",
    ),
}


def scratch_spec(tmp_path: Path, relative: str, change: Callable[[dict[str, Any]], None]) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(SPEC, target)
    path = target / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def test_an_unchanged_scratch_copy_passes(tmp_path: Path) -> None:
    assert problems(scratch_spec(tmp_path, "types/rate_limits.yaml", lambda data: None)) == []


@pytest.mark.parametrize("case", list(CASES))
def test_the_comparison_fails_on(case: str, tmp_path: Path) -> None:
    relative, change, expected = CASES[case]
    found = problems(scratch_spec(tmp_path, relative, change))
    assert any(expected in line for line in found), "\n".join(found)


def test_fields_only_examples_carry_are_kept_by_the_bindings() -> None:
    """A field listed under `example_only` is untyped on purpose: a payload with it still
    decodes, keeps it in extra_fields and writes it back."""
    spec = read_spec()
    listed = run()[2].reasons("example_only")
    assert listed, "spec/reference.yaml lists no example_only field"
    for position in listed:
        name, _, field_name = position.rpartition(".")
        event = next(
            e
            for e in catalogue().events
            if spec.event_name(e.protocol, e.wire_type, e.direction) == name
        )
        package = importlib.import_module(
            "realtime_events" + ("" if event.protocol == spec.primary else f".{event.protocol}")
        )
        parse = package.parse_client_event if event.direction == "client" else package.parse_event
        payload = copy.deepcopy(json.loads(event.examples[0].text))
        payload[field_name] = "2:30:35 PM"
        decoded = parse(payload)
        assert decoded.extra_fields == {field_name: "2:30:35 PM"}, position
        assert decoded.to_dict() == payload, position
