"""The scenario author's reported failures, plus the filler / scenario-phrase rules."""

from __future__ import annotations

import logging

import pytest

from simulator.content_files import detect_moves
from simulator.detect import DetectionContext, OfferPhrases, PhraseSet


def moves(text: str, context: DetectionContext | None = None) -> set[str]:
    return {m.move for m in detect_moves(text, context)}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Please give me a chance to do everything I can to help.", {"reassure"}, set()),
        ("If it's in my power, I'll make it happen.", {"ask_preference", "reassure"}, {"dismissive"}),
        (
            "I'm so sorry. Your little boy, who is diabetic, was given regular cola.",
            {"apology"},
            {"question"},
        ),
        (
            "Could you walk me through the steps you took, so I don't make you repeat anything "
            "you've already done?",
            {"question"},
            {"refusal", "restate"},
        ),
        ("Okay, I'll go and get the manager for you.", {"escalate"}, set()),
        # generic offers: first person + remedy verb + object
        ("I can move you to a quiet sea view room", {"offer_solution"}, set()),
        ("I'm sending the priority team out to you", {"offer_solution"}, set()),
        ("I will file a formal incident report", {"offer_solution"}, set()),
        ("I'm opening a formal investigation", {"offer_solution"}, {"next_steps"}),
        ("I can raise a dispute", {"offer_solution"}, set()),
        ("I'll rebook you", {"offer_solution"}, set()),
        ("I'll reverse the charge", {"offer_solution"}, set()),
        ("I'll waive the fee", {"offer_solution"}, {"compensation"}),
        ("we're reconnecting you now", {"offer_solution"}, set()),
        # harmful lines that used to pass
        ("you've probably put the cartridges in wrong", {"blame"}, {"restate"}),
        ("you must have picked up the wrong jar", {"blame"}, set()),
        ("He was only joking, you're being a bit sensitive", {"dismissive"}, set()),
        ("Look, he's new, give him a break", {"defensive"}, set()),
        ("The closure was announced three weeks ago. You should read your emails.", {"blame"}, set()),
        ("If it's a medical emergency that's not our problem, call an ambulance.", {"refusal"}, set()),
        ("All our rooms are the same, madam. You booked the cheapest rate.", {"defensive", "blame"}, set()),
        ("The driver took a photo, so as far as we're concerned it was delivered.", {"defensive"}, set()),
        ("our records show it was delivered", {"defensive"}, set()),
        ("according to our system the line is fine", {"defensive"}, set()),
        ("you get what you pay for", {"dismissive"}, set()),
        # hostile lines that scored as good moves
        ("Sir, everyone on your street has no power, you're not special.", {"dismissive"}, {"restate"}),
        ("No, you're not getting anything. Read the terms.", {"refusal"}, {"restate"}),
        (
            "Are you sure you said diet? We're usually very careful.",
            {"blame", "defensive"},
            {"question", "restate"},
        ),
        ("Did you even read the manual?", {"blame"}, {"question"}),
        ("have you even tried restarting it", {"blame"}, {"question"}),
        # plain informative statements of what happens next
        ("The crew is on site and power should be back by six", {"next_steps"}, set()),
        ("Your refund will show in three to five days", {"next_steps"}, set()),
        ("The technician arrives tomorrow between eight and ten", {"next_steps"}, set()),
        # generic reflections and restatements
        ("that sounds really stressful", {"acknowledge"}, set()),
        ("I can imagine how worrying that is", {"acknowledge"}, set()),
        ("no wonder you're upset", {"acknowledge"}, set()),
        ("So what happened is the engineer never turned up.", {"restate"}, {"dismissive"}),
        ("you're saying that the charger stopped after a week", {"restate"}, set()),
        ("Let me make sure I've got this right: the parcel was left in the rain.", {"restate"}, set()),
    ],
)
def test_author_reported_cases(text: str, present: set[str], absent: set[str]) -> None:
    found = moves(text)
    assert present <= found, (text, detect_moves(text))
    assert not (absent & found), (text, detect_moves(text))


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("I can't refund it, but I can send a replacement today.", {"offer_solution"}, {"refusal"}),
        (
            "I'm sorry, I know it's frustrating, but I can't exchange it.",
            {"refusal"},
            {"apology", "acknowledge"},
        ),
        ("We don't do refunds on sale items, sorry.", {"refusal"}, {"apology"}),
        ("I'll call you back in an hour with an update.", {"follow_up"}, {"next_steps"}),
        ("I'll call the lab now and find out.", {"offer_solution"}, {"follow_up"}),
        ("It sounds like the update wiped it, which is really annoying.", set(), {"question"}),
        ("yeah no i totally get it", {"acknowledge"}, set()),
        ("I'll transfer you to my supervisor.", {"escalate"}, {"offer_solution"}),
        ("I'll give you a voucher.", {"compensation"}, {"offer_solution"}),
    ],
)
def test_generic_rules(text: str, present: set[str], absent: set[str]) -> None:
    found = moves(text)
    assert present <= found, (text, detect_moves(text))
    assert not (absent & found), (text, detect_moves(text))


ER = DetectionContext(key_details=(PhraseSet("er", ("the ER", "emergency room")),))


def test_filler_like_words_in_scenario_phrases_are_kept() -> None:
    (restate,) = [m for m in detect_moves("I'm so sorry he ended up in the ER.", ER) if m.move == "restate"]
    assert restate.detail == ("er",) and restate.evidence.endswith("the ER")
    assert "restate" in moves("sorry he ended up in the er", ER)
    # "the ER" must not collapse to "the" and match any "the".
    assert "restate" not in moves("I'm sorry about the wait.", ER)


def test_hesitations_still_dropped() -> None:
    assert "apology" in moves("im er really sorry")
    assert "question" in moves("um so er when did you order")
    (m,) = [m for m in detect_moves("um, I'm sorry") if m.move == "apology"]
    assert m.evidence == "I'm sorry"


def test_phrase_of_only_function_words_is_skipped_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    ctx = DetectionContext(offers=(OfferPhrases("bad", ("the", "a new one")),))
    with caplog.at_level(logging.WARNING):
        found = moves("I'll send the courier today", ctx)
    assert "only function words" in caplog.text
    assert "offer_solution" in found  # the generic offer, not the broken phrase
