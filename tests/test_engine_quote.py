"""Debrief quotes are whole phrases, never cut mid-phrase; tips have one wording everywhere."""

from __future__ import annotations

from simulator.engine.quote import LIMIT, quote
from simulator.engine.tips import TIPS


def test_a_quote_runs_to_the_end_of_the_phrase() -> None:
    said = "I'm sorry. Would you like to wait here or have it delivered? I can do either."
    assert (
        quote(said, "Would you like to wait here or") == "Would you like to wait here or have it delivered?"
    )
    assert quote(said, "sorry", 4, 9) == "I'm sorry"
    assert quote("", "anything") == "anything" and quote(said, "not in it") == "not in it"


def test_a_long_phrase_is_cut_at_words_around_the_evidence() -> None:
    said = "so " + "really " * 40 + "I am sorry about the pizza " + "and everything " * 30
    got = quote(said, "I am sorry")
    assert "I am sorry" in got and len(got) <= LIMIT + 30
    assert got.startswith("… ") and got.endswith(" …")
    assert all(word in said.split() or word == "…" for word in got.split())


def test_the_html_report_uses_the_games_tips() -> None:
    import simulator.report.session_html as report

    assert report.TIPS is TIPS
