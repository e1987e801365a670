"""`hotseat report`: export one stored conversation as HTML, JSON or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.report.session_html import render_session_html
from simulator.report.tabular import session_csv, session_json
from simulator.store.cli_support import resolve_id, with_store, write_output
from simulator.store.sql_store import Store

STDOUT = Path("-")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="export a stored conversation (HTML debrief, JSON, CSV)")
    p.add_argument("session_id", metavar="SESSION_ID", help="session id (or a unique prefix)")
    fmt = p.add_mutually_exclusive_group(required=True)
    # each format takes the file to write, as group-report does; "-" (or no FILE for JSON/CSV) is stdout
    fmt.add_argument("--html", type=Path, metavar="FILE", help="write a printable HTML debrief to FILE")
    fmt.add_argument(
        "--json", type=Path, nargs="?", const=STDOUT, metavar="FILE", help="JSON to FILE (or stdout)"
    )
    fmt.add_argument(
        "--csv",
        type=Path,
        nargs="?",
        const=STDOUT,
        metavar="FILE",
        help="CSV, one row per turn, to FILE (or stdout)",
    )
    p.add_argument(
        "--out", type=Path, metavar="FILE", help=argparse.SUPPRESS
    )  # older spelling of --json FILE
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store) -> int:
        sid = resolve_id(store, "sessions", args.session_id, "session")
        record = store.get_session(sid)
        notes = store.observations(sid)
        if args.html:
            text, target = render_session_html(record, observations=notes), args.html
        elif args.json:
            text, target = session_json(record, notes), args.json
        else:
            text, target = session_csv(record, notes), args.csv
        if target == STDOUT and args.out is not None:
            target = args.out
        write_output(text, None if target == STDOUT else target)
        if target != STDOUT:
            print(f"wrote {target}")
        return 0

    return with_store(args, body)
