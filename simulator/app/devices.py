"""Microphone and playback devices behind small protocols (real ones and no-device stand-ins)."""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pygame

from simulator.speech.audio import AudioClip
from simulator.speech.mic import HandsFree, MicrophoneUnavailable, PushToTalk, list_microphones

Clock = Callable[[], float]


class Recorder(Protocol):
    def start(self) -> None: ...
    def stop(self) -> AudioClip: ...


class Listener(Protocol):
    def start(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop(self, timeout: float = ...) -> None: ...
    def poll(self) -> list[AudioClip]: ...

    errors: queue.Queue[str]


class MicBackend(Protocol):
    def probe(self) -> list[str]: ...
    def push_to_talk(self, device: int | None) -> Recorder: ...
    def hands_free(self, device: int | None) -> Listener: ...


class SpeechMic:
    """The real microphone through simulator.speech.mic (PyAudio)."""

    def probe(self) -> list[str]:
        return list_microphones()

    def push_to_talk(self, device: int | None) -> Recorder:
        from simulator.speech.mic import microphone_source

        return PushToTalk(factory=lambda: microphone_source(device))

    def hands_free(self, device: int | None) -> Listener:
        from simulator.speech.mic import microphone_source

        return HandsFree(factory=lambda: microphone_source(device))


class NoMic:
    """No microphone at all (``play --typed``, tests)."""

    def __init__(self, message: str = "No microphone found.") -> None:
        self.message = message

    def probe(self) -> list[str]:
        raise MicrophoneUnavailable(self.message)

    def push_to_talk(self, device: int | None) -> Recorder:
        raise MicrophoneUnavailable(self.message)

    def hands_free(self, device: int | None) -> Listener:
        raise MicrophoneUnavailable(self.message)


class Player(Protocol):
    @property
    def playing(self) -> bool: ...
    def play(self, path: Path, duration_s: float) -> None: ...
    def stop(self) -> None: ...
    def progress(self) -> float: ...


class MixerPlayer:
    """Plays customer WAVs through pygame.mixer; timing follows the injected clock.

    If the mixer is not available the line still 'plays' for its duration, silently,
    so subtitles, lip movement and interruption work the same.
    """

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._channel: Any = None
        self._started = 0.0
        self._ends = 0.0
        self.error: str | None = None

    @property
    def playing(self) -> bool:
        return self._clock() < self._ends

    def play(self, path: Path, duration_s: float) -> None:
        self.stop()
        self._started, self._ends = self._clock(), self._clock() + max(0.0, duration_s)
        if not pygame.mixer.get_init():
            return
        try:
            self._channel = pygame.mixer.Sound(str(path)).play()
        except (pygame.error, OSError) as exc:
            self.error = str(exc)

    def stop(self) -> None:
        self._ends = min(self._ends, self._clock())
        if self._channel is not None:
            self._channel.stop()
            self._channel = None

    def progress(self) -> float:
        total = self._ends - self._started
        return 1.0 if total <= 0 else max(0.0, min(1.0, (self._clock() - self._started) / total))


def device_index(name: str) -> int | None:
    """'3: USB mic' -> 3; '' (system default) -> None."""
    head = name.split(":", 1)[0].strip()
    return int(head) if head.isdigit() else None


class ScriptedPlayer:
    """A player for tests and screenshots: a line plays until its duration passes on the clock or stop()."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._started = 0.0
        self._ends = 0.0
        self.played: list[Path] = []
        self.stops = 0

    @property
    def playing(self) -> bool:
        return self._clock() < self._ends

    def play(self, path: Path, duration_s: float) -> None:
        self.played.append(path)
        self._started, self._ends = self._clock(), self._clock() + duration_s

    def stop(self) -> None:
        if self.playing:
            self.stops += 1
        self._ends = min(self._ends, self._clock())

    def progress(self) -> float:
        total = self._ends - self._started
        return 1.0 if total <= 0 else max(0.0, min(1.0, (self._clock() - self._started) / total))


class FakeRecorder:
    def __init__(self, clip: AudioClip) -> None:
        self.clip = clip
        self.recording = False

    def start(self) -> None:
        self.recording = True

    def stop(self) -> AudioClip:
        self.recording = False
        return self.clip


class FakeMic:
    """A microphone for tests and screenshots: lists ``names`` and records ``clips`` in order."""

    def __init__(
        self, names: tuple[str, ...] = ("0: Fake microphone",), clips: list[AudioClip] | None = None
    ) -> None:
        self.names = names
        self.clips = list(clips or [])
        self.recordings = 0

    def probe(self) -> list[str]:
        return list(self.names)

    def _next(self) -> AudioClip:
        import numpy as np

        self.recordings += 1
        return self.clips.pop(0) if self.clips else AudioClip.from_array(np.zeros(1600, np.float32))

    def push_to_talk(self, device: int | None) -> Recorder:
        return FakeRecorder(self._next())

    def hands_free(self, device: int | None) -> Listener:
        raise MicrophoneUnavailable("The fake microphone has no hands-free mode.")
