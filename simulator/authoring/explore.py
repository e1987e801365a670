"""Automatic playthroughs with synthetic trainees: outcomes, scores, unreached lines and dead ends."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from simulator.authoring.trainees import KINDS, Banks, Utterance, load_banks, make_trainee
from simulator.engine.conversation import Conversation, Turn
from simulator.moves import Move
from simulator.scenario.model import Scenario

Detect = Callable[[str], tuple[Move, ...]]
MIX: Final = {"model": 0.4, "mediocre": 0.4, "hostile": 0.2}
_SCENARIO_LINE: Final = re.compile(r"^scenario line for '([a-z_]+)' at anger band '([a-z]+)'")
_ENDING: Final = re.compile(r"^the conversation ended: ([a-z_]+)")


@dataclass(frozen=True, slots=True)
class LineRef:
    """One customer line written in the scenario, with where it lives in the file."""

    where: str  # e.g. lines.reactions.apology.upset[0]
    key: str  # opening, a reaction key, or ending:<outcome>
    band: str
    text: str


@dataclass(frozen=True, slots=True)
class Run:
    kind: str
    seed: int
    outcome: str
    overall: int
    turns: int
    unmet_required: frozenset[str]
    min_anger: int
    final_anger: int


@dataclass
class Exploration:
    scenario_id: str
    runs: list[Run] = field(default_factory=list)
    unreached: list[LineRef] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    detector: str = "real"

    def kinds(self) -> list[str]:
        return [k for k in KINDS if any(r.kind == k for r in self.runs)]

    def of(self, kind: str) -> list[Run]:
        return [r for r in self.runs if r.kind == kind]

    def success_share(self, success: tuple[str, ...], kind: str = "model") -> float:
        runs = self.of(kind)
        return sum(r.outcome in success for r in runs) / len(runs) if runs else 0.0


def percentile(values: list[int], p: float) -> int:
    """Nearest-rank percentile (0-100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def scenario_lines(scenario: Scenario) -> list[LineRef]:
    """Every line the scenario writes for the customer."""
    out = [LineRef(f"lines.opening[{i}]", "opening", "", t) for i, t in enumerate(scenario.lines.opening)]
    for key, bands in scenario.lines.reactions.items():
        for band, lines in bands.items():
            where = f"lines.reactions.{key}.{band}"
            out += [LineRef(f"{where}[{i}]", key, band, t) for i, t in enumerate(lines)]
    for outcome, lines in scenario.lines.endings.items():
        where = f"lines.endings.{outcome}"
        out += [LineRef(f"{where}[{i}]", f"ending:{outcome}", "", t) for i, t in enumerate(lines)]
    return out


def reached_lines(turns: list[Turn], lines: list[LineRef]) -> set[LineRef]:
    """The scenario lines these customer turns actually spoke (by line_reason and text)."""
    reached: set[LineRef] = set()
    for turn in turns:
        if turn.speaker != "customer":
            continue
        if turn.plan is not None:
            for part in turn.plan.parts:
                if part.kind == "opening":
                    reached.update(r for r in lines if r.key == "opening" and r.text == part.text)
                elif part.kind == "ending":
                    reached.update(r for r in lines if r.key == f"ending:{part.key}" and r.text == part.text)
                elif part.source == "scenario":
                    reached.update(r for r in lines if r.key == part.key and r.band == part.band
                                   and r.text == part.text)  # fmt: skip
            continue
        if turn.reaction_key == "opening":
            reached.update(r for r in lines if r.key == "opening" and r.text == turn.text)
        elif m := _SCENARIO_LINE.match(turn.line_reason):
            key, band = m.groups()
            reached.update(
                r for r in lines if r.key == key and r.band == band and turn.text.startswith(r.text)
            )
        elif m := _ENDING.match(turn.line_reason):
            key = f"ending:{m.group(1)}"
            reached.update(r for r in lines if r.key == key and r.text in turn.text)
    return reached


def memo_detector(detect: Detect) -> Detect:
    """Detection memoised per utterance (synthetic trainees repeat themselves a lot)."""
    cache: dict[str, tuple[Move, ...]] = {}

    def cached(text: str) -> tuple[Move, ...]:
        found = cache.get(text)
        if found is None:
            found = cache[text] = detect(text)
        return found

    return cached


def sentence_detector(detect: Detect, said: Mapping[str, Utterance]) -> Detect:
    """Detection per synthetic sentence, memoised, with offsets shifted into the whole answer.

    Trainee answers are a few bank sentences joined, so a few hundred sentences cover thousands of
    answers; the detector works within sentences, so this matches whole-answer detection closely
    (`exact=True` in `explore` detects whole answers instead).
    """
    cached = memo_detector(detect)

    def by_sentence(text: str) -> tuple[Move, ...]:
        utterance = said.get(text)
        if utterance is None:
            return cached(text)
        found: list[Move] = []
        for planned in utterance.intended:
            shift = planned.start
            for m in cached(planned.evidence):
                moved = Move(m.move, m.evidence, m.start + shift, m.end + shift, m.detail)
                if all(f.move != m.move or f.detail != m.detail for f in found):
                    found.append(moved)
        return tuple(found)

    return by_sentence


def oracle_detector(said: Mapping[str, Utterance]) -> Detect:
    """A perfect detector for synthetic answers: the moves each answer was built from."""

    def detect(text: str) -> tuple[Move, ...]:
        utterance = said.get(text)
        return utterance.intended if utterance else ()

    return detect


def kinds_for(runs: int, rng: random.Random, mix: Mapping[str, float] = MIX) -> list[str]:
    """Trainee kinds for `runs` runs in proportion to `mix`, shuffled deterministically."""
    counts = {k: int(runs * share) for k, share in mix.items()}
    for kind in list(mix)[: runs - sum(counts.values())]:
        counts[kind] += 1
    kinds = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(kinds)
    return kinds


def play_one(
    conversation: Conversation, kind: str, banks: Banks, seed: int, said: dict[str, Utterance]
) -> Run:
    """One playthrough to the end with one synthetic trainee."""
    scenario = conversation.scenario
    trainee = make_trainee(kind, scenario, banks, seed)
    conversation.start()
    low = conversation.anger
    while not conversation.finished:
        utterance = trainee.next(conversation.state)
        said.setdefault(utterance.text, utterance)
        conversation.respond(utterance.text, source="scripted")
        low = min(low, conversation.anger)
    result = conversation.result()
    required = {n.id for n in scenario.needs if n.required}
    return Run(
        kind,
        seed,
        result.outcome,
        result.scores.overall,
        len(conversation.trainee_turns),
        frozenset(required - conversation.state.met_needs),
        low,
        conversation.anger,
    )


def explore(
    scenario: Scenario,
    runs: int = 500,
    seed: int = 0,
    detect: Detect | None = None,
    banks: Banks | None = None,
    oracle: bool = False,
    exact: bool = False,
) -> Exploration:
    """Play `runs` conversations with model, mediocre and hostile trainees; deterministic per seed.

    Detection is the real detector per sentence (memoised); `exact` detects whole answers (slower),
    `oracle` uses the moves each answer was built from (tests the design, not the detector).
    """
    banks = banks or load_banks()
    said: dict[str, Utterance] = {}
    if oracle:
        detect, mode = oracle_detector(said), "oracle"
    else:
        if detect is None:
            from simulator.play import detector_for  # the detector is built on first use only

            detect = detector_for(scenario)
        mode = "real, whole answers" if exact else "real, per sentence"
        detect = memo_detector(detect) if exact else sentence_detector(detect, said)
    rng = random.Random(seed)
    lines = scenario_lines(scenario)
    reached: set[LineRef] = set()
    report = Exploration(scenario.id, detector=mode)
    for kind in kinds_for(runs, rng):
        run_seed = rng.randrange(2**31)
        conversation = Conversation(scenario, detect, seed=run_seed)
        report.runs.append(play_one(conversation, kind, banks, run_seed, said))
        reached |= reached_lines(conversation.turns, lines)
    report.unreached = [r for r in lines if r not in reached]
    report.dead_ends = dead_ends(scenario, report.runs)
    return report


def dead_ends(scenario: Scenario, runs: list[Run]) -> list[str]:
    """Where no trainee kind gets through: needs nobody meets, anger nobody brings down, stuck runs."""
    out: list[str] = []
    if not runs:
        return out
    never_met = set.intersection(*(set(r.unmet_required) for r in runs))
    for need in sorted(never_met):
        out.append(f"required need '{need}' was never met in any run")
    calm_enough = [r for r in runs if not r.unmet_required]
    if calm_enough and all(r.min_anger > scenario.accept_anger for r in calm_enough):
        low = min(r.min_anger for r in calm_enough)
        out.append(
            f"anger never came down to accept_anger ({scenario.accept_anger}) once needs were met; "
            f"the lowest was {low}"
        )
    stuck = Counter(r.kind for r in runs if r.outcome == "unresolved" and r.turns >= scenario.max_turns)
    kinds = Counter(r.kind for r in runs)
    if stuck and all(stuck[k] for k in kinds):
        shares = ", ".join(f"{k} {100 * stuck[k] / kinds[k]:.0f}%" for k in kinds)
        out.append(f"every trainee kind gets stuck until max_turns ({scenario.max_turns}) at times: {shares}")
    return out


def summary(report: Exploration, scenario: Scenario) -> dict[str, Any]:
    """The exploration as plain data (the --json output)."""
    kinds: dict[str, Any] = {}
    for kind in report.kinds():
        runs = report.of(kind)
        scores = [r.overall for r in runs]
        kinds[kind] = {
            "runs": len(runs),
            "outcomes": dict(sorted(Counter(r.outcome for r in runs).items())),
            "score": {
                "median": percentile(scores, 50),
                "p10": percentile(scores, 10),
                "p90": percentile(scores, 90),
            },
            "success_share": round(report.success_share(scenario.success_outcomes, kind), 3),
        }
    return {
        "scenario": report.scenario_id,
        "runs": len(report.runs),
        "detector": report.detector,
        "kinds": kinds,
        "model_success_share": round(report.success_share(scenario.success_outcomes), 3),
        "unreached_lines": [{"where": r.where, "text": r.text} for r in report.unreached],
        "dead_ends": report.dead_ends,
    }


def render(report: Exploration, scenario: Scenario, positions: Mapping[str, tuple[int, int]]) -> str:
    """The exploration as text for the terminal."""
    data = summary(report, scenario)
    out = [f"{scenario.id}: {data['runs']} playthroughs ({report.detector} detector)", ""]
    out.append(f"  {'trainee':<9} {'runs':>4}  {'median':>6} {'p10':>4} {'p90':>4}  outcomes")
    for kind, k in data["kinds"].items():
        outcomes = ", ".join(f"{o} {100 * n / k['runs']:.0f}%" for o, n in k["outcomes"].items())
        s = k["score"]
        out.append(f"  {kind:<9} {k['runs']:>4}  {s['median']:>6} {s['p10']:>4} {s['p90']:>4}  {outcomes}")
    share = data["model_success_share"]
    out += [
        "",
        f"Model trainees reaching success ({', '.join(scenario.success_outcomes)}): {100 * share:.0f}%",
    ]
    if report.unreached:
        out += ["", f"Customer lines never reached ({len(report.unreached)}):"]
        for ref in report.unreached:
            line, col = _position(ref.where, positions)
            out.append(f'  {scenario.source_path}:{line}:{col}: {ref.where}: "{_short(ref.text)}"')
    else:
        out += ["", "Every customer line was reached."]
    out += ["", "Dead ends:" if report.dead_ends else "No dead ends found."]
    out += [f"  - {d}" for d in report.dead_ends]
    return "\n".join(out)


def _position(where: str, positions: Mapping[str, tuple[int, int]]) -> tuple[int, int]:
    while where:
        if where in positions:
            return positions[where]
        where = where.rsplit("[", 1)[0] if where.endswith("]") else where.rpartition(".")[0]
    return (1, 1)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
