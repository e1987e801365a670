"""Scores and the debrief checklist from whole conversations (with a transparent keyword detector)."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from conftest import keyword_detect

from simulator.engine import scoring
from simulator.engine.conversation import Conversation
from simulator.moves import Move

MODEL = [
    "I'm so sorry Dana, I understand how frustrating this is. I'll make this right.",
    "So it came an hour late. What time did you order?",
    "First I'll refund the whole order, then remake it, and I'll call you when it leaves.",
]
MEDIOCRE = ["Sorry about that. What happened?", "Okay. I can refund it.", "Anything else?"]
HOSTILE = ["Calm down.", "It's the driver's fault.", "Not my problem."]


def play(scenario, script):  # type: ignore[no-untyped-def]
    conversation = Conversation(scenario, keyword_detect)
    conversation.start()
    for text in script:
        conversation.respond(text)
    return conversation, conversation.result()


def test_model_beats_mediocre_beats_hostile(late_pizza):  # type: ignore[no-untyped-def]
    _, model = play(late_pizza, MODEL)
    _, mediocre = play(late_pizza, MEDIOCRE)
    _, hostile = play(late_pizza, HOSTILE)
    assert model.outcome == "resolved" and model.passed
    assert model.scores.overall >= mediocre.scores.overall + 20
    assert mediocre.scores.overall >= hostile.scores.overall + 10
    assert hostile.outcome != "resolved" and not hostile.passed
    for step in ("listening", "empathy", "resolution"):
        assert getattr(model.scores, step) > getattr(hostile.scores, step)


def test_checklist_quotes_evidence_and_tips_for_misses(late_pizza):  # type: ignore[no-untyped-def]
    _, result = play(late_pizza, ["Sorry about that.", "Here's a coupon.", "okay"])
    by_move = {item.move: item for item in result.checklist}
    assert by_move["apology"].hit and by_move["apology"].evidence == "Sorry about that"  # the whole phrase
    assert not by_move["restate"].hit and "Say their problem back" in by_move["restate"].tip
    assert by_move["apology"].turn_index == 1
    assert result.tips, "a mediocre trainee gets something to try next"


def test_harmful_moves_listed_with_evidence(late_pizza):  # type: ignore[no-untyped-def]
    _, result = play(late_pizza, HOSTILE)
    harmful = {i.move: i for i in result.checklist if i.harmful}
    assert set(harmful) >= {"dismissive", "blame"}
    assert harmful["dismissive"].evidence == "Calm down"
    assert result.tips[0].startswith("Dismissed their feelings")


def test_gift_before_fix_earns_less_than_after(late_pizza):  # type: ignore[no-untyped-def]
    _, before = play(late_pizza, ["Here's a coupon.", "I'm so sorry, I'll refund it."])
    _, after = play(late_pizza, ["I'm so sorry, I'll refund it.", "And here's a coupon."])
    comp_before = next(i for i in before.checklist if i.move == "compensation")
    assert comp_before.hit
    assert after.scores.resolution > before.scores.resolution


def test_weight_overrides_and_channel(late_pizza):  # type: ignore[no-untyped-def]
    assert scoring.weights_for(late_pizza)["escalate"] == 0
    phone = replace(late_pizza, channel="phone", weights=MappingProxyType({"name": 0.0}))
    weights = scoring.weights_for(phone)
    assert weights["follow_up"] > scoring.DEFAULT_WEIGHTS["follow_up"]
    _, result = play(phone, MODEL)
    assert "name" not in {i.move for i in result.checklist}
    emphasis = scoring.step_emphasis(late_pizza)
    assert abs(sum(emphasis.values()) - 1) < 0.01


def test_excessive_offers_cost_points(late_pizza):  # type: ignore[no-untyped-def]
    generous = replace(
        late_pizza, offers=tuple(replace(o, excessive=o.id == "refund") for o in late_pizza.offers)
    )
    _, fair = play(late_pizza, MODEL)
    _, lavish = play(generous, MODEL)
    assert lavish.scores.resolution < fair.scores.resolution


def test_pass_needs_success_outcome_and_mark(late_pizza):  # type: ignore[no-untyped-def]
    high = scoring.Scores(90, 90, 90, 90)
    assert scoring.passed(late_pizza, high, "resolved")
    assert not scoring.passed(late_pizza, high, "walked_out")
    assert not scoring.passed(late_pizza, scoring.Scores(10, 10, 10, 10), "resolved")


def test_a_step_switched_off_is_left_out_of_overall(late_pizza):  # type: ignore[no-untyped-def]
    resolution_off = {m: 0.0 for m in scoring.MOVES_BY_STEP["resolution"]}
    apology_only = replace(late_pizza, weights=MappingProxyType(resolution_off))
    _, result = play(apology_only, MODEL)
    assert result.scores.resolution == 100
    assert all(i.step != "resolution" for i in result.checklist)


def test_a_successful_escalation_on_the_first_turn_passes_unless_it_harms(late_pizza):  # type: ignore[no-untyped-def]
    asked_for_manager = replace(late_pizza, success_outcomes=("resolved", "escalated"))
    polite = scoring.TraineeTurn(
        1, "Of course, I'll call her down now.", (Move("escalate", "call her down"),)
    )
    rude = scoring.TraineeTurn(
        1, "Fine, I'll get her, stop whining.", (Move("escalate", "get her"), Move("rude", "stop whining"))
    )
    kept = scoring.score(asked_for_manager, [polite], "escalated")
    assert scoring.passed(asked_for_manager, kept, "escalated")
    assert kept.listening >= scoring.ESCALATION_STEP_FLOOR  # no turn to listen in: the floor, not zero
    harmed = scoring.score(asked_for_manager, [rude], "escalated")
    assert not scoring.passed(asked_for_manager, harmed, "escalated")
    unasked = scoring.score(late_pizza, [polite], "escalated")  # escalating is not a success here
    assert unasked.listening < scoring.ESCALATION_STEP_FLOOR and not scoring.passed(
        late_pizza, unasked, "escalated"
    )
