"""`hotseat status`: which database results go to, whether it works, and results waiting per database."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from simulator.store.cli_support import fail
from simulator.store.errors import StoreError
from simulator.store.opening import default_data_dir, open_store
from simulator.store.pending import scan_pending
from simulator.store.sql_store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "status", help="the results database in use and any results waiting to be imported"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE",
        help="import a recovery file written by an older Hot Seat (it names no "
        "database) into the --db database",
    )
    p.set_defaults(handler=run)


def _counts(store: Store) -> dict[str, int]:
    if not store.available:
        return {}
    try:
        sessions = store.query("SELECT COUNT(*) FROM sessions")[0][0]
        trainees = store.query("SELECT COUNT(*) FROM trainees")[0][0]
    except StoreError:
        return {}
    return {"conversations": int(sessions), "trainees": int(trainees)}


def run(args: argparse.Namespace, settings: Any = None) -> int:
    data_dir = Path(getattr(args, "data_dir", None) or default_data_dir())
    try:
        store = open_store(getattr(args, "db", None), data_dir)
    except StoreError as exc:
        return fail(str(exc))
    try:
        if args.import_file is not None:
            try:
                done = store.import_unrecorded(args.import_file)
            except (StoreError, OSError) as exc:
                return fail(f"cannot import {args.import_file}: {exc}")
            print(f"imported {done} change(s) from {args.import_file} into {store.journal.label}")
        counts = _counts(store)
        ok = store.available and not store.diverted
        pending = scan_pending(data_dir)
    finally:
        store.close()
    if args.json:
        print(
            json.dumps(
                {
                    "database": store.journal.label,
                    "kind": store.dialect.name,
                    "working": ok,
                    "problem": store.problem,
                    **counts,
                    "pending": [
                        {
                            "database": p.label,
                            "target": p.target,
                            "conversations": p.sessions,
                            "changes": p.operations,
                            "files": [str(f) for f in p.files],
                        }
                        for p in pending
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0 if ok else 1
    state = "working" if ok else f"NOT WORKING: {store.problem}"
    print(f"Results database: {store.journal.label} ({store.dialect.name}) - {state}")
    if counts:
        print(f"  {counts['conversations']} conversation(s), {counts['trainees']} trainee(s)")
    if not pending:
        print("No results waiting to be imported.")
    else:
        print("Results waiting to be imported:")
        for p in pending:
            print(f"  {p.describe()}")
        if any(p.target is None for p in pending):
            print(
                "  (a file that names no database: import it into the right one with "
                "hotseat --db DATABASE status --import FILE)"
            )
        print("Each database's results are imported the next time a command uses it (--db).")
    return 0 if ok else 1
