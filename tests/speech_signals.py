"""Synthetic speech-like audio, event polling and hint-taking fake recognizers for the speech tests."""

from __future__ import annotations

import time
from pathlib import Path
from types import ModuleType, SimpleNamespace

import numpy as np
import pytest

from simulator.speech.audio import SAMPLE_RATE, AudioClip
from simulator.speech.recognizer import FakeRecognizer, Transcript


def speechlike(
    seconds: float, lead: float = 0.0, tail: float = 0.0, amp: float = 0.3, seed: int = 0
) -> AudioClip:
    """Syllable-modulated harmonic tone: loud, voiced, level moving like speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    voice = sum(np.sin(2 * np.pi * f * t) / k for k, f in enumerate((140, 280, 420, 700), 1))
    envelope = 0.55 + 0.45 * np.sin(2 * np.pi * 4.0 * t)
    body = amp * voice * envelope / 2.0 + rng.normal(0, 0.0005, len(t))
    quiet = lambda s: rng.normal(0, 0.0005, int(s * SAMPLE_RATE))  # noqa: E731
    return AudioClip.from_array(np.concatenate([quiet(lead), body, quiet(tail)]).astype(np.float32))


def wait_for(poll, count: int, timeout: float = 5.0) -> list:
    events: list = []
    deadline = time.monotonic() + timeout
    while len(events) < count and time.monotonic() < deadline:
        events.extend(poll())
        time.sleep(0.01)
    return events


class HintedRecognizer(FakeRecognizer):
    """A scripted recognizer that takes vocabulary hints, recording the hint in force at each decode."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__(texts)
        self.vocabulary = ""
        self.heard_with: list[str] = []

    def use_vocabulary(self, words: str) -> None:
        self.vocabulary = words

    def transcribe(self, clip: AudioClip) -> Transcript:
        self.heard_with.append(self.vocabulary)
        return super().transcribe(clip)


def speak_as_text(module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace a round trip's espeak-ng, Whisper and audio loading in `module` by fakes: the typed line is
    "spoken" into the file and "heard" back word for word. Returns the hint in force at each decode."""
    hints: list[str] = []

    class Voice:
        def render(self, text: str, voice: object, wav: Path) -> None:
            wav.write_text(text, encoding="utf-8")

    class Ears:
        words = ""

        def __init__(self, **_: object) -> None:
            pass

        def use_vocabulary(self, words: str) -> None:
            self.words = words

        def transcribe(self, clip: str) -> SimpleNamespace:
            hints.append(self.words)
            return SimpleNamespace(text=clip)

        def close(self) -> None:
            pass

    monkeypatch.setattr(module, "EspeakNgSynthesizer", Voice)
    monkeypatch.setattr(module, "WhisperRecognizer", Ears)
    monkeypatch.setattr(module, "load_audio", lambda path: Path(path).read_text(encoding="utf-8"))
    return hints
