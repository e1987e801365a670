"""Move detector: each move, the trainers' traps, transcripts, evidence offsets and context."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from simulator.content_files import default_detector, detect_moves, load_detector
from simulator.detect import DetectionContext, OfferPhrases, PhraseSet
from simulator.moves import TEXT_MOVES


def moves(text: str, context: DetectionContext | None = None) -> set[str]:
    return {m.move for m in detect_moves(text, context)}


POSITIVE = [
    ("restate", "So the pizza arrived an hour late and it was cold."),
    ("restate", "If I understand correctly, the printer stopped after the update."),
    ("restate", "what I'm hearing is that nobody called you back"),
    ("restate", "It sounds like you waited all evening for nothing."),
    ("question", "When did you place the order?"),
    ("question", "can you tell me what happened"),
    ("question", "when did you order"),
    ("question", "Could you walk me through the steps you tried?"),
    ("acknowledge", "I understand how frustrating that is."),
    ("acknowledge", "You're right to be annoyed."),
    ("acknowledge", "That must have been scary."),
    ("acknowledge", "I'd be upset too."),
    ("acknowledge", "I hear you."),
    ("apology", "I'm sorry."),
    ("apology", "I apologise for the delay."),
    ("apology", "I apologize for the delay."),
    ("apology", "My apologies."),
    ("apology", "Sorry about that."),
    ("apology", "We're sorry this happened."),
    ("thanks", "Thank you for letting us know."),
    ("thanks", "Thanks for your patience."),
    ("reassure", "Let me make this right."),
    ("reassure", "I'll do everything I can."),
    ("reassure", "I'm going to sort this out for you."),
    ("reassure", "We'll get this fixed."),
    ("offer_solution", "I can send a new pizza right now."),
    ("offer_solution", "I'll refund your order."),
    ("offer_solution", "Let me replace it."),
    ("ask_preference", "What would you like us to do?"),
    ("ask_preference", "What would make this right for you?"),
    ("ask_preference", "Would you prefer a refund or a replacement?"),
    ("next_steps", "First I'll cancel the old order, then I'll put a new one through."),
    ("next_steps", "Here's what happens next."),
    ("next_steps", "I'm logging it now and the technician will call you."),
    ("follow_up", "I'll call you back tomorrow."),
    ("follow_up", "I'll email you once it's done."),
    ("follow_up", "Here's my direct number."),
    ("follow_up", "I'll check in with you on Friday."),
    ("compensation", "I'd like to give you a voucher for your next order."),
    ("compensation", "Your next pizza is on the house."),
    ("compensation", "I can take 20% off the bill."),
    ("compensation", "We'll add bonus points to your account."),
    ("compensation", "I can offer you a free dessert."),
    ("escalate", "Let me get my manager."),
    ("escalate", "I'll bring in my supervisor."),
    ("escalate", "I'm going to escalate this to our specialist team."),
    ("blame", "You should have checked the order."),
    ("blame", "That's the driver's fault."),
    ("blame", "It's the kitchen's problem, not mine."),
    ("defensive", "It's not my fault."),
    ("defensive", "I'm just doing my job."),
    ("defensive", "We did nothing wrong."),
    ("defensive", "That's not how it happened."),
    ("dismissive", "Calm down."),
    ("dismissive", "It's not a big deal."),
    ("dismissive", "Relax."),
    ("dismissive", "Whatever."),
    ("sarcasm", "Well excuse me for trying."),
    ("sarcasm", "Oh great, another one."),
    ("sarcasm", "Sure, because we love ruining dinners."),
    ("sarcasm", "Congratulations."),
    ("sarcasm", "Good luck with that."),
    ("refusal", "There's nothing I can do."),
    ("refusal", "That's our policy."),
    ("refusal", "I can't help you."),
    ("refusal", "No refunds."),
    ("rude", "Shut up."),
    ("rude", "Not my problem."),
    ("rude", "Are you deaf?"),
]


@pytest.mark.parametrize(("move", "text"), POSITIVE)
def test_each_move_positive(move: str, text: str) -> None:
    assert move in moves(text), (text, detect_moves(text))


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("I'm not sorry.", {"defensive"}, {"apology"}),
        ("I can't refund that.", {"refusal"}, {"offer_solution"}),
        ("i cannot refund your order", {"refusal"}, {"offer_solution"}),
        ("There's nothing I can do.", {"refusal"}, {"reassure", "offer_solution"}),
        ("I'm sorry you feel that way.", {"dismissive"}, {"apology"}),
        ("Sorry if you were offended.", {"dismissive"}, {"apology"}),
        ("Sorry, but you should have checked.", {"blame"}, {"apology"}),
        ("I understand, but that's our policy.", {"refusal"}, {"acknowledge"}),
        ("Oh wonderful, another complaint.", {"sarcasm"}, set()),
        ("Well sorry for existing.", {"sarcasm"}, {"apology"}),
        ("Oh thanks a lot.", {"sarcasm"}, {"thanks"}),
        ("Thanks a lot for nothing.", {"sarcasm"}, {"thanks"}),
        ("Sorry to hear that.", {"apology"}, {"acknowledge"}),  # regret that it happened (LABELLING.md)
        ("What do you want me to do about it?", set(), {"question", "ask_preference"}),
        ("Who do you think you are?", {"rude"}, {"question"}),
        ("How was I supposed to know?", {"defensive"}, {"question"}),
        ("If I understand correctly, it was late.", {"restate"}, {"acknowledge"}),
        ("I won't call you back.", set(), {"follow_up"}),
        ("I can't get my manager.", set(), {"escalate"}),
        ("We don't give vouchers.", {"refusal"}, {"compensation"}),
        ("Thanks to you I'm late now.", set(), {"thanks"}),
        ("I'm sorry, I'll send a new pizza right away.", {"apology", "offer_solution"}, set()),
        ("Would you like me to send a new one?", {"offer_solution"}, {"question"}),
        ("Oh dear, a barista laughed. I'll call the police, shall I?", {"sarcasm"}, set()),
        ("Sorry if the voucher came across wrong.", {"dismissive"}, {"apology"}),
        ("Plenty of people would be glad of the six ten.", {"dismissive"}, set()),
        ("Sorry, I only started on Monday.", {"defensive"}, set()),
        ("Third, I call you back with the result.", {"follow_up"}, set()),
        ("Did anyone call you to say it was cancelled?", {"question"}, {"follow_up"}),
        # round 12's holdout, read in round 13: polite and quiet harm, emphatic apologies, bare requests
        ("Noon? That's loads of time, you're worrying over nothing.", {"dismissive"}, set()),
        ("I'm afraid a free month is out of the question.", {"refusal"}, set()),
        ("Fine, no voucher then. Heaven forbid we try to help.", {"sarcasm"}, set()),
        ("Is it possible you paid it twice by accident?", {"blame"}, set()),
        ("You're a grown man, you can find a sandwich.", {"rude"}, set()),
        ("You don't look like an idiot at all, this is on us.", set(), {"rude"}),
        ("We do apologise for the wait.", {"apology"}, set()),
        ("Your booking reference, please?", {"question"}, set()),
        ("It'll be ready when it's ready.", {"dismissive"}, set()),
    ],
)
def test_traps(text: str, present: set[str], absent: set[str]) -> None:
    found = moves(text)
    assert present <= found, (text, detect_moves(text))
    assert not (absent & found), (text, detect_moves(text))


def test_sorry_but_evidence_covers_whole_span() -> None:
    text = "Sorry, but you should have checked."
    (blame,) = [m for m in detect_moves(text) if m.move == "blame"]
    assert blame.evidence == "Sorry, but you should have checked"
    assert blame.start == 0


def test_sorry_then_next_sentence_but_is_undone() -> None:
    found = moves("I'm sorry. But that's the driver's fault.")
    assert "blame" in found and "apology" not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("um im really sorry about that uh what time did you order", {"apology", "question"}),
        ("i am so sorry i dont know how that happened let me make it right", {"apology", "reassure"}),
        ("you know i i totally understand how annoying that is", {"acknowledge"}),
        ("so like if i understand you correctly the driver never showed up", {"restate"}),
        ("we will get this sorted and ill call you back tomorrow", {"reassure", "follow_up"}),
        ("i do not care", {"rude"}),
        ("its not my fault", {"defensive"}),
        ("there is nothing i can do sorry", {"refusal"}),
        ("I Am Sorry", {"apology"}),
        ("I’m sorry – that’s on us.", {"apology"}),
    ],
)
def test_transcript_style(text: str, expected: set[str]) -> None:
    assert expected <= moves(text), (text, detect_moves(text))


def test_evidence_is_exact_original_slice_in_order() -> None:
    text = "Um, I'm SO sorry about that!  When did you order?  I'll call you back tomorrow."
    found = detect_moves(text)
    assert [m.move for m in found] == sorted(
        (m.move for m in found), key=lambda mv: next(x.start for x in found if x.move == mv)
    )
    for m in found:
        assert text[m.start : m.end] == m.evidence
    by_move = {m.move: m for m in found}
    assert by_move["apology"].evidence == "I'm SO sorry about that"
    assert by_move["question"].evidence.startswith("When did you order")
    assert by_move["follow_up"].evidence.startswith("I'll call you back")
    assert len({m.move for m in found}) == len(found)


def test_contraction_evidence_covers_whole_written_word() -> None:
    text = "It isn't my fault."
    (m,) = [m for m in detect_moves(text) if m.move == "defensive"]
    assert m.evidence == "It isn't my fault"


NAME_CTX = DetectionContext(customer_name="Dana Whitfield")


@pytest.mark.parametrize(
    "text",
    [
        "Dana, I'm sorry.",
        "I'm sorry, Ms Whitfield.",
        "thanks mrs whitfield",
        "DANA WHITFIELD, let me help",
        "ok dana so when did you order",
    ],
)
def test_name_with_context(text: str) -> None:
    assert "name" in moves(text, NAME_CTX)


def test_name_needs_context_and_match() -> None:
    assert "name" not in moves("Dana, I'm sorry.")
    assert "name" not in moves("Whitfield is a town.", NAME_CTX)
    assert "name" not in moves("I'm sorry.", DetectionContext(customer_name=""))
    assert "name" in moves("Sorry Mr Patel", DetectionContext(customer_name="Mr Patel"))


PIZZA = DetectionContext(
    customer_name="Dana",
    key_details=(
        PhraseSet("late", ("an hour late", "hour late", "took an hour")),
        PhraseSet("cold", ("cold",)),
    ),
    offers=(
        OfferPhrases("refund", ("refund", "money back")),
        OfferPhrases("new_pizza", ("new pizza", "fresh pizza", "another pizza")),
        OfferPhrases("coupon", ("coupon", "voucher"), kind="compensation"),
    ),
    extra_phrases=MappingProxyType({"acknowledge": ("ruined (your|the) evening",), "bogus_move": ("x",)}),
)


def test_restate_with_key_details() -> None:
    found = {m.move: m for m in detect_moves("So your pizza turned up an hour late and cold?", PIZZA)}
    assert found["restate"].detail == ("late", "cold")
    text = "I'm so sorry the pizza was an hour late."
    found = {m.move: m for m in detect_moves(text, PIZZA)}
    assert found["restate"].detail == ("late",)
    assert text[found["restate"].start : found["restate"].end] == found["restate"].evidence


def test_detail_mentioned_in_question_is_restate() -> None:
    found = {m.move: m for m in detect_moves("it came cold?", PIZZA)}
    assert found["restate"].detail == ("cold",)


def test_bare_detail_statement_is_not_restate() -> None:
    assert "restate" not in moves("We ran out of ice cubes. It happens when it's cold.", PIZZA)


def test_scenario_offers_carry_offer_id() -> None:
    found = {
        m.move: m
        for m in detect_moves("I can send you a fresh pizza and give you a voucher for next time.", PIZZA)
    }
    assert found["offer_solution"].detail == ("new_pizza",)
    assert found["compensation"].detail == ("coupon",)
    found = {m.move: m for m in detect_moves("I'll get your money back to you today.", PIZZA)}
    assert found["offer_solution"].detail == ("refund",)


def test_negated_scenario_offer_is_not_an_offer() -> None:
    found = moves("I can't give you your money back.", PIZZA)
    assert "offer_solution" not in found and "refusal" in found


def test_extra_phrases_are_merged() -> None:
    assert "acknowledge" not in moves("Sounds like it ruined your evening.")
    assert "acknowledge" in moves("Sounds like it ruined your evening.", PIZZA)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\xff",
        "?!?!...,,,",
        "🙂🙂🙂",
        "a" * 100_000,
        "sorry " * 20_000,
        "um " * 30_000,
        ("so " * 5000) + "?",
        "Mr." * 1000,
    ],
)
def test_junk_and_huge_inputs_never_raise(text: str) -> None:
    result = detect_moves(text)
    assert isinstance(result, tuple)
    for m in result:
        assert text[m.start : m.end] == m.evidence
    if not text.strip():
        assert result == ()


def test_detect_moves_rejects_nothing_non_str() -> None:
    assert detect_moves(None) == ()  # type: ignore[arg-type]


def test_only_text_moves_are_emitted() -> None:
    found = detect_moves(
        "Dana, I'm so sorry, I understand. Thank you for telling me. Let me make it right: "
        "I'll refund you, give you a voucher, and call you back tomorrow. What would you like?",
        PIZZA,
    )
    assert {m.move for m in found} <= set(TEXT_MOVES)
    assert "interrupt" not in {m.move for m in found}
    # not vacuous: this answer really is full of moves
    assert {"name", "apology", "thanks", "offer_solution", "compensation", "follow_up", "ask_preference"} <= {
        m.move for m in found
    }


def test_pack_examples_hold() -> None:
    bank = default_detector().bank
    problems = []
    # not vacuous: every move the phrase packs describe carries examples to hold
    # (`name` comes from the scenario's customer name, not from a pack)
    bare = [m for m in TEXT_MOVES if m != "name" and not bank.specs[m].examples]
    assert not bare, f"moves without examples in the phrase packs: {bare}"
    assert sum(len(spec.examples) + len(spec.counter_examples) for spec in bank.specs.values()) >= 100
    for move, spec in bank.specs.items():
        problems += [f"miss {move}: {ex}" for ex in spec.examples if move not in moves(ex)]
        problems += [f"false {move}: {ex}" for ex in spec.counter_examples if move in moves(ex)]
    assert not problems


def test_detector_is_cached_and_repeatable() -> None:
    d = load_detector()
    text = "I'm sorry, let me fix it. When did you order?"
    assert d.detect(text) == d.detect(text) == detect_moves(text)
    assert d.detect(text, PIZZA) == d.detect(text, PIZZA)
