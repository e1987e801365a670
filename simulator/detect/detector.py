"""The move detector: phrase-pack patterns plus a few linguistic rules over one utterance."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from simulator.detect.compiled import Mentions, PatternBank, Patterns
from simulator.detect.context import DetectionContext
from simulator.detect.normalize import Tokens, tokenize
from simulator.detect.patterns import RegexCompiler
from simulator.detect.phrasepack import PackSource, PhrasePackError, build_lexicon, check_packs
from simulator.detect.token_rules import Cand, contrast_after, extend, find, negated
from simulator.moves import HARSH, TEXT_MOVES, Move, first_per_move, offer_moves_by_kind

_NEG_WINDOW = {"word": 2, "clause": 8}
_WH = frozenset({"who", "which", "whose", "where", "when", "what", "how", "why"})
_ALTERNATIVES = ("offer_solution", "compensation", "escalate")
_HARMFUL = HARSH
_ARGUING = ("blame", "defensive", "refusal", "rude")  # a restated fact here is ammunition
_GROANS = frozenset({"ugh", "oof", "ouch", "yikes", "gosh", "oh", "god"})
_OFFER_MOVES = offer_moves_by_kind()
_FRAMES = ("restate", "question", "acknowledge", "apology")  # frames that make a detail a restate


class Detector:
    """Checks and compiles phrase packs once (lazily, from their text) and detects moves in utterances.

    The shell reads the pack files (`simulator.content_files.load_detector`); the detector takes their text.
    """

    def __init__(
        self,
        sources: Iterable[PackSource],
        *,
        cache_size: int = 32,
        compile_regex: RegexCompiler = re.compile,
    ) -> None:
        self.sources: tuple[PackSource, ...] = tuple(sources)
        self.compile_regex = compile_regex
        self.pack_paths: tuple[Path, ...] = tuple(Path(label) for label, _ in self.sources)
        self._bank: PatternBank | None = None
        self._contexts: OrderedDict[tuple[object, ...], tuple[Patterns, Mentions]] = OrderedDict()
        self._cache_size = cache_size

    @property
    def bank(self) -> PatternBank:
        """The compiled packs; loads and validates them on first use (PhrasePackError if bad)."""
        if self._bank is None:
            packs, errors = check_packs(self.sources)
            if errors:
                raise PhrasePackError(errors)
            self._bank = PatternBank(packs, build_lexicon(packs), self.compile_regex)
        return self._bank

    def detect(self, text: str, context: DetectionContext | None = None) -> tuple[Move, ...]:
        """The moves in one utterance, in order of appearance, at most one per move."""
        return first_per_move(self.detect_all(text, context))

    def detect_all(self, text: str, context: DetectionContext | None = None) -> tuple[Move, ...]:
        """Every match that survives the stages: each move's preferred match first (in order of appearance),
        then its other matches (the judge flags each clause with the moves found in its own words)."""
        bank = self.bank
        if not isinstance(text, str) or not text.strip():
            return ()
        tokens = tokenize(text, bank.lexicon)
        if not tokens.words:
            return ()
        ctx_patterns, mentions = self._for_context(context)
        cands = self._candidates(tokens, bank.generic, ctx_patterns)
        self._negation(tokens, cands)
        self._embedded_questions(tokens, cands)
        self._suppress(tokens, cands)
        self._undo(tokens, cands)
        self._alternative_offered(tokens, cands)
        self._harmful_sentences(tokens, cands)
        self._restate_details(tokens, cands, mentions)
        self._offers(tokens, cands, mentions)
        return self._moves(tokens, cands)

    # -- stages -------------------------------------------------------------------------

    def _for_context(self, context: DetectionContext | None) -> tuple[Patterns | None, Mentions]:
        if context is None or context == _EMPTY:
            return None, Mentions((), ())
        key = (
            context.customer_name,
            context.key_details,
            context.offers,
            tuple(sorted((k, tuple(v)) for k, v in context.extra_phrases.items())),
        )
        hit = self._contexts.get(key)
        if hit is None:
            hit = (self.bank.compile(context, contextual=True), self.bank.mentions(context))
            self._contexts[key] = hit
            while len(self._contexts) > self._cache_size:
                self._contexts.popitem(last=False)
        else:
            self._contexts.move_to_end(key)
        return hit

    def _candidates(self, tokens: Tokens, generic: Patterns, ctx: Patterns | None) -> dict[str, list[Cand]]:
        out: dict[str, list[Cand]] = {}
        for move in TEXT_MOVES:
            found = find(tokens, generic.positive[move])
            blocked = find(tokens, generic.block[move])
            if ctx is not None:
                found += find(tokens, ctx.positive[move])
                blocked += find(tokens, ctx.block[move])
            found = [c for c in found if not any(c.overlaps(b) for b in blocked)]
            if found:
                out[move] = sorted(found, key=lambda c: (c.i, -c.j))
        return out

    def _negation(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> None:
        lex = self.bank.lexicon
        for move in list(cands):
            window = _NEG_WINDOW.get(self.bank.rules[move].negation)
            if window:
                inside = move in _OFFER_MOVES.values()
                cands[move] = [c for c in cands[move] if not negated(tokens, c, lex, window, inside)]

    def _embedded_questions(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> None:
        """ "Your son, who is diabetic, ..." / "..., which is annoying": a wh-word after a comma
        in a sentence without a question mark is a relative clause, not a question."""
        if "question" not in cands:
            return
        asked = {tokens.sentence[k] for k, w in enumerate(tokens.words) if w == "?"}
        cands["question"] = [
            c
            for c in cands["question"]
            if tokens.sentence[c.i] in asked
            or c.i == 0
            or tokens.words[c.i - 1] != ","
            or tokens.words[c.i] not in _WH
        ]
        if not cands["question"]:
            del cands["question"]

    def _suppress(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> None:
        """Cancel overlapping victims; the suppressor counts with its clause/sentence extension
        ("I'll call you back in an hour": the time belongs to the follow-up, not a next step)."""
        snapshot = {
            m: [Cand(c.i, extend(tokens, c.j, self.bank.rules[m].extend)) for c in cs]
            for m, cs in cands.items()
        }
        for move, mine in snapshot.items():
            for victim in self.bank.rules[move].suppresses:
                if victim in cands and victim != move:
                    cands[victim] = [c for c in cands[victim] if not any(c.overlaps(s) for s in mine)]

    def _alternative_offered(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> None:
        """ "I can't refund it, but I can send a new one": a refusal followed (after a contrast,
        in the same sentence) by an offer is a polite redirection, not a refusal."""
        if "refusal" not in cands:
            return
        lex = self.bank.lexicon
        offers = [c for m in _ALTERNATIVES for c in cands.get(m, [])]
        if not offers:
            return
        contrasts = [k for k, w in enumerate(tokens.words) if w in lex.contrast]
        last_offer: dict[int, int] = {}  # sentence -> start of its last offer
        for o in offers:
            sent = tokens.sentence[o.i]
            last_offer[sent] = max(last_offer.get(sent, -1), o.i)
        keep = []
        for c in cands["refusal"]:
            n = bisect_right(contrasts, c.j)
            k = contrasts[n] if n < len(contrasts) else None
            sent = tokens.sentence[c.j]
            if k is None or tokens.sentence[k] != sent or last_offer.get(sent, -1) <= k:
                keep.append(c)
        cands["refusal"] = keep
        if not keep:
            del cands["refusal"]

    def _harmful_sentences(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> None:
        """In a sentence that blames, refuses or dismisses, a restated fact is ammunition, not
        listening; a bare trailing "sorry" after a harmful move is not an apology."""
        harmful = [c for m in _HARMFUL for c in cands.get(m, [])]
        if not harmful:
            return
        bad = {tokens.sentence[k] for m in _ARGUING for c in cands.get(m, []) for k in (c.i, c.j)}
        first_harm: dict[int, int] = {}  # sentence -> end of its first harmful move
        for h in harmful:
            sent = tokens.sentence[h.j]
            first_harm[sent] = min(first_harm.get(sent, h.j), h.j)
        if "restate" in cands:
            cands["restate"] = [c for c in cands["restate"] if tokens.sentence[c.i] not in bad]
        if "apology" in cands:
            cands["apology"] = [
                c
                for c in cands["apology"]
                if not (
                    c.i == c.j
                    and tokens.words[c.i] == "sorry"
                    and first_harm.get(tokens.sentence[c.i], c.i) < c.i
                )
            ]
        if "acknowledge" in cands:  # "ugh ok what did you do to it": a groan, not empathy
            harm_sents = {tokens.sentence[h.j] for h in harmful}
            cands["acknowledge"] = [
                c
                for c in cands["acknowledge"]
                if not (
                    c.j - c.i <= 1 and tokens.words[c.i] in _GROANS and tokens.sentence[c.i] in harm_sents
                )
            ]
        for move in ("restate", "apology", "acknowledge"):
            if move in cands and not cands[move]:
                del cands[move]

    def _undo(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> None:
        """ "Sorry, but you should have checked": empathy undone by a contrast + harmful move."""
        rules = self.bank.rules
        lex = self.bank.lexicon
        harmful = [c for m, cs in cands.items() if rules[m].undoes for c in cs]
        origin = {id(h): h.i for h in harmful}  # where each harmful move began (before undoing)
        empathy = sorted(
            (e for m in cands if rules[m].undone_by_contrast for e in cands[m]), key=lambda e: e.i
        )
        starts = [e.i for e in empathy]
        for move in [m for m in cands if rules[m].undone_by_contrast]:
            keep = []
            for c in cands[move]:
                j = c.j  # "I'm sorry, I know it's hard, but ...": chained empathy share the "but"
                for e in empathy[bisect_right(starts, j) : bisect_right(starts, j + 3)]:
                    if e.i > j and tokens.sentence[e.i] == tokens.sentence[j]:
                        j = max(j, e.j)
                k = contrast_after(tokens, j, lex.contrast)
                target = (
                    None
                    if k is None
                    else next(
                        (
                            h
                            for h in sorted(harmful, key=lambda h: origin[id(h)])
                            if origin[id(h)] > k and tokens.sentence[origin[id(h)]] == tokens.sentence[k]
                        ),
                        None,
                    )
                )
                if target is None:
                    keep.append(c)
                else:
                    target.i = min(target.i, c.i)
            cands[move] = keep

    def _restate_details(self, tokens: Tokens, cands: dict[str, list[Cand]], mentions: Mentions) -> None:
        if not mentions.details:
            return
        found = [(c, did) for did, rx in mentions.details for c in find(tokens, rx)]
        question_sents = {tokens.sentence[k] for k, w in enumerate(tokens.words) if w == "?"}
        frames = [c for m in _FRAMES for c in cands.get(m, [])]
        restate = cands.setdefault("restate", [])
        for c, did in sorted(found, key=lambda x: x[0].i):
            sent = tokens.sentence[c.i]
            home = next((r for r in restate if tokens.sentence[r.i] <= sent <= tokens.sentence[r.j]), None)
            if home is None:
                frame = next((f for f in frames if tokens.sentence[f.i] == sent), None)
                if frame is None and sent not in question_sents:
                    continue
                home = Cand(min(c.i, frame.i) if frame else c.i, c.j)
                restate.append(home)
            home.i, home.j = min(home.i, c.i), max(home.j, c.j)
            if did not in home.detail:
                home.detail = (*home.detail, did)
        if not restate:
            del cands["restate"]

    def _offers(self, tokens: Tokens, cands: dict[str, list[Cand]], mentions: Mentions) -> None:
        """Cite every scenario offer a framed offer names, in order of appearance (several
        ids on one move); overlapping mentions: the longest (most specific) wins,
        then the scenario's order. Evidence is the first offer's span."""
        if not mentions.offers:
            return
        lex = self.bank.lexicon
        frames = [c for m in _OFFER_MOVES.values() for c in cands.get(m, [])]
        found: dict[str, list[tuple[Cand, int, str, Cand]]] = {}
        for rank, (oid, rx, kind) in enumerate(mentions.offers):
            move = _OFFER_MOVES.get(kind, "offer_solution")
            for c in find(tokens, rx):
                if negated(tokens, c, lex, 8):
                    continue
                sent = tokens.sentence[c.i]
                frame = next((f for f in frames if tokens.sentence[f.i] == sent and f.i <= c.j), None)
                if frame is None:
                    continue
                found.setdefault(move, []).append((c, rank, oid, frame))
                break
        for move, hits in found.items():
            kept: list[tuple[Cand, int, str, Cand]] = []
            for hit in sorted(hits, key=lambda h: (h[0].i - h[0].j, h[1])):
                if not any(hit[0].overlaps(k[0]) or hit[2] == k[2] for k in kept):
                    kept.append(hit)
            kept.sort(key=lambda h: (h[0].i, h[1]))
            c, _, _, frame = kept[0]
            sent = tokens.sentence[c.i]
            mine = cands.setdefault(move, [])
            home = next((m for m in mine if tokens.sentence[m.i] == sent), None)
            if home is None:
                home = Cand(frame.i, c.j)
                mine.append(home)
            if not home.detail:
                home.detail = tuple(dict.fromkeys(h[2] for h in kept))
                home.j = max(home.j, c.j)

    def _moves(self, tokens: Tokens, cands: dict[str, list[Cand]]) -> tuple[Move, ...]:
        """Every candidate as a move: each move's preferred match (one naming a detail, then the earliest)
        first, in order of appearance, then the other matches in order."""
        out = []
        for move, cs in cands.items():
            for rank, c in enumerate(sorted(cs, key=lambda c: (not c.detail, c.i))):
                j = extend(tokens, c.j, self.bank.rules[move].extend)
                i, j = tokens.trim(c.i, j)
                start, end = tokens.char_span(i, j)
                out.append((rank, Move(move, tokens.text[start:end], start, end, c.detail)))
        return tuple(m for _, m in sorted(out, key=lambda r: (r[0] > 0, r[1].start, r[1].end, r[1].move)))


_EMPTY = DetectionContext()
