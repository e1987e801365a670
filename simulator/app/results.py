"""Where the game keeps results: a Protocol, a null one (tests, --no-save) and the store-backed one.

Writes never raise: a store problem (locked or corrupt database -> recovery file) is kept in
``problem`` for the screen to show. Reads go straight to ``store`` (None when nothing is saved)
and may raise StoreError, which the scenes show as a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from simulator.engine.conversation import Conversation, Result

if TYPE_CHECKING:
    from simulator.recording import SessionRecorder
    from simulator.store import Store

GUEST = "Guest"


class Results(Protocol):
    """Keeps each conversation as it happens: turn by turn, finished, or abandoned."""

    @property
    def store(self) -> Store | None:
        """The results store for reads (trainees, history, groups); None when nothing is saved."""

    @property
    def problem(self) -> str | None:
        """One line for the screen when results are not reaching the database."""

    def sync(self, conversation: Conversation, trainee: str, group_id: str | None = None) -> None:
        """Store the turns not stored yet (begins the session on the first call)."""

    def finish(self, conversation: Conversation, result: Result) -> str | None:
        """Store the result (before the debrief); returns the session id when stored."""

    def abandon(self, conversation: Conversation) -> None:
        """The trainee left early: keep the turns so far, marked unfinished."""

    def session_id(self, conversation: Conversation) -> str | None:
        """The stored id of a running conversation (for observer ratings)."""


class NullResults:
    """Keeps nothing (tests, ``play --no-save``)."""

    store: Store | None = None
    problem: str | None = None

    def sync(self, conversation: Conversation, trainee: str, group_id: str | None = None) -> None:
        return None

    def finish(self, conversation: Conversation, result: Result) -> str | None:
        return None

    def abandon(self, conversation: Conversation) -> None:
        return None

    def session_id(self, conversation: Conversation) -> str | None:
        return None


class StoreResults:
    """Results in a Store through one SessionRecorder per running conversation."""

    def __init__(self, store: Store, warn: Callable[[str], None] | None = None) -> None:
        self.store: Store | None = store
        self._warn = warn
        self._problem: str | None = None
        # id(conversation) -> (conversation, recorder); the conversation is held so ids are not reused
        self._running: dict[int, tuple[Conversation, SessionRecorder]] = {}

    @property
    def problem(self) -> str | None:
        if self.store is not None and self.store.problem:
            return f"Results are not reaching the database: {self.store.problem}"
        return self._problem

    def _note(self, message: str) -> None:
        if message != self._problem:
            self._problem = message[:1].upper() + message[1:]
            if self._warn is not None:
                self._warn(message)

    def _recorder(self, conversation: Conversation, trainee: str, group_id: str | None) -> SessionRecorder:
        from simulator.recording import SessionRecorder

        found = self._running.get(id(conversation))
        if found is None:
            found = (conversation, SessionRecorder(self.store, trainee, group_id, warn=self._note))
            self._running[id(conversation)] = found
        return found[1]

    def sync(self, conversation: Conversation, trainee: str, group_id: str | None = None) -> None:
        try:
            self._recorder(conversation, trainee, group_id).sync(conversation)
        except Exception as exc:  # recording must never crash the game
            self._note(f"results not saved: {exc or type(exc).__name__}")

    def finish(self, conversation: Conversation, result: Result) -> str | None:
        found = self._running.pop(id(conversation), None)
        if found is None:
            return None
        try:
            return found[1].finish(conversation, result)
        except Exception as exc:
            self._note(f"result not saved: {exc or type(exc).__name__}")
            return found[1].session_id

    def abandon(self, conversation: Conversation) -> None:
        found = self._running.pop(id(conversation), None)
        if found is None:
            return
        try:
            found[1].abandon(conversation)
        except Exception as exc:
            self._note(f"unfinished conversation not saved: {exc or type(exc).__name__}")

    def session_id(self, conversation: Conversation) -> str | None:
        found = self._running.get(id(conversation))
        return None if found is None else found[1].session_id
