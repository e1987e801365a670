"""Judge stages that settle harm: negation, "but…", set phrases, boundaries, ownership, harm alone (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from simulator.detect.boundary import (
    abuse_evidence,
    boundary_evidence,
    boundary_spans,
    cleared_moves,
    denial_after_offer,
    exoneration_evidence,
    first_ownership,
    greeting_only,
    insult_outside,
    loudness_only,
    name_request_evidence,
    ownership_evidence,
    parting_only,
    reconsider_after_refusal,
    refused_outright,
    stock_courtesy_only,
    without_turned_down_offers,
)
from simulator.detect.candidates import Candidate, Verdict, Work, clause_windows
from simulator.detect.harm_words import harm_words
from simulator.detect.heads import Heads
from simulator.moves import EMPATHY, HARMFUL, MOVES_BY_STEP

_UNDOING = ("blame", "defensive", "dismissive", "refusal", "rude", "sarcasm")
_REDIRECTS = ("offer_solution", "compensation", "escalate", "next_steps")
_OFFERS = ("offer_solution", "compensation")

_NEGATOR = re.compile(
    r"\b(?:not|never|no|n't|cannot|won't|don't|didn't|isn't|wasn't|aren't|nobody|nothing)\b", re.I
)


def stage_boundary(work: Work, heard: Sequence[str] = ()) -> None:
    """Stage `boundary`: "I need you to stop threatening me" or "I won't be spoken to like that" is a calm
    boundary on abusive behaviour, which the playbook asks for; in that clause it is not rudeness, unless a
    rule found the rudeness in other words ("… like that, you idiot"). Asking only for quiet ("lower your
    voice", "no need to shout at me") is a boundary when the customer has sworn, insulted or threatened
    (`heard`); told to a customer who was only upset it is talking down, rude (trainers marked 90 of 91 such
    training clauses rude, 7 of 14 when the customer was abusive, those in words of their own: "like a
    child"). A clause that only asks the customer's name ("Who am I speaking to?") is not rude by a head's
    score alone: two good trainees failed on it; nor is one that only greets ("Reception, hello.") or only
    takes leave ("Have a lovely rest of your day.") or only says a plain stock apology or hope ("Sorry for
    any inconvenience caused.", "Hopefully that helps a little."), nor "Are you sure?" to a customer who has
    just turned an offer down, harmful by a head's score alone."""
    clauses = clause_windows(work.windows)
    abuse = abuse_evidence(heard)
    for c in [c for c in work.kept if c.move in HARMFUL and c.source == "head"]:
        said = work.windows[c.window].text
        if c.window < len(clauses) and greeting_only(said):
            work.drop("boundary", c, f"the clause only greets ('{said.strip()}')")
        elif parting_only(said):
            work.drop("boundary", c, f"the clause only takes leave ('{said.strip()}')")
        elif stock_courtesy_only(said):
            why = f"the clause is only a stock courtesy ('{said.strip()}'), a thin one, not harm"
            work.drop("boundary", c, why)
        elif c.move == "blame" and reconsider_after_refusal(said, heard):
            work.drop("boundary", c, f"'{said.strip()}' presses an offer the customer just turned down")
    for c in [c for c in work.kept if c.move in ("rude", "dismissive")]:
        window = work.windows[c.window]
        asked = name_request_evidence(window.text) if c.source == "head" and c.move == "rude" else ""
        if asked:
            work.drop("boundary", c, f"asks the customer's name ('{asked}'): no rule found rudeness")
            continue
        words, c_end = boundary_evidence(window.text), window.end
        if not words and 0 < c.window < len(clauses) and _consequence(window.text):
            # "any more threats | and I stop talking": the boundary spans the two clauses
            window = work.windows[c.window - 1]
            words = boundary_evidence(work.text[window.start : work.windows[c.window].end])
        if words and c.source == "rule" and not _only_in_boundary(c, work.text, window.start, c_end):
            continue  # "don't you talk to me like that, you idiot": the insult is no part of the boundary
        if words and loudness_only(words) and not abuse:
            why = f"'{words}' told to a customer who was upset, not abusive (no swearing, insult or threat)"
            if c.move == "rude" or c.source != "rule":
                work.trace.append(Verdict("boundary", c, True, f"{why}: talking down, {c.move}"))
                continue
            work.drop("boundary", c, f"{why}: talking down, rude rather than dismissive")  # these very words
            if "rude" not in work.moves_in(c.window):
                work.keep("boundary", replace(c, move="rude"), f"{why}: talking down, rude")
            continue
        if words:
            said = f"; the customer said '{abuse}'" if abuse else ""
            work.drop("boundary", c, f"a calm boundary on abusive behaviour ('{words}'{said}), not {c.move}")


def _only_in_boundary(c: Candidate, text: str, start: int, end: int) -> bool:
    """Whether a rule's words share words with a boundary in text[start:end] ("back off the counter", "don't
    call me an idiot") and no insult stands outside the boundaries there ("..., you moron")."""
    said = text[start:end]
    spans = boundary_spans(said)
    touches = any(c.start < start + b and start + a < c.end for a, b in spans)
    return touches and not insult_outside(said, spans)


def stage_ownership(work: Work) -> None:
    """Stage `ownership`: a clause in which the company owns the fault ("that was a processing fault on our
    side") is not defensive and blames nobody, whatever else it explains; one that clears the customer ("you
    shouldn't have to check every receipt") blames nobody. An explanation the answer then takes back by owning
    the fault ("the till shows diet, so it happened at the pouring. I'm not making excuses, it was our
    failure") is no excuse either: trainers marked none of 125 such training clauses defensive. Blame a head
    alone heard is dropped when the answer owns the fault in another clause ("He said yes when you checked.
    That's our failure"), and rudeness or dismissal a head alone heard when the clause clears the customer
    ("Nobody should have to stand in a queue feeling like that")."""
    clauses = clause_windows(work.windows)
    for c in [c for c in work.kept if c.move in ("defensive", "blame", "rude", "dismissive")]:
        window = work.windows[c.window]
        owned = ownership_evidence(window.text)
        if c.move in ("rude", "dismissive") and c.source == "rule":
            continue  # "nobody should have to put up with this crap": a rule's words are rude whatever else
        if c.move in ("defensive", "blame") and not owned:
            after = window.end if c.move == "defensive" else -1  # blame: the fault owned anywhere else
            owned_elsewhere = first_ownership(w.text for w in clauses if w.start >= after and w != window)
            if owned_elsewhere and (c.move == "defensive" or c.source == "head"):
                when = "then" if c.move == "defensive" else "elsewhere"
                why = f"the answer {when} owns the fault ('{owned_elsewhere}'), so not {c.move}"
                work.drop("ownership", c, why)
                continue
        if c.move not in cleared_moves(window.text):
            continue
        cleared = exoneration_evidence(window.text)
        why = f"owns the fault ('{owned}')" if owned else f"clears the customer ('{cleared}')"
        work.drop("ownership", c, f"{why}, so not {c.move}")


def stage_negation(work: Work, heads: Heads) -> None:
    """Stage `negation`: a harmful rule whose words are negated in their clause ("I'm not going to tell you
    to calm down", "you didn't do anything wrong") is dropped when the head does not find the harm either;
    so is a negated offer ("a month free isn't something we can offer", "a free month isn't happening") and
    one set aside ("not a voucher", "a voucher doesn't answer that"), and an offer the head heard in a clause
    kept as a refusal of it ("I'm not refunding anything")."""
    negatable = (*HARMFUL, *_OFFERS)
    offered = without_turned_down_offers(work.text)
    refusing = {c.window for c in work.kept if c.move == "refusal"}
    for c in [c for c in work.kept if c.source == "head" and c.move in _OFFERS and c.window in refusing]:
        refused = refused_outright(work.windows[c.window].text)
        if refused:  # "I'm not refunding anything": the head hears the offer's words, the clause refuses them
            work.drop("negation", c, f"the clause is a refusal of the offer ('{refused}')")
    for c in [c for c in work.kept if c.source == "rule" and c.move in negatable and c.move in heads.moves]:
        clause = work.windows[c.window]
        if c.move in _OFFERS and not offered[c.start : c.end].strip():
            said = work.text[clause.start : clause.end].strip()
            why = f"the offer is turned down or set aside, or is what the customer booked ('{said}')"
            work.drop("negation", c, why)
            continue
        before = work.text[clause.start : c.start]
        # only a negator before the rule's words: "not my fault" or "nothing I can do" are harm in themselves
        negator = _NEGATOR.search(before)
        if negator and c.move in HARMFUL and _new_subject(before, work.text[c.start : c.end]):
            negator = None  # "it's not a big deal you've probably put the wrong ones in": a new clause
        # only when the rule's words stay in one clause: "a free month isn't something I can give, but I can
        # add a guest pass" turns down the month, not the pass whose rule's words began in the first clause
        one_clause = c.move in _OFFERS and clause.start <= c.start and c.end <= clause.end
        denied = denial_after_offer(work.text[c.start : clause.end]) if one_clause else ""
        if denied and not negator:
            work.drop("negation", c, f"the offer is turned down in the same clause ('{denied}')")
            continue
        thr = heads.threshold(c.move)
        if negator and c.score < thr:
            why = f"negated ('{negator.group(0)}'); the head scores it {c.score:.2f} < {thr:.2f}"
            work.drop("negation", c, why)


_SUBJECT = re.compile(r"^(?:you|i|we|they|he|she)\b", re.I)
# words that carry a negator on to a clause they introduce: "I'm not saying you should have", "not that you"
_LINKS = re.compile(
    r"\b(?:say|says|saying|said|suggest|suggesting|think|thinks|thinking|mean|meaning|imply|implying|blame|"
    r"blaming|accuse|accusing|claim|claiming|tell|telling|told|that|if|because|whether|sure|believe|expect)"
    r"\W*$",
    re.I,
)


def _new_subject(before: str, words: str) -> bool:
    """The rule's words open a clause of their own (a new subject) which no verb of saying links to the
    negator before it: in transcripts without punctuation the clause window runs on past the negated part."""
    return bool(_SUBJECT.match(words.lstrip())) and not _LINKS.search(before.rstrip())


def _first_word(text: str) -> str:
    return text.lstrip(" ,").split(" ", 1)[0].lower().strip(",")


def _consequence(text: str) -> bool:
    return _first_word(text) in {"and", "or", "then", "otherwise"}


def _starts_with_contrast(text: str) -> bool:
    return _first_word(text) in {"but", "though", "however", "although", "yet", "except"}


# "I'm sorry", "I understand", "I hear you": empathy the next "but" can undo, kept as a move or not
_EMPATHY_WORDS = re.compile(
    r"\b(?:sorry|apologi[sz]e|apologies|understand|i\s+get\s+(?:it|that)|i\s+hear\s+you|appreciate)\b", re.I
)


def stage_polite_harm(work: Work, scores: NDArray[np.float64], heads: Heads) -> None:
    """Stage `polite harm`: in "I'm sorry, but I just answer the phones" the contrast after an apology or an
    acknowledgement supports the harm as a rule's words would: the clause after "but" is kept as the harm its
    head hears most when that scores over the move's threshold with a rule, unless the clause already makes a
    harmful move, or it or a later clause a resolution move ("sorry, but I can refund it"). `undo` then drops
    the empathy it undid. On round 19's holdout it kept 6 clauses at half a rule's support (the midpoint of
    the thresholds with and without a rule), all harm to trainers; at a rule's it keeps 3 more on rounds 19
    and 20 (dev: "I'm really sorry but she's on a call with head office so it might be a while"), all harm."""
    clauses = clause_windows(work.windows)
    harmful = [(k, m) for k, m in enumerate(heads.moves) if m in _UNDOING]
    for k in range(len(clauses) - 1):
        after, empathy = clauses[k + 1], sorted(work.moves_in(k) & set(EMPATHY))
        said = _EMPATHY_WORDS.search(clauses[k].text)
        empathy = empathy or ([f"'{said.group(0)}'"] if said else [])
        if (
            not empathy
            or not _starts_with_contrast(after.text)
            or work.moves_in(k + 1) & set(HARMFUL)
            or any(c.move in _RESOLUTION for c in work.kept if after.start <= c.start < clauses[-1].end)
        ):
            continue
        best = max(harmful, key=lambda km: float(scores[k + 1, km[0]]), default=None)
        if best is None:
            continue
        col, move = best
        score = float(scores[k + 1, col])
        thr = heads.threshold(move)
        if score >= thr:
            c = Candidate(move, k + 1, after.start, after.end, "head", f"head score {score:.2f}", score)
            why = f"after {empathy[0]} and '{after.text.split()[0]}': head {score:.2f} ≥ {thr:.2f}"
            work.keep("polite harm", c, why)


def stage_harm_words(work: Work, scores: NDArray[np.float64], heads: Heads) -> None:
    """Stage `harm words`: set phrases that harm whatever else the answer does ("I'm sorry you feel you
    weren't kept informed", "sorry for any inconvenience this may have caused", "anything else? I've got a
    queue", "I just work the desk", "for next time, it's always worth…"). Their words
    (`harm_words.HARM_WORDS`, each counted on labelled segments) count as a rule's: the clause they start in
    is kept as their move unless the heads veto it (neither a clause they span nor the whole answer scores
    the move at its veto floor) or a clause they span already makes that move. Words marked `own_clause`
    ("sorry you feel…") must lie in one clause, are vetoed by its score alone and are skipped where it makes
    any harmful move. `harm alone` then drops the apology or empathy it seemed to show."""
    clauses = clause_windows(work.windows)
    for phrase, said in harm_words(work.text):
        if phrase.move not in heads.moves:
            continue
        spanned = [k for k, w in enumerate(clauses) if w.start < said.end() and said.start() < w.end]
        if phrase.own_clause:  # read in its own clause only (non-apology's words: `HarmWords.own_clause`)
            inside = len(spanned) == 1 and said.end() <= clauses[spanned[0]].end
            if not inside or work.moves_in(spanned[0]) & set(HARMFUL):
                continue
            vetoed_by = spanned
        elif not spanned or any(phrase.move in work.moves_in(k) for k in spanned):
            continue
        else:
            vetoed_by = [*spanned, len(work.windows) - 1]
        col, k = heads.moves.index(phrase.move), spanned[0]
        score, thr = max(float(scores[j, col]) for j in vetoed_by), heads.veto(phrase.move)
        if score >= thr:
            end = min(said.end(), clauses[k].end)
            c = Candidate(phrase.move, k, said.start(), end, "head", f"head score {score:.2f}", score)
            why = (
                f"'{said.group(0)}' is {phrase.move} ({phrase.rule_id}: {phrase.backed_by}): "
                f"head {score:.2f} ≥ veto floor {thr:.2f}"
            )
            work.keep("harm words", c, why)


def stage_undo(work: Work) -> None:
    """Stage `undo`: "sorry, but you should have…" is blame, not an apology; "I can't refund it, but I can
    send a new one" is an offer, not a refusal. Decided on neighbouring clauses joined by a contrast word."""
    clauses = clause_windows(work.windows)
    for k in range(len(clauses) - 1):
        if not _starts_with_contrast(clauses[k + 1].text):
            continue
        after = work.moves_in(k + 1)
        harm = [m for m in _UNDOING if m in after]
        if harm:
            for c in [c for c in work.kept if c.window == k and c.move in EMPATHY]:
                work.drop(
                    "undo", c, f"undone by '{clauses[k + 1].text.split()[0]}' + {harm[0]} in the next clause"
                )
        redirect = [m for m in _REDIRECTS if m in after]
        if redirect:
            for c in [c for c in work.kept if c.window == k and c.move == "refusal"]:
                work.drop("undo", c, f"a refusal followed by an alternative ({redirect[0]}) is a redirection")
    whole = len(work.windows) - 1 if len(work.windows) > 1 else None
    undone = {v.candidate.move for v in work.trace if v.stage == "undo"}
    for c in [c for c in work.kept if c.window == whole and c.move in undone]:
        if not any(o.move == c.move and o.window != whole for o in work.kept):
            work.drop("undo", c, "only the whole answer supported it, and its clause was undone")


_SILENCED = ("restate", "question", "acknowledge", "apology", "thanks", "reassure")
_RESOLUTION = MOVES_BY_STEP["resolution"]


def stage_harm_alone(work: Work) -> None:
    """Stage `harm alone`: a clause kept as harm makes no listening or empathy move of its own ("Third problem
    this year? You must be our unluckiest member." restates nothing; "I'm sorry you feel that way" apologises
    for nothing). Trainers mark a harmful segment with its harm alone: 1 of 6,477 training segments differ.
    A sarcastic clause offers nothing either unless the offer outscores the sarcasm ("I'll just get the sea
    moved round to your side, shall I?" is a mock offer): of 2,192 training segments marked sarcasm, none
    carries a resolution move."""
    clauses = clause_windows(work.windows)
    for h in [c for c in work.kept if c.move in HARMFUL and c.window < len(clauses)]:
        said = work.text[h.start : h.end].strip()
        for c in [c for c in work.kept if c.window == h.window and c.move in _SILENCED]:
            work.drop("harm alone", c, f"its clause is {h.move} ('{said}')")
        if h.move != "sarcasm":
            continue
        mocked = [c for c in work.kept if c.window == h.window and c.move in _RESOLUTION]
        for c in [c for c in mocked if round(c.score, 2) <= round(h.score, 2)]:  # as the trace shows them
            work.drop("harm alone", c, f"a mock offer: its clause is sarcasm ({h.score:.2f} ≥ {c.score:.2f})")
