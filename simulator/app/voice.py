"""The app's adapter over simulator.speech: TTS, recognition, microphone and playback.

Worker threads (TTS, recognizer, microphone probe, hands-free capture) talk to the game
loop only through queues of small frozen dataclasses; ``pump()`` drains them once a
frame on the pygame thread, and nothing here blocks the loop. Everything is injectable.
``close()`` stops every worker and waits for them (bounded) before the game exits.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from simulator.app.devices import Listener, MicBackend, Player, Recorder, device_index
from simulator.app.line_chain import LineChain
from simulator.app.widgets import Notice
from simulator.scenario.model import VoiceSettings
from simulator.speech.audio import AudioClip
from simulator.speech.mic import MicrophoneUnavailable
from simulator.speech.recognition_worker import (
    NothingHeard,
    PartiallyRecognized,
    RecognitionEvent,
    RecognitionFailed,
    Recognized,
    RecognizerReady,
    RecognizerUnavailable,
)
from simulator.speech.tts_worker import LineFailed, LineReady, SpeechUnavailable, TtsEvent

Clock = Callable[[], float]
CLOSE_TIMEOUT_S = 0.5  # quitting waits at most this long for the workers
_UNFINISHED: list[tuple[str, Callable[[], bool]]] = []  # (name, is alive) of workers close() left running
ESPEAK_HINT = "install espeak-ng (sudo apt-get install espeak-ng) to hear the customer"


@dataclass(frozen=True, slots=True)
class MicProbed:
    names: tuple[str, ...]
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Captured:
    """A hands-free phrase, ready to recognise."""

    clip: AudioClip


@dataclass(frozen=True, slots=True)
class MicFailed:
    message: str


TurnEvent = (
    LineReady
    | LineFailed
    | Recognized
    | PartiallyRecognized
    | NothingHeard
    | RecognitionFailed
    | Captured
    | MicFailed
)


class TtsLike(Protocol):
    def request(self, line_id: str, text: str, voice: VoiceSettings) -> None: ...
    def poll(self) -> list[TtsEvent]: ...
    def close(self, timeout: float = ...) -> None: ...


class RecognitionLike(Protocol):
    def submit(
        self, utterance_id: str, clip: AudioClip, pause_before_s: float = ..., baseline_db: float | None = ...
    ) -> None: ...
    def poll(self) -> list[RecognitionEvent]: ...
    def set_vocabulary(self, words: str) -> None: ...
    def close(self, timeout: float = ...) -> None: ...


class VoiceIO:
    """Speech for the game loop. Call ``pump()`` once a frame, then ``take()`` the turn events."""

    def __init__(
        self,
        *,
        tts_factory: Callable[[], TtsLike] | None,
        recognizer_factory: Callable[[str | None], RecognitionLike] | None,
        mic: MicBackend,
        player: Player,
        clock: Clock = time.monotonic,
        tts_notice: str | None = None,
        recognizer_preference: str | None = None,
        microphone: str = "",
        hands_free: bool = False,
        voice_on: bool = True,
        typed_only: bool = False,
    ) -> None:
        self.player = LineChain(player)  # a line may arrive sentence by sentence (neural voice)
        self.clock = clock
        self.mic = mic
        self.voice_on = voice_on
        self.typed_only = typed_only
        self.microphone = microphone
        self.hands_free = hands_free
        self._recognizer_factory = recognizer_factory
        self._events: list[TurnEvent] = []
        self._probe: queue.Queue[MicProbed] = queue.Queue()
        self._listener: Listener | None = None
        self._recorder: Recorder | None = None
        self._counter = 0
        self._helpers: list[threading.Thread] = []  # probes and closers, joined by close()
        # status, read by scenes when they draw
        self.tts_ok: bool | None = None if tts_notice is None else False
        self.tts_message = tts_notice or ""
        self.recognizer_state = "loading"  # loading | ready | unavailable
        self.recognizer_name = ""
        self.recognizer_notes: list[str] = []
        self.mic_state = "checking"  # checking | ready | none
        self.mic_names: tuple[str, ...] = ()
        self.mic_message = ""
        self.tts: TtsLike | None = tts_factory() if tts_factory is not None else None
        if self.tts is None and tts_notice is None:
            self.tts_ok, self.tts_message = False, "No speech engine."
        self.recognition: RecognitionLike | None = None
        self.vocabulary = ""  # the current scenario's words, a hint for the recognizer
        self.restart_recognizer(recognizer_preference)
        self._spawn(self._run_probe, "mic-probe")

    def _spawn(self, target: Callable[[], object], name: str) -> threading.Thread:
        self._helpers = [t for t in self._helpers if t.is_alive()]
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._helpers.append(thread)
        thread.start()
        return thread

    # --- status -----------------------------------------------------------------
    @property
    def can_listen(self) -> bool:
        """A microphone exists and a recognizer is loading or loaded."""
        return self.mic_state == "ready" and self.recognizer_state != "unavailable"

    def notices(self) -> list[Notice]:
        out: list[Notice] = []
        if self.tts_ok is False and self.voice_on:
            out.append(
                Notice(f"No speech engine: the customer speaks in subtitles only; {ESPEAK_HINT}.", "warn")
            )
        if self.typed_only:
            return out
        if self.recognizer_state == "loading":
            out.append(
                Notice("Loading the speech recognizer… you can start; typing works meanwhile.", "info")
            )
        elif self.recognizer_state == "unavailable":
            out.append(
                Notice(f"Speech recognition is unavailable, so answers are typed. {self._notes()}", "warn")
            )
        elif self.recognizer_notes:
            out.append(Notice(self._notes(), "warn"))
        if self.mic_state == "none":
            out.append(Notice(f"{self.mic_message} Typing is on.", "warn"))
        return out

    def _notes(self) -> str:
        return " ".join(self.recognizer_notes)

    # --- frame work -------------------------------------------------------------
    def pump(self) -> None:
        """Drain every worker queue (never blocks)."""
        while True:
            try:
                probe = self._probe.get_nowait()
            except queue.Empty:
                break
            self.mic_names = probe.names
            if probe.error is None and probe.names:
                self.mic_state, self.mic_message = "ready", ""
            else:
                self.mic_state = "none"
                self.mic_message = probe.error or "No microphone found."
        if self.tts is not None:
            for event in self.tts.poll():
                if isinstance(event, SpeechUnavailable):
                    self.tts_ok, self.tts_message = False, event.message
                else:
                    if isinstance(event, LineReady):
                        self.tts_ok = True
                    if not self.player.route(event):
                        self._events.append(event)
        if self.recognition is not None:
            for rec in self.recognition.poll():
                if isinstance(rec, RecognizerReady):
                    self.recognizer_state, self.recognizer_name = "ready", rec.name
                    self.recognizer_notes = [n for n in (rec.notice,) if n]
                    if rec.name == "sphinx":
                        self.recognizer_notes.append(rec.accuracy_note)
                elif isinstance(rec, RecognizerUnavailable):
                    self.recognizer_state, self.recognizer_notes = "unavailable", [rec.message]
                else:
                    self._events.append(rec)
        self.player.advance()
        self._pump_listener()

    def _pump_listener(self) -> None:
        listener = self._listener
        if listener is None:
            return
        if self.player.playing:
            listener.pause()
        else:
            listener.resume()
        self._events.extend(Captured(clip) for clip in listener.poll())
        while True:
            try:
                message = listener.errors.get_nowait()
            except queue.Empty:
                break
            self._events.append(MicFailed(message))
            self.stop_listening()

    def take(self) -> list[TurnEvent]:
        out, self._events = self._events, []
        return out

    # --- customer lines ---------------------------------------------------------
    def say(self, line_id: str, text: str, voice: VoiceSettings) -> bool:
        """Ask for the line to be spoken; False when it will be subtitles only."""
        if not self.voice_on or self.tts is None or self.tts_ok is False:
            return False
        self.tts.request(line_id, text, voice)
        return True

    def play(self, ready: LineReady) -> None:
        self.player.play(ready.wav_path, ready.duration_s, ready.line_id)

    def prefetch(self, texts: list[str], voice: VoiceSettings) -> None:
        """Render likely next lines in the background (engines that cache ahead; others ignore it)."""
        prefetch = getattr(self.tts, "prefetch", None)
        if self.voice_on and prefetch is not None:
            prefetch(texts, voice)

    def stop_line(self) -> None:
        self.player.stop()

    # --- trainee speech ---------------------------------------------------------
    def start_talk(self) -> None:
        """Open the microphone and record (push-to-talk); raises MicrophoneUnavailable."""
        recorder = self.mic.push_to_talk(device_index(self.microphone))
        recorder.start()
        self._recorder = recorder

    @property
    def talking(self) -> bool:
        return self._recorder is not None

    def stop_talk(self) -> AudioClip:
        recorder, self._recorder = self._recorder, None
        if recorder is None:
            raise MicrophoneUnavailable("The microphone was not recording.")
        return recorder.stop()

    def recognize(
        self, clip: AudioClip, pause_before_s: float = 0.0, baseline_db: float | None = None
    ) -> str:
        """Queue a clip for recognition; returns its utterance id."""
        self._counter += 1
        utterance_id = f"utt-{self._counter}"
        if self.recognition is None:
            self._events.append(RecognitionFailed(utterance_id, "No speech recognizer."))
        else:
            self.recognition.submit(utterance_id, clip, pause_before_s, baseline_db)
        return utterance_id

    def set_vocabulary(self, words: str) -> None:
        """Tell the recognizer the words likely to come up (a conversation's names and offers); "" clears."""
        self.vocabulary = words
        if self.recognition is not None:
            self.recognition.set_vocabulary(words)

    def start_listening(self) -> None:
        """Hands-free capture (raises MicrophoneUnavailable)."""
        if self._listener is None:
            listener = self.mic.hands_free(device_index(self.microphone))
            listener.start()
            self._listener = listener

    def stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            self._spawn(listener.stop, "hands-free-stop")

    @property
    def listening(self) -> bool:
        return self._listener is not None

    # --- settings ---------------------------------------------------------------
    def restart_recognizer(self, preference: str | None) -> None:
        """Swap the recognizer (closing the old one on a side thread)."""
        old, self.recognition = self.recognition, None
        if old is not None:
            self._spawn(old.close, "recognizer-close")
        self.recognizer_notes = []
        if self._recognizer_factory is None:
            self.recognizer_state = "unavailable"
            self.recognizer_notes = ["No speech recognizer is configured."]
            return
        self.recognizer_state = "loading"
        self.recognition = self._recognizer_factory(preference)
        if self.vocabulary:
            self.recognition.set_vocabulary(self.vocabulary)

    def reprobe(self) -> None:
        self.mic_state = "checking"
        self._spawn(self._run_probe, "mic-probe")

    def _run_probe(self) -> None:
        try:
            names = tuple(self.mic.probe())
            self._probe.put(MicProbed(names, None if names else "No microphone found."))
        except MicrophoneUnavailable as exc:
            self._probe.put(MicProbed((), str(exc)))
        except Exception as exc:  # a broken audio stack must not kill the game
            self._probe.put(MicProbed((), f"The microphone could not be checked ({exc})."))

    def close(self, timeout: float = CLOSE_TIMEOUT_S) -> bool:
        """Stop every worker and wait for them, ``timeout`` seconds at most in all.

        True when every worker thread has ended. A worker still busy in native code
        (a Whisper decode or model load) is left in ``unfinished_workers()``, so the
        process can exit without finalising the interpreter under it.
        """
        deadline = time.monotonic() + timeout
        self.player.stop()
        self.stop_listening()
        if self._recorder is not None:
            with contextlib.suppress(Exception):
                self._recorder.stop()
            self._recorder = None
        workers = [w for w in (self.tts, self.recognition) if w is not None]
        # a recognizer or a neural voice still loading its model cannot stop before the load ends:
        # don't wait for it (it is left to unfinished_workers())
        loading = [w for w in workers if _loading(w, self)]
        self.tts = self.recognition = None
        closers = {id(w): self._spawn(_closer(w, timeout), f"{type(w).__name__}-close") for w in workers}
        skip = [closers[id(w)] for w in loading]
        for thread in [t for t in self._helpers if t not in skip]:
            thread.join(max(0.0, deadline - time.monotonic()))
        left = [(t.name, t.is_alive) for t in self._helpers if t.is_alive()]
        left += [(type(w).__name__, _alive(w)) for w in workers if _alive(w)()]
        _UNFINISHED.extend(left)
        return not left


def _closer(worker: TtsLike | RecognitionLike, timeout: float) -> Callable[[], None]:
    def close() -> None:
        worker.close(timeout)

    return close


def _loading(worker: TtsLike | RecognitionLike, voice: VoiceIO) -> bool:
    """The worker's thread is still loading its model (Whisper; Kokoro says so by ``engine_ready``)."""
    if worker is voice.recognition:
        return voice.recognizer_state == "loading"
    return getattr(worker, "engine_ready", False) is None


def _alive(worker: TtsLike | RecognitionLike) -> Callable[[], bool]:
    """The worker's own thread is running (workers without an ``alive`` flag count as stopped)."""
    return lambda: bool(getattr(worker, "alive", False))


def unfinished_workers() -> list[str]:
    """Names of the speech threads that outlived a bounded close() and are still running."""
    return [name for name, alive in _UNFINISHED if alive()]
