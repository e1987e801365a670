"""The evaluation writers' scenario briefings: every scenario and offer, and none of the phrase lists."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import scenario_briefings  # noqa: E402


def test_briefings_name_every_offer_and_fact_but_quote_no_phrase_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert scenario_briefings.main([]) == 0
    text = capsys.readouterr().out
    described = scenario_briefings.offer_texts(ROOT / "corpus" / "holdout")
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert f"## {scenario['id']}:" in text
        for offer in scenario["offers"]:
            assert f"  - {offer['id']} (" in text
        for fact in scenario["facts"]:
            assert f"  - {fact['id']}: " in text
        extra = [p for phrases in (scenario.get("phrases") or {}).values() for p in phrases]
        listed = [p for o in scenario["offers"] for p in o["phrases"] if len(p.split()) >= 4]
        shown = " ".join([scenario["briefing"], *described.values()]).lower()  # what a trainee is told anyway
        leaked = [
            p
            for p in extra + listed
            if p.lower() in text.lower() and p.lower() not in " ".join(shown.split())
        ]
        assert not leaked, (scenario["id"], leaked)


def test_an_offer_no_holdout_described_falls_back_to_the_customers_reply(tmp_path: Path) -> None:
    scenario = yaml.safe_load((ROOT / "scenarios" / "late-pizza.yaml").read_text(encoding="utf-8"))
    lines = scenario_briefings.briefing(scenario, scenario_briefings.offer_texts(tmp_path))
    assert (
        "  - coupon (compensation): (the customer answers: A coupon's nice, but it doesn't fix tonight.)"
        in lines
    )
