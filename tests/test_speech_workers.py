"""Unit tests for the speech worker threads: TTS rendering and caching, recognition events, phrase cutting."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from speech_signals import HintedRecognizer, speechlike, wait_for

from simulator.scenario.model import VoiceSettings
from simulator.speech.audio import (
    SAMPLE_RATE,
    AudioClip,
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
from simulator.speech.recognizer import (
    FakeRecognizer,
    Recognizer,
    RecognizerUnavailableError,
    TakesVocabulary,
)
from simulator.speech.tts import FakeSynthesizer, SynthesisError, Synthesizer
from simulator.speech.tts_worker import (
    LineFailed,
    LineReady,
    SpeechUnavailable,
    TtsEvent,
    TtsWorker,
    cache_key,
)

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


def test_recognition_worker_hands_the_vocabulary_to_a_recognizer_that_takes_one() -> None:
    hinted = HintedRecognizer(["hello mr dawson", "thanks", "bye"])
    assert isinstance(hinted, TakesVocabulary) and not isinstance(FakeRecognizer(), TakesVocabulary)
    worker = RecognitionWorker(lambda: (hinted, None))
    worker.set_vocabulary("Craig Dawson, supervisor override.")
    worker.submit("u1", speechlike(1.0))
    wait_for(worker.poll, 2)
    worker.set_vocabulary("")
    worker.submit("u2", speechlike(1.0))
    wait_for(worker.poll, 1)
    worker.close()
    assert hinted.heard_with == ["Craig Dawson, supervisor override.", ""]
    plain = FakeRecognizer(["hello"])  # a recognizer without hints simply ignores them
    worker = RecognitionWorker(lambda: (plain, None))
    worker.set_vocabulary("Craig Dawson.")
    worker.submit("u1", speechlike(1.0))
    events = wait_for(worker.poll, 2)
    worker.close()
    assert isinstance(events[-1], Recognized) and events[-1].text == "hello"


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


def test_whispers_stock_inventions_count_as_nothing_heard() -> None:
    from simulator.speech.whisper import stock_hallucination

    assert stock_hallucination("Thank you for watching.")
    assert stock_hallucination("  thanks for watching! ")
    assert stock_hallucination("Subtitles by the Amara.org community")
    assert not stock_hallucination("Thank you for waiting.")
    assert not stock_hallucination("Thank you for watching the stall while I fetched the manager.")


def test_a_transcript_that_only_copies_the_prompt_is_decoded_again_unprimed() -> None:
    from simulator.speech.audio import AudioClip
    from simulator.speech.whisper import WhisperRecognizer, echoes_prompt

    prompt = "refund, Grace. Thank you. I don't want him fired."
    assert echoes_prompt("I don't want him.", prompt) and echoes_prompt("thank you", prompt)
    assert not echoes_prompt("And your name?", prompt) and not echoes_prompt("I don't want", None)
    assert not echoes_prompt("I don't want him sacked.", prompt) and not echoes_prompt("", prompt)

    class Scripted(WhisperRecognizer):  # the decodes Whisper would make with and without the prompt
        def load(self) -> None:
            self.calls: list[str | None] = []

        def _decode(self, clip: AudioClip, prompt: str | None) -> str:
            self.calls.append(prompt)
            return "I don't want him." if prompt else "And your name?"

    whisper = Scripted(initial_prompt=prompt)
    clip = AudioClip.from_array(np.zeros(16000, dtype=np.float32))
    assert whisper.transcribe(clip).text == "And your name?" and whisper.calls == [prompt, None]
    whisper.use_vocabulary("refund, Grace.")  # nothing copied: one decode
    assert whisper.transcribe(clip).text == "I don't want him." and whisper.calls == ["refund, Grace."]
