"""Versioned schema: ordered migrations, applied under a lock in one transaction."""

from __future__ import annotations

import contextlib
from typing import Any, Final

from simulator.store.dialect import Dialect
from simulator.store.errors import StoreError

# MIGRATIONS[n] brings a database from schema version n to n + 1. Never edit a
# released entry: append a new one. Statements use `?` and `{autoid}` (see Dialect).
MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    # v1: conversations and their turns.
    (
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        "INSERT INTO schema_version (version) VALUES (0)",
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            trainee TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_version INTEGER NOT NULL,
            scenario_title TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            complete INTEGER NOT NULL DEFAULT 0,
            outcome TEXT,
            scores TEXT NOT NULL DEFAULT '{}',
            passed INTEGER,
            missed_moves TEXT NOT NULL DEFAULT '[]'
        )""",
        """CREATE TABLE turns (
            session_id TEXT NOT NULL REFERENCES sessions (id),
            idx INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            moves TEXT NOT NULL DEFAULT '[]',
            anger INTEGER NOT NULL,
            transcript_source TEXT NOT NULL,
            delivery TEXT,
            PRIMARY KEY (session_id, idx)
        )""",
        "CREATE INDEX sessions_trainee ON sessions (trainee, started_at)",
    ),
    # v2: trainee profiles (backfilled), training groups, observer ratings.
    (
        "CREATE TABLE trainees (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)",
        """INSERT INTO trainees (name, created_at)
            SELECT trainee, MIN(started_at) FROM sessions GROUP BY trainee""",
        "ALTER TABLE sessions ADD COLUMN group_id TEXT",
        "CREATE INDEX sessions_group ON sessions (group_id, started_at)",
        """CREATE TABLE training_groups (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            plan TEXT NOT NULL,
            scenarios TEXT NOT NULL,
            seed INTEGER
        )""",
        """CREATE TABLE group_members (
            group_id TEXT NOT NULL REFERENCES training_groups (id),
            position INTEGER NOT NULL,
            trainee TEXT NOT NULL,
            PRIMARY KEY (group_id, position)
        )""",
        """CREATE TABLE observations (
            id {autoid},
            session_id TEXT NOT NULL REFERENCES sessions (id),
            turn_index INTEGER NOT NULL,
            rating INTEGER NOT NULL,
            comment TEXT NOT NULL,
            observer TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX observations_session ON observations (session_id, turn_index)",
    ),
    # v3: the offline xAPI queue: each finished attempt's statements and their delivery state.
    (
        """CREATE TABLE lrs_statements (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            verb TEXT NOT NULL,
            seq INTEGER NOT NULL,
            statement TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued',
            queued_at TEXT NOT NULL,
            sent_at TEXT,
            message TEXT
        )""",
        "CREATE INDEX lrs_statements_status ON lrs_statements (status, queued_at, session_id, seq)",
        "CREATE INDEX lrs_statements_session ON lrs_statements (session_id, verb)",
    ),
)
LATEST_VERSION: Final = len(MIGRATIONS)


def current_version(cursor: Any, dialect: Dialect) -> int:
    """Schema version of the open database (0 for an empty one)."""
    cursor.execute(dialect.sql(dialect.table_exists), ("schema_version",))
    if cursor.fetchone() is None:
        return 0
    cursor.execute("SELECT version FROM schema_version")
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def migrate(conn: Any, dialect: Dialect) -> int:
    """Bring the database to LATEST_VERSION; return the version it was at.

    Cheap when already current (one read, no write lock). Otherwise takes the write
    lock (plus an advisory lock on PostgreSQL, so stations starting together don't
    race) and applies each missing migration in a single transaction.
    """
    cursor = conn.cursor()
    found = current_version(cursor, dialect)
    if found == LATEST_VERSION:
        return found
    if found > LATEST_VERSION:
        raise StoreError(
            f"the results database has schema version {found}, newer than this "
            f"Hot Seat understands ({LATEST_VERSION}); update Hot Seat"
        )
    cursor.execute(dialect.begin)
    try:
        if dialect.migration_lock:
            cursor.execute(dialect.migration_lock)
        found = current_version(cursor, dialect)  # another station may have migrated
        for statements in MIGRATIONS[found:]:
            for statement in statements:
                cursor.execute(dialect.sql(statement))
        cursor.execute(dialect.sql("UPDATE schema_version SET version = ?"), (LATEST_VERSION,))
        cursor.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):
            cursor.execute("ROLLBACK")
        raise
    return found
