"""The customer's mood model: anger, patience, needs and outcomes as pure functions."""

from __future__ import annotations

from dataclasses import replace

from conftest import keyword_detect

from simulator.engine.customer import DeliverySignal, initial_state, react
from simulator.moves import Move


def turn(state, scenario, text):  # type: ignore[no-untyped-def]
    return react(state, scenario, keyword_detect(text), text)


def test_apology_calms_and_harm_escalates(late_pizza):  # type: ignore[no-untyped-def]
    start = initial_state(late_pizza)
    calmer = turn(start, late_pizza, "I'm so sorry about this.")
    angrier = turn(start, late_pizza, "Calm down, it's the driver's fault.")
    assert calmer.state.anger < start.anger
    assert angrier.state.anger >= start.anger + 25
    assert angrier.reaction_key in ("blame", "dismissive")
    assert {e.cause for e in angrier.effects} == {"blame", "dismissive"}


def test_repeating_a_move_has_diminishing_returns(late_pizza):  # type: ignore[no-untyped-def]
    state = initial_state(late_pizza)
    drops = []
    for _ in range(3):
        reaction = turn(state, late_pizza, "I'm sorry.")
        drops.append(state.anger - reaction.state.anger)
        state = reaction.state
    assert drops[0] > drops[1] > drops[2] > 0
    assert reaction.reaction_key == "repeat"


def test_defuse_first_offer_lands_better_after_acknowledging(late_pizza):  # type: ignore[no-untyped-def]
    start = initial_state(late_pizza)
    cold = turn(start, late_pizza, "I can refund it.")
    warmed = turn(start, late_pizza, "I'm so sorry. I can refund it.")
    sorry_only = turn(start, late_pizza, "I'm so sorry.")
    offer_effect_cold = start.anger - cold.state.anger
    offer_effect_warm = sorry_only.state.anger - warmed.state.anger
    assert offer_effect_warm > offer_effect_cold
    assert any("defuse first" in e.reason for e in cold.effects)


def test_insulting_offer_raises_anger(late_pizza):  # type: ignore[no-untyped-def]
    insulted = replace(
        late_pizza,
        offers=tuple(
            replace(o, insults=True, meets=(), partly_meets=()) if o.id == "coupon" else o
            for o in late_pizza.offers
        ),
    )
    start = initial_state(insulted)
    sorry = react(start, insulted, (Move("apology", "sorry"),), "sorry")
    insult = react(
        start, insulted, (Move("apology", "sorry"), Move("compensation", "coupon", 0, 6, ("coupon",))), "x"
    )
    assert insult.reaction_key == "insulting_offer"
    assert insult.state.anger >= sorry.state.anger + 15


def test_questions_draw_facts_once(late_pizza):  # type: ignore[no-untyped-def]
    first = turn(initial_state(late_pizza), late_pizza, "What time did you order?")
    assert [f.id for f in first.facts] == ["order_time"]
    again = turn(first.state, late_pizza, "What time did you order?")
    assert again.facts == ()


def test_needs_met_and_calm_enough_resolves(late_pizza):  # type: ignore[no-untyped-def]
    state = initial_state(late_pizza)
    state = turn(state, late_pizza, "I'm so sorry Dana, I understand how frustrating this is.").state
    assert state.outcome is None
    final = turn(state, late_pizza, "Let me refund your order and I'll call you when the new one leaves.")
    assert "restitution" in final.state.met_needs and "acknowledged" in final.state.met_needs
    assert final.state.outcome == "resolved"


def test_patience_runs_out_and_boiling_point(late_pizza):  # type: ignore[no-untyped-def]
    state = initial_state(late_pizza)
    for _ in range(late_pizza.customer.patience):
        state = turn(state, late_pizza, "okay").state
    assert state.outcome == "walked_out"
    hot = replace(initial_state(late_pizza), anger=95.0)
    assert turn(hot, late_pizza, "That's not my problem.").state.outcome == "walked_out"


def test_turn_limit_gives_unresolved(late_pizza):  # type: ignore[no-untyped-def]
    state = replace(initial_state(late_pizza), turn=late_pizza.max_turns - 1, patience_left=9)
    assert turn(state, late_pizza, "What would you like me to do?").state.outcome == "unresolved"


def test_shouting_and_rushing_make_it_worse(late_pizza):  # type: ignore[no-untyped-def]
    start = initial_state(late_pizza)
    moves = keyword_detect("I'm sorry.")
    calm = react(start, late_pizza, moves, "I'm sorry.", DeliverySignal(wpm=130, loudness_db=0))
    loud = react(start, late_pizza, moves, "I'm sorry.", DeliverySignal(wpm=190, loudness_db=9))
    assert loud.state.anger > calm.state.anger
    assert {e.reason for e in loud.effects} >= {"raised their voice"}


def test_chronic_customers_calm_more_slowly(late_pizza):  # type: ignore[no-untyped-def]
    chronic = replace(late_pizza, customer=replace(late_pizza.customer, temperament="chronic"))
    acute_drop = (
        initial_state(late_pizza).anger
        - turn(initial_state(late_pizza), late_pizza, "I'm sorry.").state.anger
    )
    chronic_drop = (
        initial_state(chronic).anger - turn(initial_state(chronic), chronic, "I'm sorry.").state.anger
    )
    assert chronic_drop < acute_drop


def test_escalation_when_scenario_expects_it(late_pizza):  # type: ignore[no-untyped-def]
    calm_state = initial_state(late_pizza)
    assert turn(calm_state, late_pizza, "Let me get my manager.").state.outcome is None
    expects = replace(late_pizza, success_outcomes=("resolved", "escalated"))
    assert turn(initial_state(expects), expects, "Let me get my manager.").state.outcome == "escalated"


def test_a_calm_boundary_is_recognised_and_reacted_to(late_pizza):  # type: ignore[no-untyped-def]
    hot = replace(initial_state(late_pizza), anger=80.0)
    reaction = react(hot, late_pizza, (), "I want to help, but I need you to stop swearing at me.")
    assert reaction.reaction_key == "boundary"
    assert reaction.state.anger < 80 and reaction.state.patience_left == hot.patience_left
    rude = react(hot, late_pizza, (Move("rude", "shut up"),), "Stop shouting, shut up.")
    assert rude.reaction_key == "rude"


def test_an_offer_already_accepted_is_confirmed_again_not_refused(late_pizza):  # type: ignore[no-untyped-def]
    refund = Move("offer_solution", "refund", 0, 6, ("refund",))
    first = react(initial_state(late_pizza), late_pizza, (Move("apology", "sorry"), refund), "x")
    assert first.reaction_key == "good_offer" and "restitution" in first.state.met_needs
    again = react(first.state, late_pizza, (refund,), "x")
    assert again.reaction_key != "partial_offer"  # "That's something, but…" was said to the same refund
    assert again.state.anger < first.state.anger
    assert any("already accepted" in e.reason for e in again.effects)
