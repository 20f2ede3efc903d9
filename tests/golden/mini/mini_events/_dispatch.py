# Copied by codegen from codegen/targets/python/runtime/_dispatch.py. Do not edit.
# mypy: disable-error-code="deprecated"
# pyright: reportDeprecated=false
"""How dispatchers file handlers and route events: the same for every catalogue.

Fixed code: the generator copies this module into every generated package unchanged. The
generated dispatch.py gives each dispatcher its `EventTable` and the typed overloads of the
registration methods, which depend on the catalogue's events.

The sync dispatcher calls plain functions; it refuses a coroutine function when it is
registered, since it would never await it (mypy refuses it too: a sync handler returns None).
The async dispatcher awaits what a handler returns, and calls a plain function as it is, so
logging or counting handlers need not be written as coroutines.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

Handler = Callable[[Any], Any]
Known = TypeVar("Known")  # the catalogue's event union
Unknown = TypeVar("Unknown")  # the class of an event the catalogue does not know
RawEvent = str | bytes | bytearray | Mapping[str, Any]


class EventTable:
    """What a dispatcher knows about the events it routes."""

    __slots__ = (
        "categories",
        "classes",
        "counterparts",
        "event_types",
        "parse",
        "renamed",
        "unknown",
    )

    def __init__(
        self,
        *,
        event_types: Mapping[str, type[Any]],
        unknown: type[Any],
        categories: Mapping[str, str],
        renamed: Mapping[str, str],
        parse: Callable[[Any], Any],
    ) -> None:
        self.event_types = event_types
        self.categories = categories
        self.parse = parse
        self.unknown = unknown
        self.renamed = renamed
        # Every class an event can arrive as; anything else is raw input to parse first.
        self.classes: frozenset[type[Any]] = frozenset({*event_types.values(), unknown})
        # Each renamed event's class to its counterpart's, both ways (GA to beta, beta to GA).
        self.counterparts: dict[type[Any], type[Any]] = {
            **{event_types[new]: event_types[old] for new, old in renamed.items()},
            **{event_types[old]: event_types[new] for new, old in renamed.items()},
        }

    def carried_on(
        self,
        connections: Mapping[str, frozenset[str]],
        connection: str,
        parse: Callable[[Any], Any],
    ) -> EventTable:
        """The table of a dispatcher for one kind of connection: the events it carries (a name
        of another kind's event fails when it is registered), decoded with `parse`."""
        carried = {w for w, kinds in connections.items() if connection in kinds}
        return EventTable(
            event_types={w: cls for w, cls in self.event_types.items() if w in carried},
            unknown=self.unknown,
            categories={w: name for w, name in self.categories.items() if w in carried},
            renamed={new: old for new, old in self.renamed.items() if {new, old} <= carried},
            parse=parse,
        )

    def classes_for(self, event: type[Any] | str, include_renamed: bool) -> list[type[Any]]:
        """The classes a registration covers; an unknown name fails now, not silently later."""
        if isinstance(event, str):
            cls = self.event_types.get(event)
            if cls is None:
                raise ValueError(
                    f"unknown event type {event!r}{_did_you_mean(event, self.event_types)}"
                )
        elif event in self.classes:
            cls = event
        else:
            raise TypeError(f"{event!r} is not an event class of this package")
        if not include_renamed:
            return [cls]
        counterpart = self.counterparts.get(cls)
        if counterpart is None:
            raise ValueError(f"{cls.__name__} has no renamed counterpart in another API version")
        return [cls, counterpart]

    def classes_in_category(self, category: str) -> list[type[Any]]:
        classes = [self.event_types[w] for w, name in self.categories.items() if name == category]
        if not classes:
            known = sorted(set(self.categories.values()))
            raise ValueError(f"unknown category {category!r}; known: {', '.join(known)}")
        return classes

    def classes_with_prefix(self, prefix: str) -> list[type[Any]]:
        stem = prefix[:-1] if prefix.endswith("*") else prefix
        classes = [cls for wire, cls in self.event_types.items() if wire.startswith(stem)]
        if not stem or not classes:
            raise ValueError(f"no event type starts with {stem!r}")
        return classes


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


class HandlerError(Exception):
    """A handler raised while an event was dispatched; the original exception is `__cause__`."""

    def __init__(self, event: Any, handler: Callable[..., Any], error: BaseException) -> None:
        name = getattr(handler, "__qualname__", repr(handler))
        event_id = getattr(event, "event_id", None)
        where = f"{event.type}" + (f" {event_id}" if isinstance(event_id, str) else "")
        super().__init__(f"handler {name} failed on {where}: {error!r}")
        self.event = event
        self.handler = handler
        self.error = error


class Registry(Generic[Known, Unknown]):
    """Registrations, and the routing table built from them: one lookup per dispatched event.

    Generated subclasses set `table`; their registration methods typed per event (overloads of
    `on` and `on_category`) call `_on` and `_on_category` here.
    """

    __slots__ = ("_catch_all", "_fallbacks", "_on_error", "_registrations", "_routes")

    table: ClassVar[EventTable]

    def __init__(self, *, on_error: Callable[[HandlerError], object] | None = None) -> None:
        """`on_error`, if given, receives each handler failure and dispatch carries on with the
        next handler; without it the failure is raised from dispatch as a HandlerError."""
        self._on_error = on_error
        self._registrations: list[tuple[frozenset[type[Any]], Handler]] = []
        self._fallbacks: list[Handler] = []
        self._catch_all: list[Handler] = []
        self._routes: dict[type[Any], tuple[Handler, ...]] | None = None

    def _check_handler(self, handler: Handler) -> None:
        """Refuse, when it is registered, a handler this dispatcher could not run."""
        if not callable(handler):
            raise TypeError(f"a handler must be callable, not {handler!r}")

    def _register_for(self, classes: Iterable[type[Any]]) -> Callable[[Handler], Handler]:
        chosen = frozenset(classes)

        def register(handler: Handler) -> Handler:
            self._check_handler(handler)
            self._registrations.append((chosen, handler))
            self._routes = None
            return handler

        return register

    def _on(self, event: type[Any] | str, include_renamed: bool) -> Callable[[Handler], Handler]:
        return self._register_for(self.table.classes_for(event, include_renamed))

    def _on_category(self, category: str) -> Callable[[Handler], Handler]:
        return self._register_for(self.table.classes_in_category(category))

    def _on_prefix(self, prefix: str) -> Callable[[Handler], Handler]:
        return self._register_for(self.table.classes_with_prefix(prefix))

    def _on_any(self, handler: Handler) -> None:
        self._check_handler(handler)
        self._catch_all.append(handler)
        self._routes = None

    def _on_fallback(self, handler: Handler) -> None:
        self._check_handler(handler)
        self._fallbacks.append(handler)
        self._routes = None

    def _route(
        self, event: Known | Unknown | RawEvent
    ) -> tuple[Known | Unknown, tuple[Handler, ...]]:
        if type(event) in self.table.classes:
            routed: Known | Unknown = event  # type: ignore[assignment]  # its class says so
        else:
            routed = self.table.parse(event)
        routes = self._routes if self._routes is not None else self._build_routes()
        return routed, routes[type(routed)]

    def _failed(self, event: Any, handler: Handler, exc: Exception) -> None:
        error = HandlerError(event, handler, exc)
        error.__cause__ = exc  # as `raise error from exc` would set it, for the hook too
        if self._on_error is None:
            raise error
        self._on_error(error)

    def _build_routes(self) -> dict[type[Any], tuple[Handler, ...]]:
        # Catch-all handlers first, then the event's own handlers, or the fallbacks if it has none.
        routes = {}
        for cls in self.table.classes:
            own = [handler for classes, handler in self._registrations if cls in classes]
            routes[cls] = (*self._catch_all, *(own or self._fallbacks))
        self._routes = routes
        return routes


def _is_coroutine_function(handler: Handler) -> bool:
    """An `async def` function, a partial or method of one, or an object with an async
    `__call__` (the handler is known to be callable)."""
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        type(handler).__call__
    )


def _name(handler: Handler) -> str:
    return getattr(handler, "__qualname__", None) or repr(handler)


class SyncRegistry(Registry[Known, Unknown]):
    """A dispatcher whose handlers are plain functions, called in registration order.

    A handler returns None (its value would be ignored): so a type checker refuses an `async def`
    handler, which returns a coroutine; registering one raises TypeError.
    """

    __slots__ = ()

    def _check_handler(self, handler: Handler) -> None:
        super()._check_handler(handler)
        if _is_coroutine_function(handler):
            raise TypeError(
                f"handler {_name(handler)} is a coroutine function, which "
                f"{type(self).__name__} would call without awaiting, so its body would never "
                "run; register it on an AsyncDispatcher (and await its dispatch)"
            )

    def on_prefix(
        self, prefix: str
    ) -> Callable[[Callable[[Known], None]], Callable[[Known], None]]:
        """Register the decorated function for every event whose wire type starts with `prefix`
        (`"response."`, or `"response.*"`)."""
        return self._on_prefix(prefix)

    def on_any(
        self, handler: Callable[[Known | Unknown], None]
    ) -> Callable[[Known | Unknown], None]:
        """Register the decorated function for every event, before its own handlers."""
        self._on_any(handler)
        return handler

    def fallback(
        self, handler: Callable[[Known | Unknown], None]
    ) -> Callable[[Known | Unknown], None]:
        """Register the decorated function for events with no handler of their own
        (unknown events included)."""
        self._on_fallback(handler)
        return handler

    def dispatch(self, event: Known | Unknown | RawEvent) -> Known | Unknown:
        """Parse `event` if it is raw, call its handlers, and return the event.

        A handler's exception is raised as HandlerError (with the event attached) and later
        handlers do not run, unless the dispatcher was made with an `on_error` hook.
        """
        routed, handlers = self._route(event)
        for handler in handlers:
            try:
                result = handler(routed)
                if result is not None and hasattr(result, "__await__"):
                    _refuse_awaitable(handler, result)
            except Exception as exc:
                self._failed(routed, handler, exc)
        return routed


def _refuse_awaitable(handler: Handler, result: Any) -> None:
    """A plain function that returned an awaitable (a lambda around a coroutine function, say):
    the sync dispatcher cannot await it, so it is closed unrun and reported."""
    close = getattr(result, "close", None)
    if close is not None:
        close()  # no "never awaited" warning on top of the error
    raise TypeError(
        f"handler {_name(handler)} returned an awaitable, which a sync dispatcher cannot "
        "await; register it on an AsyncDispatcher"
    )


AsyncHandlerResult = Awaitable[object] | None  # a coroutine function's, or a plain function's


class AsyncRegistry(Registry[Known, Unknown]):
    """A dispatcher whose handlers are coroutine functions, awaited one after another.

    A plain function (one that returns None) is accepted too and simply called, in its turn.
    """

    __slots__ = ()

    def on_prefix(
        self, prefix: str
    ) -> Callable[[Callable[[Known], AsyncHandlerResult]], Callable[[Known], AsyncHandlerResult]]:
        """Register the decorated coroutine function for every event whose wire type starts
        with `prefix` (`"response."`, or `"response.*"`)."""
        return self._on_prefix(prefix)

    def on_any(
        self, handler: Callable[[Known | Unknown], AsyncHandlerResult]
    ) -> Callable[[Known | Unknown], AsyncHandlerResult]:
        """Register the decorated coroutine function for every event, before its own handlers."""
        self._on_any(handler)
        return handler

    def fallback(
        self, handler: Callable[[Known | Unknown], AsyncHandlerResult]
    ) -> Callable[[Known | Unknown], AsyncHandlerResult]:
        """Register the decorated coroutine function for events with no handler of their own
        (unknown events included)."""
        self._on_fallback(handler)
        return handler

    async def dispatch(self, event: Known | Unknown | RawEvent) -> Known | Unknown:
        """Parse `event` if it is raw, call its handlers in order, awaiting each one's result,
        and return the event."""
        routed, handlers = self._route(event)
        for handler in handlers:
            try:
                result = handler(routed)
                if result is not None:  # a plain function has already done its work
                    await result
            except Exception as exc:
                self._failed(routed, handler, exc)
        return routed
