"""open_store: pick SQLite (default, per-user file) or PostgreSQL from --db, never crash."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.store.dialect import Dialect, postgres_dialect, sqlite_dialect
from simulator.store.errors import StoreError
from simulator.store.recovery import RecoveryJournal, recovery_candidates
from simulator.store.schema import migrate
from simulator.store.sql_store import Store, describe_failure

if TYPE_CHECKING:
    from simulator.lrs.statements import XapiConfig

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def default_data_dir() -> Path:
    """Per-user data directory (platformdirs), e.g. ~/.local/share/hotseat."""
    import platformdirs

    return Path(platformdirs.user_data_dir("hotseat", appauthor=False))


def is_postgres(db: str | None) -> bool:
    return bool(db) and str(db).startswith(POSTGRES_SCHEMES)


def redact(url: str) -> str:
    """A connection URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, userinfo = head.partition("://")
    return f"{scheme}://{userinfo.split(':', 1)[0]}@{tail}"


def _connect_sqlite(path: Path, busy_timeout: float) -> Any:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise sqlite3.OperationalError(f"cannot use WAL journal (got {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across process crashes
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _connect_postgres(url: str, busy_timeout: float) -> tuple[Any, Dialect]:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            "PostgreSQL needs the psycopg driver: pip install 'psycopg[binary]'"
        ) from exc
    conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(busy_timeout)))
    return conn, postgres_dialect(psycopg.Error, psycopg.IntegrityError)


def open_store(db: str | None, data_dir: Path, *, busy_timeout: float = 5.0) -> Store:
    """Open the results store; on failure return one that journals to a recovery file.

    Finished attempts are queued as xAPI statements with the centre's settings (xapi.json).
    """
    store = _open(db, data_dir, busy_timeout)
    store.xapi = _xapi_config(data_dir)
    return store


def _open(db: str | None, data_dir: Path, busy_timeout: float) -> Store:
    """open_store without the xAPI settings.

    `db` is None (SQLite file in `data_dir`), a SQLite file path, or a
    postgresql:// URL. The returned Store's `problem` is a one-line message whenever
    results are not reaching the database. Pending recovery files are imported.
    """
    journal = RecoveryJournal(recovery_candidates(data_dir))
    conn: Any = None
    if is_postgres(db):
        location = redact(str(db))
        dialect = postgres_dialect(Exception, Exception)
        try:
            conn, dialect = _connect_postgres(str(db), busy_timeout)
        except StoreError as exc:
            return Store(None, dialect, location=location, journal=journal, problem=str(exc))
        except Exception as exc:
            return Store(None, dialect, location=location, journal=journal,
                         problem=describe_failure(location, exc))  # fmt: skip
    else:
        path = Path(db).expanduser() if db else Store.default_path(data_dir)
        location, dialect = str(path), sqlite_dialect()
        try:
            conn = _connect_sqlite(path, busy_timeout)
        except (sqlite3.Error, OSError) as exc:
            return Store(None, dialect, location=location, journal=journal,
                         problem=describe_failure(location, exc))  # fmt: skip
    try:
        migrate(conn, dialect)
    except Exception as exc:
        if not isinstance(exc, (*dialect.errors, StoreError)):
            raise
        with contextlib.suppress(Exception):
            conn.close()
        problem = str(exc) if isinstance(exc, StoreError) else describe_failure(location, exc)
        return Store(None, dialect, location=location, journal=journal, problem=problem)
    store = Store(conn, dialect, location=location, journal=journal)
    store.import_recovery()
    return store


def _xapi_config(data_dir: Path) -> XapiConfig | None:
    """The centre's xAPI settings, or None while they are unreadable (the lrs commands say why;
    attempts finished meanwhile are queued by the next `hotseat lrs` command)."""
    from simulator.errors import UserError
    from simulator.lrs.config import load_xapi_config

    try:
        return load_xapi_config(data_dir)
    except UserError:
        return None
