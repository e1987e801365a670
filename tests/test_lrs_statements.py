"""xAPI statements: the pure builder, queueing with the attempt, backfill, and the push logic."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import keyword_detect

from simulator.engine.conversation import Conversation
from simulator.errors import UserError
from simulator.lrs.client import Reply, Unreachable
from simulator.lrs.config import PushTarget, load_xapi_config, push_target, save_xapi_config
from simulator.lrs.push import Pusher
from simulator.lrs.statements import (
    VERBS,
    XapiConfig,
    attempt_statements,
    iso_duration,
    registration,
    session_statements,
)
from simulator.recording import SessionRecorder
from simulator.store import Observation, lrs_queue, open_store
from simulator.store.recovery import read_journal
from simulator.store.samples import sample_session
from simulator.store.sql_store import Store, utc_now

CONFIG = XapiConfig(home_page="https://academy.acme.test", activity_base="https://academy.acme.test/hotseat/")


def finished(passed: bool | None = True, group_id: str | None = None) -> Any:
    rec = sample_session(random.Random(7), "Ana Díaz", scenario_id="late-pizza", group_id=group_id)
    return replace(rec, session_id="a" * 32, passed=passed, scores={"listening": 70, "empathy": 80,
                   "resolution": 60, "overall": 70})  # fmt: skip


def test_attempt_becomes_attempted_completed_passed_with_stable_ids() -> None:
    rec = finished()
    built = attempt_statements(CONFIG, rec, description="A pizza an hour late.", group_name="Monday class")
    assert [s.verb for s in built] == ["attempted", "completed", "passed"]
    again = attempt_statements(CONFIG, rec, description="changed", group_name="x")
    assert [s.statement_id for s in built] == [s.statement_id for s in again]  # stable: same attempt
    other = attempt_statements(CONFIG, replace(rec, session_id="b" * 32))
    assert not {s.statement_id for s in built} & {s.statement_id for s in other}
    for s in built:
        uuid.UUID(s.statement_id)
        body = s.statement
        assert body["id"] == s.statement_id and body["verb"]["id"] == VERBS[s.verb]
        assert body["actor"] == {
            "objectType": "Agent",
            "name": "Ana Díaz",
            "account": {"homePage": "https://academy.acme.test", "name": "Ana Díaz"},
        }
        assert "mbox" not in json.dumps(body)
        assert body["object"]["id"] == "https://academy.acme.test/hotseat/scenarios/late-pizza"
        assert body["object"]["definition"]["description"] == {"en-US": "A pizza an hour late."}
    completed = built[1].statement
    result = completed["result"]
    assert result["score"] == {"scaled": 0.7, "raw": 70, "min": 0, "max": 100}
    assert result["success"] is True and result["completion"] is True and result["duration"] == "PT6M"
    ext = result["extensions"]
    base = "https://academy.acme.test/hotseat/extensions/"
    assert (ext[base + "listening"], ext[base + "empathy"], ext[base + "resolution"]) == (70, 80, 60)
    assert ext[base + "outcome"] == rec.outcome and ext[base + "missed-moves"] == list(rec.missed_moves)
    harmful = {m.move for t in rec.turns for m in t.moves if m.move in ("blame", "dismissive")}
    assert set(ext[base + "harmful-moves"]) == harmful
    assert "result" not in built[0].statement and built[0].statement["timestamp"] == rec.started_at
    assert completed["timestamp"] == rec.finished_at
    assert "contextActivities" not in completed["context"]  # no group session


def test_failed_no_verdict_grouping_and_unfinished() -> None:
    failed = attempt_statements(CONFIG, finished(False, "g1"), group_name="Monday class")
    assert [s.verb for s in failed] == ["attempted", "completed", "failed"]
    grouping = failed[2].statement["context"]["contextActivities"]["grouping"]
    assert grouping[0]["id"] == "https://academy.acme.test/hotseat/groups/g1"
    assert grouping[0]["definition"]["name"] == {"en-US": "Monday class"}
    assert [s.verb for s in attempt_statements(CONFIG, finished(None))] == ["attempted", "completed"]
    assert attempt_statements(CONFIG, replace(finished(), complete=False)) == []


def test_observer_ratings_are_statements() -> None:
    rec = finished()
    obs = [Observation(1, 4, "Good apology", "Trainer", "2024-05-01T09:07:00+00:00"),
           Observation(3, 2, "", "", "2024-05-01T09:08:00+00:00")]  # fmt: skip
    built = session_statements(CONFIG, rec, obs)
    rated = [s for s in built if s.verb == "rated"]
    assert len(rated) == 2 and len({s.statement_id for s in built}) == len(built)
    first = rated[0].statement
    assert first["actor"]["account"]["name"] == "Trainer"
    assert rated[1].statement["actor"]["name"] == "Observer"
    assert first["result"]["score"]["raw"] == 4 and first["result"]["response"] == "Good apology"
    assert first["object"]["id"].endswith("/scenarios/late-pizza/turns/1")
    assert first["context"]["registration"] == built[0].statement["context"]["registration"]


def test_duration_and_config_validation(tmp_path: Path) -> None:
    assert iso_duration("2024-01-01T10:00:00+00:00", "2024-01-01T11:02:03.5+00:00") == "PT1H2M3.5S"
    assert iso_duration("2024-01-01T10:00:00+00:00", "2024-01-01T10:00:00+00:00") == "PT0S"
    assert iso_duration("later", "2024-01-01T10:00:00+00:00") is None
    with pytest.raises(ValueError, match=r"home_page must be an http"):
        XapiConfig(home_page="acme")
    assert load_xapi_config(tmp_path) == XapiConfig()
    save_xapi_config(tmp_path, CONFIG)
    assert load_xapi_config(tmp_path) == CONFIG
    (tmp_path / "xapi.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(UserError, match=r"xapi\.json: not valid JSON"):
        load_xapi_config(tmp_path)
    with pytest.raises(UserError, match="endpoint must be an http"):
        push_target("lrs.acme.test", None, None, None)
    for unreadable in (Path("/dev/zero"), tmp_path):  # a device or a folder: one message, no hang
        with pytest.raises(UserError, match="cannot read LRS settings"):
            push_target(None, None, None, unreadable)
    with pytest.raises(UserError, match="both --user and --password"):
        push_target("http://127.0.0.1:1/xAPI/", "u", None, None)
    assert PushTarget("http://127.0.0.1:1/xAPI/").statements_url == "http://127.0.0.1:1/xAPI/statements"


def _store(tmp_path: Path) -> Store:
    save_xapi_config(tmp_path, CONFIG)
    return open_store(None, tmp_path)


def test_finishing_an_attempt_queues_its_statements_with_it(late_pizza, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = _store(tmp_path)
    conversation = Conversation(late_pizza, keyword_detect)
    recorder = SessionRecorder(store, "Bo")
    conversation.start()
    conversation.respond("I'm so sorry Dana, I understand how frustrating this is.")
    conversation.respond("I'll refund it and call you tomorrow.")
    sid = recorder.finish(conversation, conversation.result()) or ""
    rows = store.query("SELECT verb, status FROM lrs_statements WHERE session_id = ? ORDER BY seq", (sid,))
    assert rows == [("attempted", "queued"), ("completed", "queued"), ("passed", "queued")]
    (completed,) = [s for s in lrs_queue.export(store) if s["verb"]["id"].endswith("/completed")]
    assert completed["object"]["definition"]["description"]["en-US"] == late_pizza.briefing
    assert completed["result"]["score"]["raw"] == store.get_session(sid).scores["overall"]
    store.add_observation(sid, 1, 5, "Lovely", "Trainer")  # a rating after the attempt: queued too
    assert lrs_queue.counts(store).queued == 4
    assert lrs_queue.backfill(store, CONFIG, lambda _: "", utc_now()) == 0  # nothing was missing


def test_statements_ride_the_recovery_journal(tmp_path: Path) -> None:
    db = tmp_path / "results.sqlite3"
    db.write_bytes(b"\x00junk" * 2000)
    store = _store(tmp_path)
    assert not store.available
    rec = sample_session(random.Random(3), "Cy")
    sid = store.begin_session(rec)
    built = attempt_statements(CONFIG, replace(rec, session_id=sid))
    store.finish_session(sid, rec.outcome or "resolved", rec.scores, rec.passed, rec.missed_moves,
                         rec.finished_at, statements=built)  # fmt: skip
    db.rename(tmp_path / "broken.sqlite3")
    fresh = open_store(None, tmp_path)
    assert [s["id"] for s in lrs_queue.export(fresh)] == [s.statement_id for s in built]


def test_game_save_thread_queues_statements_through_a_locked_database(late_pizza, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from test_cli import MODEL
    from test_reliability import locked

    from simulator.app.results import StoreResults

    store = _store(tmp_path)
    store.retry_interval = 0.1
    results = StoreResults(store)
    conversation = Conversation(late_pizza, keyword_detect)
    conversation.start()
    with locked(tmp_path / "results.sqlite3"):
        for answer in MODEL:
            if conversation.finished:
                break
            conversation.respond(answer)
            results.sync(conversation, "Gus")
        sid = results.finish(conversation, conversation.result()) or ""
        assert results.flush(15)
        assert store.diverted  # the finished attempt and its statements wait in the journal
        waiting = [op for p in store.journal.pending() for op in read_journal(p) if op["op"] == "finish"]
        verdict = "passed" if conversation.result().passed else "failed"
        assert [[r["verb"] for r in op["xapi"]] for op in waiting] == [["attempted", "completed", verdict]]
    results.close()
    store.close()
    again = open_store(None, tmp_path)
    statements = lrs_queue.export(again)
    assert {s["context"]["registration"] for s in statements} == {registration(sid)}
    (completed,) = [s for s in statements if s["verb"]["id"].endswith("/completed")]
    assert completed["result"]["score"]["raw"] == again.get_session(sid).scores["overall"]
    assert completed["object"]["definition"]["description"]["en-US"] == late_pizza.briefing


def test_backfill_and_config_change_rebuild_only_unsent(tmp_path: Path) -> None:
    store = open_store(None, tmp_path)  # attempts stored before the LRS feature existed
    store.import_records([sample_session(random.Random(i), f"T{i}") for i in range(3)])
    assert lrs_queue.counts(store).total == 0
    added = lrs_queue.backfill(store, XapiConfig(), lambda _: "", utc_now())
    assert added == lrs_queue.counts(store).queued >= 6
    first = lrs_queue.next_queued(store, 2)
    lrs_queue.mark(store, [r.statement_id for r in first], "sent", utc_now())
    assert lrs_queue.drop_unsent(store) == added - 2
    lrs_queue.backfill(store, CONFIG, lambda _: "", utc_now())
    homes = {s["id"]: s["actor"]["account"]["homePage"] for s in lrs_queue.export(store)}
    assert len(homes) == added
    assert [homes[r.statement_id] for r in first] == ["https://hotseat.example.org"] * 2  # sent: kept
    assert sorted(set(homes.values())) == ["https://academy.acme.test", "https://hotseat.example.org"]


class FakeLrs:
    """Answers by script; rejects statements whose actor is named 'Bad' with 400."""

    def __init__(self, script: Sequence[Any] = ()) -> None:
        self.script = list(script)
        self.stored: dict[str, Mapping[str, Any]] = {}
        self.calls = 0

    def post_statements(self, statements: Sequence[Mapping[str, Any]]) -> Reply:
        self.calls += 1
        if self.script:
            step = self.script.pop(0)
            if isinstance(step, Exception):
                raise step
            if step is not None:
                return step  # type: ignore[no-any-return]
        if any(s["actor"]["name"] == "Bad" for s in statements):
            return Reply(400, json.dumps({"detail": "actor name 'Bad' is not allowed"}))
        self.stored.update({s["id"]: s for s in statements})
        return Reply(200, json.dumps([s["id"] for s in statements]))


def _queued(tmp_path: Path, names: Sequence[str]) -> Store:
    store = open_store(None, tmp_path)
    store.import_records([sample_session(random.Random(i), n) for i, n in enumerate(names)])
    lrs_queue.backfill(store, CONFIG, lambda _: "", utc_now())
    return store


def test_push_bisects_to_the_rejected_statements_and_sends_the_rest(tmp_path: Path) -> None:
    store = _queued(tmp_path, ["A", "B", "Bad", "C", "D"])
    lrs = FakeLrs()
    report = Pusher(store, lrs, "fake", batch_size=8, sleep=lambda _: None).run()
    bad = {r.statement_id for r, _ in report.rejected}
    assert report.error is None and report.remaining == 0
    assert {r.trainee for r, _ in report.rejected} == {"Bad"} and len(report.rejected) == 3
    assert report.rejected[0][1] == "HTTP 400: actor name 'Bad' is not allowed"
    c = lrs_queue.counts(store)
    assert c.sent == len(lrs.stored) == report.sent and c.rejected == len(report.rejected) and not c.queued
    assert not bad & set(lrs.stored)
    assert lrs_queue.rejected(store)[0][3] == "HTTP 400: actor name 'Bad' is not allowed"


def test_push_retries_with_backoff_then_stops_keeping_the_queue(tmp_path: Path) -> None:
    store = _queued(tmp_path, ["A", "B"])
    waits: list[float] = []
    script = [Reply(503, "busy"), Unreachable("connection dropped (RemoteDisconnected)"), None]
    report = Pusher(store, FakeLrs(script), "fake", batch_size=50, retries=3, sleep=waits.append).run()
    assert report.error is None and waits == [0.5, 1.0] and lrs_queue.counts(store).sent == report.sent
    store2 = _queued(tmp_path / "2", ["A", "B"])
    total = lrs_queue.counts(store2).queued
    lrs = FakeLrs([Reply(500, '{"detail": "disk full"}')] * 3)
    report = Pusher(store2, lrs, "http://lrs", batch_size=50, retries=2, sleep=lambda _: None).run()
    assert report.error == "the LRS at http://lrs failed with HTTP 500 (disk full) (3 tries)"
    assert lrs.calls == 3 and report.remaining == total and lrs_queue.counts(store2).sent == 0
    denied = Reply(401, '{"detail": "Invalid authentication credentials"}')
    for reply, said in ((denied, "refused the credentials"),
                        (Reply(404, "Not Found"), "no xAPI statements resource"),
                        (Reply(200, "<html>welcome</html>"), "not as an xAPI LRS does"),
                        (Reply(302, ""), "redirect")):  # fmt: skip
        report = Pusher(store2, FakeLrs([reply]), "http://lrs", sleep=lambda _: None).run()
        assert said in (report.error or "") and report.remaining == total, reply


def test_cli_config_status_export(tmp_path: Path) -> None:
    from lrs_server import hotseat

    (tmp_path / "xapi.json").write_text("[1,", encoding="utf-8")
    broken = hotseat("lrs", "status", data_dir=tmp_path)
    assert broken.returncode == 2 and broken.stderr.startswith("hotseat: error: ")
    assert "xapi.json: not valid JSON" in broken.stderr and "Traceback" not in broken.stderr
    bad = hotseat("lrs", "config", "--home-page", "acme", data_dir=tmp_path)
    assert bad.returncode == 2 and "home_page must be an http" in bad.stderr
    store = open_store(None, tmp_path)
    store.import_records([sample_session(random.Random(1), "Ana"), sample_session(random.Random(2), "Bo")])
    store.close()
    ok = hotseat("lrs", "config", "--home-page", "https://academy.acme.test", data_dir=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "6 unsent statements now use these settings" in ok.stdout
    shown = hotseat("lrs", "config", data_dir=tmp_path)
    assert "homePage:      https://academy.acme.test" in shown.stdout
    status = hotseat("lrs", "status", data_dir=tmp_path)
    assert "6 queued, 0 sent, 0 rejected" in status.stdout, status.stdout + status.stderr
    out = tmp_path / "ana.json"
    export = hotseat("lrs", "export", "--trainee", "ana", "--out", str(out), data_dir=tmp_path)
    assert export.returncode == 0 and "wrote 3 statements" in export.stdout
    statements = json.loads(out.read_text(encoding="utf-8"))
    assert {s["actor"]["account"]["name"] for s in statements} == {"Ana"}
    assert {s["actor"]["account"]["homePage"] for s in statements} == {"https://academy.acme.test"}
    nobody = hotseat("lrs", "export", "--trainee", "Zed", "--out", str(out), data_dir=tmp_path)
    assert nobody.returncode == 1 and "no trainee called 'Zed'" in nobody.stderr


def test_push_stops_when_the_lrs_rejects_a_whole_batch(tmp_path: Path) -> None:
    store = _queued(tmp_path, ["A", "B", "C", "D"])
    lrs = FakeLrs([Reply(400, '{"detail": "unsupported X-Experience-API-Version"}')] * 100)
    report = Pusher(store, lrs, "http://lrs", batch_size=4, sleep=lambda _: None).run()
    error = report.error or ""
    assert "rejected every statement of a batch of 4" in error and "--retry-rejected" in error
    assert "unsupported X-Experience-API-Version" in error
    assert lrs_queue.counts(store).rejected == 4 and report.remaining == 8 and lrs.calls == 7
    lrs_queue.requeue_rejected(store)
    assert Pusher(store, FakeLrs(), "http://lrs", batch_size=4).run().sent == 12
