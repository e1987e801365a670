"""Class summary and leaderboard for a training group; pure functions of records."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from simulator.moves import HARMFUL
from simulator.store.groups import Group
from simulator.store.records import SCORE_KEYS, SessionRecord

EXAMPLES_PER_MOVE: Final = 3
CANDIDATES: Final = 60  # examples considered per move
WITHHELD: Final = "[customer's words withheld]"


@dataclass(frozen=True, slots=True)
class LeaderRow:
    rank: int
    trainee: str
    attempts: int
    finished: int
    best_overall: int | None
    latest: dict[str, int]
    improvement: int | None  # latest overall minus the trainee's previous finished attempt

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank, "trainee": self.trainee, "attempts": self.attempts,
            "finished": self.finished, "best_overall": self.best_overall,
            "latest": dict(self.latest), "improvement": self.improvement,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class HarmfulExample:
    move: str
    trainee: str
    customer_said: str
    trainee_said: str
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "move": self.move, "trainee": self.trainee, "customer_said": self.customer_said,
            "trainee_said": self.trainee_said, "evidence": self.evidence,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class ClassSummary:
    group_id: str
    group_name: str
    sessions: int
    finished: int
    leaderboard: tuple[LeaderRow, ...]
    step_averages: dict[str, float]
    missed: tuple[tuple[str, int], ...]
    harmful: tuple[tuple[str, int, tuple[HarmfulExample, ...]], ...]
    improvement: float | None  # mean of the trainees' improvements
    anonymised: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "group_name": self.group_name,
            "sessions": self.sessions,
            "finished": self.finished,
            "leaderboard": [r.to_json() for r in self.leaderboard],
            "step_averages": dict(self.step_averages),
            "most_missed": [{"move": m, "count": n} for m, n in self.missed],
            "harmful": [
                {"move": m, "count": n, "examples": [e.to_json() for e in ex]} for m, n, ex in self.harmful
            ],
            "improvement": self.improvement,
            "anonymised": self.anonymised,
        }


def aliases(names: Sequence[str]) -> dict[str, str]:
    """Stable stand-ins ("Trainee 1", ...) in roster order."""
    return {n: f"Trainee {i}" for i, n in enumerate(dict.fromkeys(names), start=1)}


def scrub(text: str, replacements: Mapping[str, str]) -> str:
    """Replace whole-word, case-insensitive occurrences of each key (longest first)."""
    for key in sorted((k for k in replacements if k.strip()), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(key)}(?!\w)", replacements[key], text, flags=re.I)
    return text


def _examples(
    records: Sequence[SessionRecord], alias: Mapping[str, str] | None
) -> tuple[Counter[str], dict[str, list[HarmfulExample]]]:
    counts: Counter[str] = Counter()
    examples: dict[str, list[HarmfulExample]] = {}
    for rec in records:
        replacements: dict[str, str] = dict(alias or {})
        if alias is not None:  # the customer's name, as the trainee said it
            for turn in rec.turns:
                replacements.update({m.evidence: "[customer]" for m in turn.moves
                                     if m.move == "name" and m.evidence})  # fmt: skip
        customer_said = ""
        for turn in rec.turns:
            if turn.speaker == "customer":
                customer_said = turn.text
                continue
            for move in turn.moves:
                if move.move not in HARMFUL:
                    continue
                counts[move.move] += 1
                bucket = examples.setdefault(move.move, [])
                if len(bucket) >= CANDIDATES:
                    continue
                if alias is None:
                    bucket.append(
                        HarmfulExample(move.move, rec.trainee, customer_said, turn.text, move.evidence)
                    )
                else:
                    bucket.append(HarmfulExample(
                        move.move, alias.get(rec.trainee, "Trainee ?"),
                        WITHHELD if customer_said else "", scrub(turn.text, replacements),
                        scrub(move.evidence, replacements)))  # fmt: skip
    return counts, {m: _pick(c) for m, c in examples.items()}


def _pick(candidates: Sequence[HarmfulExample]) -> list[HarmfulExample]:
    """Up to EXAMPLES_PER_MOVE examples: different trainees and wordings first."""
    chosen: list[HarmfulExample] = []
    for distinct in (True, False):
        for ex in candidates:
            if len(chosen) >= EXAMPLES_PER_MOVE:
                return chosen
            if ex in chosen or any(c.trainee_said == ex.trainee_said for c in chosen):
                continue
            if distinct and any(c.trainee == ex.trainee for c in chosen):
                continue
            chosen.append(ex)
    return chosen


def _mean(values: Sequence[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def class_summary(
    group: Group,
    records: Sequence[SessionRecord],
    earlier: Sequence[SessionRecord] = (),
    *,
    anonymise: bool = False,
) -> ClassSummary:
    """Leaderboard, per-step class averages, most-missed and most harmful moves.

    `records` are the group's conversations (with turns); `earlier` are the roster's
    other conversations, used to measure improvement since each trainee's previous one.
    """
    ordered = sorted(records, key=lambda r: (r.started_at, r.session_id or ""))
    done = [r for r in ordered if r.complete]
    alias = aliases([*group.roster, *(r.trainee for r in ordered)]) if anonymise else None
    averages = {
        k: avg for k in SCORE_KEYS
        if (avg := _mean([r.scores[k] for r in done if k in r.scores])) is not None
    }  # fmt: skip
    missed = Counter(m for r in done for m in r.missed_moves)
    counts, examples = _examples(ordered, alias)

    everything: dict[str, list[SessionRecord]] = {}
    for r in sorted([*done, *(r for r in earlier if r.complete)],
                    key=lambda r: (r.started_at, r.session_id or "")):  # fmt: skip
        if "overall" in r.scores:
            everything.setdefault(r.trainee, []).append(r)
    rows = []
    for name in dict.fromkeys([*group.roster, *(r.trainee for r in ordered)]):
        mine = [r for r in done if r.trainee == name]
        overall = [r.scores["overall"] for r in mine if "overall" in r.scores]
        improvement = None
        if mine and "overall" in mine[-1].scores:
            last = (mine[-1].started_at, mine[-1].session_id or "")
            before = [r for r in everything.get(name, ())
                      if (r.started_at, r.session_id or "") < last]  # fmt: skip
            if before:
                improvement = mine[-1].scores["overall"] - before[-1].scores["overall"]
        rows.append((name, sum(1 for r in ordered if r.trainee == name), len(mine),
                     max(overall) if overall else None,
                     dict(mine[-1].scores) if mine else {}, improvement))  # fmt: skip
    rows.sort(key=lambda r: (r[3] is None, -(r[3] or 0), r[0].casefold()))
    board = tuple(
        LeaderRow(i, alias[n] if alias else n, a, f, b, latest, imp)
        for i, (n, a, f, b, latest, imp) in enumerate(rows, start=1)
    )
    deltas = [r.improvement for r in board if r.improvement is not None]
    return ClassSummary(
        group_id=group.group_id,
        group_name=group.name,
        sessions=len(ordered),
        finished=len(done),
        leaderboard=board,
        step_averages=averages,
        missed=tuple(sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))),
        harmful=tuple(
            (m, n, tuple(examples.get(m, ())))
            for m, n in sorted(counts.items(), key=lambda kv: (-kv[1], HARMFUL.index(kv[0])))
        ),
        improvement=_mean(deltas),
        anonymised=anonymise,
    )
