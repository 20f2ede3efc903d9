"""Every name conversion, for every target, in one place (tests/generator/test_naming.py)."""

from __future__ import annotations

import builtins
import json
import keyword
import re

_WORD_SPLIT = re.compile(r"[._\-\s]+")
_NOT_IDENTIFIER_CHAR = re.compile(r"[^0-9A-Za-z_]")

PYTHON_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
PYTHON_BUILTINS = frozenset(dir(builtins))

# Members every generated class defines; a field may not take one of these names.
PYTHON_RESERVED_MEMBERS = frozenset(
    {"to_dict", "from_dict", "to_json", "extra_fields", "self", "cls"}
)

EVENT_CLASS_SUFFIX = "Event"
TYPED_DICT_SUFFIX = "Dict"


def pascal_words(text: str) -> str:
    """`response.audio_transcript.delta` -> `ResponseAudioTranscriptDelta`."""
    return "".join(word[:1].upper() + word[1:] for word in _WORD_SPLIT.split(text) if word)


def event_name(prefix: str, wire_type: str) -> str:
    """The neutral name of an event: `response.output_text.delta` -> `ResponseOutputTextDeltaEvent`
    for every event alike, after its protocol's prefix (`TranslationSessionCreatedEvent`)."""
    return prefix + pascal_words(wire_type) + EVENT_CLASS_SUFFIX


def union_name(prefix: str, direction: str, *, alone: bool) -> str:
    """The neutral name of the union of one side's events: `ServerEvent`, `ClientEvent`,
    `TranslationServerEvent`; a prefixed protocol with one side names it `<prefix>Event`."""
    side = "" if alone and prefix else pascal_words(direction)
    return prefix + side + EVENT_CLASS_SUFFIX


def typed_dict_name(class_name: str) -> str:
    return class_name + TYPED_DICT_SUFFIX


def python_attribute(wire_name: str) -> str:
    """The attribute for a wire field name: separators become `_`, keywords get a trailing `_`.

    The result may still be unusable (a leading digit, a reserved member):
    `python_attribute_problem` says so, and the spec must then name it (`python: {name: ...}`).
    """
    name = _NOT_IDENTIFIER_CHAR.sub("_", wire_name.replace("-", "_").replace(".", "_"))
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


def python_attribute_problem(name: str) -> str | None:
    """Why `name` cannot be a generated attribute, or None when it can."""
    if not name.isidentifier() or not name.isascii():
        return f"'{name}' is not a valid Python identifier"
    if keyword.iskeyword(name):
        return f"'{name}' is a Python keyword"
    if name.startswith("_"):
        return f"'{name}' starts with an underscore, which the generated code keeps for itself"
    if name in PYTHON_RESERVED_MEMBERS:
        return f"'{name}' is a member every generated class defines"
    return None


def is_python_name(name: str) -> bool:
    """Whether `name` can be written as a Python name: an identifier that is not a keyword."""
    return name.isidentifier() and not keyword.iskeyword(name)


def python_package(name: str) -> str:
    """The default package of a catalogue: `realtime-events` -> `realtime_events`."""
    return _NOT_IDENTIFIER_CHAR.sub("_", name.replace("-", "_")).lower()


def python_module(name: str) -> str:
    """A module name from a spec name (a category, a types file): `rate_limits` stays."""
    module = python_package(name)
    if not is_python_name(module):
        module = "m_" + module
    return module


def python_parser(direction: str, *, primary: bool) -> str:
    """The Python package's parser of one direction's events: the primary direction's is
    `parse_event`, another's is named after it (`parse_client_event`)."""
    return "parse_event" if primary else f"parse_{python_module(direction)}_event"


def constant_name(name: str) -> str:
    """`RateLimitName` -> `RATE_LIMIT_NAME`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return _NOT_IDENTIFIER_CHAR.sub("_", spaced).upper()


def docs_event_page(wire_type: str, protocol: str = "", side: str = "") -> str:
    """The docs page of an event, under the pages folder: served at `events/<wire type>/` for
    the primary protocol, `events/<protocol>/<wire type>/` for another (`protocol` is then its
    key). A wire type holds a `.`, a protocol's key none, so the two never meet. `side` puts
    the page one folder down (`events/live/client/...`): for a wire type both sides of a
    protocol send, the page of the side that is not the protocol's first."""
    folder = "/".join(part for part in ("events", protocol, side) if part)
    return f"{folder}/{wire_type}.md"


def docs_protocol_page(key: str) -> str:
    """A protocol's page: `protocols/<key>.md`."""
    return f"protocols/{key}.md"


def docs_type_page(name: str) -> str:
    """The docs page of a declared type: `types/<Name>.md`, served at `types/<Name>/`."""
    return f"types/{name}.md"


def docs_category_page(key: str) -> str:
    """A category's page: an index page, so that the site's navigation opens it with the
    category's section."""
    return f"categories/{key}/index.md"


def docs_field_anchor(wire_name: str) -> str:
    """The HTML id of a field's row: `field-` and the name, any character other than an ASCII
    letter, digit or `_` written as `-<hex>-`, so that two names never share an anchor."""
    kept = "".join(
        char if char.isascii() and (char.isalnum() or char == "_") else f"-{ord(char):x}-"
        for char in wire_name
    )
    return f"field-{kept}"


def docs_group_title(group: str) -> str:
    """A heading for a group of types: `rate_limits` -> `Rate limits`."""
    words = " ".join(word for word in _WORD_SPLIT.split(group) if word)
    return words[:1].upper() + words[1:]


# --- TypeScript -------------------------------------------------------------------------------

_TYPESCRIPT_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")

# Words a TypeScript identifier may not be: reserved in strict mode code (every ES module), and
# the names of TypeScript's own types, which a declared type may not take either.
TYPESCRIPT_RESERVED = frozenset(
    """
    break case catch class const continue debugger default delete do else enum export extends
    false finally for function if import in instanceof new null return super switch this throw
    true try typeof var void while with implements interface let package private protected public
    static yield await any unknown never string number boolean symbol object bigint undefined
    """.split()
)


def typescript_property(wire_name: str) -> str:
    """A property name as written in an interface: bare when it is an identifier (keywords are
    fine there), a string literal otherwise (`"audio/pcm"`)."""
    if _TYPESCRIPT_IDENTIFIER.match(wire_name) and wire_name != "__proto__":
        return wire_name
    return json.dumps(wire_name, ensure_ascii=False)


def typescript_identifier_problem(name: str) -> str | None:
    """Why `name` cannot be a generated TypeScript type or function name, or None."""
    if not _TYPESCRIPT_IDENTIFIER.match(name):
        return f"'{name}' is not a valid TypeScript identifier"
    if name in TYPESCRIPT_RESERVED:
        return f"'{name}' is a reserved word in TypeScript"
    return None


def lower_first(name: str) -> str:
    """`RateLimit` -> `rateLimit`: a value named after a type."""
    return name[:1].lower() + name[1:]


def typescript_module(name: str) -> str:
    """A module file name (without `.ts`) from a spec name: a types group or a category."""
    return _NOT_IDENTIFIER_CHAR.sub("_", name).lower() or "_"


def wire_type_title(wire_type: str) -> str:
    """`response.output_audio.delta` -> `Response output audio delta`, a title for people."""
    words = [word for word in _WORD_SPLIT.split(wire_type) if word]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
