"""Synthetic speech-like audio, event polling and a hint-taking fake recognizer for the speech tests."""

from __future__ import annotations

import time

import numpy as np

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
