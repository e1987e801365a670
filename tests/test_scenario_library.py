"""The scenario library loads cleanly and every scenario plays believably.

Each scenario has three hand-written scripted trainees in tests/data/playthroughs/<id>.yaml:
`model` follows the playbook, `mediocre` is polite but thin, `hostile` is rude and defensive.
The model trainee must succeed and pass; the three must be clearly separated by score; the
hostile trainee must never resolve the complaint or pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playthroughs import (
    SCENARIOS,
    Played,
    describe_played,
    library,
    load_scripts,
    play_all,
    scenario_ids,
    with_known_gaps,
)

from simulator.scenario.model import CHANNELS, DIFFICULTIES, TEMPERAMENTS

PLAYTHROUGHS = Path(__file__).resolve().parent / "data" / "playthroughs"
TRAINEES = ("model", "mediocre", "hostile")
MODEL_OVER_MEDIOCRE = 15  # model overall >= mediocre overall + 15
MODEL_OVER_HOSTILE = 30  # mediocre overall + 15 >= hostile overall + 30


def scripts(scenario_id: str) -> dict[str, tuple[str, ...]]:
    return load_scripts(PLAYTHROUGHS, scenario_id, TRAINEES)


def played(scenario_id: str) -> Played:
    return play_all(PLAYTHROUGHS, scenario_id, TRAINEES)


def describe(scenario_id: str, *who: str) -> str:
    return describe_played(played(scenario_id), *who)


def test_library_loads_without_errors() -> None:
    lib = library()
    assert not lib.errors, "\n".join(str(e) for e in lib.errors)
    assert len(lib.scenarios) >= 12
    assert sorted(lib.scenarios) == scenario_ids(), "each file is named after its scenario id"


def test_library_covers_channels_difficulties_and_temperaments() -> None:
    found = list(library().scenarios.values())
    assert {s.channel for s in found} == set(CHANNELS)
    assert {s.difficulty for s in found} == set(DIFFICULTIES)
    assert {s.customer.temperament for s in found} == set(TEMPERAMENTS)


def test_library_stages_the_playbook_situations() -> None:
    lib = library().scenarios
    for required in ("late-pizza", "wrong-diet-drink", "broken-printer"):
        assert required in lib
    diet = lib["wrong-diet-drink"]
    assert any(o.insults and "meal" in o.id for o in diet.offers), "a free meal insults this mother"
    escalation_ok = [s for s in lib.values() if "escalated" in s.success_outcomes]
    assert len(escalation_ok) >= 2, "a manager demand and an abusive customer"
    assert any(o.excessive for s in lib.values() for o in s.offers), "an exploiter's excessive offers"
    phone = [s for s in lib.values() if s.channel == "phone"]
    assert any("follow_up" in n.met_by_moves for s in phone for n in s.needs)


def test_every_scenario_file_starts_with_the_schema_modeline() -> None:
    for path in SCENARIOS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json", path.name


@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_every_scenario_has_three_scripted_trainees(scenario_id: str) -> None:
    found = scripts(scenario_id)
    for who in TRAINEES:
        assert len(found[who]) >= 3, f"{who} needs a few answers"
        assert all(isinstance(line, str) and line.strip() for line in found[who])


@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_model_trainee_succeeds_and_passes(scenario_id: str) -> None:
    scenario = library().scenarios[scenario_id]
    result, _ = played(scenario_id)["model"]
    assert result.outcome in scenario.success_outcomes, describe(scenario_id)
    assert result.passed, describe(scenario_id)


# Where the judge's reading of the mediocre trainee is harsher than this set's author meant (arguable both
# ways); strict, so a change of reading must remove them.
HARSHER_READINGS: dict[str, str] = {}  # none left: broken-printer's mediocre trainee is apart again (round 5)


@pytest.mark.parametrize("scenario_id", with_known_gaps(scenario_ids(), HARSHER_READINGS))
def test_trainees_are_clearly_separated(scenario_id: str) -> None:
    runs = played(scenario_id)
    model, mediocre, hostile = (runs[who][0].scores.overall for who in TRAINEES)
    assert model >= mediocre + MODEL_OVER_MEDIOCRE, describe(scenario_id)
    assert mediocre + MODEL_OVER_MEDIOCRE >= hostile + MODEL_OVER_HOSTILE, describe(scenario_id)


@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_hostile_trainee_never_resolves_or_passes(scenario_id: str) -> None:
    result, _ = played(scenario_id)["hostile"]
    assert result.outcome != "resolved", describe(scenario_id)
    assert not result.passed, describe(scenario_id)


@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_mediocre_trainee_does_not_pass(scenario_id: str) -> None:
    result, _ = played(scenario_id)["mediocre"]
    assert not result.passed, describe(scenario_id)


if __name__ == "__main__":  # a score table: python tests/test_scenario_library.py [id ...]
    import sys

    for sid in sys.argv[1:] or scenario_ids():
        row = {who: played(sid)[who][0] for who in TRAINEES}
        print(f"{sid:24}", "  ".join(f"{w}={r.scores.overall:3d} {r.outcome:10}" for w, r in row.items()))
        if len(sys.argv) > 1:
            print(describe(sid))
