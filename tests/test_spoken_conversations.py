"""Whole dev conversations as Whisper heard them (espeak-ng round trips): good trainees pass, hostile fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from playthroughs import describe_played, library, play, scenario_ids

from simulator.training.conversation_roundtrip import load_heard, playthrough_lines

DATA = Path(__file__).resolve().parent / "data"
# Dev sets in which every good trainee passes and every hostile one fails as heard, as decoded in round 28
# (Whisper primed with the customer's latest line); the other spoken sets lose a good trainee or a few to
# lines Whisper garbled (benchmarks/eval_conversations.py --spoken). Round 28's decode cost holdout28 two
# good trainees (they passed as decoded in round 26); round 32's heads won cafe-apology's good_3 back, and
# round 33's three-seed heads delayed-flight's good_3 ("Anybody checked in?" is no longer heard as doubt).
KNOWN_LOSSES: dict[str, str] = {}
SPOKEN_SETS = ("playthroughs_holdout25", "playthroughs_holdout26", "playthroughs_holdout28")


def _cases() -> list[object]:
    return [
        pytest.param(
            folder,
            scenario_id,
            marks=pytest.mark.xfail(reason=KNOWN_LOSSES[f"{folder}/{scenario_id}"], strict=True),
        )
        if f"{folder}/{scenario_id}" in KNOWN_LOSSES
        else pytest.param(folder, scenario_id)
        for folder in SPOKEN_SETS
        for scenario_id in scenario_ids()
    ]


@pytest.mark.parametrize(("folder", "scenario_id"), _cases())
def test_good_trainees_pass_and_hostile_ones_fail_as_heard(folder: str, scenario_id: str) -> None:
    heard = load_heard(DATA / folder)
    spoken: dict[str, list[str]] = {}
    for line in playthrough_lines(DATA / folder, [scenario_id]):
        spoken.setdefault(line.who, []).append(heard[(line.key, line.typed)])
    scenario = library().scenarios[scenario_id]
    played = {who: play(scenario, tuple(lines)) for who, lines in spoken.items()}
    for who, (result, _) in played.items():
        if who.startswith("good"):
            assert result.passed, describe_played(played, who)
        if who.startswith("hostile"):
            assert not result.passed, describe_played(played, who)
