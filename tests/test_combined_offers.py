"""The judge's `combined offers` stage: a pair of offers the scenario defines (`combines`) is cited once."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from simulator.content_files import load_library
from simulator.detect.candidates import Candidate, Work
from simulator.detect.clauses import Clause
from simulator.detect.context import DetectionContext, OfferPhrases
from simulator.detect.context_stage import ContextIndex, stage_combined_offers
from simulator.detect.meaning import OFFER_FLOOR, OFFER_MARGIN
from simulator.play import detector_for

ROOT = Path(__file__).resolve().parents[1]
CONTEXT = DetectionContext(
    offers=(
        OfferPhrases("reverse_and_refund", ("reverse it and refund the fee",), combines=("reverse", "waive")),
        OfferPhrases("reverse", ("reverse the payment",)),
        OfferPhrases("waive", ("refund the fee",)),
        OfferPhrases("credit", ("goodwill credit",), kind="compensation"),
    )
)
TEXT = "I'll reverse the payment and refund the fee."


def offers_after(*cited: tuple[str, tuple[str, ...]]) -> tuple[Work, list[tuple[str, tuple[str, ...]]]]:
    work = Work(TEXT, (Clause(0, len(TEXT), TEXT),), np.zeros((1, 0), np.float32), [], [])
    for move, ids in cited:
        work.kept.append(Candidate(move, 0, 0, len(TEXT), "rule", "rule", 1.0, ids))
    stage_combined_offers(work, ContextIndex(CONTEXT, None))
    return work, [(c.move, c.detail) for c in work.kept]


def test_the_pair_heard_with_both_its_parts_is_cited_alone_and_the_trace_says_why() -> None:
    work, kept = offers_after(("offer_solution", ("reverse_and_refund", "reverse", "waive")))
    assert kept == [("offer_solution", ("reverse_and_refund",))]
    why = "offer reverse_and_refund makes reverse and waive together: cited once, as reverse_and_refund"
    assert [v.reason for v in work.trace] == [why, why]  # dropped as it was, kept as it is now


def test_parts_cited_on_another_candidate_of_the_move_are_dropped_with_it() -> None:
    _, kept = offers_after(
        ("offer_solution", ("reverse_and_refund",)),
        ("offer_solution", ("reverse", "waive")),
        ("compensation", ("credit",)),
    )
    assert kept == [("offer_solution", ("reverse_and_refund",)), ("compensation", ("credit",))]


def test_the_pair_with_only_one_part_or_the_parts_alone_are_left_as_they_are() -> None:
    assert offers_after(("offer_solution", ("reverse_and_refund", "reverse")))[1] == [
        ("offer_solution", ("reverse_and_refund", "reverse"))
    ]
    assert offers_after(("offer_solution", ("reverse", "waive")))[1] == [
        ("offer_solution", ("reverse", "waive"))
    ]


def test_the_bank_scenario_defines_its_pair_and_the_judge_sees_it() -> None:
    bank = load_library([ROOT / "scenarios"]).scenarios["bank-double-charge"]
    pair = next(o for o in DetectionContext.for_scenario(bank).offers if o.id == "reverse_and_refund")
    assert pair.combines == ("reverse_duplicate", "waive_fee")


def test_a_part_said_alone_is_named_by_meaning_although_its_pair_sounds_as_close() -> None:
    """The pair's phrasings hold its parts' words, so it sits near each part in meaning: it is no rival to
    them. Any other offer still is, and a pair named by meaning still has to beat its parts."""
    vectors = {
        "fee": [1.0, 0.0, 0.0],
        "pair": [0.97, 0.24, 0.0],
        "near": [0.97, 0.0, 0.24],
        "far": [0.0, 0.0, 1.0],
    }

    def embed(texts: object) -> np.ndarray:
        return np.array([vectors[str(t).split()[0]] for t in texts], dtype=np.float32)  # type: ignore[attr-defined]

    pair = ContextIndex(
        DetectionContext(
            offers=(
                OfferPhrases("both", ("pair both",), combines=("waive", "reverse")),
                OfferPhrases("waive", ("fee waived",)),
                OfferPhrases("reverse", ("far reversed",)),
            )
        ),
        embed,
    )
    said = embed(["fee"])[0]
    best = pair.offers.by_meaning(said, OFFER_FLOOR, OFFER_MARGIN)
    assert best is not None and best.id == "waive"
    rival = ContextIndex(
        DetectionContext(offers=(OfferPhrases("near", ("near it",)), OfferPhrases("waive", ("fee waived",)))),
        embed,
    )
    assert (
        rival.offers.by_meaning(said, OFFER_FLOOR, OFFER_MARGIN) is None
    )  # any other neighbour still blocks
    assert pair.offers.by_meaning(embed(["pair"])[0], OFFER_FLOOR, OFFER_MARGIN) is None  # pair vs its part


def test_the_fee_refunded_on_its_own_is_cited_as_the_fee_offer_in_the_bank_scenario() -> None:
    bank = load_library([ROOT / "scenarios"]).scenarios["bank-double-charge"]
    moves = detector_for(bank)("Fee's refunded too. Our fault, not yours.")
    assert [(m.move, m.detail) for m in moves if m.move == "offer_solution"] == [
        ("offer_solution", ("waive_fee",))
    ]
