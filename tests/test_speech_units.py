"""Unit tests for the speech layer: audio, VAD, delivery and fakes (workers: test_speech_workers.py)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from speech_signals import speechlike

from simulator.speech.audio import (
    SAMPLE_RATE,
    AudioClip,
    AudioError,
    load_audio,
    resample,
    save_wav,
    wav_duration,
)
from simulator.speech.delivery import (
    Delivery,
    count_fillers,
    count_words,
    delivery_notes,
    measure_delivery,
)
from simulator.speech.vad import nothing_heard, pause_points, rms_db, speech_span

# --- audio -----------------------------------------------------------------------------


def test_save_and_load_roundtrip(tmp_path: Path) -> None:
    clip = speechlike(1.0)
    path = save_wav(clip, tmp_path / "a" / "clip.wav")
    loaded = load_audio(path)
    assert loaded.sample_rate == SAMPLE_RATE
    assert abs(loaded.duration_s - 1.0) < 0.01
    assert np.max(np.abs(loaded.samples - clip.samples)) < 1e-3
    assert abs(wav_duration(path) - 1.0) < 0.01
    assert not list((tmp_path / "a").glob(".tmp-*"))


def test_load_stereo_44k_downmixes_and_resamples(tmp_path: Path) -> None:
    rate = 44_100
    t = np.arange(rate) / rate
    left = (0.5 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    right = np.zeros_like(left)
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.column_stack([left, right]).tobytes())
    clip = load_audio(path)
    assert clip.sample_rate == SAMPLE_RATE
    assert len(clip.samples) == SAMPLE_RATE
    assert clip.samples.dtype == np.float32
    # 0.5 amplitude averaged with silence -> 0.25 peak, 440 Hz preserved
    assert 0.2 < float(np.max(np.abs(clip.samples[1000:-1000]))) < 0.3
    spectrum = np.abs(np.fft.rfft(clip.samples))
    assert abs(int(np.argmax(spectrum)) - 440) <= 1


def test_resample_removes_content_above_new_nyquist() -> None:
    rate = 48_000
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 12_000 * t).astype(np.float32)  # above 8 kHz
    out = resample(tone, rate, SAMPLE_RATE)
    assert len(out) == SAMPLE_RATE
    assert rms_db(out[500:-500]) < -40


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.wav", b"", "empty"),
        ("notes.wav", b"Customer said the pizza was cold.\n" * 20, "not a readable"),
        ("corrupt.wav", b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00garbage", "not a readable"),
    ],
)
def test_bad_files_raise_audio_error_naming_file(
    tmp_path: Path, name: str, content: bytes, phrase: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(AudioError, match=phrase) as info:
        load_audio(path)
    assert name in str(info.value)
    assert str(info.value).count(".") >= 1 and "\n" not in str(info.value)


def test_missing_file_raises_audio_error(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"missing\.wav was not found"):
        load_audio(tmp_path / "missing.wav")


def test_header_only_wav_has_no_frames(tmp_path: Path) -> None:
    path = tmp_path / "header.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16_000)
    with pytest.raises(AudioError, match=r"header\.wav contains no audio"):
        load_audio(path)


def test_directory_is_not_audio(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="not a regular file"):
        load_audio(tmp_path)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=5000),
    rate=st.sampled_from([8000, 11025, 22050, 44100, 48000]),
)
def test_resample_length_and_bounds(n: int, rate: int) -> None:
    samples = np.random.default_rng(n).uniform(-1, 1, n).astype(np.float32)
    clip = AudioClip.from_array(samples, rate)
    assert len(clip.samples) == max(1, round(n * SAMPLE_RATE / rate))
    assert np.all(np.isfinite(clip.samples)) and np.max(np.abs(clip.samples)) <= 1.0


# --- VAD -------------------------------------------------------------------------------


def test_silence_and_noise_are_not_speech() -> None:
    silence = AudioClip.from_array(np.zeros(SAMPLE_RATE * 2, np.float32))
    assert nothing_heard(silence) == "silence"
    hiss = np.random.default_rng(1).normal(0, 0.1, SAMPLE_RATE * 2).astype(np.float32)
    assert nothing_heard(AudioClip.from_array(hiss)) == "noise"
    hum = 0.3 * np.sin(2 * np.pi * 50 * np.arange(SAMPLE_RATE * 2) / SAMPLE_RATE)
    assert nothing_heard(AudioClip.from_array(hum.astype(np.float32))) == "noise"
    assert nothing_heard(AudioClip.from_array(np.zeros(100, np.float32))) == "too short"
    assert nothing_heard(speechlike(1.5, lead=0.5, tail=0.5)) is None


def test_speech_span_trims_silence() -> None:
    clip = speechlike(2.0, lead=1.0, tail=1.5)
    start, end = speech_span(clip)
    assert abs(start - 1.0) < 0.1
    assert abs(end - 3.0) < 0.15


def test_pause_points_split_phrases() -> None:
    first, second = speechlike(1.0, tail=0.6), speechlike(1.0, seed=2)
    clip = AudioClip.from_array(np.concatenate([first.samples, second.samples]))
    points = pause_points(clip)
    assert len(points) == 1 and 1.0 < points[0] < 1.6


# --- delivery --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fillers"),
    [
        ("I would like to help you with that", 0),
        ("It looks like the driver got lost", 0),
        ("So, like, I can refund you", 1),
        ("Um, I, like, totally get it, you know", 3),
        ("Uh I mean, er, what kind of pizza was it", 3),
        ("Do you know your order number?", 0),
        ("I kind of see what you mean", 1),
        ("erm sort of", 2),
        ("", 0),
    ],
)
def test_filler_count(text: str, fillers: int) -> None:
    assert count_fillers(text) == fillers


def test_measure_delivery_pace_and_loudness() -> None:
    clip = speechlike(4.0, lead=1.0, tail=1.0)
    text = "I'm so sorry your pizza was late let me refund your order"  # 12 words
    delivery = measure_delivery(clip, text, pause_before_s=1.2)
    assert 170 <= delivery.wpm <= 190  # 12 words over the 4 s speech span
    assert delivery.loudness_db < 0 and not delivery.relative
    assert delivery.fillers == 0 and delivery.pause_before_s == 1.2
    relative = measure_delivery(clip, text, baseline_db=delivery.loudness_db - 8)
    assert relative.relative and 7.5 < relative.loudness_db < 8.5
    assert relative.as_json() == {"wpm": round(relative.wpm), "loudness_db": 8, "fillers": 0}
    assert all(isinstance(v, int) for v in relative.as_json().values())


def test_delivery_notes() -> None:
    calm = delivery_notes(Delivery(135, 1.0, 0, 1.0, relative=True), words=20)
    assert calm == ["Good calm pace (135 words a minute)."]
    notes = " ".join(delivery_notes(Delivery(185, 9.0, 4, 7.0, relative=True), words=30))
    assert "rushed" in notes and "shouting" in notes and "4 filler" in notes and "7 s" in notes
    # absolute levels are never "shouting"; short answers get no pace note
    assert delivery_notes(Delivery(300, -12.0, 0, 0.0), words=2) == []
    assert count_words("Sorry, I'll fix it!") == 4
