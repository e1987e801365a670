"""Render every scene of one scenario to PNG files (works under the dummy video driver)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.settings import Settings

if TYPE_CHECKING:
    from simulator.app.layout import Frame

GOOD_ANSWERS = (
    "I'm so sorry, {first}. Your pizza arrived an hour late and cold, and your movie night was ruined.",
    "You're right to be upset, and thank you for telling me. What time did you order?",
    "I'll refund your order and remake it with priority right now, and I'll make sure it reaches you fast.",
    "Here is my direct number; I'll call you tonight to check it arrived hot. Anything else I can do?",
)


def render_screenshots(
    settings: Settings,
    scenario_id: str | None,
    out_dir: Path,
    size: tuple[int, int] = (1280, 720),
    large_text: bool = False,
    layouts: dict[str, Frame] | None = None,
) -> list[Path]:
    """menu, select, conversation (low and high anger), end, debrief, settings, then (from a
    sample results store in a temporary folder) profile, history, group next-up, group debrief
    and leaderboard as PNGs. ``layouts`` (if given) receives where each screen's text landed."""
    import tempfile

    from simulator.app.results import StoreResults
    from simulator.app.screenshots_store import shoot_store_screens, store_for_screens

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from simulator.app import layout
    from simulator.app.app import App
    from simulator.app.devices import FakeMic, ScriptedPlayer
    from simulator.app.prefs import AppPrefs
    from simulator.app.scenes.conversation import ConversationScene
    from simulator.app.scenes.menu import MenuScene
    from simulator.app.scenes.select import ScenarioSelectScene
    from simulator.app.scenes.settings_scene import SettingsScene
    from simulator.app.voice import VoiceIO
    from simulator.content import find_scenario, library

    scenario = (
        find_scenario(settings, scenario_id)
        if scenario_id
        else next(iter(library(settings).scenarios.values()))
    )
    now = [0.0]

    def clock() -> float:
        return now[0]

    player = ScriptedPlayer(clock)
    voice = VoiceIO(
        tts_factory=None,
        recognizer_factory=None,
        mic=FakeMic(("0: Built-in microphone",)),
        player=player,
        clock=clock,
        tts_notice="",
    )
    voice.tts_ok, voice.recognizer_state, voice.recognizer_name = True, "ready", "whisper"
    voice.recognizer_notes, voice.mic_state, voice.mic_names = [], "ready", ("0: Built-in microphone",)
    voice.say = lambda line_id, text, voice: True  # type: ignore[method-assign]
    prefs = AppPrefs(large_text=large_text)
    scratch = tempfile.TemporaryDirectory(prefix="hotseat-shots-")
    store = store_for_screens(Path(scratch.name))
    results = StoreResults(store)
    app = App(
        settings,
        voice=voice,
        clock=clock,
        prefs=prefs,
        prefs_path=out_dir / ".prefs.json",
        size=size,
        results=results,
        trainee="Guest",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def shoot(name: str, frames: int = 2, dt: float = 0.5) -> None:
        for frame in range(frames):
            now[0] += dt
            if layouts is not None and frame == frames - 1:
                layout.start(app.surface.get_size())
            app.step([], dt)
        if layouts is not None:
            layouts[name] = layout.stop()
        shots.append(app.screenshot(out_dir / f"{name}.png"))

    try:
        for _ in range(200):  # let the microphone probe thread report
            voice.pump()
            if voice.mic_state != "checking":
                break
            time.sleep(0.005)
        voice.recognizer_state, voice.recognizer_name, voice.recognizer_notes = "ready", "whisper", []
        app.push(MenuScene(app))
        shoot("01-menu")
        select = ScenarioSelectScene(app)
        app.push(select)
        if scenario in select.scenarios:
            select.focus = select.scenarios.index(scenario)
        shoot("02-scenario-select")
        scene = ConversationScene(app, scenario)
        app.push(scene)
        first = scenario.customer.name.split()[0]
        scene.answer(GOOD_ANSWERS[0].format(first=first), "typed")
        scene.conversation.set_anger(20)
        scene.mode, scene.mode_chosen = "typed", True
        scene.draft = "What time did you place the order?"
        _speak(scene, player, clock)
        shoot("03-conversation-low-anger", frames=1, dt=1.0)
        scene.draft = ""
        scene.answer("That's not my problem, calm down.", "typed")
        scene.conversation.set_anger(95)
        scene.mode = "voice"
        _speak(scene, player, clock)
        shoot("04-conversation-high-anger", frames=1, dt=1.0)
        retry = ConversationScene(app, scenario)
        app.replace(retry)
        for answer in GOOD_ANSWERS:
            retry.answer(answer.format(first=first), "typed")
            if retry.ended is not None:
                break
        if retry.ended is None:
            retry.conversation.abandon()
            retry._finish()
        shoot("05-conversation-end")
        retry.show_debrief()
        shoot("06-debrief")
        app.push(SettingsScene(app))
        shoot("07-settings")
        app.pop()
        results.flush()  # the store screens show what was just saved
        shoot_store_screens(app, scenario, shoot, GOOD_ANSWERS)
        from simulator.app.portraits import contact_sheet, save_portraits

        everyone = list(library(settings).scenarios.values())
        shots += save_portraits(everyone, out_dir)
        shots.append(contact_sheet(everyone, out_dir / "customers" / "all-customers.png"))
    finally:
        app.close()
        results.close()
        store.close()
        scratch.cleanup()
    return shots


def _speak(scene: object, player: object, clock: object) -> None:
    """Pretend the current customer line is playing (mouth moving, 'speaking' label)."""
    from simulator.app.devices import ScriptedPlayer
    from simulator.app.scenes.conversation import ConversationScene

    assert isinstance(scene, ConversationScene) and isinstance(player, ScriptedPlayer)
    if scene.line is not None:
        scene.line.state = "playing"
        player.play(Path("line.wav"), 30.0)
