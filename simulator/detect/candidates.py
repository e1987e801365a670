"""What the judge's stages pass along: candidate moves, stage verdicts and the work in progress (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from simulator.detect.clauses import Clause


@dataclass(frozen=True, slots=True)
class Candidate:
    """A move some source proposed for a window, with what it rests on."""

    move: str
    window: int
    start: int
    end: int
    source: str  # "rule" | "head" | "context"
    why: str  # the rule's words, "head score 0.83", or the context stage's reason
    score: float = 0.0
    detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """One stage's decision on one candidate."""

    stage: str
    candidate: Candidate
    kept: bool
    reason: str


@dataclass
class Work:
    text: str
    windows: tuple[Clause, ...]
    embeddings: NDArray[np.float32]
    kept: list[Candidate]
    trace: list[Verdict]
    # head candidates over their threshold for a move another clause already made: where a second offer
    # in the same answer is found ("I'm writing it up for head office. And I'll go through the procedure.")
    also: list[Candidate] = field(default_factory=list)

    def keep(self, stage: str, c: Candidate, reason: str) -> None:
        self.kept.append(c)
        self.trace.append(Verdict(stage, c, True, reason))

    def drop(self, stage: str, c: Candidate, reason: str) -> None:
        if c in self.kept:
            self.kept.remove(c)
        self.trace.append(Verdict(stage, c, False, reason))

    def moves_in(self, window: int) -> set[str]:
        return {c.move for c in self.kept if c.window == window}


def clause_windows(windows: Sequence[Clause]) -> Sequence[Clause]:
    """The clause windows: every window but the whole answer, which comes last when there are several."""
    return windows[:-1] if len(windows) > 1 else windows


def inside(c: Candidate, w: Clause) -> bool:
    return c.start < w.end and w.start < c.end


def window_of(windows: Sequence[Clause], start: int, end: int) -> int:
    """The clause (not the whole-utterance window) that holds most of [start, end)."""
    clauses = clause_windows(windows)
    best = max(range(len(clauses)), key=lambda k: min(end, clauses[k].end) - max(start, clauses[k].start))
    return best
