"""Which customer lines a scenario can speak, and which are likely next (for rendering voices ahead)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Protocol

from simulator.engine.default_lines import DEFAULT_ENDINGS, DEFAULT_REACTIONS
from simulator.scenario.model import Scenario, anger_band

# Reactions trainees trigger most, most likely first (from the playthrough banks).
COMMON_REACTIONS: Final = (
    "acknowledge",
    "apology",
    "restate",
    "question",
    "good_offer",
    "partial_offer",
    "reassure",
    "next_steps",
    "unclear",
    "offer_solution",
)


def _unique(lines: list[str]) -> list[str]:
    return [line for line in dict.fromkeys(lines) if line.strip()]


def all_lines(scenario: Scenario, with_defaults: bool = True) -> list[str]:
    """Every line the customer can say: opening, reactions, offer replies, facts, endings (+ generic ones)."""
    lines = list(scenario.lines.opening)
    for bands in scenario.lines.reactions.values():
        for band_lines in bands.values():
            lines += band_lines
    lines += [offer.reply for offer in scenario.offers]
    lines += [fact.answer for fact in scenario.facts]
    for ending in scenario.lines.endings.values():
        lines += ending
    if with_defaults:
        for key, bands in DEFAULT_REACTIONS.items():
            if key not in scenario.lines.reactions:
                for band_lines in bands.values():
                    lines += band_lines
        for outcome, ending in DEFAULT_ENDINGS.items():
            if outcome not in scenario.lines.endings:
                lines += ending
    return _unique(lines)


def reaction_lines(scenario: Scenario, key: str, band: str) -> tuple[str, ...]:
    """The lines a reaction would pick from at this band (the scenario's, else the generic ones)."""
    for table in (scenario.lines.reactions, DEFAULT_REACTIONS):
        bands = table.get(key)
        if bands:
            for wanted in (band, "any"):
                if bands.get(wanted):
                    return tuple(bands[wanted])
    return ()


def likely_next(scenario: Scenario, anger: float, said: set[str] | frozenset[str] = frozenset(),
                limit: int = 12) -> list[str]:  # fmt: skip
    """Lines the customer is likely to say next at this anger, most likely first, not yet said."""
    band = anger_band(anger)
    lines: list[str] = []
    for key in COMMON_REACTIONS:
        lines += reaction_lines(scenario, key, band)[:2]
    lines += [offer.reply for offer in scenario.offers]
    lines += [fact.answer for fact in scenario.facts]
    lines += scenario.lines.endings.get("resolved", ())[:1]
    return [line for line in _unique(lines) if line not in said][:limit]


class Phrased(Protocol):
    """Anything with phrasings: a scenario's offer or key detail, or the detector's view of one."""

    @property
    def phrases(self) -> tuple[str, ...]: ...


def recognition_vocabulary(scenario: Scenario, said: str = "") -> str:
    """Words a trainee will likely say in this scenario that a speech recognizer may not know, as a hint
    for it (Whisper's prompt), followed by the end of what the customer has just said (`said`).

    Measured on round 10's spoken set, the hint took name recall from 0.77 to 1.0 and micro-F1 from 0.858
    to 0.872. The name goes after the offers: leading the hint, Whisper wrote it over the first words it
    heard ("yeah no" as "Priya, no"); on round 23's spoken holdout, last, name precision rose from 0.847 to
    0.924 at the same recall, and without the name recall fell to 0.649."""
    return vocabulary_of(scenario.customer.name, scenario.offers, scenario.key_details, said)


HINT_CHARS: Final = 380  # under the recognizer's cap on its hint (400), so the end is never cut
SAID_CHARS: Final = 160  # how much of the customer's last words leads into the answer


def said_tail(said: str, limit: int = SAID_CHARS) -> str:
    """The end of the customer's words, at most `limit` characters, starting at a whole word."""
    said = " ".join(said.split())
    if len(said) <= limit:
        return said
    cut = said[-limit:]
    return cut[cut.find(" ") + 1 :] if " " in cut else cut


def vocabulary_of(
    name: str, offers: Iterable[Phrased], key_details: Iterable[Phrased], said: str = ""
) -> str:
    """The first phrasing of each offer and key detail and the customer's name, then the end of what the
    customer just said, as one short hint (phrasings that would push the rest past `HINT_CHARS` are left
    out).

    Whisper reads its prompt as the words spoken just before the clip, so with the customer's words last it
    hears the answer as a reply to them: their words (which a restatement repeats) and their punctuation.
    Round 28, on the dev set's 3,080 answers spoken by espeak-ng: words wrong 11.2 % -> 10.7 %, more
    question marks kept, spoken micro-F1 0.872 -> 0.879 and harmful 0.803 -> 0.811 (README, "How answers
    are judged")."""
    name = name.strip()
    tail = said_tail(said)
    firsts = dict.fromkeys(item.phrases[0].strip() for item in (*offers, *key_details) if item.phrases)
    words = [w for w in firsts if w and w != name]
    room = HINT_CHARS - len(name) - 3 - (len(tail) + 1 if tail else 0)
    while words and len(", ".join(words)) > room:
        words.pop()
    hint = ", ".join([*words, name] if name else words)
    return " ".join(part for part in (hint + "." if hint else "", tail) if part)
