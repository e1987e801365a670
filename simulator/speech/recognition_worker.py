"""A background thread that loads a recognizer and turns trainee utterances into events."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.speech.audio import AudioClip
from simulator.speech.delivery import Delivery, measure_delivery
from simulator.speech.recognizer import Recognizer, RecognizerUnavailableError, TakesVocabulary
from simulator.speech.streaming import PhraseCutter
from simulator.speech.stt import choose_recognizer
from simulator.speech.vad import nothing_heard


@dataclass(frozen=True, slots=True)
class Utterance:
    utterance_id: str
    clip: AudioClip
    pause_before_s: float = 0.0
    baseline_db: float | None = None


@dataclass(frozen=True, slots=True)
class PartialClip:
    """Marker: decode finished phrases of the latest partial clip of this utterance."""

    utterance_id: str


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
class PartiallyRecognized:
    """Text of the phrases decoded so far while the trainee is still talking."""

    utterance_id: str
    text: str


@dataclass(frozen=True, slots=True)
class RecognitionFailed:
    utterance_id: str
    message: str


RecognitionEvent = (
    RecognizerReady
    | RecognizerUnavailable
    | Recognized
    | PartiallyRecognized
    | NothingHeard
    | RecognitionFailed
)
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
        self._inbox: queue.Queue[Utterance | PartialClip | None] = queue.Queue()
        self._latest_partial: dict[str, AudioClip] = {}
        self._cutters: dict[str, PhraseCutter] = {}
        self._partial_lock = threading.Lock()
        self.events: queue.Queue[RecognitionEvent] = queue.Queue()
        self._stopping = threading.Event()
        self._vocabulary = ""  # set by any thread, applied on the worker's own before a decode
        self._applied_vocabulary = ""
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

    def submit_partial(self, utterance_id: str, clip_so_far: AudioClip) -> None:
        """Offer the recording so far (call every ~0.5 s while recording).

        Finished phrases (ending at a short pause) are decoded now, so when the
        final ``submit`` arrives only the last phrase is left. Only the newest
        partial clip of an utterance is used; may emit PartiallyRecognized.
        """
        with self._partial_lock:
            queued = utterance_id in self._latest_partial
            self._latest_partial[utterance_id] = clip_so_far
        if not queued:
            self._inbox.put(PartialClip(utterance_id))

    def set_vocabulary(self, words: str) -> None:
        """Words likely to come up from now on (the scenario's names and offers), a hint for recognizers
        that take one (Whisper); "" for none. Applies from the next decode."""
        self._vocabulary = words

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
                if recognizer is not None:
                    self._apply_vocabulary(recognizer)
                if isinstance(item, PartialClip):
                    if recognizer is not None:
                        self._handle_partial(recognizer, item.utterance_id)
                    continue
                if recognizer is None:
                    self.events.put(RecognitionFailed(item.utterance_id, failure))
                    continue
                self.events.put(self._handle(recognizer, item))
        finally:
            close = getattr(recognizer, "close", None)
            if callable(close):
                close()

    def _apply_vocabulary(self, recognizer: Recognizer) -> None:
        words = self._vocabulary
        if words != self._applied_vocabulary and isinstance(recognizer, TakesVocabulary):
            recognizer.use_vocabulary(words)
        self._applied_vocabulary = words

    def _handle_partial(self, recognizer: Recognizer, utterance_id: str) -> None:
        with self._partial_lock:
            clip = self._latest_partial.pop(utterance_id, None)
        if clip is None:
            return
        cutter = self._cutters.setdefault(utterance_id, PhraseCutter())
        cut = cutter.next_cut(clip, self.noise_floor_db)
        if cut is None:
            return
        phrase = cutter.take(clip, cut)
        if nothing_heard(phrase, self.noise_floor_db) is not None:
            return
        try:
            transcript = recognizer.transcribe(phrase)
        except Exception:  # the final decode will retry the whole utterance
            cutter.decoded_until_s = 0.0
            cutter.texts.clear()
            return
        cutter.decode_s += transcript.decode_s
        if transcript.text:
            cutter.texts.append(transcript.text)
            self.events.put(PartiallyRecognized(utterance_id, cutter.joined()))

    def _handle(self, recognizer: Recognizer, item: Utterance) -> RecognitionEvent:
        with self._partial_lock:
            self._latest_partial.pop(item.utterance_id, None)
        cutter = self._cutters.pop(item.utterance_id, None)
        reason = nothing_heard(item.clip, self.noise_floor_db)
        if reason is not None:
            return NothingHeard(item.utterance_id, reason)
        rest = cutter.remainder(item.clip) if cutter is not None else item.clip
        text, decode_s = "", 0.0
        if cutter is None or nothing_heard(rest, self.noise_floor_db) is None:
            try:
                transcript = recognizer.transcribe(rest)
            except Exception as exc:  # one bad clip must not kill the worker
                return RecognitionFailed(item.utterance_id, str(exc) or type(exc).__name__)
            text, decode_s = transcript.text, transcript.decode_s
        if cutter is not None:
            text, decode_s = cutter.joined(text), decode_s + cutter.decode_s
        if not text.strip():
            return NothingHeard(item.utterance_id, "no words recognised")
        delivery = measure_delivery(
            item.clip,
            text,
            baseline_db=item.baseline_db,
            pause_before_s=item.pause_before_s,
            noise_floor_db=self.noise_floor_db,
        )
        return Recognized(item.utterance_id, text, delivery, decode_s)
