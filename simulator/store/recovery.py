"""Recovery journal: JSON lines of store operations kept while the database is unusable."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from simulator.store.errors import StoreError

RECOVERY_NAME: Final = "recovery.jsonl"


def recovery_candidates(data_dir: Path) -> tuple[Path, ...]:
    """Where a journal may be written, best first (the temp dir if data_dir is read-only)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    return (data_dir / RECOVERY_NAME, Path(tempfile.gettempdir()) / f"hotseat-{user}-{RECOVERY_NAME}")


class RecoveryJournal:
    """Append-only JSON-lines file of store operations, replayed into the DB later.

    Every line is flushed and fsynced before `write` returns, so a crash loses nothing
    already written. Lines are self-contained: {"op": ..., ...}.
    """

    def __init__(self, candidates: Sequence[Path]) -> None:
        self._candidates = tuple(candidates)
        self.path: Path | None = None  # the file actually written to, once used

    def write(self, op: Mapping[str, Any]) -> Path:
        """Append one operation; raise StoreError if no candidate file is writable."""
        line = json.dumps(dict(op), ensure_ascii=False, sort_keys=True) + "\n"
        tried: list[str] = []
        order = ([self.path] if self.path else []) + [
            c for c in self._candidates if c != self.path
        ]
        for path in order:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as fh:
                    fh.write(line)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                tried.append(f"{path} ({exc.strerror or exc})")
                continue
            self.path = path
            return path
        raise StoreError("cannot save results anywhere: " + "; ".join(tried))

    def claim(self) -> list[Path]:
        """Atomically take every pending journal (renaming it) so one process imports it."""
        claimed: list[Path] = []
        for path in self._candidates:
            for stale in sorted(path.parent.glob(path.name + ".*.importing")):
                claimed.append(stale)  # left by an import that crashed: replay is idempotent
            if path.exists():
                target = path.with_name(f"{path.name}.{uuid.uuid4().hex}.importing")
                with contextlib.suppress(OSError):
                    path.rename(target)
                    claimed.append(target)
        return claimed

    def pending(self) -> list[Path]:
        """Journals waiting to be imported (for messages and tests)."""
        found: list[Path] = []
        for path in self._candidates:
            if path.exists():
                found.append(path)
            found.extend(sorted(path.parent.glob(path.name + ".*.importing")))
        return found


def read_journal(path: Path) -> Iterator[dict[str, Any]]:
    """Operations in a journal file; a torn last line (crash mid-write) is skipped."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                op = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(op, dict) and "op" in op:
                yield op
