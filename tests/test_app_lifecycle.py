"""The game loop idles cheaply on static screens, and closing waits for the speech workers (bounded)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pygame
from test_app_harness import make_app

from simulator.app.devices import NoMic, ScriptedPlayer
from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.settings_scene import SettingsScene
from simulator.app.voice import VoiceIO, unfinished_workers
from simulator.content_files import default_scenarios_dir, load_scenario_file
from simulator.scenario.model import VoiceSettings
from simulator.speech.neural_worker import NeuralVoice
from simulator.speech.tts import FakeSynthesizer
from simulator.speech.tts_worker import TtsWorker


class SlowWorker:
    """A worker whose thread takes ``busy_s`` to stop (a decode in progress)."""

    def __init__(self, busy_s: float) -> None:
        self.busy_s = busy_s
        self.closed = threading.Event()
        self._thread = threading.Thread(target=self.closed.wait, daemon=True)
        self._thread.start()

    def poll(self) -> list[object]:
        return []

    def close(self, timeout: float = 5.0) -> None:
        time.sleep(self.busy_s)
        self.closed.set()
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()


def _voice(worker: SlowWorker | NeuralVoice) -> VoiceIO:
    return VoiceIO(
        tts_factory=lambda: worker,  # type: ignore[arg-type,return-value]
        recognizer_factory=None,
        mic=NoMic(),
        player=ScriptedPlayer(time.monotonic),
    )


def test_close_waits_for_the_workers() -> None:
    worker = SlowWorker(busy_s=0.1)
    voice = _voice(worker)
    assert voice.close(timeout=2.0) is True
    assert worker.closed.is_set() and not worker.alive  # finished before close() returned


def test_close_gives_up_after_the_bounded_wait() -> None:
    worker = SlowWorker(busy_s=1.5)
    voice = _voice(worker)
    started = time.monotonic()
    assert voice.close(timeout=0.2) is False
    assert time.monotonic() - started < 1.0
    assert unfinished_workers()  # the program exits without finalising under this thread
    deadline = time.monotonic() + 5.0  # once the worker has finished, nothing is left over
    while unfinished_workers() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert worker.closed.is_set() and not unfinished_workers()


def _frames_in(app, seconds: float) -> int:  # type: ignore[no-untyped-def]
    frames = app.frames
    pygame.time.set_timer(pygame.QUIT, int(seconds * 1000), loops=1)
    app.run()
    return app.frames - frames


def test_a_static_screen_redraws_rarely_but_answers_input_at_once(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, tts=False)
    app.push(SettingsScene(app))
    assert _frames_in(app, 1.0) <= 8  # 4 frames a second while idle (60 before)

    app, _, _ = make_app(tmp_path, tts=False)
    app.push(SettingsScene(app))
    app.next_events()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode=""))
    started = time.monotonic()
    events = app.next_events()
    assert time.monotonic() - started < 0.1 and [e.type for e in events] == [pygame.KEYDOWN]
    app.close()


def test_the_conversation_runs_at_full_rate(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, tts=False, typed=True)
    app.push(ConversationScene(app, load_scenario_file(default_scenarios_dir() / "late-pizza.yaml")))
    assert _frames_in(app, 1.0) >= 15


class SlowSynthesizer(FakeSynthesizer):
    """espeak-ng busy with a long line: each render takes ``busy_s``."""

    def __init__(self, busy_s: float) -> None:
        super().__init__()
        self.busy_s = busy_s

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        time.sleep(self.busy_s)
        super().render(text, voice, out_path)


class SlowRenderer:
    """Kokoro rendering each sentence in ``busy_s``."""

    def __init__(self, folder: Path, busy_s: float) -> None:
        self.folder, self.busy_s = folder, busy_s

    def sentence_path(self, text: str, voice: VoiceSettings) -> Path:
        return self.folder / f"{abs(hash(text))}.wav"

    def render_sentence(self, text: str, voice: VoiceSettings) -> tuple[Path, bool]:
        time.sleep(self.busy_s)
        path = self.sentence_path(text, voice)
        FakeSynthesizer().render(text, voice, path)
        return path, False


def _wait_until_nothing_is_left(limit_s: float = 5.0) -> None:
    deadline = time.monotonic() + limit_s
    while unfinished_workers() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not unfinished_workers()


def _neural(tmp_path: Path, kokoro_s: float, espeak_s: float, load_s: float = 0.0) -> NeuralVoice:
    fallback = TtsWorker(tmp_path / "espeak", lambda: SlowSynthesizer(espeak_s))

    def load() -> SlowRenderer:
        time.sleep(load_s)
        return SlowRenderer(tmp_path / "kokoro", kokoro_s)

    return NeuralVoice(load, fallback, budget_s=30.0)


def test_the_neural_voice_and_its_fallback_stop_within_one_bounded_wait(tmp_path: Path) -> None:
    """Kokoro rendering and espeak-ng speaking at once: close() waits once (not once per engine),
    and the game knows a thread is left while the fallback's is still running."""
    _wait_until_nothing_is_left()
    neural = _neural(tmp_path, kokoro_s=0.8, espeak_s=1.2)
    voice = _voice(neural)
    neural.request("line-1", "Where is my pizza?", VoiceSettings())
    assert neural.fallback is not None
    neural.fallback.request("line-0", "I have been waiting for an hour.", VoiceSettings())
    time.sleep(0.2)  # both threads are busy now
    started = time.monotonic()
    assert voice.close(timeout=0.3) is False
    assert time.monotonic() - started < 0.6
    time.sleep(0.8)  # Kokoro's sentence is over; espeak-ng is still speaking
    assert neural.alive and unfinished_workers()  # still no interpreter shutdown under it
    _wait_until_nothing_is_left()
    assert not neural.alive


def test_close_does_not_wait_for_the_neural_voice_loading_its_model(tmp_path: Path) -> None:
    _wait_until_nothing_is_left()
    neural = _neural(tmp_path, kokoro_s=0.0, espeak_s=0.0, load_s=1.0)
    voice = _voice(neural)
    assert neural.engine_ready is None
    started = time.monotonic()
    assert voice.close(timeout=0.5) is False
    assert time.monotonic() - started < 0.25  # the model load cannot be cut short: don't wait for it
    assert unfinished_workers()
    _wait_until_nothing_is_left()

    idle = _neural(tmp_path, kokoro_s=0.0, espeak_s=0.0)
    deadline = time.monotonic() + 5.0
    while idle.engine_ready is None and time.monotonic() < deadline:
        idle.poll()
        time.sleep(0.02)
    assert _voice(idle).close(timeout=2.0) is True  # loaded and idle: both threads end at once
    assert not idle.alive
