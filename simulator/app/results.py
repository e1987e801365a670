"""Where the game keeps results: a Protocol, a null one (tests, --no-save) and the store-backed one.

Writes never raise: a store problem (locked or corrupt database -> recovery file) is kept in
``problem`` for the screen to show. Reads go straight to ``store`` (None when nothing is saved)
and may raise StoreError, which the scenes show as a notice.
"""

from __future__ import annotations

import uuid
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

    def add_trainee(self, name: str) -> None:
        """Keep a trainee profile (never raises; a problem shows in ``problem``)."""

    def close(self) -> None:
        """Finish pending writes before the store is closed."""


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

    def add_trainee(self, name: str) -> None:
        return None

    def close(self) -> None:
        return None


class StoreResults:
    """Results in a Store through one SessionRecorder per running conversation.

    Writes run on a save thread (SaveWriter), so a slow or locked database never freezes the
    game; the loop only takes a snapshot of the turns. `close` finishes the queued writes.
    """

    def __init__(self, store: Store, warn: Callable[[str], None] | None = None,
                 wait_s: float = 0.0) -> None:  # fmt: skip
        from simulator.app.save_writer import SaveWriter

        self.store: Store | None = store
        self._warn = warn
        self._problem: str | None = None
        # id(conversation) -> (conversation, recorder); the conversation is held so ids are not reused
        self._running: dict[int, tuple[Conversation, SessionRecorder]] = {}
        self._writer = SaveWriter(self._note, wait_s)

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
            recorder = SessionRecorder(
                self.store, trainee, group_id, warn=self._note, session_id=uuid.uuid4().hex
            )
            found = (conversation, recorder)
            self._running[id(conversation)] = found
        return found[1]

    def _submit(self, what: str, run: Callable[[], None]) -> None:
        from simulator.app.save_writer import SaveJob

        try:
            self._writer.submit(SaveJob(what, run))
        except Exception as exc:  # recording must never crash the game
            self._note(f"{what} not saved: {exc or type(exc).__name__}")

    def sync(self, conversation: Conversation, trainee: str, group_id: str | None = None) -> None:
        recorder = self._recorder(conversation, trainee, group_id)
        scenario, turns = conversation.scenario, tuple(conversation.turns)
        self._submit("results", lambda: recorder.save(scenario, turns))

    def finish(self, conversation: Conversation, result: Result) -> str | None:
        found = self._running.pop(id(conversation), None)
        if found is None:
            return None
        recorder = found[1]
        scenario, turns = conversation.scenario, tuple(conversation.turns)

        def run() -> None:
            recorder.save(scenario, turns)
            recorder.finish_result(result)

        self._submit("result", run)
        return recorder.planned_id if self.store is not None else None

    def abandon(self, conversation: Conversation) -> None:
        found = self._running.pop(id(conversation), None)
        if found is None:
            return
        recorder = found[1]
        scenario, turns = conversation.scenario, tuple(conversation.turns)

        def run() -> None:
            recorder.save(scenario, turns)
            recorder.abandon_saved()

        self._submit("unfinished conversation", run)

    def session_id(self, conversation: Conversation) -> str | None:
        found = self._running.get(id(conversation))
        return None if found is None else found[1].planned_id

    def add_trainee(self, name: str) -> None:
        store = self.store
        if store is not None:
            self._submit("the profile", lambda: store.add_trainee(name))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait (tests, before reads that need the latest writes) for the queued writes."""
        return self._writer.flush(timeout)

    def close(self) -> None:
        """Finish every queued write (nothing is dropped), then stop the save thread."""
        self._writer.close()
