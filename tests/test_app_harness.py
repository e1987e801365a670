"""Shared helpers for the pygame app tests (dummy video/audio drivers, fake clock, fake speech)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pygame

from simulator.app.app import App, OnFinished, no_save
from simulator.app.devices import FakeMic, MicBackend, NoMic, ScriptedPlayer
from simulator.app.prefs import AppPrefs
from simulator.app.results import Results
from simulator.app.voice import VoiceIO
from simulator.settings import Settings
from simulator.speech.audio import AudioClip
from simulator.speech.recognition_worker import RecognitionWorker
from simulator.speech.recognizer import FakeRecognizer, Recognizer
from simulator.speech.tts import FakeSynthesizer
from simulator.speech.tts_worker import TtsWorker

GOOD_ANSWERS = (
    "I'm so sorry, Dana. Your pizza arrived an hour late and cold, and your movie night was ruined.",
    "You're right to be upset, and thank you for telling me. What time did you order?",
    "I'll refund your order and remake it with priority right now, and I'll make sure it reaches you fast.",
    "Here is my direct number; I'll call you tonight to check it arrived hot. Anything else I can do?",
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def speech_clip(seconds: float = 2.0) -> AudioClip:
    """A loud modulated tone the VAD accepts as speech."""
    t = np.arange(int(16_000 * seconds)) / 16_000
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t))
    pad = np.zeros(4000)
    return AudioClip.from_array(np.concatenate([pad, tone, pad]).astype(np.float32))


def silent_clip() -> AudioClip:
    return AudioClip.from_array(np.zeros(16_000, np.float32))


def make_app(
    tmp_path: Path,
    *,
    tts: bool = True,
    synthesizer: Callable[[], object] = FakeSynthesizer,
    tts_notice: str | None = None,
    recognizer: Callable[[], tuple[Recognizer, str | None]] | None = None,
    texts: Iterable[str] = (),
    mic: MicBackend | None = None,
    on_finished: OnFinished = no_save,
    prefs: AppPrefs | None = None,
    settings: Settings | None = None,
    typed: bool = False,
    results: Results | None = None,
    trainee: str = "Guest",
) -> tuple[App, FakeClock, ScriptedPlayer]:
    clock = FakeClock()
    player = ScriptedPlayer(clock)
    script = list(texts)

    def tts_factory() -> TtsWorker:
        return TtsWorker(tmp_path / "tts", synthesizer_factory=synthesizer)  # type: ignore[arg-type]

    def loader() -> tuple[Recognizer, str | None]:
        return FakeRecognizer(script), None

    def recognition(preference: str | None) -> RecognitionWorker:
        return RecognitionWorker(recognizer or loader)

    voice = VoiceIO(
        tts_factory=tts_factory if tts else None,
        recognizer_factory=recognition,
        mic=mic if mic is not None else NoMic(),
        player=player,
        clock=clock,
        tts_notice=tts_notice,
        typed_only=typed,
    )
    app = App(
        settings or Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache"),
        voice=voice,
        on_finished=on_finished,
        clock=clock,
        prefs=prefs or AppPrefs(),
        prefs_path=tmp_path / "prefs.json",
        size=(1024, 640),
        typed=typed,
        results=results,
        trainee=trainee,
    )
    return app, clock, player


def step(app: App, clock: FakeClock, events: Iterable[pygame.event.Event] = (), dt: float = 1 / 60) -> None:
    clock.now += dt
    app.step(list(events), dt)


def run_until(app: App, clock: FakeClock, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Step frames (giving worker threads real time) until condition() holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        step(app, clock)
        time.sleep(0.002)


def key(key_code: int, up: bool = False, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYUP if up else pygame.KEYDOWN, key=key_code, mod=mod, unicode="")


def typed(text: str) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.TEXTINPUT, text=ch) for ch in text] + [key(pygame.K_RETURN)]


def non_blank(path: Path) -> bool:
    image = pygame.image.load(str(path))
    colors = {
        image.get_at((x, y))[:3]
        for x in range(0, image.get_width(), 16)
        for y in range(0, image.get_height(), 16)
    }
    return len(colors) > 8


__all__ = ["GOOD_ANSWERS", "FakeMic", "make_app", "run_until", "step"]
