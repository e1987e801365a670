"""Hot reload for the game: re-read a scenario file on demand, and notice when it changes (no threads)."""

from __future__ import annotations

import os
from pathlib import Path

from simulator.errors import ContentError
from simulator.safe_read import read_limited
from simulator.scenario.loader import parse_scenario
from simulator.scenario.model import Scenario
from simulator.scenario.nodes import MAX_FILE_BYTES


def reload_scenario(path: str | Path) -> tuple[Scenario | None, list[ContentError]]:
    """Load a scenario again; (scenario, []) when it is valid, else (None, every located error).

    Never raises for bad or missing files, so the game can keep the old scenario and show the errors.
    """
    try:
        data = read_limited(Path(path), MAX_FILE_BYTES)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [ContentError(str(path), 1, 1, "", f"cannot read file: {reason}")]
    return parse_scenario(str(path), data)


class ScenarioWatcher:
    """Polls a file's modification time and size; `changed()` is True once after each save."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._seen = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def changed(self) -> bool:
        """Whether the file was saved, replaced, created or deleted since the last call."""
        stamp = self._stamp()
        if stamp == self._seen:
            return False
        self._seen = stamp
        return True
