"""The scenario's words handed to the speech recognizer as a hint: the name, the offers, the key details."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content_files import load_library
from simulator.scenario.spoken import recognition_vocabulary

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_the_vocabulary_is_the_offers_and_key_details_then_the_name() -> None:
    library = load_library([SCENARIOS])
    craig = library.scenarios["abusive-customer"]
    words = recognition_vocabulary(craig)
    assert words.startswith("supervisor override, temporary sim, credit, ")
    assert words.endswith("direct debit, Craig Dawson.")
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


def test_the_round_trip_can_speak_only_the_utterances_labelled_with_some_moves() -> None:
    from simulator.detect.context import DetectionContext
    from simulator.moves import HARMFUL
    from simulator.training.asr_roundtrip import labelled_with, wanted_moves
    from simulator.training.corpus import Segment, Situation, Utterance

    situation = Situation("s", "cafe", "in_person", "Dana", ("My coffee was cold.",), DetectionContext())

    def said(*labels: str) -> Utterance:
        return Utterance(
            situation, (Segment("text", frozenset(labels), ()), Segment("more", frozenset(), ())), "train"
        )

    typed = {"a": said("apology"), "b": said("blame"), "c": said(), "d": said("rude", "restate")}
    assert wanted_moves("harmful") == frozenset(HARMFUL)
    assert wanted_moves(" apology, rude ") == {"apology", "rude"} and wanted_moves("") == frozenset()
    with pytest.raises(ValueError, match="unknown moves: blam"):
        wanted_moves("blam,rude")
    assert list(labelled_with(typed, wanted_moves("harmful"))) == ["b", "d"]
    assert labelled_with(typed, frozenset()) is typed


def test_a_long_vocabulary_keeps_the_name_and_fits_the_recognizers_cap() -> None:
    from simulator.detect.context import OfferPhrases
    from simulator.scenario.spoken import HINT_CHARS, vocabulary_of
    from simulator.speech.whisper import VOCABULARY_CHARS

    offers = [OfferPhrases(f"o{k}", (f"complimentary servicing plan number {k}",)) for k in range(30)]
    hint = vocabulary_of("Mrs Okonkwo-Ballantyne", offers, ())
    assert hint.startswith("complimentary servicing plan number 0, ")
    assert hint.endswith(", Mrs Okonkwo-Ballantyne.")
    assert len(hint) <= HINT_CHARS < VOCABULARY_CHARS
    assert vocabulary_of("", (), ()) == ""
    assert vocabulary_of("Dana", (), ()) == "Dana."
