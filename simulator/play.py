"""Glue between a scenario, the move detector and a conversation."""

from __future__ import annotations

from collections.abc import Callable

from simulator.detect import detect_moves
from simulator.detect.context import DetectionContext
from simulator.engine.conversation import Conversation
from simulator.moves import Move
from simulator.scenario.model import Scenario


def detector_for(
    scenario: Scenario | None, customer_name: str | None = None
) -> Callable[[str], tuple[Move, ...]]:
    """A one-argument detector bound to a scenario's context (or generic text when None)."""
    if scenario is None:
        context = DetectionContext(customer_name=customer_name or "")
    else:
        context = DetectionContext.for_scenario(scenario, customer_name)

    def detect(text: str) -> tuple[Move, ...]:
        return detect_moves(text, context)

    return detect


def new_conversation(scenario: Scenario, seed: int = 0, customer_name: str | None = None) -> Conversation:
    return Conversation(scenario, detector_for(scenario, customer_name), seed=seed)
