"""Scripted playthroughs as Whisper heard them: the lines, the stored transcripts, the spoken benchmark."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from speech_signals import speak_as_text

from simulator.training.conversation_roundtrip import (
    SPOKEN_DIR,
    Line,
    drop_stale,
    load_heard,
    playthrough_lines,
    speak_set,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def playthrough_set(folder: Path) -> Path:
    folder.mkdir()
    (folder / "late-pizza.yaml").write_text(
        "good_1:\n  - I'm so sorry your pizza was late.\n  - I'll refund the order now.\n"
        "hostile_1:\n  - Not my problem.\n",
        encoding="utf-8",
    )
    return folder


def test_every_trainee_line_has_a_stable_key(tmp_path: Path) -> None:
    lines = list(playthrough_lines(playthrough_set(tmp_path / "set")))
    assert [x.key for x in lines] == ["late-pizza/good_1/0", "late-pizza/good_1/1", "late-pizza/hostile_1/0"]
    assert list(playthrough_lines(tmp_path / "set", ["cafe-apology"])) == []


def test_a_line_edited_since_it_was_spoken_is_not_found(tmp_path: Path) -> None:
    folder = playthrough_set(tmp_path / "set")
    (folder / SPOKEN_DIR).mkdir()
    doc = {"key": "late-pizza/good_1/0", "typed": "I'm sorry it was late.", "heard": "I'm sorry it was late."}
    (folder / SPOKEN_DIR / "late-pizza.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    heard = load_heard(folder)
    first = next(iter(playthrough_lines(folder)))
    assert (first.key, first.typed) not in heard
    assert heard[("late-pizza/good_1/0", "I'm sorry it was late.")] == "I'm sorry it was late."


def test_stale_transcripts_are_dropped_before_speaking(tmp_path: Path) -> None:
    folder = playthrough_set(tmp_path / "set")
    (folder / SPOKEN_DIR).mkdir()
    fresh = {"key": "late-pizza/hostile_1/0", "typed": "Not my problem.", "heard": "Not my problem."}
    stale = {"key": "late-pizza/good_1/0", "typed": "Sorry it was late.", "heard": "Sorry it was late."}
    path = folder / SPOKEN_DIR / "late-pizza.jsonl"
    path.write_text(json.dumps(stale) + "\n" + json.dumps(fresh) + "\n", encoding="utf-8")
    assert drop_stale(folder, ["cafe-apology"]) == 0  # another scenario's run leaves this file alone
    assert drop_stale(folder) == 1
    assert load_heard(folder) == {("late-pizza/hostile_1/0", "Not my problem."): "Not my problem."}
    assert drop_stale(folder) == 0


def test_a_set_for_an_unknown_scenario_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "no-such-scenario.yaml").write_text("good_1:\n  - Hello.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no shipped scenario named no-such-scenario"):
        speak_set(folder)


def test_each_line_is_heard_as_a_reply_to_what_the_customer_said_in_the_spoken_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import simulator.training.conversation_roundtrip as roundtrip
    from simulator.content_files import load_library
    from simulator.play import new_conversation
    from simulator.scenario.spoken import recognition_vocabulary

    hints = speak_as_text(roundtrip, monkeypatch)
    assert speak_set(playthrough_set(tmp_path / "set")) == 3
    pizza = load_library([ROOT / "scenarios"]).scenarios["late-pizza"]
    conversation = new_conversation(pizza)
    first = recognition_vocabulary(pizza, conversation.start().text)
    reply = conversation.respond("I'm so sorry your pizza was late.")[-1]
    assert reply.speaker == "customer" and reply.text in hints[1]
    assert hints == [first, recognition_vocabulary(pizza, reply.text), first]  # hostile_1: a new conversation


def test_the_spoken_benchmark_says_which_lines_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import eval_conversations

    monkeypatch.setitem(eval_conversations.SETS, "tmp", playthrough_set(tmp_path / "set"))
    assert eval_conversations.main(["--set", "tmp", "--spoken"]) == 2
    err = capsys.readouterr().err
    assert "3 trainee lines of tmp have not been spoken yet (first: late-pizza/good_1/0)" in err
    assert "conversation_roundtrip" in err


def test_every_stored_transcript_matches_its_playthrough_line() -> None:
    """The committed spoken sets are complete and none is stale (a playthrough edited after it was spoken)."""
    folders = sorted(p.parent for p in (ROOT / "tests" / "data").glob(f"*/{SPOKEN_DIR}"))
    assert folders, "no spoken playthrough sets"
    for folder in folders:
        heard = load_heard(folder)
        lines: list[Line] = list(playthrough_lines(folder))
        assert all((x.key, x.typed) in heard for x in lines), folder.name
        assert len(heard) == len(lines), f"{folder.name}: transcripts of lines no longer there"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_a_set_is_spoken_once_and_played_as_heard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import eval_conversations

    folder = playthrough_set(tmp_path / "set")
    assert speak_set(folder) == 3
    heard = load_heard(folder)
    assert "refund" in heard[("late-pizza/good_1/1", "I'll refund the order now.")].lower()
    assert speak_set(folder) == 0  # nothing left to do
    monkeypatch.setitem(eval_conversations.SETS, "tmp", folder)
    assert eval_conversations.main(["--set", "tmp", "--spoken"]) == 0
    assert "hostile trainees failing: 1/1" in capsys.readouterr().out
