"""CMU Sphinx recognition (SpeechRecognition + pocketsphinx) in a separate, long-lived process."""

from __future__ import annotations

import contextlib
import json
import queue
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Final

from simulator.speech.audio import SAMPLE_RATE, AudioClip
from simulator.speech.recognizer import WHISPER_HINT, RecognizerUnavailableError, Transcript

START_TIMEOUT_S: Final = 60.0
DECODE_TIMEOUT_S: Final = 120.0
SERVER: Final = Path(__file__).with_name("_sphinx_server.py")


def _pump(stream: IO[bytes], lines: queue.Queue[dict[str, Any] | None]) -> None:
    """Reader thread: forward each JSON reply line; None when the child's stdout closes."""
    with contextlib.suppress(OSError, ValueError):
        for raw in iter(stream.readline, b""):
            with contextlib.suppress(ValueError):
                lines.put(json.loads(raw))
    lines.put(None)


class SphinxRecognizer:
    """pocketsphinx English model from its wheel, run in a child process.

    Decoding holds the GIL for seconds; in a thread it would freeze the game, so one
    child process (a plain subprocess, so no re-import of the app's main module) is
    kept alive and fed clips over its stdin/stdout pipes.
    """

    name = "sphinx"
    accuracy_note = (
        "Offline Sphinx recognizer: far less accurate than Whisper (13-40 % of words "
        f"wrong, often more on casual speech). {WHISPER_HINT}."
    )

    def __init__(self, decode_timeout_s: float = DECODE_TIMEOUT_S, python: str | None = None) -> None:
        self.decode_timeout_s = decode_timeout_s
        self.python = python or sys.executable
        self.load_s = 0.0
        self._process: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def load(self) -> None:
        """Start the child process and wait until it has imported its libraries."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop()
        started = time.perf_counter()
        try:
            process = subprocess.Popen(
                [self.python, "-u", str(SERVER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise RecognizerUnavailableError(f"Could not start the Sphinx process: {exc}") from exc
        self._process = process
        self._lines = queue.Queue()
        assert process.stdout is not None
        threading.Thread(
            target=_pump, args=(process.stdout, self._lines), name="sphinx-reader", daemon=True
        ).start()
        reply = self._receive(START_TIMEOUT_S, "start")
        if not reply.get("ready"):
            self._stop()
            raise RecognizerUnavailableError(
                f"The Sphinx recognizer is not available ({reply.get('error')}); "
                "pip install SpeechRecognition pocketsphinx."
            )
        self.load_s = time.perf_counter() - started
        return process

    def _receive(self, timeout: float, what: str) -> dict[str, Any]:
        try:
            reply = self._lines.get(timeout=timeout)
        except queue.Empty:
            self._stop()
            raise RecognizerUnavailableError(
                f"The Sphinx process did not {what} within {timeout:.0f} s."
            ) from None
        if reply is None:
            self._stop()
            raise RecognizerUnavailableError(f"The Sphinx process exited during {what}.")
        return reply

    def transcribe(self, clip: AudioClip) -> Transcript:
        if clip.sample_rate != SAMPLE_RATE:
            clip = AudioClip.from_array(clip.samples, clip.sample_rate)
        pcm = clip.to_pcm16()
        if not pcm:
            return Transcript.of("", 0.0)
        with self._lock:
            started = time.perf_counter()
            for attempt in (1, 2):  # restart once if the child died since last time
                process = self._ensure_started()
                assert process.stdin is not None
                try:
                    process.stdin.write(struct.pack("<II", SAMPLE_RATE, len(pcm)) + pcm)
                    process.stdin.flush()
                    break
                except (BrokenPipeError, OSError):
                    self._stop()
                    if attempt == 2:
                        raise RecognizerUnavailableError("The Sphinx process keeps dying.") from None
            reply = self._receive(self.decode_timeout_s, "decode")
        if "error" in reply:
            raise RuntimeError(f"Sphinx failed: {reply['error']}")
        return Transcript.of(str(reply.get("ok", "")), time.perf_counter() - started)

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                process.stdin.write(struct.pack("<II", SAMPLE_RATE, 0))
                process.stdin.close()
        try:
            process.wait(2.0)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(2.0)
        if process.stdout is not None:
            process.stdout.close()

    def close(self) -> None:
        """Stop the child process."""
        with self._lock:
            self._stop()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._stop()
