"""The game keeps every conversation in a real SQLite store: per turn, before the debrief, when left."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from test_app_harness import GOOD_ANSWERS, key, make_app, non_blank, step, typed

from simulator.app.app import App
from simulator.app.results import StoreResults
from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.debrief import DebriefScene
from simulator.app.scenes.menu import MenuScene
from simulator.content_files import default_scenarios_dir, load_scenario_file
from simulator.store import Store, open_store


def synced(store: Store) -> StoreResults:
    """Results whose saves are waited for (the game itself never waits on the database)."""
    return StoreResults(store, wait_s=5.0)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = open_store(None, tmp_path / "data")
    yield opened
    opened.close()


def _start(app: App, trainee: str | None = None) -> ConversationScene:
    app.push(MenuScene(app))
    scene = ConversationScene(app, load_scenario_file(default_scenarios_dir() / "late-pizza.yaml"), trainee)
    app.push(scene)
    return scene


def test_turns_stored_as_they_happen_and_finished_before_the_debrief(tmp_path: Path, store: Store) -> None:
    seen: list[tuple[str, bool]] = []

    def on_finished(conversation, result) -> None:  # type: ignore[no-untyped-def]
        (record,) = store.sessions(trainee="Ana")
        seen.append((type(app.top).__name__, record.complete))

    app, clock, _ = make_app(
        tmp_path, tts=False, typed=True, results=synced(store), trainee="Ana", on_finished=on_finished
    )
    try:
        scene = _start(app)
        step(app, clock)
        assert store.sessions() == []  # nothing stored before the first answer
        step(app, clock, typed(GOOD_ANSWERS[0]))
        (record,) = store.sessions(trainee="Ana")
        assert not record.complete and record.finished_at is None
        assert [t.speaker for t in record.turns] == ["customer", "trainee", "customer"]
        assert record.turns[1].text == GOOD_ANSWERS[0]
        for answer in GOOD_ANSWERS[1:]:
            if scene.ended is None:
                step(app, clock, typed(answer))
        assert scene.ended is not None and scene.ended.session_id == record.session_id
        assert seen == [("ConversationScene", True)]  # stored, and on_finished called, before the debrief
        record = store.get_session(record.session_id or "")
        assert record.complete and record.outcome == scene.conversation.outcome
        assert len(record.turns) == len(scene.conversation.turns)
        step(app, clock, [key(pygame.K_RETURN)])
        assert isinstance(app.top, DebriefScene)
    finally:
        app.close()


def test_escape_stores_an_abandoned_session(tmp_path: Path, store: Store) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store), trainee="Bo")
    try:
        _start(app)
        step(app, clock, typed(GOOD_ANSWERS[0]))
        step(app, clock, [key(pygame.K_ESCAPE)])
        assert non_blank(app.screenshot(tmp_path / "leave.png"))
        step(app, clock, [key(pygame.K_RETURN)])
        assert isinstance(app.top, MenuScene)
        (record,) = store.sessions(trainee="Bo")
        assert not record.complete and record.finished_at is not None and len(record.turns) == 3
        # leaving before answering stores nothing
        _start(app)
        step(app, clock, [key(pygame.K_ESCAPE), key(pygame.K_RETURN)])
        assert len(store.sessions(trainee="Bo")) == 1
    finally:
        app.close()


def test_closing_the_window_mid_conversation_stores_it_as_abandoned(tmp_path: Path, store: Store) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store), trainee="Cy")
    _start(app)
    step(app, clock, typed(GOOD_ANSWERS[0]))
    step(app, clock, [pygame.event.Event(pygame.QUIT)])
    assert not app.running
    app.close()
    (record,) = store.sessions(trainee="Cy")
    assert not record.complete and record.finished_at is not None


def test_a_corrupt_database_is_a_notice_and_a_recovery_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "results.sqlite3").write_bytes(b"this is not a database" * 100)
    broken = open_store(None, data)
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(broken), trainee="Di")
    try:
        scene = _start(app)
        for answer in GOOD_ANSWERS:
            if scene.ended is None:
                step(app, clock, typed(answer))
        assert scene.ended is not None
        assert any("recovery" in n.text or "corrupt" in n.text for n in app.notices())
        assert "corrupt" in (scene.ended.save_error or "")
        assert broken.journal.pending()
        step(app, clock, [key(pygame.K_RETURN)])
        assert isinstance(app.top, DebriefScene)
        step(app, clock)
    finally:
        app.close()
        broken.close()


def test_observer_rating_is_stored_and_shown_in_debrief_and_report(tmp_path: Path, store: Store) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True, results=synced(store), trainee="Ed")
    try:
        scene = _start(app)
        step(app, clock, typed(GOOD_ANSWERS[0]))
        step(app, clock, typed(GOOD_ANSWERS[1]))
        step(app, clock, [key(pygame.K_F2)])
        assert scene.observer is not None and scene.observed_turn == 3
        step(app, clock, [key(pygame.K_UP)])
        assert scene.observed_turn == 1
        step(app, clock, [key(pygame.K_4), pygame.event.Event(pygame.TEXTINPUT, text="4")])
        step(app, clock, [pygame.event.Event(pygame.TEXTINPUT, text=c) for c in "Warm apology"])
        assert non_blank(app.screenshot(tmp_path / "observer.png"))
        step(app, clock, [key(pygame.K_RETURN)])
        assert scene.observer is None and scene.draft == ""
        session_id = app.results.session_id(scene.conversation)
        (obs,) = store.observations(session_id or "")
        assert (obs.turn_index, obs.rating, obs.comment) == (1, 4, "Warm apology")
        for answer in GOOD_ANSWERS[2:]:
            if scene.ended is None:
                step(app, clock, typed(answer))
        step(app, clock, [key(pygame.K_RETURN)])
        debrief = app.top
        assert isinstance(debrief, DebriefScene)
        assert any("Warm apology" in row.title for row in debrief.rows)
        # after the conversation: O, rate the last answer 2 with a comment
        step(app, clock, [key(pygame.K_o), key(pygame.K_2)])
        step(app, clock, [pygame.event.Event(pygame.TEXTINPUT, text=c) for c in "2Too vague"])
        step(app, clock, [key(pygame.K_RETURN)])
        assert [o.comment for o in store.observations(session_id or "")] == ["Warm apology", "Too vague"]
        assert debrief.notice is not None and debrief.notice.kind == "ok"
        # Save report: the HTML debrief with the observations, in the data folder
        debrief.focus = debrief.buttons.index("Save report")
        step(app, clock, [key(pygame.K_RETURN)])
        assert debrief.notice is not None and "Report saved" in debrief.notice.text
        (path,) = (tmp_path / "data" / "reports").glob("*.html")
        html = path.read_text()
        assert "Warm apology" in html and "Too vague" in html and "Ed" in html
        assert str(path) in debrief.notice.text
        assert non_blank(app.screenshot(tmp_path / "saved.png"))
    finally:
        app.close()


def test_save_report_works_without_a_store(tmp_path: Path) -> None:
    app, clock, _ = make_app(tmp_path, tts=False, typed=True)
    try:
        scene = _start(app)
        for answer in GOOD_ANSWERS:
            if scene.ended is None:
                step(app, clock, typed(answer))
        scene.show_debrief()
        debrief = app.top
        assert isinstance(debrief, DebriefScene)
        debrief.activate(debrief.buttons.index("Save report"))
        (path,) = (tmp_path / "data" / "reports").glob("*.html")
        assert "Guest" in path.read_text()
    finally:
        app.close()
