"""Helpers shared by the store's CLI commands: open, resolve id prefixes, one-line errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from simulator.store.errors import StoreError, UnknownRecord
from simulator.store.opening import default_data_dir, open_store
from simulator.store.sql_store import Store

MAX_ID_CHARS = 64  # session and group ids are 32 hex characters (imported ones may differ)


def fail(message: str, code: int = 1) -> int:
    print(f"hotseat: error: {message}", file=sys.stderr)
    return code


def with_store(args: argparse.Namespace, body: Callable[[Store], int]) -> int:
    """Open the store named by args.db/args.data_dir, run `body`, report errors in one line."""
    data_dir = getattr(args, "data_dir", None) or default_data_dir()
    try:
        store = open_store(getattr(args, "db", None), Path(data_dir))
    except StoreError as exc:
        return fail(str(exc))
    try:
        if not store.available:
            waiting = pending_lines(Path(data_dir))
            note = "\n  results waiting to be imported:\n    " + "\n    ".join(waiting) if waiting else ""
            return fail((store.problem or "results database unavailable") + note)
        if store.problem:
            print(f"hotseat: warning: {store.problem}", file=sys.stderr)
        return body(store)
    except StoreError as exc:
        return fail(str(exc))
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return fail(f"cannot write{where}: {exc.strerror or exc}")
    finally:
        store.close()


def resolve_id(store: Store, table: str, given: str, what: str) -> str:
    """Accept a full id or a unique prefix of one (ids are 32 hex characters)."""
    if len(given) > MAX_ID_CHARS:
        raise UnknownRecord(
            f"no {what} with id {given[:40]!r}... (ids are 32 characters, this one has {len(given):,})"
        )
    rows = store.query(f"SELECT id FROM {table} WHERE id = ?", (given,))
    if rows:
        return str(rows[0][0])
    if len(given) >= 4:
        pattern = given.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = store.query(f"SELECT id FROM {table} WHERE id LIKE ? ESCAPE '\\' ORDER BY id", (pattern,))
        if len(rows) == 1:
            return str(rows[0][0])
        if len(rows) > 1:
            raise UnknownRecord(f"{what} id {given!r} is ambiguous ({len(rows)} match)")
    raise UnknownRecord(f"no {what} with id {given!r}")


def write_output(text: str, out: Path | None) -> None:
    """Write to a file (UTF-8) or to stdout."""
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def waiting_notice(store: Store) -> str | None:
    """One line saying where this command's unsaved results wait, or None when nothing waits."""
    files = store.journal.pending()
    if not files:
        return None
    where = ", ".join(str(f) for f in files)
    return (
        f"results for {store.journal.label} are waiting in {where}; they are imported "
        "the next time that database can be used (see: hotseat status)"
    )


def pending_lines(data_dir: Path) -> list[str]:
    """Pending results in recovery journals, one line per target database."""
    from simulator.store.pending import scan_pending

    return [p.describe() for p in scan_pending(data_dir)]
