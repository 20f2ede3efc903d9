"""The life of what the catalogue describes, in words every target can print.

When an event or field was added and last changed (the release history's versions, in
docstrings, TSDoc's `@since` and the docs site), and which protocols and versions are no longer
(or soon not) served: the Python package's deprecation, TSDoc's `@deprecated`, the JSON
Schema's and AsyncAPI's `deprecated`, the docs site's banners.
"""

from __future__ import annotations

from .ir import Catalogue, Event, Field, Lifecycle, Protocol, Status, TypeDecl, Version

# --- added and changed ---------------------------------------------------------------------


def since_version(catalogue: Catalogue, dated: Event | Field) -> str:
    """The version that added it (`0.1.0`, `0.3.0 (not yet released)`); "" when the release
    history says nothing about it."""
    if dated.added_in is None:
        return ""
    if dated.added_in not in catalogue.releases:
        return f"{dated.added_in} (not yet released)"
    return dated.added_in


def changed_version(dated: Event | Field) -> str:
    """The release that last changed it, when that is not the one that added it; else ""."""
    if dated.changed_in is None or dated.changed_in == dated.added_in:
        return ""
    return dated.changed_in


def since_sentence(catalogue: Catalogue, dated: Event | Field) -> str:
    """`Added in 0.1.0; last changed in 0.2.0.`, `Added in 0.3.0 (not yet released).`; ""
    when the release history says nothing about it."""
    added = since_version(catalogue, dated)
    if not added:
        return ""
    changed = changed_version(dated)
    return f"Added in {added}; last changed in {changed}." if changed else f"Added in {added}."


# --- no longer served ------------------------------------------------------------------------


def ended(lifecycle: Lifecycle) -> bool:
    return lifecycle.status is not Status.CURRENT


def event_lifecycle(
    catalogue: Catalogue, event: Event
) -> tuple[Protocol, Version | None, Lifecycle] | None:
    """The lifecycle that ends `event`, when every version that sends it (or its protocol, which
    has no versions) is deprecated or retired; None when a current version still sends it."""
    protocol = catalogue.protocol(event.protocol)
    if not event.versions:
        if protocol.lifecycle is not None and ended(protocol.lifecycle):
            return protocol, None, protocol.lifecycle
        return None
    versions = [protocol.version(key) for key in event.versions]
    if all(ended(version.lifecycle) for version in versions):
        return protocol, versions[0], versions[0].lifecycle
    return None


def sentence(protocol: Protocol, version: Version | None, lifecycle: Lifecycle) -> str:
    """`Retired since 2026-05-12: ...`, for a protocol or one of its versions."""
    what = f"the {version.title} version of the {protocol.title}" if version else protocol.title
    status = lifecycle.status.value.capitalize()
    since = f" since {lifecycle.since}" if lifecycle.since else ""
    close = ""
    if lifecycle.close_code is not None:
        reason = f", reason `{lifecycle.close_reason}`" if lifecycle.close_reason else ""
        close = f" A server closes such a connection with code {lifecycle.close_code}{reason}."
    return f"{status}{since}: {what}. {lifecycle.description}{close}"


def short_sentence(protocol: Protocol, version: Version | None, lifecycle: Lifecycle) -> str:
    """The first sentence alone, with what a server does: for code (a deprecation message)."""
    what = f"the {version.title} version of the {protocol.title}" if version else protocol.title
    status = lifecycle.status.value.capitalize()
    since = f" since {lifecycle.since}" if lifecycle.since else ""
    close = ""
    if lifecycle.close_code is not None:
        reason = f", reason {lifecycle.close_reason}" if lifecycle.close_reason else ""
        close = f" (servers close its connections with code {lifecycle.close_code}{reason})"
    return f"{status}{since}: {what}{close}; decoding it still works."


def retirement(catalogue: Catalogue, event: Event, *, short: bool = False) -> str:
    """The sentence that deprecates `event` (`short`: for code), or "" when it is current."""
    found = event_lifecycle(catalogue, event)
    if found is None:
        return ""
    return short_sentence(*found) if short else sentence(*found)


def type_retirement(catalogue: Catalogue, declared: TypeDecl, *, short: bool = False) -> str:
    """The sentence that deprecates a type that only deprecated or retired versions send (the
    beta session), or "" for a type a current version sends."""
    keys = getattr(declared, "versions", ())
    versions = [
        (protocol, version)
        for protocol in catalogue.protocols
        for version in protocol.versions
        if version.key in keys
    ]
    if not versions or not all(ended(version.lifecycle) for _, version in versions):
        return ""
    protocol, version = versions[0]
    make = short_sentence if short else sentence
    return make(protocol, version, version.lifecycle)
