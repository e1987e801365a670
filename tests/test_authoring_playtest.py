"""Playtest: moves with evidence, rules fired, line choice, and the /commands, scripted line by line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from simulator.authoring.playtest import Playtest, parse_sets, run_playtest
from simulator.errors import UserError
from simulator.scenario.model import Scenario

Detect = Callable[[str], tuple]  # type: ignore[type-arg]


def play(playtest: Playtest, lines: list[str]) -> str:
    out: list[str] = []
    feed = iter(lines)
    assert run_playtest(playtest, lambda: next(feed, None), out.append) == 0
    return "\n".join(out)


def test_answer_shows_moves_rules_and_line_choice(late_pizza: Scenario, fake_detect: Detect) -> None:
    out = play(Playtest(late_pizza, fake_detect), ["I'm sorry. Your pizza was an hour late."])
    assert '  move: apology "sorry"' in out
    assert '  move: restate [an_hour_late] "an hour late"' in out
    assert "  anger 70 -> 53 (-17.0):" in out
    assert "    apology          -10.0  helps" in out
    assert "    restate           -7.0  helps" in out
    assert "  line [reaction]: scenario line for 'apology' at anger band 'upset' \"" in out
    assert "Dana Whitfield: Well, I appreciate that. It's been a rotten evening." in out


def test_set_state_undo_restart(late_pizza: Scenario, fake_detect: Detect) -> None:
    playtest = Playtest(late_pizza, fake_detect)
    out = play(
        playtest, ["/set anger=90 patience=1", "/state", "It's the driver's fault.", "/undo", "/state"]
    )
    assert "  anger 90.0 (band furious; accepts at 40 or below)" in out
    assert "  patience left 1 of 4; turn 0 of 8" in out
    assert '  line [ending]: the conversation ended: walked_out "' in out
    assert "(undid \"It's the driver's fault.\")" in out
    assert playtest.conversation.state.anger == 90 and playtest.conversation.state.outcome is None
    out = play(playtest, ["/restart", "/state"])
    assert "  anger 70.0 (band angry; accepts at 40 or below)" in out


def test_start_events_and_finished_conversation(late_pizza: Scenario, fake_detect: Detect) -> None:
    playtest = Playtest(
        late_pizza, fake_detect, start=[("say", "I'm so sorry, I understand."), ("anger", "30")]
    )
    out = play(playtest, ["I can give you a refund.", "Hello?", "/state"])
    assert "You: I'm so sorry, I understand." in out
    assert "  ended: resolved; scores" in out
    assert "(the conversation ended: resolved; /undo or /restart)" in out
    assert "  offers made: refund" in out
    out = play(playtest, ["/restart", "/state"])
    assert "  anger 30.0" in out  # the start point survives /restart


def test_lines_and_help_and_unknown(late_pizza: Scenario, fake_detect: Detect) -> None:
    out = play(
        Playtest(late_pizza, fake_detect), ["/lines apology", "/lines endings", "/lines nope", "/help", "/x"]
    )
    assert "  furious  (scenario) Sorry? You're sorry? We've been waiting since six!" in out
    assert "  resolved (scenario): Okay. Thank you for sorting it out. I'll give you another chance." in out
    assert "  (no lines for 'nope'; try one of: opening, endings," in out
    assert "/undo             take back the last answer or /set" in out
    assert "  (unknown command /x; /help lists them)" in out


def test_quit_stops_reading(late_pizza: Scenario, fake_detect: Detect) -> None:
    out = play(Playtest(late_pizza, fake_detect), ["/quit", "I'm sorry."])
    assert out.endswith("bye")


@pytest.mark.parametrize("item", ["anger", "anger=hot", "mood=3", "anger=101"])
def test_bad_sets(item: str) -> None:
    with pytest.raises(UserError):
        parse_sets([item])
