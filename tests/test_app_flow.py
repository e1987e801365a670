"""The game driven frame by frame: menu -> select -> conversation -> debrief, with typed answers."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from test_app_harness import GOOD_ANSWERS, key, make_app, non_blank, step, typed

from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.debrief import DebriefScene
from simulator.app.scenes.menu import ITEMS, MenuScene
from simulator.app.scenes.select import ScenarioSelectScene
from simulator.app.scenes.settings_scene import SettingsScene


def _to_late_pizza(app, clock) -> ConversationScene:
    app.push(MenuScene(app))
    step(app, clock)
    step(app, clock, [key(pygame.K_RETURN)])
    select = app.top
    assert isinstance(select, ScenarioSelectScene)
    ids = [s.id for s in select.scenarios]
    assert "late-pizza" in ids
    for _ in range(ids.index("late-pizza")):
        step(app, clock, [key(pygame.K_DOWN)])
    step(app, clock, [key(pygame.K_RETURN)])
    scene = app.top
    assert isinstance(scene, ConversationScene)
    return scene


def test_typed_conversation_through_to_debrief(tmp_path: Path) -> None:
    calls: list[tuple[str, str]] = []

    def on_finished(conversation, result) -> None:
        calls.append((type(app.top).__name__, result.outcome))

    app, clock, _ = make_app(tmp_path, tts=False, typed=True, on_finished=on_finished)
    try:
        scene = _to_late_pizza(app, clock)
        step(app, clock)
        assert scene.mode == "typed"
        assert scene.bubbles[0].speaker == "customer"
        for answer in GOOD_ANSWERS:
            step(app, clock, typed(answer))
            if scene.ended is not None:
                break
        assert scene.ended is not None, [b.text for b in scene.bubbles]
        trainee = scene.conversation.trainee_turns
        assert trainee and trainee[0].source == "typed"
        assert calls == [("ConversationScene", scene.conversation.outcome)]  # saved before the debrief
        app.screenshot(tmp_path / "end.png")
        step(app, clock, [key(pygame.K_RETURN)])
        debrief = app.top
        assert isinstance(debrief, DebriefScene)
        assert debrief.result.outcome == "resolved"
        assert any(row.kind == "hit" and "You said" in row.detail for row in debrief.rows)
        step(app, clock, [key(pygame.K_DOWN), key(pygame.K_PAGEDOWN)])
        path = app.screenshot(tmp_path / "debrief.png")
        assert non_blank(path)
        # retry starts a fresh conversation of the same scenario
        step(app, clock, [key(pygame.K_RETURN)])
        assert isinstance(app.top, ConversationScene) and app.top is not scene
        assert not app.top.conversation.trainee_turns
    finally:
        app.close()


def test_on_finished_failure_is_shown_not_raised(tmp_path: Path) -> None:
    def on_finished(conversation, result) -> None:
        raise OSError("database is locked")

    app, clock, _ = make_app(tmp_path, tts=False, typed=True, on_finished=on_finished)
    try:
        scene = _to_late_pizza(app, clock)
        for answer in GOOD_ANSWERS:
            if scene.ended is None:
                step(app, clock, typed(answer))
        assert scene.ended is not None and "database is locked" in (scene.ended.save_error or "")
        step(app, clock, [key(pygame.K_RETURN)])
        assert isinstance(app.top, DebriefScene)
        assert "database is locked" in (app.top.debrief.save_error or "")
        step(app, clock)
    finally:
        app.close()


def test_leave_conversation_with_escape_is_not_saved(tmp_path: Path) -> None:
    saved: list[object] = []
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, on_finished=lambda c, r: saved.append(r))
    try:
        scene = _to_late_pizza(app, clock)
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert scene.confirm_leave
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert not scene.confirm_leave and app.top is scene
        step(app, clock, [key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
        assert isinstance(app.top, ScenarioSelectScene)
        assert scene.conversation.abandoned and saved == []
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert isinstance(app.top, MenuScene)
    finally:
        app.close()


def test_empty_answer_is_refused_with_a_notice(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        scene = _to_late_pizza(app, clock)
        step(app, clock, typed("123 ?"))
        assert not scene.conversation.trainee_turns
        assert any("no words" in n.text for _, n in scene.flashes)
        step(app, clock, typed("abc"))
        step(app, clock, [key(pygame.K_BACKSPACE, mod=pygame.KMOD_CTRL)])
        assert scene.draft == ""
    finally:
        app.close()


def test_settings_change_and_persist(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        app.push(MenuScene(app))
        downs = [key(pygame.K_DOWN)] * ITEMS.index("Settings")
        step(app, clock, [*downs, key(pygame.K_RETURN)])
        assert isinstance(app.top, SettingsScene)
        for _ in range(3):
            step(app, clock, [key(pygame.K_DOWN)])
        step(app, clock, [key(pygame.K_RETURN)])  # large text on
        assert app.prefs.large_text and app.fonts.large_text
        step(app, clock, [key(pygame.K_DOWN), key(pygame.K_RIGHT)])  # voice off
        assert not app.prefs.voice_on and not app.voice.voice_on
        step(app, clock, [key(pygame.K_UP), key(pygame.K_UP), key(pygame.K_UP), key(pygame.K_RIGHT)])
        assert app.prefs.recognizer == "whisper"
        assert '"large_text": true' in (tmp_path / "prefs.json").read_text()
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert isinstance(app.top, MenuScene)
    finally:
        app.close()


@pytest.mark.parametrize("size", [(700, 450), (1600, 900)])
def test_resize_relayouts_every_scene(tmp_path: Path, size: tuple[int, int]) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        scene = _to_late_pizza(app, clock)
        step(app, clock, [pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)])
        assert app.surface.get_size() == size
        step(app, clock, typed("I'm sorry, Dana."))
        assert scene.conversation.trainee_turns
        assert non_blank(app.screenshot(tmp_path / "resized.png"))
    finally:
        app.close()
