"""The offline xAPI queue in the results store: statements, their delivery state, filters, counts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from simulator.store.ops import SESSION_COLS, TURN_COLS, queue_sql, row_to_session, row_to_turn
from simulator.store.records import Observation, SessionRecord, TurnRecord

if TYPE_CHECKING:
    from simulator.lrs.statements import QueuedStatement, XapiConfig
    from simulator.store.sql_store import Store

STATUSES: Final = ("queued", "sent", "rejected")


def queue_rows(statements: Iterable[QueuedStatement]) -> list[dict[str, Any]]:
    """Statements as the JSON rows a store operation carries (and the journal keeps)."""
    return [{"id": s.statement_id, "session_id": s.session_id, "verb": s.verb, "seq": s.seq,
             "statement": s.statement} for s in statements]  # fmt: skip


@dataclass(frozen=True, slots=True)
class QueueCounts:
    queued: int = 0
    sent: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.queued + self.sent + self.rejected


@dataclass(frozen=True, slots=True)
class QueuedRow:
    """One queued statement as the push sees it."""

    statement_id: str
    session_id: str
    trainee: str
    verb: str
    statement: dict[str, Any]


def counts(store: Store) -> QueueCounts:
    found = dict(store.query("SELECT status, COUNT(*) FROM lrs_statements GROUP BY status"))
    return QueueCounts(**{s: int(found.get(s, 0)) for s in STATUSES})


def rejected(store: Store, limit: int = 50) -> list[tuple[str, str, str, str]]:
    """(statement id, trainee, verb, the LRS's message) of rejected statements, oldest first."""
    rows = store.query(
        "SELECT q.id, s.trainee, q.verb, q.message FROM lrs_statements q"
        " JOIN sessions s ON s.id = q.session_id WHERE q.status = 'rejected'"
        " ORDER BY q.queued_at, q.session_id, q.seq",
    )
    return [(r[0], r[1], r[2], r[3] or "") for r in rows[:limit]]


def next_queued(store: Store, limit: int) -> list[QueuedRow]:
    """The oldest `limit` statements still waiting to be sent."""
    rows = store.query(
        "SELECT q.id, q.session_id, s.trainee, q.verb, q.statement FROM lrs_statements q"
        " JOIN sessions s ON s.id = q.session_id WHERE q.status = 'queued'"
        f" ORDER BY q.queued_at, q.session_id, q.seq LIMIT {int(limit)}"
    )
    return [QueuedRow(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


def mark(store: Store, ids: Sequence[str], status: str, when: str, message: str | None = None) -> None:
    """Record what the LRS did with these statements, in one transaction."""
    if status not in STATUSES:
        raise ValueError(f"unknown queue status {status!r}")
    sql = store.dialect.sql("UPDATE lrs_statements SET status = ?, sent_at = ?, message = ? WHERE id = ?")
    sent_at = when if status == "sent" else None
    store.execute([(sql, [status, sent_at, message, sid], False) for sid in ids])


def requeue_rejected(store: Store) -> int:
    """Put rejected statements back in the queue (after the trainer fixed the cause)."""
    n = counts(store).rejected
    sql = store.dialect.sql("UPDATE lrs_statements SET status = 'queued', message = NULL"
                            " WHERE status = 'rejected'")  # fmt: skip
    store.execute([(sql, [], False)])
    return n


def drop_unsent(store: Store) -> int:
    """Forget statements no LRS has accepted yet, so `backfill` rebuilds them (same ids)."""
    n = counts(store)
    store.execute([(store.dialect.sql("DELETE FROM lrs_statements WHERE status <> 'sent'"), [], False)])
    return n.queued + n.rejected


def export(
    store: Store, *, trainee: str | None = None, group_id: str | None = None,
    include_rejected: bool = False,
) -> list[dict[str, Any]]:  # fmt: skip
    """Queued and sent statements (optionally one trainee's or one group's), oldest first."""
    where, params = ([] if include_rejected else ["q.status <> 'rejected'"]), []
    for col, value in (("trainee", trainee), ("group_id", group_id)):
        if value is not None:
            where.append(f"s.{col} = ?")
            params.append(value)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = store.query(
        "SELECT q.statement FROM lrs_statements q JOIN sessions s ON s.id = q.session_id"
        f"{clause} ORDER BY q.queued_at, q.session_id, q.seq",
        params,
    )
    return [json.loads(r[0]) for r in rows]


def missing_sessions(store: Store) -> list[str]:
    """Finished attempts whose statements (or some observer ratings) are not queued yet."""
    rows = store.query(
        "SELECT s.id FROM sessions s WHERE s.complete = 1 AND ("
        " (SELECT COUNT(*) FROM lrs_statements q WHERE q.session_id = s.id AND q.verb <> 'rated')"
        "   < 2 + CASE WHEN s.passed IS NULL THEN 0 ELSE 1 END"
        " OR (SELECT COUNT(*) FROM observations o WHERE o.session_id = s.id) >"
        "    (SELECT COUNT(*) FROM lrs_statements q WHERE q.session_id = s.id AND q.verb = 'rated'))"
        " ORDER BY s.finished_at, s.id"
    )
    return [r[0] for r in rows]


def backfill(
    store: Store, config: XapiConfig, describe: Callable[[str], str], queued_at: str,
    chunk: int = 500,
) -> int:  # fmt: skip
    """Queue the statements of finished attempts that lack them; return how many were added.

    Covers attempts finished before this feature, finished while the database was only
    reachable through the recovery journal, and observer ratings given after the attempt.
    Ids are stable, so statements already queued are never duplicated.
    """
    from simulator.lrs.statements import session_statements

    sids = missing_sessions(store)
    if not sids:
        return 0
    before = counts(store).total
    names = {g.group_id: g.name for g in store.groups()}
    for start in range(0, len(sids), chunk):
        rows = []
        for record, observations in _load(store, sids[start : start + chunk]):
            built = session_statements(
                config, record, observations,
                description=describe(record.scenario_id),
                group_name=names.get(record.group_id or ""),
            )  # fmt: skip
            rows += queue_rows(built)
        store.execute(queue_sql(store.dialect, rows, queued_at))
    return counts(store).total - before


def _load(store: Store, sids: Sequence[str]) -> list[tuple[SessionRecord, list[Observation]]]:
    """Sessions (with turns) and their observations, three queries for the lot."""
    marks = ", ".join("?" for _ in sids)
    cols = ", ".join(SESSION_COLS)
    turns: dict[str, list[TurnRecord]] = {}
    for row in store.query(f"SELECT {', '.join(TURN_COLS)} FROM turns WHERE session_id IN ({marks})"
                           " ORDER BY session_id, idx", sids):  # fmt: skip
        turns.setdefault(row[0], []).append(row_to_turn(row))
    observed: dict[str, list[Observation]] = {}
    for r in store.query("SELECT session_id, turn_index, rating, comment, observer, created_at"
                         f" FROM observations WHERE session_id IN ({marks}) ORDER BY session_id,"
                         " turn_index, id", sids):  # fmt: skip
        observed.setdefault(r[0], []).append(Observation(int(r[1]), int(r[2]), r[3], r[4], r[5]))
    rows = store.query(f"SELECT {cols} FROM sessions WHERE id IN ({marks})", sids)
    return [(row_to_session(r, turns.get(r[0], ())), observed.get(r[0], [])) for r in rows]
