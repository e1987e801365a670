"""The judge's `context` stage: the offers, key details, facts and name a move names, by words or meaning."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from simulator.detect.boundary import without_turned_down_offers as offered
from simulator.detect.candidates import Candidate, Work, clause_windows, inside, window_of
from simulator.detect.clauses import Clause
from simulator.detect.context import DetectionContext
from simulator.detect.lemmas import content_lemmas
from simulator.detect.meaning import (
    FACT_FLOOR,
    FACT_MARGIN,
    OFFER_CLEAR_FLOOR,
    OFFER_CLEAR_MARGIN,
    OFFER_FLOOR,
    OFFER_MARGIN,
    Match,
    Topic,
    TopicIndex,
    names_only_the_complaint,
    sounds_like_name,
)
from simulator.moves import offer_moves_by_kind

Embed = Callable[[Sequence[str]], NDArray[np.float32]]
OFFER_KINDS = offer_moves_by_kind()


class ContextIndex:
    """A scenario's offers, key details and facts, indexed once for matching by lemmas and meaning."""

    def __init__(self, context: DetectionContext, embed: Embed | None) -> None:
        self.context = context
        self.embed = embed
        pairs = {o.id: {p.id for p in context.offers if o.id in p.combines} for o in context.offers}
        self.offers = TopicIndex([Topic(o.id, o.phrases) for o in context.offers], embed, pairs)
        self.offer_kind = {o.id: OFFER_KINDS.get(o.kind, "offer_solution") for o in context.offers}
        self.details = TopicIndex([Topic(d.id, d.phrases) for d in context.key_details], None)
        self.facts = TopicIndex(
            [Topic(f.id, (*f.topics, *((f.answer,) if f.answer else ()))) for f in context.facts], embed
        )
        self.detail_phrases = tuple(p for d in context.key_details for p in d.phrases)
        detail_words = {w for p in self.detail_phrases for w in content_lemmas(p)}
        signs = [
            Topic(o.id, tuple(p for p in o.phrases if not names_only_the_complaint(p, detail_words)))
            for o in context.offers
        ]
        self.offer_signs = TopicIndex(signs, None)  # phrasings that show an offer was made, not just which


def _offers_in_offer_clause(index: ContextIndex, text: str, emb: NDArray[np.float32] | None) -> list[Match]:
    """The offers a second offer clause names: by their words, else by meaning over the floor, else by a clear
    best meaning over the lower floor (the head heard an offer there; meaning only has to tell which). Not for
    the answer's first offer: a generic fix ("let's get it working for you today") stays unnamed."""
    found = index.offers.match(offered(text), emb, OFFER_FLOOR, OFFER_MARGIN)
    if found or emb is None:
        return found
    clear = index.offers.by_meaning(emb, OFFER_CLEAR_FLOOR, OFFER_CLEAR_MARGIN)
    return [clear] if clear is not None else []


def _offers_in_clauses(work: Work, index: ContextIndex, window: int) -> list[Match]:
    """The offers named by meaning in the clauses of a long window (the whole answer's embedding is pooled
    over every clause, so one clause's offer is diluted there); each clause must pass the floor and margin."""
    span = work.windows[window]
    found: dict[str, Match] = {}
    for k, w in enumerate(work.windows[:-1]):
        inside_span = k != window and span.start <= w.start and w.end <= span.end and work.embeddings.shape[1]
        # a clause that turns an offer down ("I can't stretch to a free month") means the offer it refuses
        if inside_span and offered(w.text) == w.text:
            best = index.offers.by_meaning(work.embeddings[k], OFFER_FLOOR, OFFER_MARGIN)
            if best is not None and (best.id not in found or best.score > found[best.id].score):
                found[best.id] = best
    return list(found.values())


_CONJUNCT = re.compile(r"(?:,\s*|\s+)(?:and also|and then|as well as|and|plus)\s+|;\s*", re.IGNORECASE)


def _offers_in_conjuncts(
    work: Work, index: ContextIndex, window: int, move: str, named: Collection[str]
) -> list[Match]:
    """Offers of this move's kind, other than those already `named`, each named by meaning in one conjunct
    of a clause that joins two offers ("what I can do is tack a week on your membership and chuck in a guest
    pass"; "pull that second $1,250 back today and cancel the $35 overdraft charge"): the clause's pooled
    embedding, shared by two offers, is near one of them at most. Conjuncts that name an offer by words, or
    turn one down, are skipped. Each of the rest must pass the floor and margin, or else the lower floor
    with a clear margin: the head heard an offer in this clause, so meaning only has to tell which."""
    if index.embed is None:
        return []
    span = work.windows[window]
    clauses = [w for w in clause_windows(work.windows) if span.start <= w.start and w.end <= span.end]
    parts = [p.strip(" ,.!?") for w in clauses for p in _CONJUNCT.split(w.text)]
    if len(parts) <= len(clauses):
        return []
    free = [p for p in parts if len(p.split()) >= 3 and offered(p) == p and not index.offers.by_lemmas(p)]
    found: dict[str, Match] = {}
    for emb in index.embed(free) if free else ():
        best = index.offers.by_meaning(emb, OFFER_FLOOR, OFFER_MARGIN) or index.offers.by_meaning(
            emb, OFFER_CLEAR_FLOOR, OFFER_CLEAR_MARGIN
        )
        if best is not None and index.offer_kind.get(best.id) == move and best.id not in {*named, *found}:
            found[best.id] = best
    return list(found.values())


class OfferWords(NamedTuple):
    """A scenario offer's own words found in an answer: which words, and in which clauses."""

    why: str
    clauses: frozenset[int]


def offer_word_support(texts: Sequence[str], index: ContextIndex) -> dict[str, OfferWords]:
    """Offer moves whose scenario offer is named by its own words (lemmatised, gaps allowed) in one of these
    clauses, with those words and the clauses that hold them: the heads then judge the move there (or on
    the whole answer) as if a rule had proposed it. A phrasing that only names the complaint ('the
    overdraft fee') does not count: a restatement says it too; nor do words spread over two clauses ("you
    booked a sea view … you've been put in a room" is no "sea view room")."""
    why: dict[str, str] = {}
    clauses: dict[str, set[int]] = {}
    for k, text in enumerate(texts):
        for m in index.offer_signs.by_lemmas(offered(text)):
            move = index.offer_kind[m.id]
            why.setdefault(move, f"'{m.phrase}' of offer {m.id}")
            clauses.setdefault(move, set()).add(k)
    return {move: OfferWords(why[move], frozenset(clauses[move])) for move in why}


def _offers_in_other_clauses(
    work: Work, index: ContextIndex, c: Candidate, ids: Sequence[str]
) -> list[Match]:
    """A second offer of the same kind in another clause: the head found the move there too (over its
    threshold, so it was not kept twice) and the clause names a different scenario offer by meaning. Not a
    clause that turns an offer down ("I can't do a free year"): its meaning is that offer."""
    out: list[Match] = []
    for a in work.also:
        text, emb = work.windows[a.window].text, work.embeddings[a.window]
        if a.move != c.move or a.window == c.window or offered(text) != text:
            continue
        for m in _offers_in_offer_clause(index, text, emb):
            if m.id not in ids and index.offer_kind.get(m.id) == c.move:
                out.append(m)
    return out


def _offers_named_in_plans(work: Work, index: ContextIndex) -> dict[str, Match]:
    """Offers named by their own words in a clause kept as next steps ("tonight we're changing how drinks
    get checked") or in a clause that makes no move of its own ("Money back on this one too."): they are
    presented too, once an offer move is kept in the same answer."""
    busy = {c.window for c in work.kept if c.move != "next_steps"}
    plans = [w for k, w in enumerate(clause_windows(work.windows)) if k not in busy]
    return {m.id: m for w in plans for m in index.offers.by_lemmas(offered(w.text))}


def _free_clauses(work: Work) -> list[Clause]:
    """The answer's clauses that no kept restatement or question covers."""
    described = [c for c in work.kept if c.move in ("restate", "question")]
    return [w for w in clause_windows(work.windows) if not any(inside(c, w) for c in described)]


def _present_in_question(work: Work, question: Candidate, m: Match, move: str) -> None:
    """An offer named inside a preference question ("a replacement or a refund?") is presented: it joins
    the answer's kept offer of its kind, or is kept on the question's words."""
    why = f"offer presented inside a question: {m.reason()}"
    kept = next((o for o in work.kept if o.move == move), None)
    if kept is None:
        q = question
        work.keep(
            "context", Candidate(move, q.window, q.start, q.end, "context", m.reason(), m.score, (m.id,)), why
        )
    elif m.id not in kept.detail:
        work.kept.remove(kept)
        work.keep("context", replace(kept, detail=(*kept.detail, m.id)), f"{why} (with the answer's offer)")


def stage_context(work: Work, index: ContextIndex, semantic: bool) -> None:
    """Stage `context`: cite the scenario's offers, key details and facts each move names, by lemmas or
    meaning; an offer presented inside a question ("a replacement or a refund?") counts as presented."""
    offer_moves = ("offer_solution", "compensation", "ask_preference")
    if index.offers:
        cited: set[str] = set()
        in_plans = _offers_named_in_plans(work, index)
        # offers first, then questions: an offer inside a question joins an offer the answer already made
        for c in sorted(
            (c for c in work.kept if c.move in offer_moves), key=lambda c: c.move == "ask_preference"
        ):
            text = work.windows[c.window].text
            said = offered(text)  # a window that turns an offer down names offers by its words only
            meant = semantic and work.embeddings.shape[1] and said == text
            emb = work.embeddings[c.window] if meant else None
            found = index.offers.match(said, emb, OFFER_FLOOR, OFFER_MARGIN)
            if not found and semantic:
                found = _offers_in_clauses(work, index, c.window)
            if not found and not c.detail and c.move != "ask_preference":
                # "to get it back on I need my supervisor to do an override, so I'll go and get her": the
                # offer is made in one clause and named in another; the offer's own words are enough there
                # (not in a clause that restates or asks: "set off the $35 fee" describes the problem)
                free = [offered(w.text) for w in _free_clauses(work)]
                found = list({m.id: m for text in free for m in index.offers.by_lemmas(text)}.values())
            ids = tuple(dict.fromkeys((*c.detail, *(m.id for m in found))))
            if c.move == "ask_preference":
                for m in (m for m in found if m.id not in cited):
                    _present_in_question(work, c, m, index.offer_kind[m.id])
                    cited.add(m.id)
                continue
            if semantic and work.embeddings.shape[1]:
                found = [*found, *_offers_in_other_clauses(work, index, c, ids)]
                ids = tuple(dict.fromkeys((*ids, *(m.id for m in found))))
            planned = [m for i, m in in_plans.items() if i not in ids and index.offer_kind.get(i) == c.move]
            found, ids = [*found, *planned], (*ids, *(m.id for m in planned))
            ids = tuple(i for i in ids if index.offer_kind.get(i) == c.move or i in c.detail)
            if semantic:  # a second offer in the same clause, joined by "and"
                more = _offers_in_conjuncts(work, index, c.window, c.move, ids)
                found, ids = [*found, *more], (*ids, *(m.id for m in more))
            if ids != c.detail:
                work.kept.remove(c)
                why = "; ".join(m.reason() for m in found if m.id in ids) or "rule cited the offer"
                work.keep("context", replace(c, detail=ids), f"offer(s) {', '.join(ids)}: {why}")
            cited.update(ids)
    name = index.context.customer_name
    if name and not any(c.move == "name" for c in work.kept):
        hit = sounds_like_name(work.text, name)
        if hit is not None:
            k = window_of(work.windows, hit.start, hit.end)
            work.keep(
                "context",
                Candidate("name", k, hit.start, hit.end, "context", hit.reason(), hit.score),
                f"the customer's name by sound: {hit.reason()}",
            )
    if index.details:
        for c in [c for c in work.kept if c.move == "restate"]:
            found = index.details.by_lemmas(work.windows[c.window].text)
            ids = tuple(dict.fromkeys((*c.detail, *(m.id for m in found))))
            if ids != c.detail:
                work.kept.remove(c)
                work.keep("context", replace(c, detail=ids), "key detail(s) " + ", ".join(ids))
    if index.facts:
        for c in [c for c in work.kept if c.move == "question"]:
            emb = work.embeddings[c.window] if semantic and work.embeddings.shape[1] else None
            found = index.facts.match(work.windows[c.window].text, emb, FACT_FLOOR, FACT_MARGIN)
            if found:
                work.kept.remove(c)
                ids = tuple(m.id for m in found)
                work.keep(
                    "context",
                    replace(c, detail=ids),
                    "asks for fact(s): " + "; ".join(m.reason() for m in found),
                )


def stage_offer_kinds(work: Work, index: ContextIndex) -> None:
    """Stage `offer kinds`: when the answer's only scenario offer is a goodwill extra ("I'll put a voucher on
    your account"), a fix the answer never names ("what I can do is…") is that same extra, not a second
    offer. Trainers give an unnamed fix beside a named extra almost never (0 of 937 such training answers)."""
    if not index.offers:
        return
    extras = [c for c in work.kept if c.move == "compensation" and c.detail]
    if not extras or any(c.move == "offer_solution" and c.detail for c in work.kept):
        return
    ids = ", ".join(dict.fromkeys(i for e in extras for i in e.detail))
    for c in [c for c in work.kept if c.move == "offer_solution"]:
        work.drop("offer kinds", c, f"names no fix of this scenario; the answer's offer is the extra {ids}")


def stage_combined_offers(work: Work, index: ContextIndex) -> None:
    """Stage `combined offers`: an offer the scenario defines as a pair of others (`combines`: "reverse the
    duplicate and refund the fee") is cited alone when the answer is heard making it and every one of its
    parts, as one offer is one offer in the debrief (round 23's holdout cited the pair and both its parts in
    the same answer 13 times)."""
    for pair in (o for o in index.context.offers if o.combines):
        move = index.offer_kind[pair.id]
        cited = [c for c in work.kept if c.move == move and c.detail]
        ids = {i for c in cited for i in c.detail}
        if pair.id not in ids or not set(pair.combines) <= ids:
            continue
        why = f"offer {pair.id} makes {' and '.join(pair.combines)} together: cited once, as {pair.id}"
        for c in cited:
            rest = tuple(i for i in c.detail if i not in pair.combines)
            if rest == c.detail:
                continue
            work.drop("combined offers", c, why)
            if rest:
                work.keep("combined offers", replace(c, detail=rest), why)
