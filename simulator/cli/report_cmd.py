"""`hotseat report`: export one stored conversation as HTML, JSON or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.report.session_html import render_session_html
from simulator.report.tabular import session_csv, session_json
from simulator.store.cli_support import resolve_id, with_store, write_output
from simulator.store.sql_store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="export a stored conversation (HTML debrief, JSON, CSV)")
    p.add_argument("session_id", metavar="SESSION_ID", help="session id (or a unique prefix)")
    fmt = p.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--html", type=Path, metavar="FILE", help="write a printable HTML debrief")
    fmt.add_argument("--json", action="store_true", help="JSON (stdout or --out)")
    fmt.add_argument("--csv", action="store_true", help="CSV, one row per turn (stdout or --out)")
    p.add_argument("--out", type=Path, metavar="FILE", help="file for --json/--csv")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store) -> int:
        sid = resolve_id(store, "sessions", args.session_id, "session")
        record = store.get_session(sid)
        notes = store.observations(sid)
        if args.html:
            write_output(render_session_html(record, observations=notes), args.html)
            print(f"wrote {args.html}")
        elif args.json:
            write_output(session_json(record, notes), args.out)
        else:
            write_output(session_csv(record, notes), args.out)
        return 0

    return with_store(args, body)
