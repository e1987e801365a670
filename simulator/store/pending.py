"""Which results wait in recovery journals, per target database (for `status` and `history`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from simulator.store.recovery import (
    RECOVERY_NAME,
    RECOVERY_PREFIX,
    TARGET_KEY,
    journal_folders,
    journal_prefix,
    read_journal,
    target_label,
)


@dataclass(frozen=True, slots=True)
class Pending:
    """Operations waiting for one database: how many, for how many conversations, and where."""

    target: str | None  # None: a journal from an older version that did not record its database
    operations: int
    sessions: int
    files: tuple[Path, ...]

    @property
    def label(self) -> str:
        return target_label(self.target)

    def describe(self) -> str:
        what = f"{self.sessions} conversation(s)" if self.sessions else "profile/group changes"
        where = ", ".join(str(f) for f in self.files)
        return f"{what} ({self.operations} change(s)) waiting for {self.label} in {where}"


def journal_files(data_dir: Path) -> list[Path]:
    """Every journal file of this user: per-target, legacy, and claimed-but-unfinished ones."""
    found: set[Path] = set()
    for folder in journal_folders(data_dir):
        prefix = journal_prefix(folder, data_dir)
        for pattern in (
            f"{prefix}{RECOVERY_PREFIX}*.jsonl",
            f"{prefix}{RECOVERY_PREFIX}*.importing",
            f"{prefix}{RECOVERY_NAME}",
            f"{prefix}{RECOVERY_NAME}.*.importing",
        ):
            with contextlib.suppress(OSError):
                found.update(p for p in folder.glob(pattern) if p.is_file())
    return sorted(found)


def scan_pending(data_dir: Path) -> list[Pending]:
    """Pending results grouped by the database they are meant for."""
    ops_by: dict[str | None, int] = {}
    sessions_by: dict[str | None, set[str]] = {}
    files_by: dict[str | None, list[Path]] = {}
    for path in journal_files(data_dir):
        try:
            ops = list(read_journal(path))
        except OSError:
            continue
        for op in ops:
            named = op.get(TARGET_KEY)
            target = named if isinstance(named, str) else None
            ops_by[target] = ops_by.get(target, 0) + 1
            sid = op.get("session_id") or (op.get("record") or {}).get("session_id")
            if isinstance(sid, str):
                sessions_by.setdefault(target, set()).add(sid)
            if path not in files_by.setdefault(target, []):
                files_by[target].append(path)
    return [
        Pending(t, ops_by[t], len(sessions_by.get(t, ())), tuple(files_by[t]))
        for t in sorted(ops_by, key=lambda t: (t is None, t or ""))
    ]
