"""`run --audio`: recorded answers through the game's voice pipeline (recognition, delivery, scoring)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from simulator.engine.conversation import Conversation
from simulator.engine.customer import DeliverySignal
from simulator.errors import UserError
from simulator.scenario.spoken import recognition_vocabulary
from simulator.speech.audio import AudioClip, AudioError, load_audio
from simulator.speech.delivery import Delivery
from simulator.speech.recognition_worker import (
    NothingHeard,
    RecognitionEvent,
    RecognitionFailed,
    RecognitionWorker,
    Recognized,
    RecognizerReady,
    RecognizerUnavailable,
)
from simulator.speech.vad import speech_level_db

RECOGNITION_TIMEOUT_S = 300.0


def load_answers(paths: list[Path]) -> list[AudioClip]:
    """Load every answer up front so a bad file is reported before anything is played."""
    clips = []
    for path in paths:
        try:
            clips.append(load_audio(path))
        except AudioError as exc:
            raise UserError(str(exc)) from exc
    return clips


def delivery_signal(delivery: Delivery) -> DeliverySignal:
    loudness = delivery.loudness_db if delivery.relative else 0.0
    return DeliverySignal(delivery.wpm, loudness, delivery.fillers, delivery.pause_before_s)


def _wait(worker: RecognitionWorker, wanted: tuple[type, ...]) -> RecognitionEvent:
    deadline = time.monotonic() + RECOGNITION_TIMEOUT_S
    while time.monotonic() < deadline:
        for event in worker.poll():
            if isinstance(event, wanted):
                return event
        time.sleep(0.01)
    raise UserError("speech recognition timed out")


def play_audio_answers(
    conversation: Conversation,
    paths: list[Path],
    worker: RecognitionWorker,
    on_turn: Callable[[Conversation], None],
    warn: Callable[[str], None],
) -> None:
    """Recognise each answer in order and play it as a trainee turn; silence is never scored."""
    clips = load_answers(paths)
    ready = _wait(worker, (RecognizerReady, RecognizerUnavailable))
    if isinstance(ready, RecognizerUnavailable):
        raise UserError(f"no speech recognizer available: {ready.message}")
    assert isinstance(ready, RecognizerReady)
    if ready.notice:
        warn(ready.notice)
    baseline: float | None = None
    conversation.start()
    on_turn(conversation)
    for index, (path, clip) in enumerate(zip(paths, clips, strict=True)):
        if conversation.finished:
            break
        worker.set_vocabulary(recognition_vocabulary(conversation.scenario, conversation.last_said))
        worker.submit(f"answer-{index}", clip, baseline_db=baseline)
        event = _wait(worker, (Recognized, NothingHeard, RecognitionFailed))
        if isinstance(event, Recognized):
            conversation.respond(event.text, source="audio", delivery=delivery_signal(event.delivery))
            if baseline is None:
                baseline = speech_level_db(clip)
        elif isinstance(event, NothingHeard):
            warn(f"{path}: didn't catch that ({event.reason}); not scored")
            conversation.nothing_heard()
        else:
            assert isinstance(event, RecognitionFailed)
            warn(f"{path}: recognition failed ({event.message}); not scored")
        on_turn(conversation)
