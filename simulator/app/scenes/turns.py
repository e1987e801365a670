"""What the conversation scene keeps about lines and answers while they are in flight."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.engine.conversation import Result
from simulator.moves import Move
from simulator.speech.delivery import Delivery


@dataclass
class Bubble:
    """One transcript entry as shown: customer | trainee | prompt (an unscored 'didn't catch that')."""

    speaker: str
    text: str
    moves: tuple[Move, ...] = ()
    anger_change: int = 0
    source: str = "typed"
    cut_off: bool = False
    turn_index: int | None = None  # trainee answers: the conversation turn (observer ratings)


@dataclass
class Line:
    """The customer's current line: pending (waiting for audio) | playing | done | cut | silent."""

    line_id: str
    text: str
    state: str
    bubble: Bubble


@dataclass
class Pending:
    interrupted: bool
    pause_before_s: float
    level_db: float


@dataclass
class Debrief:
    result: Result
    deliveries: list[Delivery] = field(default_factory=list)
    save_error: str | None = None
    session_id: str | None = None  # where the result was stored
    trainee: str = ""
    group_id: str | None = None  # a hot-seat group turn: the projector debrief
