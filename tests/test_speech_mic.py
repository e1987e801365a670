"""Microphone capture: fake sources for the logic, and the real no-device / no-PyAudio paths."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np
import pytest

from simulator.speech import mic
from simulator.speech.audio import SAMPLE_RATE


class FakeStream:
    def __init__(self, samples: np.ndarray, chunk: int) -> None:
        self._data = (samples * 32767).astype("<i2").tobytes()
        self._chunk = chunk
        self._pos = 0

    def read(self, frames: int) -> bytes:
        time.sleep(frames / SAMPLE_RATE / 50)  # a fast but real-ish device
        piece = self._data[self._pos : self._pos + frames * 2]
        self._pos += frames * 2
        if not piece:  # a live mic never runs dry: return silence
            return b"\x00\x00" * frames
        return piece


class FakeSource:
    SAMPLE_RATE = SAMPLE_RATE
    SAMPLE_WIDTH = 2
    CHUNK = 1024

    def __init__(self, samples: np.ndarray) -> None:
        self._samples = samples
        self.stream: Any = None
        self.closed = False

    def __enter__(self) -> FakeSource:
        self.stream = FakeStream(self._samples, self.CHUNK)
        return self

    def __exit__(self, *args: object) -> None:
        self.stream = None
        self.closed = True


def test_push_to_talk_records_until_stop() -> None:
    t = np.arange(SAMPLE_RATE * 10) / SAMPLE_RATE
    source = FakeSource((0.3 * np.sin(2 * np.pi * 200 * t)).astype(np.float32))
    ptt = mic.PushToTalk(factory=lambda: source)
    ptt.start()
    assert ptt.recording
    time.sleep(0.05)
    clip = ptt.stop()
    assert not ptt.recording and source.closed
    assert clip.sample_rate == SAMPLE_RATE and clip.duration_s > 0.1
    assert 0.25 < float(np.max(np.abs(clip.samples))) < 0.35
    with pytest.raises(RuntimeError):
        ptt.stop()


def test_push_to_talk_respects_max_length() -> None:
    source = FakeSource(np.zeros(SAMPLE_RATE, np.float32))
    ptt = mic.PushToTalk(factory=lambda: source, max_s=0.2)
    ptt.start()
    time.sleep(0.3)
    clip = ptt.stop()
    assert 0.19 <= clip.duration_s <= 0.27


def test_calibrate_measures_noise_floor() -> None:
    noise = np.random.default_rng(0).normal(0, 0.01, SAMPLE_RATE * 2).astype(np.float32)
    floor = mic.calibrate(0.5, factory=lambda: FakeSource(noise))
    assert -43 < floor < -37  # 0.01 RMS = -40 dBFS


def test_no_device_raises_microphone_unavailable() -> None:
    """This machine has no sound card: every capture path must say so cleanly."""
    pytest.importorskip("pyaudio", reason="PyAudio not installed; covered by the next test")
    if mic.list_microphones():
        pytest.skip("a microphone is present on this machine")
    with pytest.raises(mic.MicrophoneUnavailable, match="microphone"):
        mic.calibrate(0.2)
    with pytest.raises(mic.MicrophoneUnavailable):
        mic.PushToTalk().start()
    with pytest.raises(mic.MicrophoneUnavailable):
        mic.listen_once(timeout_s=0.5)
    hands_free = mic.HandsFree()
    hands_free.start()
    message = hands_free.errors.get(timeout=10)
    hands_free.stop()
    assert "microphone" in message.lower() and hands_free.poll() == []


def test_missing_pyaudio_raises_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyaudio", None)  # import pyaudio -> ImportError
    monkeypatch.setattr(mic.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(mic.MicrophoneUnavailable, match="PyAudio"):
        mic.list_microphones()
    with pytest.raises(mic.MicrophoneUnavailable, match="portaudio19-dev"):
        mic.PushToTalk().start()
