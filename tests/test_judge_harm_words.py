"""The `harm words` stage: set phrases (hedged apologies, hurried closes, deflections, hindsight advice)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from playthroughs import library
from test_judge_stages import bag_embed, keyword_heads, no_rules, sorry_order_judge

from simulator.detect.harm_words import harm_words
from simulator.detect.judge import Judge
from simulator.play import detector_for


@pytest.mark.parametrize(
    ("text", "rule_id", "words"),
    [
        (
            "We apologise for any inconvenience this may have caused.",
            "hedged stock apology",
            "apologise for any inconvenience this may have caused",
        ),
        (
            "sorry for any trouble that might have caused you",
            "hedged stock apology",
            "sorry for any trouble that might have caused",
        ),
        (
            "I'm sorry if this has caused you any inconvenience.",
            "hedged stock apology",
            "sorry if this has caused",
        ),
        (
            "To be honest, I'm not sure what you expected.",
            "not sure what you expected",
            "not sure what you expected",
        ),
        (
            "i'm not sure what else u want me to say",
            "not sure what you expected",
            "not sure what else u want",
        ),
        ("Noted. Anything else? I've got a queue.", "hurried close", "Anything else? I've got a queue"),
        (
            "anything else cos there's people waiting",
            "hurried close",
            "anything else cos there's people waiting",
        ),
        ("It'll turn up when it turns up.", "it'll turn up when it turns up", "It'll turn up when it turns"),
        (
            "they'll get here when they get here",
            "it'll turn up when it turns up",
            "they'll get here when they get",
        ),
    ],
)
def test_the_words_that_brush_a_customer_off_are_found_where_they_are_said(
    text: str, rule_id: str, words: str
) -> None:
    [(phrase, said)] = harm_words(text)
    assert (phrase.rule_id, said.group(0)) == (rule_id, words)
    assert phrase.backed_by  # every kind says which labelled segments back it


@pytest.mark.parametrize(
    "text",
    [
        "Sorry for any inconvenience caused.",  # a plain stock apology: thin, not dismissive (LABELLING.md)
        "I'm so sorry for all the trouble this has caused you.",
        "Is there anything else I can help you with today?",  # a plain close once the matter is settled
        "Anything else you need, just ask, there's no rush.",
        "I'm not sure what time it will arrive, so let me check.",
        "I'm not sure what you were told, but you should have had a call.",
        "It'll turn up by Friday, and I'll ring you when it does.",
        "We've got a queue of engineers ready for the morning.",
        "I'm just going to run the numbers on the desk computer.",
        "It usually takes a day to show up on your statement.",
        "Next time you're in, ask for me and I'll sort it straight away.",
        "For next time, I've put a note on your booking so the sea view is guaranteed.",
    ],
)
def test_sincere_look_alikes_are_no_harm_words(text: str) -> None:
    assert harm_words(text) == []


def test_harm_words_are_kept_as_their_move_unless_the_head_vetoes_it() -> None:
    judge = sorry_order_judge()
    j = judge.judge("Sorry for any order trouble this may have caused.")
    assert [m.move for m in j.moves] == ["dismissive"]  # and the apology it seemed to make is dropped
    [verdict] = [v for v in j.trace if v.stage == "harm words"]
    assert verdict.kept and "hedged stock apology" in verdict.reason and "veto floor 0.30" in verdict.reason
    assert any(v.stage == "harm alone" and v.candidate.move == "apology" for v in j.trace)
    vetoed = judge.judge("Sorry for any inconvenience this may have caused.")  # head under its veto floor
    assert [m.move for m in vetoed.moves] == ["apology"]
    assert not any(v.stage == "harm words" for v in vetoed.trace)


def test_harm_words_add_nothing_where_their_move_is_already_made_and_are_vetoed_across_clauses() -> None:
    heads = keyword_heads({"dismissive": "order", "defensive": "week"})
    heads = replace(heads, head_only={"dismissive": 1.01, "defensive": 1.01}, vetoes={"dismissive": 0.9})
    judge = Judge(no_rules, bag_embed, heads)
    # the hurry is in the next clause: the veto asks every clause the words span
    j = judge.judge("Noted, anything else? There's a queue for the order.")
    [verdict] = [v for v in j.trace if v.stage == "harm words"]
    assert verdict.candidate.move == "dismissive" and "hurried close" in verdict.reason
    assert judge.judge("Anything else? There's a queue.").moves == ()  # no clause's head hears it
    made = Judge(
        no_rules, bag_embed, replace(heads, head_only={"defensive": 1.01}, vetoes={"dismissive": 0.3})
    )
    # the head alone already keeps dismissive here: the set phrase adds nothing
    again = made.judge("Sorry for any order mix-up this may have caused.")
    assert [v.stage for v in again.trace if v.candidate.move == "dismissive" and v.kept] == ["heads"]


def test_own_clause_words_are_vetoed_by_their_clause_alone_and_skipped_beside_any_harm() -> None:
    heads = keyword_heads({"apology": "sorry", "dismissive": "order", "defensive": "week"})
    heads = replace(heads, head_only={"dismissive": 1.01, "defensive": 0.5}, vetoes={"dismissive": 0.3})
    judge = Judge(no_rules, bag_embed, heads)
    heard = judge.judge("I'm sorry you feel the order was late.")
    assert [m.move for m in heard.moves] == ["dismissive"]
    [verdict] = [v for v in heard.trace if v.stage == "harm words"]
    assert "regret for the customer's view" in verdict.reason
    # the whole answer hears dismissal ("order"), its own clause does not: the words' clause decides
    own = judge.judge("I'm sorry you feel let down. The order is on its way.")
    assert not any(v.stage == "harm words" for v in own.trace)
    # the clause already makes a harmful move (defensive, by its head): non-apology's words add nothing
    beside = judge.judge("Sorry you feel the order was slow this week.")
    assert not any(v.stage == "harm words" for v in beside.trace)
    assert "defensive" in {m.move for m in beside.moves}


@pytest.mark.parametrize(
    ("scenario", "text"),
    [
        ("power-outage-callback", "We apologise for any inconvenience this may have caused."),
        ("late-pizza", "I'm not sure what you expected on a Friday night, to be honest."),
        ("lost-parcel", "Okay, it's logged. Anything else? I've got a queue."),
    ],
)
def test_the_shipped_judge_hears_a_brush_off_as_dismissive(scenario: str, text: str) -> None:
    moves = {m.move for m in detector_for(library().scenarios[scenario])(text)}
    assert "dismissive" in moves and "apology" not in moves and "acknowledge" not in moves


@pytest.mark.parametrize(
    ("scenario", "text", "move"),
    [
        ("hotel-room", "For future reference, it's always worth ringing ahead to confirm the view.", "blame"),
        (
            "broken-printer",
            "I just work the help desk, I don't really deal with the printer side of things.",
            "defensive",
        ),
    ],
)
def test_the_shipped_judge_hears_deflection_and_hindsight_advice(scenario: str, text: str, move: str) -> None:
    assert move in {m.move for m in detector_for(library().scenarios[scenario])(text)}


def test_the_shipped_judge_leaves_a_plain_close_alone() -> None:
    detect = detector_for(library().scenarios["lost-parcel"])
    moves = {
        m.move for m in detect("I've sent the replacement. Is there anything else I can help you with today?")
    }
    assert "dismissive" not in moves
