"""Finding scenarios for the shell (game and commands): load the library, resolve ids, explain problems."""

from __future__ import annotations

import difflib

from simulator.content_files import Library, load_library
from simulator.errors import UserError
from simulator.scenario.model import Scenario
from simulator.settings import Settings

MAX_ID_CHARS = 100  # scenario ids name files: keep them well under file-name limits


def check_id(scenario_id: str) -> None:
    """UserError for an id no scenario can have (too long for a file name)."""
    if len(scenario_id) > MAX_ID_CHARS:
        raise UserError(
            f"scenario id '{scenario_id[:40]}...' is too long ({len(scenario_id):,} "
            f"characters; at most {MAX_ID_CHARS})"
        )


def library(settings: Settings) -> Library:
    return load_library(settings.scenario_paths)


def find_scenario(settings: Settings, scenario_id: str) -> Scenario:
    """The scenario with this id; UserError naming close matches or the file that failed to load."""
    check_id(scenario_id)
    lib = library(settings)
    if scenario_id in lib.scenarios:
        return lib.scenarios[scenario_id]
    broken = [e for e in lib.errors if scenario_id in e.path]
    if broken:
        raise UserError(
            f"scenario '{scenario_id}' has errors (run: hotseat validate):\n"
            + "\n".join(str(e) for e in broken)
        )
    close = difflib.get_close_matches(scenario_id, list(lib.scenarios), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else "; run 'hotseat scenarios' to list them"
    raise UserError(f"unknown scenario '{scenario_id}'{hint}")
