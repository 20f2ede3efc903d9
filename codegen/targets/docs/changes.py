"""The view of the Changes page: per release of the catalogue, newest first, the events and
fields it added and changed, linked to their pages.

It reads the versions lower.py put on each event and field from the release history (so it
says what every event page and field table says, gathered by release), not the changelog's
text: what each change breaks, and what a release removed, is in spec/CHANGELOG.md, which
`python -m codegen changelog` writes from the same comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ... import naming
from ...escape import markdown_code, markdown_inline
from ...ir import Event, Field, ObjectType
from .view import CHANGES, Builder, event_label, link


@dataclass(frozen=True, slots=True)
class OwnerFields:
    """The fields of one event or type that a release added or changed (Markdown links)."""

    owner: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReleaseView:
    title: str
    intro: str  # Markdown
    events_added: tuple[str, ...]  # links
    events_changed: tuple[str, ...]
    fields_added: tuple[OwnerFields, ...]
    fields_changed: tuple[OwnerFields, ...]
    nothing: bool  # a later release that added and changed nothing


@dataclass(frozen=True, slots=True)
class _Owner:
    """An event or an object type, with its fields and where its page is."""

    label: str  # Markdown
    page: str
    fields: tuple[Field, ...]
    event: Event | None  # None for a type


def changes_page(builder: Builder) -> dict[str, Any]:
    catalogue = builder.catalogue
    owners = [
        _Owner(event_label(catalogue, e), builder.page_of(e), e.fields, e) for e in catalogue.events
    ] + [
        _Owner(markdown_code(t.name), naming.docs_type_page(t.name), t.fields, None)
        for t in catalogue.types
        if isinstance(t, ObjectType)
    ]
    dated: list[Event | Field] = [*catalogue.events, *(f for o in owners for f in o.fields)]
    # What no release has is new in the catalogue's own version (lower.py decides when).
    unreleased = sorted({d.added_in for d in dated if d.added_in} - set(catalogue.releases))
    releases = []
    for version in unreleased:
        last = catalogue.releases[-1]
        releases.append(
            _release(
                builder,
                owners,
                version,
                f"{version} (not yet released)",
                f"What the catalogue has that release {last} did not. What it changes in "
                f"events and fields that {last} had shows here once {version} is released "
                "and recorded (`make changelog`).",
            )
        )
    for index, version in reversed(list(enumerate(catalogue.releases))):
        if index == 0:
            count = sum(e.added_in == version for e in catalogue.events)
            intro = (
                f"The first release that the ledger lists; {count} of today's events, with "
                "their fields, were in it."
            )
            # Everything it had was added then: the first release lists nothing.
            releases.append(
                ReleaseView(
                    title=markdown_inline(version),
                    intro=markdown_inline(intro),
                    events_added=(),
                    events_changed=(),
                    fields_added=(),
                    fields_changed=(),
                    nothing=False,
                )
            )
            continue
        intro = f"Against {catalogue.releases[index - 1]}."
        releases.append(_release(builder, owners, version, version, intro))
    return {
        "header": builder.header(),
        "releases": tuple(releases),
    }


def _release(
    builder: Builder, owners: list[_Owner], version: str, title: str, intro: str
) -> ReleaseView:
    events = builder.catalogue.events
    events_added = tuple(_event_link(builder, e) for e in events if e.added_in == version)
    events_changed = tuple(
        _event_link(builder, e) for e in events if e.changed_in == version != e.added_in
    )
    # The fields of an event added with it are not listed again.
    fields_added = _fields(
        owners,
        lambda o, f: f.added_in == version and (o.event is None or o.event.added_in != version),
    )
    fields_changed = _fields(owners, lambda o, f: f.changed_in == version != f.added_in)
    return ReleaseView(
        title=markdown_inline(title),
        intro=markdown_inline(intro),
        events_added=events_added,
        events_changed=events_changed,
        fields_added=fields_added,
        fields_changed=fields_changed,
        nothing=not (events_added or events_changed or fields_added or fields_changed),
    )


def _event_link(builder: Builder, event: Event) -> str:
    return link(event_label(builder.catalogue, event), CHANGES, builder.page_of(event))


def _fields(
    owners: list[_Owner], chosen: Callable[[_Owner, Field], bool]
) -> tuple[OwnerFields, ...]:
    found = []
    for owner in owners:
        fields = tuple(
            link(
                markdown_code(f.wire_name),
                CHANGES,
                owner.page,
                naming.docs_field_anchor(f.wire_name),
            )
            for f in owner.fields
            if chosen(owner, f)
        )
        if fields:
            found.append(OwnerFields(link(owner.label, CHANGES, owner.page), fields))
    return tuple(found)
