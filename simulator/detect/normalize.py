"""Normalise an utterance to a token stream with a map back to the original characters."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

# Numbers, words (with inner apostrophes), sentence punctuation, clause punctuation, symbols.
_RAW = re.compile(
    r"\d+(?:[.,:]\d+)*"
    r"|[^\W_]+(?:['’][^\W_]+)*"
    r"|[.?!…]+"
    r"|[,;:–—]|(?<=\s)-+(?=\s)"
    r"|[%&]"
)
SENTENCE_END = frozenset({".", "?"})
PUNCT = frozenset({".", "?", ","})
_SUFFIXES = (("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"))


@lru_cache(maxsize=8)
def _soft_index(soft: tuple[str, ...]) -> tuple[frozenset[str], Mapping[str, tuple[tuple[str, ...], ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in soft:
        parts = tuple(phrase.split())
        if len(parts) > 1:
            index.setdefault(parts[0], []).append(parts)
    single = frozenset(p for p in soft if " " not in p)
    return single, MappingProxyType({k: tuple(v) for k, v in index.items()})


def _frozen_map(data: Mapping[str, tuple[str, ...]] | None = None) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists that drive normalisation and the rules around patterns (loaded from packs)."""

    contractions: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen_map)
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen_map)
    s_is: frozenset[str] = frozenset()  # words whose 's means "is" (it's, that's)
    fillers: frozenset[str] = frozenset()  # dropped from the token stream (um, uh)
    soft: tuple[str, ...] = ()  # may be skipped between pattern words (really, like, you know)
    negators: frozenset[str] = frozenset()
    non_negating: tuple[str, ...] = ()  # "no problem": phrases whose negator does not negate
    contrast: frozenset[str] = frozenset()  # but, however: start a clause that can undo empathy
    clause_words: frozenset[str] = frozenset()  # and, so, because: start a new clause
    abbreviations: frozenset[str] = frozenset()  # mr, mrs: a following "." is not a sentence end

    @property
    def soft_single(self) -> frozenset[str]:
        return _soft_index(self.soft)[0]

    @property
    def soft_phrases(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Multi-word soft phrases indexed by their first word."""
        return _soft_index(self.soft)[1]

    def pattern_words(self, word: str) -> tuple[str, ...]:
        """Normalise a pattern word exactly as the utterance is (fillers vanish)."""
        return tuple(w for w in self.normalise_word(word) if w not in self.fillers)

    def normalise_word(self, word: str) -> tuple[str, ...]:
        """Lower-case one written word and expand contractions / spelling variants."""
        w = word.lower().replace("’", "'")
        if w in self.contractions:
            parts: tuple[str, ...] = self.contractions[w]
        elif "'" in w:
            parts = (w,)
            for suffix, expansion in _SUFFIXES:
                if w.endswith(suffix) and len(w) > len(suffix):
                    parts = (w[: -len(suffix)], expansion)
                    break
            else:
                if w.endswith("'s"):
                    stem = w[:-2]
                    parts = (stem, "is") if stem in self.s_is else (stem,)
            parts = tuple(p for q in parts for p in self.contractions.get(q, (q,)))
        else:
            parts = (w,)
        out: list[str] = []
        for p in parts:
            out.extend(self.spellings.get(p, (p,)))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Normalised words joined by single spaces, with each word's span in the original text."""

    text: str
    norm: str  # words joined by single spaces; soft words carry SOFT_MARK
    words: tuple[str, ...]
    starts: tuple[int, ...]  # offset of each word in `norm`
    spans: tuple[tuple[int, int], ...]  # (start, end) of each word in `text`
    sentence: tuple[int, ...]
    clause: tuple[int, ...]

    def token_range(self, nstart: int, nend: int) -> tuple[int, int]:
        """Map a match [nstart, nend) in `norm` to the inclusive token range it covers."""
        i = bisect_left(self.starts, nstart)
        j = bisect_left(self.starts, nend) - 1
        return i, max(i, j)

    def trim(self, i: int, j: int) -> tuple[int, int]:
        """Drop punctuation tokens from both ends of an inclusive token range."""
        while i < j and self.words[i] in PUNCT:
            i += 1
        while j > i and self.words[j] in PUNCT:
            j -= 1
        return i, j

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        return self.spans[i][0], self.spans[j][1]


def tokenize(text: str, lex: Lexicon) -> Tokens:
    """Split `text` into normalised tokens; expanded contractions share the original span."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    raws = list(_RAW.finditer(text))
    for n, m in enumerate(raws):
        raw = m.group()
        span = (m.start(), m.end())
        first = raw[0]
        if first in ".?!…":
            if raw == "." and words and words[-1] in lex.abbreviations:
                continue
            tok: tuple[str, ...] = ("?",) if "?" in raw else (".",)
        elif first in ",;:–—-":
            tok = (",",)
        elif first == "%":
            tok = ("percent",)
        elif first == "&":
            tok = ("and",)
        else:
            tok = lex.normalise_word(raw)
        for t in tok:
            if not t or (t in lex.fillers and _hesitation(raw, words, raws, n)):
                continue
            if t in PUNCT and words and words[-1] in PUNCT:
                if t in SENTENCE_END:  # ", ." -> keep the stronger mark
                    words[-1] = t
                continue
            words.append(t)
            spans.append(span)
    marked = _mark_soft(words, lex)
    starts: list[int] = []
    pos = 0
    for w in marked:
        starts.append(pos)
        pos += len(w) + 1
    sentence: list[int] = []
    clause: list[int] = []
    s = c = 0
    for w in words:
        if w in lex.contrast or w in lex.clause_words:
            c += 1
        sentence.append(s)
        clause.append(c)
        if w in SENTENCE_END:
            s += 1
        if w in PUNCT:
            c += 1
    return Tokens(
        text, " ".join(marked), tuple(words), tuple(starts), tuple(spans), tuple(sentence), tuple(clause)
    )


SOFT_MARK = "~"
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "my", "your", "our", "their"})


def _hesitation(raw: str, words: list[str], raws: list[re.Match[str]], n: int) -> bool:
    """Is this filler word ("er", "um") a standalone hesitation to drop?

    Kept as a word when written in capitals ("the ER") or when it ends a noun phrase after a
    determiner ("took him to the er."): a hesitation is followed by the word it delays.
    """
    if len(raw) > 1 and raw.isupper():
        return False
    if words and words[-1] in _DETERMINERS:
        nxt = raws[n + 1].group() if n + 1 < len(raws) else ""
        return bool(nxt) and nxt[0] not in ".?!…,;:–—-"
    return True


def _mark_soft(words: list[str], lex: Lexicon) -> list[str]:
    """Prefix soft words (and commas) with SOFT_MARK so patterns can skip them cheaply."""
    marked = list(words)
    single, phrases = lex.soft_single, lex.soft_phrases
    for k, w in enumerate(words):
        if w == "," or w in single:
            marked[k] = SOFT_MARK + w
        for parts in phrases.get(w, ()):
            if tuple(words[k : k + len(parts)]) == parts:
                for n in range(k, k + len(parts)):
                    if not marked[n].startswith(SOFT_MARK):
                        marked[n] = SOFT_MARK + marked[n]
    return marked


def negated_before(tokens: Tokens, i: int, lex: Lexicon, window: int, floor: int = 0) -> bool:
    """True if a negator precedes token `i` within `window` non-soft words of its clause
    (and not before token `floor`)."""
    soft_single = lex.soft_single
    seen = 0
    k = i - 1
    while k >= floor and seen < window and tokens.clause[k] == tokens.clause[i]:
        w = tokens.words[k]
        if w in lex.negators and not _non_negating(tokens, k, lex):
            return True
        if w not in soft_single:
            seen += 1
        k -= 1
    return False


def _non_negating(tokens: Tokens, k: int, lex: Lexicon) -> bool:
    """The negator at `k` is part of a phrase that negates nothing: "no problem", or "oh no" before it."""
    for phrase in lex.non_negating:
        parts = tuple(phrase.split())
        for j, part in enumerate(parts):
            if (
                part == tokens.words[k]
                and k - j >= 0
                and tuple(tokens.words[k - j : k - j + len(parts)]) == parts
            ):
                return True
    return False
