"""Run the real `hotseat play` and quit it from inside the loop: `python tests/quit_driver.py MODE ARGS...`.

MODE is when the quit comes: ``loading`` (the recognizer is still loading), ``ready`` (idle on the
screen with Whisper loaded), ``recognizing`` (an answer is being decoded) or ``speaking`` (the
customer's line is being synthesised or played). The driver only posts events and asks the real
speech stack for work; the game, its workers and the exit path are the shipped ones (`cli.main.run`).
Writes one JSON line, ``{"quit_at": wall-clock time of the quit, ...}``, to the file named by
QUIT_DRIVER_REPORT (stderr when unset; ALSA's messages can interleave there).
"""

from __future__ import annotations

import json
import os
import sys
import time

import pygame

from simulator.app import app as app_module

MODE = sys.argv[1]
SPEECH_WAV = os.environ.get("QUIT_DRIVER_WAV", "")
DELAY_S = float(os.environ.get("QUIT_DRIVER_DELAY", "0.5"))
started = time.monotonic()
state: dict[str, float | None] = {"armed": None, "quit": None}
original_step = app_module.App.step


def _report(app: app_module.App, scene: str) -> None:
    info = {
        "quit_at": time.time(),
        "mode": MODE,
        "recognizer": app.voice.recognizer_state,
        "recognizer_name": app.voice.recognizer_name,
        "mixer": pygame.mixer.get_init(),
        "scene": scene,
        "playing": app.voice.player.playing,
        "tts": type(app.voice.tts).__name__,  # NeuralVoice: Kokoro with espeak-ng behind it
        "kokoro": getattr(app.voice.tts, "engine_ready", None),  # None while Kokoro loads
    }
    report = os.environ.get("QUIT_DRIVER_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(info) + "\n")
    else:
        print(json.dumps(info), file=sys.stderr, flush=True)


def _ready_to_quit(app: app_module.App) -> bool:
    now = time.monotonic()
    if MODE == "loading":
        return now - started > DELAY_S
    if app.voice.recognizer_state != "ready":
        return now - started > 90.0  # never hang the test: quit anyway, the test sees the state
    if state["armed"] is None:
        state["armed"] = now
        if MODE == "recognizing":
            from simulator.speech.audio import load_audio

            app.voice.recognize(load_audio(SPEECH_WAV))
        elif MODE == "speaking" and not app.voice.player.playing:  # the greeting is over: a new line
            from simulator.scenario.model import VoiceSettings

            text = f"Line {time.time()}: I have been waiting for an hour and nobody has called me back."
            app.voice.say(f"quit-{os.getpid()}", text, VoiceSettings())
    return now - state["armed"] > DELAY_S


def step(self: app_module.App, events: list[pygame.event.Event], dt: float) -> None:
    original_step(self, events, dt)
    if state["quit"] is None and _ready_to_quit(self):
        state["quit"] = time.monotonic()
        _report(self, type(self.top).__name__)
        if MODE == "speaking":  # mid-conversation: the window's close button
            pygame.event.post(pygame.event.Event(pygame.QUIT))
        else:  # on the menu: Esc, as a trainee quits
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode=""))


app_module.App.step = step  # type: ignore[method-assign]

if __name__ == "__main__":
    from simulator.cli.main import run

    sys.argv = ["hotseat", *sys.argv[2:]]
    run()
