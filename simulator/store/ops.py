"""Store operations (the recovery journal's vocabulary) as SQL, and row conversion."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from simulator.store.dialect import Dialect, as_bool
from simulator.store.errors import StoreError
from simulator.store.groups import Group
from simulator.store.records import Observation, SessionRecord, TurnRecord

SESSION_COLS: Final = (
    "id", "trainee", "scenario_id", "scenario_version", "scenario_title", "started_at",
    "finished_at", "complete", "outcome", "scores", "passed", "missed_moves", "group_id",
)  # fmt: skip
TURN_COLS: Final = (
    "session_id", "idx", "speaker", "text", "moves", "anger", "transcript_source", "delivery",
)  # fmt: skip
QUEUE_COLS: Final = ("id", "session_id", "verb", "seq", "statement", "status", "queued_at")
Statement = tuple[str, Sequence[Any], bool]  # sql, params, must change a row


def _turn_params(session_id: str, turn: TurnRecord) -> list[Any]:
    return [
        session_id, turn.index, turn.speaker, turn.text,
        json.dumps([m.to_json() for m in turn.moves], ensure_ascii=False), turn.anger,
        turn.transcript_source,
        None if turn.delivery is None else json.dumps(turn.delivery.to_json()),
    ]  # fmt: skip


def row_to_turn(row: Sequence[Any]) -> TurnRecord:
    return TurnRecord.from_json(
        {
            "index": row[1], "speaker": row[2], "text": row[3], "moves": json.loads(row[4]),
            "anger": row[5], "transcript_source": row[6],
            "delivery": None if row[7] is None else json.loads(row[7]),
        }
    )  # fmt: skip


def row_to_session(row: Sequence[Any], turns: Iterable[TurnRecord] = ()) -> SessionRecord:
    data = dict(zip(SESSION_COLS, row, strict=True))
    return SessionRecord.from_json(
        {
            **data, "session_id": data["id"], "complete": bool(data["complete"]),
            "passed": as_bool(data["passed"]), "scores": json.loads(data["scores"]),
            "missed_moves": json.loads(data["missed_moves"]),
            "turns": [t.to_json() for t in turns],
        }
    )  # fmt: skip


def queue_sql(d: Dialect, rows: Iterable[Mapping[str, Any]], queued_at: str) -> list[Statement]:
    """xAPI statements riding on an operation, queued in the same transaction (see lrs_queue):
    INSERTs that queue each statement once (a statement id already queued is left alone)."""
    sql = d.insert_ignore("lrs_statements", QUEUE_COLS, ("id",))
    return [
        (sql, [r["id"], r["session_id"], r["verb"], int(r["seq"]),
               json.dumps(r["statement"], ensure_ascii=False, sort_keys=True), "queued",
               queued_at], False)
        for r in rows
    ]  # fmt: skip


def op_statements(d: Dialect, op: Mapping[str, Any], *, strict: bool) -> list[Statement]:
    """SQL for one store operation; `strict` makes a finish of an unknown session fail."""
    kind = op["op"]
    if kind in ("begin", "record"):
        rec = SessionRecord.from_json(op["record"])
        sid = rec.session_id or ""
        params = [
            sid, rec.trainee, rec.scenario_id, rec.scenario_version, rec.scenario_title,
            rec.started_at, rec.finished_at, int(rec.complete), rec.outcome,
            json.dumps(rec.scores), None if rec.passed is None else int(rec.passed),
            json.dumps(list(rec.missed_moves)), rec.group_id,
        ]  # fmt: skip
        write = d.insert_ignore if kind == "begin" else d.upsert
        out: list[Statement] = [
            (d.insert_ignore("trainees", ("name", "created_at"), ("name",)),
             (rec.trainee, rec.started_at), False),
            (write("sessions", SESSION_COLS, ("id",)), params, False),
        ]  # fmt: skip
        sql = d.upsert("turns", TURN_COLS, ("session_id", "idx"))
        out += [(sql, _turn_params(sid, t), False) for t in rec.turns]
        return out
    if kind == "turn":
        turn = TurnRecord.from_json(op["turn"])
        sql = d.upsert("turns", TURN_COLS, ("session_id", "idx"))
        return [(sql, _turn_params(op["session_id"], turn), False)]
    if kind == "finish":
        sql = d.sql(
            "UPDATE sessions SET finished_at = ?, complete = 1, outcome = ?, scores = ?,"
            " passed = ?, missed_moves = ? WHERE id = ?"
        )
        passed = op["passed"]
        params = [
            op["finished_at"], op["outcome"], json.dumps(op["scores"]),
            None if passed is None else int(passed), json.dumps(op["missed_moves"]),
            op["session_id"],
        ]  # fmt: skip
        return [(sql, params, strict), *queue_sql(d, op.get("xapi", ()), op["finished_at"])]
    if kind == "abandon":
        sql = d.sql("UPDATE sessions SET finished_at = ? WHERE id = ? AND complete = 0")
        return [(sql, [op["finished_at"], op["session_id"]], False)]
    if kind == "observe":
        obs = Observation.from_json(op["observation"])
        sql = d.sql(
            "INSERT INTO observations (session_id, turn_index, rating, comment, observer,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)"
        )
        params = [op["session_id"], obs.turn_index, obs.rating, obs.comment, obs.observer,
                  obs.created_at]  # fmt: skip
        return [(sql, params, False), *queue_sql(d, op.get("xapi", ()), obs.created_at)]
    if kind == "trainee":
        sql = d.insert_ignore("trainees", ("name", "created_at"), ("name",))
        return [(sql, [op["name"], op["created_at"]], False)]
    if kind == "group":
        g = Group.from_json(op["group"])
        cols = ("id", "name", "created_at", "plan", "scenarios", "seed")
        out = [(d.insert_ignore("training_groups", cols, ("id",)),
                [g.group_id, g.name, g.created_at, g.plan, json.dumps(list(g.scenarios)),
                 g.seed], False)]  # fmt: skip
        member = d.insert_ignore(
            "group_members", ("group_id", "position", "trainee"), ("group_id", "position")
        )
        trainee = d.insert_ignore("trainees", ("name", "created_at"), ("name",))
        for pos, name in enumerate(g.roster):
            out.append((member, [g.group_id, pos, name], False))
            out.append((trainee, [name, g.created_at], False))
        return out
    raise StoreError(f"unknown store operation {kind!r}")
