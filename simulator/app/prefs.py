"""The player's game options, kept as JSON beside the results (never fatal if unreadable)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Final

PREFS_FILE: Final = "app-settings.json"
RECOGNIZERS: Final = ("auto", "whisper", "sphinx")


@dataclass(frozen=True, slots=True)
class AppPrefs:
    microphone: str = ""  # "" = system default, else "index: name" from list_microphones()
    recognizer: str = "auto"  # auto | whisper | sphinx | a Whisper model name or path
    hands_free: bool = False
    large_text: bool = False
    voice_on: bool = True

    @property
    def recognizer_preference(self) -> str | None:
        return None if self.recognizer == "auto" else self.recognizer


def load_prefs(path: Path) -> tuple[AppPrefs, str | None]:
    """The saved options (defaults when missing) and a message when the file was unreadable."""
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AppPrefs(), None
    except (OSError, ValueError) as exc:
        return AppPrefs(), f"Your saved options could not be read ({exc}); using the defaults."
    if not isinstance(raw, dict):
        return AppPrefs(), "Your saved options were not understood; using the defaults."
    defaults = AppPrefs()
    values: dict[str, Any] = {}
    for f in fields(AppPrefs):
        value = raw.get(f.name, getattr(defaults, f.name))
        expected = type(getattr(defaults, f.name))
        values[f.name] = value if isinstance(value, expected) else getattr(defaults, f.name)
    return AppPrefs(**values), None


def save_prefs(path: Path, prefs: AppPrefs) -> str | None:
    """Write atomically; returns an error message instead of raising."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".prefs-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(prefs), handle, indent=2)
        os.replace(tmp, path)
    except OSError as exc:
        return f"Your options could not be saved ({exc})."
    return None
