"""Store writes that fall back to a recovery journal for their own database, and a background retry."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from simulator.store.dialect import Dialect
from simulator.store.errors import StoreError, StoreUnavailable, UnknownRecord
from simulator.store.ops import Statement, op_statements
from simulator.store.recovery import RecoveryJournal, read_journal, refile, split_by_target
from simulator.store.retry import BackgroundRetry

RETRY_INTERVAL_S = 1.0  # background import attempts while writes are diverted
SHORT_WAIT_S = 0.05  # busy wait of one background attempt (a write queued behind it waits no longer)


def describe_failure(location: str, exc: BaseException) -> str:
    """One line saying what is wrong with the database, in the user's terms."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = detail.lower()
    if "locked" in low or "busy" in low or "lock timeout" in low:
        what = "locked by another program"
    elif "readonly" in low or "read-only" in low or "permission" in low or "unable to open" in low:
        what = "read-only or not writable"
    elif "not a database" in low or "malformed" in low or "corrupt" in low:
        what = "corrupt (move the file aside to start a fresh one)"
    elif "connect" in low or "server" in low or "timeout" in low:
        what = "unreachable"
    else:
        what = "unusable"
    return f"results database {location} is {what} ({detail})"


class JournaledStore:
    """The connection, its write path and the recovery journal it falls back to."""

    def __init__(
        self,
        conn: Any | None,
        dialect: Dialect,
        *,
        location: str,
        journal: RecoveryJournal,
        problem: str | None = None,
        busy_timeout: float = 5.0,
        writable: bool = True,
    ) -> None:
        self._conn = conn
        self.dialect = dialect
        self.location = location
        self.journal = journal
        self.problem = problem
        self.busy_timeout = busy_timeout
        self.retry_interval = RETRY_INTERVAL_S
        self.imported = 0  # operations imported from recovery journals by this Store
        self._lock = threading.RLock()
        self._diverted = not writable  # read-only: reads from the database, writes to the journal
        self._retry: BackgroundRetry | None = None

    @property
    def available(self) -> bool:
        """True when the database itself (not just the recovery journal) is in use."""
        return self._conn is not None

    def close(self) -> None:
        """Stop the background retry (after one last quick attempt) and close the database."""
        if self._retry is not None:
            self._retry.stop()
            if self._diverted:
                with contextlib.suppress(Exception):
                    self.try_resume()
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.close()
                self._conn = None

    # -- operations (also the recovery journal's vocabulary) -------------------------

    def _run(self, statements: Sequence[Statement]) -> None:
        cursor = self._conn.cursor()  # type: ignore[union-attr]
        cursor.execute(self.dialect.begin)
        try:
            for sql, params, must_touch in statements:
                cursor.execute(sql, params)
                if must_touch and cursor.rowcount == 0:
                    raise UnknownRecord(f"no session with id {params[-1]}")
            cursor.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                cursor.execute("ROLLBACK")
            raise

    def _apply(self, op: dict[str, Any]) -> None:
        """Write one operation to the database, or to the recovery journal if it fails.

        After the first failure (a busy timeout included) every later write goes straight to
        the journal, so nothing waits on the database again and the order of operations is
        kept; a background retry imports the journal once the database can be used."""
        with self._lock:
            reason = self.problem
            if self._conn is not None and not self._diverted:
                try:
                    self._run(op_statements(self.dialect, op, strict=True))
                    return
                except self.dialect.integrity_errors as exc:
                    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    raise StoreError(f"{op['op']} refused by the database: {first}") from exc
                except self.dialect.errors as exc:
                    reason = describe_failure(self.location, exc)
                    self._divert()
            path = self.journal.write(op)
            reason = (reason or f"results database {self.location} is unusable").split("; ")[0]
            self.problem = (
                f"{reason}; results are kept in {path} and will be imported into "
                f"{self.journal.label} when it can be used again"
            )

    def _divert(self) -> None:
        """Send writes to the journal from now on; retry the database in the background."""
        self._diverted = True
        if self._conn is not None and (self._retry is None or not self._retry.running):
            self._retry = BackgroundRetry(self.try_resume, self.retry_interval)

    @property
    def diverted(self) -> bool:
        """True while writes go to the recovery journal instead of the open database."""
        return self._diverted

    def try_resume(self) -> bool:
        """One quick attempt (short busy wait) to import the journal and write to the database again."""
        with self._lock:
            if self._conn is None:
                return True
            with self._short_wait():
                ok = self._import()
            if ok:
                self._diverted = False
                self.problem = None
            return ok

    @contextlib.contextmanager
    def _short_wait(self) -> Iterator[None]:
        """Wait at most SHORT_WAIT_S for another program's lock (a background attempt)."""
        conn: Any = self._conn
        setting = "PRAGMA busy_timeout = {}" if self.dialect.name == "sqlite" else "SET lock_timeout = {}"
        with contextlib.suppress(Exception):
            conn.execute(setting.format(int(SHORT_WAIT_S * 1000)))
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                conn.execute(setting.format(int(self.busy_timeout * 1000)))

    def import_recovery(self) -> int:
        """Replay this database's pending recovery journals into it; return operations imported."""
        if self._conn is None:
            return 0
        with self._lock:
            before = self.imported
            if not self._import():
                self._divert()
            return self.imported - before

    def _import(self) -> bool:
        """Import every claimed journal of this target in one transaction (False if refused)."""
        claimed = self.journal.claim()
        if not claimed:
            return True
        ops = [op for path in claimed for op in read_journal(path)]
        mine, others = split_by_target(ops, self.journal.target)
        try:
            self._run([s for op in mine for s in op_statements(self.dialect, op, strict=False)])
        except Exception as exc:
            if not isinstance(exc, (*self.dialect.errors, StoreError)):
                raise
            detail = (
                describe_failure(self.location, exc) if isinstance(exc, self.dialect.errors) else str(exc)
            )
            self.problem = (
                f"{detail}; results waiting in {', '.join(map(str, claimed))} "
                f"will be imported into {self.journal.label} when it can be used"
            )
            return False
        try:
            refile(self.journal, others)
        except (OSError, StoreError):
            return True  # imported; keep the files so the other targets' entries are not lost
        for path in claimed:
            path.unlink(missing_ok=True)
        self.imported += len(mine)
        return True

    def import_unrecorded(self, path: Path) -> int:
        """Import a journal from an older version (no database named) into this one, on request.

        Entries naming another database are moved to that database's own journal."""
        self._require()
        if not path.is_file():
            raise StoreError(f"{path} is not a recovery file")
        ops = list(read_journal(path))
        mine, others = split_by_target(ops, self.journal.target)
        mine += others.pop(None, [])
        with self._lock:
            try:
                self._run([s for op in mine for s in op_statements(self.dialect, op, strict=False)])
            except self.dialect.errors as exc:
                raise StoreUnavailable(describe_failure(self.location, exc)) from exc
            taken = path.with_name(f"{path.name}.{uuid.uuid4().hex}.importing")
            path.rename(taken)  # so entries moved to their own journal never land back in this file
            refile(self.journal, others)
        taken.unlink(missing_ok=True)
        return len(mine)

    def _require(self) -> Any:
        if self._conn is None:
            raise StoreUnavailable(self.problem or f"results database {self.location} is closed")
        return self._conn
