"""open_store: pick SQLite (default, per-user file) or PostgreSQL from --db, never crash."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.store.dialect import Dialect, postgres_dialect, sqlite_dialect
from simulator.store.errors import StoreError
from simulator.store.recovery import POSTGRES_SCHEMES, RecoveryJournal, target_identity
from simulator.store.schema import migrate
from simulator.store.sql_store import Store, describe_failure

if TYPE_CHECKING:
    from simulator.lrs.statements import XapiConfig


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


def _connect_sqlite(path: Path, busy_timeout: float, *, create_dir: bool) -> Any:
    if create_dir:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False)
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


def _connect_sqlite_read_only(path: Path) -> Any:
    """Open an existing database for reading only (its file or folder is not writable)."""
    uri = path.absolute().as_uri()
    last: sqlite3.Error | None = None
    for mode in ("mode=ro", "immutable=1"):  # immutable: WAL files can't be created next to it
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
            return conn
        except sqlite3.Error as exc:
            last = exc
    raise last or sqlite3.OperationalError("cannot open read-only")


def check_sqlite_path(path: Path, explicit: bool) -> None:
    """Refuse a --db that is a folder, a device or in a folder that does not exist (one message)."""
    if path.is_dir():
        raise StoreError(f"--db {path} is a folder; give a database file such as {path / 'results.sqlite3'}")
    if path.exists() and not path.is_file():
        raise StoreError(f"--db {path} is not a regular file (a device or pipe); give a database file path")
    if explicit and not path.parent.is_dir():
        raise StoreError(
            f"the folder {path.parent} does not exist; create it first (mkdir -p) or give another --db"
        )


def _connect_postgres(url: str, busy_timeout: float) -> tuple[Any, Dialect]:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError("PostgreSQL needs the psycopg driver: pip install 'psycopg[binary]'") from exc
    conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(busy_timeout)))
    try:  # a lock held by another session is waited for as long as SQLite's busy timeout
        conn.execute(f"SET lock_timeout = {int(busy_timeout * 1000)}")
    except psycopg.Error:
        conn.close()
        raise
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

    `db` is None (SQLite file in `data_dir`), a SQLite file path, or a postgresql:// URL.
    The returned Store's `problem` is a one-line message whenever results are not reaching
    the database; its journal is kept for that database only. Pending recovery files of
    this database are imported. Raises StoreError for a --db that can never be a database
    (a folder, a device, a missing folder).
    """
    journal = RecoveryJournal(target_identity(db, data_dir), data_dir)

    def failed(location: str, dialect: Dialect, problem: str) -> Store:
        return Store(
            None, dialect, location=location, journal=journal, problem=problem, busy_timeout=busy_timeout
        )

    conn: Any = None
    read_only: str | None = None
    if is_postgres(db):
        location = redact(str(db))
        dialect = postgres_dialect(Exception, Exception)
        try:
            conn, dialect = _connect_postgres(str(db), busy_timeout)
        except StoreError as exc:
            return failed(location, dialect, str(exc))
        except Exception as exc:
            return failed(location, dialect, describe_failure(location, exc))
    else:
        path = Path(db).expanduser() if db else Store.default_path(data_dir)
        location, dialect = str(path), sqlite_dialect()
        try:
            check_sqlite_path(path, explicit=bool(db))
        except OSError as exc:  # e.g. a name too long for the file system
            return failed(location, dialect, describe_failure(location, exc))
        try:
            conn = _connect_sqlite(path, busy_timeout, create_dir=not db)
        except (sqlite3.Error, OSError) as exc:
            read_only = describe_failure(location, exc)
            if "read-only" not in read_only or not path.is_file():
                return failed(location, dialect, read_only)
            try:
                conn = _connect_sqlite_read_only(path)
            except sqlite3.Error:
                return failed(location, dialect, read_only)
    try:
        migrate(conn, dialect)
    except Exception as exc:
        if not isinstance(exc, (*dialect.errors, StoreError)):
            raise
        with contextlib.suppress(Exception):
            conn.close()
        return failed(
            location, dialect, str(exc) if isinstance(exc, StoreError) else describe_failure(location, exc)
        )
    store = Store(
        conn,
        dialect,
        location=location,
        journal=journal,
        problem=read_only,
        busy_timeout=busy_timeout,
        writable=read_only is None,
    )
    if read_only is None:
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
