"""The customer's mood model: how one trainee turn moves anger, patience and needs (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final

from simulator.detect.boundary import boundary_evidence
from simulator.moves import BY_SALIENCE, HARMFUL, OFFER_MOVES, Move, MoveGroup, MoveTable, move_info
from simulator.scenario.model import Fact, Outcome, Scenario

# Base anger change per move; offers are judged separately against the customer's needs.
BASE_EFFECT: Final[Mapping[str, float]] = MoveTable(lambda info: info.effect)
DEFUSING_MOVES: Final = MoveGroup(lambda info: info.defuses)
NEEDS_DEFUSING: Final = MoveGroup(lambda info: info.needs_defusing)
UNCLEAR_EFFECT: Final = 4.0
RUSHED_WPM: Final = 160
SHOUTING_DB: Final = 6.0


@dataclass(frozen=True, slots=True)
class DeliverySignal:
    """Voice-only facts about how an answer was said."""

    wpm: float = 0.0
    loudness_db: float = 0.0  # relative to the calibrated baseline
    fillers: int = 0
    pause_before_s: float = 0.0


@dataclass(frozen=True, slots=True)
class CustomerState:
    anger: float
    patience_left: int
    turn: int = 0
    move_counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    defused: bool = False
    fixed: bool = False  # a solution meeting a need has been offered
    met_needs: frozenset[str] = frozenset()
    partly_met_needs: frozenset[str] = frozenset()
    facts_told: frozenset[str] = frozenset()
    offers_made: tuple[str, ...] = ()
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class Effect:
    """One rule that fired this turn, for the debrief and the playtest tool."""

    cause: str
    delta: float
    reason: str
    credit: float = 1.0  # share of the move's rubric weight this use earns (offers judged, defuse-first)


@dataclass(frozen=True, slots=True)
class Reaction:
    """What one trainee turn did to the customer and what the customer should react to."""

    state: CustomerState
    delta: float
    effects: tuple[Effect, ...]
    reaction_key: str  # a move name or situation key used to pick the customer's line
    facts: tuple[Fact, ...] = ()
    offer_replies: tuple[str, ...] = ()


def initial_state(scenario: Scenario) -> CustomerState:
    return CustomerState(anger=float(scenario.customer.anger), patience_left=scenario.customer.patience)


def facts_asked(
    text: str, facts: tuple[Fact, ...], told: frozenset[str], by_meaning: tuple[str, ...] = ()
) -> list[Fact]:
    """Facts (not yet told) the question asks for: by the judge's match of meaning (`by_meaning`, the
    question move's fact ids) or by a topic's words; at most two per question."""
    words = "".join(ch if ch.isalnum() or ch == "'" else " " for ch in text.lower())
    padded = f" {' '.join(words.split())} "
    asked = [
        fact
        for fact in facts
        if fact.id not in told
        and (fact.id in by_meaning or any(f" {' '.join(t.lower().split())} " in padded for t in fact.topics))
    ]
    return asked[:2]


def react(
    state: CustomerState,
    scenario: Scenario,
    moves: tuple[Move, ...],
    text: str,
    delivery: DeliverySignal | None = None,
) -> Reaction:
    """Apply one trainee turn to the customer's state; returns the new state and why it changed."""
    names = [m.move for m in moves]
    effects: list[Effect] = []
    temperament_scale = 0.75 if scenario.customer.temperament == "chronic" else 1.0
    defused_now = state.defused or any(n in DEFUSING_MOVES for n in names)
    counts = dict(state.move_counts)
    met, partly = set(state.met_needs), set(state.partly_met_needs)
    fixed = state.fixed
    offers_made = list(state.offers_made)
    offer_replies: list[str] = []
    offer_verdict = ""

    for move in moves:
        name = move.move
        credit = 1.0
        base = BASE_EFFECT[name]
        seen = counts.get(name, 0)
        if name in HARMFUL:
            delta = base * (1.0 + 0.25 * seen)
            reason = "harmful move" + (" again" if seen else "")
        elif name in OFFER_MOVES and move.detail:
            delta, credit, reason = 0.0, 0.0, ""
            for offer_id in move.detail:
                one_delta, one_reason, verdict, one_credit = _judge_offer(
                    scenario, offer_id, state, defused_now, fixed, met
                )
                offer_verdict = _worse_verdict(offer_verdict, verdict)
                offer = scenario.offer(offer_id)
                if offer.reply and offer.id not in offers_made:
                    offer_replies.append(offer.reply)
                if offer.id not in offers_made:
                    offers_made.append(offer.id)
                if verdict == "good":
                    met.update(offer.meets)
                    partly.update(offer.partly_meets)
                    fixed = fixed or offer.kind == "solution"
                elif verdict == "partial":
                    partly.update(offer.meets + offer.partly_meets)
                delta += one_delta * (0.5**seen if verdict != "insult" else 1.0)
                credit = max(credit, one_credit)
                reason = f"{reason}; {one_reason}" if reason else one_reason
        elif name == "escalate":
            expected = "escalated" in scenario.success_outcomes
            delta = -6.0 if expected else (0.0 if state.anger >= 85 else 6.0)
            reason = (
                "a supervisor is the right call here"
                if expected
                else (
                    "handed over a furious customer" if delta == 0 else "passed the buck instead of helping"
                )
            )
        else:
            delta = base * temperament_scale * (0.5**seen)
            reason = "repeated, so it counts for less" if seen else "helps"
            if name in NEEDS_DEFUSING and not defused_now:
                delta *= 0.5
                credit = 0.5
                reason = "came before the complaint was acknowledged (defuse first)"
                offer_verdict = offer_verdict or "premature"
            if move_info(name).offer_kind == "compensation" and not fixed:
                delta = 1.0
                reason = "a gift before a fix feels like being bought off"
        counts[name] = seen + 1
        for need in scenario.needs:
            if name in need.met_by_moves:
                met.add(need.id)
        effects.append(Effect(name, round(delta, 1), reason, credit))

    facts: tuple[Fact, ...] = ()
    if "question" in names:
        meant = tuple(i for m in moves if m.move == "question" for i in m.detail)
        facts = tuple(facts_asked(text, scenario.facts, state.facts_told, meant))
        if facts:
            effects.append(Effect("question", -2.0, "asked about a fact of the case"))

    boundary = boundary_evidence(text) and not any(n in HARMFUL for n in names)
    if boundary:
        calming = -5.0 if state.anger >= 65 else -1.0
        effects.append(Effect("boundary", calming, "set a calm boundary on abusive behaviour"))

    if delivery is not None:
        if delivery.wpm > RUSHED_WPM:
            effects.append(Effect("delivery", 3.0, f"spoke fast ({delivery.wpm:.0f} words a minute)"))
        if delivery.loudness_db > SHOUTING_DB:
            effects.append(Effect("delivery", 6.0, "raised their voice"))

    if not moves and not boundary:
        effects.append(Effect("unclear", UNCLEAR_EFFECT, "said nothing that helps"))
    total = sum(e.delta for e in effects)
    anger = max(0.0, min(100.0, state.anger + total))
    productive = total < 0 and not any(n in HARMFUL for n in names)
    patience = state.patience_left if productive else state.patience_left - 1
    helping_first = helps_first(names)
    key_names = [n for n in names if n != "escalate"] if helping_first else names
    reaction_key = _pick_reaction_key(key_names, offer_verdict, state, news=bool(facts))
    if boundary and reaction_key not in HARMFUL:
        reaction_key = "boundary"

    new_state = replace(
        state,
        anger=anger,
        patience_left=patience,
        turn=state.turn + 1,
        move_counts=MappingProxyType(counts),
        defused=defused_now,
        fixed=fixed,
        met_needs=frozenset(met),
        partly_met_needs=frozenset(partly - met),
        facts_told=state.facts_told | {f.id for f in facts},
        offers_made=tuple(offers_made),
    )
    new_state = replace(new_state, outcome=decide_outcome(new_state, scenario, names))
    delta = round(anger - state.anger, 1)
    return Reaction(new_state, delta, tuple(effects), reaction_key, facts, tuple(offer_replies))


def _judge_offer(
    scenario: Scenario, offer_id: str, state: CustomerState, defused: bool, fixed: bool, met: set[str]
) -> tuple[float, str, str, float]:
    """Anger change, reason, verdict and rubric credit for one scenario offer."""
    offer = scenario.offer(offer_id)
    if offer.insults:
        return 20.0, f"the offer '{offer.id}' insults this customer", "insult", 0.0
    required = {n.id for n in scenario.needs if n.required}
    new_meets = set(offer.meets) - met
    if offer.id in state.offers_made and offer.meets and not new_meets:
        # the customer took this fix already: saying it again confirms it, and is no half-measure to refuse
        return -5.0, f"the offer '{offer.id}' was already accepted; saying it again confirms it", "", 1.0
    if offer.kind == "compensation" and not fixed and not new_meets & required:
        return 2.0, "a gift before a fix feels like being bought off", "premature", 0.3
    credit = 1.0
    if new_meets:
        delta = -9.0 - 6.0 * len(new_meets & required) - 2.0 * len(new_meets - required)
        verdict, reason = "good", f"the offer '{offer.id}' meets what they need"
    elif offer.partly_meets or set(offer.meets) & met:
        delta, verdict, reason = -5.0, "partial", f"the offer '{offer.id}' only partly meets what they need"
        credit = 0.5
    else:
        delta, verdict, reason = -1.0, "partial", f"the offer '{offer.id}' is not what they need"
        credit = 0.5
    if not defused:
        delta *= 0.5
        credit *= 0.5
        reason += "; it came before the complaint was acknowledged (defuse first)"
        verdict = "premature" if verdict == "good" and state.anger >= 65 else verdict
    return delta, reason, verdict, credit


_VERDICT_RANK: Final = {"": 0, "good": 1, "partial": 2, "premature": 3, "insult": 4}


def _worse_verdict(a: str, b: str) -> str:
    return a if _VERDICT_RANK[a] >= _VERDICT_RANK[b] else b


def _pick_reaction_key(names: list[str], verdict: str, state: CustomerState, news: bool) -> str:
    harmful = [n for n in BY_SALIENCE if n in names and n in HARMFUL]
    if harmful:
        return harmful[0]
    if verdict:
        return {"good": "good_offer", "partial": "partial_offer", "premature": "premature_offer",
                "insult": "insulting_offer"}[verdict]  # fmt: skip
    for name in BY_SALIENCE:
        if name in names:
            if not news and all(state.move_counts.get(n, 0) > 0 for n in names) and name != "escalate":
                return "repeat"
            return name
    return "unclear"


# Offering to fetch a manager while offering to help first is not yet an escalation.
HELP_FIRST: Final = MoveGroup(lambda info: info.helps_first)


def helps_first(names: list[str]) -> bool:
    return "escalate" in names and any(n in HELP_FIRST for n in names)


def decide_outcome(state: CustomerState, scenario: Scenario, names: list[str]) -> Outcome | None:
    """The conversation's outcome after this turn, or None while it goes on."""
    if state.anger >= 100 or state.patience_left <= 0:
        return scenario.customer.boiling_point
    escalating = "escalate" in names and not helps_first(names)
    if escalating and ("escalated" in scenario.success_outcomes or state.anger >= 85):
        return "escalated"
    required = {n.id for n in scenario.needs if n.required}
    if required <= state.met_needs and state.anger <= scenario.accept_anger:
        return "resolved"
    if state.turn >= scenario.max_turns:
        return "unresolved"
    return None
