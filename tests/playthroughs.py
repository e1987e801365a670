"""Scripted trainees played through the shipped scenarios (shared by the library tests)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import cache
from pathlib import Path
from typing import TypeVar

import pytest
import yaml

from simulator.content_files import Library, load_library
from simulator.engine.conversation import Result
from simulator.play import new_conversation
from simulator.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

Played = dict[str, tuple[Result, list[str]]]
Case = TypeVar("Case", bound=Hashable)


@cache
def library() -> Library:
    return load_library([SCENARIOS])


def scenario_ids() -> list[str]:
    return sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


@cache
def load_scripts(folder: Path, scenario_id: str, trainees: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The named trainees' answers from folder/<scenario_id>.yaml."""
    data = yaml.safe_load((folder / f"{scenario_id}.yaml").read_text(encoding="utf-8"))
    return {who: tuple(data[who]) for who in trainees}


def play(scenario: Scenario, lines: tuple[str, ...]) -> tuple[Result, list[str]]:
    """Play the scripted answers until the conversation ends; returns the result and transcript."""
    conversation = new_conversation(scenario)
    transcript = [f"customer: {conversation.start().text}"]
    for text in lines:
        if conversation.finished:
            break
        for turn in conversation.respond(text):
            moves = ",".join(m.move + (f"[{','.join(m.detail)}]" if m.detail else "") for m in turn.moves)
            extra = f"  ({moves})" if turn.speaker == "trainee" else ""
            transcript.append(f"{turn.speaker} [{turn.anger}]: {turn.text}{extra}")
    return conversation.result(), transcript


@cache
def play_all(folder: Path, scenario_id: str, trainees: tuple[str, ...]) -> Played:
    scenario = library().scenarios[scenario_id]
    return {who: play(scenario, lines) for who, lines in load_scripts(folder, scenario_id, trainees).items()}


def describe_played(played: Played, *who: str) -> str:
    """Outcome, scores and transcript of each trainee (all, or just the ones named)."""
    out = []
    for name, (result, transcript) in played.items():
        if who and name not in who:
            continue
        out.append(f"--- {name}: {result.outcome}, {result.scores.as_json()}, passed={result.passed}")
        out.extend(transcript)
    return "\n".join(out)


def with_known_gaps(cases: list[Case], gaps: Mapping[Case, str]) -> list[object]:
    """Parametrize cases (a tuple is one case of several arguments), each known gap a strict xfail with its
    reason, so a fix must remove it."""
    return [
        pytest.param(
            *(c if isinstance(c, tuple) else (c,)), marks=pytest.mark.xfail(strict=True, reason=gaps[c])
        )
        if c in gaps
        else c
        for c in cases
    ]
