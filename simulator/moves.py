"""The fixed move vocabulary the detector emits and the scoring uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

LISTENING: Final = ("restate", "question", "name")
EMPATHY: Final = ("acknowledge", "apology", "thanks", "reassure")
RESOLUTION: Final = (
    "offer_solution",
    "ask_preference",
    "next_steps",
    "follow_up",
    "compensation",
    "escalate",
)
HARMFUL: Final = ("blame", "defensive", "dismissive", "sarcasm", "refusal", "rude", "interrupt")

STEPS: Final = ("listening", "empathy", "resolution")
MOVES_BY_STEP: Final[dict[str, tuple[str, ...]]] = {
    "listening": LISTENING,
    "empathy": EMPATHY,
    "resolution": RESOLUTION,
    "harmful": HARMFUL,
}
ALL_MOVES: Final = LISTENING + EMPATHY + RESOLUTION + HARMFUL
GOOD_MOVES: Final = LISTENING + EMPATHY + RESOLUTION
# Moves the text detector can produce; `interrupt` only comes from voice timing.
TEXT_MOVES: Final = tuple(m for m in ALL_MOVES if m != "interrupt")


def step_of(move: str) -> str:
    """Return the step ("listening", "empathy", "resolution" or "harmful") a move belongs to."""
    for step, moves in MOVES_BY_STEP.items():
        if move in moves:
            return step
    raise KeyError(f"unknown move: {move}")


@dataclass(frozen=True, slots=True)
class Move:
    """One detected move with the words that evidence it.

    `start`/`end` are character offsets into the utterance as the trainee said it
    (the original text, not the normalised one); `evidence` is that slice.
    `detail` carries extra context such as the offer id or key detail ids matched.
    """

    move: str
    evidence: str
    start: int = 0
    end: int = 0
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        return {"move": self.move, "evidence": self.evidence}
