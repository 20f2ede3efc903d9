"""Name conversions, table-tested."""

from __future__ import annotations

import pytest

from codegen import naming


@pytest.mark.parametrize(
    ("wire_type", "class_name"),
    [
        ("response.audio.delta", "ResponseAudioDeltaEvent"),
        ("response.output_text.delta", "ResponseOutputTextDeltaEvent"),
        ("response.audio_transcript.done", "ResponseAudioTranscriptDoneEvent"),
        ("rate_limits.updated", "RateLimitsUpdatedEvent"),
        ("error", "ErrorEvent"),
        ("conversation.item.input_audio_transcription.completed",
         "ConversationItemInputAudioTranscriptionCompletedEvent"),
    ],
)  # fmt: skip
def test_event_class_names(wire_type: str, class_name: str) -> None:
    assert naming.event_name("", wire_type) == class_name
    assert naming.event_name("Translation", wire_type) == "Translation" + class_name
    assert naming.typed_dict_name(class_name) == class_name + "Dict"


@pytest.mark.parametrize(
    ("prefix", "direction", "alone", "name"),
    [
        ("", "server", False, "ServerEvent"),
        ("", "client", False, "ClientEvent"),
        ("", "server", True, "ServerEvent"),  # the primary protocol keeps its side's name
        ("Translation", "server", False, "TranslationServerEvent"),
        ("Webhook", "server", True, "WebhookEvent"),  # a prefixed protocol with one side
    ],
)
def test_union_names(prefix: str, direction: str, alone: bool, name: str) -> None:
    assert naming.union_name(prefix, direction, alone=alone) == name


def test_event_pages_of_another_protocol_sit_in_its_folder() -> None:
    assert naming.docs_event_page("session.created") == "events/session.created.md"
    assert naming.docs_event_page("session.created", "translation") == (
        "events/translation/session.created.md"
    )
    assert naming.docs_protocol_page("translation") == "protocols/translation.md"


@pytest.mark.parametrize(
    ("wire_name", "attribute", "problem"),
    [
        ("delta", "delta", None),
        ("type", "type", None),
        ("id", "id", None),
        ("object", "object", None),
        ("from", "from_", None),
        ("class", "class_", None),
        ("match", "match_", None),
        ("audio-format", "audio_format", None),
        ("x.y", "x_y", None),
        ("2fa", "2fa", "'2fa' is not a valid Python identifier"),
        ("to_dict", "to_dict", "'to_dict' is a member every generated class defines"),
        ("self", "self", "'self' is a member every generated class defines"),
        ("_private", "_private", "'_private' starts with an underscore"),
        ("café", "caf_", None),
    ],
)
def test_python_attributes(wire_name: str, attribute: str, problem: str | None) -> None:
    assert naming.python_attribute(wire_name) == attribute
    found = naming.python_attribute_problem(attribute)
    assert (found is None) if problem is None else (found or "").startswith(problem)


@pytest.mark.parametrize(
    ("name", "constant"),
    [("RateLimit", "RATE_LIMIT"), ("Voice", "VOICE"), ("HTTPError", "HTTPERROR"), ("A1b", "A1B")],
)
def test_constant_names(name: str, constant: str) -> None:
    assert naming.constant_name(name) == constant


@pytest.mark.parametrize(
    ("wire_name", "anchor"),
    [
        ("delta", "field-delta"),
        ("output_index", "field-output_index"),
        ("a|b", "field-a-7c-b"),
        ("a-7c-b", "field-a-2d-7c-2d-b"),  # cannot meet the escaped pipe above
        ("café", "field-caf-e9-"),
    ],
)
def test_docs_field_anchors(wire_name: str, anchor: str) -> None:
    assert naming.docs_field_anchor(wire_name) == anchor


def test_docs_pages_and_titles() -> None:
    assert naming.docs_event_page("response.audio.delta") == "events/response.audio.delta.md"
    assert naming.docs_type_page("ConversationItem") == "types/ConversationItem.md"
    assert (
        naming.docs_category_page("input_audio_buffer") == "categories/input_audio_buffer/index.md"
    )
    assert naming.docs_group_title("rate_limits") == "Rate limits"
