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
    play.set_defaults(handler=_play)
    shots = sub.add_parser("screenshots", help="render each game screen of a scenario to PNG files")
    shots.add_argument("--scenario", metavar="ID", help="scenario id (default: the first one)")
    shots.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the PNG files")
    shots.add_argument("--size", default="1280x720", metavar="WxH", help="window size (default 1280x720)")
    shots.add_argument("--large-text", action="store_true", help="render with the large-text option")
    shots.set_defaults(handler=_screenshots)


def _play(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.app.run import run_game

    return run_game(settings, scenario_id=args.scenario, typed=args.typed)


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
