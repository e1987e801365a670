"""Deterministic sample conversations for tests, demos and benchmarks (no I/O)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Final

from simulator.moves import GOOD_MOVES, HARMFUL, step_of
from simulator.scenario.spec import Outcome
from simulator.store.records import DeliveryRecord, MoveRecord, SessionRecord, TurnRecord

CUSTOMER_LINES: Final = (
    "My pizza arrived an hour late and it's stone cold!",
    "This is the third time this month. Why should I believe you?",
    "I don't want excuses, I want to know what you're going to do.",
    "Fine. And how long will that take?",
    "Okay... that would actually help.",
)
TRAINEE_LINES: Final = (
    ("I'm so sorry, Maria, that's really frustrating.", (("apology", "I'm so sorry"),
                                                          ("name", "Maria"))),
    ("So the order came an hour late and cold, is that right?", (("restate",
                                                                  "the order came an hour late"),)),
    ("What would make this right for you?", (("ask_preference", "What would make this right"),)),
    ("I'll refund the order and send a fresh pizza now.", (("offer_solution",
                                                            "refund the order"),)),
    ("Thank you for telling us about this.", (("thanks", "Thank you for telling us"),)),
    ("I'll call you tomorrow to check it all went well.", (("follow_up", "I'll call you tomorrow"),)),
    ("Well, it's not my fault the driver got lost.", (("blame", "not my fault"),)),
    ("Calm down, it's only a pizza.", (("dismissive", "it's only a pizza"),)),
)  # fmt: skip
SCENARIOS: Final = ("late-pizza", "wrong-diet-drink", "broken-printer")


def sample_session(
    rng: random.Random,
    trainee: str,
    started: datetime | None = None,
    *,
    scenario_id: str | None = None,
    group_id: str | None = None,
    turns: int | None = None,
) -> SessionRecord:
    """A plausible finished conversation with 8-12 turns, moves and delivery metrics."""
    started = started or datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    n = turns if turns is not None else rng.randint(8, 12)
    anger = rng.randint(60, 90)
    out: list[TurnRecord] = []
    used: set[str] = set()
    for i in range(n):
        if i % 2 == 0:
            out.append(TurnRecord(i, "customer", rng.choice(CUSTOMER_LINES), (), anger, "scripted"))
            continue
        text, moves = rng.choice(TRAINEE_LINES)
        used.update(m for m, _ in moves)
        anger = max(0, min(100, anger + (12 if moves[0][0] in HARMFUL else -rng.randint(3, 12))))
        delivery = DeliveryRecord(rng.randint(110, 190), round(rng.uniform(-35, -15), 1),
                                  rng.randint(0, 4), round(rng.uniform(0.2, 2.5), 2))  # fmt: skip
        out.append(TurnRecord(i, "trainee", text, tuple(MoveRecord(m, e) for m, e in moves),
                              anger, rng.choice(("typed", "voice")), delivery))  # fmt: skip
    steps = {s: rng.randint(30, 95) for s in ("listening", "empathy", "resolution")}
    steps["overall"] = round(sum(steps.values()) / 3)
    outcomes: tuple[Outcome, ...] = ("resolved", "resolved", "walked_out", "escalated", "unresolved")
    outcome = rng.choice(outcomes)
    if outcome == "walked_out":  # as the real scoring caps a walk-out
        steps["overall"] = min(steps["overall"], 40)
    missed = tuple(m for m in GOOD_MOVES if m not in used and step_of(m) != "harmful")[:4]
    return SessionRecord(
        session_id=None,
        trainee=trainee,
        scenario_id=scenario_id or rng.choice(SCENARIOS),
        scenario_version=1,
        scenario_title="Sample scenario",
        started_at=started.isoformat(timespec="seconds"),
        finished_at=(started + timedelta(minutes=6)).isoformat(timespec="seconds"),
        complete=True,
        outcome=outcome,
        scores=steps,
        passed=outcome == "resolved" and steps["overall"] >= 60,
        turns=tuple(out),
        missed_moves=missed,
        group_id=group_id,
    )
