"""The reply planner: one coherent customer reply per turn, by rules an author can read (pure).

Rules, in order:
1. The strongest reaction leads: harm > the verdict on an offer > the answer to a fact question >
   the reaction to empathy (or whatever else was said). At most one line per reaction kind; facts
   the trainee asked about are answered after a harm or verdict line.
2. Never self-contradictory: a cold lead (harm, an insulting or premature offer) is never followed
   by a warm line; an offer's own reply is not spoken when the offer came too early.
3. Never a verbatim repeat while an unused variant exists: a line is used only if none of its
   sentences was said before; the scenario's lines for the band come first, then its 'any' lines,
   then the generic ones; when all are spent the kind is skipped (if something else is said) or a
   neutral listening line is used.
4. 'unclear' only when nothing at all was recognised (no move, no key detail, no offer, no fact topic).
5. A line that names an offer already made is not used as a reaction (no demanding what was just
   offered), and a line quoting the trainee ("Calm down?") is only used if they said those words.
6. Endings fit the final anger: a walk-out, stalemate or escalation at calm anger uses a calm farewell.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from simulator.engine.default_lines import CALM_ENDINGS, DEFAULT_ENDINGS, DEFAULT_REACTIONS, NEUTRAL_LINES
from simulator.moves import HARMFUL, OFFER_MOVES, MoveGroup
from simulator.scenario.model import Fact, Scenario, anger_band

VERDICTS: Final = ("good_offer", "partial_offer", "premature_offer", "insulting_offer")
COLD_SITUATIONS: Final = frozenset({"insulting_offer", "premature_offer", "unclear", "repeat"})
WARM_MOVES: Final = MoveGroup(lambda info: info.warm)
_SENTENCE: Final = re.compile(r"(?<=[.!?…])\s+")
_WORDS: Final = re.compile(r"[a-z0-9']+")
_STOP_WORDS: Final = (
    "a an the to of and or but so is it i you me my your that this just be do don't not no yes oh "
    "what why how are was were on in at for with"
)
_STOP: Final = frozenset(_STOP_WORDS.split(" "))
_TELL_ME: Final = re.compile(r"\btell(?:ing)? me (?:to |it's |it is |that )?([^!?.]+)", re.I)


@dataclass(frozen=True, slots=True)
class Part:
    """One line of the reply: its kind, the key it answers, the text, and why it was chosen."""

    kind: str  # harm | verdict | offer_reply | fact | reaction | neutral | ending | opening | silence
    key: str
    text: str
    reason: str
    source: str = ""  # scenario | default (for line coverage)
    band: str = ""

    @property
    def tone(self) -> str:
        """warm, cold or neutral: a reply never holds a warm and a cold part together."""
        if self.kind == "offer_reply":
            return {"good_offer": "warm", "insulting_offer": "cold"}.get(self.key, "neutral")
        if self.kind == "harm" or self.key in HARMFUL or self.key in COLD_SITUATIONS:
            return "cold"
        if self.kind == "ending":
            return "warm" if self.key == "resolved" else "cold"
        if (self.key in WARM_MOVES or self.key == "good_offer") and self.band in ("calm", "upset", "any"):
            return "warm"
        return "neutral"


@dataclass(frozen=True, slots=True)
class Skipped:
    kind: str
    key: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReplyPlan:
    parts: tuple[Part, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts if p.text)

    @property
    def reason(self) -> str:
        return "; ".join(p.reason for p in self.parts)


@dataclass(frozen=True, slots=True)
class TurnFacts:
    """What the planner needs to know about the trainee's answer and its effect."""

    key: str  # the mood model's reaction key
    moves: tuple[str, ...]
    text: str
    anger: float  # after the turn
    outcome: str | None
    facts: tuple[Fact, ...] = ()
    offer_replies: tuple[str, ...] = ()
    offers_made: tuple[str, ...] = ()  # every offer made so far, this turn included


# Interjections ("Okay.", "Thank you.", "Right.") may recur; sentences this long or longer may not.
MIN_REPEAT_WORDS: Final = 3


def _norm(sentence: str) -> str:
    return " ".join(sentence.lower().split())


def sentences(text: str, min_words: int = MIN_REPEAT_WORDS) -> list[str]:
    """The sentences of a line that count for repetition, normalised."""
    out = [_norm(s) for s in _SENTENCE.split(text.strip()) if s.strip()]
    return [s for s in out if len(s.split()) >= min_words]


class Memory:
    """What the customer has said so far (sentence by sentence), for rule 3."""

    def __init__(self) -> None:
        self.said: set[str] = set()

    def fresh(self, line: str) -> bool:
        return not any(s in self.said for s in sentences(line))

    def trim(self, text: str, this_turn: str = "") -> str:
        """The text without the sentences already said, earlier or in `this_turn`'s reply so far (for
        answers and offer replies)."""
        said = self.said | {_norm(s) for s in _SENTENCE.split(this_turn.strip()) if s.strip()}
        kept = [s for s in _SENTENCE.split(text.strip()) if s.strip() and _norm(s) not in said]
        return " ".join(kept) if any(len(s.split()) >= MIN_REPEAT_WORDS for s in kept) else ""

    def remember(self, text: str) -> None:
        self.said.update(sentences(text))


def _content(text: str) -> set[str]:
    return {w for w in _WORDS.findall(text.lower()) if w not in _STOP}


def quotes_unsaid(line: str, trainee_text: str) -> bool:
    """True when the line throws words back at the trainee ("Calm down?") that they did not say."""
    said = _content(trainee_text)
    first = _SENTENCE.split(line.strip(), maxsplit=1)[0]
    echoes = []
    if (
        first.endswith("?")
        and len(first.split()) <= 4
        and not first.lower().startswith(("what", "why", "how"))
    ):
        echoes.append(first)
    echoes += [m.group(1) for m in _TELL_ME.finditer(line)]
    return any(_content(echo) and not (_content(echo) & said) for echo in echoes)


def names_offer(line: str, scenario: Scenario, offers_made: Iterable[str]) -> bool:
    lowered = f" {' '.join(_WORDS.findall(line.lower()))} "
    for offer_id in offers_made:
        for phrase in scenario.offer(offer_id).phrases:
            words = " ".join(_WORDS.findall(phrase.lower()))
            if len(words) > 3 and f" {words} " in lowered:
                return True
    return False


def _groups(scenario: Scenario, key: str, band: str) -> list[tuple[str, str, tuple[str, ...]]]:
    out = []
    for source, table in (("scenario", scenario.lines.reactions), ("default", DEFAULT_REACTIONS)):
        bands = table.get(key) or {}
        for wanted in (band, "any"):
            if bands.get(wanted):
                out.append((source, wanted, tuple(bands[wanted])))
    return out


class Planner:
    """Plans each reply for one conversation; remembers what was said. Deterministic for a seed."""

    def __init__(self, scenario: Scenario, rng: random.Random) -> None:
        self.scenario = scenario
        self.rng = rng
        self.memory = Memory()

    def say(self, plan: ReplyPlan) -> ReplyPlan:
        self.memory.remember(plan.text)
        return plan

    def pick(self, lines: Iterable[str]) -> str | None:
        fresh = [line for line in dict.fromkeys(lines) if self.memory.fresh(line)]
        return self.rng.choice(fresh) if fresh else None

    def opening(self) -> ReplyPlan:
        line = self.pick(self.scenario.lines.opening) or self.scenario.lines.opening[0]
        return self.say(ReplyPlan((Part("opening", "opening", line, "opening complaint", "scenario"),)))

    def silence(self, anger: float) -> ReplyPlan:
        part = self.reaction_line("silence", anger_band(anger), TurnFacts("silence", (), "", anger, None))
        return self.say(ReplyPlan((part or self.neutral("silence"),)))

    def neutral(self, key: str) -> Part:
        line = self.pick(NEUTRAL_LINES) or self.rng.choice(NEUTRAL_LINES)
        return Part("neutral", key, line, f"no unused line for '{key}'; a neutral listening line")

    def reaction_line(self, key: str, band: str, turn: TurnFacts, kind: str = "reaction") -> Part | None:
        """A fresh line for this key at this band (rules 3 and 5), or None when all are spent."""
        for source, wanted, lines in _groups(self.scenario, key, band):
            usable = [
                line
                for line in lines
                if not (kind != "verdict" and names_offer(line, self.scenario, turn.offers_made))
                and not (kind in ("harm", "verdict") and quotes_unsaid(line, turn.text))
            ]
            line = self.pick(usable)
            if line is not None:
                return Part(
                    kind, key, line, f"{source} line for '{key}' at anger band '{wanted}'", source, wanted
                )
        return None

    def plan(self, turn: TurnFacts) -> ReplyPlan:
        if turn.outcome is not None:
            return self.say(self._ending(turn))
        band = anger_band(turn.anger)
        parts: list[Part] = []
        skipped: list[Skipped] = []
        key = turn.key
        if key == "unclear" and recognised_something(self.scenario, turn.text):
            key = "listening"
            skipped.append(Skipped("reaction", "unclear", "a key detail, offer or fact topic was recognised"))
        if key in HARMFUL:  # interrupt included
            lead = self.reaction_line(key, band, turn, "harm")
            parts.append(lead or self.neutral(key))
            self._skip_warm(turn, skipped, "a harmful move leads; a warmer line would contradict it")
        elif key in VERDICTS:
            parts.append(self._verdict(key, band, turn, skipped))
            self._skip_warm(turn, skipped, "the verdict on the offer leads this turn", offers=False)
        elif turn.facts:
            for name in self._warm_moves(turn):
                skipped.append(Skipped("reaction", name, "the answer to their question leads this turn"))
        else:
            line = None if key == "listening" else self.reaction_line(key, band, turn)
            parts.append(line or self.neutral(key))
        for fact in turn.facts:
            answer = self.memory.trim(fact.answer, " ".join(p.text for p in parts))
            if answer:
                parts.append(Part("fact", fact.id, answer, f"answered fact '{fact.id}'", "scenario"))
            else:
                skipped.append(Skipped("fact", fact.id, "they already said all of this answer"))
        return self.say(ReplyPlan(tuple(parts), tuple(skipped)))

    def _warm_moves(self, turn: TurnFacts) -> list[str]:
        return [m for m in dict.fromkeys(turn.moves) if m not in HARMFUL and m != turn.key]

    def _skip_warm(self, turn: TurnFacts, skipped: list[Skipped], why: str, offers: bool = True) -> None:
        for name in self._warm_moves(turn):
            is_offer = name in OFFER_MOVES
            if offers or not is_offer:
                skipped.append(Skipped("verdict" if is_offer else "reaction", name, why))

    def _verdict(self, key: str, band: str, turn: TurnFacts, skipped: list[Skipped]) -> Part:
        replies = [t for t in (self.memory.trim(r) for r in turn.offer_replies) if t]
        if replies and key != "premature_offer":
            skipped.append(
                Skipped("verdict", key, "one line per reaction kind: the offer's own reply says it")
            )
            return Part("offer_reply", key, replies[0], "the offer's own reply", "scenario")
        if replies:
            skipped.append(
                Skipped("offer_reply", key, "the offer came before the complaint was acknowledged")
            )
        return self.reaction_line(key, band, turn, "verdict") or self.neutral(key)

    def _ending(self, turn: TurnFacts) -> ReplyPlan:
        outcome = turn.outcome or "unresolved"
        band = anger_band(turn.anger)
        parts: list[Part] = []
        skipped: list[Skipped] = []
        replies = [t for t in (self.memory.trim(r) for r in turn.offer_replies) if t]
        if outcome == "resolved" and replies and turn.key != "premature_offer":
            parts.append(Part("offer_reply", turn.key, replies[0], "the offer's own reply", "scenario"))
        if outcome != "resolved" and band == "calm":
            line = self.pick(CALM_ENDINGS[outcome]) or CALM_ENDINGS[outcome][0]
            skipped.append(Skipped("ending", outcome, "the scenario's lines are for a customer still upset"))
            reason = f"the conversation ended: {outcome}; a calm farewell at anger {round(turn.anger)}"
            parts.append(Part("ending", outcome, line, reason, "default"))
        else:
            lines = self.scenario.lines.endings.get(outcome) or DEFAULT_ENDINGS[outcome]
            line = self.pick(lines) or self.rng.choice(lines)
            source = "scenario" if outcome in self.scenario.lines.endings else "default"
            parts.append(Part("ending", outcome, line, f"the conversation ended: {outcome}", source))
        skipped += [Skipped("fact", f.id, "the conversation ended") for f in turn.facts]
        return ReplyPlan(tuple(parts), tuple(skipped))


def recognised_something(scenario: Scenario, text: str) -> bool:
    """Rule 4: a key detail, an offer phrase or a fact topic in the answer counts as recognised."""
    lowered = f" {' '.join(_WORDS.findall(text.lower()))} "
    phrases = [p for d in scenario.key_details for p in d.phrases]
    phrases += [p for o in scenario.offers for p in o.phrases]
    phrases += [t for f in scenario.facts for t in f.topics]
    return any(f" {' '.join(_WORDS.findall(p.lower()))} " in lowered for p in phrases if p.strip())


def contradictory(parts: Iterable[Part]) -> bool:
    tones = {p.tone for p in parts}
    return "warm" in tones and "cold" in tones


def variants_needed(key: str, max_turns: int, patience: int) -> int:
    """Lint: how many different lines a reaction needs for the turns it can come up in.

    Situations that recur (repeat, unclear, silence) come up in up to half the turns, harmful moves
    until patience runs out (a hostile trainee repeats them): three lines cover both in practice. A
    helpful move's second use reads as 'repeat', so two lines cover it; a boundary comes once or twice.
    """
    if key in ("repeat", "unclear", "silence", *HARMFUL):
        return min(3, max(2, max_turns // 2), max(2, patience))
    return 1 if key in ("insulting_offer", "boundary", "name") else 2


def key_variants(reactions: Mapping[str, Mapping[str, tuple[str, ...]]], key: str) -> int:
    """Different lines written for a reaction, over all its bands."""
    return len({line for lines in (reactions.get(key) or {}).values() for line in lines})
