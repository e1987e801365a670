"""Screenshots of every scene, the CLI commands, and start-up through run_game."""

from __future__ import annotations

import argparse
from pathlib import Path

import pygame
import pytest
from test_app_harness import non_blank

from simulator.cli import app_cmds
from simulator.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    app_cmds.register(parser.add_subparsers(dest="command"))
    return parser


def test_screenshots_command_renders_every_scene(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["screenshots", "--scenario", "late-pizza", "--out", str(tmp_path / "shots")])
    settings = Settings(data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    assert args.handler(args, settings) == 0
    names = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert names == [
        "01-menu.png",
        "02-scenario-select.png",
        "03-conversation-low-anger.png",
        "04-conversation-high-anger.png",
        "05-conversation-end.png",
        "06-debrief.png",
        "07-settings.png",
        "08-profile.png",
        "09-history.png",
        "10-group-next-up.png",
        "11-group-debrief.png",
        "12-leaderboard.png",
    ]
    for name in names:
        assert non_blank(tmp_path / "shots" / name), name
    customers = sorted(p.name for p in (tmp_path / "shots" / "customers").glob("*.png"))
    assert len(customers) == 2 * 12 + 1 and "late-pizza-calm.png" in customers
    assert "late-pizza-furious.png" in customers and "all-customers.png" in customers
    assert "06-debrief.png" in capsys.readouterr().out


def test_screenshots_large_text_and_small_window(tmp_path: Path) -> None:
    from simulator.app.screenshots import render_screenshots

    settings = Settings(data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    shots = render_screenshots(settings, "late-pizza", tmp_path, (800, 500), large_text=True)
    assert len(shots) == 12 + 2 * 12 + 1 and all(non_blank(p) for p in shots)


def test_play_command_arguments() -> None:
    args = _parser().parse_args(["play", "--scenario", "late-pizza", "--typed"])
    assert args.scenario == "late-pizza" and args.typed and callable(args.handler)


def test_run_game_opens_on_the_menu_and_quits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.app import run

    seen: list[str] = []
    real_step = None

    def fake_get() -> list[pygame.event.Event]:
        return [pygame.event.Event(pygame.QUIT)]

    monkeypatch.setattr(pygame.event, "get", fake_get)
    from simulator.app.app import App

    real_step = App.step

    def spy(self: App, events, dt) -> None:  # type: ignore[no-untyped-def]
        seen.append(type(self.top).__name__)
        real_step(self, events, dt)

    monkeypatch.setattr(App, "step", spy)
    settings = Settings(data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    assert run.run_game(settings, typed=True) == 0
    assert seen == ["MenuScene"]
    assert run.run_game(settings, scenario_id="late-pizza", typed=True) == 0
    assert seen[-1] == "ConversationScene"
