"""Screens that need stored results (profiles, history, a group session), rendered from a sample store."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.app.app import App
    from simulator.scenario.model import Scenario
    from simulator.store import Store

ROSTER = ("Ana Silva", "Ben Okafor", "Cy Tran", "Dee Park", "Eli Moss")
TRAINEE = ROSTER[0]


def seed_store(store: Store, days: int = 24) -> str:
    """A trainee with a few weeks of practice and a class part-way through a session; the group id."""
    from simulator.store.samples import sample_session

    rng = random.Random(7)
    start = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    for name in ROSTER[1:]:
        store.add_trainee(name)
    store.import_records(
        sample_session(rng, TRAINEE, start + timedelta(days=i, hours=rng.randint(0, 8))) for i in range(days)
    )
    group = store.create_group("Front desk — March intake", ROSTER, "rotation", ("late-pizza", "lost-parcel"))
    later = start + timedelta(days=days + 1)
    store.import_records(
        sample_session(rng, name, later + timedelta(minutes=10 * i), group_id=group.group_id)
        for i, name in enumerate(ROSTER[:3])
    )
    return group.group_id


def shoot_store_screens(
    app: App, scenario: Scenario, shoot: Callable[[str], None], answers: tuple[str, ...]
) -> None:
    """profile, history, group next-up, group debrief (projector view) and leaderboard."""
    from simulator.app.scenes.conversation import ConversationScene
    from simulator.app.scenes.group_seat import GroupSeatScene
    from simulator.app.scenes.history import HistoryScene
    from simulator.app.scenes.leaderboard import LeaderboardScene
    from simulator.app.scenes.profile import ProfileScene

    store = app.results.store
    assert store is not None
    group_id = seed_store(store)
    app.set_trainee(TRAINEE)
    app.push(ProfileScene(app))
    shoot("08-profile")
    app.pop()
    app.push(HistoryScene(app))
    shoot("09-history")
    app.pop()
    seat = GroupSeatScene(app, group_id)
    app.push(seat)
    shoot("10-group-next-up")
    seat.activate(0)
    turn = app.top
    assert isinstance(turn, ConversationScene)
    first = turn.scenario.customer.name.split()[0]
    for answer in answers:
        turn.answer(answer.format(first=first), "typed")
        if turn.ended is not None:
            break
    if turn.ended is None:
        turn.conversation.abandon()
        turn._finish()
    turn.show_debrief()
    shoot("11-group-debrief")
    app.pop()
    app.push(LeaderboardScene(app, group_id))
    shoot("12-leaderboard")


def store_for_screens(folder: Path) -> Store:
    from simulator.store import open_store

    return open_store(None, folder)
