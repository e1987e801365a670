"""One daemon thread that owns the speech engine and renders customer lines to cached WAVs."""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Final

from simulator.scenario.model import VoiceSettings
from simulator.speech.audio import wav_duration
from simulator.speech.tts import SynthesisError, Synthesizer, make_synthesizer

# A render that takes longer than this is treated as a hung engine.
HANG_AFTER_S: Final = 20.0


@dataclass(frozen=True, slots=True)
class SpeakRequest:
    line_id: str
    text: str
    voice: VoiceSettings


@dataclass(frozen=True, slots=True)
class LineReady:
    line_id: str
    text: str
    wav_path: Path
    duration_s: float
    cached: bool
    final: bool = True  # False: a sentence of the line, more parts follow (the neural voice)


@dataclass(frozen=True, slots=True)
class LineFailed:
    line_id: str
    message: str


@dataclass(frozen=True, slots=True)
class SpeechUnavailable:
    """No engine works: the game goes on with subtitles only."""

    message: str


TtsEvent = LineReady | LineFailed | SpeechUnavailable


def cache_key(text: str, voice: VoiceSettings, engine: str) -> str:
    """sha256 of the engine, the voice settings and the text."""
    payload = "\x1f".join([engine, repr(astuple(voice)), text])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class TtsWorker:
    """Renders lines on a single thread that creates and owns the engine.

    ``synthesizer_factory`` runs on the worker thread (pyttsx3 engines must stay
    on the thread that made them). ``request`` and ``poll`` never block.
    """

    def __init__(
        self,
        cache_dir: Path,
        synthesizer_factory: Callable[[], Synthesizer] = make_synthesizer,
        hang_after_s: float = HANG_AFTER_S,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self._factory = synthesizer_factory
        self._hang_after_s = hang_after_s
        self._inbox: queue.Queue[SpeakRequest | None] = queue.Queue()
        self.events: queue.Queue[TtsEvent] = queue.Queue()
        self._busy_since: float | None = None
        self._busy_line: str | None = None
        self._hang_reported = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="tts-worker", daemon=True)
        self._thread.start()

    def request(self, line_id: str, text: str, voice: VoiceSettings) -> None:
        """Queue a line; a LineReady/LineFailed event follows."""
        self._inbox.put(SpeakRequest(line_id, text, voice))

    def poll(self) -> list[TtsEvent]:
        """All events so far, without blocking."""
        out: list[TtsEvent] = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                break
        self._check_hang(out)
        return out

    def close(self, timeout: float = 2.0) -> None:
        """Stop the thread after the current line; pending requests are dropped."""
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

    def _check_hang(self, out: list[TtsEvent]) -> None:
        with self._lock:
            since, line = self._busy_since, self._busy_line
        if since is None or self._hang_reported:
            return
        if time.monotonic() - since > self._hang_after_s:
            self._hang_reported = True
            out.append(LineFailed(line or "", "The speech engine stopped responding."))
            out.append(SpeechUnavailable("The speech engine stopped responding; subtitles only."))

    def _run(self) -> None:
        synthesizer: Synthesizer | None = None
        unavailable: str | None = None
        try:
            synthesizer = self._factory()
        except (SynthesisError, ImportError, OSError, RuntimeError) as exc:
            unavailable = str(exc)
            self.events.put(SpeechUnavailable(unavailable))
        while True:
            request = self._inbox.get()
            if request is None:
                return
            if synthesizer is None:
                self.events.put(LineFailed(request.line_id, unavailable or "No speech engine."))
                continue
            with self._lock:
                self._busy_since, self._busy_line = time.monotonic(), request.line_id
            try:
                self.events.put(self._render(synthesizer, request))
            except Exception as exc:  # one bad line must not kill the worker
                self.events.put(LineFailed(request.line_id, str(exc) or type(exc).__name__))
            finally:
                with self._lock:
                    self._busy_since = self._busy_line = None

    def _render(self, synthesizer: Synthesizer, request: SpeakRequest) -> LineReady:
        key = cache_key(request.text, request.voice, synthesizer.name)
        path = self.cache_dir / f"{key}.wav"
        duration = wav_duration(path) if path.exists() else 0.0
        if duration > 0.0:
            return LineReady(request.line_id, request.text, path, duration, cached=True)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Render beside the cache entry and rename: a crash never leaves a half WAV.
        tmp = path.with_name(f".{key}.{threading.get_ident()}.tmp.wav")
        try:
            synthesizer.render(request.text, request.voice, tmp)
            duration = wav_duration(tmp)
            if duration <= 0.0:
                raise SynthesisError(f"{synthesizer.name} wrote no audio for line {request.line_id}.")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return LineReady(request.line_id, request.text, path, duration, cached=False)
