"""A trainee's history: attempts, per-step series, missed moves, next-scenario suggestion."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from simulator.moves import STEPS
from simulator.store.records import SCORE_KEYS, SessionRecord

SPARK: Final = "▁▂▃▄▅▆▇█"
RECENT: Final = 5  # attempts that decide the weakest step


@dataclass(frozen=True, slots=True)
class Attempt:
    """One stored conversation, without its turns."""

    session_id: str | None
    scenario_id: str
    scenario_title: str
    started_at: str
    complete: bool
    outcome: str | None
    scores: dict[str, int]
    passed: bool | None

    def to_json(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "scenario_id": self.scenario_id,
            "scenario_title": self.scenario_title,
            "started_at": self.started_at,
            "complete": self.complete,
            "outcome": self.outcome,
            "scores": dict(self.scores),
            "passed": self.passed,
        }


@dataclass(frozen=True, slots=True)
class History:
    """Everything the history screen and `hotseat history` show for one trainee."""

    trainee: str
    attempts: tuple[Attempt, ...] = ()
    series: dict[str, tuple[int, ...]] = field(default_factory=dict)  # score key -> values
    missed: tuple[tuple[str, int], ...] = ()  # (move, times missed), most first
    weakest_step: str | None = None
    suggestion: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "trainee": self.trainee,
            "attempts": [a.to_json() for a in self.attempts],
            "series": {k: list(v) for k, v in self.series.items()},
            "most_missed": [{"move": m, "count": n} for m, n in self.missed],
            "weakest_step": self.weakest_step,
            "suggested_scenario": self.suggestion,
        }


def weakest_step(series: Mapping[str, Sequence[int]], recent: int = RECENT) -> str | None:
    """The scored step with the lowest mean over the last `recent` complete attempts."""
    means = {s: sum(v[-recent:]) / len(v[-recent:]) for s in STEPS if (v := series.get(s))}
    if not means:
        return None
    return min(STEPS, key=lambda s: (means.get(s, float("inf")), STEPS.index(s)))


def suggest_scenario(
    step: str | None,
    emphasis: Mapping[str, Mapping[str, float]],
    played: Sequence[str] = (),
) -> str | None:
    """The scenario that practises `step` most; fewer plays and not-the-last break ties.

    `emphasis` maps scenario id -> {step: weight}; with no step known yet (no finished
    attempt) listening, the first step taught, is practised.
    """
    if not emphasis:
        return None
    step = step or STEPS[0]
    plays = Counter(played)
    last = played[-1] if played else None

    def key(sid: str) -> tuple[float, bool, int, str]:
        weight = float(emphasis[sid].get(step, 0.0))
        return (-round(weight, 6), sid == last, plays[sid], sid)

    return min(emphasis, key=key)


def build_history(
    trainee: str,
    records: Sequence[SessionRecord],
    emphasis: Mapping[str, Mapping[str, float]] | None = None,
) -> History:
    """Summarise a trainee's stored conversations (oldest first); pure."""
    ordered = sorted(records, key=lambda r: (r.started_at, r.session_id or ""))
    attempts = tuple(
        Attempt(r.session_id, r.scenario_id, r.scenario_title, r.started_at, r.complete,
                r.outcome, dict(r.scores), r.passed)
        for r in ordered
    )  # fmt: skip
    done = [r for r in ordered if r.complete]
    series = {k: tuple(r.scores[k] for r in done if k in r.scores) for k in SCORE_KEYS}
    missed = Counter(m for r in done for m in r.missed_moves)
    step = weakest_step(series)
    return History(
        trainee=trainee,
        attempts=attempts,
        series=series,
        missed=tuple(sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))),
        weakest_step=step,
        suggestion=suggest_scenario(step, emphasis or {}, [r.scenario_id for r in ordered]),
    )


def sparkline(values: Sequence[float], low: float = 0.0, high: float = 100.0) -> str:
    """Unicode block sparkline on a fixed scale (so steps compare across rows)."""
    span = (high - low) or 1.0
    out = []
    for v in values:
        frac = min(max((v - low) / span, 0.0), 1.0)
        out.append(SPARK[min(int(frac * len(SPARK)), len(SPARK) - 1)])
    return "".join(out)


def render_history_text(history: History, width: int = 24) -> str:
    """Terminal view: per-step sparklines, most-missed moves, suggestion, recent attempts."""
    done = sum(1 for a in history.attempts if a.complete)
    lines = [
        f"History for {history.trainee}: {len(history.attempts)} attempt"
        f"{'' if len(history.attempts) == 1 else 's'}, {done} finished"
    ]
    if not history.attempts:
        lines.append("No conversations stored yet.")
    for key in SCORE_KEYS:
        values = history.series.get(key, ())
        if not values:
            continue
        shown = values[-width:]
        lines.append(
            f"  {key:<11} {sparkline(shown):<{width}}  last {values[-1]:>3}"
            f"  best {max(values):>3}  first {values[0]:>3}"
        )
    if history.missed:
        from simulator.engine.tips import LABELS  # the names the game shows

        top = ", ".join(f"{LABELS.get(m, m.replace('_', ' '))} ({n})" for m, n in history.missed[:5])
        lines.append(f"Most often missed: {top}")
    if history.weakest_step:
        lines.append(f"Weakest step: {history.weakest_step}")
    if history.suggestion:
        lines.append(f"Suggested next scenario: {history.suggestion}")
    if history.attempts:
        lines.append("Recent attempts:")
    for a in history.attempts[-10:]:
        state = a.outcome or ("finished" if a.complete else "incomplete")
        overall = a.scores.get("overall")
        result = "" if a.passed is None else ("  passed" if a.passed else "  not passed")
        lines.append(
            f"  {a.started_at[:16].replace('T', ' ')}  {a.scenario_id:<18} {state:<11}"
            f" overall {'-' if overall is None else overall:>3}{result}"
        )
    return "\n".join(lines) + "\n"


def history_json(history: History) -> str:
    return json.dumps(history.to_json(), indent=2, ensure_ascii=False) + "\n"
