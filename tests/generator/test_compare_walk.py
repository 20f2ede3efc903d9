"""compare.walk: the meetings it reports, and loose unions (a flat record meeting a union)."""

from __future__ import annotations

from codegen.compare import ChangeKind, compare, walk
from codegen.diagnostics import Location
from codegen.surface import (
    EventShape,
    FieldShape,
    ObjectShape,
    ProtocolShape,
    Shape,
    SideShape,
    Surface,
)

AT = Location("x", 1, 1)
STRING = Shape(frozenset({"string"}))


def tag(*values: str) -> FieldShape:
    return FieldShape("type", Shape(frozenset({"string"}), values, open=False), True, False, AT)


def plain(name: str, required: bool = False) -> FieldShape:
    return FieldShape(name, STRING, required, False, AT)


def surface(objects: dict[str, ObjectShape]) -> Surface:
    item = FieldShape("item", Shape(frozenset({"object"}), object="Item"), True, False, AT)
    event = EventShape("item.added", "ItemAdded", {"item": item}, AT)
    side = SideShape("server", {"item.added": event})
    return Surface("test", {"p": ProtocolShape("p", {"server": side}, AT)}, objects)


CATALOGUE = surface(
    {
        "Item": ObjectShape("Item", {}, AT, "type", {"message": "Message", "call": "Call"}),
        "Message": ObjectShape("Message", {"type": tag("message"), "text": plain("text")}, AT),
        "Call": ObjectShape("Call", {"type": tag("call"), "name": plain("name")}, AT),
    }
)
# upstream writes every kind of item as one record, its type listing every kind
FLAT = surface(
    {
        "Item": ObjectShape(
            "Item",
            {"type": tag("message", "call", "video"), "text": plain("text"), "name": plain("name")},
            AT,
        )
    }
)


def test_by_default_a_record_meeting_a_union_is_a_structure_change() -> None:
    changes = compare(CATALOGUE, FLAT)
    assert [c.kind for c in changes] == [ChangeKind.STRUCTURE_CHANGED]


def test_loose_unions_route_a_flat_record_to_the_members_its_tag_selects() -> None:
    comparison = walk(CATALOGUE, FLAT, loose_unions=True)
    met = {(m.old, m.new): m for m in comparison.meetings}
    assert set(met) == {("ItemAdded", "ItemAdded"), ("Message", "Item"), ("Call", "Item")}
    # each member meets the record with its own tag value only
    assert met[("Message", "Item")].new_fields["type"].shape.enum == ("message",)
    assert met[("Message", "Item")].selected == {"type": ("message",)}
    assert met[("ItemAdded", "ItemAdded")].event
    assert met[("Call", "Item")].reach.path == "item"
    kinds = {(c.kind, c.member) for c in comparison.changes}
    # a value no member has; and each member lacks the other's field
    assert (ChangeKind.VARIANT_ADDED, "video") in kinds
    assert (ChangeKind.FIELD_ADDED, "name") in kinds and (ChangeKind.FIELD_ADDED, "text") in kinds
    assert ChangeKind.STRUCTURE_CHANGED not in {k for k, _ in kinds}


def test_walk_gives_compares_changes() -> None:
    assert walk(CATALOGUE, CATALOGUE).changes == compare(CATALOGUE, CATALOGUE) == []
    # the same surface meets itself: the event, then each member of the union it carries
    assert [(m.old, m.new) for m in walk(CATALOGUE, CATALOGUE).meetings] == [
        ("ItemAdded", "ItemAdded"),
        ("Message", "Message"),
        ("Call", "Call"),
    ]
