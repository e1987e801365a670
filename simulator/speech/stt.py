"""Choosing the best available speech recognizer: Whisper, else Sphinx."""

from __future__ import annotations

from pathlib import Path

from simulator.speech.recognizer import Recognizer, RecognizerUnavailableError
from simulator.speech.sphinx import SphinxRecognizer
from simulator.speech.whisper import WhisperRecognizer


def choose_recognizer(preference: str | None, cache_dir: Path) -> tuple[Recognizer, str | None]:
    """Load the best recognizer: Whisper, else Sphinx. Slow: call off the UI thread.

    ``preference``: None/"auto", "whisper", "sphinx", or a Whisper model name/path
    ("small.en", "/models/whisper-small"). Returns the recognizer and a notice for
    the UI (None when the preferred one loaded). Raises RecognizerUnavailableError
    when nothing works.
    """
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
