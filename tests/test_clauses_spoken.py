"""Clause splitting of unpunctuated transcripts, and offers named in a next-steps clause."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.detect.candidates import Candidate, Work
from simulator.detect.clauses import split_clauses
from simulator.detect.context import DetectionContext, OfferPhrases
from simulator.detect.context_stage import ContextIndex, stage_context
from simulator.detect.judge import window_spans


def texts(text: str) -> list[str]:
    return [c.text for c in split_clauses(text)]


def test_a_long_transcript_is_cut_where_a_new_clause_opens() -> None:
    heard = (
        "yeah no that's really not on i'm sorry and look if it's happened before i get it "
        "you'd be sick of it like you shouldn't have to check every receipt"
    )
    clauses = texts(heard)
    assert len(clauses) >= 3
    assert any(c.startswith("and look") for c in clauses)
    assert any(c.startswith("i get it") for c in clauses)


def test_and_stays_with_the_clause_it_opens() -> None:
    heard = "let me get a new one started now in the allergen kitchen and i'll text you the minute it's ready"
    assert texts(heard) == [
        "let me get a new one started now in the allergen kitchen",
        "and i'll text you the minute it's ready",
    ]


@pytest.mark.parametrize(
    "heard",
    [
        "oh gosh i'm so sorry about all of this",  # "so" as an intensifier opens nothing
        "what time did you put the order through",  # a wh-question keeps its auxiliary
        "can you tell me how long the light has been flashing",
        "have a look at the receipt for me",  # "look at" is a verb here
        "i'll sort the refund out in the meantime",  # "in the meantime" ending a clause opens nothing
    ],
)
def test_openers_inside_one_clause_do_not_cut_it(heard: str) -> None:
    assert texts(heard) == [heard]


@pytest.mark.parametrize(
    ("heard", "question"),
    [
        ("aye fair enough that's not on what was in the parcel", "what was in the parcel"),
        (
            "i can swap it for a new one from the back today um is there any error coming up on the screen",
            "is there any error coming up on the screen",
        ),
        (  # as a recogniser punctuates one breath: a comma, then the question
            "Thanks for giving me the chance to put it right, what was in the parcel?",
            "what was in the parcel?",
        ),
        ("I'm sorry it's been such a wait, did you check any bags in?", "did you check any bags in?"),
        (  # "in the meantime" opens the question it leads into
            "I'll get her on the phone, and in the meantime what did they charge you today?",
            "and in the meantime what did they charge you today?",
        ),
    ],
)
def test_a_question_asked_in_the_same_breath_is_a_clause_of_its_own(heard: str, question: str) -> None:
    assert texts(heard)[-1] == question


@pytest.mark.parametrize(
    "heard",
    [
        "i know what was going on with the order that night",  # an embedded question, not a new one
        "tell me what was in the parcel and i'll trace it",
    ],
)
def test_an_embedded_wh_clause_stays_in_its_sentence(heard: str) -> None:
    assert not any(c.startswith("what was") for c in texts(heard))


def test_punctuated_text_is_cut_only_by_its_punctuation_and_the_usual_markers() -> None:
    typed = "I know how much this matters to you, I can see it. Honestly, thank you for waiting."
    assert texts(typed) == [
        "I know how much this matters to you",
        "I can see it.",
        "Honestly, thank you for waiting.",
    ]


def test_an_offer_named_in_a_next_steps_clause_is_cited_with_the_offer_move() -> None:
    context = DetectionContext(
        offers=(
            OfferPhrases("report", ("incident report",)),
            OfferPhrases("procedure", ("change how we check the drinks",)),
        )
    )
    text = "I'm writing an incident report today and we'll change how we check the drinks tonight"
    windows = window_spans(text)
    assert len(windows) == 3
    offer = Candidate("offer_solution", 0, 0, windows[0].end, "head", "head score 0.99", 0.99)
    plan = Candidate("next_steps", 1, windows[1].start, windows[1].end, "head", "head score 0.94", 0.94)
    work = Work(text, windows, np.zeros((len(windows), 0), np.float32), [offer, plan], [])
    stage_context(work, ContextIndex(context, None), semantic=False)
    cited = {c.move: c.detail for c in work.kept}
    assert cited["offer_solution"] == ("report", "procedure")
    alone = Work(text, windows, np.zeros((len(windows), 0), np.float32), [plan], [])
    stage_context(alone, ContextIndex(context, None), semantic=False)
    assert [(c.move, c.detail) for c in alone.kept] == [("next_steps", ())]  # no offer move: nothing added


def test_an_offer_named_in_a_clause_that_makes_no_move_is_cited_with_the_offer_move() -> None:
    context = DetectionContext(
        offers=(OfferPhrases("remake", ("remake",)), OfferPhrases("refund", ("money back",)))
    )
    text = "I'll remake it now. Money back on this one too."
    windows = window_spans(text)
    offer = Candidate("offer_solution", 0, 0, windows[0].end, "head", "head score 0.99", 0.99)
    refusal = Candidate("refusal", 1, windows[1].start, windows[1].end, "head", "head score 0.90", 0.9)
    work = Work(text, windows, np.zeros((len(windows), 0), np.float32), [offer], [])
    stage_context(work, ContextIndex(context, None), semantic=False)
    assert [c.detail for c in work.kept if c.move == "offer_solution"] == [("remake", "refund")]
    # a clause that makes a move of its own ("no money back") does not present the offer
    work = Work(text, windows, np.zeros((len(windows), 0), np.float32), [offer, refusal], [])
    stage_context(work, ContextIndex(context, None), semantic=False)
    assert [c.detail for c in work.kept if c.move == "offer_solution"] == [("remake",)]
