"""Whole dev conversations as Whisper heard them (espeak-ng round trips): good trainees pass, hostile fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from playthroughs import describe_played, library, play, scenario_ids

from simulator.training.conversation_roundtrip import load_heard, playthrough_lines

DATA = Path(__file__).resolve().parent / "data"
# Dev sets in which every good trainee passes and every hostile one fails as heard (round 26); the other
# spoken sets lose a good trainee or two to lines Whisper garbled (benchmarks/eval_conversations.py --spoken).
SPOKEN_SETS = ("playthroughs_holdout25", "playthroughs_holdout28")


@pytest.mark.parametrize("folder", SPOKEN_SETS)
@pytest.mark.parametrize("scenario_id", scenario_ids())
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
