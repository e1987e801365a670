"""The harm ease: some harmful moves' head-only thresholds lowered for the game, never under the rule one."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from test_judge_stages import bag_embed, keyword_heads, no_rules

from simulator.detect.heads import EASED_HARM, HARM_EASE
from simulator.detect.judge import Judge


def test_the_ease_lowers_only_the_eased_head_only_thresholds_never_below_the_rule_threshold() -> None:
    table = {"refusal": "order", "sarcasm": "week", "dismissive": "fault", "offer_solution": "refund"}
    heads = replace(
        keyword_heads(table),
        thresholds={"refusal": 0.35, "sarcasm": 0.85, "dismissive": 0.5, "offer_solution": 0.35},
        head_only={"refusal": 0.95, "sarcasm": 0.9, "dismissive": 0.95, "offer_solution": 0.5},
    )
    assert [heads.head_only_threshold(m) for m in heads.moves] == [0.95, 0.9, 0.95, 0.5]  # no ease by default
    eased = replace(heads, harm_ease=0.15, eased=frozenset({"refusal"}))
    assert [eased.head_only_threshold(m) for m in eased.moves] == [0.8, 0.9, 0.95, 0.5]
    assert eased.threshold("refusal") == 0.35  # a rule's move is judged as before
    both = replace(eased, eased=frozenset({"refusal", "sarcasm"}))
    assert both.head_only_threshold("sarcasm") == 0.85  # lowered 0.15, but never under the rule threshold


def test_the_game_eases_refusal_blame_and_sarcasm_not_the_moves_that_heard_thin_trainees_as_harm() -> None:
    # round 39 (docs/evaluation/DECISIONS_ROUND39.md): eased defensive, dismissive and rude heard thin
    # trainees' "We always try our best here." and good trainees' "Don't ring us first." as harm
    assert frozenset({"refusal", "blame", "sarcasm"}) == EASED_HARM
    table = {"blame": "fault", "sarcasm": "week", "defensive": "order", "dismissive": "when", "rude": "sorry"}
    heads = replace(keyword_heads(table), harm_ease=HARM_EASE, head_only=dict.fromkeys(table, 0.95))
    assert [heads.head_only_threshold(m) for m in heads.moves] == [0.8, 0.8, 0.95, 0.95, 0.95]


def test_a_refusal_only_the_head_hears_is_kept_once_it_clears_the_eased_threshold() -> None:
    # the head scores about 0.9 on a clause with its word: under 0.95, over 0.95 - 0.15
    heads = replace(
        keyword_heads({"refusal": "order"}),
        bias=np.full(1, -17.8),
        thresholds={"refusal": 0.5},
        head_only={"refusal": 0.95},
    )
    text = "The order stays as it is."
    strict = Judge(no_rules, bag_embed, heads).judge(text)
    assert strict.moves == ()
    assert any("needed for refusal with no rule's words" in v.reason for v in strict.trace)
    eased = Judge(no_rules, bag_embed, replace(heads, harm_ease=HARM_EASE)).judge(text)
    assert [m.move for m in eased.moves] == ["refusal"]
    kept = [v.reason for v in eased.trace if v.kept and v.candidate.move == "refusal"]
    assert kept == [
        f"head score 0.90 ≥ threshold {0.95 - HARM_EASE:.2f} (harm no rule's words support: "
        f"its head-only threshold lowered by {HARM_EASE:.2f})"
    ]
