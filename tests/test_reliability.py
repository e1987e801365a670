"""Reliability of results: each journal reaches only its own database; locks and kill -9 lose nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT
from test_cli import MODEL

try:
    import pg_server
except ImportError:  # tests/ imported as a package
    from tests import pg_server  # type: ignore[no-redef]

from simulator.store import SessionRecord, TurnRecord, open_store
from simulator.store.pending import scan_pending
from simulator.store.recovery import target_identity

pg_cluster = pg_server.pg_cluster
pg_url = pg_server.pg_url
SCORES = {"listening": 70, "empathy": 80, "resolution": 60, "overall": 70}


def cli(
    *args: str | bytes,
    data_dir: Path,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `main.py` with raw (possibly non-UTF-8) arguments and stdin bytes."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def clean(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr


def record(name: str) -> SessionRecord:
    return SessionRecord(None, name, "late-pizza", 1, "Late pizza", "2024-05-03T10:00:00+00:00")


def train(store: object, name: str) -> str:
    from simulator.store import Store

    assert isinstance(store, Store)
    sid = store.begin_session(record(name))
    store.append_turn(sid, TurnRecord(0, "customer", "Where is my pizza?"))
    store.append_turn(sid, TurnRecord(1, "trainee", "I'm so sorry."))
    store.finish_session(sid, "resolved", SCORES, True, [])
    return sid


# -- 1. results land only in the database they were meant for ------------------------------


def test_journal_of_a_broken_sqlite_file_is_never_imported_into_the_default_one(tmp_path: Path) -> None:
    junk = tmp_path / "shared.sqlite3"
    junk.write_bytes(b"not a database" * 500)
    broken = open_store(str(junk), tmp_path)
    sid = train(broken, "Ann")
    assert str(broken.journal.path) in (broken.problem or "") and str(junk) in (broken.problem or "")
    default = open_store(None, tmp_path)  # e.g. plain `hotseat history`
    assert default.sessions() == [] and default.imported == 0
    (waiting,) = scan_pending(tmp_path)
    assert waiting.target == target_identity(str(junk), tmp_path) and waiting.sessions == 1
    junk.rename(tmp_path / "shared.broken")  # what the message says to do
    fixed = open_store(str(junk), tmp_path)
    assert fixed.get_session(sid).complete and scan_pending(tmp_path) == []


def test_cli_says_where_results_wait_and_status_lists_them_per_database(tmp_path: Path) -> None:
    junk = tmp_path / "centre.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    proc = cli(
        "--db",
        str(junk),
        "run",
        "--scenario",
        "late-pizza",
        "--trainee",
        "Bo",
        "--json",
        "--say",
        MODEL[0],
        data_dir=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    clean(proc)
    assert "waiting in" in proc.stderr and str(junk) in proc.stderr and "recovery-" in proc.stderr
    history = cli("history", data_dir=tmp_path)  # the default database: nothing imported there
    assert history.returncode == 0, history.stderr
    assert "Bo" not in history.stdout.split("Results waiting")[0]
    assert "waiting for " + str(junk) in history.stdout
    status = cli("status", "--json", data_dir=tmp_path)
    info = json.loads(status.stdout)
    assert info["working"] and [p["database"] for p in info["pending"]] == [str(junk)]
    assert info["pending"][0]["conversations"] == 1


@pytest.mark.parametrize("where", ["folder", "device", "missing"])
def test_db_that_can_never_be_a_database_is_refused_with_one_message(tmp_path: Path, where: str) -> None:
    db = {"folder": str(tmp_path), "device": "/dev/null", "missing": str(tmp_path / "no" / "x.db")}[where]
    proc = cli("--db", db, "run", "--scenario", "late-pizza", "--say", MODEL[0], data_dir=tmp_path)
    clean(proc)
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "no").exists() and scan_pending(tmp_path) == []


def test_old_journal_without_a_database_waits_for_an_explicit_import(tmp_path: Path) -> None:
    source = open_store(None, tmp_path / "elsewhere")
    journal = tmp_path / "recovery.jsonl"
    other = target_identity(str(tmp_path / "other.sqlite3"), tmp_path)
    ops = [
        {"op": "trainee", "name": "Old", "created_at": "2024-01-01T00:00:00+00:00"},
        {"op": "trainee", "name": "Elsewhere", "created_at": "2024-01-01T00:00:00+00:00", "target": other},
    ]
    journal.write_text("".join(json.dumps(op) + "\n" for op in ops), encoding="utf-8")
    source.close()
    store = open_store(None, tmp_path)
    assert "Old" not in store.trainees() and journal.exists()
    assert {p.target for p in scan_pending(tmp_path)} == {None, other}
    store.close()
    proc = cli("status", "--import", str(journal), data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert open_store(None, tmp_path).trainees() == ["Old"] and not journal.exists()
    (waiting,) = scan_pending(tmp_path)  # the entry for another database went to its own journal
    assert waiting.target == other and waiting.operations == 1


@contextmanager
def server_down(cluster: pg_server.PgCluster) -> Iterator[None]:
    """Stop the test PostgreSQL server, then start it again (same data, same port)."""
    cluster.stop()
    try:
        yield
    finally:
        options = (
            f"-p {cluster.port} -k {cluster.base / 'sock'} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c max_connections=60"
        )
        cluster.run(
            str(cluster.bindir / "pg_ctl"),
            "-D",
            str(cluster.datadir),
            "-l",
            str(cluster.base / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )


def test_sqlite_and_postgresql_journals_never_cross(
    pg_cluster: pg_server.PgCluster, pg_url: str, tmp_path: Path
) -> None:
    with server_down(pg_cluster):
        station = open_store(pg_url, tmp_path, busy_timeout=1)
        assert not station.available
        pg_sid = train(station, "Pat")
        local = open_store(None, tmp_path)  # the default SQLite file opens meanwhile
        assert local.sessions() == []
        local_sid = train(local, "Sam")
        local.close()
        junk = tmp_path / "junk.sqlite3"
        junk.write_bytes(b"junk" * 500)
        sqlite_sid = train(open_store(str(junk), tmp_path), "Sue")  # a SQLite journal too
    assert {p.target for p in scan_pending(tmp_path)} == {
        target_identity(pg_url, tmp_path),
        target_identity(str(junk), tmp_path),
    }
    shared = open_store(pg_url, tmp_path)  # the server is back: only its own results arrive
    assert shared.get_session(pg_sid).complete
    assert [r.session_id for r in shared.sessions()] == [pg_sid]
    assert {p.target for p in scan_pending(tmp_path)} == {target_identity(str(junk), tmp_path)}
    assert [r.session_id for r in open_store(None, tmp_path).sessions()] == [local_sid]
    assert sqlite_sid not in {r.session_id for r in shared.sessions()}


# -- 3. a locked database never freezes anything ------------------------------------------


@contextmanager
def locked(db: Path) -> Iterator[None]:
    """Another process holds the write lock of a SQLite database."""
    script = (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
        "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait(10)


def test_after_one_busy_timeout_writes_go_to_the_journal_at_once_and_come_back(tmp_path: Path) -> None:
    store = open_store(None, tmp_path, busy_timeout=0.3)
    store.retry_interval = 0.1
    sid = store.begin_session(record("Lock"))
    with locked(tmp_path / "results.sqlite3"):
        started = time.perf_counter()
        store.append_turn(sid, TurnRecord(0, "customer", "Hello?"))  # waits one busy timeout
        first = time.perf_counter() - started
        started = time.perf_counter()
        for i in range(1, 11):
            store.append_turn(sid, TurnRecord(i, "trainee" if i % 2 else "customer", f"line {i}"))
        rest = time.perf_counter() - started
        assert store.diverted and "locked" in (store.problem or "")
        assert 0.25 < first < 2.0 and rest < 0.5, (first, rest)
    deadline = time.monotonic() + 10
    while store.diverted and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not store.diverted and store.problem is None  # imported in the background
    store.finish_session(sid, "resolved", SCORES, True, [])
    rec = open_store(None, tmp_path).get_session(sid)
    assert rec.complete and [t.index for t in rec.turns] == list(range(11))
    assert not store.journal.pending()
    store.close()


def test_game_saves_never_wait_on_a_locked_database(tmp_path: Path, late_pizza) -> None:  # type: ignore[no-untyped-def]
    from simulator.app.results import StoreResults
    from simulator.play import new_conversation

    store = open_store(None, tmp_path, busy_timeout=2.0)
    results = StoreResults(store)
    conversation = new_conversation(late_pizza, seed=1)
    conversation.start()
    with locked(tmp_path / "results.sqlite3"):
        waits = []
        for answer in MODEL:
            if conversation.finished:
                break
            conversation.respond(answer)
            started = time.perf_counter()
            results.sync(conversation, "Gus")
            waits.append(time.perf_counter() - started)
        started = time.perf_counter()
        sid = results.finish(conversation, conversation.result())
        waits.append(time.perf_counter() - started)
        assert max(waits) < 0.1, waits
        assert results.flush(10)
    results.close()
    store.close()
    again = open_store(None, tmp_path)
    assert again.get_session(sid or "").complete


def test_postgresql_lock_waits_one_timeout_then_journals_and_returns(pg_url: str, tmp_path: Path) -> None:
    import psycopg

    store = open_store(pg_url, tmp_path, busy_timeout=0.5)
    store.retry_interval = 0.1
    sid = store.begin_session(record("Pg"))
    with psycopg.connect(pg_url) as other:
        other.execute("LOCK TABLE turns IN ACCESS EXCLUSIVE MODE")  # held until the block ends
        started = time.perf_counter()
        for i in range(5):
            store.append_turn(sid, TurnRecord(i, "customer" if i % 2 == 0 else "trainee", f"l{i}"))
        assert time.perf_counter() - started < 2.0 and store.diverted
        assert "locked" in (store.problem or ""), store.problem
    deadline = time.monotonic() + 10
    while store.diverted and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not store.diverted
    assert [t.index for t in store.get_session(sid).turns] == list(range(5))
    store.close()


@pytest.mark.slow
def test_run_under_a_held_lock_waits_one_timeout_not_one_per_answer(tmp_path: Path) -> None:
    open_store(None, tmp_path).close()
    with locked(tmp_path / "results.sqlite3"):
        started = time.perf_counter()
        args: list[str | bytes] = ["run", "--scenario", "late-pizza", "--json", "--trainee", "Lia"]
        for text in MODEL:
            args += ["--say", text]
        proc = cli(*args, data_dir=tmp_path)
        elapsed = time.perf_counter() - started
    clean(proc)
    assert proc.returncode == 0 and "locked" in proc.stderr and "waiting in" in proc.stderr
    assert elapsed < 5.0 + 8.0, elapsed  # one 5 s busy timeout, not one per write (was 42 s)
    sid = json.loads(proc.stdout)["session_id"]
    assert open_store(None, tmp_path).get_session(sid).complete


# -- 4. kill -9 ----------------------------------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from simulator.store import SessionRecord, TurnRecord, open_store
store = open_store(None, Path(sys.argv[1]), busy_timeout=0.2)
rec = SessionRecord("k9", "Kim", "late-pizza", 1, "Late pizza", "2024-05-03T10:00:00+00:00")
sid = store.begin_session(rec)
for i in range(10_000):
    store.append_turn(sid, TurnRecord(i, "trainee", f"answer {i}"))
    print(i, flush=True)
    time.sleep(0.002)
"""


def test_kill_9_while_journaling_under_a_lock_loses_no_written_turn(tmp_path: Path) -> None:
    open_store(None, tmp_path).close()
    with locked(tmp_path / "results.sqlite3"):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout is not None
        done = -1
        for line in child.stdout:
            done = int(line)
            if done >= 40:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    store = open_store(None, tmp_path)
    rec = store.get_session("k9")
    assert len(rec.turns) >= done + 1 and [t.index for t in rec.turns] == list(range(len(rec.turns)))
    assert not store.journal.pending()


def test_an_import_killed_half_way_is_finished_by_the_next_open(tmp_path: Path) -> None:
    junk = tmp_path / "r.sqlite3"
    junk.write_bytes(b"junk" * 100)
    sid = train(open_store(str(junk), tmp_path), "Ivo")
    (path,) = open_store(str(junk), tmp_path).journal.pending()
    path.rename(path.with_name(path.name + ".0123.importing"))  # claimed, then the process died
    with path.with_name(path.name + ".0123.importing").open("a") as fh:
        fh.write('{"op": "turn", "sess')  # and a torn last line
    junk.unlink()
    assert open_store(str(junk), tmp_path).get_session(sid).complete
    assert scan_pending(tmp_path) == []
