"""`codegen diff`'s rules: every row of the table on a before/after pair of the mini spec, with
the finding it must give, its verdict per direction (strict reader / realtime-events) and per
code target, and its severity; then the table's own consistency, the fingerprints and the
findings that only generated code sees.

Each pair is the mini spec with a small edit on one side or both (tests/helpers/spec_edits.py);
a probe field placed on a server-only event, a client-only event or an object both send shows
each direction's verdict. The expectations are written out here, apart from the table in
codegen/rules.py, so that a change to either shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from codegen.classify import Finding, classify, revision
from codegen.compare import ChangeKind
from codegen.pipeline import compile_spec
from codegen.rules import (
    CODE_TARGETS,
    RULES,
    Bump,
    Direction,
    Severity,
    Wire,
    implied_severity,
)
from tests.helpers.spec_edits import BOTH, CLIENT, SERVER, Edit, probe, spec_with

NO_EDIT = Edit()
OK, STRICT, ALL = "safe/safe", "breaks/safe", "breaks/breaks"


@dataclass(frozen=True)
class Case:
    name: str
    rule: str
    old: Edit
    new: Edit
    wire: dict[str, str]  # direction -> "strict/tolerant"
    code: str | dict[str, str]  # the verdict of every code target, or one per target
    severity: str
    also: tuple[str, ...] = ()  # the other findings the pair gives
    versions: tuple[str, str] | None = None  # compare two versions of one catalogue instead


def swap(
    case: Case,
    name: str,
    rule: str,
    wire: dict[str, str],
    code: str,
    severity: str,
    also: tuple[str, ...] = (),
) -> Case:
    """The same pair the other way round."""
    return Case(name, rule, case.new, case.old, wire, code, severity, also)


# --- protocols, versions, sides -------------------------------------------------------------

_RELAY = """  relay:
    name: Relay
    title: Relay protocol
    summary: Things passed on by a relay, one way.
    description: A second protocol, to exercise names, entry points and pages per protocol.
    transport: websocket
    endpoint:
      url: wss://mini.example/v1/relay
    lifecycle: {status: current, description: What the relay speaks.}
    connections:
      direct:
        title: Direct
        description: A connection to the relay itself.
      tap:
        title: Tap
        description: A listener attached to another connection, which also hears its pings.
        url: wss://mini.example/v1/relay/{relay_id}/tap
    directions:
      server:
        title: Relayed events
        description: What the relay sends.
        common_fields:
          relay_id: {type: string, required: true, description: Which relay sent it.}
"""
_CLIENT_SIDE = """      client:
        title: Client events
        description: What a client sends to the server.
        common_fields:
          event_id: {type: string, description: An id the client may choose for its event.}
"""
_V2 = "lifecycle: {status: current, description: What the mini server speaks.}"
_V3 = (
    _V2 + "\n      v3:\n        title: V3\n        description: The third version.\n"
    "        lifecycle: {status: current, description: Not sent yet.}"
)

NO_RELAY = Edit(replace=(("catalogue.yaml", _RELAY, ""),), remove=("events/relay_things.yaml",))
NO_CLIENT = Edit(replace=(("catalogue.yaml", _CLIENT_SIDE, ""),), remove=("events/requests.yaml",))
PROTOCOL_REMOVED = Case(
    "a protocol removed",
    "protocol-removed",
    NO_EDIT,
    NO_RELAY,
    {"protocol": ALL},
    "breaks",
    "breaking",
)
SIDE_REMOVED = Case(
    "a side removed", "side-removed", NO_EDIT, NO_CLIENT, {"protocol": ALL}, "breaks", "breaking"
)
VERSION_ADDED = Case(
    "a version added",
    "version-added",
    NO_EDIT,
    Edit(replace=(("catalogue.yaml", _V2, _V3),)),
    {"protocol": OK},
    "safe",
    "info",
)
V2_RETIRED = Edit(replace=(("catalogue.yaml", _V2, _V2.replace("current", "retired")),))
RETIRED = Case(
    "a version retired", "retired", NO_EDIT, V2_RETIRED, {"protocol": ALL}, "warns", "breaking"
)
PROTOCOLS = [
    PROTOCOL_REMOVED,
    swap(PROTOCOL_REMOVED, "a protocol added", "protocol-added", {"protocol": OK}, "safe", "info"),
    SIDE_REMOVED,
    swap(SIDE_REMOVED, "a side added", "side-added", {"protocol": OK}, "safe", "info"),
    VERSION_ADDED,
    swap(
        VERSION_ADDED,
        "a version removed",
        "version-removed",
        {"protocol": ALL},
        "breaks",
        "breaking",
    ),
    Case(
        "a version deprecated",
        "deprecated",
        NO_EDIT,
        Edit(replace=(("catalogue.yaml", _V2, _V2.replace("current", "deprecated")),)),
        {"protocol": OK},
        "warns",
        "dangerous",
    ),
    Case(
        "a protocol without versions deprecated",
        "deprecated",
        NO_EDIT,
        Edit(
            replace=(
                (
                    "catalogue.yaml",
                    "{status: current, description: What the relay",
                    "{status: deprecated, description: What the relay",
                ),
            )
        ),
        {"protocol": OK},
        "warns",
        "dangerous",
    ),
    RETIRED,
    swap(RETIRED, "a retired version served again", "reinstated", {"protocol": OK}, "safe", "info"),
]

# --- events ---------------------------------------------------------------------------------

_PAINTED = """  thing.painted:
    summary: A thing was painted.
    description: Its new colour.
    versions: [v2]
    fields:
      colour: {type: Colour, required: true, description: The new colour.}
    examples:
      - title: Painted red
        json: |
          {"event_id": "event_9", "type": "thing.painted", "colour": "red"}
"""
_PAINT = """  thing.paint:
    summary: Asks the server to paint a thing.
    description: The client's request.
    versions: [v2]
    fields:
      thing_id: {type: string, required: true, description: The thing to paint.}
    examples:
      - title: Paint it
        json: |
          {"type": "thing.paint", "thing_id": "thing_9"}
"""
SERVER_EVENT_ADDED = Case(
    "a server event added",
    "event-added",
    NO_EDIT,
    Edit(append=(("events/things.yaml", _PAINTED),)),
    {"server": STRICT},
    "breaks exhaustive checks",
    "dangerous",
)
CLIENT_EVENT_ADDED = Case(
    "a client event added",
    "event-added",
    NO_EDIT,
    Edit(append=(("events/requests.yaml", _PAINT),)),
    {"client": OK},
    "breaks exhaustive checks",
    "dangerous",
)
# thing.created and thing.create, sent in v1 and v2, made events of v2 only.
CREATED_V2_ONLY = Edit(
    replace=(("events/things.yaml", "versions: [v1, v2]", "versions: [v2]"),),
    cut=(
        (
            "events/things.yaml",
            "      - title: A full thing\n",
            "      - title: A thing with attachments\n",
        ),
    ),
)
CREATE_V2_ONLY = Edit(
    replace=(("events/requests.yaml", "versions: [v1, v2]", "versions: [v2]"),),
    cut=(
        (
            "events/requests.yaml",
            "      - title: A request with an id of the client's\n",
            "      - title: A request with a sound\n",
        ),
    ),
)
SERVER_VERSION_REMOVED = Case(
    "a server event no longer sent in v1",
    "event-version-removed",
    NO_EDIT,
    CREATED_V2_ONLY,
    {"server": OK},
    "safe",
    "info",
)
CLIENT_VERSION_REMOVED = Case(
    "a client event no longer sent in v1",
    "event-version-removed",
    NO_EDIT,
    CREATE_V2_ONLY,
    {"client": ALL},
    "safe",
    "breaking",
)
# The mini protocol with two kinds of connection, `a` and `b`, which carry all its events.
_KINDS = (
    "catalogue.yaml",
    "    directions:\n      server:\n        title: Server events\n",
    "    connections:\n"
    "      a: {title: A, description: One kind.}\n"
    "      b: {title: B, description: The other kind.}\n"
    "    directions:\n      server:\n        title: Server events\n",
)
TWO_KINDS = Edit(replace=(_KINDS,))
CREATED_ON_A = Edit(
    replace=(
        _KINDS,
        ("events/things.yaml", "  thing.created:\n", "  thing.created:\n    connections: [a]\n"),
    )
)
CREATE_ON_A = Edit(
    replace=(
        _KINDS,
        ("events/requests.yaml", "  thing.create:\n", "  thing.create:\n    connections: [a]\n"),
    )
)
CONNECTIONS = [
    Case("a server event carried on one kind only", "event-connection-removed", TWO_KINDS,
         CREATED_ON_A, {"server": OK}, "breaks", "breaking"),
    Case("a server event carried on every kind", "event-connection-added", CREATED_ON_A,
         TWO_KINDS, {"server": STRICT}, "safe", "dangerous"),
    Case("a client event carried on one kind only", "event-connection-removed", TWO_KINDS,
         CREATE_ON_A, {"client": ALL}, "safe", "breaking"),
    Case("a client event carried on every kind", "event-connection-added", CREATE_ON_A,
         TWO_KINDS, {"client": OK}, "safe", "info"),
]  # fmt: skip
EVENTS = [
    *CONNECTIONS,
    SERVER_EVENT_ADDED,
    swap(
        SERVER_EVENT_ADDED,
        "a server event removed",
        "event-removed",
        {"server": OK},
        "breaks",
        "breaking",
    ),
    CLIENT_EVENT_ADDED,
    swap(
        CLIENT_EVENT_ADDED,
        "a client event removed",
        "event-removed",
        {"client": ALL},
        "breaks",
        "breaking",
    ),
    Case(
        "an event renamed, from v1 to v2",
        "event-renamed",
        NO_EDIT,
        NO_EDIT,
        {"server": ALL},
        "breaks",
        "breaking",
        also=("untagged-member-removed",),
        versions=("v1", "v2"),
    ),
    Case(
        "an event's class renamed",
        "event-name-changed",
        NO_EDIT,
        Edit(
            replace=(
                (
                    "events/things.yaml",
                    "    renamed_from: thing.removed\n",
                    "    renamed_from: thing.removed\n    name: ThingGoneEvent\n",
                ),
            )
        ),
        {"server": OK},
        "breaks",
        "breaking",
    ),
    SERVER_VERSION_REMOVED,
    swap(
        SERVER_VERSION_REMOVED,
        "a server event sent in v1 too",
        "event-version-added",
        {"server": STRICT},
        "safe",
        "dangerous",
    ),
    CLIENT_VERSION_REMOVED,
    swap(
        CLIENT_VERSION_REMOVED,
        "a client event sent in v1 too",
        "event-version-added",
        {"client": OK},
        "safe",
        "info",
    ),
]

# --- fields, by where they are ---------------------------------------------------------------

SIDES = {SERVER: ("server",), CLIENT: ("client",), BOTH: ("server", "client")}


def field_cases(
    name: str,
    rule: str,
    old: str | None,
    new: str | None,
    verdicts: dict[str, str],
    code: str | dict[str, str],
    severity: dict[str, str],
    example: str | None = None,
    swapped: tuple[str, dict[str, str], str | dict[str, str], dict[str, str]] | None = None,
    positions: tuple[str, ...] = (SERVER, CLIENT, BOTH),
) -> list[Case]:
    """The pair `old` -> `new` of a probe's declaration at each position (None: no probe), and,
    with `swapped` (rule, verdicts, code, severity), the same pair the other way round."""
    cases = []
    for position in positions:
        before = probe(position, old, example) if old is not None else NO_EDIT
        after = probe(position, new, example) if new is not None else NO_EDIT
        sides = SIDES[position]
        wire = {side: verdicts[side] for side in sides}
        worst = _worst(severity[side] for side in sides)
        cases.append(Case(f"{name} ({position})", rule, before, after, wire, code, worst))
        if swapped is not None:
            other, other_verdicts, other_code, other_severity = swapped
            wire = {side: other_verdicts[side] for side in sides}
            worst = _worst(other_severity[side] for side in sides)
            label = f"{name}, the other way round ({position})"
            cases.append(Case(label, other, after, before, wire, other_code, worst))
    return cases


def _worst(severities: object) -> str:
    order = ["info", "dangerous", "breaking"]
    return max(severities, key=order.index)  # type: ignore[call-overload]


def both(server: str, client: str) -> dict[str, str]:
    return {"server": server, "client": client}


PY_ONLY_READERS = {
    "python": "breaks code that reads it",
    "pydantic": "breaks code that reads it",
    "typescript": "safe",
}
PY_ONLY_BUILDERS = {
    "python": "breaks code that builds it",
    "pydantic": "breaks code that builds it",
    "typescript": "safe",
}

FIELDS = [
    *field_cases(
        "a required field added",
        "field-added-required",
        None,
        "type: string, required: true",
        both(OK, ALL),
        "breaks code that builds it",
        both("dangerous", "breaking"),
        example='"x"',
        swapped=("field-removed-required", both(ALL, ALL), "breaks", both("breaking", "breaking")),
    ),
    *field_cases(
        "an optional field added",
        "field-added-optional",
        None,
        "type: string",
        both(OK, OK),
        "safe",
        both("info", "info"),
        swapped=("field-removed-optional", both(OK, ALL), "breaks", both("breaking", "breaking")),
    ),
    *field_cases(
        "a field became required",
        "became-required",
        "type: string",
        "type: string, required: true",
        both(OK, ALL),
        "breaks code that builds it",
        both("dangerous", "breaking"),
        example='"x"',
        swapped=(
            "became-optional",
            both(ALL, OK),
            "breaks code that reads it",
            both("breaking", "dangerous"),
        ),
    ),
    *field_cases(
        "a field became nullable",
        "became-nullable",
        "type: string",
        "type: string, nullable: true",
        both(ALL, OK),
        "breaks code that reads it",
        both("breaking", "dangerous"),
        swapped=(
            "became-not-nullable",
            both(OK, ALL),
            "breaks code that builds it",
            both("dangerous", "breaking"),
        ),
    ),
    *field_cases(
        "a field takes more kinds",
        "kinds-widened",
        "type: string",
        "type: 'integer | string'",
        both(ALL, OK),
        "breaks code that reads it",
        both("breaking", "dangerous"),
        swapped=(
            "kinds-narrowed",
            both(OK, ALL),
            "breaks code that builds it",
            both("dangerous", "breaking"),
        ),
    ),
    *field_cases(
        "an integer field takes fractions",
        "integer-to-number",
        "type: integer",
        "type: number",
        both(ALL, OK),
        PY_ONLY_READERS,
        both("breaking", "dangerous"),
        swapped=(
            "number-to-integer",
            both(OK, ALL),
            PY_ONLY_BUILDERS,
            both("dangerous", "breaking"),
        ),
    ),
    *field_cases(
        "a field of another kind",
        "kinds-changed",
        "type: string",
        "type: integer",
        both(ALL, ALL),
        "breaks",
        both("breaking", "breaking"),
    ),
    *field_cases(
        "a map became an object",
        "structure-changed",
        'type: "map[string]"',
        "type: Part",
        both(ALL, ALL),
        "breaks",
        both("breaking", "breaking"),
        positions=(SERVER,),
    ),
    *field_cases(
        "an open enum's value added",
        "enum-value-added-open",
        "type: string, enum: [a, b]",
        "type: string, enum: [a, b, c]",
        both(STRICT, OK),
        "safe",
        both("dangerous", "info"),
        swapped=("enum-value-removed-open", both(OK, ALL), "safe", both("info", "breaking")),
    ),
    *field_cases(
        "a closed enum's value added",
        "enum-value-added-closed",
        "type: string, enum: [a, b], open: false",
        "type: string, enum: [a, b, c], open: false",
        both(ALL, OK),
        "breaks exhaustive checks",
        both("breaking", "dangerous"),
        swapped=(
            "enum-value-removed-closed",
            both(OK, ALL),
            "breaks code that builds it",
            both("dangerous", "breaking"),
        ),
    ),
    *field_cases(
        "an enum opened",
        "enum-opened",
        "type: string, enum: [a, b], open: false",
        "type: string, enum: [a, b]",
        both(ALL, OK),
        "breaks code that reads it",
        both("breaking", "dangerous"),
        swapped=(
            "enum-closed",
            both(OK, ALL),
            "breaks code that builds it",
            both("dangerous", "breaking"),
        ),
    ),
    *field_cases(
        "free text became an enum",
        "enum-closed",
        "type: string",
        "type: string, enum: [a, b], open: false",
        both(OK, ALL),
        "breaks code that builds it",
        both("dangerous", "breaking"),
        positions=(CLIENT,),
    ),
    *field_cases(
        "a constant changed",
        "constant-changed",
        "type: string, enum: [a], open: false",
        "type: string, enum: [b], open: false",
        both(ALL, ALL),
        "breaks",
        both("breaking", "breaking"),
    ),
    *field_cases(
        "a default changed",
        "default-changed",
        "type: integer, default: 1",
        "type: integer, default: 2",
        both(OK, OK),
        "safe",
        both("dangerous", "dangerous"),
    ),
]

RENAMED_PROBE = Edit(probe=(SERVER, "sonde", "type: string", None))
OBJECTS = [
    # A fact of the generated code alone: no direction of its own.
    Case(
        "a field's Python name changed",
        "field-code-name-changed",
        probe(SERVER, "type: string"),
        probe(SERVER, "type: string, python: {name: sonde}"),
        {"any": OK},
        {"python": "breaks", "pydantic": "safe", "typescript": "safe"},
        "breaking",
    ),
    Case(
        "a field renamed",
        "field-renamed",
        probe(SERVER, "type: string"),
        RENAMED_PROBE,
        {"server": ALL},
        {"python": "breaks", "pydantic": "breaks", "typescript": "breaks"},
        "breaking",
    ),
    Case(
        "an object renamed",
        "object-renamed",
        NO_EDIT,
        Edit(
            replace=(
                ("types/things.yaml", 'type: "list[Part]"', 'type: "list[Piece]"'),
                ("types/things.yaml", "  Part:\n", "  Piece:\n"),
            )
        ),
        both(OK, OK),
        "breaks",
        "breaking",
    ),
    Case(
        "a field holds another object",
        "object-renamed",
        probe(SERVER, "type: CustomMode"),
        probe(SERVER, "type: Part"),
        {"server": OK},
        "breaks",
        "breaking",
        also=("field-removed-required", "field-added-required", "field-added-required"),
    ),
    Case(
        "an enum renamed",
        "type-renamed",
        NO_EDIT,
        Edit(
            replace=(
                ("types/things.yaml", "also: ModeName", "also: SpeedName"),
                ("types/things.yaml", "  ModeName:\n", "  SpeedName:\n"),
            )
        ),
        {"any": OK},
        "breaks",
        "breaking",
    ),
]

_VIDEO = """  VideoAttachment:
    kind: object
    summary: A film.
    fields:
      kind: {type: string, required: true, enum: [video], open: false, description: Always video.}
"""
VIDEO = Edit(
    replace=(
        (
            "types/things.yaml",
            "      sound: SoundAttachment\n",
            "      sound: SoundAttachment\n      video: VideoAttachment\n",
        ),
    ),
    append=(("types/things.yaml", _VIDEO),),
)
NO_LEGACY = Edit(
    replace=(
        ("types/things.yaml", "    untagged: LegacyAttachment\n", ""),
        ("events/things.yaml", '"attachments": [{"name": "old"}],', ""),
    ),
)
_TAGGED = """  Tagged:
    kind: union
    summary: A union told apart by {tag}.
    discriminator: {tag}
    variants:
      a: TaggedA
  TaggedA:
    kind: object
    summary: Tagged twice.
    fields:
      kind: {{type: string, required: true, enum: [a], open: false, description: One tag.}}
      sort: {{type: string, required: true, enum: [a], open: false, description: Another.}}
"""
UNION_MEMBER_ADDED = Case(
    "a union member added",
    "union-member-added",
    NO_EDIT,
    VIDEO,
    both(STRICT, OK),
    "breaks exhaustive checks",
    "dangerous",
    also=("type-added",),
)
UNTAGGED_REMOVED = Case(
    "an untagged member removed",
    "untagged-member-removed",
    NO_EDIT,
    NO_LEGACY,
    both(OK, ALL),
    "breaks code that builds it",
    "breaking",
)
UNIONS = [
    UNION_MEMBER_ADDED,
    swap(
        UNION_MEMBER_ADDED,
        "a union member removed",
        "union-member-removed",
        both(OK, ALL),
        "breaks code that builds it",
        "breaking",
        also=("type-removed",),
    ),
    UNTAGGED_REMOVED,
    swap(
        UNTAGGED_REMOVED,
        "an untagged member added",
        "untagged-member-added",
        both(ALL, OK),
        "breaks exhaustive checks",
        "breaking",
    ),
    Case(
        "a discriminator changed",
        "discriminator-changed",
        Edit(
            append=(("types/things.yaml", _TAGGED.format(tag="kind")),),
            probe=(SERVER, "probe", "type: Tagged", None),
        ),
        Edit(
            append=(("types/things.yaml", _TAGGED.format(tag="sort")),),
            probe=(SERVER, "probe", "type: Tagged", None),
        ),
        {"server": ALL},
        "breaks",
        "breaking",
    ),
]

_SPARE = """  Spare:
    kind: object
    summary: Not used by any event.
    fields:
      note: {type: string, description: A note.}
"""
TYPE_ADDED = Case(
    "a type added",
    "type-added",
    NO_EDIT,
    Edit(append=(("types/things.yaml", _SPARE),)),
    {"any": OK},
    "safe",
    "info",
)
TYPES = [
    TYPE_ADDED,
    swap(TYPE_ADDED, "a type removed", "type-removed", {"any": OK}, "breaks", "breaking"),
]

CASES = [*PROTOCOLS, *EVENTS, *FIELDS, *OBJECTS, *UNIONS, *TYPES]


def findings_of(case: Case, tmp_path: Path) -> list[Finding]:
    old_spec = compile_spec(spec_with(tmp_path, case.old, "old"))
    new_spec = compile_spec(spec_with(tmp_path, case.new, "new"))
    if case.versions is not None:
        before, after = case.versions
        return classify(revision(old_spec, before, before), revision(new_spec, after, after))
    return classify(revision(old_spec, "old"), revision(new_spec, "new"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_rule_on_a_pair_of_specs(case: Case, tmp_path: Path) -> None:
    findings = findings_of(case, tmp_path)
    assert sorted(f.rule for f in findings) == sorted([case.rule, *case.also])
    (found,) = [f for f in findings if f.rule == case.rule]
    wire = {v.direction.value: f"{v.strict.value}/{v.tolerant.value}" for v in found.wire}
    assert wire == case.wire
    expected = dict.fromkeys(CODE_TARGETS, case.code) if isinstance(case.code, str) else case.code
    assert {c.target: c.verdict.value for c in found.code} == expected
    assert found.severity.value == case.severity


def test_every_row_of_the_table_has_a_pair() -> None:
    covered = set()
    for case in CASES:
        for direction in case.wire:
            for rule in RULES:
                if rule.key == case.rule and rule.direction in (
                    Direction(direction),
                    Direction.ANY,
                    Direction.PROTOCOL,
                ):
                    covered.add((rule.key, rule.direction))
    assert {(rule.key, rule.direction) for rule in RULES} - covered == set()


# --- the table itself -------------------------------------------------------------------------


def test_each_row_is_at_least_as_severe_as_its_verdicts() -> None:
    for rule in RULES:
        assert rule.severity.rank >= implied_severity(rule).rank, rule.key
        # realtime-events reads everything a strict reader reads
        assert not (rule.strict is Wire.SAFE and rule.tolerant is Wire.BREAKS), rule.key


def test_each_row_needs_the_bump_its_severity_does() -> None:
    allowed = {
        Severity.BREAKING: {Bump.MAJOR},
        Severity.DANGEROUS: {Bump.MINOR},
        Severity.INFO: {Bump.MINOR, Bump.PATCH},
    }
    for rule in RULES:
        assert rule.bump in allowed[rule.severity], rule.key


def test_each_kind_of_change_has_a_row_for_every_direction() -> None:
    directions: dict[str, set[Direction]] = {}
    for rule in RULES:
        assert rule.direction not in directions.get(rule.key, set()), f"{rule.key} twice"
        directions.setdefault(rule.key, set()).add(rule.direction)
    whole = [{Direction.ANY}, {Direction.PROTOCOL}, {Direction.SERVER, Direction.CLIENT}]
    assert {key: found for key, found in directions.items() if found not in whole} == {}


# --- fingerprints and order -------------------------------------------------------------------


def test_a_fingerprint_does_not_depend_on_other_findings(tmp_path: Path) -> None:
    """The same change gets the same id when other changes come and go, and when another event
    reaches its object first."""
    change = (probe(BOTH, "type: string"), probe(BOTH, "type: integer"))
    alone = findings_of(Case("", "", *change, {}, "", ""), tmp_path / "alone")
    earlier_event = (
        _PAINTED.replace("thing.painted", "a.thing.painted")
        .replace("colour: {type: Colour", "thing: {type: Thing")
        .replace('"colour": "red"', '"thing": {"id": "t", "type": "red"}')
    )
    crowd = (
        Edit(append=(("events/things.yaml", earlier_event),), extra=(change[0],)),
        Edit(
            append=(("events/things.yaml", earlier_event + _PAINTED),),
            extra=(change[1], VIDEO),
        ),
    )
    crowded = findings_of(Case("", "", *crowd, {}, "", ""), tmp_path / "crowded")
    (first,) = [f for f in alone if f.rule == "kinds-changed"]
    (second,) = [f for f in crowded if f.rule == "kinds-changed"]
    assert first.events != second.events  # another event reaches Thing first
    assert len(crowded) > len(alone)
    assert first.id == second.id
    assert len({f.id for f in crowded}) == len(crowded)


def test_findings_come_most_severe_first(tmp_path: Path) -> None:
    pair = Case("", "", NO_EDIT, Edit(extra=(VIDEO, NO_LEGACY, V2_RETIRED)), {}, "", "")
    severities = [f.severity for f in findings_of(pair, tmp_path)]
    order = [Severity.BREAKING, Severity.DANGEROUS, Severity.INFO]
    assert severities == sorted(severities, key=order.index)
    assert len(set(severities)) == 3


def test_an_event_rename_is_one_finding_with_the_classes_of_both_names(tmp_path: Path) -> None:
    (found,) = [
        f
        for f in findings_of(
            Case("", "", NO_EDIT, NO_EDIT, {}, "", "", versions=("v1", "v2")), tmp_path
        )
        if f.rule == "event-renamed"
    ]
    assert found.summary == "server event `thing.removed` renamed to `thing.deleted`"
    assert found.renamed == ("ThingRemovedEvent", "ThingDeletedEvent")
    names = {c.target: c.names for c in found.code}
    assert names["python"] == (
        "ThingRemovedEvent, ThingRemovedEventDict → ThingDeletedEvent, ThingDeletedEventDict"
    )
    assert names["typescript"] == "ThingRemovedEvent → ThingDeletedEvent"
    kinds = {c.kind for c in found.changes}
    assert kinds == {ChangeKind.EVENT_RENAMED}
