"""Judge stages: harm beside other moves, offers that are only an extra or negated, misheard names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pytest
from test_judge_stages import bag_embed, keyword_heads, no_rules, sorry_order_judge

from simulator.detect.boundary import without_turned_down_offers
from simulator.detect.candidates import Work
from simulator.detect.context import DetectionContext, OfferPhrases
from simulator.detect.context_stage import OfferWords
from simulator.detect.heads import Heads
from simulator.detect.judge import Judge, stage_decide, stage_rules, window_spans
from simulator.detect.meaning import sounds_like_name
from simulator.moves import Move

Rules = Callable[[str, DetectionContext | None], tuple[Move, ...]]


def rule_on(move: str, words: str, detail: tuple[str, ...] = ()) -> Rules:
    """A stand-in rule detector: proposes `move` on `words` wherever they occur."""

    def rules(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        k = text.find(words)
        return (Move(move, words, k, k + len(words), detail),) if k >= 0 else ()

    return rules


def test_a_clause_kept_as_harm_makes_no_listening_or_empathy_move() -> None:
    heads = keyword_heads({"restate": "order", "sarcasm": "week", "apology": "sorry"})
    j = Judge(no_rules, bag_embed, heads).judge("Your order again this week? Sorry, that was the last order.")
    moves = {m.move for m in j.moves}
    assert "sarcasm" in moves and "apology" in moves  # the apology is its own clause
    dropped = [v for v in j.trace if v.stage == "harm alone" and not v.kept]
    assert [v.candidate.move for v in dropped] == ["restate"]
    assert "its clause is sarcasm" in dropped[0].reason
    calm = Judge(no_rules, bag_embed, heads).judge("Your order came late.")
    assert [m.move for m in calm.moves] == ["restate"]


def test_a_sarcastic_clause_offers_nothing_but_harm_of_another_kind_keeps_its_offer() -> None:
    heads = keyword_heads({"offer_solution": "refund", "sarcasm": "week", "dismissive": "order"})
    judge = Judge(no_rules, bag_embed, heads)
    mock = judge.judge("Oh I'll refund you every week of the week shall I?")
    assert [m.move for m in mock.moves] == ["sarcasm"]
    dropped = [v for v in mock.trace if v.stage == "harm alone" and v.candidate.move == "offer_solution"]
    assert dropped and dropped[0].reason.startswith("a mock offer: its clause is sarcasm (")
    # an offer its head hears more clearly than the sarcasm stays ("Well, I can offer you a voucher")
    plain = judge.judge("Oh I'll refund you the refund this week shall I?")
    assert {m.move for m in plain.moves} == {"offer_solution", "sarcasm"}
    # a refund offered in the same clause as a brush-off stays an offer (trainers mark both)
    brushed = judge.judge("I'll refund the order if that stops the fuss.")
    assert {m.move for m in brushed.moves} == {"offer_solution", "dismissive"}


def test_an_unnamed_fix_beside_a_named_extra_is_the_extra() -> None:
    context = DetectionContext(
        offers=(
            OfferPhrases("voucher", ("a voucher",), kind="compensation"),
            OfferPhrases("refund", ("refund the order",)),
        )
    )
    heads = keyword_heads({"offer_solution": "week", "compensation": "order"})
    judge = Judge(no_rules, bag_embed, heads)
    j = judge.judge("What I can do this week is a voucher off your next order.", context)
    assert [(m.move, m.detail) for m in j.moves] == [("compensation", ("voucher",))]
    assert any(v.stage == "offer kinds" and "the extra voucher" in v.reason for v in j.trace)
    both = judge.judge("I'll refund the order this week, and a voucher off your next order.", context)
    assert {m.move: m.detail for m in both.moves} == {
        "offer_solution": ("refund",),
        "compensation": ("voucher",),
    }


def test_a_negated_offer_rule_is_dropped_when_the_head_does_not_hear_an_offer() -> None:
    rules = rule_on("offer_solution", "we can offer")
    heads = keyword_heads({"offer_solution": "refund"}, threshold=0.9)  # 0.74 here: kept, but under 0.9
    j = Judge(rules, bag_embed, heads).judge("A month free isn't something we can offer.")
    assert j.moves == ()
    assert any(v.stage == "negation" and "negated ('isn't')" in v.reason for v in j.trace)
    plain = Judge(rules, bag_embed, heads).judge("A refund is something we can offer.")
    assert [m.move for m in plain.moves] == ["offer_solution"]


def test_an_offer_the_answer_names_only_to_turn_it_down_is_dropped_whatever_its_words() -> None:
    rules = rule_on("offer_solution", "free month", ("month",))
    heads = keyword_heads({"offer_solution": "refund"})
    judge = Judge(rules, bag_embed, heads)
    j = judge.judge("No. A free month isn't happening.")
    assert j.moves == ()
    assert any(v.stage == "negation" and "turned down" in v.reason for v in j.trace)
    kept = judge.judge("A free month is yours, and it won't happen again.").moves
    assert [m.move for m in kept] == ["offer_solution"]  # a promise, not a refusal of the offer
    words = "free month isn't happening, but I can add a pass"
    later = Judge(rule_on("offer_solution", words), bag_embed, heads).judge(f"A {words}.").moves
    assert [m.move for m in later] == ["offer_solution"]  # the pass, in the next clause, is not turned down


def test_a_second_offer_in_a_clause_busy_with_another_move_is_cited_too() -> None:
    context = DetectionContext(
        offers=(OfferPhrases("swap", ("replace it",)), OfferPhrases("report", ("incident report",)))
    )
    heads = keyword_heads({"offer_solution": "week", "escalate": "report"})
    j = Judge(no_rules, bag_embed, heads).judge(
        "I'll replace it this week. And I'll write an incident report for head office this week.", context
    )
    assert {m.move: m.detail for m in j.moves} == {"offer_solution": ("swap", "report"), "escalate": ()}


def test_a_fix_named_by_meaning_in_one_conjunct_is_cited_beside_an_extra_named_by_its_words() -> None:
    context = DetectionContext(
        offers=(
            OfferPhrases("refund", ("refund the payment",)),
            OfferPhrases("voucher", ("a voucher",), kind="compensation"),
        )
    )
    heads = keyword_heads({"offer_solution": "refund", "compensation": "order"})
    judge = Judge(no_rules, bag_embed, heads)
    j = judge.judge("What I can do is refund what you paid and pop a voucher on the order.", context)
    both = {"offer_solution": ("refund",), "compensation": ("voucher",)}
    assert {m.move: m.detail for m in j.moves} == both
    assert any("similar in meaning to 'refund the payment'" in v.reason for v in j.trace if v.kept)
    refused = judge.judge("I can't refund what you paid, but I'll pop a voucher on the order.", context)
    assert {m.move: m.detail for m in refused.moves} == {"compensation": ("voucher",)}


@pytest.mark.parametrize(
    ("heard", "name", "word"),
    [
        ("Hi-brand, sorry the pool was out for five days.", "Brad Kowalski", "brand"),
        ("Thank you for bearing with us, Mr. Ren.", "Tom Brennan", "Ren"),
        ("race, you've come in every morning for two years", "Grace Liu", "race"),
        ("Mr Al-Farsi, you've been charged twice", "Mohammed Al-Farsi", "Al-Farsi"),
        ("Please accept my apologies MS-LU. Nobody should be laughed at.", "Grace Liu", "LU"),
        ("Okay Mr. Dorsen, give me two seconds.", "Craig Dawson", "Dorsen"),  # alike in sound
        ("Mr. Law, I'm sorry you've been let down.", "Derek Lowe", "Law"),
    ],
)
def test_names_as_speech_recognition_spells_them(heard: str, name: str, word: str) -> None:
    hit = sounds_like_name(heard, name)
    assert hit is not None and heard[hit.start : hit.end] == word


@pytest.mark.parametrize(
    ("heard", "name"),
    [
        ("the race was on", "Grace Liu"),  # a clipped first sound only opens an answer
        ("We ran out of paper.", "Tom Brennan"),  # no title before it
        ("Mr Smith from the depot will call.", "Tom Brennan"),
        ("By law we have to keep the record.", "Derek Lowe"),  # alike in sound, but no title before it
    ],
)
def test_ordinary_words_are_not_heard_as_the_name(heard: str, name: str) -> None:
    assert sounds_like_name(heard, name) is None


def test_an_excuse_the_answer_then_takes_back_by_owning_the_fault_is_no_excuse() -> None:
    def rules(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        k = text.find("The till shows")
        return (Move("defensive", "The till shows", k, k + 14),) if k >= 0 else ()

    judge = Judge(rules, bag_embed, keyword_heads({"defensive": "order"}))
    owned = judge.judge("The till shows the order was diet. I'm not making excuses, it was our failure.")
    assert owned.moves == ()
    assert any(
        v.stage == "ownership" and "then owns the fault ('our failure')" in v.reason for v in owned.trace
    )
    excused = judge.judge("It was our failure. But the till shows the order was diet.")
    assert [m.move for m in excused.moves] == ["defensive"]  # owning first, then the excuse: still an excuse


def test_a_boundary_whose_consequence_is_its_own_clause_is_no_rudeness_unless_an_insult_follows() -> None:
    rules = rule_on("rude", "you idiot")
    heads = keyword_heads({"rude": "order"})
    judge = Judge(rules, bag_embed, heads)
    calm = judge.judge("Any more threats and I stop taking your order, simple as.")
    assert calm.moves == ()
    assert any(v.stage == "boundary" and "Any more threats and I" in v.reason for v in calm.trace)
    insult = judge.judge("Any more threats and I stop taking your order, you idiot.").moves
    assert [m.evidence for m in insult] == ["you idiot"]


def test_asking_for_quiet_is_a_boundary_only_with_a_customer_who_swore_insulted_or_threatened() -> None:
    heads = keyword_heads({"rude": "order"})
    judge = Judge(rule_on("dismissive", "no need to shout"), bag_embed, heads)
    text = "There's no need to shout at me about the order."
    upset = judge.judge(text, heard=("I've rung twice tonight and nobody answered!",))
    assert [m.move for m in upset.moves] == ["rude"]  # telling off an upset customer: rude, not dismissive
    assert any(v.stage == "boundary" and "upset, not abusive" in v.reason for v in upset.trace)
    abused = judge.judge(text, heard=("Fix it now or this counter's going through the window.",))
    assert abused.moves == ()
    assert any(v.stage == "boundary" and "'through the window'" in v.reason for v in abused.trace)
    assert judge.judge(text, heard=("you thieving b*****ds",)).moves == ()
    # only a rule's dismissal, no rudeness heard: it becomes the rudeness it is
    alone = Judge(rule_on("dismissive", "no need to shout"), bag_embed, keyword_heads({"rude": "week"}))
    assert [m.move for m in alone.judge(text, heard=("Where is it?",)).moves] == ["rude"]
    # a boundary on swearing or threats names the abuse itself: never rude, whatever the customer said
    swearing = Judge(no_rules, bag_embed, heads).judge("Please stop swearing about the order.", heard=("Hi",))
    assert swearing.moves == ()
    for line in ("What the hell is going on?", "You lot are cowboys."):  # upset, not abuse
        quiet = judge.judge("Lower your voice about the order, please.", heard=(line,))
        assert [m.move for m in quiet.moves] == ["rude"]


def test_the_contrast_after_an_apology_supports_the_harm_its_head_hears() -> None:
    heads = keyword_heads({"apology": "sorry", "defensive": "order", "offer_solution": "refund"})
    heads = replace(heads, head_only={"defensive": 1.01})  # the head alone could not keep the excuse
    judge = Judge(no_rules, bag_embed, heads)
    polite = judge.judge("I'm sorry, but the order system does that.")
    assert [m.move for m in polite.moves] == ["defensive"]  # and the apology is undone
    assert any(v.stage == "polite harm" and "after apology and 'but'" in v.reason for v in polite.trace)
    alone = judge.judge("I'm sorry. The order system does that.")
    assert [m.move for m in alone.moves] == ["apology"]  # no contrast: the head alone decides
    offer = judge.judge("I'm sorry, but I can refund the order.")
    assert {m.move for m in offer.moves} == {"apology", "offer_solution"}  # a redirection, not harm
    words = judge.judge("I understand this week, but the order system does that.")  # empathy unkept
    assert [m.move for m in words.moves] == ["defensive"]


def test_sorry_for_what_the_customer_feels_is_a_dismissive_non_apology_unless_the_head_vetoes_it() -> None:
    judge = sorry_order_judge()
    j = judge.judge("I'm sorry you feel the order was lost. I'll look into it.")
    assert [m.move for m in j.moves] == ["dismissive"]  # and the apology it seemed to make is dropped
    assert any(v.stage == "harm words" and "'sorry you feel'" in v.reason for v in j.trace)
    assert any(v.stage == "harm alone" and v.candidate.move == "apology" for v in j.trace)
    vetoed = judge.judge("I'm sorry you feel let down.")  # the head hears no dismissal: under its veto floor
    assert [m.move for m in vetoed.moves] == ["apology"]
    real = judge.judge("I'm sorry you were sent the wrong order.")
    assert [m.move for m in real.moves] == ["apology"]


def test_a_move_only_the_scenarios_own_phrases_find_is_the_authors_wording() -> None:
    def rules(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        found = [Move("apology", "sorry", 0, 5)]
        if context is not None and "refusal" in context.extra_phrases:
            found.append(Move("refusal", "she can't come down", 6, 25))
        return tuple(found)

    text = "sorry she can't come down"
    own = DetectionContext(extra_phrases=MappingProxyType({"refusal": ("she can't come down",)}))
    judge = Judge(rules, bag_embed, None)
    cands = stage_rules(window_spans(text), rules(text, own))
    assert judge.authored_moves(text, own, cands) == {"refusal"}
    apology_too = DetectionContext(extra_phrases=MappingProxyType({"apology": ("sorry",)}))
    assert (
        judge.authored_moves(text, apology_too, stage_rules(window_spans(text), rules(text, apology_too)))
        == set()
    )


def test_asking_the_customers_name_is_not_rude_on_a_heads_score_alone() -> None:
    heads = keyword_heads({"rude": "order"})
    j = Judge(no_rules, bag_embed, heads).judge("Who am I speaking to about this order?")
    assert not j.moves
    dropped = [v for v in j.trace if v.stage == "boundary" and not v.kept]
    assert dropped and "asks the customer's name ('Who am I speaking to')" in dropped[0].reason
    assert [m.move for m in Judge(no_rules, bag_embed, heads).judge("Sort your order out.").moves] == ["rude"]
    insult = Judge(rule_on("rude", "idiot"), bag_embed, heads).judge("Who am I speaking to, you idiot?")
    assert [m.move for m in insult.moves] == ["rude"]  # a rule's rudeness stays


def test_an_offer_turned_down_by_name_is_not_cited_beside_the_offer_made() -> None:
    context = DetectionContext(
        offers=(OfferPhrases("year", ("a free year",)), OfferPhrases("week", ("add a week",)))
    )
    rules = rule_on("offer_solution", "I can add a week")
    judge = Judge(rules, bag_embed, keyword_heads({"offer_solution": "week"}))
    for text in (
        "I can't do a free year, but I can add a week.",
        "i cant- i cant give you a free year um but I can add a week",
    ):
        assert {m.move: m.detail for m in judge.judge(text, context).moves} == {"offer_solution": ("week",)}
    both = judge.judge("I can add a week, or a free year if you prefer.", context).moves
    assert {m.move: set(m.detail) for m in both} == {"offer_solution": {"week", "year"}}
    assert without_turned_down_offers("I won't give you a free year.") == "I " + " " * 26 + "."
    # offers named and then turned down ("… isn't on the cards") name nothing, up to where their part begins
    cards = "Straight answer: a free year or a month isn't on the cards. I can add a week."
    assert {m.move: m.detail for m in judge.judge(cards, context).moves} == {"offer_solution": ("week",)}
    refused = "I can't refund it from here, but I can send a new one."
    assert without_turned_down_offers(refused) == "I" + " " * 26 + ", but I can send a new one."
    # the clause that turns an offer down is not that offer by meaning either
    refund, replace = OfferPhrases("refund", ("refund the order",)), OfferPhrases("replace", ("replace it",))
    offers = DetectionContext(offers=(refund, replace))
    other = Judge(no_rules, bag_embed, keyword_heads({"offer_solution": "refund"}))
    moves = other.judge("I can't stretch to a refund, but I can replace it.", offers).moves
    assert {m.move: m.detail for m in moves} == {"offer_solution": ("replace",)}
    kept = without_turned_down_offers("I can add a week, a free year isn't happening")
    assert kept.strip() == "I can add a week,"
    assert not without_turned_down_offers("a free year, or even a week, is off the table").strip()
    extra = Judge(
        rule_on("compensation", "voucher", ("voucher",)), bag_embed, keyword_heads({"compensation": "week"})
    )
    for text in ("A voucher doesn't answer that.", "I'll open an investigation, not a voucher."):
        j = extra.judge(text)
        assert j.moves == () and any("turned down or set aside" in v.reason for v in j.trace), text
    assert [m.move for m in extra.judge("I'll add a voucher.").moves] == ["compensation"]


def test_a_negator_does_not_reach_harm_that_opens_a_clause_of_its_own() -> None:
    rules = rule_on("blame", "you've probably put the wrong ones in")
    heads = keyword_heads({"blame": "fault"}, threshold=0.9)  # the head does not hear blame: only the rule
    run_on = "it's not a big deal you've probably put the wrong ones in"  # a transcript: one clause
    assert [m.move for m in Judge(rules, bag_embed, heads).judge(run_on).moves] == ["blame"]
    linked = "I'm not saying you've probably put the wrong ones in"  # "saying" carries the negator on
    j = Judge(rules, bag_embed, heads).judge(linked)
    assert j.moves == () and any(v.stage == "negation" for v in j.trace)


def test_blame_a_head_alone_heard_is_dropped_when_the_answer_owns_the_fault_elsewhere() -> None:
    judge = Judge(no_rules, bag_embed, keyword_heads({"blame": "when", "apology": "fault"}))
    owned = judge.judge("He said it was fine when you ordered. That's our fault.")
    assert [m.move for m in owned.moves] == ["apology"]
    assert any(v.stage == "ownership" and "owns the fault" in v.reason for v in owned.trace)
    assert [m.move for m in judge.judge("He said it was fine when you ordered.").moves] == ["blame"]


def test_an_offers_own_words_lower_the_heads_bar_only_where_they_are_said() -> None:
    text = "Thanks for your patience. I'll call you Friday about the investigation."
    windows = window_spans(text)
    assert len(windows) == 3  # two clauses and the whole answer
    n = 4
    heads = Heads(
        ("offer_solution",), np.zeros((n, 1)), np.zeros(1), np.zeros(n), np.ones(n),
        {"offer_solution": 0.3}, {"offer_solution": 0.05}, {}, head_only={"offer_solution": 0.65},
    )  # fmt: skip
    named = {"offer_solution": OfferWords("'investigation' of offer report", frozenset({1}))}

    def decide(scores: list[float]) -> list[tuple[int, str]]:
        work = Work(text, windows, np.zeros((3, 2), dtype=np.float32), [], [])
        stage_decide(work, [], np.array([[s] for s in scores]), heads, named)
        return [(c.window, c.move) for c in work.kept]

    assert decide([0.4, 0.1, 0.2]) == []  # the first clause names no offer: the head alone needs 0.65
    assert decide([0.4, 0.35, 0.2]) == [(1, "offer_solution")]  # where the offer's words are
    assert decide([0.1, 0.1, 0.35]) == [(2, "offer_solution")]  # or the whole answer
    assert decide([0.7, 0.1, 0.1]) == [(0, "offer_solution")]  # a head sure enough on its own


def test_an_offer_refused_with_its_own_verb_names_nothing_and_is_no_offer_beside_the_refusal() -> None:
    assert not without_turned_down_offers("I'm not refunding anything.").strip(" .")
    assert not without_turned_down_offers("we're not going to replace it").strip()
    kept = without_turned_down_offers("I won't ask you to check the plug again, I'll replace it.")
    assert kept.split() == ["I", ",", "I'll", "replace", "it."]
    assert without_turned_down_offers("I'll refund it now.") == "I'll refund it now."
    refund = DetectionContext(offers=(OfferPhrases("refund", ("refund the order",)),))
    heads = keyword_heads({"offer_solution": "refund", "refusal": "refund"})
    refused = Judge(no_rules, bag_embed, heads).judge("I'm not refunding anything.", refund)
    assert [m.move for m in refused.moves] == ["refusal"]
    assert any(v.stage == "negation" and "refusal of the offer" in v.reason for v in refused.trace)
    offered = Judge(no_rules, bag_embed, keyword_heads({"offer_solution": "refund"})).judge(
        "I'm refunding the order now.", refund
    )
    assert {m.move: m.detail for m in offered.moves} == {"offer_solution": ("refund",)}


def test_a_second_offer_joined_by_and_is_cited_by_a_clear_meaning_beside_the_first() -> None:
    context = DetectionContext(
        offers=(OfferPhrases("refund", ("refund the payment",)), OfferPhrases("swap", ("replace the order",)))
    )
    judge = Judge(no_rules, bag_embed, keyword_heads({"offer_solution": "week"}))
    # "replace it this week" is nearer the swap than the refund (cosine 0.5 against 0.0), under the floor
    j = judge.judge("I'll refund the payment this week and replace it this week.", context)
    assert {m.move: m.detail for m in j.moves} == {"offer_solution": ("refund", "swap")}
    assert any("swap: similar in meaning to 'replace the order'" in v.reason for v in j.trace if v.kept)
    # alone it is one clause, not a conjunct beside another offer: under the floor, it names no offer
    alone = judge.judge("I'll replace it this week.", context)
    assert {m.move: m.detail for m in alone.moves} == {"offer_solution": ()}
