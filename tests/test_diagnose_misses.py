"""The miss diagnosis puts each disagreement down to the stage that decided it, from the judge's trace."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import diagnose_misses  # noqa: E402

from simulator.detect.candidates import Candidate, Verdict  # noqa: E402


def verdict(stage: str, move: str, source: str, kept: bool) -> Verdict:
    return Verdict(stage, Candidate(move, 0, 0, 5, source, "why"), kept, "reason")


def test_a_miss_is_put_down_to_the_last_stage_that_dropped_it() -> None:
    trace = [
        verdict("heads", "question", "rule", True),
        verdict("heads", "question", "head", False),
        verdict("answer", "question", "rule", False),
        verdict("heads", "blame", "head", False),
    ]
    assert diagnose_misses.decided_by(trace, "question", missed=True) == "answer:rule"
    assert diagnose_misses.decided_by(trace, "blame", missed=True) == "heads:head"


def test_a_false_alarm_is_put_down_to_the_last_stage_that_kept_it() -> None:
    trace = [
        verdict("heads", "offer_solution", "head", True),
        verdict("context", "offer_solution", "head", True),
        verdict("heads", "offer_solution", "rule", False),
    ]
    assert diagnose_misses.decided_by(trace, "offer_solution", missed=False) == "context:head"


def test_a_move_no_stage_saw_is_none() -> None:
    assert diagnose_misses.decided_by([verdict("heads", "apology", "rule", True)], "sarcasm", True) == "none"


def test_disagreements_name_misses_and_false_alarms() -> None:
    found = diagnose_misses.disagreements({"apology", "restate"}, {"apology", "blame"})
    assert sorted(found) == [("blame", False), ("restate", True)]
