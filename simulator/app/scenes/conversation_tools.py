"""The conversation's side tools: the observer's rating panel and F5 hot reload."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from simulator.app.observe import ObserverPanel, save_observation
from simulator.content_files import load_scenario_file
from simulator.errors import ContentErrors

if TYPE_CHECKING:
    from simulator.app.scenes.conversation import ConversationScene


def open_observer(scene: ConversationScene) -> None:
    turns = [(t.index, t.text) for t in scene.conversation.trainee_turns]
    if not turns:
        scene.flash("Nothing to rate yet: wait for the first answer.", "info")
        return
    if scene.recording:
        scene._stop_recording(discard=True)
    scene.observer = ObserverPanel(turns)


def handle_observer(scene: ConversationScene, event: pygame.event.Event) -> None:
    panel = scene.observer
    assert panel is not None
    done = panel.handle(event)
    if done == "save":
        session_id = scene.app.results.session_id(scene.conversation)
        if scene.ended is not None:
            session_id = scene.ended.session_id
        notice = save_observation(scene.app, session_id, panel)
        scene.flash(notice.text, notice.kind)
    if done is not None:
        scene.observer = None
        if scene.mode == "typed":
            pygame.key.start_text_input()


def reload_scenario(scene: ConversationScene) -> None:
    """Re-read the scenario file; a different scenario (id or version) starts a new stored attempt."""
    path = scene.conversation.scenario.source_path
    if not path:
        scene.flash("This scenario did not come from a file, so it cannot be reloaded.", "warn")
        return
    try:
        fresh = load_scenario_file(Path(path))
    except ContentErrors as exc:
        scene.reload_errors = [str(e) for e in exc.errors] or [str(exc)]
        return
    except Exception as exc:  # any surprise is shown, never raised
        scene.reload_errors = [f"{path}: {exc}"]
        return
    moved = (fresh.id, fresh.version) != (scene.scenario.id, scene.scenario.version)
    if moved:  # the stored attempt was of the old scenario: keep it as unfinished
        scene.app.results.abandon(scene.conversation)
    scene.conversation.reload(fresh)
    scene.scenario = fresh
    scene.reload_errors = []
    if moved and scene.conversation.trainee_turns:
        scene.app.results.sync(scene.conversation, scene.trainee, scene.group_id)
    scene.flash(f"Reloaded {Path(path).name}.", "ok")
