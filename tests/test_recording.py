"""Conversations reach the results store: per turn, before the debrief, and after a kill."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, keyword_detect
from test_cli import MODEL, hotseat

from simulator.engine.conversation import Conversation
from simulator.recording import SessionRecorder
from simulator.store import open_store


def test_run_stores_a_complete_session_with_turns(tmp_path: Path) -> None:
    args = ["run", "--scenario", "late-pizza", "--json", "--trainee", "Ana"]
    for text in MODEL:
        args += ["--say", text]
    proc = hotseat(*args, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    store = open_store(None, tmp_path)
    record = store.get_session(out["session_id"])
    assert record.complete and record.trainee == "Ana" and record.outcome == out["outcome"]
    assert record.scores == out["scores"] and record.scenario_id == "late-pizza"
    assert [t.text for t in record.turns] == [t["text"] for t in out["turns"]]
    assert record.turns[1].moves and record.turns[1].transcript_source == "scripted"
    history = hotseat("history", "--trainee", "Ana", "--json", data_dir=tmp_path)
    assert history.returncode == 0, history.stderr
    assert json.loads(history.stdout)["attempts"]


def test_no_save_stores_nothing(tmp_path: Path) -> None:
    proc = hotseat(
        "run", "--scenario", "late-pizza", "--json", "--no-save", "--say", MODEL[0], data_dir=tmp_path
    )
    assert "session_id" not in json.loads(proc.stdout)
    assert open_store(None, tmp_path).sessions() == []


def test_session_is_finished_before_the_debrief_is_shown(late_pizza, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(None, tmp_path)
    conversation = Conversation(late_pizza, keyword_detect)
    recorder = SessionRecorder(store, "Bo")
    conversation.start()
    recorder.sync(conversation)
    conversation.respond("I'm so sorry Dana, I understand how frustrating this is.")
    recorder.sync(conversation)
    assert len(store.get_session(recorder.session_id or "").turns) == 3
    conversation.respond("I'll refund it and call you tomorrow.")
    session_id = recorder.finish(conversation, conversation.result())
    record = store.get_session(session_id or "")
    assert record.complete and record.outcome == "resolved" and len(record.turns) == 5
    assert "question" in record.missed_moves


def test_practice_quit_keeps_an_incomplete_session(tmp_path: Path) -> None:
    proc = hotseat("practice", "--scenario", "late-pizza", "--trainee", "Cy", stdin=f"{MODEL[0]}\n/quit\n",
                   data_dir=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (record,) = open_store(None, tmp_path).sessions(trainee="Cy", with_turns=True)
    assert not record.complete and len(record.turns) == 3


def test_killed_mid_conversation_leaves_the_turns_so_far(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path), "practice",
         "--scenario", "late-pizza", "--trainee", "Di"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(MODEL[0] + "\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    turns = 0
    while time.monotonic() < deadline and turns < 3:
        time.sleep(0.2)
        sessions = open_store(None, tmp_path).sessions(trainee="Di", with_turns=True)
        turns = len(sessions[0].turns) if sessions else 0
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    (record,) = open_store(None, tmp_path).sessions(trainee="Di", with_turns=True)
    assert not record.complete and len(record.turns) == 3
    assert record.turns[1].text == MODEL[0]


def test_unusable_database_warns_and_keeps_results_for_later(tmp_path: Path) -> None:
    bad = tmp_path / "corrupt.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    proc = hotseat("--db", str(bad), "run", "--scenario", "late-pizza", "--json", "--trainee", "Ed",
                   "--say", MODEL[0], data_dir=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "hotseat: warning: results not saved to the database" in proc.stderr
    assert "Traceback" not in proc.stderr
    recovery = list(tmp_path.glob("recovery*.jsonl"))
    assert recovery and "Ed" in recovery[0].read_text(encoding="utf-8")
