"""Microphone capture (SpeechRecognition + PyAudio): calibration, push-to-talk, hands-free."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, Final

import numpy as np

from simulator.speech.audio import AudioClip
from simulator.speech.vad import rms_db

NO_PYAUDIO: Final = (
    "Microphone input needs PyAudio: install PortAudio (sudo apt-get install portaudio19-dev) "
    "then pip install PyAudio; until then type your answers."
)
MAX_RECORDING_S: Final = 60.0

# A source is what sr.Microphone is: a context manager with SAMPLE_RATE, SAMPLE_WIDTH,
# CHUNK and, once entered, .stream.read(frames) -> bytes.
SourceFactory = Callable[[], Any]


class MicrophoneUnavailable(RuntimeError):
    """No PyAudio, no input device, or the device failed; the message says which."""


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence PortAudio's ALSA/JACK probing chatter (C-level writes to fd 2)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


def _speech_recognition() -> Any:
    if importlib.util.find_spec("pyaudio") is None:
        raise MicrophoneUnavailable(NO_PYAUDIO)
    try:
        importlib.import_module("pyaudio")
        import speech_recognition as sr
    except ImportError as exc:
        raise MicrophoneUnavailable(f"{NO_PYAUDIO} ({exc})") from exc
    return sr


def list_microphones() -> list[str]:
    """Names of input-capable devices, index order as PyAudio numbers them ([] if none)."""
    _speech_recognition()
    pyaudio = importlib.import_module("pyaudio")
    with _quiet_stderr():
        audio = pyaudio.PyAudio()
        try:
            names: list[str] = []
            for index in range(audio.get_device_count()):
                info = audio.get_device_info_by_index(index)
                if int(info.get("maxInputChannels", 0)) > 0:
                    names.append(f"{index}: {info.get('name')}")
            return names
        finally:
            audio.terminate()


def microphone_source(device_index: int | None = None, sample_rate: int = 16_000) -> Any:
    """An un-entered sr.Microphone, or MicrophoneUnavailable."""
    sr = _speech_recognition()
    try:
        with _quiet_stderr():
            return sr.Microphone(device_index=device_index, sample_rate=sample_rate)
    except (OSError, AssertionError, AttributeError) as exc:
        raise MicrophoneUnavailable(f"No usable microphone ({exc}).") from exc


@contextlib.contextmanager
def _opened(factory: SourceFactory) -> Iterator[Any]:
    source = factory()
    try:
        with _quiet_stderr():
            source.__enter__()
    except MicrophoneUnavailable:
        raise
    except (OSError, AssertionError, AttributeError) as exc:
        raise MicrophoneUnavailable(f"The microphone could not be opened ({exc}).") from exc
    if getattr(source, "stream", None) is None:
        # sr.Microphone swallows PortAudio's open error and leaves no stream.
        with contextlib.suppress(Exception):
            source.__exit__(None, None, None)
        raise MicrophoneUnavailable("No microphone found: connect one (or check it is not muted or in use).")
    try:
        yield source
    finally:
        with contextlib.suppress(Exception):
            source.__exit__(None, None, None)


def _clip(chunks: list[bytes], source: Any) -> AudioClip:
    data = b"".join(chunks)
    width = int(getattr(source, "SAMPLE_WIDTH", 2))
    if width != 2:
        raise MicrophoneUnavailable(f"Unsupported microphone sample width {width}.")
    return AudioClip.from_pcm16(data[: len(data) - len(data) % 2], int(source.SAMPLE_RATE))


def calibrate(duration_s: float = 1.0, factory: SourceFactory | None = None) -> float:
    """Record the quiet room and return its noise floor in dBFS (for the VAD)."""
    make = factory or microphone_source
    with _opened(make) as source:
        frames = int(source.SAMPLE_RATE * duration_s)
        chunks: list[bytes] = []
        got = 0
        while got < frames:
            chunk = source.stream.read(source.CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk) // 2
    clip = _clip(chunks, source)
    frame = 320
    usable = len(clip.samples) // frame * frame
    if usable == 0:
        return rms_db(clip.samples)
    levels = [rms_db(part) for part in clip.samples[:usable].reshape(-1, frame)]
    return float(np.median(levels))


class PushToTalk:
    """start() opens the mic and records on a thread; stop() returns the clip."""

    def __init__(
        self,
        factory: SourceFactory | None = None,
        max_s: float = MAX_RECORDING_S,
    ) -> None:
        self._factory = factory or microphone_source
        self.max_s = max_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._chunks: list[bytes] = []
        self._source: Any = None
        self._error: BaseException | None = None
        self._context: contextlib.AbstractContextManager[Any] | None = None

    @property
    def recording(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Open the microphone (raises MicrophoneUnavailable) and begin recording."""
        if self._thread is not None:
            raise RuntimeError("already recording")
        context = _opened(self._factory)
        self._source = context.__enter__()
        self._context = context
        self._chunks, self._error = [], None
        self._stop.clear()
        self._thread = threading.Thread(target=self._record, name="push-to-talk", daemon=True)
        self._thread.start()

    def _record(self) -> None:
        source = self._source
        limit = int(source.SAMPLE_RATE * self.max_s)
        got = 0
        try:
            while not self._stop.is_set() and got < limit:
                chunk = source.stream.read(source.CHUNK)
                if not chunk:
                    break
                self._chunks.append(chunk)
                got += len(chunk) // 2
        except Exception as exc:  # device unplugged mid-answer
            self._error = exc

    def stop(self) -> AudioClip:
        """Stop recording, close the device and return what was said."""
        if self._thread is None or self._context is None:
            raise RuntimeError("not recording")
        self._stop.set()
        self._thread.join(5.0)
        context, self._context, self._thread = self._context, None, None
        context.__exit__(None, None, None)
        if self._error is not None and not self._chunks:
            raise MicrophoneUnavailable(f"The microphone stopped working ({self._error}).")
        return _clip(self._chunks, self._source)


def listen_once(
    timeout_s: float | None = 10.0,
    phrase_limit_s: float | None = 30.0,
    pause_threshold_s: float = 0.8,
    energy_threshold: float | None = None,
    factory: SourceFactory | None = None,
) -> AudioClip:
    """Hands-free: wait for speech, record until a pause; an empty clip on timeout."""
    sr = _speech_recognition()
    recognizer = sr.Recognizer()
    recognizer.pause_threshold = pause_threshold_s
    recognizer.non_speaking_duration = min(recognizer.non_speaking_duration, pause_threshold_s)
    with _opened(factory or microphone_source) as source:
        if energy_threshold is None:
            recognizer.adjust_for_ambient_noise(source, duration=0.5)
        else:
            recognizer.energy_threshold = energy_threshold
            recognizer.dynamic_energy_threshold = False
        try:
            audio = recognizer.listen(source, timeout=timeout_s, phrase_time_limit=phrase_limit_s)
        except sr.WaitTimeoutError:
            return AudioClip.from_array(np.zeros(0, np.float32))
    return AudioClip.from_pcm16(audio.get_raw_data(convert_width=2), audio.sample_rate)


class HandsFree:
    """Listens continuously on a thread; each phrase becomes an AudioClip in ``clips``.

    Pause it while the customer is speaking so the speakers are not recorded.
    """

    def __init__(
        self,
        pause_threshold_s: float = 0.8,
        phrase_limit_s: float = 30.0,
        factory: SourceFactory | None = None,
    ) -> None:
        self.pause_threshold_s = pause_threshold_s
        self.phrase_limit_s = phrase_limit_s
        self._factory = factory or microphone_source
        self.clips: queue.Queue[AudioClip] = queue.Queue()
        self.errors: queue.Queue[str] = queue.Queue()
        self._listening = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._listening.set()
        self._thread = threading.Thread(target=self._run, name="hands-free", daemon=True)
        self._thread.start()

    def pause(self) -> None:
        self._listening.clear()

    def resume(self) -> None:
        self._listening.set()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def poll(self) -> list[AudioClip]:
        out: list[AudioClip] = []
        while True:
            try:
                out.append(self.clips.get_nowait())
            except queue.Empty:
                return out

    def _run(self) -> None:
        try:
            sr = _speech_recognition()
            with _opened(self._factory) as source:
                recognizer = sr.Recognizer()
                recognizer.pause_threshold = self.pause_threshold_s
                recognizer.non_speaking_duration = min(
                    recognizer.non_speaking_duration, self.pause_threshold_s
                )
                recognizer.adjust_for_ambient_noise(source, duration=0.5)
                self._loop(sr, recognizer, source)
        except MicrophoneUnavailable as exc:
            self.errors.put(str(exc))
        except Exception as exc:  # device unplugged while listening
            self.errors.put(f"The microphone stopped working ({exc}).")

    def _loop(self, sr: Any, recognizer: Any, source: Any) -> None:
        while not self._stop.is_set():
            if not self._listening.is_set():
                self._listening.wait(0.1)
                continue
            try:
                audio = recognizer.listen(source, timeout=1.0, phrase_time_limit=self.phrase_limit_s)
            except sr.WaitTimeoutError:
                continue
            if self._listening.is_set() and not self._stop.is_set():
                raw = audio.get_raw_data(convert_width=2)
                self.clips.put(AudioClip.from_pcm16(raw, audio.sample_rate))
