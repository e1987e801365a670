"""Keeps a conversation in the results store turn by turn, and its result before the debrief."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from simulator.engine.conversation import Conversation, Result, Turn
from simulator.lrs.statements import QueuedStatement, attempt_statements
from simulator.scenario.model import Scenario
from simulator.store import DeliveryRecord, MoveRecord, SessionRecord, Store, StoreError, TurnRecord


def default_trainee() -> str:
    try:
        return getpass.getuser() or "trainee"
    except (OSError, KeyError):
        return "trainee"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def turn_record(turn: Turn) -> TurnRecord:
    delivery = None
    if turn.delivery is not None:
        d = turn.delivery
        delivery = DeliveryRecord(
            round(d.wpm), round(d.loudness_db, 1), d.fillers, round(d.pause_before_s, 2)
        )
    source = turn.source if turn.speaker == "trainee" else "scripted"
    return TurnRecord(
        index=turn.index,
        speaker=turn.speaker,
        text=turn.text,
        moves=tuple(MoveRecord(m.move, m.evidence) for m in turn.moves),
        anger=turn.anger,
        transcript_source=source,
        delivery=delivery,
    )


class SessionRecorder:
    """Writes one conversation to a store: begun on the first sync, each turn as it happens."""

    def __init__(
        self,
        store: Store | None,
        trainee: str,
        group_id: str | None = None,
        warn: Callable[[str], None] | None = None,
        session_id: str | None = None,
    ) -> None:
        self.store = store
        self.planned_id = session_id  # the id to store the session under (None: the store picks)
        self.trainee = trainee
        self.group_id = group_id
        self.session_id: str | None = None
        self._written = 0
        self._record: SessionRecord | None = None
        self._snapshot: tuple[Scenario, tuple[Turn, ...]] | None = None  # last saved turns
        self._warn = warn
        self._warned = False
        if store is not None and store.problem:
            self._problem(store.problem)

    def sync(self, conversation: Conversation) -> None:
        """Store any turns not stored yet (begins the session on first call)."""
        self.save(conversation.scenario, tuple(conversation.turns))

    def save(self, scenario: Scenario, turns: Sequence[Turn]) -> None:
        """Store the turns of this snapshot not stored yet (the game calls it on its save thread)."""
        if self.store is None:
            return
        try:
            if self.session_id is None:
                self.store.add_trainee(self.trainee)
                record = SessionRecord(
                    session_id=self.planned_id,
                    trainee=self.trainee,
                    scenario_id=scenario.id,
                    scenario_version=scenario.version,
                    scenario_title=scenario.title,
                    started_at=now_iso(),
                    group_id=self.group_id,
                )
                self.session_id = self.store.begin_session(record)
                self._record = record
            self._snapshot = (scenario, tuple(turns))
            for turn in turns[self._written :]:
                self.store.append_turn(self.session_id, turn_record(turn))
            self._written = len(turns)
        except StoreError as exc:
            self._problem(str(exc))
        if self.store.problem:
            self._problem(self.store.problem)

    def finish(self, conversation: Conversation, result: Result) -> str | None:
        """Store the result; call before the debrief is shown. Returns the session id."""
        self.sync(conversation)
        return self.finish_result(result)

    def finish_result(self, result: Result) -> str | None:
        """Store the result of a conversation whose turns are saved; returns the session id."""
        if self.store is None or self.session_id is None:
            return None
        missed = [i.move for i in result.checklist if not i.hit and not i.harmful]
        finished_at = now_iso()
        statements = self._statements(result, missed, finished_at)
        try:
            self.store.finish_session(
                self.session_id,
                result.outcome,
                result.scores.as_json(),
                result.passed,
                missed,
                finished_at,
                statements=statements,
            )
        except StoreError as exc:
            self._problem(str(exc))
        return self.session_id

    def _statements(self, result: Result, missed: list[str], finished_at: str) -> list[QueuedStatement]:
        """The finished attempt (its last saved snapshot) as xAPI statements, queued with it
        (none without xAPI settings)."""
        config = self.store.xapi if self.store is not None else None
        if config is None or self._record is None or self._snapshot is None:
            return []
        scenario, turns = self._snapshot
        record = replace(
            self._record, session_id=self.session_id, finished_at=finished_at, complete=True,
            outcome=result.outcome, scores=result.scores.as_json(), passed=result.passed,
            missed_moves=tuple(missed), turns=tuple(turn_record(t) for t in turns),
        )  # fmt: skip
        group_name = None
        if self.group_id and self.store is not None and not self.store.diverted:
            try:
                group_name = self.store.group(self.group_id).name
            except StoreError:  # unreachable database: the statements name the group by its id
                group_name = None
        return attempt_statements(config, record, description=scenario.briefing,
                                  group_name=group_name)  # fmt: skip

    def abandon(self, conversation: Conversation) -> None:
        self.sync(conversation)
        self.abandon_saved()

    def abandon_saved(self) -> None:
        """Mark the saved session unfinished (the trainee left)."""
        if self.store is not None and self.session_id is not None:
            try:
                self.store.abandon_session(self.session_id)
            except StoreError as exc:
                self._problem(str(exc))

    def _problem(self, message: str) -> None:
        if self._warn is not None and not self._warned:
            self._warned = True
            self._warn(f"results not saved to the database: {message}")
