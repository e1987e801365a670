"""Scenario offers matched through remedy synonym classes (phrase data), without false offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content_files import load_detector, validate_phrase_pack
from simulator.detect import DetectionContext, Detector, OfferPhrases

CTX = DetectionContext(
    offers=(
        OfferPhrases("refund", ("full refund",)),
        OfferPhrases("kettle", ("replacement kettle",)),
        OfferPhrases("fee", ("waive the call-out fee",)),
        OfferPhrases("voucher", ("ten pound voucher",), "compensation"),
    )
)


@pytest.fixture(scope="module")
def detector() -> Detector:
    return load_detector()


def offers(detector: Detector, text: str, ctx: DetectionContext = CTX) -> dict[str, str]:
    return {
        m.move: ",".join(m.detail)
        for m in detector.detect(text, ctx)
        if m.move in ("offer_solution", "compensation", "ask_preference", "refusal")
    }


@pytest.mark.parametrize(
    ("text", "move", "offer"),
    [
        ("I'll reimburse you straight away.", "offer_solution", "refund"),
        ("Don't worry, I'll pay you back today.", "offer_solution", "refund"),
        ("I can put the money back on your card.", "offer_solution", "refund"),
        ("I'll swap it for a new kettle today.", "offer_solution", "kettle"),
        ("Shall I send you a brand new kettle?", "offer_solution", "kettle"),
        ("I can drop the call-out fee for you.", "offer_solution", "fee"),
        ("We're not going to charge you the call-out fee.", "offer_solution", "fee"),
        ("Let me give you a coupon for next time.", "compensation", "voucher"),
    ],
)
def test_synonyms_match_the_scenario_offer(detector: Detector, text: str, move: str, offer: str) -> None:
    found = offers(detector, text)
    assert found.get(move) == offer, found


def test_evidence_stays_an_exact_slice(detector: Detector) -> None:
    text = "Honestly, I'll pay you back today, no question."
    (m,) = [m for m in detector.detect(text, CTX) if m.move == "offer_solution"]
    assert text[m.start : m.end] == m.evidence and m.detail == ("refund",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I can't reimburse you, I'm afraid.", {"refusal": ""}),
        ("We won't be paying you back for that.", {"refusal": ""}),
        ("Nobody is going to reimburse you for that.", {"refusal": ""}),
        ("Would you like your money back?", {"ask_preference": ""}),
        ("Do you want a refund?", {"ask_preference": ""}),
        ("Would you like a refund or shall we swap it?", {"ask_preference": ""}),
        ("I don't think we can swap it.", {}),
        ("Is it the kettle that needs swapping?", {}),
    ],
)
def test_no_false_offers(detector: Detector, text: str, expected: dict[str, str]) -> None:
    assert offers(detector, text) == expected


def test_two_offers_of_one_class_need_their_own_words(detector: Detector) -> None:
    ctx = DetectionContext(
        offers=(
            OfferPhrases("delivery", ("refund the delivery fee",)),
            OfferPhrases("order", ("refund the whole order",)),
        )
    )
    assert offers(detector, "I'll pay back the whole order.", ctx) == {"offer_solution": "order"}
    assert offers(detector, "I'll reimburse the delivery fee.", ctx) == {"offer_solution": "delivery"}


def test_a_pack_can_add_a_remedy_class(tmp_path: Path) -> None:
    pack = tmp_path / "laundry.yaml"
    pack.write_text(
        'version: 1\nremedies:\n  reclean: ["reclean*", "clean (it|them) again", "redo the (wash|clean)"]\n',
        encoding="utf-8",
    )
    assert validate_phrase_pack(pack) == []
    ctx = DetectionContext(offers=(OfferPhrases("reclean", ("reclean the suit",)),))
    text = "I'll clean it again, the suit will be ready tomorrow."
    assert offers(load_detector(), text, ctx) == {}
    assert offers(load_detector([pack]), text, ctx) == {"offer_solution": "reclean"}


def test_bad_remedy_pattern_is_located(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text('version: 1\nremedies:\n  oops: ["(refund"]\n', encoding="utf-8")
    (err,) = validate_phrase_pack(pack)
    assert ":3:" in err and "remedies.oops[0]" in err and "unclosed" in err
