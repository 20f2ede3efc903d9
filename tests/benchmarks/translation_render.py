"""Turn a `Script` into the server events of a Realtime Translation session.

The session's speech (each user turn and each spoken reply, in English) goes through one
translation connection into German, as an interpreter would hear it: the source transcript
streams as the words are heard, the translated speech and its transcript follow a second or so
behind, one utterance after another, and a long translation may still be streaming when the
next utterance begins. The renderer draws from its own generator, so the GA and beta streams
stay what they were.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .pcm import chunk_lengths, speech_chunks_ms
from .script import EXCHANGES, Script, SpokenReply, UserTurn, new_id, split_text

Event = dict[str, Any]

SOURCE_LANGUAGE = "en"
TARGET_LANGUAGE = "de"
MODEL = "gpt-realtime-translate"
_CREATED_AT = 1_749_800_000
# 24 kHz 16-bit mono, as the translation server sends it, in deltas of pcm.chunk_lengths
AUDIO_FIELDS = {"sample_rate": 24_000, "channels": 1, "format": "pcm16"}

# What each utterance of script.EXCHANGES says in German, in the same order.
_GERMAN = (
    (
        "Hallo! Kannst du mir helfen, für diesen Samstag einen Tagesausflug ab Lissabon zu planen?",
        "Natürlich! Ein Tagesausflug ab Lissabon am Samstag könnte dich nach Sintra zu Palästen"
        " und Waldspaziergängen führen, nach Cascais an den Strand und zu Meeresfrüchten oder"
        " über den Fluss nach Setúbal. Sag mir, was dir am meisten gefällt, und ich stelle einen"
        " Plan für den ganzen Tag zusammen.",
    ),
    (
        "Wie wird das Wetter am Samstag in Sintra?",
        "Am Samstag wird es in Sintra teilweise bewölkt, mit Höchstwerten von dreiundzwanzig und"
        " Tiefstwerten von fünfzehn Grad. Die Regenwahrscheinlichkeit liegt bei nur zehn"
        " Prozent, also ein guter Tag zum Wandern, aber nimm eine leichte Jacke mit, denn in den"
        " Hügeln wird es am Nachmittag kühl und neblig.",
    ),
    (
        "Lohnt sich der Pena-Palast, oder ist er zu überlaufen?",
        "Der Palácio da Pena lohnt sich: Die bunten Terrassen und der Blick über die Küste sind"
        " mit nichts in der Umgebung zu vergleichen. Nach zehn Uhr wird es allerdings voll, also"
        " buch ein Zeitfensterticket für den ersten Einlass und geh durch die Parkgärten hinauf,"
        " bevor die Reisebusse ankommen.",
    ),
    (
        "Wie komme ich mit dem Zug dorthin, und wie lange dauert das?",
        "Die Züge nach Sintra fahren etwa alle zwanzig Minuten vom Bahnhof Rossio ab und brauchen"
        " ungefähr vierzig Minuten. Vom Bahnhof Sintra fährt der Bus 434 in einer Schleife hinauf"
        " zum Palast, oder du gehst den steilen Weg in etwa fünfundvierzig Minuten zu Fuß, wenn"
        " du unterwegs die Altstadt sehen möchtest.",
    ),
    (
        "Kannst du einen Tisch für zwei zum Mittagessen in der Nähe des Palasts reservieren?",
        "Erledigt! Ich habe für Samstag um ein Uhr einen Tisch für zwei im Café Saudade"
        " reserviert. Es liegt nur ein paar Schritte vom Bahnhof entfernt und ist bekannt für"
        " seine Queijadas und ein ruhiges Hinterzimmer. Dein Bestätigungscode lautet SD-4821, und"
        " der Tisch wird fünfzehn Minuten lang für euch freigehalten.",
    ),
    (
        "Super. Sollte ich für den Tag irgendetwas einpacken?",
        "Pack bequeme Schuhe mit gutem Profil ein, denn die Wege rund um den Palast sind steil"
        " und uneben. Dazu eine leichte Jacke gegen den Nebel, eine nachfüllbare Wasserflasche,"
        " Sonnencreme für die Terrassen und etwas Bargeld für den Bus und die kleinen"
        " Konditoreien in der Altstadt.",
    ),
)
TRANSLATIONS = {
    english: german
    for exchange, (user, reply) in zip(EXCHANGES, _GERMAN, strict=True)
    for english, german in ((exchange.user, user), (exchange.reply, reply))
}


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech the translation hears, in ms of the session's audio."""

    start_ms: int
    end_ms: int
    source: str

    @property
    def target(self) -> str:
        return TRANSLATIONS[self.source]


class TranslationRenderer:
    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"translation/{seed}")
        self._speaking_until = 0  # the translated speech is one voice: an utterance waits its turn

    def render(self, script: Script) -> list[Event]:
        self._speaking_until = 0
        # (time the server sends it, order among equal times, type, fields); ids are drawn
        # once the events are in order, so they read as a server's would
        pending: list[tuple[int, int, str, Event]] = []

        def send(at_ms: int, wire_type: str, **fields: Any) -> None:
            pending.append((at_ms, len(pending), wire_type, fields))

        send(0, "session.created", session=self._session(script, configured=False))
        send(240, "session.updated", session=self._session(script, configured=True))
        last = 240
        for utterance in self.utterances(script):
            last = max(last, self._translate(utterance, send))
        send(last + self._rng.randint(150, 400), "session.closed")
        pending.sort(key=lambda entry: entry[:2])
        return [
            {"event_id": new_id(self._rng, "event"), "type": wire_type, **fields}
            for _, _, wire_type, fields in pending
        ]

    def utterances(self, script: Script) -> list[Utterance]:
        """Each user turn and each spoken reply, at the time it is spoken."""
        spoken = []
        heard_until = 0
        for step in script.steps:
            if isinstance(step, UserTurn):
                spoken.append(Utterance(step.start_ms, step.end_ms, step.transcript))
                heard_until = step.end_ms
            elif isinstance(step, SpokenReply):
                # the script leaves at least 1.5 s between a reply's end and the next turn
                start = heard_until + self._rng.randint(400, 1100)
                end = start + 100 * len(step.audio_chunks)
                spoken.append(Utterance(start, end, step.transcript))
                heard_until = end
        return spoken

    def _session(self, script: Script, *, configured: bool) -> Event:
        transcription = {"model": "gpt-4o-transcribe", "language": SOURCE_LANGUAGE}
        return {
            "id": script.session_id,
            "type": "translation",
            "expires_at": _CREATED_AT + 3600,
            "model": MODEL,
            "audio": {
                "input": {
                    "transcription": transcription if configured else None,
                    "noise_reduction": {"type": "near_field"} if configured else None,
                },
                "output": {"language": TARGET_LANGUAGE if configured else "es"},
            },
        }

    def _translate(self, utterance: Utterance, send: Callable[..., None]) -> int:
        """Send the events of one utterance; return when the last of them goes out."""
        rng = self._rng
        duration = utterance.end_ms - utterance.start_ms

        def spoken_at(fraction: float) -> int:
            return utterance.start_ms + round(duration * fraction)

        source = utterance.source
        done = sent_at = 0
        for piece in split_text(source, len(source.split())):
            done += len(piece)
            at = spoken_at(done / len(source))
            # a transcription delay that varies, but never reorders the pieces
            sent_at = max(sent_at, at + rng.randint(150, 400))
            send(sent_at, "session.input_transcript.delta", delta=piece, elapsed_ms=at)

        # the translation starts a second or so in, once the last one is spoken, and runs about
        # as long as German takes
        target = utterance.target
        out_start = max(utterance.start_ms + rng.randint(900, 1800), self._speaking_until)
        out_ms = round(duration * len(target) / len(source) * rng.uniform(0.9, 1.05))
        lengths = chunk_lengths(rng, out_ms)
        chunks = speech_chunks_ms(rng, lengths)
        pieces = split_text(target, len(target.split()))
        # each transcript piece goes out just before the audio that speaks it
        piece_starts = [sum(len(p) for p in pieces[:i]) / len(target) for i in range(len(pieces))]
        sent, clock = 0, 0
        for length, chunk in zip(lengths, chunks, strict=True):
            at = out_start + clock
            while sent < len(pieces) and piece_starts[sent] * out_ms <= clock + length:
                delta = {"delta": pieces[sent], "elapsed_ms": None}
                send(at, "session.output_transcript.delta", **delta)
                sent += 1
            audio = {"delta": chunk, **AUDIO_FIELDS, "elapsed_ms": spoken_at(clock / out_ms)}
            send(at, "session.output_audio.delta", **audio)
            clock += length
        assert sent == len(pieces)
        self._speaking_until = out_start + clock
        return self._speaking_until
