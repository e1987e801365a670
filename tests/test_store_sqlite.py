"""Results store on a real SQLite file: round trip, migration, crash, concurrency, failures."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import unprivileged

from simulator.store import MoveRecord, SessionRecord, StoreError, TurnRecord, open_store
from simulator.store.errors import UnknownRecord
from simulator.store.samples import sample_session
from simulator.store.schema import LATEST_VERSION

ROOT = Path(__file__).resolve().parents[1]
SCORES = {"listening": 70, "empathy": 80, "resolution": 60, "overall": 70}


def new_record(trainee: str = "Ann") -> SessionRecord:
    return SessionRecord(None, trainee, "late-pizza", 2, "Late pizza", "2024-05-01T10:00:00+00:00")


def turn(i: int) -> TurnRecord:
    if i % 2 == 0:
        return TurnRecord(i, "customer", f"Customer line {i}", (), 80 - i, "scripted")
    return TurnRecord(i, "trainee", f"I'm sorry, line {i}", (MoveRecord("apology", "I'm sorry"),),
                      80 - i, "typed")  # fmt: skip


def test_round_trip(tmp_path: Path) -> None:
    store = open_store(None, tmp_path)
    assert store.available and store.problem is None
    rec = sample_session(random.Random(1), "Zoë <script>")
    sid = store.begin_session(rec)
    assert len(sid) == 32
    stored = store.get_session(sid)
    assert stored == SessionRecord.from_json(rec.to_json() | {"session_id": sid})
    assert SessionRecord.from_json(json.loads(json.dumps(stored.to_json()))) == stored
    assert store.trainees() == ["Zoë <script>"]
    store.close()
    assert (tmp_path / "results.sqlite3").exists()


def test_lifecycle_finish_abandon_and_observe(tmp_path: Path) -> None:
    store = open_store(None, tmp_path)
    sid = store.begin_session(new_record())
    for i in range(4):
        store.append_turn(sid, turn(i))
    store.append_turn(sid, turn(3))  # resend overwrites, no duplicate
    store.finish_session(sid, "resolved", SCORES, True, ["ask_preference"])
    rec = store.get_session(sid)
    assert rec.complete and rec.outcome == "resolved" and rec.passed is True
    assert [t.index for t in rec.turns] == [0, 1, 2, 3] and rec.scores == SCORES
    assert rec.missed_moves == ("ask_preference",) and rec.finished_at

    other = store.begin_session(new_record("Bob"))
    store.append_turn(other, turn(0))
    store.abandon_session(other)
    gone = store.get_session(other)
    assert not gone.complete and gone.finished_at and gone.outcome is None

    obs = store.add_observation(sid, 1, 4, "Nice apology", "Trainer")
    assert store.observations(sid) == [obs]
    with pytest.raises(StoreError, match="customer"):
        store.add_observation(sid, 0, 3, "x")
    with pytest.raises(UnknownRecord):
        store.add_observation(sid, 99, 3, "x")
    with pytest.raises(UnknownRecord):
        store.get_session("nope")
    with pytest.raises(UnknownRecord):
        store.finish_session("nope", "resolved", SCORES, True, [])
    with pytest.raises(StoreError, match="refused"):
        store.append_turn("nope", turn(0))
    with pytest.raises(StoreError):
        store.finish_session(sid, "exploded", SCORES, True, [])


V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (1);
CREATE TABLE sessions (id TEXT PRIMARY KEY, trainee TEXT NOT NULL, scenario_id TEXT NOT NULL,
  scenario_version INTEGER NOT NULL, scenario_title TEXT NOT NULL, started_at TEXT NOT NULL,
  finished_at TEXT, complete INTEGER NOT NULL DEFAULT 0, outcome TEXT,
  scores TEXT NOT NULL DEFAULT '{}', passed INTEGER, missed_moves TEXT NOT NULL DEFAULT '[]');
CREATE TABLE turns (session_id TEXT NOT NULL REFERENCES sessions (id), idx INTEGER NOT NULL,
  speaker TEXT NOT NULL, text TEXT NOT NULL, moves TEXT NOT NULL DEFAULT '[]',
  anger INTEGER NOT NULL, transcript_source TEXT NOT NULL, delivery TEXT,
  PRIMARY KEY (session_id, idx));
CREATE INDEX sessions_trainee ON sessions (trainee, started_at);
INSERT INTO sessions VALUES ('old1', 'Olga', 'late-pizza', 1, 'Late pizza',
  '2023-01-01T09:00:00+00:00', '2023-01-01T09:05:00+00:00', 1, 'resolved',
  '{"listening": 50, "empathy": 60, "resolution": 40, "overall": 50}', 0, '["follow_up"]');
INSERT INTO turns VALUES ('old1', 0, 'customer', 'Where is my pizza?', '[]', 70, 'scripted', NULL);
INSERT INTO turns VALUES ('old1', 1, 'trainee', 'Sorry about that, Olga.',
  '[{"move": "apology", "evidence": "Sorry"}]', 60, 'voice',
  '{"wpm": 150, "loudness_db": -20.0, "fillers": 1, "pause_before_s": 0.5}');
"""


def test_migrates_v1_database(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA)
    store = open_store(None, tmp_path)
    assert store.available, store.problem
    assert store.query("SELECT version FROM schema_version") == [(LATEST_VERSION,)]
    old = store.get_session("old1")
    assert old.group_id is None and old.turns[1].delivery and old.turns[1].delivery.wpm == 150
    assert old.turns[1].moves == (MoveRecord("apology", "Sorry"),)
    assert store.trainees() == ["Olga"]  # profiles backfilled by the migration
    assert store.history("Olga").missed == (("follow_up", 1),)
    group = store.create_group("Class", ["Olga", "Pia"], "same", ["late-pizza"])
    assert store.next_up(group.group_id) == ("Olga", "late-pizza")
    store.close()
    assert open_store(None, tmp_path).available  # second open: already current


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    open_store(None, tmp_path).close()
    with sqlite3.connect(tmp_path / "results.sqlite3") as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    store = open_store(None, tmp_path)
    assert not store.available and "newer" in (store.problem or "")


WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from simulator.store import SessionRecord, TurnRecord, open_store
store = open_store(None, Path({data!r}))
rec = SessionRecord(None, {name!r}, "late-pizza", 1, "Late pizza", "2024-05-01T10:00:00+00:00")
sid = store.begin_session(rec)
while time.time() < {start}:
    time.sleep(0.005)
for i in range({turns}):
    store.append_turn(sid, TurnRecord(i, "trainee" if i % 2 else "customer", "line %d" % i))
{finish}
print(sid, flush=True)
{tail}
"""


def writer_script(data: Path, name: str, turns: int, *, start: float = 0, hang: bool = False) -> str:
    finish = "" if hang else (
        'store.finish_session(sid, "resolved", {"overall": 1}, False, [])'
    )  # fmt: skip
    tail = "time.sleep(60)" if hang else "store.close()"
    return WRITER.format(root=str(ROOT), data=str(data), name=name, start=start, turns=turns,
                         finish=finish, tail=tail)  # fmt: skip


def test_killed_process_leaves_incomplete_session(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", writer_script(tmp_path, "Kim", 2, hang=True)],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    sid = proc.stdout.readline().strip()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    rec = open_store(None, tmp_path).get_session(sid)
    assert [t.index for t in rec.turns] == [0, 1]
    assert rec.complete is False and rec.finished_at is None


def test_concurrent_writer_processes(tmp_path: Path) -> None:
    open_store(None, tmp_path).close()  # schema first, like an installed station
    start = time.time() + 1.0
    procs = [
        subprocess.Popen([sys.executable, "-c", writer_script(tmp_path, f"T{i}", 30, start=start)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(4)
    ]  # fmt: skip
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    store = open_store(None, tmp_path)
    assert store.problem is None
    records = store.sessions()
    assert len(records) == 4
    assert all(r.complete and len(r.turns) == 30 for r in records)
    assert not store.journal.pending()


def _train(store: object) -> str:
    from simulator.store import Store

    assert isinstance(store, Store)
    sid = store.begin_session(new_record("Rae"))
    store.append_turn(sid, turn(0))
    store.append_turn(sid, turn(1))
    store.finish_session(sid, "resolved", SCORES, True, [])
    return sid


def test_corrupt_database_uses_recovery_file_then_imports(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite3"
    db.write_bytes(b"\x00junk" * 2000)
    store = open_store(None, tmp_path)
    assert not store.available
    assert "corrupt" in (store.problem or "") and str(db) in (store.problem or "")
    sid = _train(store)  # the trainee can still train
    journal = store.journal.path
    assert journal is not None and str(journal) in (store.problem or "")
    assert len(journal.read_text().splitlines()) == 4
    db.rename(tmp_path / "results.sqlite3.broken")  # what the message tells the user to do
    fresh = open_store(None, tmp_path)
    assert fresh.available and not journal.exists()
    rec = fresh.get_session(sid)
    assert rec.complete and [t.index for t in rec.turns] == [0, 1]


def test_locked_database_mid_session(tmp_path: Path) -> None:
    store = open_store(None, tmp_path, busy_timeout=0.2)
    sid = store.begin_session(new_record("Lee"))
    store.append_turn(sid, turn(0))
    blocker = sqlite3.connect(tmp_path / "results.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    store.append_turn(sid, turn(1))  # refused: goes to the recovery file
    assert "locked" in (store.problem or "") and str(store.journal.path) in (store.problem or "")
    blocker.execute("ROLLBACK")
    blocker.close()
    store.finish_session(sid, "resolved", SCORES, True, [])  # database works again
    store.close()
    again = open_store(None, tmp_path)
    rec = again.get_session(sid)
    assert rec.complete and [t.index for t in rec.turns] == [0, 1]
    assert not again.journal.pending()


def test_read_only_directory(tmp_path: Path) -> None:
    base = Path(tempfile.mkdtemp(prefix="hotseat-ro-"))
    try:
        base.chmod(0o755)
        shared, data = base / "shared", base / "data"
        shared.mkdir()
        data.mkdir()
        open_store(str(shared / "results.sqlite3"), data).close()
        if os.geteuid() == 0:
            os.chown(data, 65534, 65534)
        shared.chmod(0o555)
        (shared / "results.sqlite3").chmod(0o444)
        with unprivileged():
            store = open_store(str(shared / "results.sqlite3"), data)
            sid = _train(store)  # refused at open or at the first write: either way journaled
            assert "read-only" in (store.problem or ""), store.problem
            print(store.problem)
            store.close()
        assert list(data.glob("recovery-*.jsonl"))
        shared.chmod(0o755)
        (shared / "results.sqlite3").chmod(0o644)
        again = open_store(str(shared / "results.sqlite3"), data)
        assert again.get_session(sid).complete
        assert not list(data.glob("recovery-*.jsonl"))
    finally:
        for p in (base / "shared",):
            if p.exists():
                p.chmod(0o755)
        subprocess.run(["rm", "-rf", str(base)], check=False)
