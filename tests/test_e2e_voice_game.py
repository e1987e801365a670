"""The whole voice loop in the real game window: espeak-ng speaks the trainee, Whisper hears them,
the real detector and customer model score them, and espeak-ng synthesises the customer's replies."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pygame
import pytest
from test_app_harness import FakeMic, key, make_app, run_until, step

from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.menu import MenuScene
from simulator.content_files import default_scenarios_dir, load_scenario_file
from simulator.speech.audio import load_audio, wav_duration
from simulator.speech.stt import choose_recognizer
from simulator.speech.tts import make_synthesizer

pytestmark = pytest.mark.slow

ANSWERS = [
    "I am so sorry Dana, I completely understand how frustrating that is.",
    "So your pizza came an hour late and cold. What time did you order?",
    "Let me give you a full refund, and I will put a fresh pizza in the oven right now. "
    "I will call you when it leaves.",
]


def test_spoken_answers_through_the_game(tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is required (scripts/test.sh installs it)")
    clips = []
    for i, text in enumerate(ANSWERS):
        wav = tmp_path / f"answer{i}.wav"
        subprocess.run(["espeak-ng", "-s", "155", "-w", str(wav), text], check=True, capture_output=True)
        clips.append(load_audio(wav))
    finished = []
    app, clock, player = make_app(
        tmp_path,
        synthesizer=make_synthesizer,
        recognizer=lambda: choose_recognizer("auto", tmp_path / "models"),
        mic=FakeMic(clips=clips),
        on_finished=lambda conversation, result: finished.append(result),
    )
    try:
        run_until(app, clock, lambda: app.voice.mic_state != "checking", timeout=30)
        app.push(MenuScene(app))
        scene = ConversationScene(app, load_scenario_file(default_scenarios_dir() / "late-pizza.yaml"))
        app.push(scene)
        run_until(app, clock, lambda: app.voice.recognizer_state != "loading", timeout=120)
        assert app.voice.recognizer_state == "ready" and app.voice.recognizer_name == "whisper"
        previous = None
        for answer_number in range(len(ANSWERS)):
            # each customer line is really synthesised; it plays to its end before we answer
            def new_line(previous: object = previous) -> bool:
                return (
                    scene.line is not None
                    and scene.line is not previous
                    and scene.line.state in ("playing", "done")
                )

            run_until(app, clock, new_line, timeout=60)
            previous = scene.line
            wav = player.played[-1]
            assert wav.exists() and wav_duration(wav) > 0.5
            clock.now += wav_duration(wav) + 0.5
            step(app, clock)
            step(app, clock, [key(pygame.K_SPACE)])
            step(app, clock, [key(pygame.K_SPACE, up=True)])
            want = answer_number + 1

            def answered(want: int = want) -> bool:
                return len(scene.conversation.trainee_turns) >= want

            run_until(app, clock, answered, timeout=120)
            if scene.conversation.finished:
                break
        run_until(app, clock, lambda: bool(finished), timeout=30)
        turns = scene.conversation.trainee_turns
        assert all(t.source == "voice" and t.delivery is not None for t in turns)
        assert "apology" in {m.move for m in turns[0].moves}
        assert all(m.move != "interrupt" for t in turns for m in t.moves)
        assert finished[0].outcome == "resolved", [t.text for t in turns]
    finally:
        app.close()
