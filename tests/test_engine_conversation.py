"""The Conversation object: turns, silence, interruptions, hot reload, determinism, JSON shape."""

from __future__ import annotations

from dataclasses import replace

from conftest import keyword_detect

from simulator.engine.conversation import INTERRUPT_EVIDENCE, Conversation


def test_start_is_idempotent_and_opening_is_a_scenario_line(late_pizza):  # type: ignore[no-untyped-def]
    conversation = Conversation(late_pizza, keyword_detect)
    first = conversation.start()
    assert conversation.start() is first
    assert first.text in late_pizza.lines.opening
    assert first.anger == late_pizza.customer.anger


def test_nothing_heard_is_not_scored(late_pizza):  # type: ignore[no-untyped-def]
    conversation = Conversation(late_pizza, keyword_detect)
    conversation.start()
    prompt = conversation.nothing_heard()
    assert prompt.reaction_key == "silence" and prompt.text
    assert len(conversation.turns) == 1 and conversation.state.turn == 0


def test_interrupt_is_recorded_and_angers(late_pizza):  # type: ignore[no-untyped-def]
    calm = Conversation(late_pizza, keyword_detect)
    rude = Conversation(late_pizza, keyword_detect)
    for c in (calm, rude):
        c.start()
    calm.respond("I'm sorry.")
    trainee, customer = rude.respond("I'm sorry.", interrupted=True)
    assert trainee.moves[0].move == "interrupt" and trainee.moves[0].evidence == INTERRUPT_EVIDENCE
    assert rude.anger > calm.anger
    assert customer.reaction_key == "interrupt"
    items = {i.move for i in rude.result().checklist if i.harmful}
    assert "interrupt" in items


def test_turns_after_the_end_are_ignored(late_pizza):  # type: ignore[no-untyped-def]
    conversation = Conversation(late_pizza, keyword_detect)
    conversation.start()
    conversation.respond("I'm so sorry Dana, I understand how frustrating this is.")
    conversation.respond("I'll refund it and call you tomorrow.")
    assert conversation.finished and conversation.outcome == "resolved"
    assert conversation.respond("anything else?") == []
    assert conversation.turns[-1].line_reason.endswith("the conversation ended: resolved")


def test_hot_reload_keeps_turns_and_uses_new_lines(late_pizza):  # type: ignore[no-untyped-def]
    conversation = Conversation(late_pizza, keyword_detect)
    conversation.start()
    conversation.respond("okay")
    reactions = dict(late_pizza.lines.reactions)
    reactions["apology"] = {"any": ("Edited line.",)}
    edited = replace(late_pizza, lines=replace(late_pizza.lines, reactions=reactions))
    conversation.reload(edited)
    _, customer = conversation.respond("I'm sorry.")
    assert len(conversation.turns) == 5 and customer.text == "Edited line."


def test_same_seed_same_lines(late_pizza):  # type: ignore[no-untyped-def]
    def transcript(seed: int) -> list[str]:
        c = Conversation(late_pizza, keyword_detect, seed=seed)
        c.start()
        c.respond("okay")
        c.respond("I'm sorry.")
        return [t.text for t in c.turns]

    assert transcript(3) == transcript(3)


def test_json_shape(late_pizza):  # type: ignore[no-untyped-def]
    conversation = Conversation(late_pizza, keyword_detect)
    conversation.start()
    conversation.respond("I'm sorry Dana.")
    customer, trainee = conversation.turns[0].as_json(), conversation.turns[1].as_json()
    assert set(customer) == {"speaker", "text", "anger"}
    assert set(trainee) == {"speaker", "text", "moves", "anger"}
    assert trainee["moves"][0] == {"move": "apology", "evidence": "sorry"}
