"""One role-play conversation: trainee turns in, customer turns out, a result at the end (pure)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from simulator.engine import scoring
from simulator.engine.customer import CustomerState, DeliverySignal, Effect, initial_state, react
from simulator.engine.replies import Planner, ReplyPlan, TurnFacts
from simulator.moves import Move
from simulator.scenario.model import Outcome, Scenario

Speaker = Literal["customer", "trainee"]
Detector = Callable[[str], tuple[Move, ...]]
INTERRUPT_EVIDENCE = "(started talking while the customer was speaking)"


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of the transcript."""

    index: int
    speaker: Speaker
    text: str
    anger: int  # the customer's anger after this turn
    moves: tuple[Move, ...] = ()
    effects: tuple[Effect, ...] = ()
    reaction_key: str = ""  # customer turns: what they reacted to
    line_reason: str = ""  # customer turns: why this line was chosen
    source: str = "typed"  # trainee turns: typed | audio | voice | scripted
    delivery: DeliverySignal | None = None
    plan: ReplyPlan | None = None  # customer turns: the lines chosen and the ones skipped, with reasons

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"speaker": self.speaker, "text": self.text}
        if self.speaker == "trainee":
            out["moves"] = [m.as_json() for m in self.moves]
        out["anger"] = self.anger
        if self.speaker == "trainee" and self.source in ("audio", "voice"):
            out["transcript_source"] = self.source
        if self.delivery is not None:
            d = self.delivery
            out["delivery"] = {"wpm": round(d.wpm), "loudness_db": round(d.loudness_db), "fillers": d.fillers}
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """The end of a conversation, as the debrief shows it."""

    outcome: Outcome
    scores: scoring.Scores
    passed: bool
    checklist: tuple[scoring.ChecklistItem, ...]
    tips: tuple[str, ...]
    anger_curve: tuple[int, ...]


class Conversation:
    """Plays one scenario: call `start()`, then `respond()` per trainee answer until `finished`."""

    def __init__(self, scenario: Scenario, detect: Detector, seed: int = 0) -> None:
        self.scenario = scenario
        self._detect = detect
        self._rng = random.Random(seed)
        self.state: CustomerState = initial_state(scenario)
        self.turns: list[Turn] = []
        self.planner = Planner(scenario, self._rng)
        self.abandoned = False

    @property
    def finished(self) -> bool:
        return self.state.outcome is not None or self.abandoned

    @property
    def outcome(self) -> Outcome | None:
        return self.state.outcome

    @property
    def anger(self) -> int:
        return round(self.state.anger)

    @property
    def trainee_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == "trainee"]

    @property
    def last_said(self) -> str:
        """The customer's latest line (a prompt to try again counts): what the next answer replies to."""
        return next((t.text for t in reversed(self.turns) if t.speaker != "trainee"), "")

    def start(self) -> Turn:
        """The customer's opening complaint."""
        if self.turns:
            return self.turns[0]
        plan = self.planner.opening()
        return self._add("customer", plan.text, reaction_key="opening", line_reason=plan.reason, plan=plan)

    def respond(
        self,
        text: str,
        *,
        source: str = "typed",
        delivery: DeliverySignal | None = None,
        interrupted: bool = False,
    ) -> list[Turn]:
        """Score one trainee answer and return the new turns (trainee, then customer)."""
        if self.finished:
            return []
        if not self.turns:
            self.start()
        if getattr(self._detect, "uses_history", False):  # the judge compares restatements with what was said
            heard = tuple(t.text for t in self.turns if t.speaker == "customer")
            moves = self._detect(text, heard)  # type: ignore[call-arg]
        else:
            moves = self._detect(text)
        if interrupted:
            moves = (Move("interrupt", INTERRUPT_EVIDENCE), *moves)
        reaction = react(self.state, self.scenario, moves, text, delivery)
        self.state = reaction.state
        trainee = self._add(
            "trainee", text, moves=moves, effects=reaction.effects, source=source, delivery=delivery
        )
        facts = TurnFacts(
            key=reaction.reaction_key,
            moves=tuple(m.move for m in moves),
            text=text,
            anger=self.state.anger,
            outcome=self.state.outcome,
            facts=reaction.facts,
            offer_replies=reaction.offer_replies,
            offers_made=self.state.offers_made,
        )
        plan = self.planner.plan(facts)
        customer = self._add(
            "customer", plan.text, reaction_key=reaction.reaction_key, line_reason=plan.reason, plan=plan
        )
        return [trainee, customer]

    def nothing_heard(self) -> Turn:
        """The trainee said nothing recognisable: the customer prompts; nothing is scored."""
        plan = self.planner.silence(self.state.anger)
        return Turn(len(self.turns), "customer", plan.text, self.anger, reaction_key="silence",
                    line_reason=plan.reason, plan=plan)  # fmt: skip

    def abandon(self) -> None:
        self.abandoned = True

    def set_anger(self, anger: float) -> None:
        """Playtest and tests only: put the customer in a given mood."""
        self.state = replace(self.state, anger=max(0.0, min(100.0, anger)))

    def reload(self, scenario: Scenario) -> None:
        """Swap in an edited scenario (hot reload) and keep the conversation so far."""
        self.scenario = scenario
        self.planner.scenario = scenario
        self.planner.scenario = scenario

    def result(self) -> Result:
        outcome = self.state.outcome or "unresolved"
        trainee = [
            scoring.TraineeTurn(t.index, t.text, t.moves, t.effects, t.delivery) for t in self.trainee_turns
        ]
        scores = scoring.score(self.scenario, trainee, outcome)
        items = scoring.checklist(self.scenario, trainee)
        return Result(
            outcome=outcome,
            scores=scores,
            passed=scoring.passed(self.scenario, scores, outcome),
            checklist=items,
            tips=tuple(scoring.next_tips(self.scenario, items)),
            anger_curve=tuple(t.anger for t in self.turns),
        )

    def _add(self, speaker: Speaker, text: str, **fields: Any) -> Turn:
        turn = Turn(len(self.turns), speaker, text, self.anger, **fields)
        self.turns.append(turn)
        return turn
