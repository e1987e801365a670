"""Interactive terminal role-play: read answers, show the customer's reactions, end with a debrief."""

from __future__ import annotations

from collections.abc import Callable

from simulator.cli import textview
from simulator.engine.conversation import Conversation, Result
from simulator.engine.utterance import clean_utterance
from simulator.errors import UserError

QUIT_WORDS = frozenset({"/quit", "/exit", "/q"})


def practice(
    conversation: Conversation,
    read: Callable[[str], str],
    write: Callable[[str], None],
    on_turn: Callable[[Conversation], None] = lambda _: None,
) -> Result | None:
    """Run the role-play; returns the result, or None when the trainee quits early."""
    scenario = conversation.scenario
    write(textview.briefing(scenario))
    write("\nType your answer and press Enter. /quit to stop.")
    write(textview.customer_turn(scenario, conversation.start()))
    on_turn(conversation)
    while not conversation.finished:
        try:
            raw = read("\nYou: ")
        except EOFError:
            conversation.abandon()
            write("\n(Input ended; the conversation was abandoned.)")
            return None
        if raw.strip().lower() in QUIT_WORDS:
            conversation.abandon()
            write("(You left the conversation.)")
            return None
        try:
            text = clean_utterance(raw)
        except UserError as exc:
            write(f"  ({exc})")
            continue
        before = conversation.anger
        try:
            trainee, customer = conversation.respond(text)
        except Exception as exc:  # one answer never ends the session
            write(f"  (That answer could not be analysed ({type(exc).__name__}); try other words.)")
            continue
        try:
            on_turn(conversation)
        except Exception as exc:  # saving problems are reported, the role-play goes on
            write(f"  (This turn was not saved: {exc or type(exc).__name__})")
        write(textview.trainee_feedback(trainee, before))
        write(textview.customer_turn(scenario, customer))
    return conversation.result()
