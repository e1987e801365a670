"""Results store on a real PostgreSQL server: same code path, several stations at once."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

try:
    import pg_server
except ImportError:  # tests/ imported as a package
    from tests import pg_server  # type: ignore[no-redef]

from simulator.store import MoveRecord, SessionRecord, StoreError, TurnRecord, open_store
from simulator.store.samples import sample_session
from simulator.store.schema import LATEST_VERSION

pg_cluster = pg_server.pg_cluster  # fixtures shared through tests/pg_server.py
pg_url = pg_server.pg_url
ROOT = Path(__file__).resolve().parents[1]
SCORES = {"listening": 70, "empathy": 80, "resolution": 60, "overall": 70}


def test_round_trip_and_features(pg_url: str, tmp_path: Path) -> None:
    store = open_store(pg_url, tmp_path)
    assert store.available, store.problem
    assert store.dialect.name == "postgresql"
    assert store.query("SELECT version FROM schema_version") == [(LATEST_VERSION,)]
    rec = sample_session(random.Random(3), "Ana 100% <b>")
    sid = store.begin_session(rec)
    assert store.get_session(sid) == SessionRecord.from_json(rec.to_json() | {"session_id": sid})

    live = store.begin_session(SessionRecord(None, "Ben", "late-pizza", 1, "Late pizza",
                                             "2024-05-02T10:00:00+00:00"))  # fmt: skip
    store.append_turn(live, TurnRecord(0, "customer", "Late again!", (), 80, "scripted"))
    store.append_turn(live, TurnRecord(1, "trainee", "So sorry, that's on us.",
                                       (MoveRecord("apology", "So sorry"),), 70))  # fmt: skip
    store.append_turn(live, TurnRecord(1, "trainee", "So sorry!", (), 70))  # upsert
    store.finish_session(live, "resolved", SCORES, True, ["follow_up"])
    got = store.get_session(live)
    assert got.complete and got.turns[1].text == "So sorry!" and got.passed is True
    obs = store.add_observation(live, 1, 5, "Warm", "Tutor")
    assert store.observations(live) == [obs]
    with pytest.raises(StoreError):
        store.append_turn("missing", TurnRecord(0, "customer", "x"))

    group = store.create_group("Evening", ["Ana 100% <b>", "Ben"], "rotation", ["a", "b"])
    assert store.group(group.group_id).roster == ("Ana 100% <b>", "Ben")
    assert store.next_up(group.group_id) == ("Ana 100% <b>", "a")
    summary = store.class_summary(group.group_id)
    assert [r.trainee for r in summary.leaderboard] == ["Ana 100% <b>", "Ben"]
    assert store.history("Ben").series["overall"] == (70,)
    store.close()


STATION = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from simulator.store import SessionRecord, TurnRecord, MoveRecord, open_store
while time.time() < {start}:
    time.sleep(0.005)
store = open_store({url!r}, Path({data!r}))
assert store.available, store.problem
for n in range({sessions}):
    sid = store.begin_session(SessionRecord(None, "station{i}", "late-pizza", 1, "Late pizza",
                                            "2024-05-01T10:00:0%d+00:00" % n))
    for t in range({turns}):
        store.append_turn(sid, TurnRecord(t, "trainee" if t % 2 else "customer", "line %d" % t,
                                          (MoveRecord("apology", "line"),) if t % 2 else ()))
    store.finish_session(sid, "resolved", {{"overall": 50 + n}}, True, [])
assert store.problem is None, store.problem
print("ok", flush=True)
"""


def test_several_stations_write_at_once(pg_url: str, tmp_path: Path) -> None:
    # Empty database: the stations also race to create the schema (advisory lock).
    start = time.time() + 1.5
    procs = []
    for i in range(5):
        script = STATION.format(root=str(ROOT), start=start, url=pg_url,
                                data=str(tmp_path / f"s{i}"), i=i, sessions=3, turns=10)  # fmt: skip
        procs.append(subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))  # fmt: skip
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-600:] for o in outs]
    store = open_store(pg_url, tmp_path / "check")
    records = store.sessions()
    assert len(records) == 15
    assert all(r.complete and len(r.turns) == 10 for r in records)
    assert sorted(store.trainees()) == [f"station{i}" for i in range(5)]


def test_unreachable_server_journals_for_itself_only(pg_url: str, tmp_path: Path) -> None:
    dead = "postgresql://hotseat:secret@127.0.0.1:1/nowhere"
    store = open_store(dead, tmp_path, busy_timeout=1)
    assert not store.available
    assert "secret" not in (store.problem or "") and "unreachable" in (store.problem or "")
    sid = store.begin_session(SessionRecord(None, "Cy", "late-pizza", 1, "Late pizza",
                                            "2024-05-03T10:00:00+00:00"))  # fmt: skip
    store.append_turn(sid, TurnRecord(0, "customer", "Hello?"))
    store.finish_session(sid, "unresolved", SCORES, False, [])
    assert store.journal.pending() and str(store.journal.path) in (store.problem or "")
    other = open_store(pg_url, tmp_path)  # another database: the journal is not its to import
    with pytest.raises(StoreError):
        other.get_session(sid)
    assert store.journal.pending() and not other.journal.pending()
    # (the round trip once the same server is back: tests/test_reliability.py)
