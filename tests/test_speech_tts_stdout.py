"""Rendering a line never touches the process's stdout (other threads' output must not vanish)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from simulator.scenario.model import VoiceSettings
from simulator.speech.tts import Pyttsx3Synthesizer, SynthesisError


def test_rendering_keeps_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        synth = Pyttsx3Synthesizer()
    except SynthesisError as exc:
        pytest.fail(f"pyttsx3 with espeak-ng is required here (scripts/test.sh installs it): {exc}")
    before = sys.stdout
    seen: list[bool] = []
    done = threading.Event()

    def watch() -> None:  # another thread looks at sys.stdout for as long as the line renders
        while not done.is_set():
            seen.append(sys.stdout is before)
            time.sleep(0.0005)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        synth.render("Hello there, this is the customer speaking.", VoiceSettings(), tmp_path / "line.wav")
    finally:  # a failed render must not leave the watcher spinning (it kept a failed run from exiting)
        done.set()
        watcher.join()
    assert seen and all(seen), "sys.stdout was swapped while the line rendered"
    assert (tmp_path / "line.wav").stat().st_size > 1000
    assert "Audio saved" not in capsys.readouterr().out
