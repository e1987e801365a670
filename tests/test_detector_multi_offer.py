"""Several offers in one answer, negation kept to its own clause, and tag questions."""

from __future__ import annotations

import pytest

from simulator.content_files import load_detector
from simulator.detect import DetectionContext, Detector, OfferPhrases

CTX = DetectionContext(
    offers=(
        OfferPhrases("refund", ("refund",)),
        OfferPhrases("remake", ("in the oven", "fresh pizza")),
        OfferPhrases("report", ("formal report", "report it formally")),
        OfferPhrases("procedure", ("how the drinks get checked",)),
        OfferPhrases("coupon", ("coupon",), "compensation"),
    )
)
PRINTER = DetectionContext(offers=(OfferPhrases("swap", ("swap it", "new one from stock")),))


@pytest.fixture(scope="module")
def detector() -> Detector:
    return load_detector()


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("I'm refunding the order and the new one goes in the oven now.", "refund,remake"),
        ("I'll get a fresh pizza going now, and I'll also refund tonight's order.", "remake,refund"),
        (
            "I'm going to report it formally to head office and change how the drinks get checked.",
            "report,procedure",
        ),
        ("I'll refund it. I'll refund it today.", "refund"),
    ],
)
def test_every_offer_in_one_answer_is_cited_in_order(detector: Detector, text: str, ids: str) -> None:
    moves = [m for m in detector.detect(text, CTX) if m.move == "offer_solution"]
    assert len(moves) == 1
    move = moves[0]
    assert move.detail == tuple(ids.split(","))
    assert text[move.start : move.end] == move.evidence


def test_solution_and_compensation_ids_stay_apart(detector: Detector) -> None:
    got = {
        m.move: m.detail
        for m in detector.detect("I'll refund the order and give you a coupon for next time.", CTX)
    }
    assert got["offer_solution"] == ("refund",)
    assert got["compensation"] == ("coupon",)


@pytest.mark.parametrize(
    "text",
    [
        "If it still won't print I'll swap it for a brand new one from stock.",
        "you won't pay for tonight i'll refund it",
    ],
)
def test_negation_stays_in_its_clause(detector: Detector, text: str) -> None:
    moves = {m.move for m in detector.detect(text, CTX)} | {m.move for m in detector.detect(text, PRINTER)}
    assert "offer_solution" in moves


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("oh no sorry about that", "apology"),  # speech has no comma after "oh no": it negates nothing
        ("oh no i'm so sorry", "apology"),
        ("no problem i'll swap it for a new one", "offer_solution"),
    ],
)
def test_an_exclamation_or_set_phrase_with_no_negates_nothing(
    detector: Detector, text: str, move: str
) -> None:
    assert move in {m.move for m in detector.detect(text, PRINTER)}


@pytest.mark.parametrize(
    ("text", "harm"),
    [
        ("no i can't swap it you've opened the box", {"refusal", "blame"}),
        ("we won't refund it", {"refusal"}),
        ("not much i can do it says delivered", {"refusal"}),
    ],
)
def test_negated_offers_are_not_offers(detector: Detector, text: str, harm: set[str]) -> None:
    moves = {m.move for m in detector.detect(text, PRINTER)}
    assert "offer_solution" not in moves
    assert harm <= moves


@pytest.mark.parametrize(
    "text",
    [
        "so it's blank pages and a really noisy fan is that right",
        "you were charged twice, is that correct",
        "the flight was cancelled and the wedding is tomorrow, have I got that right",
    ],
)
def test_check_questions_restate_and_ask_nothing(detector: Detector, text: str) -> None:
    """A check on what the customer said ("…, is that right") is restate, as trainers mark it, not a question
    for a new fact, with or without a question mark."""
    moves = {m.move for m in detector.detect(text)}
    assert "restate" in moves
    assert "question" not in moves
    assert "question" not in {m.move for m in detector.detect(text + "?")}
