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
from simulator.scenario.loader import default_scenarios_dir, load_scenario_file


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


def _voice(worker: SlowWorker) -> VoiceIO:
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
