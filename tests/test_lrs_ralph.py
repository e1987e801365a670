"""Pushing to a real LRS (Ralph on 127.0.0.1): a class's attempts arrive intact, once, whatever breaks."""

from __future__ import annotations

import contextlib
import json
import random
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lrs_server
import pg_server
from lrs_server import PASSWORD, ROOT, Ralph, free_port, hotseat, silent_server

from simulator.lrs.client import LrsClient, Reply
from simulator.lrs.config import PushTarget, save_xapi_config
from simulator.lrs.push import Pusher
from simulator.lrs.statements import XapiConfig, attempt_statements
from simulator.store import lrs_queue, open_store
from simulator.store.samples import sample_session
from simulator.store.sql_store import Store, utc_now

CONFIG = XapiConfig(home_page="https://academy.acme.test", activity_base="https://academy.acme.test/hotseat")
ralph = lrs_server.ralph  # the session's Ralph, started once (tests/lrs_server.py)
pg_cluster = pg_server.pg_cluster
pg_url = pg_server.pg_url
ROSTER = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fay"]


def make_class(data_dir: Path, rounds: int = 2) -> tuple[Store, str]:
    """A group's attempts (each trainee `rounds` times) and two observer ratings, queued."""
    save_xapi_config(data_dir, CONFIG)
    store = open_store(None, data_dir)
    group = store.create_group("Monday class", ROSTER, "rotation", ["late-pizza", "broken-printer"])
    rng, start = random.Random(5), datetime(2026, 3, 2, 9, tzinfo=UTC)
    records = [sample_session(rng, name, start + timedelta(minutes=10 * i), group_id=group.group_id)
               for i, name in enumerate(ROSTER * rounds)]  # fmt: skip
    store.import_records(records)
    first = store.sessions(group_id=group.group_id)[0]
    turn = next(t.index for t in first.turns if t.speaker == "trainee")
    store.add_observation(first.session_id or "", turn, 4, "Warm apology", "Trainer")
    lrs_queue.backfill(store, CONFIG, lambda _: "", utc_now())
    return store, group.group_id


def read_back(server: Ralph, user: str) -> list[dict[str, Any]]:
    """Every statement the LRS holds for this user, through GET /xAPI/statements (all pages)."""
    client = LrsClient(PushTarget(server.endpoint(), user, PASSWORD), timeout=30)
    reply: Reply = client.get_statements({"limit": "100"})
    out: list[dict[str, Any]] = []
    while True:
        assert reply.status == 200, reply
        page = json.loads(reply.body)
        out += page["statements"]
        if not page.get("more"):
            return out
        reply = client.get_more(page["more"])


def test_push_a_class_and_read_it_back(ralph: Ralph, tmp_path: Path) -> None:
    store, group_id = make_class(tmp_path)
    queued = {s["id"]: s for s in lrs_queue.export(store)}
    assert len(queued) == len(ROSTER) * 2 * 3 + 1
    login = ("--endpoint", ralph.endpoint(), "--user", "class", "--password", PASSWORD)
    proc = hotseat("lrs", "push", *login, "--batch-size", "10", data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"pushed {len(queued)} statements" in proc.stdout
    got = read_back(ralph, "class")
    assert sorted(s["id"] for s in got) == sorted(queued)
    for attempt in store.sessions(group_id=group_id, with_turns=False):
        key = CONFIG.extension("attempt-id")
        mine = [s for s in got if s["context"]["extensions"][key] == attempt.session_id]
        verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in mine)
        assert verbs == sorted(
            ["attempted", "completed", "passed" if attempt.passed else "failed"]
            + (["rated"] if any(s["verb"]["id"].endswith("rated") for s in mine) else [])
        )
        completed = next(s for s in mine if s["verb"]["id"].endswith("/completed"))
        assert completed["actor"]["account"] == {"homePage": CONFIG.home_page, "name": attempt.trainee}
        assert completed["object"]["id"] == CONFIG.scenario_iri(attempt.scenario_id)
        assert completed["result"]["score"]["raw"] == attempt.scores["overall"]
        assert completed["result"]["success"] is attempt.passed
        assert completed["context"]["contextActivities"]["grouping"][0]["id"] == CONFIG.group_iri(group_id)
    status = hotseat("lrs", "status", data_dir=tmp_path)
    assert f"0 queued, {len(queued)} sent, 0 rejected" in status.stdout
    out = tmp_path / "class.json"
    export = hotseat("lrs", "export", "--group", group_id[:8], "--out", str(out), data_dir=tmp_path)
    assert export.returncode == 0, export.stderr
    assert sorted(s["id"] for s in json.loads(out.read_text(encoding="utf-8"))) == sorted(queued)
    again = hotseat("lrs", "push", *login, data_dir=tmp_path)
    assert again.returncode == 0 and "nothing to push" in again.stdout


def test_push_killed_half_way_then_again_no_duplicates_none_lost(ralph: Ralph, tmp_path: Path) -> None:
    store, _ = make_class(tmp_path, rounds=3)
    total = lrs_queue.counts(store).queued
    cmd = [
        sys.executable,
        "-m",
        "simulator.cli.main",
        "--data-dir",
        str(tmp_path),
        "lrs",
        "push",
        "--endpoint",
        ralph.endpoint(),
        "--user",
        "kill",
        "--password",
        PASSWORD,
        "--batch-size",
        "1",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})  # fmt: skip
    assert proc.stdout is not None
    first = proc.stdout.readline()  # "sent 1 of N": one request is in, the rest is on its way
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()  # type: ignore[union-attr]
    assert first.startswith("sent 1 of"), first
    counts = lrs_queue.counts(store)
    assert 1 <= counts.sent < total and counts.sent + counts.queued == total
    proc2 = hotseat("lrs", "push", "--endpoint", ralph.endpoint(), "--user", "kill", "--password", PASSWORD,
                    data_dir=tmp_path)  # fmt: skip
    assert proc2.returncode == 0, proc2.stderr
    ids = [s["id"] for s in read_back(ralph, "kill")]
    assert len(ids) == len(set(ids)) == total
    assert sorted(ids) == sorted(s["id"] for s in lrs_queue.export(store))


def test_crash_between_delivery_and_bookkeeping_resends_no_duplicates(ralph: Ralph, tmp_path: Path) -> None:
    store, _ = make_class(tmp_path, rounds=1)
    total = lrs_queue.counts(store).queued
    real = LrsClient(PushTarget(ralph.endpoint(), "crash", PASSWORD), timeout=30)

    class DiesAfterPost:
        def post_statements(self, statements: Any) -> Reply:
            real.post_statements(statements)  # the LRS stored them ...
            raise KeyboardInterrupt  # ... and the push died before marking them sent

    with contextlib.suppress(KeyboardInterrupt):
        Pusher(store, DiesAfterPost(), "crash", batch_size=5).run()
    assert lrs_queue.counts(store).queued == total  # nothing marked: all will be resent
    report = Pusher(store, real, "crash", batch_size=5).run()
    assert report.error is None and report.sent == total
    ids = [s["id"] for s in read_back(ralph, "crash")]
    assert len(ids) == len(set(ids)) == total


def test_lrs_message_for_a_rejected_statement_and_the_rest_sent(ralph: Ralph, tmp_path: Path) -> None:
    store, _ = make_class(tmp_path, rounds=1)
    victim = lrs_queue.next_queued(store, 1)[0]
    assert Pusher(store, LrsClient(PushTarget(ralph.endpoint(), "rejects", PASSWORD)), "x",
                  batch_size=1000).run().error is None  # fmt: skip
    changed = dict(victim.statement, timestamp="2030-01-01T00:00:00+00:00")  # same id, other content
    store.execute(
        [
            (
                store.dialect.sql("UPDATE lrs_statements SET status = 'queued', statement = ? WHERE id = ?"),
                [json.dumps(changed), victim.statement_id],
                False,
            )
        ]
    )
    proc = hotseat("lrs", "push", "--endpoint", ralph.endpoint(), "--user", "rejects", "--password", PASSWORD,
                   data_dir=tmp_path)  # fmt: skip
    assert proc.returncode == 1
    said = f"rejected {victim.statement_id} ({victim.trainee}, {victim.verb}): HTTP 409: Differing statements"
    assert said in proc.stdout
    status = hotseat("lrs", "status", data_dir=tmp_path).stdout
    assert "0 queued" in status and "1 rejected" in status and "HTTP 409" in status


def _one_clear_failure(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert len(lines) == 1 and lines[0].startswith("hotseat: error: "), proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_bad_endpoint_credentials_500_hang_one_message_each_queue_kept(ralph: Ralph, tmp_path: Path) -> None:
    store, _ = make_class(tmp_path, rounds=1)
    total = lrs_queue.counts(store).queued
    quick = ("--retries", "1", "--timeout", "1")
    refused = f"http://127.0.0.1:{free_port()}/xAPI/"
    cases = [
        (["--endpoint", refused, "--user", "class", "--password", PASSWORD],
         ["unreachable: connection refused", f"0 sent this time, {total} still queued"]),
        (["--endpoint", ralph.endpoint().replace("/xAPI/", "/lrs/"), "--user", "class",
          "--password", PASSWORD], ["no xAPI statements resource", "HTTP 404"]),
        (["--endpoint", ralph.endpoint(), "--user", "class", "--password", "wrong"],
         ["refused the credentials (HTTP 401 (Invalid authentication credentials))"]),
        (["--endpoint", ralph.endpoint(), "--user", "broken", "--password", PASSWORD],
         ["failed with HTTP 500 (Statements bulk indexation failed) (2 tries)"]),
    ]  # fmt: skip
    with silent_server() as hung:
        cases.append((["--endpoint", hung, "--timeout", "0.5"], ["no answer within 0.5 s (2 tries)"]))
        for flags, needles in cases:
            proc = hotseat("lrs", "push", *quick, *flags, data_dir=tmp_path)
            _one_clear_failure(proc, *needles)
            assert lrs_queue.counts(store).queued == total, flags
    bad_url = hotseat("lrs", "push", "--endpoint", "lrs.acme.test", data_dir=tmp_path)
    assert bad_url.returncode == 2 and "endpoint must be an http" in bad_url.stderr
    assert "Traceback" not in bad_url.stderr


def test_queue_and_push_on_postgresql(pg_url: str, ralph: Ralph, tmp_path: Path) -> None:
    """A centre's shared PostgreSQL database: queue with the attempt, push, status, by the same code."""
    save_xapi_config(tmp_path, CONFIG)
    store = open_store(pg_url, tmp_path)
    assert store.available, store.problem
    rec = sample_session(random.Random(9), "Gus")
    sid = store.begin_session(rec)
    built = attempt_statements(CONFIG, replace(rec, session_id=sid))
    store.finish_session(sid, rec.outcome or "resolved", rec.scores, rec.passed, rec.missed_moves,
                         rec.finished_at, statements=built)  # fmt: skip
    store.import_records([sample_session(random.Random(10), "Hal")])  # queued by backfill
    store.add_observation(sid, 1, 3, "100% calm", "Trainer")  # '%' must survive the paramstyle
    assert lrs_queue.backfill(store, CONFIG, lambda _: "", utc_now()) == 3
    assert lrs_queue.counts(store).queued == 7
    report = Pusher(store, LrsClient(PushTarget(ralph.endpoint(), "cli", PASSWORD)), "pg").run()
    assert report.error is None and report.sent == 7 and lrs_queue.counts(store).sent == 7
    rated = [s for s in read_back(ralph, "cli") if s["verb"]["id"].endswith("/rated")]
    assert [s["result"]["response"] for s in rated] == ["100% calm"]


STRICT = """
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
bad = []
for s in json.load(open(sys.argv[1], encoding="utf-8")):
    try:
        BaseXapiStatement.model_validate(s)
    except Exception as exc:
        bad.append(f"{s['id']}: {exc}")
print("\\n".join(bad) or "all valid")
"""


def test_statements_pass_ralphs_strict_xapi_model(ralph: Ralph, tmp_path: Path) -> None:
    """Beyond what the LRS accepts: every kind of statement validates against xAPI 1.0.3 strictly."""
    store, _ = make_class(tmp_path, rounds=1)
    out = tmp_path / "all.json"
    out.write_text(json.dumps(lrs_queue.export(store)), encoding="utf-8")
    verbs = {s["verb"]["display"]["en-US"] for s in lrs_queue.export(store)}
    assert verbs >= {"attempted", "completed", "rated"} and verbs & {"passed", "failed"}
    python = lrs_server.lrs_python()
    assert python is not None
    proc = subprocess.run([str(python), "-c", STRICT, str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "all valid", proc.stdout
