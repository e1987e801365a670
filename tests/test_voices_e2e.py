"""The real neural voice: Kokoro from the PyPI wheels speaks a scenario line that Whisper understands."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from simulator.cli.main import main
from simulator.speech.audio import load_audio
from simulator.speech.neural_worker import kokoro_voice
from simulator.speech.tts_worker import LineReady, TtsEvent

pytestmark = pytest.mark.slow
LINE = "I ordered an hour ago. Where is my pizza? My kids are starving."


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']+", text.lower()))


def test_voices_say_contract_and_whisper_understands_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.speech.whisper import WhisperRecognizer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "line.wav"
    code = main(["voices", "say", "--scenario", "late-pizza", LINE, "--out", str(out), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["engine"] == "kokoro" and report["voice"] == "af_heart"
    assert 2.0 < report["seconds"] < 8.0
    recognizer = WhisperRecognizer(cache_dir=tmp_path / "whisper")
    try:
        heard = words(recognizer.transcribe(load_audio(out)).text)
    finally:
        recognizer.close()
    assert len(words(LINE) & heard) >= len(words(LINE)) - 2, heard
    assert main(["voices", "say", "--voice", "nobody", "Hi.", "--out", str(out)]) == 2


def test_game_pipeline_renders_sentence_parts_then_serves_them_from_disk(tmp_path: Path) -> None:
    from simulator.scenario.model import VoiceSettings

    voice = VoiceSettings(name="bm_george", language="en-gb", gender="male")

    def speak(line_id: str) -> tuple[list[LineReady], float]:
        worker = kokoro_voice(tmp_path, fallback=None)
        try:
            started = time.monotonic()
            worker.request(line_id, "Right. Where is my parcel? It was due on Monday.", voice)
            events: list[TtsEvent] = []
            while not any(isinstance(e, LineReady) and e.final for e in events):
                assert time.monotonic() - started < 120
                events += worker.poll()
                time.sleep(0.02)
            first = time.monotonic() - started
        finally:
            worker.close()
        return [e for e in events if isinstance(e, LineReady)], first

    cold, _ = speak("cold")
    assert [p.final for p in cold] == [False, True] and not any(p.cached for p in cold)
    warm, seconds = speak("warm")
    assert [p.wav_path for p in warm] == [p.wav_path for p in cold] and all(p.cached for p in warm)
    assert seconds < 0.5


def test_voices_say_with_espeak_reports_the_fallback_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out = tmp_path / "line.wav"
    assert main(["voices", "say", "--scenario", "lost-parcel", "Where is it?", "--out", str(out),
                 "--engine", "espeak", "--json"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert report["engine"] in ("pyttsx3", "espeak-ng") and report["voice"].endswith("+m5")
    assert report["seconds"] > 0.3
    assert main(["voices", "say", "  ", "--out", str(out)]) == 2
    assert "TEXT is empty" in capsys.readouterr().err


def test_kokoro_then_pyttsx3_in_one_process(tmp_path: Path) -> None:
    """kokoro-onnx brings its own libespeak-ng: loaded first, pyttsx3 would get it and exit the process."""
    import os
    import subprocess
    import sys

    script = (
        "from pathlib import Path; from simulator.scenario.model import VoiceSettings\n"
        "from simulator.speech.neural import KokoroSynthesizer\n"
        "from simulator.speech.tts import Pyttsx3Synthesizer\n"
        f"out = Path({str(tmp_path)!r})\n"
        "KokoroSynthesizer(out).render('Hello there, friend.', VoiceSettings(), out / 'k.wav')\n"
        "Pyttsx3Synthesizer().render('Where is it?', VoiceSettings(), out / 'p.wav')\n"
        "print('both spoke')\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0 and "both spoke" in done.stdout, done.stderr[-500:]
