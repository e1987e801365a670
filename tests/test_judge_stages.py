"""The judge's stages, each alone, with a stand-in encoder and hand-set heads (pure logic, no model files)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from simulator.detect.boundary import boundary_evidence, ownership_evidence
from simulator.detect.candidates import Candidate, Work
from simulator.detect.clauses import split_clauses
from simulator.detect.context import DetectionContext, FactPhrases, OfferPhrases, PhraseSet
from simulator.detect.context_stage import ContextIndex, OfferWords, offer_word_support, stage_context
from simulator.detect.features import EXTRA, RULE_FEATURES, is_question_form
from simulator.detect.heads import Heads
from simulator.detect.judge import Judge, window_embeddings, window_spans
from simulator.detect.lemmas import content_lemmas, lemma, phrase_in
from simulator.detect.meaning import OFFER_FLOOR, OFFER_MARGIN, Topic, TopicIndex
from simulator.detect.ngrams import NGRAM_BUCKETS
from simulator.detect.stack import AnswerStage, answer_features, feature_label
from simulator.moves import TEXT_MOVES, Move
from simulator.training.fit import fit_heads

DIM = 8
WORDS = ("sorry", "refund", "fault", "replace", "when", "order", "week", "report")


def bag_embed(texts: Sequence[str]) -> np.ndarray:
    """A stand-in encoder: a normalised bag of a few words (deterministic, no model)."""
    rows = []
    for text in texts:
        low = text.lower()
        v = np.array([low.count(w) for w in WORDS], dtype=np.float32) + 0.01
        rows.append(v / np.linalg.norm(v))
    return np.stack(rows) if rows else np.zeros((0, DIM), np.float32)


def keyword_heads(table: dict[str, str], threshold: float = 0.5) -> Heads:
    """Heads whose score for a move is high exactly when the window's bag has the move's word."""
    n_features = DIM + len(RULE_FEATURES) + len(EXTRA) + NGRAM_BUCKETS
    moves = tuple(table)
    w = np.zeros((n_features, len(moves)))
    for col, word in enumerate(table.values()):
        w[WORDS.index(word), col] = 20.0
    return Heads(
        moves, w, np.full(len(moves), -6.0), np.zeros(n_features), np.ones(n_features),
        dict.fromkeys(moves, threshold), dict.fromkeys(moves, 0.1), {},
    )  # fmt: skip


def no_rules(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
    return ()


def sorry_order_judge() -> Judge:
    """A judge with no rules whose heads hear an apology in "sorry" and dismissal in "order", dismissal never
    on a head's score alone, and a rule's dismissal vetoed under 0.3."""
    heads = keyword_heads({"apology": "sorry", "dismissive": "order"})
    return Judge(
        no_rules, bag_embed, replace(heads, head_only={"dismissive": 1.01}, vetoes={"dismissive": 0.3})
    )


def test_clauses_split_on_contrast_and_sentences_but_not_inside_a_question() -> None:
    texts = [c.text for c in split_clauses("I'm so sorry, but you should have checked the date.")]
    assert texts == ["I'm so sorry", "but you should have checked the date."]
    assert len(split_clauses("Would you rather I send a replacement or refund you?")) == 1
    spans = split_clauses("ok so the car was written off in march and you still havent had a penny")
    assert len(spans) == 2 and all(
        c.text == "ok so the car was written off in march and you still havent had a penny"[c.start : c.end]
        for c in spans
    )


def test_window_spans_add_the_whole_answer_only_when_there_are_several_clauses() -> None:
    assert len(window_spans("Sorry about that.")) == 1
    many = window_spans("Sorry about that. I'll refund it today.")
    assert len(many) == 3 and many[-1].text == "Sorry about that. I'll refund it today."


def test_the_whole_answer_is_pooled_from_its_clauses_without_encoding_them_twice() -> None:
    seen: list[str] = []

    def embed(texts: Sequence[str]) -> np.ndarray:
        seen.extend(texts)
        return np.array([[1.0, 0.0] if "sorry" in t else [0.0, 1.0] for t in texts], dtype=np.float32)

    rows = window_embeddings(embed, ["I'm sorry", "I will send a new one today", "whole answer"])
    assert seen == ["I'm sorry", "I will send a new one today"]  # the whole answer is not encoded
    assert rows.shape == (3, 2)
    assert np.isclose(np.linalg.norm(rows[2]), 1.0)
    assert rows[2][1] > rows[2][0] > 0  # weighted by words: the longer clause counts more
    seen.clear()
    assert window_embeddings(embed, ["one clause"]).shape == (1, 2) and seen == ["one clause"]


def test_lemmas_make_word_forms_and_gaps_match() -> None:
    assert lemma("reporting") == lemma("report") == lemma("reported")
    assert phrase_in(content_lemmas("add a week"), content_lemmas("I'll add a full week to your membership"))
    assert not phrase_in(content_lemmas("add a week"), content_lemmas("a week later we can't add anything"))
    assert lemma("fortnight") == lemma("weeks")


@pytest.mark.parametrize(
    ("phrase", "said", "matches"),
    [
        ("you will not pay", "you're not paying for tonight", True),
        ("no charge", "you won't be charged for it", True),
        ("never arrived", "so it didnt arrive at all", True),
        ("you will not pay", "that's the opposite of what you paid for", False),
        ("no charge", "we'll charge the card again", False),
    ],
)
def test_a_negation_is_one_lemma_kept_on_both_sides(phrase: str, said: str, matches: bool) -> None:
    # "what you paid for" named the late-pizza refund phrased "you will not pay" while negators were dropped
    assert phrase_in(content_lemmas(phrase), content_lemmas(said)) is matches


def test_topic_index_prefers_lemmas_then_a_clear_best_by_meaning() -> None:
    index = TopicIndex([Topic("refund", ("refund the order",)), Topic("swap", ("replace it",))], bag_embed)
    assert [m.id for m in index.match("I'll be refunding your order", None, 0.5, 0.05)] == ["refund"]
    emb = bag_embed(["refund refund"])[0]
    best = index.match("money back", emb, 0.5, 0.05)
    assert [m.how for m in best] == ["meaning"] and best[0].id == "refund"
    assert index.match("nothing like either", bag_embed(["hello"])[0], 0.99, 0.05) == []


def test_question_form_is_seen_without_a_question_mark() -> None:
    assert is_question_form("how long has the light been blinking")
    assert is_question_form("um so when did it arrive")
    assert not is_question_form("so the bill went out twice on the third")


def test_heads_keep_a_move_over_its_threshold_and_say_why() -> None:
    judge = Judge(no_rules, bag_embed, keyword_heads({"apology": "sorry", "blame": "fault"}))
    j = judge.judge("I am so sorry about this.")
    assert [m.move for m in j.moves] == ["apology"]
    kept = [v for v in j.trace if v.kept]
    assert kept[0].stage == "heads" and "head score" in kept[0].reason


def test_polite_blame_undoes_the_apology_before_it() -> None:
    judge = Judge(no_rules, bag_embed, keyword_heads({"apology": "sorry", "blame": "fault"}))
    j = judge.judge("I'm sorry, but it's your own fault.")
    assert [m.move for m in j.moves] == ["blame"]
    dropped = [v for v in j.trace if v.stage == "undo" and not v.kept]
    assert dropped and "undone by 'but' + blame" in dropped[0].reason


def test_a_refusal_followed_by_an_alternative_is_a_redirection() -> None:
    heads = keyword_heads({"refusal": "refund", "offer_solution": "replace"})
    j = Judge(no_rules, bag_embed, heads).judge("We can't refund it, but I can replace it today.")
    assert [m.move for m in j.moves] == ["offer_solution"]


def test_a_rule_is_overruled_only_when_its_head_scores_under_the_veto_floor() -> None:
    def rules(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        k = text.find("sorry")
        return (Move("apology", "sorry", k, k + 5),) if k >= 0 else ()

    heads = keyword_heads({"apology": "week"})  # this head never sees "sorry"
    j = Judge(rules, bag_embed, heads).judge("sorry")
    assert j.moves == ()
    assert any(not v.kept and "rule overruled" in v.reason for v in j.trace)
    j = Judge(rules, bag_embed, keyword_heads({"apology": "sorry"})).judge("sorry")
    assert [m.move for m in j.moves] == ["apology"] and j.moves[0].evidence == "sorry"


def test_offers_facts_and_details_are_cited_by_the_context_stage() -> None:
    context = DetectionContext(
        customer_name="Ana",
        key_details=(PhraseSet("late", ("an hour late",)),),
        offers=(OfferPhrases("refund", ("refund the order",)), OfferPhrases("swap", ("replace it",))),
        facts=(FactPhrases("when", ("when you ordered",), "I ordered at six."),),
    )
    heads = keyword_heads({"offer_solution": "refund", "ask_preference": "replace", "question": "when"})
    judge = Judge(no_rules, bag_embed, heads)
    offer = judge.judge("I'll refund your order now.", context).moves
    assert [(m.move, m.detail) for m in offer] == [("offer_solution", ("refund",))]
    asked = judge.judge("When did you place the order?", context).moves
    assert [(m.move, m.detail) for m in asked] == [("question", ("when",))]
    inside = judge.judge("Would you like me to replace it or refund the order?", context)
    moves = {m.move: m.detail for m in inside.moves}
    assert "ask_preference" in moves and "refund" in moves.get("offer_solution", ())


def test_an_offer_named_in_another_clause_of_the_answer_is_cited() -> None:
    context = DetectionContext(offers=(OfferPhrases("override", ("supervisor override",)),))
    heads = keyword_heads({"offer_solution": "week"})  # the offer head fires on the clause with "week"
    judge = Judge(no_rules, bag_embed, heads)
    text = "To fix it I need my supervisor to do an override, and she'll have it done within the week."
    moves = judge.judge(text, context).moves
    assert [(m.move, m.detail) for m in moves] == [("offer_solution", ("override",))]
    alone = judge.judge("She'll have it done within the week.", context).moves
    assert [(m.move, m.detail) for m in alone] == [("offer_solution", ())]


def test_offers_inside_a_question_join_the_offer_the_answer_already_made() -> None:
    context = DetectionContext(
        offers=(
            OfferPhrases("report", ("open an investigation",)),
            OfferPhrases("swap", ("replace it",)),
            OfferPhrases("refund", ("refund the order",)),
        )
    )
    heads = keyword_heads({"offer_solution": "report", "ask_preference": "replace"})
    judge = Judge(no_rules, bag_embed, heads)
    text = "I'll report it and open an investigation. Should I replace it, or refund the order, sorry?"
    j = judge.judge(text, context)
    assert {m.move: m.detail for m in j.moves}["offer_solution"] == ("report", "swap", "refund")
    assert any("inside a question" in v.reason and "with the answer's offer" in v.reason for v in j.trace)


def test_an_offers_words_in_a_restated_complaint_do_not_name_it() -> None:
    context = DetectionContext(offers=(OfferPhrases("waive", ("the overdraft fee",)),))
    heads = keyword_heads({"offer_solution": "week", "restate": "order"})
    judge = Judge(no_rules, bag_embed, heads)
    text = "I'll look at it this week. So the order went out twice and set off the overdraft fee."
    moves = {m.move: m.detail for m in judge.judge(text, context).moves}
    assert moves == {"offer_solution": (), "restate": ()}  # the fee is the problem here, not the offer
    named = judge.judge("I'll look at it this week. Sorry, the overdraft fee goes too.", context).moves
    assert [(m.move, m.detail) for m in named] == [("offer_solution", ("waive",))]


def test_a_phrasing_that_only_names_the_complaint_is_no_sign_of_an_offer() -> None:
    context = DetectionContext(
        key_details=(PhraseSet("overdraft", ("overdraft", "fee", "thirty five")),),
        offers=(OfferPhrases("waive", ("the overdraft fee", "35 dollar fee", "refund the fee")),),
    )
    index = ContextIndex(context, None)
    restated = "and that tipped you into your overdraft with a 35 dollar fee on top"
    assert [m.id for m in index.offers.by_lemmas(restated)] == ["waive"]  # it still tells which offer
    assert offer_word_support([restated], index) == {}  # but not that one was made
    said = offer_word_support(["That's not on you.", "I'll refund the fee today"], index)
    assert said == {"offer_solution": OfferWords("'refund the fee' of offer waive", frozenset({1}))}
    # what the customer booked, said back to them, is no sign of an offer either
    hotel = ContextIndex(DetectionContext(offers=(OfferPhrases("move", ("sea view room",)),)), None)
    assert offer_word_support(["so you booked a sea-view room for your anniversary"], hotel) == {}
    assert offer_word_support(["I'll get you a sea-view room tonight"], hotel) == {
        "offer_solution": OfferWords("'sea view room' of offer move", frozenset({0}))
    }


def test_an_offer_kept_on_the_whole_answer_is_cited_from_the_clause_that_means_it() -> None:
    context = DetectionContext(offers=(OfferPhrases("refund", ("refund the payment",)),))
    text = "Sorry, sorry, so sorry about the fault, truly sorry, I am sorry. I'll refund it within the week."
    windows = window_spans(text)
    emb = window_embeddings(bag_embed, [w.text for w in windows])
    whole = len(windows) - 1
    offer = Candidate("offer_solution", whole, 0, len(text), "head", "head score 0.90", 0.9)
    index = ContextIndex(context, bag_embed)
    assert index.offers.by_meaning(emb[whole], OFFER_FLOOR, OFFER_MARGIN) is None  # diluted by the apology
    work = Work(text, tuple(windows), emb, [offer], [])
    stage_context(work, index, semantic=True)
    assert [(c.move, c.detail) for c in work.kept] == [("offer_solution", ("refund",))]
    assert "similar in meaning to 'refund the payment'" in work.trace[-1].reason
    plain = "Sorry, sorry, so sorry about the fault. I'll sort it."
    windows = window_spans(plain)
    emb = window_embeddings(bag_embed, [w.text for w in windows])
    work = Work(plain, tuple(windows), emb, [replace(offer, window=len(windows) - 1)], [])
    stage_context(work, index, semantic=True)
    assert [(c.move, c.detail) for c in work.kept] == [("offer_solution", ())]


def test_without_heads_the_judge_is_the_rule_detector() -> None:
    def rules(text: str, context: DetectionContext | None) -> tuple[Move, ...]:
        return (Move("thanks", "thanks", 0, 6),)

    j = Judge(rules, None, None).judge("thanks a lot")
    assert [m.move for m in j.moves] == ["thanks"]
    assert "rule detector alone" in j.trace[0].reason


def test_fit_heads_separates_a_separable_toy_set_deterministically() -> None:
    dense = np.array([[0.0], [0.2], [0.8], [1.0]])
    dense = (dense - dense.mean()) / dense.std()
    grams = [np.array([0]), np.array([0]), np.array([1]), np.array([1, 2])]
    y = np.array([[0.0], [0.0], [1.0], [1.0]])
    w1, s1, b1 = fit_heads(dense, grams, 4, y, np.ones(1), 0.1, 300)
    w2, s2, b2 = fit_heads(dense, grams, 4, y, np.ones(1), 0.1, 300)
    assert np.array_equal(w1, w2) and np.array_equal(s1, s2) and np.array_equal(b1, b2)
    sparse = np.array([s1[g].sum(0) for g in grams])
    p = 1 / (1 + np.exp(-(dense @ w1 + sparse + b1)))
    assert (p[:2] < 0.5).all() and (p[2:] > 0.5).all()
    assert s1[1, 0] > 0 > s1[0, 0]  # the n-gram seen only with positives pulls up


@pytest.mark.parametrize("move", TEXT_MOVES)
def test_every_move_has_a_rule_feature(move: str) -> None:
    assert f"rule:{move}" in RULE_FEATURES


def test_a_name_misheard_by_speech_recognition_still_counts() -> None:
    heads = keyword_heads({"apology": "sorry"})
    context = DetectionContext(customer_name="Funmi Oyelaran")
    j = Judge(no_rules, bag_embed, heads).judge("okay mrs oilaran im so sorry", context)
    name = [m for m in j.moves if m.move == "name"]
    assert name and name[0].evidence == "oilaran"
    assert any(v.stage == "context" and "similar word" in v.reason for v in j.trace)
    plain = Judge(no_rules, bag_embed, heads).judge(
        "the market is closed", DetectionContext(customer_name="Mark Evans")
    )
    assert not [m for m in plain.moves if m.move == "name"]


def test_the_embedding_cache_keeps_what_a_call_asks_for_when_full() -> None:
    from simulator.play import CachedEncoder

    calls: list[list[str]] = []

    def encode(texts: Sequence[str]) -> np.ndarray:
        calls.append(list(texts))
        return bag_embed(texts)

    cache = CachedEncoder(encode, capacity=2)
    cache(["sorry", "refund"])
    rows = cache(["sorry", "week", "order"])  # "sorry" is cached and oldest; the cache overflows
    assert rows.shape == (3, DIM) and np.allclose(rows[0], bag_embed(["sorry"])[0])
    assert calls[-1] == ["week", "order"]


@pytest.mark.parametrize(
    "text",
    [
        "I won't be spoken to like that.",
        "Please don't talk to me like this.",
        "If you keep swearing at me, I'll have to stop the call.",
        "I need you to stop shouting.",
        "Any more threats and I stop talking, simple as.",
        "Step back from the counter for me, please.",
        "No swearing, though, and back off the counter a wee bit.",
        "Could you move away from the desk a little?",
        "Please don't call me an idiot.",
    ],
)
def test_calm_boundaries_are_recognised_in_their_usual_forms(text: str) -> None:
    assert boundary_evidence(text)


def test_a_boundary_is_not_read_into_ordinary_talk() -> None:
    assert not boundary_evidence("I've spoken to my manager and we can cover the repair.")
    assert not boundary_evidence("If you keep the receipt, we can refund it later.")
    assert not boundary_evidence("No problem, I'll back off the price on the counter display.")


def test_answer_features_put_each_kind_of_evidence_in_its_own_block() -> None:
    scores = np.array([[0.9, 0.1], [0.2, 0.3], [0.6, 0.4]])  # two clauses, then the whole answer
    x = answer_features(scores, np.array([False, True]), np.array([0.0, 0.3]))
    assert x.shape == (8,)
    assert np.allclose(x[:2], np.log(np.array([0.9, 0.3]) / np.array([0.1, 0.7])))  # best clause
    assert np.allclose(x[2:4], np.log(np.array([0.9, 0.4]) / np.array([0.1, 0.6])))  # best of all windows
    assert list(x[4:6]) == [0.0, 1.0]  # a rule proposed the second move
    assert feature_label(1, ("offer_solution", "compensation")) == "best clause score of compensation"


def test_the_answer_stage_drops_a_move_another_move_explains_and_says_why() -> None:
    heads = keyword_heads({"offer_solution": "refund", "compensation": "week"})
    w = np.zeros((8, 2))
    w[0, 0], w[1, 0], w[1, 1] = 1.0, -2.0, 1.0  # an offer is not an offer when it is the compensation
    stage = AnswerStage(w, np.zeros(2), np.zeros(8), np.ones(8), {"offer_solution": 0.5, "compensation": 0.5})
    judge = Judge(no_rules, bag_embed, replace(heads, answer=stage))
    alone = judge.judge("I'll refund it.")
    assert [m.move for m in alone.moves] == ["offer_solution"]
    both = judge.judge("I'll refund it within the week.")
    assert [m.move for m in both.moves] == ["compensation"]
    dropped = [v for v in both.trace if v.stage == "answer" and v.candidate.move == "offer_solution"]
    assert dropped and "best clause score of compensation lowered it" in dropped[0].reason


def test_the_answer_stage_keeps_an_offer_the_answer_names_when_its_head_alone_would_keep_it() -> None:
    never = AnswerStage(np.zeros((4, 1)), np.array([-10.0]), np.zeros(4), np.ones(4), {"offer_solution": 0.5})
    heads = replace(keyword_heads({"offer_solution": "week"}), answer=never)
    context = DetectionContext(offers=(OfferPhrases("extend", ("add a week",)),))
    text = "I'll add a whole week on for you."
    named = Judge(no_rules, bag_embed, heads).judge(text, context)
    assert [(m.move, m.detail) for m in named.moves] == [("offer_solution", ("extend",))]
    kept = [v.reason for v in named.trace if v.stage == "answer" and v.kept]
    assert kept and kept[0].startswith("the answer names the scenario's offer; head alone")
    # the answer stage never sees the scenario: without its offer named, its low score drops the move
    assert Judge(no_rules, bag_embed, heads).judge(text).moves == ()
    # named, but a head under its head-only threshold: the answer stage decides as usual
    weak = replace(heads, head_only={"offer_solution": 1.01})
    assert Judge(no_rules, bag_embed, weak).judge(text, context).moves == ()


@pytest.mark.parametrize(
    ("text", "owned"),
    [
        ("That was a processing fault on our side.", "fault on our side"),
        ("I'm sorry, that's on us.", "that's on us"),
        ("Honestly, we got it wrong.", "we got it wrong"),
        ("You've done nothing wrong. This one's on us.", "This one's on us"),
        ("the rent going out twice is completely our mess", "our mess"),
        ("That sounds like it's on our side, and I'm sorry.", "it's on our side"),
        ("It's working fine on our side.", ""),
        ("It wasn't our fault, the bank declined it.", ""),
        ("No, that's not on us.", ""),
        ("The system did it, not one of our staff.", ""),
    ],
)
def test_owning_the_fault_is_recognised_unless_it_is_denied(text: str, owned: str) -> None:
    assert ownership_evidence(text) == owned


def test_a_clause_that_owns_the_fault_is_not_defensive() -> None:
    heads = keyword_heads({"defensive": "fault"})
    judge = Judge(no_rules, bag_embed, heads)
    owned = judge.judge("That was a processing fault on our side.")
    assert [m.move for m in owned.moves] == []
    assert any(v.stage == "ownership" and "owns the fault" in v.reason for v in owned.trace)
    assert [m.move for m in judge.judge("That was a processing fault at the bank.").moves] == ["defensive"]
