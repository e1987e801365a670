"""Synthetic trainees and explore: banks validated, generation seeded, distributions deterministic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from simulator.authoring.explore import explore, kinds_for, percentile, scenario_lines, summary
from simulator.authoring.trainees import KINDS, load_banks, make_trainee, parse_banks
from simulator.engine.customer import initial_state
from simulator.moves import TEXT_MOVES
from simulator.scenario.model import Scenario

BANKS = Path(__file__).resolve().parents[1] / "simulator" / "data" / "trainee_banks.yaml"


def test_packaged_banks_cover_every_text_move() -> None:
    banks = load_banks()
    assert set(banks.moves) == set(TEXT_MOVES)
    assert all(len(p) >= 2 for p in banks.moves.values())


def test_bank_errors_are_located() -> None:
    text = BANKS.read_text(encoding="utf-8")
    text = text.replace('    - "So if I\'ve got this right: {detail}."', '    - "So: {topic}."')
    text = text.replace("  sarcasm:\n", "  sarcastic:\n")
    banks, errors = parse_banks("b.yaml", text.encode())
    assert banks is None
    lines = text.splitlines()
    topic = next(i for i, line in enumerate(lines, 1) if "So: {topic}" in line)
    wrong = next(i for i, line in enumerate(lines, 1) if line == "  sarcastic:")
    assert [str(e) for e in errors] == [
        f"b.yaml:{lines.index('moves:') + 2}:3: moves.sarcasm: is missing (every text move needs phrasings)",
        f"b.yaml:{topic}:7: moves.restate[0]: placeholder {{topic}} is not allowed here (only {{detail}})",
        f"b.yaml:{wrong}:3: moves.sarcastic: unknown move",
    ]


def test_trainees_are_seeded_and_use_scenario_data(late_pizza: Scenario) -> None:
    banks = load_banks()
    state = initial_state(late_pizza)
    for kind in KINDS:
        a = make_trainee(kind, late_pizza, banks, 7).next(state)
        b = make_trainee(kind, late_pizza, banks, 7).next(state)
        assert a == b and a.text
    first = make_trainee("model", late_pizza, banks, 1).next(state)
    assert [m.move for m in first.intended][-3:] == ["apology", "acknowledge", "restate"]
    phrases = {p for k in late_pizza.key_details for p in k.phrases}
    assert any(p in first.text for p in phrases)
    for move in first.intended:
        assert first.text[move.start : move.end] == move.evidence


def test_kinds_in_proportion() -> None:
    import random

    kinds = kinds_for(500, random.Random(0))
    assert (kinds.count("model"), kinds.count("mediocre"), kinds.count("hostile")) == (200, 200, 100)
    assert len(kinds_for(7, random.Random(0))) == 7


def test_percentile() -> None:
    values = list(range(1, 11))
    assert (percentile(values, 10), percentile(values, 50), percentile(values, 90)) == (1, 5, 9)


def test_explore_with_oracle_is_deterministic_and_complete(late_pizza: Scenario) -> None:
    first = summary(explore(late_pizza, 120, seed=5, oracle=True), late_pizza)
    again = summary(explore(late_pizza, 120, seed=5, oracle=True), late_pizza)
    other = summary(explore(late_pizza, 120, seed=6, oracle=True), late_pizza)
    assert first == again and first != other
    assert first["model_success_share"] == 1.0
    assert first["kinds"]["hostile"]["success_share"] == 0.0
    assert set(first["kinds"]["model"]["score"]) == {"median", "p10", "p90"}
    never = {u["where"] for u in first["unreached_lines"]}
    assert never <= {r.where for r in scenario_lines(late_pizza)}
    assert "lines.opening[0]" not in never and "lines.endings.resolved[0]" not in never


def test_explore_with_a_detector_memoises(late_pizza: Scenario, fake_detect: Callable[[str], tuple]) -> None:  # type: ignore[type-arg]
    seen: list[str] = []

    def counting(text: str) -> tuple:  # type: ignore[type-arg]
        seen.append(text)
        return fake_detect(text)  # type: ignore[no-any-return]

    report = explore(late_pizza, 100, seed=1, detect=counting)
    assert len(report.runs) == 100
    assert len(seen) == len(set(seen))  # each sentence detected once


def test_dead_end_when_nothing_meets_a_need(late_pizza: Scenario) -> None:
    from dataclasses import replace

    stuck = replace(late_pizza, offers=tuple(o for o in late_pizza.offers if o.id != "refund"))
    report = explore(stuck, 60, seed=0, oracle=True)
    assert "required need 'restitution' was never met in any run" in report.dead_ends
    assert report.success_share(stuck.success_outcomes) == 0.0
