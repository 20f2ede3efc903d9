"""One package, several protocols: each protocol's entry points decode its own events and never
mistake another protocol's for theirs, a version can be asked for, retired versions are marked,
and importing one protocol does not load the others.

The misread check decodes every example of every protocol and side with every entry point of
the package: the result must be a class of that entry point's own protocol and side,
`UnknownEvent`, or an `EventDecodeError`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import subprocess
import sys
import time
from typing import Any

import pytest
import realtime_events as rt

from codegen.ir import EventUnion
from tests.helpers.agreement import NOTES, decoder, union_id
from tests.helpers.support import GENERATED, catalogue, mini_package, protocol_module

UNIONS = [union for union in catalogue().unions if union.events]


def classes_of(union: EventUnion) -> set[type[Any]]:
    module = protocol_module(rt, catalogue(), union.protocol)
    primary = catalogue().unions_of(union.protocol)[0].direction
    table = module.EVENT_TYPES if union.direction == primary else module.CLIENT_EVENT_TYPES
    return set(table.values())


def test_every_protocol_module_exports_what_its_all_lists() -> None:
    for protocol in catalogue().protocols:
        module = protocol_module(rt, catalogue(), protocol.key)
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert missing == [], protocol.key


@pytest.mark.parametrize("reader", UNIONS, ids=union_id)
def test_no_entry_point_misreads_another_protocol_s_example(reader: EventUnion) -> None:
    parse = decoder(rt, catalogue(), reader)
    own = classes_of(reader)
    outcomes = {"own class": 0, "unknown": 0, "error": 0}
    for union in UNIONS:
        for event in union.events:
            for example in event.examples:
                try:
                    decoded = parse.parse(example.text)
                except rt.EventDecodeError:
                    outcomes["error"] += 1
                    continue
                if type(decoded) is rt.UnknownEvent:
                    outcomes["unknown"] += 1
                    continue
                assert type(decoded) in own, (union_id(union), event.wire_type, parse.label)
                if union is reader:
                    assert type(decoded).__name__ == event.name
                outcomes["own class"] += 1
    NOTES.append(
        f"misreads through {parse.label}: none; "
        + ", ".join(f"{count} {what}" for what, count in outcomes.items())
    )


def test_a_translation_session_update_through_the_realtime_entry_point() -> None:
    """Documented: the Realtime API's `parse_client_event`, which accepts both versions, reads a
    translation `session.update` as a beta one (its session has no `type`, its `audio` is an
    unknown field); asked for GA, it refuses it."""
    payload = {"type": "session.update", "session": {"audio": {"output": {"language": "de"}}}}
    event = rt.parse_client_event(payload)
    assert isinstance(event, rt.SessionUpdateEvent)
    assert type(event.session).__name__ == "BetaSessionRequest"
    assert [u.path for u in rt.unknown_fields(event)] == ["session.audio"]
    with pytest.raises(rt.EventDecodeError, match="session: BetaSessionRequest is a shape of"):
        rt.parse_client_event(payload, version="ga")
    assert type(rt.translation.parse_client_event(payload)).__name__ == (
        "TranslationSessionUpdateEvent"
    )


def test_every_example_decodes_in_its_own_version() -> None:
    decoded = 0
    for union in catalogue().unions_of(catalogue().primary.key):
        parse = decoder(rt, catalogue(), union).parse
        for event in union.events:
            for example in event.examples:
                assert type(parse(example.text, version=example.version)).__name__ == event.name
                decoded += 1
    assert decoded > 100


def test_a_version_s_decoder_knows_only_that_version() -> None:
    beta_only = {"type": "response.audio.delta", "response_id": "r", "item_id": "i",
                 "output_index": 0, "content_index": 0, "delta": "AAE="}  # fmt: skip
    assert isinstance(rt.parse_event(beta_only), rt.ResponseAudioDeltaEvent)
    assert isinstance(rt.parse_event(beta_only, version="ga"), rt.UnknownEvent)
    with pytest.raises(rt.EventDecodeError, match="unknown event type"):
        rt.parse_event(beta_only, version="ga", strict=True)
    ga_settings = {"type": "session.update", "session": {"instructions": "Be brief."}}
    with pytest.raises(rt.EventDecodeError) as caught:
        rt.parse_client_event(ga_settings, version="ga")  # GA needs the session's `type`
    assert caught.value.path == "session"
    with pytest.raises(ValueError, match="unknown version 'gamma'; known: beta, ga"):
        rt.parse_event(beta_only, version="gamma")
    with pytest.raises(ValueError, match="this protocol has no versions"):
        rt.translation.parse_event({"type": "session.closed", "event_id": "e"}, version="ga")


def test_a_connection_s_decoder_knows_only_the_events_it_carries() -> None:
    """The mini spec's relay has two kinds of connection; `thing.pinged` reaches a tap only."""
    relay = importlib.import_module(mini_package().__name__ + ".relay")
    ping = {"relay_id": "relay_1", "type": "thing.pinged", "at_ms": 5}
    assert relay.CONNECTIONS == ("direct", "tap")
    assert relay.EVENT_CONNECTIONS["thing.pinged"] == {"tap"}
    assert [cls.__name__ for cls in relay.events_on("direct")] == ["RelayThingCreatedEvent"]
    assert type(relay.parse_event(ping, connection="tap")).__name__ == "RelayThingPingedEvent"
    assert type(relay.parse_event(ping)).__name__ == "RelayThingPingedEvent"
    assert isinstance(relay.parse_event(ping, connection="direct"), relay.UnknownEvent)
    with pytest.raises(relay.EventDecodeError, match="unknown event type"):
        relay.parse_event(ping, connection="direct", strict=True)
    with pytest.raises(ValueError, match="unknown connection 'tapp'; known: direct, tap"):
        relay.parse_event(ping, connection="tapp")
    with pytest.raises(ValueError, match="unknown connection 'tapp'; known: direct, tap"):
        relay.events_on("tapp")
    with pytest.raises(ValueError, match="this protocol has one kind"):
        rt.parse_event({"type": "session.closed"}, connection="tap")


def test_a_connection_s_dispatcher_routes_only_the_events_it_carries() -> None:
    relay = importlib.import_module(mini_package().__name__ + ".relay")
    ping = '{"relay_id": "relay_1", "type": "thing.pinged", "at_ms": 5}'
    heard: list[str] = []
    tap = relay.TapDispatcher()
    tap.on("thing.pinged")(lambda event: heard.append(f"tap {event.at_ms}"))
    tap.dispatch(ping)
    direct = relay.DirectDispatcher()
    with pytest.raises(ValueError, match="unknown event type 'thing.pinged'"):
        direct.on("thing.pinged")
    direct.fallback(lambda event: heard.append(f"direct {type(event).__name__}"))
    direct.dispatch(ping)
    assert heard == ["tap 5", "direct UnknownEvent"]


def test_a_lone_surrogate_is_sent_escaped() -> None:
    """Valid JSON, but Python keeps it as a lone surrogate, which UTF-8 cannot encode."""
    event = rt.parse_client_event('{"type": "response.create", "event_id": "x\\ud800y"}')
    text = event.to_json()
    text.encode("utf-8")  # a WebSocket text frame must be UTF-8
    assert "\\ud800" in text
    assert rt.parse_client_event(text) == event
    assert json.loads(text)["event_id"] == "x\ud800y"


def test_importing_the_package_loads_no_other_protocol() -> None:
    code = (
        "import sys, realtime_events as rt\n"
        'rt.parse_event(\'{"type": "input_audio_buffer.cleared"}\')\n'
        "loaded = sorted(m for m in sys.modules if m.startswith('realtime_events'))\n"
        "assert not [m for m in loaded if 'translation' in m or 'webhook' in m], loaded\n"
        "import realtime_events.translation as tr\n"
        'assert tr.parse_event(\'{"type": "session.closed", "event_id": "e"}\')\n'
        "assert rt.webhooks.parse_event is not None  # an attribute of the package, on demand\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_readme_s_webhook_signature_check_accepts_a_signed_body_and_no_other() -> None:
    """The README shows how to check a webhook's Standard Webhooks signature with the standard
    library before decoding it; the snippet is run here on a body signed as OpenAI signs."""
    readme = (GENERATED.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("def verified_event(", 1)[1].split("\n```", 1)[0]
    function = "def verified_event(" + block.split("\nevent = verified_event(", 1)[0]
    prelude = readme.split("def verified_event(", 1)[0].rsplit("```python\n", 1)[1]
    namespace: dict[str, Any] = {}
    exec(prelude + function, namespace)  # noqa: S102 - the README's own code
    verified_event = namespace["verified_event"]

    secret_bytes = b"an endpoint secret of the tests"
    secret = "whsec_" + base64.b64encode(secret_bytes).decode()
    body = json.dumps(
        {"id": "evt_1", "object": "event", "created_at": 1788399012, "type":
         "realtime.call.incoming", "data": {"call_id": "rtc_1", "sip_headers": []}}
    ).encode()  # fmt: skip
    sent_at = str(int(time.time()))
    signed = b"evt_1." + sent_at.encode() + b"." + body
    signature = base64.b64encode(hmac.new(secret_bytes, signed, hashlib.sha256).digest()).decode()
    headers = {"webhook-id": "evt_1", "webhook-timestamp": sent_at,
               "webhook-signature": f"v1,bm90IHRoaXMgb25l v1,{signature}"}  # fmt: skip
    event = verified_event(headers, body, secret)
    assert isinstance(event, rt.webhooks.WebhookRealtimeCallIncomingEvent)
    assert event.data.call_id == "rtc_1"
    with pytest.raises(ValueError, match="bad webhook signature"):
        verified_event(headers, body.replace(b"rtc_1", b"rtc_2"), secret)
    with pytest.raises(ValueError, match="stale webhook"):
        verified_event({**headers, "webhook-timestamp": "1000"}, body, secret)


def test_the_responses_event_inside_response_event_stays_json_with_a_typed_kind() -> None:
    """Live's `response.event` is typed; the Responses event inside it is kept as JSON, and
    `event_type()` reads its kind as a string, or None when it has no string `type`."""
    from realtime_events import live

    inner = {"type": "response.output_text.delta", "delta": "Two", "sequence_number": 3}
    envelope = {"type": "response.event", "event": inner, "delegation_id": "dlg_1"}
    decoded = live.parse_event(json.dumps(envelope))
    assert isinstance(decoded, live.LiveResponseEnvelopeEvent)
    assert decoded.event == inner and decoded.event_type() == "response.output_text.delta"
    assert decoded.to_dict() == envelope
    assert rt.unknown_fields(decoded) == []  # the JSON inside is kept, not reported as unknown
    for kindless in ({}, {"type": 7}):
        odd = live.parse_event(json.dumps({**envelope, "event": kindless}))
        assert isinstance(odd, live.LiveResponseEnvelopeEvent) and odd.event_type() is None
