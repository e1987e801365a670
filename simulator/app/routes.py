"""The app's one registry of screens: scenes ask for a route by name and never import each other."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

from simulator.app.scenes.base import Scene
from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.debrief import DebriefScene
from simulator.app.scenes.group_form import GroupFormScene
from simulator.app.scenes.group_seat import GroupSeatScene
from simulator.app.scenes.group_setup import GroupPickScene
from simulator.app.scenes.history import HistoryScene
from simulator.app.scenes.leaderboard import LeaderboardScene
from simulator.app.scenes.menu import MenuScene
from simulator.app.scenes.profile import ProfileScene
from simulator.app.scenes.select import ScenarioSelectScene
from simulator.app.scenes.settings_scene import SettingsScene

Route = Literal[
    "menu", "select", "history", "profile", "settings", "conversation", "debrief",
    "groups", "group_form", "group_seat", "leaderboard",
]  # fmt: skip

# name -> the scene's class; ``App.go(name, *args)`` builds it as ``cls(app, *args)``.
ROUTES: Final[Mapping[Route, type[Scene]]] = MappingProxyType(
    {
        "menu": MenuScene,  # ()
        "select": ScenarioSelectScene,  # ()
        "history": HistoryScene,  # ()
        "profile": ProfileScene,  # ()
        "settings": SettingsScene,  # ()
        "conversation": ConversationScene,  # (scenario, trainee=None, group_id=None)
        "debrief": DebriefScene,  # (scenario, conversation, debrief)
        "groups": GroupPickScene,  # ()
        "group_form": GroupFormScene,  # ()
        "group_seat": GroupSeatScene,  # (group_id)
        "leaderboard": LeaderboardScene,  # (group_id)
    }
)
