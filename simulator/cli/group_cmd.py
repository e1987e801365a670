"""`hotseat group ...` and `hotseat group-report`: hot-seat classes for trainers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulator.report.group_report import group_csv, render_group_html, render_group_text
from simulator.store.cli_support import fail, resolve_id, with_store, write_output
from simulator.store.errors import StoreError
from simulator.store.groups import PLANS, parse_roster, read_roster_csv
from simulator.store.sql_store import Store

MAX_TURN_INDEX = 10_000


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("group", help="hot-seat classes: create, next up, observe, list")
    sub = group.add_subparsers(dest="group_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="create a group with a roster and a scenario plan")
    create.add_argument("name", metavar="NAME")
    roster = create.add_mutually_exclusive_group(required=True)
    roster.add_argument("--roster", metavar='"A,B,C"', help="comma-separated names")
    roster.add_argument("--roster-csv", type=Path, metavar="FILE", help="CSV file of names")
    create.add_argument("--plan", choices=PLANS, default="same", help="scenario plan")
    create.add_argument(
        "--scenario",
        action="append",
        required=True,
        metavar="ID",
        dest="scenario_ids",
        help="scenario id (repeat for rotation/random)",
    )
    create.add_argument("--seed", type=int, help="seed for the random plan")
    create.set_defaults(handler=run_create)

    nxt = sub.add_parser("next", help="who is in the hot seat next, with which scenario")
    nxt.add_argument("group_id", metavar="GROUP_ID")
    nxt.set_defaults(handler=run_next)

    observe = sub.add_parser("observe", help="rate a trainee turn (1-5) with a comment")
    observe.add_argument("session_id", metavar="SESSION_ID")
    observe.add_argument("turn_index", type=turn_number, metavar="TURN_INDEX")
    observe.add_argument("--rating", type=int, required=True, choices=range(1, 6), metavar="N")
    observe.add_argument("--comment", required=True, metavar="TEXT")
    observe.add_argument("--observer", default="", metavar="NAME")
    observe.set_defaults(handler=run_observe)

    lst = sub.add_parser("list", help="list groups")
    lst.set_defaults(handler=run_list)

    report = subparsers.add_parser("group-report", help="class summary and leaderboard of a group")
    report.add_argument("group_id", metavar="GROUP_ID")
    report.add_argument("--html", type=Path, metavar="FILE", help="write an HTML report")
    report.add_argument("--csv", type=Path, metavar="FILE", help="write the leaderboard as CSV")
    report.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace trainee names and the customer's words",
    )
    report.set_defaults(handler=run_report)


def turn_number(text: str) -> int:
    """A turn index as typed: a whole number from 0 to MAX_TURN_INDEX (argparse explains others)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a turn number") from None
    if not 0 <= value <= MAX_TURN_INDEX:
        raise argparse.ArgumentTypeError(f"turn numbers go from 0 to {MAX_TURN_INDEX}, not {text[:40]}")
    return value


def unknown_scenarios(wanted: list[str], settings: Any) -> str | None:
    """Why some --scenario ids are not in the library (None when all are known)."""
    import difflib

    from simulator.content_files import load_library

    if settings is None:
        return None
    known = load_library(settings.scenario_paths).scenarios
    missing = [s for s in wanted if s not in known]
    if not missing:
        return None
    parts = []
    for sid in missing:
        close = difflib.get_close_matches(sid, list(known), n=1)
        parts.append(f"'{sid[:60]}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return f"unknown scenario {', '.join(parts)}; run 'hotseat scenarios' to list them"


def run_create(args: argparse.Namespace, settings: Any = None) -> int:
    try:
        names = read_roster_csv(args.roster_csv) if args.roster_csv else parse_roster(args.roster)
    except StoreError as exc:
        return fail(str(exc))
    problem = unknown_scenarios(args.scenario_ids, settings)
    if problem:
        return fail(problem)

    def body(store: Store) -> int:
        g = store.create_group(args.name, names, args.plan, args.scenario_ids, args.seed)
        print(f"{g.group_id}\t{g.name}\t{len(g.roster)} trainees\tplan {g.plan}")
        return 0

    return with_store(args, body)


def run_next(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store) -> int:
        trainee, scenario = store.next_up(resolve_id(store, "training_groups", args.group_id, "group"))
        print(f"{trainee}\t{scenario}")
        return 0

    return with_store(args, body)


def run_observe(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store) -> int:
        sid = resolve_id(store, "sessions", args.session_id, "session")
        store.add_observation(sid, args.turn_index, args.rating, args.comment, args.observer)
        print(f"rated turn {args.turn_index} of {sid}: {args.rating}/5")
        return 0

    return with_store(args, body)


def run_list(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store) -> int:
        groups = store.groups()
        if not groups:
            print("No groups yet.")
        for g in groups:
            print(
                f"{g.group_id}\t{g.name}\t{len(g.roster)} trainees\tplan {g.plan}"
                f"\t{','.join(g.scenarios)}\t{g.created_at}"
            )
        return 0

    return with_store(args, body)


def run_report(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store) -> int:
        gid = resolve_id(store, "training_groups", args.group_id, "group")
        summary = store.class_summary(gid, anonymise=args.anonymise)
        if args.html:
            write_output(render_group_html(summary), args.html)
            print(f"wrote {args.html}")
        if args.csv:
            write_output(group_csv(summary), args.csv)
            print(f"wrote {args.csv}")
        if not args.html and not args.csv:
            write_output(render_group_text(summary), None)
        return 0

    return with_store(args, body)
