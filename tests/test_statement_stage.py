"""The judge's `statement` stage: a wh-cleft statement ("what happened is …") asks nothing."""

from __future__ import annotations

import pytest
from test_judge_harm_offers import rule_on
from test_judge_stages import bag_embed

from simulator.detect.judge import Judge
from simulator.detect.statement_stage import cleft_evidence


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("and what's going on is there's a crew out on the estate", "and what's going on is"),
        ("What happened is the new till didn't show the hold list.", "What happened is"),
        ("um so what i've got is the upstairs lounge same night", "um so what i've got is"),
        ("What we know is they were signed for at our door.", "What we know is"),
        ("So what's going on, is it the cable?", ""),  # a question after all
        ("What happened is that right?", ""),
        ("what time is the flight", ""),  # no verb of its own before "is"
        ("What happened? Is he okay?", ""),
        ("What happened is a mystery, can you tell me when you ordered?", ""),  # the sentence asks
    ],
)
def test_a_wh_cleft_statement_is_recognised_by_its_opening(text: str, opening: str) -> None:
    assert cleft_evidence(text) == opening


def test_a_question_found_where_a_cleft_statement_opens_is_dropped_and_says_why() -> None:
    judge = Judge(rule_on("question", "what's going on"), bag_embed, None)
    stated = judge.judge("and what's going on is there's a crew fixing it")
    assert stated.moves == ()
    dropped = [v for v in stated.trace if v.stage == "statement"]
    assert dropped and dropped[0].reason == "a statement built as 'and what's going on is …', not a question"
    asked = judge.judge("and what's going on with the lights?")
    assert [m.move for m in asked.moves] == ["question"]
