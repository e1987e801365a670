"""Whole conversations by trainees who never read the scenario YAML.

tests/data/playthroughs_alt/<id>.yaml holds seven scripted trainees per scenario, written from the
briefing, the persona and the opening lines only (not the offers, phrases or key details), in
varied natural wording: three `model` trainees who follow the playbook each in their own style,
two `mediocre` ones (polite but thin) and two `hostile` ones (blame, defensive, dismissive,
sarcasm, refusal, rudeness).

Every model trainee must reach a success outcome and pass; every model must outscore every
mediocre trainee, and every mediocre trainee every hostile one, by a clear margin; no hostile
trainee resolves or passes, and no mediocre trainee passes.

Run as a script for a score table: python tests/test_scenario_conversations_alt.py [-v] [id ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":  # run as a script from anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest
from playthroughs import (
    Played,
    describe_played,
    library,
    load_scripts,
    play_all,
    scenario_ids,
    with_known_gaps,
)

PLAYTHROUGHS = Path(__file__).resolve().parent / "data" / "playthroughs_alt"
MODELS = ("model", "model_2", "model_3")
MEDIOCRES = ("mediocre", "mediocre_2")
HOSTILES = ("hostile", "hostile_2")
TRAINEES = MODELS + MEDIOCRES + HOSTILES
MARGIN = 10  # model >= mediocre + 10 and mediocre >= hostile + 10 (overall score)


def scripts(scenario_id: str) -> dict[str, tuple[str, ...]]:
    return load_scripts(PLAYTHROUGHS, scenario_id, TRAINEES)


def played(scenario_id: str) -> Played:
    return play_all(PLAYTHROUGHS, scenario_id, TRAINEES)


def describe(scenario_id: str, *who: str) -> str:
    return describe_played(played(scenario_id), *who)


@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_every_scenario_has_seven_alternative_trainees(scenario_id: str) -> None:
    found = scripts(scenario_id)
    for who in TRAINEES:
        assert len(found[who]) >= 3, f"{who} needs a few answers"
        assert all(isinstance(line, str) and line.strip() for line in found[who])


MODEL_GAPS: dict[tuple[str, str], str] = {
    ("wrong-diet-drink", "model_3"): "back since round 13's retrain: this trainee's only restatement, 'Our "
    "till shows the order went through as diet, so the mistake happened when the drinks were poured', is "
    "the excuse round 13's writers label defensive; the answer stage now drops its restate rule (the "
    "ownership stage drops the excuse), so listening stays at 15 and it scores 63, under the pass mark",
}


@pytest.mark.parametrize(
    ("scenario_id", "who"), with_known_gaps([(s, w) for s in scenario_ids() for w in MODELS], MODEL_GAPS)
)
def test_model_trainee_succeeds_and_passes(scenario_id: str, who: str) -> None:
    scenario = library().scenarios[scenario_id]
    result, _ = played(scenario_id)[who]
    assert result.outcome in scenario.success_outcomes, describe(scenario_id, who)
    assert result.passed, describe(scenario_id, who)


# Known gaps of the judge on this dev set (see the judge issue's note); strict, so a fix must remove them.
JUDGE_GAPS = {
    "gym-exploiter": "the mediocre trainee's cool excuses ('the pool closure was for planned maintenance', "
    "'members were informed by email') are heard as no move at all, so it scores 9 beside the hostile "
    "ones' 0: apart, but not by the margin",
    "lost-parcel": "the first mediocre trainee's 'The tracking shows it was delivered.' is heard as "
    "defensive and 'Have you checked with your neighbours?' as doubting him (blame), as the round-5 and "
    "round-6 writers label them, so it scores 8 beside the hostile ones' 0: apart, but not by the margin",
    "wrong-diet-drink": "the mediocre trainee's 'I'll mention it to the staff' is heard as no offer (no "
    "word of the talk-to-staff offer, and its head scores under the threshold), so with its defensive "
    "'Our records show it was put through as diet' it scores 3 beside the hostile ones' 0",
    "delayed-flight": "since round 14's retrain the first mediocre trainee's 'The flight was cancelled due "
    "to a technical fault.' is heard as a calm excuse (defensive), as round 13's and 14's writers label such "
    "lines, so it scores 5 beside the hostile ones' 0: apart, but not by the margin",
    "manager-demand": "since round 32's retrain the first mediocre trainee's 'I can have a look at your "
    "receipt.' is no offer (it fixes nothing, by the labelling conventions; round 23's heads heard one), so "
    "with nothing else heard it scores 9 beside the hostile ones' 0: apart, but not by the margin",
    "broken-printer": "the first mediocre trainee's 'Did you install the ink?' is heard as doubting her "
    "(blame), as the round-6 and round-7 writers label such questions, so it scores 2 beside the hostile "
    "ones' 0",
}


@pytest.mark.parametrize("scenario_id", with_known_gaps(scenario_ids(), JUDGE_GAPS))
def test_models_beat_mediocres_beat_hostiles(scenario_id: str) -> None:
    score = {who: r.scores.overall for who, (r, _) in played(scenario_id).items()}
    problems = [
        f"{hi}={score[hi]} not >= {lo}={score[lo]} + {MARGIN}"
        for upper, lower in ((MODELS, MEDIOCRES), (MEDIOCRES, HOSTILES))
        for hi in upper
        for lo in lower
        if score[hi] < score[lo] + MARGIN
    ]
    assert not problems, "\n".join(problems) + "\n" + describe(scenario_id)


@pytest.mark.parametrize("who", HOSTILES)
@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_hostile_trainee_never_resolves_or_passes(scenario_id: str, who: str) -> None:
    result, _ = played(scenario_id)[who]
    assert result.outcome != "resolved", describe(scenario_id, who)
    assert not result.passed, describe(scenario_id, who)


@pytest.mark.parametrize("who", MEDIOCRES)
@pytest.mark.parametrize("scenario_id", scenario_ids())
def test_mediocre_trainee_does_not_pass(scenario_id: str, who: str) -> None:
    result, _ = played(scenario_id)[who]
    assert not result.passed, describe(scenario_id, who)


def table(ids: list[str]) -> str:
    width = max(len(w) for w in TRAINEES)
    lines = [f"{'scenario':24} " + " ".join(f"{w:>{width + 13}}" for w in TRAINEES)]
    for sid in ids:
        cells = []
        for who in TRAINEES:
            result = played(sid)[who][0]
            mark = "P" if result.passed else " "
            cells.append(f"{result.outcome[:10]:>10} {result.scores.overall:3d}{mark}".rjust(width + 13))
        lines.append(f"{sid:24} " + " ".join(cells))
    lines.append("(outcome, overall score; P = passed)")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    verbose = "-v" in args
    ids = [a for a in args if a != "-v"] or scenario_ids()
    print(table(ids))
    if verbose:
        for sid in ids:
            print(f"\n===== {sid}")
            print(describe(sid))
