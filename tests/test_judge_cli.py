"""The real judge through the CLI, in-process: `analyze --why` explains, the JSON contract holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playthroughs import library

from simulator.cli.main import main
from simulator.play import detector_for, judge_notice


def analyze(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["analyze", *args]) == 0
    return capsys.readouterr().out


def test_the_full_judge_is_loaded() -> None:
    assert judge_notice() == ""


def test_why_shows_windows_candidates_and_stages_and_polite_blame_is_blame(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = analyze(
        capsys, "--why", "--scenario", "late-pizza", "I'm sorry, but you should have checked the time."
    )
    assert "windows (clauses, then the whole answer):" in out
    assert "heads:" in out and "head score" in out
    assert "heads: blame, defensive, dismissive, refusal, rude, sarcasm score the mean of" in out  # round 37
    assert "by rule harmful.yaml:" in out  # the rule behind the blame, located in its pack
    final = out.strip().splitlines()[-1]
    assert final.startswith("moves: ") and "blame" in final and "apology" not in final


def test_why_names_the_phrase_pack_line_behind_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    out = analyze(capsys, "--why", "Thank you for telling us about this.")
    assert "by rule " in out and ".yaml:" in out


def test_analyze_json_contract_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(
        analyze(capsys, "--scenario", "late-pizza", "I'm so sorry your pizza came an hour late.")
    )
    assert set(doc) == {"moves"}
    assert {m["move"] for m in doc["moves"]} >= {"apology"}
    assert all(set(m) == {"move", "evidence"} for m in doc["moves"])


@pytest.mark.parametrize(
    ("scenario", "text", "move"),
    [
        ("late-pizza", "How long ago did you place the order?", "question"),
        ("late-pizza", "That must have been so frustrating, waiting all evening.", "acknowledge"),
        (
            "late-pizza",
            "I'm not going to tell you to calm down, you've every right to be upset.",
            "acknowledge",
        ),
        ("broken-printer", "i get it but you were told to install the driver first", "blame"),
    ],
)
def test_paraphrases_from_the_issue_are_judged(scenario: str, text: str, move: str) -> None:
    detect = detector_for(library().scenarios[scenario])
    assert move in {m.move for m in detect(text)}


def test_a_fact_question_is_not_a_restatement() -> None:
    detect = detector_for(library().scenarios["broken-printer"])
    moves = {m.move for m in detect("How long has the light been blinking?")}
    assert "question" in moves and "restate" not in moves


def test_negated_harm_is_not_harm() -> None:
    detect = detector_for(library().scenarios["late-pizza"])
    for text in ("You didn't do anything wrong.", "I'm not going to tell you to calm down."):
        assert not {m.move for m in detect(text)} & {"blame", "dismissive"}, text


@pytest.mark.xfail(
    strict=True,
    reason="known gaps (round 30): the brush-off rule 'it happen(s)' also matches 'does it happen …?'; "
    "the blame rule 'are you (sure|certain) (you|that|it|the|…)' also matches checking the customer's "
    "choice, and misses 'your', 'they', 'he' and 'she'. The rules and blocks for them are written, but "
    "need a retrain, and round 30's retrain with them was not kept (its tuning lost calm excuses)",
)
@pytest.mark.parametrize(
    ("scenario", "text", "heard", "not_heard"),
    [
        ("broken-printer", "Does it happen every time you plug it in?", "question", "dismissive"),
        ("bank-double-charge", "Are you sure you're happy to wait till Monday for it?", "", "blame"),
        ("bank-double-charge", "Are you sure your landlord didn't take it twice?", "blame", ""),
    ],
)
def test_doubting_the_customer_is_blame_but_asking_about_the_fault_or_their_choice_is_not(
    scenario: str, text: str, heard: str, not_heard: str
) -> None:
    moves = {m.move for m in detector_for(library().scenarios[scenario])(text)}
    assert (not heard or heard in moves) and not_heard not in moves, moves


def test_a_rule_is_located_on_its_own_line_under_its_own_move(tmp_path: Path) -> None:
    from simulator.cli.why import _rule_location

    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "moves:\n"
        "  reassure:\n"
        "    patterns:\n"
        '      - "{i} will do (everything|whatever) i can"\n'  # contains the words, is not the rule
        '      - "whatever"\n'
        "  dismissive:\n"
        "    patterns:\n"
        '      - "whatever"\n',
        encoding="utf-8",
    )
    assert _rule_location("whatever", "dismissive", [pack]) == "pack.yaml:8"
    assert _rule_location("whatever", "reassure", [pack]) == "pack.yaml:5"
    assert _rule_location("whatever", "sarcasm", [pack]) == "pack.yaml:5"  # another move's same words
    assert _rule_location("not in any pack", "dismissive", [pack]) == "scenario phrase"


def test_why_locates_the_real_pattern_not_a_longer_one_containing_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = analyze(capsys, "--why", "Whatever. It is what it is.")
    line = next(x for x in out.splitlines() if "dismissive" in x and "by rule" in x)
    assert "harmful.yaml:" in line and "'whatever'" in line


@pytest.mark.xfail(
    strict=True,
    reason="known gap (round 27): the question head scores a guess about what happened low (0.2-0.5) and the "
    "answer stage drops the rule's question; the corpus holds 12 such questions in 48,000 utterances, and "
    "round 27's trial retrain with its r27 data (corpus/dev/r27-*) did not close it: it needs data asked for",
)
@pytest.mark.parametrize(
    ("scenario", "text"),
    [
        ("lost-parcel", "Do you think a neighbour might have taken it in?"),
        ("broken-printer", "Do you think it might be the cartridge?"),
    ],
)
def test_a_question_that_asks_the_customer_to_guess_a_cause_is_a_question(scenario: str, text: str) -> None:
    detect = detector_for(library().scenarios[scenario])
    assert "question" in {m.move for m in detect(text)}


@pytest.mark.xfail(
    strict=True,
    reason="known gap (round 27): the calm-excuse rule '(are|is) really overwhelmed' ('we're swamped') "
    "does not check whose state it is; the block for 'you are … overwhelmed' needs a retrain, and round 27's "
    "retrain with it read a good trainee's owned fault as sarcasm, so it was not kept",
)
def test_saying_the_customer_is_overwhelmed_is_not_an_excuse() -> None:
    detect = detector_for(library().scenarios["late-pizza"])
    assert "defensive" not in {m.move for m in detect("It sounds like you're really overwhelmed.")}
