"""The `hotseat` command line: parse arguments, build settings, dispatch, report errors in one line."""

from __future__ import annotations

import argparse
import contextlib
import inspect
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from simulator import __version__
from simulator.cli import (
    app_cmds,
    authoring_cmds,
    engine_cmds,
    group_cmd,
    history_cmd,
    lrs_cmd,
    report_cmd,
    status_cmd,
    voices_cmd,
)
from simulator.engine.utterance import replace_undecodable
from simulator.errors import ContentErrors, UserError
from simulator.settings import Settings

GLOBAL_OPTIONS: dict[str, dict[str, Any]] = {
    "--scenarios": {
        "action": "append", "type": Path, "metavar": "DIR",
        "help": "scenario folder or file (repeatable; default: the bundled scenarios)",
    },
    "--db": {"metavar": "PATH_OR_URL", "help": "results database: SQLite path or postgresql:// URL"},
    "--data-dir": {"type": Path, "metavar": "DIR", "help": "where results and settings are kept"},
    "--phrases": {
        "action": "append", "type": Path, "metavar": "FILE",
        "help": "an extra phrase pack for the move detector (repeatable; see docs/AUTHORING.md)",
    },
    "--seed": {"type": int, "help": "seed for the customer's line choices"},
}  # fmt: skip


def add_global_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Options every command accepts, before or after the command name (unless it has its own)."""
    for option, spec in GLOBAL_OPTIONS.items():
        if option in parser._option_string_actions:
            continue
        default = 0 if option == "--seed" else None
        parser.add_argument(option, **spec, default=argparse.SUPPRESS if suppress else default)


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += [child, *_subparsers(child)]
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hotseat",
        description="Hot Seat: practise handling angry customers. With no command, opens the game.",
    )
    parser.add_argument("--version", action="version", version=f"hotseat {__version__}")
    add_global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        engine_cmds,
        app_cmds,
        authoring_cmds,
        history_cmd,
        report_cmd,
        group_cmd,
        lrs_cmd,
        status_cmd,
        voices_cmd,
    ):
        module.register(sub)
    for child in _subparsers(parser):
        add_global_options(child, suppress=True)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    base = Settings()
    return Settings(
        scenario_paths=tuple(args.scenarios) if args.scenarios else base.scenario_paths,
        data_dir=args.data_dir or base.data_dir,
        cache_dir=base.cache_dir,
        db=args.db,
        phrase_packs=tuple(args.phrases or ()),
        seed=args.seed,
    )


def call_handler(handler: Callable[..., int], args: argparse.Namespace, settings: Settings) -> int:
    """Handlers take (args, settings); the store's commands read args.db / args.data_dir only."""
    if args.command == "history":  # the suggestion weighs each scenario's steps
        from simulator.content_files import load_library
        from simulator.engine.scoring import step_emphasis

        scenarios = load_library(settings.scenario_paths).scenarios
        args.emphasis = {sid: step_emphasis(s) for sid, s in scenarios.items()}
    if len(inspect.signature(handler).parameters) == 1:
        return int(handler(args))
    return int(handler(args, settings))


RAW_TEXT_OPTIONS = frozenset({"db"})  # paths given as text: their bytes must be kept as they are


def tolerate_bad_bytes() -> None:
    """Invalid UTF-8 on stdin reads as U+FFFD, and output never fails on an odd character."""
    for stream, errors in (
        (sys.stdin, "replace"),
        (sys.stdout, "backslashreplace"),
        (sys.stderr, "backslashreplace"),
    ):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors=errors)


def clean_arguments(args: argparse.Namespace) -> None:
    """Text arguments with bytes that are not UTF-8 get U+FFFD instead of lone surrogates."""
    for name, value in vars(args).items():
        if name in RAW_TEXT_OPTIONS:
            continue
        if isinstance(value, str):
            setattr(args, name, replace_undecodable(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            setattr(args, name, [replace_undecodable(v) for v in value])


def main(argv: Sequence[str] | None = None) -> int:
    tolerate_bad_bytes()
    parser = build_parser()
    args = parser.parse_args(argv)
    clean_arguments(args)
    settings = settings_from(args)
    args.data_dir = settings.data_dir
    try:
        if args.command is None:
            return app_cmds.open_game(settings)
        return call_handler(args.handler, args, settings)
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
    except OSError as exc:  # a file the user named: one line saying which and why
        where = f"{str(exc.filename)[:120]}: " if exc.filename else ""
        print(f"hotseat: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
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


def run() -> None:
    """The `hotseat` program: main(), then exit.

    A speech worker still inside native code (a Whisper decode or model load that outlived
    the game's bounded wait) must not meet the interpreter's shutdown: the C++ runtime
    aborts. Everything is stored and flushed by then, so the process ends at once.
    """
    code = main()
    voice = sys.modules.get("simulator.app.voice")  # only the game starts speech workers
    if voice is not None and voice.unfinished_workers():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
