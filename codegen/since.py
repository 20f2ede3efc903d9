"""spec/history.json read back: per event and per field, the release that added it and the one
that last changed it.

`python -m codegen changelog` (history.py) computes the file from git; this module only reads
it, so that loading a spec needs neither git nor the diff machinery. The generator loads it
with the spec (load.py) and lower.py puts what it says on each event and field of the IR.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

HISTORY = "history.json"

_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")

EventKey = tuple[str, str, str]  # protocol, side (direction), wire type
FieldKey = tuple[str, str]  # owner (a type's or an event's neutral name), wire name


@dataclass(frozen=True, slots=True)
class Since:
    added: str  # the release that added it
    changed: str  # the last release that changed it (its adding counts)


@dataclass(frozen=True, slots=True)
class History:
    versions: tuple[str, ...]  # the releases, oldest first
    events: Mapping[EventKey, Since]
    fields: Mapping[FieldKey, Since]

    def event(self, protocol: str, side: str, wire_type: str) -> Since | None:
        """When an event was added and last changed; None for one no release has."""
        return self.events.get((protocol, side, wire_type))

    def field(self, owner: str, wire_name: str) -> Since | None:
        """When a field of an object type, or of an event (`owner` its neutral name,
        `ResponseDoneEvent`), was added and last changed; None for one no release has."""
        return self.fields.get((owner, wire_name))


# A spec without history.json: no release is known, so nothing is said about any.
NO_HISTORY = History((), {}, {})


def read_history(path: Path) -> History:
    """The history `python -m codegen changelog` wrote (no git needed). Raises OSError when
    the file cannot be read and ValueError when it is not what that command writes."""
    document = json.loads(path.read_text(encoding="utf-8"))
    try:
        history = History(
            versions=tuple(r["version"] for r in document["releases"]),
            events={
                (e["protocol"], e["side"], e["wire_type"]): Since(e["added"], e["changed"])
                for e in document["events"]
            },
            fields={
                (f["owner"], f["field"]): Since(f["added"], f["changed"])
                for f in document["fields"]
            },
        )
    except (KeyError, TypeError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
        raise ValueError(f"not what `python -m codegen changelog` writes ({problem})") from None
    for version in history.versions:
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            raise ValueError(f"release version {version!r} is not MAJOR.MINOR.PATCH")
    return history
