"""The game's neural customer voice: Kokoro on its own thread, sentence by sentence, espeak-ng when late.

``NeuralVoice`` has the TtsWorker interface (request / poll / close) plus ``prefetch``. ``poll`` runs on
the game loop once a frame and never blocks: it hands out each sentence as a ``LineReady`` part the
moment it is rendered (``final`` marks the last), and when a sentence is not ready within the latency
budget (the first one) or by the time the previous one has finished playing (the rest), the rest of the
line goes to the fallback engine, so the customer is never silent while the model is busy.
"""

from __future__ import annotations

import atexit
import ctypes.util
import functools
import itertools
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final, Protocol

from simulator.scenario.model import VoiceSettings
from simulator.speech.audio import wav_duration
from simulator.speech.kokoro_assets import NeuralVoiceUnavailable
from simulator.speech.sentences import split_sentences
from simulator.speech.tts import SynthesisError
from simulator.speech.tts_worker import LineFailed, LineReady, SpeechUnavailable, TtsEvent, TtsWorker

Clock = Callable[[], float]
# End of the trainee's answer -> first sound: what we allow Kokoro before espeak-ng speaks instead.
LATENCY_BUDGET_S: Final = 0.8
# A later sentence may be this late after the previous one ends before the fallback takes the rest.
GAP_GRACE_S: Final = 0.35
URGENT, PREFETCH = 0, 1
EXIT_WAIT_S: Final = 15.0  # at interpreter exit, wait this long for the sentence being rendered


class SentenceRenderer(Protocol):
    """What the worker thread needs from ``KokoroSynthesizer``."""

    def sentence_path(self, text: str, voice: VoiceSettings) -> Path: ...
    def render_sentence(self, text: str, voice: VoiceSettings) -> tuple[Path, bool]: ...


class FallbackLike(Protocol):
    def request(self, line_id: str, text: str, voice: VoiceSettings) -> None: ...
    def poll(self) -> list[TtsEvent]: ...
    def close(self, timeout: float = ...) -> None: ...


@dataclass(frozen=True, slots=True)
class RenderJob:
    text: str
    voice: VoiceSettings


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    voice: VoiceSettings
    path: Path
    duration_s: float
    cached: bool
    render_s: float = 0.0


@dataclass(frozen=True, slots=True)
class RenderFailed:
    text: str
    voice: VoiceSettings
    message: str


@dataclass(frozen=True, slots=True)
class EngineState:
    ready: bool
    message: str = ""


@dataclass(slots=True)
class _Line:
    line_id: str
    voice: VoiceSettings
    sentences: list[str]
    deadline: float
    next_index: int = 0
    play_until: float = 0.0
    fallback_id: str = ""
    emitted: bool = False
    done: bool = False
    log: list[str] = field(default_factory=list)


class NeuralVoice:
    """Kokoro sentences with a persistent cache, prefetching, and a fallback engine for late lines."""

    def __init__(
        self,
        synthesizer_factory: Callable[[], SentenceRenderer],
        fallback: FallbackLike | None,
        *,
        budget_s: float = LATENCY_BUDGET_S,
        grace_s: float = GAP_GRACE_S,
        clock: Clock = time.monotonic,
        cache_probe: Callable[[str, VoiceSettings], Path] | None = None,
    ) -> None:
        self._factory = synthesizer_factory
        self.fallback = fallback
        self.budget_s, self.grace_s, self.clock = budget_s, grace_s, clock
        self._probe = cache_probe
        self._jobs: queue.PriorityQueue[tuple[int, int, int, RenderJob | None]] = queue.PriorityQueue()
        self._done: queue.Queue[Rendered | RenderFailed | EngineState] = queue.Queue()
        self._seq = itertools.count()
        self._generation = 0
        self._ready: dict[tuple[str, VoiceSettings], Rendered] = {}
        self._failed: set[tuple[str, VoiceSettings]] = set()
        self._queued: dict[tuple[str, VoiceSettings], int] = {}
        self._line: _Line | None = None
        self.engine_ready: bool | None = None  # None while loading
        self.seconds_per_char: float | None = None  # measured render speed (moving average)
        self.engine_message = ""
        self.choices: list[str] = []  # one note per line: which engine spoke it and why
        self._thread = threading.Thread(target=self._run, name="kokoro-worker", daemon=True)
        self._thread.start()
        # A daemon thread inside onnxruntime when the interpreter exits aborts the process: let the
        # sentence in progress finish first (close() normally did this already).
        atexit.register(self._stop_at_exit)

    # --- requests (game loop) ----------------------------------------------------
    def request(self, line_id: str, text: str, voice: VoiceSettings) -> None:
        """Speak a line: LineReady parts follow from ``poll``; a newer request supersedes this one."""
        self._generation += 1
        sentences = split_sentences(text) or [text]
        self._line = _Line(line_id, voice, sentences, deadline=self.clock() + self.budget_s)
        for sentence in sentences:
            self._want(sentence, voice, URGENT)

    def prefetch(self, texts: Iterable[str], voice: VoiceSettings) -> None:
        """Render these lines in the background when the current line is done (cache only)."""
        for text in texts:
            for sentence in split_sentences(text):
                self._want(sentence, voice, PREFETCH)

    def _want(self, sentence: str, voice: VoiceSettings, kind: int) -> None:
        key = (sentence, voice)
        if key in self._ready or key in self._failed:
            return
        if self._probe is not None:
            path = self._probe(sentence, voice)
            if path.is_file():
                duration = wav_duration(path)
                if duration > 0:
                    self._ready[key] = Rendered(sentence, voice, path, duration, True)
                    return
        rank = kind * 1_000_000 - self._generation if kind == URGENT else kind * 1_000_000
        if self._queued.get(key, 10**9) <= rank:
            return
        self._queued[key] = rank
        self._jobs.put((rank, next(self._seq), 0, RenderJob(sentence, voice)))

    # --- events (game loop) --------------------------------------------------------
    def poll(self) -> list[TtsEvent]:
        out: list[TtsEvent] = []
        self._drain_worker(out)
        self._drain_fallback(out)
        self._advance(out)
        return out

    def _drain_worker(self, out: list[TtsEvent]) -> None:
        while True:
            try:
                item = self._done.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, EngineState):
                self.engine_ready, self.engine_message = item.ready, item.message
                if not item.ready and self.fallback is None:
                    out.append(SpeechUnavailable(item.message))
            elif isinstance(item, Rendered):
                self._ready[(item.text, item.voice)] = item
                self._queued.pop((item.text, item.voice), None)
                if not item.cached and item.render_s > 0:
                    rate = item.render_s / max(1, len(item.text))
                    old = self.seconds_per_char
                    self.seconds_per_char = rate if old is None else 0.7 * old + 0.3 * rate
            else:
                self._failed.add((item.text, item.voice))
                self._queued.pop((item.text, item.voice), None)

    def _drain_fallback(self, out: list[TtsEvent]) -> None:
        if self.fallback is None:
            return
        line = self._line
        for event in self.fallback.poll():
            if isinstance(event, SpeechUnavailable):
                if self.engine_ready is False:
                    out.append(event)
                continue
            if line is None or event.line_id != line.fallback_id:
                continue  # a superseded line's fallback
            line.done = True
            if isinstance(event, LineReady):
                out.append(replace(event, line_id=line.line_id, final=True))
            else:
                out.append(LineFailed(line.line_id, event.message))

    def _advance(self, out: list[TtsEvent]) -> None:
        line = self._line
        if line is None or line.done or line.fallback_id:
            return
        now = self.clock()
        while line.next_index < len(line.sentences):
            key = (line.sentences[line.next_index], line.voice)
            part = self._ready.get(key)
            if part is None:
                failed = key in self._failed or self.engine_ready is False
                hopeless = self._hopeless(line, key[0], now)
                if failed or hopeless or now > line.deadline:
                    self._fall_back(line, out, "failed" if failed else "too slow" if hopeless else "late")
                return
            line.next_index += 1
            final = line.next_index == len(line.sentences)
            start = max(now, line.play_until)
            line.play_until = start + part.duration_s
            line.deadline = line.play_until + self.grace_s
            ready = LineReady(line.line_id, part.text, part.path, part.duration_s, part.cached, final)
            out.append(ready)
            line.emitted = True
        line.done = True
        self.choices.append(f"{line.line_id}: kokoro, {len(line.sentences)} sentence(s)")

    def _hopeless(self, line: _Line, sentence: str, now: float) -> bool:
        """The measured render speed says this sentence can't be ready by the deadline: don't wait."""
        if self.fallback is None or self.seconds_per_char is None:
            return False
        return now + self.seconds_per_char * len(sentence) > line.deadline + self.grace_s

    def _fall_back(self, line: _Line, out: list[TtsEvent], why: str) -> None:
        rest = " ".join(line.sentences[line.next_index :])
        self.choices.append(f"{line.line_id}: fallback from sentence {line.next_index + 1} ({why})")
        if self.fallback is None:
            if why == "failed":
                line.done = True
                out.append(LineFailed(line.line_id, "The neural voice could not render this line."))
            else:
                line.deadline = float("inf")  # nothing else can speak: wait for the model
            return
        line.fallback_id = f"{line.line_id}#fallback"
        self.fallback.request(line.fallback_id, rest, line.voice)

    # --- worker thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            engine = self._factory()
        except (NeuralVoiceUnavailable, SynthesisError, ImportError, OSError, RuntimeError) as exc:
            self._done.put(EngineState(False, str(exc)))
            engine = None
        else:
            self._done.put(EngineState(True))
        while True:
            _rank, _seq, _stop, job = self._jobs.get()
            if job is None:
                return
            if engine is None:
                self._done.put(RenderFailed(job.text, job.voice, self.engine_message or "no neural voice"))
                continue
            try:
                started = time.monotonic()
                path, cached = engine.render_sentence(job.text, job.voice)
                took = time.monotonic() - started
                self._done.put(Rendered(job.text, job.voice, path, wav_duration(path), cached, took))
            except Exception as exc:  # one bad sentence must not stop the worker
                self._done.put(RenderFailed(job.text, job.voice, str(exc) or type(exc).__name__))

    def close(self, timeout: float = 2.0) -> None:
        """Drop pending renders, stop after the current sentence; close the fallback too.

        Both threads are asked to stop at once and waited for side by side: ``timeout`` seconds
        at most in all (the game's bounded quit); ``alive`` says whether either still runs.
        """
        deadline = time.monotonic() + timeout
        if self.fallback is not None:
            self.fallback.close(0.0)  # asks its thread to stop now; waited for below
        self._stop(timeout)
        if self.fallback is not None:
            self.fallback.close(max(0.0, deadline - time.monotonic()))

    def _stop(self, timeout: float) -> None:
        while True:
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                break
        self._jobs.put((-(10**9), -1, 1, None))
        self._thread.join(timeout)

    def _stop_at_exit(self) -> None:
        if self._thread.is_alive():
            self._stop(EXIT_WAIT_S)

    @property
    def alive(self) -> bool:
        """The Kokoro thread or the fallback's thread is running (the game waits for both at quit)."""
        return self._thread.is_alive() or bool(getattr(self.fallback, "alive", False))


def game_voice(cache_dir: Path, choice: str = "") -> NeuralVoice | TtsWorker:
    """The game's customer voice: Kokoro with espeak-ng behind it, or espeak-ng alone.

    ``choice`` "espeak"/"espeak-ng"/"pyttsx3" (HOTSEAT_TTS) skips the neural voice. pyttsx3 shares the
    process with Kokoro only when the system libespeak-ng is there to claim; else the binary speaks.
    """
    from simulator.speech.kokoro_assets import neural_problem
    from simulator.speech.tts import make_synthesizer

    if choice.lower() in ("espeak", "espeak-ng", "pyttsx3") or neural_problem():
        return TtsWorker(cache_dir)
    in_process = ctypes.util.find_library("espeak-ng") is not None
    fallback = TtsWorker(cache_dir, make_synthesizer if in_process else lambda: make_synthesizer("espeak-ng"))
    return kokoro_voice(cache_dir, fallback)


def kokoro_voice(cache_dir: Path, fallback: FallbackLike | None, threads: int = 1) -> NeuralVoice:
    """The game's neural voice: KokoroSynthesizer loaded on the worker thread, cache probed on the loop."""
    from simulator.speech.neural import KokoroSynthesizer, sentence_key

    sentence_dir = Path(cache_dir) / "kokoro"

    @functools.lru_cache(maxsize=4096)
    def probe(text: str, voice: VoiceSettings) -> Path:
        return sentence_dir / f"{sentence_key(text, voice)}.wav"

    return NeuralVoice(lambda: KokoroSynthesizer(cache_dir, threads), fallback, cache_probe=probe)
