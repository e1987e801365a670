"""The judge: rules and trained heads over clause embeddings, as a pipeline of named stages (pure)."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from simulator.detect.boundary import cleared_moves, first_ownership, parting_only, stock_courtesy_only
from simulator.detect.candidates import Candidate, Verdict, Work, clause_windows, inside, window_of
from simulator.detect.clauses import Clause, split_clauses
from simulator.detect.context import DetectionContext
from simulator.detect.context_stage import (
    OFFER_KINDS,
    ContextIndex,
    OfferWords,
    offer_word_support,
    stage_combined_offers,
    stage_context,
    stage_offer_kinds,
)
from simulator.detect.features import WindowSignals, feature_row
from simulator.detect.harm_stages import (
    stage_boundary,
    stage_harm_alone,
    stage_harm_words,
    stage_negation,
    stage_ownership,
    stage_polite_harm,
    stage_undo,
)
from simulator.detect.heads import Heads
from simulator.detect.meaning import lexical_overlap as _overlap
from simulator.detect.stack import answer_features, rule_support
from simulator.detect.statement_stage import stage_statement
from simulator.moves import HARMFUL, Move, first_per_move

Embed = Callable[[Sequence[str]], NDArray[np.float32]]
# every rule match of an answer (`Detector.detect_all`): each move's preferred match first, then its others
RuleDetect = Callable[[str, DetectionContext | None], tuple[Move, ...]]

RULE_ONLY = frozenset({"name"})  # moves no head judges: a name is a fact of the words
MAX_CLAUSES = 24  # an answer is at most 2,000 characters; this bounds the work on anything longer
_CONSIDER = 0.5  # head scores at or above this share of the threshold are shown in the trace
# Moves that cost a trainee dearly when wrongly heard (an accusation, or a conversation ended as escalated):
# without any rule's words for the move, the head alone must be this sure. Chosen on the dev conversations
# (tests/data/playthroughs_alt): 35 of 36 good trainees pass at 0.85, 32 at 0.7.


@dataclass(frozen=True, slots=True)
class Judgement:
    """The moves of one utterance and the trace of every stage that led to them."""

    text: str
    moves: tuple[Move, ...]
    windows: tuple[Clause, ...]
    trace: tuple[Verdict, ...] = ()
    scores: tuple[tuple[float, ...], ...] = field(default=())


def window_spans(text: str) -> tuple[Clause, ...]:
    """Stage `windows`: each clause, plus the whole utterance when it has several."""
    clauses = split_clauses(text)
    if not clauses:
        return ()
    if len(clauses) > MAX_CLAUSES:  # a runaway answer: the tail is judged as one window
        tail = Clause(
            text[clauses[MAX_CLAUSES - 1].start : clauses[-1].end],
            clauses[MAX_CLAUSES - 1].start,
            clauses[-1].end,
        )
        clauses = (*clauses[: MAX_CLAUSES - 1], tail)
    if len(clauses) == 1:
        return clauses
    return (*clauses, Clause(text.strip(), len(text) - len(text.lstrip()), len(text.rstrip())))


def window_embeddings(embed: Embed, texts: Sequence[str]) -> NDArray[np.float32]:
    """Stage `encode`: each clause through the encoder; the whole answer (the last of several windows) as
    the word-weighted mean of its clauses' embeddings, so no token is encoded twice (half the work)."""
    if len(texts) < 2:
        return embed(texts)
    parts = embed(texts[:-1])
    weights = np.array([len(t.split()) + 2 for t in texts[:-1]], dtype=np.float32)
    whole = (weights[:, None] * parts).sum(0)
    whole /= max(float(np.linalg.norm(whole)), 1e-12)
    return np.vstack([parts, whole[None, :]]).astype(np.float32)


class Judge:
    """Runs the stages; `embed` and `heads` may be None, and then the judge is the rule detector alone."""

    def __init__(self, rules: RuleDetect, embed: Embed | None, heads: Heads | None) -> None:
        self.rules = rules
        self.embed = embed
        self.heads = heads
        self._contexts: dict[tuple[object, ...], ContextIndex] = {}
        self._heard: dict[str, NDArray[np.float32]] = {}

    def index(self, context: DetectionContext) -> ContextIndex:
        key = context.key()
        hit = self._contexts.get(key)
        if hit is None:
            if len(self._contexts) > 16:
                self._contexts.clear()
            hit = self._contexts[key] = ContextIndex(context, self.embed)
        return hit

    def _heard_embeddings(self, heard: Sequence[str]) -> NDArray[np.float32]:
        missing = [h for h in dict.fromkeys(heard) if h not in self._heard]
        if missing and self.embed is not None:
            if len(self._heard) > 256:
                self._heard.clear()
            for line, row in zip(missing, self.embed(missing), strict=True):
                self._heard[line] = row
        rows = [self._heard[h] for h in heard if h in self._heard]
        return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def judge(
        self, text: str, context: DetectionContext | None = None, heard: Sequence[str] = ()
    ) -> Judgement:
        """Every stage over one utterance; `heard` is what the customer has said so far."""
        context = context or DetectionContext()
        windows = window_spans(text)
        if not windows:
            return Judgement(text, (), ())
        index = self.index(context)
        rows, embeddings, rules = self.feature_rows(text, windows, context, heard)
        work = Work(text, windows, embeddings, [], [])
        scores: NDArray[np.float64] = np.zeros((0, 0))
        if self.heads is not None and rows is not None:
            scores = self.heads.probabilities(rows)
            named = offer_word_support([w.text for w in clause_windows(windows)], index)
            stage_decide(work, rules, scores, self.heads, named)
            authored = _Lazy(lambda: self.authored_moves(text, context, rules))
            explained = _explained(work, scores, self.heads.moves)
            stage_answer(work, rules, explained, self.heads, authored, named)
        else:
            for c in rules:
                work.keep("heads", c, "rule detector alone (no trained heads loaded)")
        if self.heads is not None:
            stage_negation(work, self.heads)
            stage_polite_harm(work, scores, self.heads)
            stage_harm_words(work, scores, self.heads)
        stage_boundary(work, heard)
        stage_ownership(work)
        stage_undo(work)
        stage_harm_alone(work)
        stage_statement(work)
        stage_context(work, index, self.heads is not None)
        stage_offer_kinds(work, index)
        stage_combined_offers(work, index)
        return Judgement(
            text, stage_evidence(work), windows, tuple(work.trace), tuple(map(tuple, scores.tolist()))
        )

    def authored_moves(self, text: str, context: DetectionContext, rules: Sequence[Candidate]) -> set[str]:
        """The rule moves only the scenario's own phrases found (the packs alone do not): the author's
        wording for this scenario, which the answer stage leaves alone."""
        own = {c.move for c in rules if c.move in context.extra_phrases}
        if not own:
            return set()
        generic = replace(context, extra_phrases=MappingProxyType({}))
        return own - {m.move for m in self.rules(text, generic)}

    def feature_rows(
        self, text: str, windows: Sequence[Clause], context: DetectionContext, heard: Sequence[str]
    ) -> tuple[NDArray[np.float32] | None, NDArray[np.float32], list[Candidate]]:
        """Stages `rules` and `encode`: rule candidates, window embeddings and the heads' feature rows."""
        matches = self.rules(text, context)
        rules = stage_rules(windows, first_per_move(matches))
        if self.embed is None:
            return None, np.zeros((len(windows), 0), np.float32), rules
        embeddings = window_embeddings(self.embed, [w.text for w in windows])
        index = self.index(context)
        heard_emb = self._heard_embeddings(heard)
        heard_text = (*heard, *index.detail_phrases)
        # each clause's own rule moves, from every match (the candidates keep one per move, so a second
        # clause that acknowledges would otherwise carry no acknowledge flag)
        clauses = windows[:-1] if len(windows) > 1 else ()
        own = [{m.move for m in matches if w.start <= m.start < w.end} for w in clauses]
        rows = []
        for k, w in enumerate(windows):
            emb = embeddings[k]
            flags = {c.move for c in rules if c.window == k or inside(c, w)}
            flags |= own[k] if k < len(own) else set().union(*own)
            signals = WindowSignals(
                w.text,
                flags,
                float((heard_emb @ emb).max()) if heard_emb.shape[0] else 0.0,
                _overlap(w.text, heard_text),
                index.offers.max_similarity(emb),
                whole=k == len(windows) - 1 and len(windows) > 1,
            )
            rows.append(feature_row(emb, signals))
        return np.stack(rows), embeddings, rules


def stage_rules(windows: Sequence[Clause], moves: Sequence[Move]) -> list[Candidate]:
    """Stage `rules`: the rule detector's moves as candidates on the clause holding their evidence."""
    out = []
    for m in moves:
        k = window_of(windows, m.start, m.end)
        why = f"rule matched '{m.evidence}'"
        out.append(Candidate(m.move, k, m.start, m.end, "rule", why, 1.0, m.detail))
    return out


def stage_decide(
    work: Work,
    rules: list[Candidate],
    scores: NDArray[np.float64],
    heads: Heads,
    named: Mapping[str, OfferWords] | None = None,
) -> None:
    """Stage `heads`: a head's score at or over its move's threshold keeps a move; a rule is kept unless the
    head for its move scores under the move's veto floor everywhere around its evidence. An offer move whose
    scenario offer is `named` by its words in a clause is judged like a rule's move there and on the whole
    answer ("call you on Friday with where the investigation is" lends no offer to "so clear with me")."""
    named = named or {}
    moves = heads.moves
    for c in rules:
        if c.move in RULE_ONLY or c.move not in moves:
            work.keep("heads", c, "rule-only move")
            continue
        if c.detail and c.move in OFFER_KINDS.values():
            work.keep(
                "heads", c, f"rule names the scenario's offer {', '.join(c.detail)}: the author's wording"
            )
            continue
        col = moves.index(c.move)
        near = [k for k, w in enumerate(work.windows) if inside(c, w)]
        best = max((scores[k, col] for k in near), default=0.0)
        veto = heads.veto(c.move)
        scored = replace(c, score=float(best))
        if best >= veto:
            work.keep("heads", scored, f"rule kept: head score {best:.2f} ≥ veto floor {veto:.2f}")
        else:
            work.drop("heads", scored, f"rule overruled: head score {best:.2f} < veto floor {veto:.2f}")
    have = {c.move for c in work.kept}
    ruled = {c.move for c in rules}
    whole = len(work.windows) - 1 if len(work.windows) > 1 else None
    for col, move in enumerate(moves):
        if move in RULE_ONLY:
            continue
        at = named[move].clauses | {whole} if move in named else frozenset()
        for k, w in enumerate(work.windows):
            alone = move not in ruled and k not in at
            thr = heads.head_only_threshold(move) if alone else heads.threshold(move)
            p = float(scores[k, col])
            if p < thr * _CONSIDER or (k == whole and move in heads.clause_only):
                continue  # tuned per move: some have to show in a clause of their own, not only in the whole
            c = Candidate(move, k, w.start, w.end, "head", f"head score {p:.2f}", p)
            if p >= thr and move not in have:
                words = f" (the answer names {named[move].why})" if k in at else ""
                words += heads.ease_note(move) if alone else ""
                work.keep("heads", c, f"head score {p:.2f} ≥ threshold {thr:.2f}{words}")
                have.add(move)
            elif p >= thr:
                work.trace.append(Verdict("heads", c, False, f"head score {p:.2f}: {move} already kept"))
                if k != whole:
                    work.also.append(c)
            elif thr > heads.threshold(move):
                work.trace.append(
                    Verdict(
                        "heads",
                        c,
                        False,
                        f"head score {p:.2f} < {thr:.2f}, needed for {move} with no rule's words",
                    )
                )
            else:
                work.trace.append(Verdict("heads", c, False, f"head score {p:.2f} < threshold {thr:.2f}"))


def _explained(work: Work, scores: NDArray[np.float64], moves: Sequence[str]) -> NDArray[np.float64]:
    """The heads' scores with a harm the clause's own words rule out set to 0 ("i get it, you shouldn't
    have to check every receipt" is no blame; "sorry again, and have a good day" is no harm), so the
    answer stage does not hold it against the rest; so is blame no rule found, anywhere in an answer that
    owns the fault ("He said yes when you checked. That's our failure")."""
    col = {m: k for k, m in enumerate(moves)}
    out = scores.copy()
    for w, window in enumerate(work.windows):
        only_courtesy = parting_only(window.text) or stock_courtesy_only(window.text)
        cleared = HARMFUL if only_courtesy else cleared_moves(window.text)
        for move in cleared & col.keys():
            out[w, col[move]] = 0.0
    ruled = any(c.move == "blame" and c.source == "rule" for c in work.kept)
    if "blame" in col and not ruled and first_ownership(w.text for w in work.windows):
        out[:, col["blame"]] = 0.0
    return out


def _courtesy_agreed(c: Candidate, heads: Heads) -> bool:
    """A bare "sorry" or "thanks" said alone: the rule and its own head agree, and a one-clause answer
    holds nothing else for the answer stage to weigh against them."""
    return c.move in ("apology", "thanks") and c.score >= heads.threshold(c.move)


class _Lazy:
    """A set of moves worked out only when first asked about (a second rule pass: rarely needed)."""

    def __init__(self, compute: Callable[[], set[str]]) -> None:
        self._compute = compute
        self._moves: set[str] | None = None

    def __contains__(self, move: object) -> bool:
        if self._moves is None:
            self._moves = self._compute()
        return move in self._moves


def stage_answer(
    work: Work,
    rules: list[Candidate],
    scores: NDArray[np.float64],
    heads: Heads,
    authored: Container[str] = (),
    named: Container[str] = (),
) -> None:
    """Stage `answer`: a second look at the whole answer. Every move the heads kept is weighed against all
    heads' best scores and the rules at once, and dropped when that answer-level score is under its move's
    threshold (a compensation is not also a plain offer; an apology the answer undoes is not an apology).
    It never adds a move; a rule naming the scenario's own offer stays, so does a move only the scenario's
    own phrases found (`authored`: the author's wording), so does an offer whose scenario offer the answer
    `named` by its words when its head alone clears the head-only threshold ("Any diet order gets checked
    twice from now on": the answer stage never sees the scenario), so does an apology its head heard in an
    answer that owns the fault ("This one's on us": an apology by the labelling conventions), and so does a
    rule's harm in a one-clause answer ("that's not my problem"), where there is nothing else to weigh it
    against."""
    answer = heads.answer
    if answer is None:
        return
    moves = heads.moves
    col = {m: k for k, m in enumerate(moves)}
    around = [(c.move, [w for w, win in enumerate(work.windows) if inside(c, win)]) for c in rules]
    features = answer_features(scores, *rule_support(moves, scores, around))
    probs = answer.probabilities(features)
    alone = len(work.windows) == 1  # one clause: the rule's words are all there is to weigh
    said = [w.text for w in work.windows]
    for c in list(work.kept):
        if c.move not in col or (c.source == "rule" and c.detail and c.move in OFFER_KINDS.values()):
            continue
        if alone and c.source == "rule" and (c.move in HARMFUL or _courtesy_agreed(c, heads)):
            continue
        k = col[c.move]
        p, thr = float(probs[k]), float(answer.thresholds.get(c.move, 0.5))
        if p >= thr:
            continue
        best, alone_thr = float(scores[:, k].max()), heads.head_only_threshold(c.move)
        if c.source == "rule" and c.move in authored:
            why = "the scenario's own phrase names it: the author's wording"
            work.trace.append(Verdict("answer", c, True, why))
        elif c.source == "head" and c.move in named and best >= alone_thr:
            why = f"the answer names the scenario's offer; head alone {best:.2f} ≥ {alone_thr:.2f}"
            work.trace.append(Verdict("answer", c, True, why))
        elif c.move == "apology" and best >= heads.threshold(c.move) and (owned := first_ownership(said)):
            why = f"the answer owns the fault ('{owned}'): an apology by the conventions; head {best:.2f}"
            work.trace.append(Verdict("answer", c, True, why))
        else:
            why = answer.reasons(features, k, moves)
            work.drop("answer", c, f"answer-level score {p:.2f} < {thr:.2f} ({why})")


def stage_evidence(work: Work) -> tuple[Move, ...]:
    """Stage `evidence`: one Move per move, on the rule's span when a rule fired, otherwise the clause."""
    out: dict[str, Move] = {}
    order = {"rule": 0, "context": 1, "head": 2}
    for c in sorted(work.kept, key=lambda c: (c.move, not c.detail, order[c.source], c.start)):
        if c.move in out:
            prev = out[c.move]
            extra = tuple(d for d in c.detail if d not in prev.detail)
            if extra and c.move in ("offer_solution", "compensation", "restate", "question"):
                out[c.move] = replace(prev, detail=(*prev.detail, *extra))
            continue
        start, end = c.start, c.end
        text = work.text[start:end].strip()
        out[c.move] = Move(c.move, text, start, end, c.detail)
    harmful_first = sorted(out.values(), key=lambda m: (m.start, m.end, m.move))
    return tuple(m for m in harmful_first if m.move in HARMFUL or m.evidence)
