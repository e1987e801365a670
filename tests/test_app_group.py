"""Hot-seat group mode in the game: create a group, take turns, projector debrief, leaderboard, export."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from test_app_harness import GOOD_ANSWERS, key, make_app, non_blank, step, typed

from simulator.app.results import StoreResults
from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.debrief import DebriefScene
from simulator.app.scenes.group_form import GroupFormScene, roster_from
from simulator.app.scenes.group_seat import GroupSeatScene
from simulator.app.scenes.group_setup import GroupPickScene
from simulator.app.scenes.leaderboard import LeaderboardScene
from simulator.app.scenes.menu import ITEMS, MenuScene
from simulator.store import Store, open_store


def synced(store: Store) -> StoreResults:
    """Results whose saves are waited for (the game itself never waits on the database)."""
    return StoreResults(store, wait_s=5.0)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_store(None, tmp_path / "data")
    yield opened
    opened.close()


def _text(value: str) -> list[pygame.event.Event]:
    return [pygame.event.Event(pygame.TEXTINPUT, text=c) for c in value]


def _play_turn(app, clock) -> ConversationScene:  # type: ignore[no-untyped-def]
    scene = app.top
    assert isinstance(scene, ConversationScene)
    for answer in GOOD_ANSWERS:
        if scene.ended is None:
            step(app, clock, typed(answer))
    assert scene.ended is not None
    step(app, clock, [key(pygame.K_RETURN)])
    return scene


def test_group_session_from_creation_to_export(tmp_path: Path, store: Store) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store))
    try:
        app.push(MenuScene(app))
        step(app, clock, [key(pygame.K_DOWN)] * ITEMS.index("Group session") + [key(pygame.K_RETURN)])
        assert isinstance(app.top, GroupPickScene) and app.top.groups == []
        step(app, clock, [key(pygame.K_RETURN)])  # New group
        form = app.top
        assert isinstance(form, GroupFormScene)
        step(app, clock, [*_text("Front desk"), key(pygame.K_RETURN)])
        step(app, clock, [*_text("Ana, Ben, Cy, ben"), key(pygame.K_RETURN)])
        step(app, clock, [key(pygame.K_RIGHT), key(pygame.K_RETURN)])  # plan: rotation
        ids = [s.id for s in form.scenarios]
        step(app, clock, [key(pygame.K_RIGHT)] * ids.index("late-pizza") + [key(pygame.K_SPACE)])
        assert form.chosen == ["late-pizza"]
        assert non_blank(app.screenshot(tmp_path / "group-form.png"))
        step(app, clock, [key(pygame.K_RETURN, mod=pygame.KMOD_CTRL)])
        seat = app.top
        assert isinstance(seat, GroupSeatScene), form.problem
        (group,) = store.groups()
        assert group.roster == ("Ana", "Ben", "Cy") and group.plan == "rotation"
        assert seat.trainee == "Ana" and seat.scenario is not None and seat.scenario.id == "late-pizza"
        assert non_blank(app.screenshot(tmp_path / "next-up.png"))

        step(app, clock, [key(pygame.K_RETURN)])  # Start turn
        turn = _play_turn(app, clock)
        assert turn.trainee == "Ana" and turn.group_id == group.group_id
        debrief = app.top
        assert isinstance(debrief, DebriefScene) and debrief.buttons[0] == "Next trainee"
        assert debrief.fonts is app.big_fonts and debrief.fonts.large_text  # the projector view
        assert non_blank(app.screenshot(tmp_path / "group-debrief.png"))
        (record,) = store.sessions(group_id=group.group_id)
        assert record.trainee == "Ana" and record.complete

        step(app, clock, [key(pygame.K_RETURN)])  # Next trainee
        assert app.top is seat and seat.trainee == "Ben"
        step(app, clock, [key(pygame.K_RETURN)])
        _play_turn(app, clock)
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert app.top is seat and seat.trainee == "Cy"

        step(app, clock, [key(pygame.K_l)])
        board = app.top
        assert isinstance(board, LeaderboardScene) and board.summary is not None
        assert {r.trainee for r in board.summary.leaderboard} == {"Ana", "Ben", "Cy"}
        assert non_blank(app.screenshot(tmp_path / "leaderboard.png"))
        step(app, clock, [key(pygame.K_a)])
        assert board.summary.anonymised
        assert {r.trainee for r in board.summary.leaderboard} == {"Trainee 1", "Trainee 2", "Trainee 3"}
        step(app, clock, [key(pygame.K_e)])
        assert board.notice is not None and board.notice.kind == "ok"
        reports = tmp_path / "data" / "reports"
        (html,) = reports.glob("*.html")
        (table,) = reports.glob("*.csv")
        assert str(html) in board.notice.text
        assert "Trainee 1" in html.read_text() and "Ana" not in table.read_text()
        assert non_blank(app.screenshot(tmp_path / "leaderboard-anon.png"))
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert app.top is seat
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert isinstance(app.top, GroupPickScene) and len(app.top.groups) == 1
    finally:
        app.close()


def test_roster_from_a_csv_file_and_form_errors(tmp_path: Path, store: Store) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("\ufeffName,Email\nAna Silva,a@x\n\nBen Okafor,b@x\n", encoding="utf-8")
    assert roster_from(str(roster)) == ("Ana Silva", "Ben Okafor")
    assert roster_from("Ana, Ben\n  Cy ") == ("Ana", "Ben", "Cy")
    assert roster_from("Smith; Jr, Cy") == ("Smith; Jr", "Cy")  # only commas and newlines split
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store))
    try:
        form = GroupFormScene(app)
        app.push(form)
        step(app, clock, [key(pygame.K_RETURN, mod=pygame.KMOD_CTRL)])  # no name, no roster
        assert app.top is form and form.problem and "name" in form.problem
        step(app, clock, [*_text("Evening class"), key(pygame.K_TAB), *_text(str(roster))])
        step(app, clock, [key(pygame.K_RETURN, mod=pygame.KMOD_CTRL)])
        seat = app.top
        assert isinstance(seat, GroupSeatScene) and seat.trainee == "Ana Silva"
    finally:
        app.close()


def test_group_screens_without_a_store_show_a_notice(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        app.push(GroupPickScene(app))
        step(app, clock, [key(pygame.K_RETURN)])
        assert isinstance(app.top, GroupPickScene) and app.top.problem
    finally:
        app.close()
