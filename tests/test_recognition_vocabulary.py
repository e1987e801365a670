"""The scenario's words handed to the speech recognizer as a hint: the name, the offers, the key details."""

from __future__ import annotations

from pathlib import Path

from simulator.content_files import load_library
from simulator.scenario.spoken import recognition_vocabulary

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_the_vocabulary_is_the_name_then_the_offers_and_key_details() -> None:
    library = load_library([SCENARIOS])
    craig = library.scenarios["abusive-customer"]
    words = recognition_vocabulary(craig)
    assert words.startswith("Craig Dawson, supervisor override, temporary sim, credit, ")
    assert words.endswith("direct debit.")
    for scenario in library.scenarios.values():  # every shipped scenario fits well inside Whisper's prompt
        hint = recognition_vocabulary(scenario)
        assert scenario.customer.name in hint and len(hint) < 300


def test_the_spoken_benchmark_hears_with_the_same_hint_as_the_game() -> None:
    from simulator.detect.context import DetectionContext
    from simulator.training.asr_roundtrip import context_vocabulary

    for scenario in load_library([SCENARIOS]).scenarios.values():
        game = recognition_vocabulary(scenario)
        assert context_vocabulary(DetectionContext.for_scenario(scenario)) == game
    assert context_vocabulary(DetectionContext()) == ""  # no name, no hint
