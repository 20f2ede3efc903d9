"""What a change to the catalogue breaks: one table of rules, read by `codegen diff`.

A row says, for one kind of change seen from one direction, whether a reader still reads what a
writer sends (a strict reader's verdict and a tolerant one's), what happens to code written
against each code target's output, how severe that is and the smallest version bump it needs.
`classify.py` picks the rows for each change; `python -m codegen diff --rules` prints them.

Directions decide who upgrades first. The service sends the server's events, so its new
version writes before clients have upgraded: old readers meet new payloads (forward
compatibility). A client sends the client's events, so clients that have not upgraded keep
writing what they wrote to a service that has: a new reader meets old payloads (backward
compatibility). A change of a whole protocol or side has a row of its own.

A strict reader knows exactly the catalogue it was built from: it rejects an event type, an
enum value or a kind of object it does not know, a value of a JSON kind it does not expect and
the absence of a field it requires; it ignores fields it does not know, as almost every JSON
reader does. A tolerant reader (realtime-events' decoders, in every target) does the same but
keeps unknown event types, kinds of object and values of open enums instead of rejecting them.
Either breaks when it rejects what it is sent, or when something it understood before arrives
in a form it no longer understands (a renamed event, a field the service no longer reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class Direction(Enum):
    SERVER = "server"  # the service writes first; old clients read (forward)
    CLIENT = "client"  # old clients write; the upgraded service reads (backward)
    PROTOCOL = "protocol"  # a whole protocol, version or side
    ANY = "any"  # a row that holds for every direction


class Wire(Enum):
    SAFE = "safe"
    BREAKS = "breaks"


class Code(Enum):
    """What happens to code written against a target's output, mildest first."""

    SAFE = "safe"
    WARNS = "warns"  # type checkers report uses of something deprecated
    EXHAUSTIVE = "breaks exhaustive checks"  # a closed set grew: `assert_never`, `never`
    BUILDERS = "breaks code that builds it"  # a constructor call, an object or dict literal
    READERS = "breaks code that reads it"  # a read value's type is wider than the code assumed
    BREAKS = "breaks"  # a name it uses is gone or means something else

    @property
    def rank(self) -> int:
        return list(Code).index(self)


class Severity(Enum):
    INFO = "info"
    DANGEROUS = "dangerous"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Bump(Enum):
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return list(Bump).index(self)


SEVERITY_MEANING = {
    Severity.BREAKING: "a reader built like realtime-events' decoders fails, or code written "
    "against the generated packages stops type-checking or running",
    Severity.DANGEROUS: "realtime-events keeps working, but a strict reader fails, an exhaustive "
    "match stops type-checking, code that builds or reads the value needs a look, or behaviour "
    "changes without an error",
    Severity.INFO: "nothing that worked stops working",
}

# The targets whose generated code users program against, in the order findings list them.
CODE_TARGETS = ("python", "pydantic", "typescript")


@dataclass(frozen=True, slots=True)
class Rule:
    key: str  # the kind of change, as findings name it: `field-added-required`
    direction: Direction
    strict: Wire
    tolerant: Wire
    code: Mapping[str, Code]  # per code target (CODE_TARGETS)
    severity: Severity
    bump: Bump
    why: str  # one sentence: what happens, and to whom

    @property
    def worst_code(self) -> Code:
        return max(self.code.values(), key=lambda code: code.rank)


def _every(code: Code) -> dict[str, Code]:
    return dict.fromkeys(CODE_TARGETS, code)


def _python_only(code: Code) -> dict[str, Code]:
    """TypeScript types integers and numbers alike (`number`)."""
    return {"python": code, "pydantic": code, "typescript": Code.SAFE}


# Short names for the table below.
SERVER, CLIENT = Direction.SERVER, Direction.CLIENT
PROTOCOL, ANY = Direction.PROTOCOL, Direction.ANY
SAFE, BREAKS = Wire.SAFE, Wire.BREAKS
INFO, DANGEROUS, BREAKING = Severity.INFO, Severity.DANGEROUS, Severity.BREAKING
PATCH, MINOR, MAJOR = Bump.PATCH, Bump.MINOR, Bump.MAJOR


def _rule(
    key: str,
    direction: Direction,
    strict: Wire,
    tolerant: Wire,
    code: Code | dict[str, Code],
    severity: Severity,
    bump: Bump,
    why: str,
) -> Rule:
    codes = _every(code) if isinstance(code, Code) else code
    return Rule(key, direction, strict, tolerant, codes, severity, bump, why)


# Rows are looked up by (key, direction), then (key, ANY).
# fmt: off
RULES: tuple[Rule, ...] = (
    # --- protocols, versions, sides -------------------------------------------------------
    _rule("protocol-added", PROTOCOL, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "A new protocol with entry points of its own; nothing that exists changes."),
    _rule("protocol-removed", PROTOCOL, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Its entry points and classes are gone, and so is the service for its clients."),
    _rule("side-added", PROTOCOL, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "A protocol's other side is described too: new entry points only."),
    _rule("side-removed", PROTOCOL, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "A whole side's events, union and parser are gone."),
    _rule("version-added", PROTOCOL, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "A new version of a protocol; the versions there were are unchanged."),
    _rule("version-removed", PROTOCOL, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Decoding narrowed to that version no longer exists, and its clients lose the "
          "service."),
    _rule("deprecated", PROTOCOL, SAFE, SAFE, Code.WARNS, DANGEROUS, MINOR,
          "Still served, with an end announced: type checkers report uses of its classes."),
    _rule("retired", PROTOCOL, BREAKS, BREAKS, Code.WARNS, BREAKING, MAJOR,
          "The service no longer speaks it (it closes such connections); the bindings still "
          "decode it, and type checkers report uses of its classes."),
    _rule("reinstated", PROTOCOL, SAFE, SAFE, Code.SAFE, INFO, PATCH,
          "Served again as current; deprecation marks go away."),
    # --- events -----------------------------------------------------------------------------
    _rule("event-added", SERVER, BREAKS, SAFE, Code.EXHAUSTIVE, DANGEROUS, MINOR,
          "A strict reader rejects the new wire type, ours return an unknown event; the union "
          "of events grew, so exhaustive matches over it stop type-checking."),
    _rule("event-added", CLIENT, SAFE, SAFE, Code.EXHAUSTIVE, DANGEROUS, MINOR,
          "Old clients never send it; exhaustive matches over the client's union of events "
          "stop type-checking."),
    _rule("event-removed", SERVER, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "Old readers simply never receive it (handlers for it stop running), and its class, "
          "TypedDict and interface are gone."),
    _rule("event-removed", CLIENT, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Old clients still send it and the service no longer knows it; its class is gone."),
    _rule("event-renamed", ANY, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "A reader that knows the old wire type sees an unknown event (its handlers stop "
          "running), and the class takes the new name."),
    _rule("event-name-changed", ANY, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "The same wire type under another name in generated code: code that names the "
          "class breaks."),
    _rule("event-version-added", SERVER, BREAKS, SAFE, Code.SAFE, DANGEROUS, MINOR,
          "A reader narrowed to that version meets a wire type it did not expect there: a "
          "strict one rejects it, ours return an unknown event."),
    _rule("event-version-added", CLIENT, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "Clients of that version may now send it; none did before."),
    _rule("event-version-removed", SERVER, SAFE, SAFE, Code.SAFE, INFO, PATCH,
          "That version no longer sends it: readers of it wait for it in vain."),
    _rule("event-version-removed", CLIENT, BREAKS, BREAKS, Code.SAFE, BREAKING, MAJOR,
          "Old clients of that version still send it, and a service speaking that version no "
          "longer knows it."),
    _rule("event-connection-added", SERVER, BREAKS, SAFE, Code.SAFE, DANGEROUS, MINOR,
          "A reader of that kind of connection meets a wire type it did not expect there: a "
          "strict one rejects it, ours (decoding with connection=) return it typed now."),
    _rule("event-connection-added", CLIENT, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "Clients on that kind of connection may now send it; none did before."),
    _rule("event-connection-removed", SERVER, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "That kind of connection no longer carries it: readers wait for it in vain, and "
          "registering it on that kind's typed dispatcher no longer type-checks."),
    _rule("event-connection-removed", CLIENT, BREAKS, BREAKS, Code.SAFE, BREAKING, MAJOR,
          "Old clients on that kind of connection still send it, and the service no longer "
          "takes it there."),
    # --- fields -----------------------------------------------------------------------------
    _rule("field-added-required", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "Old readers ignore a field they do not know; code that builds the object must now "
          "pass it."),
    _rule("field-added-required", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients do not send it, and the service requires it."),
    _rule("field-added-optional", ANY, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "Readers that do not know it ignore it; writers may leave it out."),
    _rule("field-removed-required", SERVER, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Old readers require it and the service no longer sends it; the attribute is gone."),
    _rule("field-removed-required", CLIENT, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Old clients still send it and the service no longer reads it; the attribute is gone."),
    _rule("field-removed-optional", SERVER, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "Old readers cope with its absence, but code that reads the attribute breaks."),
    _rule("field-removed-optional", CLIENT, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Old clients that send it lose its effect (the service ignores it), and code that "
          "sets the attribute breaks."),
    _rule("field-renamed", ANY, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Readers that know the old name find it missing and the value under a name they do "
          "not know; the attribute, TypedDict key and property take the new name."),
    _rule("field-code-name-changed", ANY, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "Only a target's name for the field changed: code that uses that name breaks."),
    _rule("became-required", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service now always sends it; code that builds the object must now pass it."),
    _rule("became-required", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may leave it out, and the service now requires it."),
    _rule("became-optional", SERVER, BREAKS, BREAKS, Code.READERS, BREAKING, MAJOR,
          "Old readers require it and the service may now leave it out; its type gains "
          "`None` / `undefined`."),
    _rule("became-optional", CLIENT, SAFE, SAFE, Code.READERS, DANGEROUS, MINOR,
          "Old clients always send it, which still reads; code reading it must handle absence."),
    _rule("became-nullable", SERVER, BREAKS, BREAKS, Code.READERS, BREAKING, MAJOR,
          "Old readers reject the null the service may now send; its type gains `None` / "
          "`null`."),
    _rule("became-nullable", CLIENT, SAFE, SAFE, Code.READERS, DANGEROUS, MINOR,
          "Old clients never send null; code reading it must handle null."),
    _rule("became-not-nullable", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service no longer sends null; code that builds the object with null breaks."),
    _rule("became-not-nullable", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may send null, which the service now rejects."),
    _rule("kinds-widened", SERVER, BREAKS, BREAKS, Code.READERS, BREAKING, MAJOR,
          "The service may send a JSON kind old readers reject; the type grows."),
    _rule("kinds-widened", CLIENT, SAFE, SAFE, Code.READERS, DANGEROUS, MINOR,
          "Old clients send one of the kinds still taken; code reading it sees a wider type."),
    _rule("integer-to-number", SERVER, BREAKS, BREAKS, _python_only(Code.READERS), BREAKING, MAJOR,
          "The service may send fractions where old readers take integers only."),
    _rule("integer-to-number", CLIENT, SAFE, SAFE, _python_only(Code.READERS), DANGEROUS, MINOR,
          "Old clients' integers are still numbers; Python code reading it sees a float."),
    _rule("kinds-narrowed", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service sends fewer kinds, all of which old readers take; code that builds it "
          "with another kind breaks."),
    _rule("kinds-narrowed", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may send a kind the service no longer takes."),
    _rule("number-to-integer", SERVER, SAFE, SAFE, _python_only(Code.BUILDERS), DANGEROUS, MINOR,
          "The service sends integers only; Python code that builds it with a float breaks."),
    _rule("number-to-integer", CLIENT, BREAKS, BREAKS, _python_only(Code.BUILDERS), BREAKING, MAJOR,
          "Old clients may send fractions, which the service no longer takes."),
    _rule("kinds-changed", ANY, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Neither the old nor the new JSON kinds hold the other: readers and writers disagree "
          "both ways."),
    _rule("structure-changed", ANY, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "A record became a union, a map or a plain value (or the other way): readers and "
          "writers disagree, and the generated type is another one."),
    # --- enums and constants ----------------------------------------------------------------
    _rule("enum-value-added-open", SERVER, BREAKS, SAFE, Code.SAFE, DANGEROUS, MINOR,
          "A strict reader rejects the new value; ours keep it as a string, and the type "
          "already takes any string."),
    _rule("enum-value-added-open", CLIENT, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "Old clients never send it."),
    _rule("enum-value-added-closed", SERVER, BREAKS, BREAKS, Code.EXHAUSTIVE, BREAKING, MAJOR,
          "The enum is closed: every old reader rejects the new value, ours too."),
    _rule("enum-value-added-closed", CLIENT, SAFE, SAFE, Code.EXHAUSTIVE, DANGEROUS, MINOR,
          "Old clients never send it; exhaustive matches over the values stop type-checking."),
    _rule("enum-value-removed-open", SERVER, SAFE, SAFE, Code.SAFE, INFO, PATCH,
          "The service no longer sends it: readers waiting for it never see it."),
    _rule("enum-value-removed-open", CLIENT, BREAKS, BREAKS, Code.SAFE, BREAKING, MAJOR,
          "Old clients may still send it and the service no longer knows it (ours keep it as "
          "a string, with no meaning)."),
    _rule("enum-value-removed-closed", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service no longer sends it; code that builds the object with it breaks."),
    _rule("enum-value-removed-closed", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may still send it, which the closed enum now rejects."),
    _rule("enum-opened", SERVER, BREAKS, BREAKS, Code.READERS, BREAKING, MAJOR,
          "Old readers take the listed values only, and the service may now send others; the "
          "type gains `str` / `string`."),
    _rule("enum-opened", CLIENT, SAFE, SAFE, Code.READERS, DANGEROUS, MINOR,
          "Old clients send listed values, still taken; code reading it sees any string."),
    _rule("enum-closed", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service sends listed values only; code that builds it with another breaks."),
    _rule("enum-closed", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may send a value outside the list, which the service now rejects."),
    _rule("constant-changed", ANY, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "A field of one fixed value holds another: every reader of either rejects the other, "
          "and its literal type changes."),
    _rule("default-changed", ANY, SAFE, SAFE, Code.SAFE, DANGEROUS, MINOR,
          "Nothing fails, but whoever leaves the field out now gets another behaviour."),
    # --- unions -------------------------------------------------------------------------------
    _rule("union-member-added", SERVER, BREAKS, SAFE, Code.EXHAUSTIVE, DANGEROUS, MINOR,
          "A strict reader rejects the new kind of object; ours return an unknown object. The "
          "union grew: exhaustive matches over it stop type-checking."),
    _rule("union-member-added", CLIENT, SAFE, SAFE, Code.EXHAUSTIVE, DANGEROUS, MINOR,
          "Old clients never send it; exhaustive matches over the union stop type-checking."),
    _rule("union-member-removed", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service no longer sends that kind; code that builds the union with it breaks."),
    _rule("union-member-removed", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may still send that kind and the service no longer knows it."),
    _rule("untagged-member-added", SERVER, BREAKS, BREAKS, Code.EXHAUSTIVE, BREAKING, MAJOR,
          "The service may send an object without the discriminator, which old readers "
          "reject; the union grew."),
    _rule("untagged-member-added", CLIENT, SAFE, SAFE, Code.EXHAUSTIVE, DANGEROUS, MINOR,
          "Old clients always send the discriminator; the union grew."),
    _rule("untagged-member-removed", SERVER, SAFE, SAFE, Code.BUILDERS, DANGEROUS, MINOR,
          "The service always sends the discriminator now; code that builds the untagged "
          "member breaks."),
    _rule("untagged-member-removed", CLIENT, BREAKS, BREAKS, Code.BUILDERS, BREAKING, MAJOR,
          "Old clients may send an object without the discriminator, which is now rejected."),
    _rule("discriminator-changed", ANY, BREAKS, BREAKS, Code.BREAKS, BREAKING, MAJOR,
          "Readers tell the kinds apart by another field: neither side's payloads read."),
    _rule("object-renamed", ANY, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "The same position holds an object of another name: nothing changes on the wire, "
          "but code that names the class breaks."),
    # --- declared types (generated code only) ---------------------------------------------
    _rule("type-added", ANY, SAFE, SAFE, Code.SAFE, INFO, MINOR,
          "A new class or alias; nothing that exists changes."),
    _rule("type-removed", ANY, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "Its class, alias or interface is no longer exported."),
    _rule("type-renamed", ANY, SAFE, SAFE, Code.BREAKS, BREAKING, MAJOR,
          "The same enum under another name: code that names it breaks."),
)
# fmt: on

_BY_KEY = {(rule.key, rule.direction): rule for rule in RULES}
KEYS = tuple(dict.fromkeys(rule.key for rule in RULES))


def rule_for(key: str, direction: Direction) -> Rule:
    """The row of `key` for `direction`, or its row for every direction."""
    found = _BY_KEY.get((key, direction)) or _BY_KEY.get((key, Direction.ANY))
    if found is None:
        raise KeyError(f"no rule {key!r} for the {direction.value} direction")
    return found


def implied_severity(rule: Rule) -> Severity:
    """The least severity a row's verdicts allow: breaking when a tolerant reader or code
    breaks outright, dangerous when anything else is not safe."""
    if rule.tolerant is Wire.BREAKS or rule.worst_code is Code.BREAKS:
        return Severity.BREAKING
    if rule.strict is Wire.BREAKS or rule.worst_code is not Code.SAFE:
        return Severity.DANGEROUS
    return Severity.INFO
