"""Which upstream list of events is which part of the catalogue: the one table of upstream names.

An **edition** is one list of events that one upstream source gives for one side of one protocol:
a union schema of the OpenAPI document, a union of the `openai` package's models, a key of a
reference facts file. Each row says where the source keeps it (`where`), what findings and
`spec/reference.yaml` call it (`name`), and which protocol, side and version of the catalogue it
describes. Nothing else in codegen/upstream/ knows an upstream name.

- `where`, by source: `reference`, `<file>:<key under versions>`; `openapi`, a union schema's
  name, `<prefix>*` for every schema whose name starts with the prefix (the beta events, which
  the document lists without a union), or `webhooks` (the request bodies under `webhooks:`);
  `sdk`, `<module>:<union>`.
- `version`: the protocol version whose events it lists (the catalogue is narrowed to it), or
  None for a protocol without versions.
- `objects_only`: an edition read for its objects, whose list of events is no version's (the
  later printing of the beta reference borrows GA names): only the events the catalogue lacks
  in every version count.
- `wire_types`: keep only events whose wire type starts with one of these (a union that holds
  other APIs' events too).
- `connection`: the kind of connection whose events it lists, in a protocol with kinds (the
  catalogue is narrowed to the events that kind carries); None for every kind.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("reference", "openapi", "sdk")


@dataclass(frozen=True, slots=True)
class Edition:
    source: str  # one of SOURCES
    where: str
    name: str
    protocol: str  # the catalogue's protocol key
    side: str  # `server` or `client`: who sends the events
    version: str | None = None
    objects_only: bool = False
    wire_types: tuple[str, ...] = ()
    connection: str | None = None


_SERVER_FACTS = "realtime-server-events.schema.json"
_CLIENT_FACTS = "realtime-client-events.schema.json"
_TRANSLATION_FACTS = "realtime-translation-events.schema.json"
_WEBHOOK_FACTS = "realtime-webhooks.schema.json"
_LIVE_FACTS = "realtime-live-events.schema.json"
_LIVE_KINDS = ("primary", "sideband", "fork")

# fmt: off
EDITIONS = (
    # The reference facts (tests/reference/), as tests/reference/README.md describes them.
    Edition("reference", f"{_SERVER_FACTS}:beta", "beta", "realtime", "server", "beta"),
    Edition("reference", f"{_SERVER_FACTS}:ga", "ga", "realtime", "server", "ga"),
    Edition("reference", f"{_SERVER_FACTS}:beta_2026_08", "beta_2026_08", "realtime", "server",
            objects_only=True),
    Edition("reference", f"{_CLIENT_FACTS}:beta", "client_beta", "realtime", "client", "beta"),
    Edition("reference", f"{_CLIENT_FACTS}:ga", "client_ga", "realtime", "client", "ga"),
    Edition("reference", f"{_TRANSLATION_FACTS}:server", "translation_server", "translation",
            "server"),
    Edition("reference", f"{_TRANSLATION_FACTS}:client", "translation_client", "translation",
            "client"),
    Edition("reference", f"{_WEBHOOK_FACTS}:webhooks", "webhooks", "webhooks", "server"),
    # the Live API's: one per kind of connection and side
    *(Edition("reference", f"{_LIVE_FACTS}:{kind}_{side}", f"live_{kind}_{side}", "live", side,
              connection=kind)
      for kind in _LIVE_KINDS for side in ("server", "client")),
    # OpenAI's OpenAPI document. Its beta server events are the later beta printing (GA names
    # borrowed), hence objects only; the beta client events are the beta client's.
    Edition("openapi", "RealtimeServerEvent", "openapi_ga", "realtime", "server", "ga"),
    Edition("openapi", "RealtimeBetaServerEvent*", "openapi_beta", "realtime", "server",
            objects_only=True),
    Edition("openapi", "RealtimeClientEvent", "openapi_client_ga", "realtime", "client", "ga"),
    Edition("openapi", "RealtimeBetaClientEvent*", "openapi_client_beta", "realtime", "client",
            "beta"),
    Edition("openapi", "RealtimeTranslationServerEvent", "openapi_translation_server",
            "translation", "server"),
    Edition("openapi", "RealtimeTranslationClientEvent", "openapi_translation_client",
            "translation", "client"),
    Edition("openapi", "webhooks", "openapi_webhooks", "webhooks", "server"),
    # The `openai` package (requirements-dev.txt pins it), read through pydantic's JSON Schema.
    Edition("sdk", "openai.types.realtime:RealtimeServerEvent", "sdk_ga", "realtime", "server",
            "ga"),
    Edition("sdk", "openai.types.realtime:RealtimeClientEvent", "sdk_client_ga", "realtime",
            "client", "ga"),
    Edition("sdk", "openai.types.beta.realtime:RealtimeServerEvent", "sdk_beta", "realtime",
            "server", "beta"),
    Edition("sdk", "openai.types.beta.realtime:RealtimeClientEvent", "sdk_client_beta",
            "realtime", "client", "beta"),
    Edition("sdk", "openai.types.realtime:RealtimeTranslationServerEvent",
            "sdk_translation_server", "translation", "server"),
    Edition("sdk", "openai.types.realtime:RealtimeTranslationClientEvent",
            "sdk_translation_client", "translation", "client"),
    Edition("sdk", "openai.types.webhooks:UnwrapWebhookEvent", "sdk_webhooks", "webhooks",
            "server", wire_types=("realtime.", "live.")),
    # The Live API: the primary connection's union, the sideband's (`Connect...`) and the
    # fork's, each its own edition.
    *(Edition("sdk", f"openai.types.live:{prefix}{side.title()}Event", f"sdk_live_{kind}_{side}",
              "live", side, connection=kind)
      for kind, prefix in (("primary", ""), ("sideband", "Connect"), ("fork", "Fork"))
      for side in ("server", "client")),
)
# fmt: on


def editions_of(source: str) -> tuple[Edition, ...]:
    return tuple(e for e in EDITIONS if e.source == source)


EDITION = {e.name: e for e in EDITIONS}
