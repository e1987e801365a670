"""Words that rule a harm out, and offers the answer names by their own words, in the judge's stages."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_judge_stages import DIM, bag_embed, keyword_heads, no_rules

from simulator.content_files import default_detector
from simulator.detect.boundary import (
    cleared_moves,
    exoneration_evidence,
    greeting_only,
    parting_only,
    reconsider_after_refusal,
    stock_courtesy_only,
)
from simulator.detect.context import DetectionContext, OfferPhrases
from simulator.detect.features import RULE_FEATURES
from simulator.detect.judge import Judge, Judgement, window_spans
from simulator.detect.stack import AnswerStage
from simulator.moves import Move


@pytest.mark.parametrize(
    ("text", "cleared"),
    [
        ("you shouldn't have to check every receipt", "you shouldn't have to"),
        ("You should not have had to ring three times.", "You should not have had to"),
        ("You haven't done anything wrong here.", "You haven't done anything wrong"),
        ("None of this is on you.", "None of this is on you"),
        ("That was not your fault at all.", "was not your fault"),
        ("You booked a sea view and you should have had it.", "you should have had it"),
        ("you should've been told about the closure", "you should've been told"),
        ("You should have checked the date.", ""),
        ("You should have got the form in sooner.", ""),
        ("You should have had your reference ready.", ""),
        ("you should have had a call back this morning", "you should have had a call"),
        ("It was your fault for not reading it.", ""),
        ("The label says two for nine, so that's what you should have paid.", "what you should have paid"),
        ("You should have paid on time.", ""),
        ("You were right all along, Mr Whitmore.", "You were right all along"),
        ("You were right, but it was late.", ""),
    ],
)
def test_words_that_clear_the_customer_are_recognised(text: str, cleared: str) -> None:
    assert exoneration_evidence(text) == cleared


def test_owning_the_fault_and_clearing_the_customer_rule_out_different_harms() -> None:
    assert cleared_moves("That's on us.") == {"defensive", "blame"}
    # clearing the customer is no blame, and no rudeness or dismissal unless a rule's words find it
    assert cleared_moves("You did nothing wrong.") == {"blame", "rude", "dismissive"}
    assert cleared_moves("Nobody should have to put up with that.") == {"blame", "rude", "dismissive"}
    assert cleared_moves("The system does that automatically.") == frozenset()


@pytest.mark.parametrize(
    ("move", "keyword", "clearing", "harmful"),
    [
        ("blame", "fault", "None of this is your fault.", "It was your fault."),
        # sympathy that clears the customer is no rudeness on a head's score alone
        ("rude", "order", "Nobody should have to wait that long for an order.", "Wait for your order."),
    ],
)
def test_a_clause_that_clears_the_customer_is_no_harm_a_head_heard_and_says_why(
    move: str, keyword: str, clearing: str, harmful: str
) -> None:
    judge = Judge(no_rules, bag_embed, keyword_heads({move: keyword}))
    cleared = judge.judge(clearing)
    assert cleared.moves == ()
    assert any(v.stage == "ownership" and "clears the customer" in v.reason for v in cleared.trace)
    assert [m.move for m in judge.judge(harmful).moves] == [move]


def hearing_everywhere(move: str, word: str) -> Judge:
    """A judge with no rules whose one head hears `move` in every clause, whatever its words (`word` only
    names the head's feature): what a boundary stage must clear when a head alone is wrong."""
    return Judge(no_rules, bag_embed, replace(keyword_heads({move: word}), bias=np.array([6.0])))


def boundary_reasons(judged: Judgement) -> list[str]:
    """Why the boundary stage cleared each candidate it dropped, in the judge's own words."""
    return [v.reason for v in judged.trace if v.stage == "boundary"]


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("Reception, hello.", True),
        ("Hi there, good evening!", True),
        ("Morning.", True),
        ("Right. Okay.", False),  # deadpan "Right. Okay." can be sarcasm
        ("Hello?", False),  # "hello? are you listening?" can talk down
        ("Hello, you idiot.", False),
        ("Good luck with that.", False),
    ],
)
def test_a_clause_that_only_greets_is_recognised(text: str, greets: bool) -> None:
    assert greeting_only(text) is greets


def test_a_clause_that_only_greets_is_no_harm_a_head_heard() -> None:
    judge = hearing_everywhere("defensive", "fault")
    greeted = judge.judge("Reception, hello.")
    assert greeted.moves == ()
    why = "the clause only greets ('Reception, hello.')"
    assert why in boundary_reasons(greeted)
    assert [m.move for m in judge.judge("Hello, well, that's how it is.").moves] == ["defensive"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Have a lovely rest of your day.", True),
        ("Okay, well, have a lovely rest of your day.", True),
        ("okay have a nice day", True),
        ("Enjoy the rest of your evening.", True),
        ("Take care.", True),
        ("Okay, bye now.", True),
        ("Okay. Have a good day, sir.", True),
        ("Okay, well, sorry again, and have a lovely day.", True),  # the courtesy repeated on the way out
        ("Well, sorry again, and I hope the rest of your morning goes better.", True),
        ("Sorry for the wait. Have a nice day.", False),  # an apology of its own: its own clause
        ("Lovely, well, enjoy the rest of your day then.", False),  # sarcasm in training
        ("Have a lovely day, genius.", False),
        ("Have a seat and let me work.", False),
        ("Have a great workout!", True),  # a wish for what comes next
        ("okay have a good swim", True),
        ("Have a nice life.", False),  # a brush-off, not a wish
        ("Have a free guest round on us.", False),
        ("Hope that helps, have a great day!", True),  # a stock courtesy on the way out (round 37)
        ("I hope that helps a little.", True),
        ("Sorry again, I hope that helps a bit.", True),
        ("Hope that helps, genius.", False),
        ("We don't do refunds, hope that helps.", False),
    ],
)
def test_a_clause_that_only_takes_leave_is_recognised(text: str, parts: bool) -> None:
    assert parting_only(text) is parts


def test_a_clause_that_only_takes_leave_is_no_harm_a_head_heard() -> None:
    judge = hearing_everywhere("sarcasm", "fault")
    parted = judge.judge("Have a lovely rest of your day.")
    assert parted.moves == ()
    why = "the clause only takes leave ('Have a lovely rest of your day.')"
    assert why in boundary_reasons(parted)
    assert [m.move for m in judge.judge("Lovely, well, enjoy the rest of your day then.").moves] == [
        "sarcasm"
    ]


@pytest.mark.parametrize(
    ("text", "stock"),
    [
        ("Sorry for any inconvenience caused.", True),
        ("I'm sorry for any inconvenience this has caused.", True),
        ("Yes, I do apologise for the inconvenience.", True),
        ("Okay. Well, sorry again for the trouble.", True),
        ("Anyway, apologies, and have a nice day.", True),  # before a leave-taking
        ("my apologies for the delay, sir", True),
        ("Hopefully that helps a little.", True),
        ("Hopefully the next one's better.", True),
        ("Sorry for any inconvenience this may have caused.", False),  # hedged: a non-apology (LABELLING.md)
        ("Sorry if this has caused you any inconvenience.", False),
        ("Sorry for the inconvenience, but you should have checked.", False),  # undone by what follows
        ("Sorry for the inconvenience, genius.", False),
        ("Sorry you feel that way.", False),
        ("Well, sorry.", False),  # no stock complement: left to the rules and heads
        ("Hopefully you'll read the terms next time.", False),
    ],
)
def test_a_clause_that_only_says_a_stock_apology_or_hope_is_recognised(text: str, stock: bool) -> None:
    assert stock_courtesy_only(text) is stock


def test_a_stock_apology_is_no_harm_a_head_heard_but_a_hedged_one_stays_open() -> None:
    judge = hearing_everywhere("dismissive", "sorry")
    plain = judge.judge("Sorry for any inconvenience caused.")
    assert plain.moves == ()
    why = "the clause is only a stock courtesy ('Sorry for any inconvenience caused.'), a thin one, not harm"
    assert why in boundary_reasons(plain)
    hedged = judge.judge("Sorry for any inconvenience this may have caused.")
    assert [m.move for m in hedged.moves] == ["dismissive"]


@pytest.mark.parametrize(
    ("text", "heard", "presses"),
    [
        ("Are you sure?", "I don't want a free coffee. I want someone to say sorry.", True),
        ("Oh, you sure?", "No thanks, I'm not interested in vouchers.", True),
        ("Are you sure?", "I asked for diet twice.", False),  # doubting what happened: blame stays possible
        ("Are you sure you pressed it all the way in?", "I don't want a new one.", False),
        ("Are you sure?", "", False),
    ],
)
def test_are_you_sure_after_a_refusal_is_recognised(text: str, heard: str, presses: bool) -> None:
    assert reconsider_after_refusal(text, [heard] if heard else []) is presses


def test_are_you_sure_after_a_refusal_is_no_blame_a_head_heard() -> None:
    judge = hearing_everywhere("blame", "fault")
    pressed = judge.judge("Are you sure?", heard=("I don't want a free coffee.",))
    assert pressed.moves == ()
    why = "'Are you sure?' presses an offer the customer just turned down"
    assert why in boundary_reasons(pressed)
    doubted = judge.judge("Are you sure?", heard=("I asked for diet twice.",))
    assert [m.move for m in doubted.moves] == ["blame"]


def test_an_offer_the_answer_names_by_its_words_is_judged_like_a_rules_move() -> None:
    heads = replace(keyword_heads({"offer_solution": "week"}), head_only={"offer_solution": 1.01})
    judge = Judge(no_rules, bag_embed, heads)
    context = DetectionContext(offers=(OfferPhrases("extend", ("add a week",)),))
    named = judge.judge("I'll add a whole week on for you.", context)
    assert [(m.move, m.detail) for m in named.moves] == [("offer_solution", ("extend",))]
    assert any("the answer names 'add a week' of offer extend" in v.reason for v in named.trace)
    # without the offer's words, the head alone must clear the (here unreachable) head-only threshold
    assert judge.judge("I'll see you next week.", context).moves == ()
    # an offer's words spread over two clauses of a restatement name nothing ("you booked a sea view, and
    # you've been put in a room" is no "sea view room")
    assert judge.judge("You wanted to add things. It took a week.", context).moves == ()


def test_an_insult_beside_a_boundary_is_still_rude() -> None:
    def insult(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        at = text.find("you idiot")
        return (Move("rude", "you idiot", at, at + 9),) if at >= 0 else (Move("rude", text, 0, len(text)),)

    judge = Judge(insult, bag_embed, None)
    assert [m.move for m in judge.judge("Don't you talk to me like that, you idiot.").moves] == ["rude"]
    calm = judge.judge("I won't be spoken to like that.")
    assert calm.moves == () and any(v.stage == "boundary" for v in calm.trace)


def test_a_rule_word_inside_a_second_boundary_is_part_of_it() -> None:
    """A rule's "back off" is rude alone ("back off, mate"); "back off the counter" asks for room, like "step
    back from the counter", and a first boundary in the clause ("No swearing") does not leave it out (round
    26: a good trainee's spoken answer was heard as rude and the abusive customer walked out)."""

    def back_off(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        at = text.lower().find("back off")
        return (Move("rude", "back off", at, at + 8),) if at >= 0 else ()

    judge = Judge(back_off, bag_embed, None)
    calm = judge.judge("No swearing, no, and back off the counter a wee bit.")
    assert calm.moves == ()
    assert any(v.stage == "boundary" and "No swearing" in v.reason for v in calm.trace)
    assert [m.move for m in judge.judge("No swearing, and back off, mate.").moves] == ["rude"]


def test_an_insult_quoted_in_a_boundary_is_no_insult_unless_another_follows() -> None:
    """A boundary ("Please don't call me an idiot") quotes the insult it refuses (round 26: a rule's "idiot"
    made it rude); "Don't call me an idiot, you moron" still insults."""

    def idiot(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        at = text.find("idiot")
        return (Move("rude", "idiot", at, at + 5),) if at >= 0 else ()

    judge = Judge(idiot, bag_embed, None)
    assert judge.judge("Please don't call me an idiot.").moves == ()
    assert [m.move for m in judge.judge("Don't call me an idiot, you moron.").moves] == ["rude"]


def test_each_clause_carries_the_rule_flags_of_its_own_words() -> None:
    calls = []

    def every_match(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        # like Detector.detect_all: every match, the preferred one of each move first
        calls.append(text)
        found = [(text.find(w), w) for w in ("i hear you", "nightmare") if w in text]
        return tuple(Move("acknowledge", w, at, at + len(w)) for at, w in found)

    judge = Judge(every_match, bag_embed, None)
    text = "ok i hear you, i know it's been a nightmare"
    windows = window_spans(text)
    rows, _, rules = judge.feature_rows(text, windows, DetectionContext(), ())
    assert rows is not None and len(windows) == 3
    flag = DIM + RULE_FEATURES.index("rule:acknowledge")
    assert rows[:, flag].tolist() == [1.0, 1.0, 1.0]
    assert [c.move for c in rules] == ["acknowledge"] and calls == [text]  # one candidate, one pass


def test_the_detector_lists_every_match_and_picks_the_preferred_one() -> None:
    detector = default_detector()
    text = "I hear you. Honestly, I hear you, it's been awful."
    every = [m for m in detector.detect_all(text) if m.move == "acknowledge"]
    assert len(every) >= 2 and every[0].start < every[1].start
    assert [m for m in detector.detect(text) if m.move == "acknowledge"] == every[:1]


def test_the_answer_stage_keeps_an_apology_its_head_heard_when_the_answer_owns_the_fault() -> None:
    never = AnswerStage(np.zeros((4, 1)), np.array([-10.0]), np.zeros(4), np.ones(4), {"apology": 0.5})
    heads = replace(keyword_heads({"apology": "sorry"}), answer=never)
    owned = Judge(no_rules, bag_embed, heads).judge("So sorry. This one's on us.")
    assert [m.move for m in owned.moves] == ["apology"]
    kept = [v.reason for v in owned.trace if v.stage == "answer" and v.kept]
    assert kept and kept[0].startswith("the answer owns the fault ('This one's on us')")
    # the same head score without the fault owned: the answer stage decides as usual
    assert Judge(no_rules, bag_embed, heads).judge("So sorry. Leave it with us.").moves == ()
