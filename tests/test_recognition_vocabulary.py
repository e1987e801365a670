"""The words handed to the speech recognizer as a hint: the offers, key details and name, then the customer's
latest words."""

from __future__ import annotations

from pathlib import Path

import pytest
from speech_signals import speak_as_text

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


def test_the_customers_latest_words_end_the_hint_and_offers_make_room_for_them() -> None:
    from simulator.scenario.spoken import HINT_CHARS, SAID_CHARS, said_tail

    craig = load_library([SCENARIOS]).scenarios["abusive-customer"]
    line = " ".join(["You've cut me off AGAIN. Third time this month!"] * 4)
    hint = recognition_vocabulary(craig, line)
    tail = said_tail(line)
    assert hint.endswith(", Craig Dawson. " + tail) and hint.startswith("supervisor override, ")
    assert len(tail) <= SAID_CHARS < len(line) and line.endswith(" " + tail)  # the end, from a whole word
    from simulator.detect.context import OfferPhrases
    from simulator.scenario.spoken import vocabulary_of

    offers = [OfferPhrases(f"o{k}", (f"complimentary servicing plan number {k}",)) for k in range(9)]
    roomy, tight = vocabulary_of("Dana", offers, ()), vocabulary_of("Dana", offers, (), line)
    assert len(roomy) + 1 + len(tail) > HINT_CHARS >= len(tight) and tight.endswith("Dana. " + tail)
    assert roomy.startswith(tight.split(", Dana.")[0])  # the last offers gave way, the name stayed
    assert said_tail("  Short,\n line.  ") == "Short, line."
    assert recognition_vocabulary(craig, "") == recognition_vocabulary(craig)


def test_the_spoken_benchmark_hears_with_the_same_hint_as_the_game() -> None:
    from simulator.detect.context import DetectionContext
    from simulator.training.asr_roundtrip import context_vocabulary

    for scenario in load_library([SCENARIOS]).scenarios.values():
        said = scenario.lines.opening[0]
        game = recognition_vocabulary(scenario, said)
        assert context_vocabulary(DetectionContext.for_scenario(scenario), said) == game
    assert context_vocabulary(DetectionContext()) == ""  # no name and no customer words: no hint
    assert context_vocabulary(DetectionContext(), "It's cold.") == "It's cold."


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


CORPUS = """industry: {industry}
split: dev
situations:
  - id: cold-coffee
    register: in_person
    customer_name: Dana Hill
    customer:
      - "My coffee was stone cold."
    offers:
      - {{id: remake, kind: solution, text: make a fresh one}}
    replies:
      - - [apology, "Sorry about that."]
      - - [offer_solution:remake, "I'll make you a fresh one."]
"""


def test_a_redo_decodes_the_same_utterances_again_with_the_customers_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--redo` replaces the transcripts of exactly the utterances already done; `--part` shares the files."""
    import json

    import simulator.training.asr_roundtrip as roundtrip

    (tmp_path / "dev").mkdir()
    for name in ("cafe", "bakery"):
        (tmp_path / "dev" / f"{name}.yaml").write_text(CORPUS.format(industry=name), encoding="utf-8")
    asr_dir = tmp_path / "asr" / "dev"
    asr_dir.mkdir(parents=True)
    for name in (
        "cafe",
        "bakery",
    ):  # only the first reply of each was decoded before; the bakery's by segments
        old = {"key": f"{name}/cold-coffee/0", "voice": "en-us/male/165", "hint": True, "text": "old"}
        if name == "bakery":
            old["segments"] = [old.pop("text")]
        (asr_dir / f"{name}.jsonl").write_text(json.dumps(old) + "\n", encoding="utf-8")
    hints = speak_as_text(roundtrip, monkeypatch)
    roundtrip.round_trip(tmp_path, "dev", whole=True, redo=True, part=(1, 2))  # bakery only: not done yet
    assert (asr_dir / "cafe.jsonl").read_text(encoding="utf-8").count('"old"') == 1
    assert hints == ["make a fresh one, Dana Hill. My coffee was stone cold."]
    roundtrip.round_trip(tmp_path, "dev", whole=True, redo=True, part=(2, 2))  # cafe: every one done, swapped
    assert not (tmp_path / "asr" / "dev.redo").exists()
    for name, form, heard in (
        ("cafe", "text", "Sorry about that."),
        ("bakery", "segments", ["Sorry about that."]),
    ):
        lines = [json.loads(x) for x in (asr_dir / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [(x["key"], x[form]) for x in lines] == [(f"{name}/cold-coffee/0", heard)]  # spoken as before
        assert lines[0]["customer_words"] is True


@pytest.mark.parametrize("part", ["x", "3/2", "0/1", "1/"])
def test_a_bad_share_of_the_round_trip_is_one_clear_message(
    part: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.training.asr_roundtrip import main

    with pytest.raises(SystemExit) as exit_:
        main(["dev", "--part", part])
    assert exit_.value.code == 2
    assert f"--part {part}: expected K/N with 1 <= K <= N, e.g. 1/2" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [["--only", "apology"], ["--every", "4"]])
def test_a_redo_of_only_some_utterances_is_refused_before_it_could_drop_the_others(
    extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.training.asr_roundtrip import REDO_ALONE, main

    with pytest.raises(SystemExit):
        main(["dev", "--redo", *extra])
    assert REDO_ALONE in capsys.readouterr().err
