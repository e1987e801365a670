"""The `hotseat` command line: parse arguments, build settings, dispatch, report errors in one line."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from simulator import __version__
from simulator.cli import engine_cmds
from simulator.errors import ContentErrors, UserError
from simulator.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotseat",
        description="Hot Seat: practise handling angry customers. With no command, opens the game.",
    )
    parser.add_argument("--version", action="version", version=f"hotseat {__version__}")
    parser.add_argument(
        "--scenarios",
        action="append",
        type=Path,
        metavar="DIR",
        help="scenario folder or file (repeatable; default: the bundled scenarios)",
    )
    parser.add_argument(
        "--db", metavar="PATH_OR_URL", help="results database: SQLite path or postgresql:// URL"
    )
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="where results and settings are kept")
    parser.add_argument("--seed", type=int, default=0, help="seed for the customer's line choices")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    engine_cmds.register(sub, None)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    base = Settings()
    return Settings(
        scenario_paths=tuple(args.scenarios) if args.scenarios else base.scenario_paths,
        data_dir=args.data_dir or base.data_dir,
        cache_dir=base.cache_dir,
        db=args.db,
        seed=args.seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = settings_from(args)
    args.data_dir = settings.data_dir
    try:
        if args.command is None:
            from simulator.app.run import run_game  # the desktop game lives in the app layer

            return run_game(settings)
        status: int = args.handler(args, settings)
        return status
    except UserError as exc:
        print(f"hotseat: error: {exc}", file=sys.stderr)
        return 2
    except ContentErrors as exc:
        print(f"hotseat: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nhotseat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: one line for the user, the traceback in a log file
        log = write_crash_log(settings.data_dir, exc)
        print(f"hotseat: internal error: {exc.__class__.__name__}: {exc} (details in {log})", file=sys.stderr)
        return 70


def write_crash_log(data_dir: Path, exc: BaseException) -> Path | str:
    """Keep the traceback for a bug report without showing it to the trainee."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        log = data_dir / "crash.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(exc)) + "\n")
        return log
    except OSError:
        return "no log: data folder not writable"


if __name__ == "__main__":
    sys.exit(main())
