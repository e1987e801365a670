"""What the customer model can reach in a scenario, searched with the engine (escalation, lowest anger)."""

from __future__ import annotations

from dataclasses import replace

from simulator.authoring.trainees import best_offers
from simulator.engine.customer import initial_state, react
from simulator.moves import GOOD_MOVES, HARSH, OFFER_MOVES, Move, offer_move
from simulator.scenario.model import Scenario


def can_escalate(s: Scenario) -> bool:
    """Whether any sequence of answers can end with the customer escalating (searched with the engine)."""
    if s.customer.boiling_point == "escalated" or "escalated" in s.success_outcomes:
        return True
    harsh = [Move(m, m) for m in HARSH]
    escalate = Move("escalate", "escalate")
    frontier = [initial_state(s)]
    best: dict[int, int] = {}  # anger -> most patience left seen there (more patience dominates)
    while frontier:
        state = frontier.pop()
        for extra in [(), *((h,) for h in harsh)]:
            if react(state, s, (*extra, escalate), "").state.outcome == "escalated":
                return True
        if state.turn + 1 >= s.max_turns:
            continue
        for move in harsh:
            after = react(state, s, (move,), "").state
            key = round(after.anger)
            if after.outcome is None and best.get(key, -1) < after.patience_left:
                best[key] = after.patience_left
                frontier.append(after)
    return False


def lowest_anger(s: Scenario) -> int:
    """The lowest anger reachable within max_turns when every answer makes every helpful move."""
    offers = [
        Move(offer_move(o.kind), o.id, detail=(o.id,))
        for o in sorted(best_offers(s), key=lambda o: o.kind != "solution")
    ]
    calming = [m for m in GOOD_MOVES if m not in OFFER_MOVES and m != "escalate"]
    sink = (*(Move(m, m) for m in calming), *offers)
    state = initial_state(s)
    low = state.anger
    for _ in range(s.max_turns):
        state = replace(react(state, s, sink, "").state, outcome=None)
        low = min(low, state.anger)
    return round(low)
