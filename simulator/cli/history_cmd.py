"""`hotseat history`: a trainee's attempts, per-step sparklines and what to practise next."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from simulator.store.cli_support import pending_lines, with_store, write_output
from simulator.store.errors import UnknownRecord
from simulator.store.history import history_json, render_history_text
from simulator.store.sql_store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("history", help="a trainee's results over time and a suggested next scenario")
    p.add_argument("--trainee", metavar="NAME", help="whose history (default: list trainees)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Any = None) -> int:
    """Handler; `args.emphasis` (scenario id -> step weights) enables the suggestion."""
    emphasis = getattr(args, "emphasis", None)

    def body(store: Store) -> int:
        waiting = pending_lines(store.journal.data_dir)
        if waiting and (args.trainee or args.json):
            print(
                "hotseat: note: results waiting to be imported:\n  " + "\n  ".join(waiting), file=sys.stderr
            )
        if args.trainee:
            names = {n.casefold(): n for n in store.trainees()}
            name = names.get(args.trainee.strip().casefold())
            if name is None:
                raise UnknownRecord(f"no trainee called {args.trainee!r}")
            history = store.history(name, emphasis)
            write_output(history_json(history) if args.json else render_history_text(history), None)
            return 0
        rows = []
        for name in store.trainees():
            h = store.history(name, emphasis)
            last = next((a for a in reversed(h.attempts) if a.complete), None)
            rows.append(
                {
                    "trainee": name,
                    "attempts": len(h.attempts),
                    "last_overall": last.scores.get("overall") if last else None,
                    "weakest_step": h.weakest_step,
                }
            )
        if args.json:
            write_output(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", None)
        elif not rows:
            write_output("No trainees yet.\n", None)
        else:
            lines = [f"{'trainee':<24} {'attempts':>8} {'last':>5}  weakest step"]
            lines += [
                f"{r['trainee']:<24} {r['attempts']:>8} "
                f"{'-' if r['last_overall'] is None else r['last_overall']:>5}  "
                f"{r['weakest_step'] or '-'}"
                for r in rows
            ]
            write_output("\n".join(lines) + "\n", None)
        if waiting and not args.json:
            write_output(
                "\nResults waiting to be imported (see: hotseat status):\n"
                + "".join(f"  {w}\n" for w in waiting),
                None,
            )
        return 0

    return with_store(args, body)
