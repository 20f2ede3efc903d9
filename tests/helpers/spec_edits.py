"""Small edits of the mini spec, for the tests of `codegen diff`: a copy of tests/specs/mini/
with text replaced, lines added and files removed, and a probe field placed where only the
server's events reach it, only the client's, or both.

Where a probe sits decides who carries it:
- `SERVER`: the relay protocol's `thing.created`, a server event no client event shares;
- `CLIENT`: the mini protocol's `thing.create`, which only the client sends;
- `BOTH`: the `Thing` object, which `thing.created` (server) and `thing.create` (client) carry.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.support import MINI_SPEC

SERVER, CLIENT, BOTH = "server", "client", "both"

# Where each position's fields are declared (the line after which a probe goes), and the
# example objects that must then carry a value for it: (file, text that ends the object).
_ANCHORS = {
    SERVER: ("events/relay_things.yaml", "      hops: {type: integer, description: How many "
             "relays it went through.}\n"),
    CLIENT: ("events/requests.yaml", '      sound: {type: string, format: base64, python: '
             '{from_bytes: with_sound, bytes_helper: sound_bytes}, description: "A sound to '
             'attach, base64 encoded."}\n'),
    BOTH: ("types/things.yaml", "      unit: {type: '\"metres\"', description: A single string "
           "constant.}\n"),
}  # fmt: skip
_EXAMPLES = {
    SERVER: [("events/relay_things.yaml", '"hops": 2')],
    CLIENT: [
        ("events/requests.yaml", '"thing": {"id": "thing_9", "type": "green"}'),
        ("events/requests.yaml", '"sound": "AAEC"'),
    ],
    BOTH: [
        ("events/things.yaml", '"id": "thing_1"'),
        ("events/things.yaml", '"id": "thing_2"'),
        ("events/requests.yaml", '"id": "thing_9", "type": "green"'),
        ("events/requests.yaml", '"id": "thing_9", "type": "red"'),
    ],
}


@dataclass(frozen=True)
class Edit:
    """What one side of a comparison changes in the mini spec."""

    replace: tuple[tuple[str, str, str], ...] = ()  # (file, old text, new text)
    cut: tuple[tuple[str, str, str], ...] = ()  # (file, from this text, up to this one)
    append: tuple[tuple[str, str], ...] = ()  # (file, text added at its end)
    remove: tuple[str, ...] = ()  # files deleted
    # A probe field: (position, name, its declaration's keys, a JSON value every example
    # object there gets, or None).
    probe: tuple[str, str, str, str | None] | None = None
    extra: tuple[Edit, ...] = field(default=())


def probe(position: str, declaration: str, example: str | None = None, name: str = "probe") -> Edit:
    """A field `name: declaration` at `position`; with `example` (JSON text), every example
    object there carries it."""
    return Edit(probe=(position, name, declaration, example))


def spec_with(tmp: Path, edit: Edit, folder: str) -> Path:
    """A copy of the mini spec under `tmp/folder/mini`, with `edit` made."""
    spec = tmp / folder / "mini"
    shutil.copytree(MINI_SPEC, spec)
    _apply(spec, edit)
    return spec


def _apply(spec: Path, edit: Edit) -> None:
    for name, old, new in edit.replace:
        path = spec / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{name} has no {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    for name, start, end in edit.cut:
        path = spec / name
        text = path.read_text(encoding="utf-8")
        first = text.index(start)
        path.write_text(text[:first] + text[text.index(end, first) :], encoding="utf-8")
    for name, added in edit.append:
        path = spec / name
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    for name in edit.remove:
        (spec / name).unlink()
    if edit.probe is not None:
        position, name, declaration, example = edit.probe
        file, anchor = _ANCHORS[position]
        line = f"      {name}: {{{declaration}, description: A probe.}}\n"
        _apply(spec, Edit(replace=((file, anchor, anchor + line),)))
        if example is not None:
            for file, text in _EXAMPLES[position]:
                _apply(spec, Edit(replace=((file, text, f'{text}, "{name}": {example}'),)))
    for more in edit.extra:
        _apply(spec, more)
