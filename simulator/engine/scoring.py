"""Scores for listening, empathy, resolution and overall, and the debrief checklist (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from simulator.engine.customer import DeliverySignal, Effect
from simulator.engine.quote import quote
from simulator.moves import HARMFUL, LABELS, MOVES_BY_STEP, OFFER_MOVES, STEPS, TIPS, Move, MoveTable, step_of
from simulator.scenario.model import Outcome, Scenario

DEFAULT_WEIGHTS: Final[Mapping[str, float]] = MoveTable(lambda i: i.weight, lambda i: not i.harmful)
STEP_SHARE: Final = {"listening": 0.3, "empathy": 0.35, "resolution": 0.35}
HARM_PENALTY: Final[Mapping[str, float]] = MoveTable(lambda info: info.penalty, lambda info: info.harmful)
HARM_STEP: Final[Mapping[str, str]] = MoveTable(lambda info: str(info.costs), lambda info: info.harmful)
# Part of a step earned by conduct rather than by moves (playbook: "keep your head",
# "let them finish"); lost by any harmful move of that step.
CONDUCT_SHARE: Final = {"listening": 0.15, "empathy": 0.2}
# Solving it to the customer's satisfaction is the point of step 3: a success outcome is worth
# this much of the resolution score however quickly the customer accepted.
SUCCESS_RESOLUTION_FLOOR: Final = 60.0
# A successful escalation ends the conversation as soon as the trainee agrees to fetch the manager the
# customer asked for (playbook: "follow their wish"), often before listening and empathy had a turn to
# show: they get a floor for the turns they never had, the full floor when it ends on the first answer,
# none from the fourth on. Harmful moves still cost their points after it.
ESCALATION_STEP_FLOOR: Final = 60.0
ESCALATION_GRACE_TURNS: Final = 3
OUTCOME_FACTOR: Final[Mapping[Outcome, float]] = {
    "resolved": 1.0, "escalated": 0.6, "unresolved": 0.6, "walked_out": 0.35,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TraineeTurn:
    """What scoring needs to know about one trainee answer."""

    index: int
    text: str
    moves: tuple[Move, ...]
    effects: tuple[Effect, ...] = ()
    delivery: DeliverySignal | None = None


@dataclass(frozen=True, slots=True)
class Scores:
    listening: int
    empathy: int
    resolution: int
    overall: int

    def as_json(self) -> dict[str, int]:
        return {"listening": self.listening, "empathy": self.empathy,
                "resolution": self.resolution, "overall": self.overall}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One playbook move in the debrief: hit (with the trainee's words) or missed (with a tip)."""

    move: str
    step: str
    label: str
    hit: bool
    evidence: str
    turn_index: int
    tip: str
    harmful: bool = False


def weights_for(scenario: Scenario) -> dict[str, float]:
    """Rubric weights: defaults, adjusted for channel and success outcomes, then the scenario's overrides."""
    weights = dict(DEFAULT_WEIGHTS)
    if scenario.channel == "phone":
        weights["follow_up"] = 25
    if scenario.channel == "chat":
        weights["name"] = 15
    if "escalated" in scenario.success_outcomes:
        weights["escalate"] = 25
    weights.update({k: v for k, v in scenario.weights.items() if k not in HARMFUL})
    return weights


def _credit(move: str, turns: Sequence[TraineeTurn], scenario: Scenario) -> float:
    """How much credit (0-1) the best use of a move earns."""
    best = 0.0
    for turn in turns:
        for found in turn.moves:
            if found.move != move:
                continue
            judged = next((e.credit for e in turn.effects if e.cause == move), 1.0)
            credit = judged * _detail_credit(found, scenario)
            best = max(best, credit)
    return best


def _detail_credit(found: Move, scenario: Scenario) -> float:
    """Credit for what the move was about: a restatement's details, which offer was made."""
    if found.move == "restate" and scenario.key_details and not found.detail:
        return 0.6
    if found.move not in OFFER_MOVES:
        return 1.0
    if not found.detail:
        return 0.6 if scenario.offers else 1.0
    offers = [scenario.offer(offer_id) for offer_id in offer_ids(found)]
    return max(0.0 if o.insults else 0.3 if o.excessive else 1.0 for o in offers)


def score(scenario: Scenario, turns: Sequence[TraineeTurn], outcome: Outcome | None) -> Scores:
    """Score a conversation from the moves made, their order, harmful moves and the outcome."""
    weights = weights_for(scenario)
    step_scores: dict[str, float] = {}
    active: list[str] = []
    for step in STEPS:
        moves = [m for m in MOVES_BY_STEP[step] if weights.get(m, 0) > 0]
        if not moves:  # the scenario switched this step off: nothing to miss, penalties still apply
            step_scores[step] = 100.0
            continue
        active.append(step)
        total = sum(weights[m] for m in moves)
        step_scores[step] = 100.0 * sum(weights[m] * _credit(m, turns, scenario) for m in moves) / total
        share = CONDUCT_SHARE.get(step, 0.0)
        if share and turns:
            kept_conduct = not any(HARM_STEP.get(m.move) == step for t in turns for m in t.moves)
            step_scores[step] = (1 - share) * step_scores[step] + share * 100.0 * kept_conduct
    success = outcome in scenario.success_outcomes
    floors = {"resolution": SUCCESS_RESOLUTION_FLOOR} if success else {}
    if success and outcome == "escalated":
        early = ESCALATION_STEP_FLOOR * max(0.0, 1.0 - (len(turns) - 1) / ESCALATION_GRACE_TURNS)
        floors.update({"listening": early, "empathy": early})
    for step, floor in floors.items():
        if step in active:  # lifted to the floor, keeping (1 - floor/100) of the score earned
            step_scores[step] = floor + (1 - floor / 100.0) * step_scores[step]
    harm_count = 0
    for turn in turns:
        for found in turn.moves:
            if found.move in HARMFUL:
                harm_count += 1
                step_scores[HARM_STEP[found.move]] -= HARM_PENALTY[found.move]
        for offer in (scenario.offer(i) for m in turn.moves if _is_offer(m) for i in offer_ids(m)):
            if offer.insults:
                step_scores["resolution"] -= 25
            if offer.excessive:
                step_scores["resolution"] -= 20
        if turn.delivery is not None:
            if turn.delivery.wpm > 160:
                step_scores["empathy"] -= 5
            if turn.delivery.loudness_db > 6:
                step_scores["empathy"] -= 10
    factor = 1.0 if success else OUTCOME_FACTOR.get(outcome or "unresolved", 0.6)
    step_scores["resolution"] *= factor
    clamped = {s: max(0.0, min(100.0, v)) for s, v in step_scores.items()}
    shares = {s: STEP_SHARE[s] for s in (active or list(STEPS))}
    overall = sum(share * clamped[s] for s, share in shares.items()) / sum(shares.values())
    if not success:
        overall *= 0.8
    if outcome == "walked_out":
        overall = min(overall, 40.0)
    overall -= min(20, 4 * harm_count)
    return Scores(
        listening=round(clamped["listening"]),
        empathy=round(clamped["empathy"]),
        resolution=round(clamped["resolution"]),
        overall=round(max(0.0, min(100.0, overall))),
    )


def _is_offer(move: Move) -> bool:
    return move.move in OFFER_MOVES


def offer_ids(move: Move) -> tuple[str, ...]:
    """The scenario offers one offer move names."""
    return move.detail


def passed(scenario: Scenario, scores: Scores, outcome: Outcome | None) -> bool:
    return outcome in scenario.success_outcomes and scores.overall >= scenario.pass_mark


def checklist(scenario: Scenario, turns: Sequence[TraineeTurn]) -> tuple[ChecklistItem, ...]:
    """Every weighted playbook move as hit or missed, then every harmful move made, with evidence."""
    weights = weights_for(scenario)
    items: list[ChecklistItem] = []
    for step in STEPS:
        for move in MOVES_BY_STEP[step]:
            if weights.get(move, 0) <= 0:
                continue
            first = _first_use(move, turns)
            evidence, index = (_quoted(first[1], turns, first[0]), first[0]) if first else ("", -1)
            items.append(
                ChecklistItem(move, step, LABELS[move], first is not None, evidence, index, TIPS[move])
            )
    seen: set[str] = set()
    for turn in turns:
        for found in turn.moves:
            if found.move in HARMFUL and found.move not in seen:
                seen.add(found.move)
                said = quote(turn.text, found.evidence, found.start, found.end)
                items.append(ChecklistItem(found.move, "harmful", LABELS[found.move], True, said,
                                           turn.index, TIPS[found.move], harmful=True))  # fmt: skip
    return tuple(items)


def _quoted(found: Move, turns: Sequence[TraineeTurn], index: int) -> str:
    said = next((t.text for t in turns if t.index == index), "")
    return quote(said, found.evidence, found.start, found.end)


def _first_use(move: str, turns: Sequence[TraineeTurn]) -> tuple[int, Move] | None:
    for turn in turns:
        for found in turn.moves:
            if found.move == move:
                return turn.index, found
    return None


def next_tips(scenario: Scenario, items: Sequence[ChecklistItem], limit: int = 3) -> list[str]:
    """What to try next time: harmful moves first, then the heaviest missed moves."""
    weights = weights_for(scenario)
    harmful = [f"{i.label}: {i.tip}" for i in items if i.harmful]
    missed = sorted((i for i in items if not i.hit and not i.harmful), key=lambda i: -weights.get(i.move, 0))
    return (harmful + [f"{i.label}: {i.tip}" for i in missed])[:limit]


def step_emphasis(scenario: Scenario) -> dict[str, float]:
    """How much each step is weighted in a scenario (used to suggest practice)."""
    weights = weights_for(scenario)
    totals = {s: sum(weights.get(m, 0) for m in MOVES_BY_STEP[s]) for s in STEPS}
    whole = sum(totals.values()) or 1.0
    return {s: round(v / whole, 3) for s, v in totals.items()}


__all__ = ["ChecklistItem", "Scores", "TraineeTurn", "checklist", "next_tips", "passed", "score", "step_of"]
