"""Frozen record contract for stored conversations, with JSON dict round-trips."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, cast, get_args

from simulator.engine.conversation import Speaker
from simulator.scenario.spec import OUTCOMES, Outcome

SPEAKERS: Final[tuple[Speaker, ...]] = get_args(Speaker)
TRANSCRIPT_SOURCES: Final = ("typed", "audio", "voice", "scripted")
SESSION_OUTCOMES: Final = OUTCOMES
SCORE_KEYS: Final = ("listening", "empathy", "resolution", "overall")


@dataclass(frozen=True, slots=True)
class MoveRecord:
    """One detected move and the words of the utterance that evidence it."""

    move: str
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {"move": self.move, "evidence": self.evidence}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MoveRecord:
        return cls(move=str(data["move"]), evidence=str(data.get("evidence", "")))


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """How a spoken trainee turn was delivered."""

    wpm: int
    loudness_db: float
    fillers: int
    pause_before_s: float

    def to_json(self) -> dict[str, Any]:
        return {
            "wpm": self.wpm,
            "loudness_db": self.loudness_db,
            "fillers": self.fillers,
            "pause_before_s": self.pause_before_s,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeliveryRecord:
        return cls(
            wpm=int(data["wpm"]),
            loudness_db=float(data["loudness_db"]),
            fillers=int(data["fillers"]),
            pause_before_s=float(data["pause_before_s"]),
        )


@dataclass(frozen=True, slots=True)
class Observation:
    """A trainer's or classmate's rating (1-5) and comment on one trainee turn."""

    turn_index: int
    rating: int
    comment: str
    observer: str
    created_at: str

    def __post_init__(self) -> None:
        if not 1 <= self.rating <= 5:
            raise ValueError(f"rating must be 1-5, got {self.rating}")

    def to_json(self) -> dict[str, Any]:
        return {
            "turn_index": self.turn_index,
            "rating": self.rating,
            "comment": self.comment,
            "observer": self.observer,
            "created_at": self.created_at,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Observation:
        return cls(
            turn_index=int(data["turn_index"]),
            rating=int(data["rating"]),
            comment=str(data.get("comment", "")),
            observer=str(data.get("observer", "")),
            created_at=str(data.get("created_at", "")),
        )


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One utterance: who said it, the moves found in it, and the anger after it."""

    index: int
    speaker: Speaker
    text: str
    moves: tuple[MoveRecord, ...] = ()
    anger: int = 0
    transcript_source: str = "typed"
    delivery: DeliveryRecord | None = None

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise ValueError(f"speaker must be one of {SPEAKERS}, got {self.speaker!r}")
        if self.transcript_source not in TRANSCRIPT_SOURCES:
            raise ValueError(f"unknown transcript_source {self.transcript_source!r}")

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "speaker": self.speaker,
            "text": self.text,
            "moves": [m.to_json() for m in self.moves],
            "anger": self.anger,
            "transcript_source": self.transcript_source,
            "delivery": None if self.delivery is None else self.delivery.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TurnRecord:
        delivery = data.get("delivery")
        return cls(
            index=int(data["index"]),
            speaker=cast(Speaker, str(data["speaker"])),  # checked in __post_init__
            text=str(data.get("text", "")),
            moves=tuple(MoveRecord.from_json(m) for m in data.get("moves", ())),
            anger=int(data.get("anger", 0)),
            transcript_source=str(data.get("transcript_source", "typed")),
            delivery=None if delivery is None else DeliveryRecord.from_json(delivery),
        )


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One conversation: who, which scenario (and version), every turn, and the result."""

    session_id: str | None
    trainee: str
    scenario_id: str
    scenario_version: int
    scenario_title: str
    started_at: str
    finished_at: str | None = None
    complete: bool = False
    outcome: Outcome | None = None
    scores: dict[str, int] = field(default_factory=dict)
    passed: bool | None = None
    turns: tuple[TurnRecord, ...] = ()
    missed_moves: tuple[str, ...] = ()
    group_id: str | None = None

    def __post_init__(self) -> None:
        if self.outcome is not None and self.outcome not in SESSION_OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "trainee": self.trainee,
            "scenario_id": self.scenario_id,
            "scenario_version": self.scenario_version,
            "scenario_title": self.scenario_title,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "complete": self.complete,
            "outcome": self.outcome,
            "scores": dict(self.scores),
            "passed": self.passed,
            "turns": [t.to_json() for t in self.turns],
            "missed_moves": list(self.missed_moves),
            "group_id": self.group_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionRecord:
        passed = data.get("passed")
        return cls(
            session_id=data.get("session_id"),
            trainee=str(data["trainee"]),
            scenario_id=str(data["scenario_id"]),
            scenario_version=int(data.get("scenario_version", 1)),
            scenario_title=str(data.get("scenario_title", "")),
            started_at=str(data["started_at"]),
            finished_at=data.get("finished_at"),
            complete=bool(data.get("complete", False)),
            outcome=data.get("outcome"),
            scores={str(k): int(v) for k, v in (data.get("scores") or {}).items()},
            passed=None if passed is None else bool(passed),
            turns=tuple(TurnRecord.from_json(t) for t in data.get("turns", ())),
            missed_moves=tuple(str(m) for m in data.get("missed_moves", ())),
            group_id=data.get("group_id"),
        )


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One debrief checklist line: a move, its step, whether it was hit, and a tip."""

    move: str
    step: str
    hit: bool
    evidence: str = ""
    tip: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "move": self.move,
            "step": self.step,
            "hit": self.hit,
            "evidence": self.evidence,
            "tip": self.tip,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChecklistItem:
        return cls(
            move=str(data["move"]),
            step=str(data.get("step", "")),
            hit=bool(data.get("hit", False)),
            evidence=str(data.get("evidence", "")),
            tip=str(data.get("tip", "")),
        )
