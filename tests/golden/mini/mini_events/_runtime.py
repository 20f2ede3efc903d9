# Copied by codegen from codegen/targets/python/runtime/_runtime.py. Do not edit.
# mypy: disable-error-code="deprecated"
# pyright: reportDeprecated=false
"""Support code shared by the generated modules: errors, the MISSING sentinel, value checks.

Fixed code: the generator copies this module into every generated package unchanged.
"""

from __future__ import annotations

import enum
import json
import json.decoder
import re
from collections.abc import Mapping
from contextvars import ContextVar

# Names used only in annotations are imported for type checkers alone: importing typing costs a
# quarter of this package's import time.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import dataclasses
    from collections.abc import Callable, Iterator
    from dataclasses import FrozenInstanceError as FrozenInstanceError
    from typing import Any, ClassVar, Final, Literal, TypeAlias, TypeVar, dataclass_transform

    T = TypeVar("T")
    _MappingBase: TypeAlias = Mapping[str, Any]
    UnknownKind: TypeAlias = Literal["field", "enum value", "object kind", "event type"]
    from typing_extensions import deprecated as deprecated
else:
    _MappingBase = Mapping

    def dataclass_transform(**settings):  # for type checkers alone; typing is costly to import
        return lambda cls: cls

    def deprecated(message, /, *, category=None, stacklevel=1):
        """PEP 702's decorator, for type checkers alone: the classes of a retired version
        still decode (proxies speak it), so nothing warns at run time."""
        return lambda cls: cls

    def __getattr__(name):
        # dataclasses imports inspect, which would double this package's import time; the
        # error class is looked up only when an assignment fails or a caller asks for it.
        if name == "FrozenInstanceError":
            import dataclasses

            return dataclasses.FrozenInstanceError
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class EventDecodeError(ValueError):
    """A payload that is not a valid server event.

    The message names the event type (when known) and the path of the offending field, for example
    ``response.done: response.output[0].status: expected string, got integer``.
    """

    def __init__(self, message: str, *, event_type: str | None = None, path: str = "") -> None:
        super().__init__(message)
        self.event_type = event_type
        self.path = path


class _MissingType(enum.Enum):
    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> Literal[False]:  # the Literal lets type checkers narrow it away
        return False


MISSING: Final = _MissingType.MISSING
"""Marks a nullable field that was absent from the payload (``None`` means it was null)."""

if TYPE_CHECKING:
    Missing: TypeAlias = Literal[_MissingType.MISSING]
else:
    Missing = _MissingType  # at run time, the sentinel's class: isinstance(value, Missing) works


class _NoExtraFields(_MappingBase):
    """The `extra_fields` of an object whose payload held only known fields: empty, immutable and
    shared, so the common case costs no allocation; it pickles and copies as itself."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_EXTRA"


NO_EXTRA: Final[Mapping[str, Any]] = _NoExtraFields()


class _DataclassFields:
    """Lets dataclasses.fields(), replace(), asdict() and is_dataclass() work on a Record class.

    The Field objects come from a real @dataclass built on first use from the class's own
    annotations and __init__ defaults, so they say exactly what @dataclass would have said.
    """

    def __get__(self, instance: object, owner: type[Any]) -> dict[str, Any]:
        import dataclasses

        defaults = owner.__init__.__kwdefaults__ or {}
        annotations = {name: owner.__annotations__.get(name, "Any") for name in owner.__slots__}
        namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": owner.__module__}
        for name in owner.__slots__:
            if name == "extra_fields":
                namespace[name] = dataclasses.field(default_factory=dict)
            elif name in defaults:
                namespace[name] = defaults[name]
        shadow: type[Any] = dataclasses.dataclass(frozen=True, kw_only=True)(
            type(owner.__name__, (), namespace)
        )
        fields: dict[str, Any] = shadow.__dataclass_fields__
        type.__setattr__(owner, "__dataclass_fields__", fields)  # later lookups skip this
        return fields


def frozen_setattr(self: object, name: str, value: Any) -> None:
    """The __setattr__ of every frozen class: it raises what a frozen dataclass raises."""
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def frozen_delattr(self: object, name: str) -> None:
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, kw_only_default=True)
class Record:
    """Base of every generated class: slotted, compared and shown by its fields.

    This is what @dataclass(frozen=True, slots=True, kw_only=True) generates, written once: running
    @dataclass over some 150 classes at import time costs more than 200 ms. Each subclass lists
    its fields in __slots__, defines a keyword-only __init__ and is made frozen by taking
    frozen_setattr and frozen_delattr as its own __setattr__ and __delattr__ (not here, so that
    mutable_twin classes keep Python's fast attribute stores).

    Type checkers learn the same from dataclass_transform (PEP 681), which costs nothing at run
    time here: they check assignments to fields and dataclasses.replace() as for a frozen,
    keyword-only dataclass.
    """

    __slots__: ClassVar[tuple[str, ...]] = ()
    _base64_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields that hold base64 text (the spec's `format: base64`), which repr() shortens."""
    _open_fields: ClassVar[tuple[tuple[str, str, tuple[str, ...] | None], ...]] = ()
    """Fields that can hold what the spec does not know, besides extra_fields, for
    unknown_fields(): each as (attribute, wire name, the known values of its open enum), the
    values None when only the objects it holds can (they are searched in turn)."""

    if TYPE_CHECKING:
        __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    else:
        __dataclass_fields__ = _DataclassFields()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __repr__(self) -> str:
        shorten = self._base64_fields
        fields = ", ".join(
            f"{name}={_short_base64(value) if name in shorten else repr(value)}"
            for name, value in zip(self.__slots__, self._values(), strict=True)
        )
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        # extra_fields holds arbitrary JSON; leaving it out keeps equal objects' hashes equal.
        return hash(tuple([getattr(self, n) for n in self.__slots__ if n != "extra_fields"]))

    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            object.__setattr__(self, name, value)


_BASE64_SHOWN = 24  # characters of a long base64 value that repr() shows


def _short_base64(value: Any) -> str:
    """An audio chunk is thousands of characters: show its start and its length instead, so a
    logged event stays one readable line. Equality, to_dict() and pickling keep the whole."""
    if type(value) is not str or len(value) <= 2 * _BASE64_SHOWN:
        return repr(value)
    return f"<base64, {len(value):,} chars: {value[:_BASE64_SHOWN]!r}...>"


def mutable_twin(cls: type[Any]) -> type[Any]:
    """A class with the same slots as the frozen `cls` but plain attribute stores, for decoders.

    A generated __init__ sets every field through object.__setattr__, which costs more than the
    rest of decoding together. Decoders instead fill an instance of this twin and then assign
    `__class__ = cls`: CPython allows that between classes with the same base and the same slots,
    and the object is from then on an ordinary, frozen instance of `cls`.
    """
    return type(f"_{cls.__name__}Builder", (Record,), {"__slots__": cls.__slots__})


class UnknownObject(Record):
    """An object whose kind (its discriminator value) the catalogue does not know.

    The API adds kinds of items, content parts and tools over time: the payload is kept whole and
    written back unchanged, so nothing is lost.
    """

    __slots__ = ("kind", "payload")
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    kind: str
    """The discriminator value as received (for example the item's `type`)."""
    payload: Mapping[str, Any]
    """The whole object as received."""

    def __init__(self, *, kind: str, payload: Mapping[str, Any]) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "payload", payload)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.payload)

    def to_json(self) -> str:
        return dumps(self.payload)


class UnknownField(Record):
    """Something a payload held that the catalogue does not know; see unknown_fields()."""

    __slots__ = ("path", "kind", "value")
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    path: str
    """Where it is, as error messages write paths: `response.output[0].status`."""
    kind: UnknownKind
    """What is new: a field (kept in `extra_fields`), a value of an open enum (kept as a plain
    string), a kind of object (decoded as `UnknownObject`) or an event (`UnknownEvent`)."""
    value: Any
    """The new thing: the field's value, the enum value, the object's kind or the event's type."""

    def __init__(self, *, path: str, kind: UnknownKind, value: Any) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "value", value)

    def __str__(self) -> str:
        shown = repr(self.value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{self.path}: {self.kind} {shown}"


def unknown_fields(event: Record) -> list[UnknownField]:
    """What a parsed event held that the catalogue does not know, as `UnknownField`s with paths.

    Nothing is lost when a server sends something new (see `extra_fields`, `UnknownObject`,
    `UnknownEvent`), so nothing fails either; this lists it, so that an application can log it
    once: fields the spec does not declare, at every level; values outside an open enum; kinds
    of object decoded as `UnknownObject`; or the event's own type, for `UnknownEvent`. In field
    order; an empty list means the event is exactly what the catalogue describes. Any decoded
    object (a nested one, or a client event) can be searched the same way.
    """
    if type(event) is UnknownEvent:
        return [UnknownField(path="type", kind="event type", value=event.type)]
    found: list[UnknownField] = []
    _search_record(event, "", found)
    return found


def _search_record(record: Record, path: str, found: list[UnknownField]) -> None:
    for attribute, key, known in type(record)._open_fields:
        _search(getattr(record, attribute), known, f"{path}.{key}" if path else key, found)
    extra = getattr(record, "extra_fields", NO_EXTRA)
    for key, value in extra.items():
        found.append(UnknownField(path=f"{path}.{key}" if path else key, kind="field", value=value))


def _search(
    value: Any, known: tuple[str, ...] | None, path: str, found: list[UnknownField]
) -> None:
    """Search one field's value: a string of an open enum, an object, or a list or map of them."""
    kind = type(value)
    if kind is str:
        if known is not None and value not in known:
            found.append(UnknownField(path=path, kind="enum value", value=value))
    elif kind is tuple:  # a list
        for index, item in enumerate(value):
            _search(item, known, f"{path}[{index}]", found)
    elif kind is dict:  # a map
        for key, item in value.items():
            _search(item, known, f"{path}.{key}", found)
    elif kind is UnknownObject:
        found.append(UnknownField(path=path, kind="object kind", value=value.kind))
    elif isinstance(value, Record):
        _search_record(value, path, found)


def encode_member(value: Any) -> Any:
    """The JSON value of a union member that may be an object or a plain value."""
    if type(value) is tuple:  # a list alternative, held as a tuple like every list
        return list(value)
    to_dict = getattr(value, "to_dict", None)
    return value if to_dict is None else to_dict()


class Invalid(Exception):
    """Raised inside decoders; the path is built on the way out, so success pays nothing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.segments: list[str] = []

    @classmethod
    def missing(cls, key: str) -> Invalid:
        return cls("required field is missing").within(key)

    @classmethod
    def wrong(cls, key: str | None, expected: str, value: Any) -> Invalid:
        error = cls(f"expected {expected}, got {describe(value)}")
        return error if key is None else error.within(key)

    def within(self, segment: str) -> Invalid:
        self.segments.append(segment)
        return self

    def path(self) -> str:
        text = ""
        for segment in reversed(self.segments):
            text += segment if segment.startswith("[") or not text else "." + segment
        return text

    def to_error(self, event_type: str | None) -> EventDecodeError:
        path = self.path()
        prefix = f"{event_type}: " if event_type else ""
        where = f"{path}: " if path else ""
        return EventDecodeError(f"{prefix}{where}{self.message}", event_type=event_type, path=path)


# The protocol version a payload is decoded for (`parse_event(raw, version="ga")`), or None
# when any version's shapes are accepted. A context variable: threads and tasks each keep theirs.
_VERSION: ContextVar[str | None] = ContextVar("realtime_events_version", default=None)


def require_version(versions: frozenset[str], shape: str) -> None:
    """In the decoder of a type that only some versions send: refuse it in a payload decoded
    for another version (a GA session without `type` is not a beta session)."""
    current = _VERSION.get()
    if current is not None and current not in versions:
        only = ", ".join(sorted(versions))
        raise Invalid(f"{shape} is a shape of version {only} only, not of {current}")


def describe(value: Any) -> str:
    """Name a JSON value's kind for an error message; short strings are quoted in full."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "boolean"
    if type(value) is int:
        return "integer"
    if type(value) is float:
        return "number"
    if type(value) is str:
        return repr(value) if len(value) <= 40 else "a string"
    if type(value) is list:
        return "array"
    if type(value) is dict:
        return "object"
    return type(value).__name__


def check_str(value: Any) -> str:
    if type(value) is not str:
        raise Invalid.wrong(None, "string", value)
    return value


def check_int(value: Any) -> int:
    if type(value) is not int:
        raise Invalid.wrong(None, "integer", value)
    return value


def check_number(value: Any) -> float:
    if type(value) is not float and type(value) is not int:
        raise Invalid.wrong(None, "number", value)
    return value


def check_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Invalid.wrong(None, "boolean", value)
    return value


def check_object(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise Invalid.wrong(None, "object", value)
    return value


def check_any(value: Any) -> Any:
    return value


def decode_list(value: Any, decode_item: Callable[[Any], T]) -> tuple[T, ...]:
    if type(value) is not list:
        raise Invalid.wrong(None, "array", value)
    try:
        return tuple([decode_item(item) for item in value])
    except Invalid as exc:
        raise exc.within(f"[{_failing(value, decode_item)}]") from None


def decode_map(value: Any, decode_item: Callable[[Any], T]) -> dict[str, T]:
    if type(value) is not dict:
        raise Invalid.wrong(None, "object", value)
    try:
        return {key: decode_item(item) for key, item in value.items()}
    except Invalid as exc:
        raise exc.within(str(_failing(value, decode_item))) from None


def _failing(container: Any, decode_item: Callable[[Any], object]) -> int | str:
    """The index or key of the first item that does not decode (only called after a failure)."""
    pairs = container.items() if type(container) is dict else enumerate(container)
    for key, item in pairs:
        try:
            decode_item(item)
        except Invalid:
            return key
    return "?"


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:24]} is too large for a float")
    return value


# Strict JSON: NaN and Infinity are not JSON, and a number too large for a float would come back
# as inf, which to_json() could not write; both are rejected.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)

# The C scanner that json.loads itself runs; json.loads adds two regular-expression passes for
# surrounding whitespace, which cost as much as decoding a small event. `loads` skips them on the
# common path and hands anything unusual to the full decoder, so results and errors are the same.
_scan_once: Callable[[str, int], tuple[Any, int]]
_scan_once = _DECODER.scan_once  # type: ignore[attr-defined]  # set in __init__, untyped


def loads(text: str) -> Any:
    """Decode JSON text strictly, faster than json.loads for the compact JSON servers send."""
    try:
        value, end = _scan_once(text, 0)
    except StopIteration:  # leading whitespace, a BOM, or no JSON value at all
        if text.startswith("\ufeff"):  # as json.loads says it
            raise json.JSONDecodeError(
                "Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0
            ) from None
        return _DECODER.decode(text)
    if end != len(text):  # trailing whitespace is fine, anything else is an error
        return _DECODER.decode(text)
    return value


def loads_other(raw: str | bytes | bytearray) -> Any:
    """Decode a str subclass, or JSON bytes in UTF-8, -16 or -32 as the JSON standard allows."""
    if isinstance(raw, str):
        return loads(str(raw))
    return loads(bytes(raw).decode(json.detect_encoding(raw), "surrogatepass"))


# A lone surrogate: valid in a JSON string ("\ud800"), but not encodable as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(payload: Mapping[str, Any]) -> str:
    """Compact JSON text; non-ASCII stays as it is, except lone surrogates, which are escaped
    (`\\ud800`) so that the text can be sent as UTF-8, as a WebSocket text frame must be."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def decode_root(
    decode: Callable[[dict[str, Any]], T], data: Any, label: str, *, event_type: str | None
) -> T:
    """Run a class's decoder on a whole payload and turn a failure into EventDecodeError."""
    if type(data) is not dict:
        if not isinstance(data, Mapping):
            raise EventDecodeError(f"{label}: expected a JSON object, got {describe(data)}")
        data = dict(data)
    if event_type is not None and data.get("type") != event_type:
        raise EventDecodeError(
            f"{label}: type: expected {event_type!r}, got {describe(data.get('type'))}",
            event_type=event_type,
            path="type",
        )
    try:
        return decode(data)
    except Invalid as exc:
        raise exc.to_error(event_type or label) from None
    except RecursionError:
        raise EventDecodeError(
            f"{label}: payload is nested too deeply", event_type=event_type
        ) from None


class UnknownEvent(Record):
    """An event whose `type` the catalogue does not know; the whole payload is kept.

    The API adds events over time; a client that meets one keeps running and can still look at it.
    """

    __slots__ = ("type", "payload")
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    type: str
    """The wire type as received."""
    payload: Mapping[str, Any]
    """The whole payload, `type` included."""

    def __init__(self, *, type: str, payload: Mapping[str, Any]) -> None:
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "payload", payload)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.payload)

    def to_json(self) -> str:
        return dumps(self.payload)


if TYPE_CHECKING:
    from typing import Protocol, overload

    RawEvent: TypeAlias = str | bytes | bytearray | Mapping[str, Any]
    Event = TypeVar("Event", covariant=True)

    class EventParser(Protocol[Event]):
        """What `parse_event` and its siblings are to a type checker: strict decoding never
        returns UnknownEvent."""

        @overload
        def __call__(
            self,
            raw: RawEvent,
            *,
            strict: Literal[True],
            max_size: int | None = None,
            version: str | None = None,
            connection: str | None = None,
        ) -> Event: ...
        @overload
        def __call__(
            self,
            raw: RawEvent,
            *,
            strict: bool = False,
            max_size: int | None = None,
            version: str | None = None,
            connection: str | None = None,
        ) -> Event | UnknownEvent: ...


def event_parser(
    decoders: Mapping[str, Callable[[dict[str, Any]], Event]],
    *,
    name: str,
    doc: str,
    versions: Mapping[str, frozenset[str]] | None = None,
    connections: Mapping[str, frozenset[str]] | None = None,
) -> EventParser[Event]:
    """The decoding function of one side's events, given the decoder of each wire type, and,
    for a protocol that has versions, the versions that send each wire type (for one that has
    kinds of connection, the kinds that carry each).

    A closure over `decode_event` rather than a generated function: the logic is the same for
    every side, and the decoders table is a local of the closure, which the hot path reads as
    fast as a global. The logic stays in a function of its own, called on every event, so that
    what runs is the code a reader (or a mutation tool) sees, not a copy made at import.
    """

    all_decoders: Callable[[str], Callable[[dict[str, Any]], Event] | None] = decoders.get
    known = frozenset().union(*versions.values()) if versions else frozenset()
    # each kind of connection's decoders, made once: another kind's wire type is unknown on it
    on_kind = {
        kind: {
            wire_type: decode
            for wire_type, decode in decoders.items()
            if kind in (connections or {}).get(wire_type, ())
        }.get
        for kind in (frozenset().union(*connections.values()) if connections else ())
    }

    def parse(
        raw: RawEvent,
        *,
        strict: bool = False,
        max_size: int | None = None,
        version: str | None = None,
        connection: str | None = None,
    ) -> Event | UnknownEvent:
        decoder_of = all_decoders
        if connection is not None:
            carried = on_kind.get(connection)
            if carried is None:
                listed = ", ".join(sorted(on_kind)) or "none: this protocol has one kind"
                raise ValueError(f"unknown connection {connection!r}; known: {listed}")
            decoder_of = carried
        if version is None:
            return decode_event(decoder_of, raw, strict, max_size)
        if version not in known:
            listed = ", ".join(sorted(known)) or "none: this protocol has no versions"
            raise ValueError(f"unknown version {version!r}; known: {listed}")
        assert versions is not None  # known is empty otherwise
        return decode_in_version(decoder_of, versions, version, raw, strict, max_size)

    parse.__name__ = parse.__qualname__ = name
    parse.__doc__ = doc
    return parse  # type: ignore[return-value]  # the Protocol's overloads describe this function


def decode_in_version(
    decoder_of: Callable[[str], Callable[[dict[str, Any]], Event] | None],
    versions: Mapping[str, frozenset[str]],
    version: str,
    raw: RawEvent,
    strict: bool,
    max_size: int | None,
) -> Event | UnknownEvent:
    """`decode_event` for the payloads of one version: a wire type only other versions send is
    unknown here, and a shape only other versions send is an error (see require_version)."""

    def decoder_in_version(wire_type: str) -> Callable[[dict[str, Any]], Event] | None:
        sent_by = versions.get(wire_type)
        return decoder_of(wire_type) if sent_by is not None and version in sent_by else None

    token = _VERSION.set(version)
    try:
        return decode_event(decoder_in_version, raw, strict, max_size)
    finally:
        _VERSION.reset(token)


def decode_event(
    decoder_of: Callable[[str], Callable[[dict[str, Any]], Event] | None],
    raw: RawEvent,
    strict: bool,
    max_size: int | None,
) -> Event | UnknownEvent:
    """What a parser made by `event_parser` does with one payload."""
    if type(raw) is str or isinstance(raw, (str, bytes, bytearray)):
        if max_size is not None and len(raw) > max_size:
            raise EventDecodeError(f"payload of {len(raw)} exceeds max_size={max_size}")
        try:
            data = loads(raw) if type(raw) is str else loads_other(raw)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError included
            raise EventDecodeError(f"payload is not valid JSON: {exc}") from None
        except RecursionError:
            raise EventDecodeError("payload is nested too deeply to decode") from None
    else:
        data = raw
    if type(data) is not dict:
        if not isinstance(data, Mapping):
            raise EventDecodeError(f"payload must be a JSON object, got {describe(data)}")
        data = dict(data)
    wire_type = data.get("type", MISSING)
    decode = decoder_of(wire_type) if type(wire_type) is str else None
    if decode is None:
        if wire_type is MISSING:
            raise EventDecodeError("payload has no 'type' field", path="type")
        if type(wire_type) is not str:
            raise EventDecodeError(f"type: expected string, got {describe(wire_type)}", path="type")
        if strict:
            raise EventDecodeError(f"{wire_type}: unknown event type", event_type=wire_type)
        return UnknownEvent(type=wire_type, payload=data)
    try:
        return decode(data)
    except Invalid as exc:
        raise exc.to_error(wire_type) from None
    except RecursionError:
        raise EventDecodeError(
            f"{wire_type}: payload is nested too deeply", event_type=wire_type
        ) from None
