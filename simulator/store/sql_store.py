"""The results store: one SQL code path over a DB-API connection (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.store.errors import StoreError, StoreUnavailable, UnknownRecord
from simulator.store.groups import Group, next_up
from simulator.store.history import History, build_history
from simulator.store.journaled import JournaledStore, describe_failure
from simulator.store.ops import (
    SESSION_COLS,
    TURN_COLS,
    Statement,
    op_statements,
    row_to_session,
    row_to_turn,
)
from simulator.store.records import SESSION_OUTCOMES, Observation, SessionRecord, TurnRecord
from simulator.store.summary import ClassSummary, class_summary

if TYPE_CHECKING:
    from simulator.lrs.statements import QueuedStatement, XapiConfig


def utc_now() -> str:
    """Current time as ISO 8601 UTC, second precision."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(JournaledStore):
    """Stores conversations, profiles, groups and observations.

    Writes that the database refuses (locked, read-only, corrupt, unreachable) are
    appended to the recovery journal instead (see JournaledStore), `problem` says so in
    one line, and the journal is replayed into that database only. Reads raise
    StoreUnavailable.
    """

    xapi: XapiConfig | None = None  # set: finished attempts are queued as xAPI statements

    def execute(self, statements: Sequence[Statement]) -> None:
        """Run SQL statements (already in the driver's paramstyle) in one transaction."""
        with self._lock:
            self._require()
            try:
                self._run(statements)
            except self.dialect.errors as exc:
                raise StoreUnavailable(describe_failure(self.location, exc)) from exc

    # -- conversations ---------------------------------------------------------------

    def begin_session(self, record: SessionRecord) -> str:
        """Store a new (running) conversation; return its id (uuid4 hex unless given)."""
        sid = record.session_id or uuid.uuid4().hex
        data = record.to_json() | {"session_id": sid}
        self._apply({"op": "begin", "record": data})
        return sid

    def append_turn(self, session_id: str, turn: TurnRecord) -> None:
        """Store one turn, committed at once (re-sending an index overwrites it)."""
        self._apply({"op": "turn", "session_id": session_id, "turn": turn.to_json()})

    def finish_session(
        self,
        session_id: str,
        outcome: str,
        scores: Mapping[str, int],
        passed: bool | None,
        missed_moves: Sequence[str],
        finished_at: str | None = None,
        statements: Sequence[QueuedStatement] = (),
    ) -> None:
        """Mark a conversation complete with its result (call before showing the debrief).

        `statements` (the attempt as xAPI statements) are queued in the same transaction.
        """
        from simulator.store.lrs_queue import queue_rows

        if outcome not in SESSION_OUTCOMES:
            raise StoreError(f"unknown outcome {outcome!r}; expected one of {SESSION_OUTCOMES}")
        self._apply(
            {
                "op": "finish", "session_id": session_id, "outcome": outcome,
                "scores": {k: int(v) for k, v in scores.items()}, "passed": passed,
                "missed_moves": list(missed_moves), "finished_at": finished_at or utc_now(),
                "xapi": queue_rows(statements),
            }
        )  # fmt: skip

    def abandon_session(self, session_id: str, finished_at: str | None = None) -> None:
        """The trainee quit: keep the turns so far, stamped as ended but incomplete."""
        self._apply({"op": "abandon", "session_id": session_id, "finished_at": finished_at or utc_now()})

    def import_records(self, records: Iterable[SessionRecord]) -> int:
        """Bulk-store whole conversations in one transaction (imports, benchmarks)."""
        statements: list[Statement] = []
        for rec in records:
            sid = rec.session_id or uuid.uuid4().hex
            op = {"op": "record", "record": rec.to_json() | {"session_id": sid}}
            statements += op_statements(self.dialect, op, strict=False)
        with self._lock:
            self._require()
            try:
                self._run(statements)
            except self.dialect.errors as exc:
                raise StoreUnavailable(describe_failure(self.location, exc)) from exc
        return len(statements)

    # -- reads -----------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query written with `?` placeholders."""
        with self._lock:
            cursor = self._require().cursor()
            try:
                cursor.execute(self.dialect.sql(sql), params)
                return [tuple(r) for r in cursor.fetchall()]
            except self.dialect.errors as exc:
                raise StoreUnavailable(describe_failure(self.location, exc)) from exc

    def sessions(
        self, *, trainee: str | None = None, group_id: str | None = None, with_turns: bool = True
    ) -> list[SessionRecord]:
        """Stored conversations, oldest first, optionally for one trainee and/or group."""
        where, params = [], []
        for col, value in (("trainee", trainee), ("group_id", group_id)):
            if value is not None:
                where.append(f"s.{col} = ?")
                params.append(value)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        cols = ", ".join(f"s.{c}" for c in SESSION_COLS)
        rows = self.query(f"SELECT {cols} FROM sessions s{clause} ORDER BY s.started_at, s.id",
                          params)  # fmt: skip
        turns: dict[str, list[TurnRecord]] = {}
        if with_turns and rows:
            tcols = ", ".join(f"t.{c}" for c in TURN_COLS)
            for trow in self.query(
                f"SELECT {tcols} FROM turns t JOIN sessions s ON s.id = t.session_id{clause}"
                " ORDER BY t.session_id, t.idx",
                params,
            ):
                turns.setdefault(trow[0], []).append(row_to_turn(trow))
        return [row_to_session(r, turns.get(r[0], ())) for r in rows]

    def get_session(self, session_id: str) -> SessionRecord:
        cols = ", ".join(SESSION_COLS)
        rows = self.query(f"SELECT {cols} FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise UnknownRecord(f"no session with id {session_id!r}")
        trows = self.query(
            f"SELECT {', '.join(TURN_COLS)} FROM turns WHERE session_id = ? ORDER BY idx",
            (session_id,),
        )
        return row_to_session(rows[0], (row_to_turn(t) for t in trows))

    def history(self, trainee: str, emphasis: Mapping[str, Mapping[str, float]] | None = None) -> History:
        """A trainee's attempts, per-step series, most-missed moves and a suggestion."""
        return build_history(trainee, self.sessions(trainee=trainee, with_turns=False), emphasis)

    # -- profiles and observations ---------------------------------------------------

    def add_trainee(self, name: str) -> None:
        if not name.strip():
            raise StoreError("a trainee needs a name")
        self._apply({"op": "trainee", "name": name.strip(), "created_at": utc_now()})

    def trainees(self) -> list[str]:
        return [r[0] for r in self.query("SELECT name FROM trainees ORDER BY name")]

    def add_observation(
        self, session_id: str, turn_index: int, rating: int, comment: str, observer: str = ""
    ) -> Observation:
        """Rate one trainee turn (1-5) with a comment; it appears in the session report."""
        rows = self.query(
            "SELECT speaker FROM turns WHERE session_id = ? AND idx = ?", (session_id, turn_index)
        )
        if not rows:
            self.get_session(session_id)  # raises for an unknown session
            raise UnknownRecord(f"session {session_id} has no turn {turn_index}")
        if rows[0][0] != "trainee":
            raise StoreError(f"turn {turn_index} is the customer's; observers rate trainee turns")
        obs = Observation(turn_index, rating, comment, observer, utc_now())
        op = {"op": "observe", "session_id": session_id, "observation": obs.to_json()}
        self._apply(op | {"xapi": self._rating_statement(session_id, obs)})
        return obs

    def _rating_statement(self, session_id: str, obs: Observation) -> list[dict[str, Any]]:
        """The rating as an xAPI statement when the attempt is finished (else queued later)."""
        if self.xapi is None:
            return []
        from simulator.lrs.statements import observation_statement
        from simulator.store.lrs_queue import queue_rows

        record = self.get_session(session_id)
        if not record.complete:
            return []
        seq = len(self.observations(session_id))
        names = {g.group_id: g.name for g in self.groups()} if record.group_id else {}
        described = self.query("SELECT statement FROM lrs_statements WHERE session_id = ?"
                               " AND verb = 'completed'", (session_id,))  # fmt: skip
        definition = json.loads(described[0][0])["object"]["definition"] if described else {}
        description = next(iter(definition.get("description", {}).values()), "")
        built = observation_statement(self.xapi, record, obs, seq, description=description,
                                      group_name=names.get(record.group_id or ""))  # fmt: skip
        return queue_rows([built])

    def observations(self, session_id: str) -> list[Observation]:
        rows = self.query(
            "SELECT turn_index, rating, comment, observer, created_at FROM observations"
            " WHERE session_id = ? ORDER BY turn_index, id",
            (session_id,),
        )
        return [Observation(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in rows]

    # -- groups ----------------------------------------------------------------------

    def create_group(
        self, name: str, roster: Sequence[str], plan: str, scenarios: Sequence[str],
        seed: int | None = None,
    ) -> Group:  # fmt: skip
        group = Group.create(name, roster, plan, scenarios, seed, uuid.uuid4().hex, utc_now())
        self._apply({"op": "group", "group": group.to_json()})
        return group

    def groups(self) -> list[Group]:
        rows = self.query(
            "SELECT g.id, g.name, g.created_at, g.plan, g.scenarios, g.seed, m.trainee"
            " FROM training_groups g LEFT JOIN group_members m ON m.group_id = g.id"
            " ORDER BY g.created_at, g.id, m.position"
        )
        found: dict[str, Group] = {}
        for r in rows:
            g = found.get(r[0]) or Group(r[0], r[1], r[2], (), r[3], tuple(json.loads(r[4])), r[5])
            found[r[0]] = g.with_member(r[6]) if r[6] is not None else g
        return list(found.values())

    def group(self, group_id: str) -> Group:
        for g in self.groups():
            if g.group_id == group_id:
                return g
        raise UnknownRecord(f"no group with id {group_id!r}")

    def next_up(self, group_id: str) -> tuple[str, str]:
        """Who sits in the hot seat next in this group, and with which scenario."""
        group = self.group(group_id)
        rows = self.query(
            "SELECT trainee FROM sessions WHERE group_id = ? ORDER BY started_at, id", (group_id,)
        )
        return next_up(group, [r[0] for r in rows])

    def class_summary(self, group_id: str, *, anonymise: bool = False) -> ClassSummary:
        """Leaderboard and class summary of a group (see summary.class_summary)."""
        group = self.group(group_id)
        records = self.sessions(group_id=group_id)
        earlier = [
            r for name in group.roster for r in self.sessions(trainee=name, with_turns=False)
            if r.group_id != group_id
        ]  # fmt: skip
        return class_summary(group, records, earlier, anonymise=anonymise)

    @staticmethod
    def default_path(data_dir: Path) -> Path:
        return data_dir / "results.sqlite3"
