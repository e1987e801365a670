"""The scene router: every screen has one route name, and scenes reach each other only by that name."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib
from pathlib import Path
from typing import get_args

import pytest
from test_app_harness import make_app, step

import simulator.app.scenes as scenes_package
from simulator.app.routes import ROUTES, Route
from simulator.app.scenes.base import Scene

ROOT = Path(__file__).resolve().parents[1]


def _scene_classes() -> set[type[Scene]]:
    found: set[type[Scene]] = set()
    for info in pkgutil.iter_modules(scenes_package.__path__):
        module = importlib.import_module(f"{scenes_package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Scene) and cls is not Scene and cls.__module__ == module.__name__:
                found.add(cls)
    return found


def test_every_screen_has_exactly_one_route() -> None:
    assert set(get_args(Route)) == set(ROUTES)
    assert set(ROUTES.values()) == _scene_classes()
    assert len(set(ROUTES.values())) == len(ROUTES)


def test_the_layer_contract_keeps_every_scene_module_apart() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (apart,) = [c for c in contracts if c["type"] == "independence" and "Scenes" in c["name"]]
    assert set(apart["modules"]) == {cls.__module__ for cls in ROUTES.values()}


def test_go_pushes_or_replaces_and_pop_to_returns_to_a_named_screen(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        menu = app.go("menu")
        settings = app.go("settings")
        assert isinstance(menu, ROUTES["menu"]) and isinstance(settings, ROUTES["settings"])
        assert app.scenes == [menu, settings]
        history = app.go("history", replace=True)
        assert app.scenes == [menu, history] and isinstance(history, ROUTES["history"])
        scenario = app.library().scenarios["late-pizza"]
        talk = app.go("conversation", scenario, "Sam")
        step(app, clock)
        assert isinstance(talk, ROUTES["conversation"]) and talk.trainee == "Sam"
        app.pop_to("menu")
        assert app.scenes == [menu] and app.top is menu
        with pytest.raises(ValueError, match="no screen is registered as 'nowhere'"):
            app.go("nowhere")  # type: ignore[arg-type]
        assert app.scenes == [menu]
        step(app, clock)
    finally:
        app.close()
