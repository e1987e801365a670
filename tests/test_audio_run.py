"""`run --audio` end to end: espeak-ng speaks the trainee, real recognition, real scoring."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli import hotseat

pytestmark = pytest.mark.slow

ANSWERS = [
    "I am so sorry Dana, I completely understand how frustrating that is.",
    "So your pizza came an hour late and cold. What time did you order?",
    "Let me give you a full refund, and I will put a fresh pizza in the oven right now. "
    "I will call you when it leaves.",
]


def speak(text: str, path: Path, rate: int = 160) -> Path:
    subprocess.run(["espeak-ng", "-s", str(rate), "-w", str(path), text], check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is required (scripts/test.sh installs it)")
    folder = tmp_path_factory.mktemp("answers")
    files = [speak(text, folder / f"a{i}.wav") for i, text in enumerate(ANSWERS)]
    if shutil.which("sox"):  # one answer as 44.1 kHz stereo FLAC: any rate, any channel count
        flac = folder / "a1.flac"
        subprocess.run(["sox", str(files[1]), "-r", "44100", "-c", "2", str(flac)], check=True)
        files[1] = flac
    return files


def test_audio_answers_are_recognised_scored_and_timed(spoken: list[Path], tmp_path: Path) -> None:
    silence = tmp_path / "silence.wav"
    subprocess.run(["sox", "-n", "-r", "16000", str(silence), "trim", "0", "1.5"], check=True)
    args = ["run", "--scenario", "late-pizza", "--json", "--trainee", "robo"]
    for path in [spoken[0], silence, *spoken[1:]]:
        args += ["--audio", str(path)]
    proc = hotseat(*args, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "silence.wav: didn't catch that" in proc.stderr
    out = json.loads(proc.stdout)
    trainee = [t for t in out["turns"] if t["speaker"] == "trainee"]
    assert len(trainee) == 3, "silence is never scored as a turn"
    for turn in trainee:
        assert turn["transcript_source"] == "audio"
        assert set(turn["delivery"]) == {"wpm", "loudness_db", "fillers"}
        assert 60 <= turn["delivery"]["wpm"] <= 260
    assert "dana" in trainee[0]["text"].lower() or "sorry" in trainee[0]["text"].lower()
    assert "apology" in {m["move"] for m in trainee[0]["moves"]}
    assert out["outcome"] == "resolved", out
    assert len(out["session_id"]) == 32


def test_corrupt_and_empty_audio_get_clear_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunk")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    for path in (junk, empty, tmp_path / "missing.wav"):
        proc = hotseat(
            "run", "--scenario", "late-pizza", "--no-save", "--audio", str(path), data_dir=tmp_path
        )
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert path.name in proc.stderr and proc.stderr.count("\n") == 1
