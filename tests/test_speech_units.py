"""Unit tests for the speech layer: audio, VAD, delivery, fakes and worker threads."""

from __future__ import annotations

import time
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.scenario.model import VoiceSettings
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
from simulator.speech.recognition_worker import (
    NothingHeard,
    RecognitionEvent,
    RecognitionFailed,
    RecognitionWorker,
    Recognized,
    RecognizerReady,
    RecognizerUnavailable,
)
from simulator.speech.recognizer import FakeRecognizer, Recognizer, RecognizerUnavailableError
from simulator.speech.tts import FakeSynthesizer, SynthesisError, Synthesizer
from simulator.speech.tts_worker import (
    LineFailed,
    LineReady,
    SpeechUnavailable,
    TtsEvent,
    TtsWorker,
    cache_key,
)
from simulator.speech.vad import nothing_heard, pause_points, rms_db, speech_span


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


# --- TTS worker ------------------------------------------------------------------------


class SlowSynth(FakeSynthesizer):
    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        time.sleep(0.5)
        super().render(text, voice, out_path)


def test_tts_worker_renders_and_caches(tmp_path: Path) -> None:
    synth = FakeSynthesizer()
    assert isinstance(synth, Synthesizer)
    worker = TtsWorker(tmp_path / "cache", lambda: synth)
    voice = VoiceSettings(rate=150)
    worker.request("l1", "Where is my pizza? It is an hour late!", voice)
    worker.request("l2", "Where is my pizza? It is an hour late!", voice)
    worker.request("l3", "Different line.", VoiceSettings(gender="male"))
    events: list[TtsEvent] = wait_for(worker.poll, 3)
    worker.close()
    assert not worker.alive
    assert [type(e) for e in events] == [LineReady, LineReady, LineReady]
    first, second, _third = events
    assert isinstance(first, LineReady) and isinstance(second, LineReady)
    assert not first.cached and second.cached and first.wav_path == second.wav_path
    assert first.wav_path.name == cache_key(first.text, voice, "fake") + ".wav"
    assert 2.0 < first.duration_s < 5.0
    assert synth.calls == ["Where is my pizza? It is an hour late!", "Different line."]
    assert not list((tmp_path / "cache").glob(".*"))  # no temp files left


def test_tts_worker_line_failure_keeps_running(tmp_path: Path) -> None:
    worker = TtsWorker(tmp_path, lambda: FakeSynthesizer(fail_on="BOOM"))
    worker.request("bad", "BOOM goes the line", VoiceSettings())
    worker.request("good", "fine line", VoiceSettings())
    events = wait_for(worker.poll, 2)
    worker.close()
    assert isinstance(events[0], LineFailed) and events[0].line_id == "bad"
    assert "BOOM" in events[0].message
    assert isinstance(events[1], LineReady) and events[1].line_id == "good"


def test_tts_worker_without_engine_reports_unavailable(tmp_path: Path) -> None:
    def broken() -> Synthesizer:
        raise SynthesisError("No speech engine works. Install espeak-ng")

    worker = TtsWorker(tmp_path, broken)
    worker.request("l1", "hello", VoiceSettings())
    events = wait_for(worker.poll, 2)
    worker.close()
    assert isinstance(events[0], SpeechUnavailable) and "espeak-ng" in events[0].message
    assert isinstance(events[1], LineFailed) and events[1].line_id == "l1"


def test_tts_worker_reports_hung_engine_and_close_returns(tmp_path: Path) -> None:
    worker = TtsWorker(tmp_path, SlowSynth, hang_after_s=0.1)
    worker.request("slow", "a slow line", VoiceSettings())
    time.sleep(0.3)
    events = worker.poll()
    assert any(isinstance(e, SpeechUnavailable) for e in events)
    assert any(isinstance(e, LineFailed) and e.line_id == "slow" for e in events)
    started = time.monotonic()
    worker.request("dropped", "never rendered", VoiceSettings())
    worker.close(timeout=2.0)
    assert time.monotonic() - started < 2.0 and not worker.alive


# --- recognition worker ----------------------------------------------------------------


def test_recognition_worker_events(tmp_path: Path) -> None:
    fake = FakeRecognizer(["I'm so sorry, um, let me fix that", ""], fail_on_call=3)
    assert isinstance(fake, Recognizer)
    worker = RecognitionWorker(lambda: (fake, "fell back"))
    speech = speechlike(2.0, lead=0.3, tail=0.3)
    worker.submit("u1", speech, pause_before_s=0.8, baseline_db=-30.0)
    worker.submit("u2", AudioClip.from_array(np.zeros(SAMPLE_RATE, np.float32)))
    worker.submit("u3", speech)  # fake returns "" -> nothing heard
    worker.submit("u4", speech)  # fake raises
    events: list[RecognitionEvent] = wait_for(worker.poll, 5)
    worker.close()
    assert not worker.alive and fake.closed
    ready, recognized, silent, empty, failed = events
    assert ready == RecognizerReady("fake", fake.accuracy_note, "fell back")
    assert isinstance(recognized, Recognized) and recognized.utterance_id == "u1"
    assert recognized.text.startswith("I'm so sorry")
    assert recognized.delivery.fillers == 1 and recognized.delivery.relative
    assert recognized.delivery.pause_before_s == 0.8
    assert silent == NothingHeard("u2", "silence")
    assert empty == NothingHeard("u3", "no words recognised")
    assert isinstance(failed, RecognitionFailed) and "scripted" in failed.message
    assert fake.calls == 3  # silence never reached the recognizer


def test_recognition_worker_unavailable(tmp_path: Path) -> None:
    def nothing() -> tuple[Recognizer, str | None]:
        raise RecognizerUnavailableError("Install faster-whisper.")

    worker = RecognitionWorker(nothing)
    worker.submit("u1", speechlike(1.0))
    events = wait_for(worker.poll, 2)
    worker.close()
    assert events[0] == RecognizerUnavailable("Install faster-whisper.")
    assert isinstance(events[1], RecognitionFailed) and events[1].utterance_id == "u1"


def test_recognition_worker_needs_loader_or_cache() -> None:
    with pytest.raises(ValueError):
        RecognitionWorker()


# --- streaming -------------------------------------------------------------------------


def test_phrase_cutter_cuts_only_complete_pauses() -> None:
    from simulator.speech.streaming import PhraseCutter

    first, second = speechlike(1.5, tail=0.6), speechlike(1.2, seed=3)
    clip = AudioClip.from_array(np.concatenate([first.samples, second.samples]))
    cutter = PhraseCutter()
    assert cutter.next_cut(clip.slice(0, 1.4)) is None  # still in the first phrase
    assert cutter.next_cut(clip.slice(0, 1.6)) is None  # pause not complete yet
    cut = cutter.next_cut(clip)
    assert cut is not None and 1.5 < cut < 2.1
    phrase = cutter.take(clip, cut)
    assert abs(phrase.duration_s - cut) < 0.01
    assert cutter.next_cut(clip) is None  # nothing complete after the cut
    assert abs(cutter.remainder(clip).duration_s - (clip.duration_s - cut)) < 0.01


def test_worker_decodes_phrases_while_talking() -> None:
    from simulator.speech.recognition_worker import PartiallyRecognized

    fake = FakeRecognizer(["I'm so sorry.", "Let me refund your order."])
    worker = RecognitionWorker(lambda: (fake, None))
    first, second = speechlike(1.5, tail=0.6), speechlike(1.2, seed=3)
    full = AudioClip.from_array(np.concatenate([first.samples, second.samples]))
    for end in (1.0, 2.0, 2.5):  # the recording grows
        worker.submit_partial("u1", full.slice(0, end))
        wait_for(worker.poll, 0, timeout=0.05)
    events = wait_for(worker.poll, 2)
    worker.submit("u1", full)
    events += wait_for(worker.poll, 1)
    worker.close()
    assert isinstance(events[0], RecognizerReady)
    assert events[1] == PartiallyRecognized("u1", "I'm so sorry.")
    final = events[2]
    assert isinstance(final, Recognized)
    assert final.text == "I'm so sorry. Let me refund your order."
    assert fake.calls == 2  # the final decode only saw the last phrase


def test_fallback_synthesizer_renders_failed_lines_with_the_backup(tmp_path: Path) -> None:
    from simulator.scenario.model import VoiceSettings
    from simulator.speech.tts import FakeSynthesizer, FallbackSynthesizer

    backup = FakeSynthesizer()
    synth = FallbackSynthesizer(FakeSynthesizer(fail_on="bad"), backup)
    synth.render("a bad line", VoiceSettings(), tmp_path / "one.wav")
    assert (tmp_path / "one.wav").stat().st_size > 44
    synth.render("a good line", VoiceSettings(), tmp_path / "two.wav")
    assert synth._failures == 0


def test_looping_transcripts_are_recognised() -> None:
    from simulator.speech.whisper import compression_ratio, looped

    loop = "Try again. Fail again. Fail better. Fail better. Fail better. Fail better."
    assert looped(loop)
    assert not looped("I'm so sorry Dana, let me refund your order right now and call you back.")
    assert compression_ratio("you " * 40) > 2.4 > compression_ratio("Let me refund your order right now.")
