"""Recovery journal: JSON lines of store operations kept for one database while it is unusable."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import tempfile
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlsplit

from simulator.store.errors import StoreError

RECOVERY_NAME: Final = "recovery.jsonl"  # written by older versions: no target recorded
RECOVERY_PREFIX: Final = "recovery-"
TARGET_KEY: Final = "target"
POSTGRES_SCHEMES: Final = ("postgresql://", "postgres://")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"


def target_identity(db: str | None, data_dir: Path) -> str:
    """A stable name for the database `db` means: its absolute SQLite path or its server and
    database (never a password). Journal entries carry it and are imported only there."""
    if db and str(db).startswith(POSTGRES_SCHEMES):
        return _postgres_identity(str(db))
    path = Path(db).expanduser() if db else data_dir / "results.sqlite3"
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    return f"sqlite:{resolved}"


def _postgres_identity(url: str) -> str:
    try:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        user = query.get("user") or unquote(parts.username or "") or _user()
        host = (query.get("host") or parts.hostname or "localhost").lower()
        port = int(query.get("port") or parts.port or 5432)
        dbname = query.get("dbname") or unquote(parts.path.lstrip("/")) or user
    except ValueError:  # a malformed port: still one name, without the password
        head, sep, tail = url.partition("@")
        return "postgresql://" + (tail if sep else head.split("://", 1)[-1])
    return f"postgresql://{user}@{host}:{port}/{dbname}"


def target_label(identity: str | None) -> str:
    """How a target is shown to the user."""
    if identity is None:
        return "an unrecorded database (written by an older Hot Seat)"
    return identity.removeprefix("sqlite:")


def journal_key(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def journal_folders(data_dir: Path) -> tuple[Path, Path]:
    """Where journals are written, best first (the temp dir if data_dir is read-only)."""
    return data_dir, Path(tempfile.gettempdir())


def journal_prefix(folder: Path, data_dir: Path) -> str:
    """File-name prefix of journals in `folder` (the shared temp dir adds the user name)."""
    return "" if folder == data_dir else f"hotseat-{_user()}-"


def recovery_candidates(data_dir: Path, target: str) -> tuple[Path, ...]:
    """The journal files for one target, best first."""
    name = f"{RECOVERY_PREFIX}{journal_key(target)}.jsonl"
    return tuple(f / (journal_prefix(f, data_dir) + name) for f in journal_folders(data_dir))


class RecoveryJournal:
    """Append-only JSON-lines file of store operations for one database, replayed into it later.

    Every line is flushed and fsynced before `write` returns, so a crash loses nothing
    already written. Lines are self-contained: {"op": ..., "target": ..., ...}.
    """

    def __init__(self, target: str, data_dir: Path) -> None:
        self.target = target
        self.data_dir = data_dir
        self._candidates = recovery_candidates(data_dir, target)
        self.path: Path | None = None  # the file actually written to, once used

    @property
    def label(self) -> str:
        return target_label(self.target)

    def write(self, op: Mapping[str, Any]) -> Path:
        """Append one operation; raise StoreError if no candidate file is writable."""
        line = json.dumps({**op, TARGET_KEY: self.target}, ensure_ascii=False, sort_keys=True)
        data = (line + "\n").encode("utf-8", "surrogatepass")
        tried: list[str] = []
        order = ([self.path] if self.path else []) + [c for c in self._candidates if c != self.path]
        for path in order:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("ab") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                tried.append(f"{path} ({exc.strerror or exc})")
                continue
            self.path = path
            return path
        raise StoreError("cannot save results anywhere: " + "; ".join(tried))

    def claim(self) -> list[Path]:
        """Atomically take this target's pending journals (renaming them), oldest first."""
        claimed: list[Path] = []
        for path in self._candidates:
            with contextlib.suppress(OSError):
                claimed += path.parent.glob(path.name + ".*.importing")  # an import that crashed
            if path.exists():
                taken = path.with_name(f"{path.name}.{uuid.uuid4().hex}.importing")
                with contextlib.suppress(OSError):
                    path.rename(taken)
                    claimed.append(taken)
        return sorted(claimed, key=_mtime)

    def pending(self) -> list[Path]:
        """This target's journals waiting to be imported."""
        found: list[Path] = []
        for path in self._candidates:
            if path.exists():
                found.append(path)
            with contextlib.suppress(OSError):
                found += sorted(path.parent.glob(path.name + ".*.importing"))
        return found

    def for_target(self, target: str) -> RecoveryJournal:
        """The journal of another database, in the same folders."""
        return RecoveryJournal(target, self.data_dir)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def read_journal(path: Path) -> Iterator[dict[str, Any]]:
    """Operations in a journal file; a torn last line (crash mid-write) is skipped."""
    with path.open(encoding="utf-8", errors="replace") as fh:
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


def split_by_target(
    ops: Sequence[dict[str, Any]], target: str
) -> tuple[list[dict[str, Any]], dict[str | None, list[dict[str, Any]]]]:
    """Operations meant for `target`, and the others grouped by the target they name."""
    mine: list[dict[str, Any]] = []
    others: dict[str | None, list[dict[str, Any]]] = {}
    for op in ops:
        named = op.get(TARGET_KEY)
        if named == target:
            mine.append(op)
        else:
            others.setdefault(named if isinstance(named, str) else None, []).append(op)
    return mine, others


def refile(journal: RecoveryJournal, others: Mapping[str | None, Sequence[Mapping[str, Any]]]) -> None:
    """Put operations meant for other databases back into their own journals (never imported here)."""
    for target, ops in others.items():
        if target is not None:
            other = journal.for_target(target)
            for op in ops:
                other.write(op)
            continue
        legacy = journal.data_dir / RECOVERY_NAME
        legacy.parent.mkdir(parents=True, exist_ok=True)
        with legacy.open("ab") as fh:
            for op in ops:
                line = json.dumps(dict(op), ensure_ascii=False, sort_keys=True) + "\n"
                fh.write(line.encode("utf-8", "surrogatepass"))
            fh.flush()
            os.fsync(fh.fileno())
