"""The App: owns the window, clock, scene stack, speech adapter, options and callbacks."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from simulator.app import theme
from simulator.app.devices import MicBackend, MixerPlayer, NoMic, SpeechMic
from simulator.app.fonts import Fonts
from simulator.app.prefs import PREFS_FILE, AppPrefs, load_prefs, save_prefs
from simulator.app.results import GUEST, NullResults, Results
from simulator.app.routes import ROUTES, Route
from simulator.app.scenes.base import Scene
from simulator.app.voice import Clock, TtsLike, VoiceIO
from simulator.app.widgets import Notice
from simulator.content_files import Library, load_library
from simulator.engine.conversation import Conversation, Result
from simulator.settings import Settings

OnFinished = Callable[[Conversation, Result], None]
DEFAULT_SIZE = (1280, 720)
WARMUP_WAIT_S = 3.0  # at quit, the longest wait for the warm-up's onnxruntime call (about 0.5 s)
MIN_SIZE = (640, 420)


# Held while the warm-up is inside onnxruntime (building the encoder's session, its first encoding): a
# process that exits under such a call is aborted, so closing waits for it, and only for it.
_NATIVE = threading.Lock()


def _warm_detector(closing: threading.Event) -> None:
    """Load the encoder, compile the phrase bank and score one answer, stopping between steps once closing."""
    from simulator.play import detector_for, judge_notice

    try:
        with _NATIVE:
            if closing.is_set():
                return
            judge_notice()  # loads and verifies the encoder and the heads
        detect = detector_for(None)  # compiles the phrase bank: plain Python, safe to leave at exit
        with _NATIVE:
            if closing.is_set():
                return
            detect("I'm sorry to hear that.")
    except Exception:  # a broken phrase pack is reported when an answer is scored
        return


def no_save(conversation: Conversation, result: Result) -> None:
    """The default on_finished: keep nothing (the lead wires the results store)."""


def default_voice(settings: Settings, prefs: AppPrefs, clock: Clock, typed: bool = False) -> VoiceIO:
    """The real speech stack: TTS worker, recognizer worker, microphone, mixer playback."""
    from simulator.speech.neural_worker import game_voice
    from simulator.speech.recognition_worker import RecognitionWorker
    from simulator.speech.tts import detect_tts

    def tts() -> TtsLike:
        return game_voice(settings.cache_dir / "tts", os.environ.get("HOTSEAT_TTS", ""))

    def recognizer(preference: str | None) -> RecognitionWorker:
        return RecognitionWorker(preference=preference, cache_dir=settings.cache_dir / "models")

    mic: MicBackend = NoMic("Typed mode: answers are typed.") if typed else SpeechMic()
    return VoiceIO(
        tts_factory=tts,
        recognizer_factory=None if typed else recognizer,
        mic=mic,
        player=MixerPlayer(clock),
        clock=clock,
        tts_notice=detect_tts(),
        recognizer_preference=prefs.recognizer_preference,
        microphone=prefs.microphone,
        hands_free=prefs.hands_free,
        voice_on=prefs.voice_on,
        typed_only=typed,
    )


class App:
    """The game. ``step(events, dt)`` runs one frame (tests); ``run()`` is the real loop."""

    def __init__(
        self,
        settings: Settings,
        *,
        voice: VoiceIO | Callable[[AppPrefs, Clock], VoiceIO] | None = None,
        on_finished: OnFinished = no_save,
        clock: Clock = time.monotonic,
        prefs: AppPrefs | None = None,
        prefs_path: Path | None = None,
        size: tuple[int, int] = DEFAULT_SIZE,
        library: Callable[[], Library] | None = None,
        typed: bool = False,
        fps: int = 60,
        results: Results | None = None,
        trainee: str = GUEST,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.on_finished = on_finished
        self.results: Results = results if results is not None else NullResults()
        self.trainee = trainee.strip() or GUEST
        self.typed_only = typed
        self.fps = fps
        self.prefs_path = prefs_path or settings.data_dir / PREFS_FILE
        self.messages: list[Notice] = []
        if prefs is None:
            prefs, problem = load_prefs(self.prefs_path)
            if problem:
                self.messages.append(Notice(problem, "warn"))
        self.prefs = prefs
        self._library_loader = library or (lambda: load_library(settings.scenario_paths))
        pygame.init()
        pygame.key.set_repeat(400, 35)
        pygame.display.set_caption("Hot Seat — customer conversation trainer")
        self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.fonts = Fonts(prefs.large_text)
        self.fonts.set_height(self.surface.get_height())
        self.big_fonts = Fonts(True)  # the projector view (group debrief), whatever the option
        self.big_fonts.set_height(self.surface.get_height())
        self._ticker = pygame.time.Clock()
        self._last_frame_ms = 0
        if voice is None:
            self.voice = default_voice(settings, prefs, clock, typed)
        elif isinstance(voice, VoiceIO):
            self.voice = voice
        else:
            self.voice = voice(prefs, clock)
        self.scenes: list[Scene] = []
        self.running = True
        # Build the move detector's phrase bank and encoder off the loop (the first answer would stall ~2 s).
        self._closing = threading.Event()
        threading.Thread(
            target=_warm_detector, args=(self._closing,), name="detector-warmup", daemon=True
        ).start()
        self.frames = 0

    # --- scene stack ------------------------------------------------------------
    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        if self.scenes:
            self.scenes[-1].exit()
        self.scenes.append(scene)
        scene.enter()

    def pop(self) -> Scene | None:
        if not self.scenes:
            return None
        scene = self.scenes.pop()
        scene.exit()
        scene.dispose()
        if self.scenes:
            self.scenes[-1].enter()
        else:
            self.running = False
        return scene

    def replace(self, scene: Scene) -> None:
        """Swap the top scene for another (no uncovering of the one below)."""
        if self.scenes:
            old = self.scenes.pop()
            old.exit()
            old.dispose()
        self.scenes.append(scene)
        scene.enter()

    def go(self, route: Route, *args: object, replace: bool = False) -> Scene:
        """Show the screen registered as ``route`` (built with ``args``): on top, or in place of the top."""
        try:
            factory: Callable[..., Scene] = ROUTES[route]
        except KeyError:
            raise ValueError(f"no screen is registered as {route!r}") from None
        scene = factory(self, *args)
        if replace:
            self.replace(scene)
        else:
            self.push(scene)
        return scene

    def pop_to(self, route: Route) -> None:
        """Pop scenes until the ``route`` screen is on top (or the stack has one scene)."""
        kind = ROUTES[route]
        while len(self.scenes) > 1 and not isinstance(self.scenes[-1], kind):
            old = self.scenes.pop()
            old.exit()
            old.dispose()
        if self.scenes:
            self.scenes[-1].enter()

    # --- services ---------------------------------------------------------------
    def library(self) -> Library:
        return self._library_loader()

    def set_prefs(self, prefs: AppPrefs) -> None:
        """Apply and save new options."""
        old, self.prefs = self.prefs, prefs
        self.fonts = Fonts(prefs.large_text)
        self.fonts.set_height(self.surface.get_height())
        self.big_fonts.set_height(self.surface.get_height())
        self.voice.voice_on = prefs.voice_on
        self.voice.microphone = prefs.microphone
        self.voice.hands_free = prefs.hands_free
        if prefs.recognizer != old.recognizer:
            self.voice.restart_recognizer(prefs.recognizer_preference)
        problem = save_prefs(self.prefs_path, prefs)
        if problem:
            self.messages.append(Notice(problem, "warn"))

    def notices(self) -> list[Notice]:
        problem = self.results.problem
        saved = [Notice(problem, "warn")] if problem else []
        return [*self.messages, *saved, *self.voice.notices()]

    def set_trainee(self, name: str) -> None:
        """Who is training now; results are stored under this name."""
        self.trainee = name.strip() or GUEST
        self.results.add_trainee(self.trainee)  # on the save thread; a problem becomes a notice

    # --- frames -----------------------------------------------------------------
    def step(self, events: Sequence[pygame.event.Event], dt: float) -> None:
        """One frame: handle the events, update, draw."""
        for event in events:
            if not self._global(event) and self.top is not None:
                self.top.handle(event)
        self.voice.pump()
        if self.top is not None:
            self.top.update(dt)
        self.surface.fill(theme.BG)
        if self.top is not None:
            self.top.draw(self.surface)
        self.frames += 1

    def _global(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.QUIT:
            self.running = False
            return True
        if event.type == pygame.VIDEORESIZE:
            self.resize(event.w, event.h)
            return True
        if event.type == pygame.WINDOWSIZECHANGED:
            self.surface = pygame.display.get_surface()
            self.fonts.set_height(self.surface.get_height())
            self.big_fonts.set_height(self.surface.get_height())
            return True
        return False

    def resize(self, width: int, height: int) -> None:
        size = (max(MIN_SIZE[0], width), max(MIN_SIZE[1], height))
        if self.surface.get_size() != size:
            self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.fonts.set_height(size[1])
        self.big_fonts.set_height(size[1])

    def run(self) -> int:
        """The real loop until the window closes or the last scene pops."""
        try:
            while self.running:
                events = self.next_events()
                dt = self._ticker.tick(self.fps) / 1000.0  # also caps bursts of input at self.fps
                self.step(events, min(dt, 0.1))
                pygame.display.flip()
        finally:
            self.close()
        return 0

    def next_events(self) -> list[pygame.event.Event]:
        """The input for the next frame: at once for an animated scene; a static one sleeps
        until input arrives or its (low) frame rate is due, so an idle window costs little CPU."""
        rate = min(self.fps, getattr(self.top, "frame_rate", self.fps))
        if rate >= self.fps:
            return pygame.event.get()
        waited = pygame.time.get_ticks() - self._last_frame_ms
        first = pygame.event.wait(max(1, 1000 // rate - waited))
        self._last_frame_ms = pygame.time.get_ticks()
        return [] if first.type == pygame.NOEVENT else [first, *pygame.event.get()]

    def quit(self) -> None:
        self.running = False

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.surface, str(path))
        return path

    def close(self) -> bool:
        """Store what is running, stop the speech workers (bounded wait), close pygame.

        False when a speech worker was still busy when the wait ran out.
        """
        while self.scenes:
            old = self.scenes.pop()
            old.exit()
            old.dispose()  # a conversation left running is stored as abandoned
        self.results.close()  # the save thread finishes its queue
        stopped = self.voice.close()
        pygame.quit()
        self._closing.set()  # the warm-up starts no new onnxruntime call; one under way is waited for
        if _NATIVE.acquire(timeout=WARMUP_WAIT_S):
            _NATIVE.release()
        return stopped
