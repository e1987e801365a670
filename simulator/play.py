"""Glue between a scenario, the move detector (with any global phrase packs) and a conversation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from simulator.detect import PhrasePackError, detector_with
from simulator.detect.context import DetectionContext
from simulator.engine.conversation import Conversation
from simulator.errors import UserError
from simulator.moves import Move
from simulator.scenario.model import Scenario


def detector_for(
    scenario: Scenario | None, customer_name: str | None = None, packs: Sequence[Path] = ()
) -> Callable[[str], tuple[Move, ...]]:
    """A one-argument detector bound to a scenario's context (or generic text when None).

    `packs` are an author's global phrase packs (--phrases); a broken pack is a UserError
    listing every located problem.
    """
    if scenario is None:
        context = DetectionContext(customer_name=customer_name or "")
    else:
        context = DetectionContext.for_scenario(scenario, customer_name)
    detector = detector_with(tuple(str(p) for p in packs))
    try:
        detector.bank  # noqa: B018 - load and check the packs now, not on the first answer
    except PhrasePackError as exc:
        raise UserError("phrase pack errors:\n" + "\n".join(exc.errors)) from exc

    def detect(text: str) -> tuple[Move, ...]:
        return detector.detect(text, context)

    return detect


def new_conversation(
    scenario: Scenario, seed: int = 0, customer_name: str | None = None, packs: Sequence[Path] = ()
) -> Conversation:
    return Conversation(scenario, detector_for(scenario, customer_name, packs), seed=seed)
