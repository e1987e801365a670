"""Game commands: `play` opens the window, `screenshots` renders every scene to PNG files."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.errors import UserError
from simulator.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help="open the game window (optionally straight into a scenario)")
    play.add_argument("--scenario", metavar="ID", help="start this scenario right away")
    play.add_argument("--typed", action="store_true", help="type answers (no microphone or recognizer)")
    play.add_argument("--trainee", metavar="NAME", help="who is training (default: your login name)")
    play.add_argument("--no-save", action="store_true", help="do not store conversations")
    play.add_argument(
        "--recognizer",
        metavar="NAME",
        help="auto, whisper, sphinx, or a faster-whisper model name or folder (kept in the game's settings)",
    )
    play.set_defaults(handler=_play)
    shots = sub.add_parser("screenshots", help="render each game screen of a scenario to PNG files")
    shots.add_argument("--scenario", metavar="ID", help="scenario id (default: the first one)")
    shots.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the PNG files")
    shots.add_argument("--size", default="1280x720", metavar="WxH", help="window size (default 1280x720)")
    shots.add_argument("--large-text", action="store_true", help="render with the large-text option")
    shots.set_defaults(handler=_screenshots)


def _play(args: argparse.Namespace, settings: Settings) -> int:
    if args.recognizer:
        remember_recognizer(settings, args.recognizer)
    return open_game(settings, scenario_id=args.scenario, typed=args.typed, trainee=args.trainee,
                     save=not args.no_save)  # fmt: skip


def remember_recognizer(settings: Settings, recognizer: str) -> None:
    """Keep a --recognizer choice in the game's saved options, as the Settings screen would."""
    from dataclasses import replace

    from simulator.app.prefs import PREFS_FILE, load_prefs, save_prefs

    path = settings.data_dir / PREFS_FILE
    prefs, _ = load_prefs(path)
    problem = save_prefs(path, replace(prefs, recognizer=recognizer.strip() or "auto"))
    if problem:
        raise UserError(problem)


def open_game(
    settings: Settings,
    *,
    scenario_id: str | None = None,
    typed: bool = False,
    trainee: str | None = None,
    save: bool = True,
) -> int:
    """Open the game with results going to the store as they happen (finished before each debrief).

    Without --trainee the game asks who is training (Guest, a stored name or a new one);
    with --scenario and no --trainee the login name is used, as before.
    """
    import sys

    from simulator.app.results import Results, StoreResults
    from simulator.app.run import run_game
    from simulator.recording import default_trainee
    from simulator.store import StoreError, open_store

    def warn(message: str) -> None:
        print(f"hotseat: warning: {message}", file=sys.stderr)

    try:
        store = open_store(settings.db, settings.data_dir) if save else None
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    results: Results | None = StoreResults(store, warn=warn) if store is not None else None
    name = (trainee or "").strip() or (default_trainee() if scenario_id or not save else "")
    try:
        return run_game(settings, scenario_id=scenario_id, typed=typed, results=results, trainee=name)
    finally:
        if results is not None:
            results.close()  # the save thread finishes its queue before the store closes
        if store is not None:
            store.close()


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError as exc:
        raise UserError(f"--size must look like 1280x720, not '{text}'") from exc
    if width < 640 or height < 420:
        raise UserError("--size must be at least 640x420")
    return width, height


def _screenshots(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.app.screenshots import render_screenshots

    paths = render_screenshots(settings, args.scenario, args.out, _size(args.size), args.large_text)
    for path in paths:
        print(path)
    return 0
