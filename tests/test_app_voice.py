"""Voice paths of the game: TTS playback, push-to-talk, interruption, fallbacks, hot reload."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pygame
from speech_signals import HintedRecognizer
from test_app_harness import FakeMic, key, make_app, non_blank, run_until, silent_clip, speech_clip, step

from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.menu import MenuScene
from simulator.content_files import default_scenarios_dir, load_scenario_file
from simulator.scenario.spoken import recognition_vocabulary
from simulator.settings import Settings
from simulator.speech.recognizer import FakeRecognizer, RecognizerUnavailableError
from simulator.speech.tts import SynthesisError


class FakeSphinx(FakeRecognizer):
    name = "sphinx"
    accuracy_note = "Sphinx is much less accurate than Whisper."


def _scenario(path: Path | None = None):
    return load_scenario_file(path or default_scenarios_dir() / "late-pizza.yaml")


def _voice_scene(app, clock, scenario=None) -> ConversationScene:
    run_until(app, clock, lambda: app.voice.mic_state != "checking")
    app.push(MenuScene(app))
    scene = ConversationScene(app, scenario or _scenario())
    app.push(scene)
    step(app, clock)
    return scene


def test_interrupting_a_playing_line_cuts_it_and_is_recorded(tmp_path: Path) -> None:
    mic = FakeMic(clips=[speech_clip()])
    app, clock, player = make_app(tmp_path, mic=mic, texts=["I'm so sorry, Dana, that is awful."])
    try:
        scene = _voice_scene(app, clock)
        assert scene.mode == "voice"
        run_until(app, clock, lambda: scene.line is not None and scene.line.state == "playing")
        assert player.playing and scene.customer_speaking
        step(app, clock, [key(pygame.K_SPACE)])  # talk while she is still speaking
        assert not player.playing and player.stops == 1
        assert scene.line is not None and scene.line.state == "cut" and scene.bubbles[0].cut_off
        assert scene.recording
        step(app, clock, [key(pygame.K_SPACE)])  # key repeat while held: still one recording
        step(app, clock, [key(pygame.K_SPACE, up=True)])
        assert mic.recordings == 1 and not scene.recording
        run_until(app, clock, lambda: bool(scene.conversation.trainee_turns))
        turn = scene.conversation.trainee_turns[0]
        assert turn.source == "voice"
        assert turn.moves[0].move == "interrupt"
        assert turn.delivery is not None
        assert scene.bubbles[1].speaker == "trainee" and scene.bubbles[1].text.startswith("I'm so sorry")
        assert non_blank(app.screenshot(tmp_path / "voice.png"))
    finally:
        app.close()


def test_answering_after_the_line_is_not_an_interruption(tmp_path: Path) -> None:
    app, clock, player = make_app(tmp_path, mic=FakeMic(clips=[speech_clip()]), texts=["I'm so sorry, Dana."])
    try:
        scene = _voice_scene(app, clock)
        run_until(app, clock, lambda: scene.line is not None and scene.line.state == "playing")
        clock.now += 30.0  # the line plays to its end
        step(app, clock)
        assert scene.line.state == "done" and not player.playing
        clock.now += 2.0
        step(app, clock, [key(pygame.K_SPACE)])
        step(app, clock, [key(pygame.K_SPACE, up=True)])
        run_until(app, clock, lambda: bool(scene.conversation.trainee_turns))
        turn = scene.conversation.trainee_turns[0]
        assert all(m.move != "interrupt" for m in turn.moves)
        assert turn.delivery is not None and turn.delivery.pause_before_s >= 2.0
        assert player.stops == 0
    finally:
        app.close()


def test_the_recognizer_hears_with_the_scenarios_vocabulary_while_the_conversation_lasts(
    tmp_path: Path,
) -> None:
    hinted = HintedRecognizer(["I'm so sorry, Dana.", "I'll refund the order now."])
    mic = FakeMic(clips=[speech_clip(), speech_clip()])
    app, clock, _ = make_app(tmp_path, tts=False, mic=mic, recognizer=lambda: (hinted, None))
    try:
        scene = _voice_scene(app, clock)
        opening = scene.conversation.turns[0].text
        expected = recognition_vocabulary(scene.scenario, opening)
        assert app.voice.vocabulary == expected and ", Dana Whitfield. " in expected
        assert expected.endswith(opening[-40:])  # the answer is heard as a reply to the opening line
        step(app, clock, [key(pygame.K_SPACE)])
        step(app, clock, [key(pygame.K_SPACE, up=True)])
        run_until(app, clock, lambda: bool(scene.conversation.trainee_turns))
        reply = scene.conversation.turns[-1]
        assert hinted.heard_with == [expected] and reply.speaker == "customer"
        assert app.voice.vocabulary == recognition_vocabulary(scene.scenario, reply.text)  # the next answer
        step(app, clock, [key(pygame.K_SPACE)])
        step(app, clock, [key(pygame.K_SPACE, up=True)])
        run_until(app, clock, lambda: len(scene.conversation.trainee_turns) == 2)
        assert hinted.heard_with[1] == recognition_vocabulary(scene.scenario, reply.text)
        app.pop()  # leaving the conversation clears the hint
        assert app.voice.vocabulary == ""
    finally:
        app.close()


def test_nothing_heard_is_never_scored(tmp_path: Path) -> None:
    app, clock, _ = make_app(
        tmp_path, tts=False, mic=FakeMic(clips=[silent_clip(), speech_clip()]), texts=["Sorry, Dana."]
    )
    try:
        scene = _voice_scene(app, clock)
        before = scene.conversation.anger
        step(app, clock, [key(pygame.K_SPACE)])
        step(app, clock, [key(pygame.K_SPACE, up=True)])
        run_until(app, clock, lambda: scene.bubbles[-1].speaker == "prompt")
        assert not scene.conversation.trainee_turns
        assert scene.conversation.anger == before
        assert any("Didn't catch that" in n.text for _, n in scene.flashes)
        step(app, clock, [key(pygame.K_SPACE)])  # try again: this one is heard
        step(app, clock, [key(pygame.K_SPACE, up=True)])
        run_until(app, clock, lambda: bool(scene.conversation.trainee_turns))
        assert len(scene.conversation.trainee_turns) == 1
    finally:
        app.close()


def test_no_speech_engine_means_subtitles_and_a_notice(tmp_path: Path) -> None:
    def broken():
        raise SynthesisError("No speech engine works.")

    app, clock, player = make_app(tmp_path, synthesizer=broken, mic=FakeMic())
    try:
        run_until(app, clock, lambda: app.voice.tts_ok is False)
        assert any("espeak-ng" in n.text for n in app.notices())
        scene = _voice_scene(app, clock)
        assert scene.line is not None and scene.line.state == "silent"
        assert scene.line.text == scene.conversation.turns[0].text
        assert not player.played
        assert non_blank(app.screenshot(tmp_path / "subtitles.png"))
    finally:
        app.close()


def test_no_microphone_defaults_to_typing_with_a_notice(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, tts=False)  # NoMic
    try:
        scene = _voice_scene(app, clock)
        assert app.voice.mic_state == "none" and scene.mode == "typed"
        assert any("No microphone" in n.text and "Typing is on" in n.text for n in app.notices())
        step(app, clock, [key(pygame.K_TAB)])
        assert scene.mode == "typed"
        assert any("not available" in n.text for _, n in scene.flashes)
    finally:
        app.close()


def test_missing_whisper_falls_back_to_sphinx_with_notices(tmp_path: Path) -> None:
    def loader():
        return FakeSphinx(), "Whisper model not found. Using the less accurate Sphinx recognizer."

    app, clock, _ = make_app(tmp_path, tts=False, mic=FakeMic(), recognizer=loader)
    try:
        run_until(app, clock, lambda: app.voice.recognizer_state == "ready")
        texts = " ".join(n.text for n in app.notices())
        assert "Using the less accurate Sphinx" in texts and "much less accurate" in texts
        scene = _voice_scene(app, clock)
        assert scene.mode == "voice"
    finally:
        app.close()


def test_no_recognizer_at_all_means_typing(tmp_path: Path) -> None:
    def loader():
        raise RecognizerUnavailableError(
            "Neither Whisper nor Sphinx is installed. Type your answers instead."
        )

    app, clock, _ = make_app(tmp_path, tts=False, mic=FakeMic(), recognizer=loader)
    try:
        run_until(app, clock, lambda: app.voice.recognizer_state == "unavailable")
        scene = _voice_scene(app, clock)
        assert scene.mode == "typed"
        assert any("Type your answers" in n.text for n in app.notices())
    finally:
        app.close()


def test_menu_does_not_wait_for_a_slow_recognizer(tmp_path: Path) -> None:
    release = threading.Event()

    def slow_loader():
        release.wait(10)
        return FakeRecognizer(), None

    app, clock, _ = make_app(tmp_path, tts=False, mic=FakeMic(), recognizer=slow_loader)
    try:
        app.push(MenuScene(app))
        step(app, clock)
        assert app.voice.recognizer_state == "loading"
        assert any("Loading the speech recognizer" in n.text for n in app.notices())
        release.set()
        run_until(app, clock, lambda: app.voice.recognizer_state == "ready")
    finally:
        release.set()
        app.close()


def test_f5_reloads_the_scenario_and_shows_errors(tmp_path: Path) -> None:
    path = tmp_path / "late-pizza.yaml"
    shutil.copy(default_scenarios_dir() / "late-pizza.yaml", path)
    settings = Settings(scenario_paths=(path,), data_dir=tmp_path / "d", cache_dir=tmp_path / "c")
    app, clock, _ = make_app(tmp_path, tts=False, settings=settings, typed=True)
    try:
        scene = _voice_scene(app, clock, _scenario(path))
        step(app, clock, [pygame.event.Event(pygame.TEXTINPUT, text="Sorry"), key(pygame.K_RETURN)])
        assert len(scene.conversation.trainee_turns) == 1
        text = path.read_text()
        path.write_text(text.replace("title: The Late Pizza", "title: The Later Pizza"))
        step(app, clock, [key(pygame.K_F5)])
        assert scene.scenario.title == "The Later Pizza" == scene.conversation.scenario.title
        assert len(scene.conversation.trainee_turns) == 1  # the conversation is kept
        path.write_text(text.replace("pass_mark: 60", "pass_mark: lots"))
        step(app, clock, [key(pygame.K_F5)])
        assert scene.reload_errors
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: pass_mark: ", scene.reload_errors[0])
        assert scene.conversation.scenario.title == "The Later Pizza"
        assert non_blank(app.screenshot(tmp_path / "reload-error.png"))
        path.unlink()
        step(app, clock, [key(pygame.K_F5)])
        assert "cannot read file" in scene.reload_errors[0]
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert not scene.reload_errors and app.top is scene
    finally:
        app.close()
