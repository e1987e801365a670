"""`hotseat lrs config|status|export|push`: results as xAPI statements for the centre's LRS."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.errors import UserError
from simulator.lrs.client import LrsClient
from simulator.lrs.config import config_path, load_xapi_config, push_target, save_xapi_config
from simulator.lrs.push import Pusher, PushReport
from simulator.lrs.statements import XapiConfig
from simulator.store import lrs_queue
from simulator.store.cli_support import fail, resolve_id, with_store, write_output
from simulator.store.sql_store import Store, utc_now


def register(subparsers: argparse._SubParsersAction) -> None:
    lrs = subparsers.add_parser(
        "lrs", help="send results to a Learning Record Store (xAPI): config, status, export, push"
    )
    sub = lrs.add_subparsers(dest="lrs_command", metavar="ACTION", required=True)
    p = sub.add_parser("config", help="show or set the trainees' homePage and the activity IRI base")
    p.add_argument("--home-page", metavar="URL", help="the centre's site trainees' accounts belong to")
    p.add_argument("--activity-base", metavar="URL", help="base of scenario and group IRIs")
    p.add_argument("--language", metavar="TAG", help="language tag of names and descriptions")
    p.set_defaults(handler=run_config)
    p = sub.add_parser("status", help="how many statements are queued, sent and rejected")
    p.set_defaults(handler=run_status)
    p = sub.add_parser("export", help="write statements as a JSON array for manual import")
    p.add_argument("--trainee", metavar="NAME", help="only this trainee's")
    p.add_argument("--group", metavar="ID", help="only this group's (id or unique prefix)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="where to write ('-' = stdout)")
    p.set_defaults(handler=run_export)
    p = sub.add_parser("push", help="send the unsent statements to an LRS")
    p.add_argument(
        "--endpoint", metavar="URL", help="the LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/"
    )
    p.add_argument("--user", metavar="U", help="LRS user (HTTP Basic)")
    p.add_argument("--password", metavar="P", help="LRS password (prefer --config: flags show in `ps`)")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help='JSON file {"endpoint": ..., "user": ..., "password": ...}')  # fmt: skip
    p.add_argument("--batch-size", type=int, default=100, metavar="N", help="statements per request")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds to wait for an answer")
    p.add_argument("--retries", type=int, default=3, metavar="N", help="retries of a failed request")
    p.add_argument("--retry-rejected", action="store_true", help="send rejected statements again too")
    p.set_defaults(handler=run_push)


def describer(settings: Any) -> Callable[[str], str]:
    """Scenario id -> its briefing (the activity description), loading the library on first use."""
    cache: dict[str, str] = {}
    loaded = False

    def describe(scenario_id: str) -> str:
        nonlocal loaded
        if not loaded:
            loaded = True
            try:
                from simulator.content_files import load_library

                library = load_library(settings.scenario_paths).scenarios
                cache.update({sid: s.briefing for sid, s in library.items()})
            except Exception:  # unreadable scenarios: the description falls back to the id
                pass
        return cache.get(scenario_id, "")

    return describe


def _prepared(args: argparse.Namespace, settings: Any, body: Callable[[Store, XapiConfig], int]) -> int:
    """Open the store, queue statements of attempts that lack them, then run `body`."""
    config = load_xapi_config(Path(args.data_dir))

    def wrapped(store: Store) -> int:
        missing = len(lrs_queue.missing_sessions(store))
        if missing >= 100:
            print(f"queueing xAPI statements for {missing} earlier attempts (once)...", file=sys.stderr)
        lrs_queue.backfill(store, config, describer(settings), utc_now())
        return body(store, config)

    return with_store(args, wrapped)


def run_config(args: argparse.Namespace, settings: Any = None) -> int:
    data_dir = Path(args.data_dir)
    changes = {k: v for k, v in (("home_page", args.home_page), ("activity_base", args.activity_base),
                                 ("language", args.language)) if v is not None}  # fmt: skip
    try:
        old = load_xapi_config(data_dir)
    except UserError as exc:
        if not changes:
            raise
        print(f"replacing unreadable settings ({exc})", file=sys.stderr)
        old = XapiConfig()
    if not changes:
        print(f"homePage:      {old.home_page}\nactivity base: {old.base}\nlanguage:      {old.language}"
              f"\n(settings file: {config_path(data_dir)})")  # fmt: skip
        return 0
    try:
        new = XapiConfig(**{"home_page": old.home_page, "activity_base": old.activity_base,
                            "language": old.language, **changes})  # fmt: skip
    except ValueError as exc:
        return fail(str(exc), 2)
    path = save_xapi_config(data_dir, new)
    print(f"saved {path}")

    def rebuild(store: Store) -> int:
        lrs_queue.drop_unsent(store)
        lrs_queue.backfill(store, new, describer(settings), utc_now())
        c = lrs_queue.counts(store)
        print(f"{c.queued} unsent statements now use these settings"
              + (f"; {c.sent} already sent keep the old ones" if c.sent else ""))  # fmt: skip
        return 0

    return with_store(args, rebuild)


def run_status(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store, config: XapiConfig) -> int:
        c = lrs_queue.counts(store)
        print(f"xAPI statements: {c.queued} queued, {c.sent} sent, {c.rejected} rejected")
        print(f"homePage {config.home_page}, activity base {config.base}")
        for sid, trainee, verb, message in lrs_queue.rejected(store):
            print(f"  rejected {sid} ({trainee}, {verb}): {message}")
        return 0

    return _prepared(args, settings, body)


def run_export(args: argparse.Namespace, settings: Any = None) -> int:
    def body(store: Store, config: XapiConfig) -> int:
        group = resolve_id(store, "training_groups", args.group, "group") if args.group else None
        trainee = args.trainee
        if trainee is not None:
            names = {n.casefold(): n for n in store.trainees()}
            if trainee.strip().casefold() not in names:
                return fail(f"no trainee called {trainee!r}")
            trainee = names[trainee.strip().casefold()]
        statements = lrs_queue.export(store, trainee=trainee, group_id=group)
        text = json.dumps(statements, indent=2, ensure_ascii=False) + "\n"
        out = None if str(args.out) == "-" else args.out
        write_output(text, out)
        if out is not None:
            print(f"wrote {len(statements)} statements to {out}")
        return 0

    return _prepared(args, settings, body)


def run_push(args: argparse.Namespace, settings: Any = None) -> int:
    if args.batch_size < 1 or args.timeout <= 0 or args.retries < 0:
        return fail("--batch-size must be at least 1, --timeout above 0 and --retries 0 or more", 2)
    target = push_target(args.endpoint, args.user, args.password, args.config)

    def body(store: Store, config: XapiConfig) -> int:
        if args.retry_rejected:
            lrs_queue.requeue_rejected(store)
        total = lrs_queue.counts(store).queued
        if not total:
            print("nothing to push: every statement has been sent")
            return 0

        def progress(report: PushReport) -> None:
            print(f"sent {report.sent} of {total}", flush=True)

        pusher = Pusher(store, LrsClient(target, timeout=args.timeout), target.endpoint,
                        batch_size=args.batch_size, retries=args.retries, progress=progress)  # fmt: skip
        report = pusher.run()
        for row, message in report.rejected:
            print(f"rejected {row.statement_id} ({row.trainee}, {row.verb}): {message}")
        if report.error:
            return fail(f"{report.error}; {report.sent} sent this time, {report.remaining} still "
                        "queued (kept: run `hotseat lrs push` again)")  # fmt: skip
        print(f"pushed {report.sent} statements to {target.endpoint}"
              f"{f', {len(report.rejected)} rejected' if report.rejected else ''}")  # fmt: skip
        if report.rejected:
            print("rejected statements stay in the store; fix the cause, then push with --retry-rejected",
                  file=sys.stderr)  # fmt: skip
            return 1
        return 0

    return _prepared(args, settings, body)
