"""Profiles and the My progress screen, against a real SQLite store."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pygame
import pytest
from test_app_harness import key, make_app, non_blank, step, typed

from simulator.app.results import StoreResults
from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.history import HistoryScene
from simulator.app.scenes.menu import ITEMS, MenuScene
from simulator.app.scenes.profile import ProfileScene
from simulator.store import Store, open_store
from simulator.store.samples import sample_session


def synced(store: Store) -> StoreResults:
    """Results whose saves are waited for (the game itself never waits on the database)."""
    return StoreResults(store, wait_s=5.0)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_store(None, tmp_path / "data")
    yield opened
    opened.close()


def _seed(store: Store, trainee: str, count: int, turns: int | None = None) -> None:
    rng = random.Random(3)
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    store.add_trainee(trainee)
    store.import_records(
        sample_session(rng, trainee, start + timedelta(hours=i), turns=turns) for i in range(count)
    )


def _menu(app, clock, label: str) -> None:  # type: ignore[no-untyped-def]
    app.push(MenuScene(app))
    step(app, clock, [key(pygame.K_DOWN)] * ITEMS.index(label) + [key(pygame.K_RETURN)])


def test_pick_a_stored_name_or_type_a_new_one(tmp_path: Path, store: Store) -> None:
    for name in ("Ana", "Ben"):
        store.add_trainee(name)
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store))
    try:
        _menu(app, clock, "Change trainee")
        profile = app.top
        assert isinstance(profile, ProfileScene)
        assert profile.names == ["Guest", "Ana", "Ben"] and profile.focus == 1  # Guest is current
        assert non_blank(app.screenshot(tmp_path / "profile.png"))
        step(app, clock, [key(pygame.K_DOWN), key(pygame.K_DOWN), key(pygame.K_RETURN)])
        assert app.trainee == "Ben" and isinstance(app.top, MenuScene)
        step(app, clock, [key(pygame.K_RETURN)])  # the menu focus is still on Change trainee
        assert isinstance(app.top, ProfileScene)
        step(app, clock, typed("Zoë Quinn"))
        assert app.trainee == "Zoë Quinn"
        assert "Zoë Quinn" in store.trainees()
        # typing filters the list; Enter on a listed name picks it
        step(app, clock, [key(pygame.K_RETURN)])
        step(app, clock, [pygame.event.Event(pygame.TEXTINPUT, text=c) for c in "an"])
        assert app.top.shown == ["Ana"]  # type: ignore[union-attr]
        step(app, clock, [key(pygame.K_DOWN), key(pygame.K_RETURN)])
        assert app.trainee == "Ana"
        # the stored results go under the chosen name
        scene = ConversationScene(app, app.library().scenarios["late-pizza"])
        app.push(scene)
        step(app, clock, typed("I'm so sorry, Dana."))
        assert [r.trainee for r in store.sessions()] == ["Ana"]
        assert non_blank(app.screenshot(tmp_path / "header.png"))
    finally:
        app.close()


def test_history_screen_shows_attempts_and_starts_the_suggestion(tmp_path: Path, store: Store) -> None:
    _seed(store, "Ana", 30)
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store), trainee="Ana")
    try:
        _menu(app, clock, "My progress")
        history = app.top
        assert isinstance(history, HistoryScene)
        assert len(history.rows) == 30 and history.rows[0].when > history.rows[-1].when
        assert len(history.series["overall"]) == 30 and history.missed
        assert history.suggestion is not None and history.weakest in ("listening", "empathy", "resolution")
        step(app, clock, [key(pygame.K_PAGEDOWN), key(pygame.K_DOWN)])
        assert history.scroll > 0
        path = app.screenshot(tmp_path / "history.png")
        assert non_blank(path)
        step(app, clock, [key(pygame.K_RETURN)])
        scene = app.top
        assert isinstance(scene, ConversationScene) and scene.scenario.id == history.suggestion.id
        assert scene.trainee == "Ana"
        step(app, clock, typed("I'm sorry to hear that."))
        step(app, clock, [key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
        assert app.top is history and len(history.rows) == 31  # re-read on return
        assert history.rows[0].outcome == "Left early"
    finally:
        app.close()


def test_history_with_no_store_or_no_attempts(tmp_path: Path, store: Store) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        app.push(HistoryScene(app))
        step(app, clock)
        assert app.top.problem and "--no-save" in app.top.problem  # type: ignore[union-attr]
    finally:
        app.close()
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store), trainee="New")
    try:
        app.push(HistoryScene(app))
        step(app, clock)
        scene = app.top
        assert isinstance(scene, HistoryScene) and scene.rows == [] and scene.suggestion is not None
        assert non_blank(app.screenshot(tmp_path / "empty.png"))
    finally:
        app.close()


def test_history_is_fast_with_ten_thousand_conversations(tmp_path: Path, store: Store) -> None:
    _seed(store, "Ana", 10_000, turns=2)
    _seed(store, "Ben", 200, turns=2)
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store), trainee="Ana")
    try:
        started = time.perf_counter()
        app.push(HistoryScene(app))
        entered = time.perf_counter() - started
        scene = app.top
        assert isinstance(scene, HistoryScene) and len(scene.rows) == 10_000
        started = time.perf_counter()
        for _ in range(20):
            step(app, clock, [key(pygame.K_DOWN)])
        per_frame = (time.perf_counter() - started) / 20
        assert entered < 3.0, entered
        assert per_frame < 0.05, per_frame
    finally:
        app.close()
