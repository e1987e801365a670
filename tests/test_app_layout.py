"""Every screen at projector and laptop sizes, normal and large text: no text outside its panel or
the window, no two texts overlapping, no notice cut short."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_harness import make_app

from simulator.app import layout
from simulator.app.prefs import AppPrefs
from simulator.app.scenes.menu import MenuScene
from simulator.app.screenshots import render_screenshots
from simulator.settings import Settings

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
SCENARIOS = {(1024, 768): "wrong-diet-drink", (1280, 720): "late-pizza", (1920, 1080): "bank-double-charge"}


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_lays_out(tmp_path: Path, size: tuple[int, int], large_text: bool) -> None:
    layouts: dict[str, layout.Frame] = {}
    settings = Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache")
    scenario = SCENARIOS[size]
    render_screenshots(settings, scenario, tmp_path / "shots", size, large_text, layouts)
    assert len(layouts) >= 12 and all(frame.texts for frame in layouts.values())
    problems = [f"{name}: {problem}" for name, frame in layouts.items() for problem in frame.problems()]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("screen", ["menu", "conversation"])
@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_warnings_lay_out(tmp_path: Path, size: tuple[int, int], large_text: bool, screen: str) -> None:
    """No microphone, no recognizer, no speech engine: every warning shown in full."""
    from simulator.app.scenes.conversation import ConversationScene
    from simulator.content_files import default_scenarios_dir, load_scenario_file

    app, _, _ = make_app(tmp_path, tts=False, prefs=AppPrefs(large_text=large_text))
    try:
        app.resize(*size)
        app.voice.mic_state, app.voice.mic_message = "none", "No microphone found."
        app.voice.recognizer_state = "unavailable"
        app.voice.recognizer_notes = ["faster-whisper is not installed and Sphinx could not start."]
        app.push(MenuScene(app))
        if screen == "conversation":
            path = default_scenarios_dir() / "late-pizza.yaml"
            app.push(ConversationScene(app, load_scenario_file(path)))
        layout.start(app.surface.get_size())
        app.step([], 0.1)
        frame = layout.stop()
    finally:
        app.close()
    assert any("Typing is on" in text for _, text in frame.texts)
    assert not frame.problems(), "\n".join(frame.problems())


def test_the_check_finds_overlaps_and_overflow() -> None:
    import pygame

    frame = layout.Frame((800, 600))
    frame.panels.append(pygame.Rect(0, 0, 200, 100))
    frame.texts += [(pygame.Rect(10, 10, 300, 20), "too wide"), (pygame.Rect(500, 500, 100, 20), "a"),
                    (pygame.Rect(550, 505, 100, 20), "b")]  # fmt: skip
    problems = frame.problems()
    assert any("outside its panel" in p for p in problems) and any("overlap" in p for p in problems)


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)], ids=["1024x768", "1920x1080"])
def test_the_briefing_can_be_reread_in_the_conversation(tmp_path: Path, size: tuple[int, int]) -> None:
    import pygame

    from simulator.app.scenes.conversation import ConversationScene
    from simulator.content_files import default_scenarios_dir, load_scenario_file

    app, _, _ = make_app(tmp_path, typed=True, prefs=AppPrefs(large_text=True))
    try:
        app.resize(*size)
        scenario = load_scenario_file(default_scenarios_dir() / "wrong-diet-drink.yaml")
        scene = ConversationScene(app, scenario)
        app.push(scene)
        app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F1, mod=0, unicode="")], 0.1)
        assert scene.briefing.open
        seen: list[str] = []
        for _ in range(12):  # page through to the end: every line of the briefing is shown
            layout.start(app.surface.get_size())
            app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0, unicode="")], 0.1)
            frame = layout.stop()
            assert not frame.problems(), "\n".join(frame.problems())
            seen += [text for _, text in frame.texts]
        shown = " ".join(seen)
        for word in scenario.briefing.split()[-6:] + scenario.customer.persona.split()[-6:]:
            assert word in shown
        app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")], 0.1)
        assert not scene.briefing.open and not scene.confirm_leave  # Esc closed the briefing only
    finally:
        app.close()
