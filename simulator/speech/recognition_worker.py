"""A background thread that loads a recognizer and turns trainee utterances into events."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.speech.audio import AudioClip
from simulator.speech.delivery import Delivery, measure_delivery
from simulator.speech.stt import Recognizer, RecognizerUnavailableError, choose_recognizer
from simulator.speech.vad import nothing_heard


@dataclass(frozen=True, slots=True)
class Utterance:
    utterance_id: str
    clip: AudioClip
    pause_before_s: float = 0.0
    baseline_db: float | None = None


@dataclass(frozen=True, slots=True)
class RecognizerReady:
    name: str
    accuracy_note: str
    notice: str | None = None  # e.g. "fell back to Sphinx because ..."


@dataclass(frozen=True, slots=True)
class RecognizerUnavailable:
    """No recognizer loaded: the UI should offer typing instead."""

    message: str


@dataclass(frozen=True, slots=True)
class Recognized:
    utterance_id: str
    text: str
    delivery: Delivery
    decode_s: float = 0.0


@dataclass(frozen=True, slots=True)
class NothingHeard:
    """Silence, noise or no words: never scored as a turn."""

    utterance_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class RecognitionFailed:
    utterance_id: str
    message: str


RecognitionEvent = RecognizerReady | RecognizerUnavailable | Recognized | NothingHeard | RecognitionFailed
RecognizerLoader = Callable[[], tuple[Recognizer, str | None]]


class RecognitionWorker:
    """Loads the recognizer on its own thread at start, then decodes submitted clips in order.

    ``loader`` returns (recognizer, notice); by default ``choose_recognizer(preference,
    cache_dir)``. ``submit`` and ``poll`` never block.
    """

    def __init__(
        self,
        loader: RecognizerLoader | None = None,
        *,
        preference: str | None = None,
        cache_dir: Path | None = None,
        noise_floor_db: float | None = None,
    ) -> None:
        if loader is None:
            if cache_dir is None:
                raise ValueError("RecognitionWorker needs a loader or a cache_dir")
            folder = Path(cache_dir)

            def loader() -> tuple[Recognizer, str | None]:
                return choose_recognizer(preference, folder)

        self._loader = loader
        self.noise_floor_db = noise_floor_db
        self.recognizer: Recognizer | None = None
        self._inbox: queue.Queue[Utterance | None] = queue.Queue()
        self.events: queue.Queue[RecognitionEvent] = queue.Queue()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="recognition-worker", daemon=True)
        self._thread.start()

    def submit(
        self,
        utterance_id: str,
        clip: AudioClip,
        pause_before_s: float = 0.0,
        baseline_db: float | None = None,
    ) -> None:
        """Queue a clip; exactly one Recognized/NothingHeard/RecognitionFailed follows."""
        self._inbox.put(Utterance(utterance_id, clip, pause_before_s, baseline_db))

    def poll(self) -> list[RecognitionEvent]:
        out: list[RecognitionEvent] = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def close(self, timeout: float = 5.0) -> None:
        """Stop after the clip in progress; queued clips are dropped; closes the recognizer."""
        self._stopping.set()
        while True:
            try:
                self._inbox.get_nowait()
            except queue.Empty:
                break
        self._inbox.put(None)
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        recognizer: Recognizer | None = None
        failure = ""
        try:
            recognizer, notice = self._loader()
            self.recognizer = recognizer
            self.events.put(RecognizerReady(recognizer.name, recognizer.accuracy_note, notice))
        except Exception as exc:  # loader errors of any kind mean "type instead"
            failure = str(exc) if isinstance(exc, RecognizerUnavailableError) else repr(exc)
            self.events.put(RecognizerUnavailable(failure))
        try:
            while not self._stopping.is_set():
                item = self._inbox.get()
                if item is None:
                    break
                if recognizer is None:
                    self.events.put(RecognitionFailed(item.utterance_id, failure))
                    continue
                self.events.put(self._handle(recognizer, item))
        finally:
            close = getattr(recognizer, "close", None)
            if callable(close):
                close()

    def _handle(self, recognizer: Recognizer, item: Utterance) -> RecognitionEvent:
        reason = nothing_heard(item.clip, self.noise_floor_db)
        if reason is not None:
            return NothingHeard(item.utterance_id, reason)
        try:
            transcript = recognizer.transcribe(item.clip)
        except Exception as exc:  # one bad clip must not kill the worker
            return RecognitionFailed(item.utterance_id, str(exc) or type(exc).__name__)
        if not transcript.text or transcript.words == 0:
            return NothingHeard(item.utterance_id, "no words recognised")
        delivery = measure_delivery(
            item.clip,
            transcript.text,
            baseline_db=item.baseline_db,
            pause_before_s=item.pause_before_s,
            noise_floor_db=self.noise_floor_db,
        )
        return Recognized(item.utterance_id, transcript.text, delivery, transcript.decode_s)
