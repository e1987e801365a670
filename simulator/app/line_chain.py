"""Plays a customer line that arrives sentence by sentence as one line: 'playing' until its last part ends."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from simulator.speech.tts_worker import LineFailed, LineReady


class LineChain:
    """Wraps the app's player; the scenes see one line however many parts it arrives in.

    ``route`` is given every line event: a line's first part goes on to the scene (which calls
    ``play``), later parts are kept here and played in turn. ``playing`` stays true between parts
    while more are due. Other attributes pass through to the wrapped player.
    """

    def __init__(self, player: Any) -> None:
        self.inner = player
        self._first: str | None = None  # the line whose first part was seen last
        self._line_id: str | None = None  # the line playing
        self._parts: deque[LineReady] = deque()
        self._more = False  # the line playing expects more parts
        self._held_done = False  # the first-seen line already had its last part (or failed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def route(self, event: LineReady | LineFailed) -> bool:
        """True when the event is a later part of a line (kept here); False: pass it to the scene."""
        if event.line_id != self._first:
            if isinstance(event, LineReady):
                self._first, self._held_done = event.line_id, event.final
                if self._line_id != event.line_id:
                    self._parts.clear()
            return False
        if self._held_done:
            return False
        if isinstance(event, LineFailed):
            self._held_done = True
            if self._line_id == event.line_id:
                self._more = False
            return True
        self._held_done = event.final
        self._parts.append(event)
        if self._line_id == event.line_id:
            self._more = not event.final
        return True

    @property
    def playing(self) -> bool:
        self.advance()
        return bool(self.inner.playing or self._parts or self._more)

    def play(self, path: Path, duration_s: float, line_id: str | None = None) -> None:
        """Start a line (its first part); parts already kept for it follow."""
        if line_id != self._first:
            self._parts.clear()
        self._line_id = line_id
        self._more = line_id is not None and line_id == self._first and not self._held_done
        self.inner.play(path, duration_s)

    def advance(self) -> None:
        """Start the next kept part once the current one has ended (call once a frame)."""
        if self._parts and self._line_id == self._first and not self.inner.playing:
            part = self._parts.popleft()
            self.inner.play(part.wav_path, part.duration_s)

    def stop(self) -> None:
        self._parts.clear()
        self._more = False
        self._line_id = None
        self.inner.stop()
