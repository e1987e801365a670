"""Start the game: ``run_game(settings)`` opens the window on the menu (or a scenario)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from simulator.errors import UserError
from simulator.settings import Settings

if TYPE_CHECKING:
    from simulator.app.app import OnFinished
    from simulator.app.results import Results


def run_game(
    settings: Settings,
    *,
    on_finished: OnFinished | None = None,
    scenario_id: str | None = None,
    typed: bool = False,
    results: Results | None = None,
    trainee: str | None = None,
) -> int:
    """Open the window and play until it closes; returns the exit status.

    Without a ``trainee`` the game opens on "Who is training?" (when results are saved).
    """
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from simulator.app.app import App, no_save
    from simulator.content import find_scenario

    scenario = find_scenario(settings, scenario_id) if scenario_id else None
    try:
        app = App(settings, on_finished=on_finished or no_save, typed=typed, results=results,
                  trainee=trainee or "")  # fmt: skip
    except pygame.error as exc:
        raise UserError(
            f"the game window could not be opened ({exc}); try 'hotseat practice' in a terminal"
        ) from exc
    app.go("menu")
    if not trainee and app.results.store is not None and scenario is None:
        app.go("profile")
    if scenario is not None:
        app.go("select")
        app.go("conversation", scenario)
    return app.run()
