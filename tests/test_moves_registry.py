"""The move registry is the one source: a move registered once reaches customer, scoring, tips and report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import get_args

import pytest

from simulator.engine.customer import BASE_EFFECT, initial_state, react
from simulator.engine.default_lines import DEFAULT_REACTIONS
from simulator.engine.scoring import TraineeTurn, checklist, next_tips, score, weights_for
from simulator.engine.tips import LABELS, TIPS
from simulator.moves import (
    ALL_MOVES,
    BUILTIN_MOVES,
    GOOD_MOVES,
    HARMFUL,
    LISTENING,
    TEXT_MOVES,
    Move,
    MoveInfo,
    MoveName,
    move_info,
    register,
    registered,
    step_of,
)
from simulator.report.session_html import default_checklist, render_session_html
from simulator.store.records import MoveRecord, SessionRecord, TurnRecord

# A good voice-timing move (like `interrupt`, but helpful) and a new harmful one; no other file knows them.
SUMMARISE = MoveInfo(
    name="summarise",
    step="listening",
    label="Sum up the call so far",
    tip="Before you fix anything, sum up what you heard in one sentence.",
    effect=-6.0,
    salience=52,
    weight=30.0,
    text=False,
    lines=MappingProxyType({"any": ("Yes, that sums it up.",)}),
)
YAWN = MoveInfo(
    name="yawn",
    step="harmful",
    label="Yawned at the customer",
    tip="However long the call, stay attentive.",
    effect=9.0,
    salience=120,
    penalty=10.0,
    costs="listening",
    text=False,
    lines=MappingProxyType({"any": ("Am I boring you?",)}),
)


@pytest.fixture
def extended() -> Iterator[None]:
    with registered(SUMMARISE, YAWN):
        yield


def test_move_name_literal_lists_the_builtin_registry() -> None:
    assert get_args(MoveName) == tuple(info.name for info in BUILTIN_MOVES)
    assert tuple(ALL_MOVES) == get_args(MoveName)


def test_registry_tables_follow_a_registered_move(extended: None) -> None:
    assert "summarise" in LISTENING and "summarise" in GOOD_MOVES and "summarise" not in TEXT_MOVES
    assert list(LISTENING)[-1] == "summarise"  # after the built-in listening moves, before empathy
    assert list(ALL_MOVES).index("summarise") < list(ALL_MOVES).index("acknowledge")
    assert "yawn" in HARMFUL and step_of("yawn") == "harmful"
    assert BASE_EFFECT["summarise"] == -6.0 and LABELS["yawn"] == "Yawned at the customer"
    assert TIPS["summarise"].startswith("Before you fix anything")
    assert DEFAULT_REACTIONS["yawn"]["any"] == ("Am I boring you?",)


def test_registered_moves_are_gone_after_the_block() -> None:
    with registered(SUMMARISE):
        assert "summarise" in ALL_MOVES
    assert "summarise" not in ALL_MOVES and "summarise" not in LABELS
    with pytest.raises(KeyError):
        move_info("summarise")


def test_customer_reacts_to_a_registered_move(extended: None, late_pizza) -> None:  # type: ignore[no-untyped-def]
    start = initial_state(late_pizza)
    calmer = react(start, late_pizza, (Move("summarise", "so to sum up"),), "So to sum up, it came late.")
    scale = 0.75 if late_pizza.customer.temperament == "chronic" else 1.0
    assert calmer.state.anger == pytest.approx(start.anger - 6.0 * scale)
    assert calmer.reaction_key == "summarise"
    both = react(start, late_pizza, (Move("summarise", "to sum up"), Move("yawn", "")), "to sum up")
    assert both.reaction_key == "yawn"  # the most salient move leads, a harmful one above all
    assert both.state.patience_left == start.patience_left - 1  # harm is never productive


def test_scoring_and_tips_pick_up_a_registered_move(extended: None, late_pizza) -> None:  # type: ignore[no-untyped-def]
    assert weights_for(late_pizza)["summarise"] == 30.0
    said = TraineeTurn(1, "So to sum up, it came late.", (Move("summarise", "So to sum up"),))
    silent = TraineeTurn(1, "Okay.", ())
    assert score(late_pizza, [said], "resolved").listening > score(late_pizza, [silent], "resolved").listening
    items = {i.move: i for i in checklist(late_pizza, [silent])}
    assert items["summarise"].step == "listening" and not items["summarise"].hit
    assert items["summarise"].label == "Sum up the call so far"
    assert items["summarise"].tip == SUMMARISE.tip
    rude = TraineeTurn(1, "*yawns*", (Move("yawn", "*yawns*"),))
    assert score(late_pizza, [rude], None).listening < score(late_pizza, [silent], None).listening
    tips = next_tips(late_pizza, checklist(late_pizza, [rude]))
    assert tips[0] == f"{YAWN.label}: {YAWN.tip}"


def test_report_picks_up_a_registered_move(extended: None) -> None:
    turns = (
        TurnRecord(0, "customer", "It came late!", (), 80, "scripted"),
        TurnRecord(1, "trainee", "So to sum up, it came late.", (MoveRecord("summarise", "to sum up"),), 70),
        TurnRecord(2, "trainee", "Mm. *yawns*", (MoveRecord("yawn", "yawns"),), 78),
    )
    record = SessionRecord("s1", "Ann", "late-pizza", 1, "Late pizza", "2024-05-01T10:00:00+00:00",
                           turns=turns, missed_moves=("restate",))  # fmt: skip
    assert next((i.move, i.step) for i in default_checklist(record)) == ("summarise", "listening")
    html = render_session_html(record)
    assert '<mark class="listening" title="summarise">to sum up</mark>' in html
    assert '<span class="chip harmful" title="yawns">yawn</span>' in html
    assert YAWN.tip in html


def test_register_refuses_an_incomplete_harmful_move() -> None:
    with pytest.raises(ValueError, match="needs a step it costs"):
        register(MoveInfo("sneer", "harmful", label="Sneered", tip="Don't.", effect=5.0, salience=130))
    with pytest.raises(ValueError, match="salience 52 is taken"), registered(SUMMARISE):
        register(MoveInfo("hum", "listening", label="Hummed", tip="-", effect=0.0, salience=52))
    assert "sneer" not in ALL_MOVES and "hum" not in ALL_MOVES


def test_scenarios_may_use_a_registered_move(extended: None) -> None:
    from simulator.scenario.loader import parse_scenario

    data = (Path(__file__).resolve().parent.parent / "scenarios" / "late-pizza.yaml").read_bytes()
    data += b"weights:\n  summarise: 50\n"
    data = data.replace(b"  reactions:\n", b'  reactions:\n    summarise:\n      any: ["That is it."]\n', 1)
    scenario, errors = parse_scenario("late-pizza.yaml", data)
    assert errors == [] and scenario is not None
    assert scenario.lines.reactions["summarise"]["any"] == ("That is it.",)
    assert scenario.weights["summarise"] == 50.0
    assert weights_for(scenario)["summarise"] == 50.0


def test_registration_is_all_or_nothing_and_restores_the_order() -> None:
    before = tuple(ALL_MOVES)
    louder = MoveInfo("rude", "harmful", label="Was rude", tip="-", effect=30.0, salience=100, penalty=20.0,
                      costs="empathy")  # fmt: skip
    with registered(louder):
        assert BASE_EFFECT["rude"] == 30.0 and tuple(ALL_MOVES) == before
    assert BASE_EFFECT["rude"] == 25.0 and tuple(ALL_MOVES) == before
    broken = MoveInfo("grunt", "harmful", label="Grunted", tip="-", effect=5.0, salience=140)
    with pytest.raises(ValueError):
        register(SUMMARISE, broken)
    assert "summarise" not in ALL_MOVES and tuple(ALL_MOVES) == before
