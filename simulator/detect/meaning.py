"""Scenario knowledge matched by meaning: offers, key details and facts, by lemmas and embeddings (pure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from numpy.typing import NDArray

from simulator.detect.context import PhraseSet
from simulator.detect.lemmas import content_lemmas, overlap, phrase_in

Embed = Callable[[Sequence[str]], NDArray[np.float32]]

OFFER_FLOOR = 0.52  # cosine of a clause to an offer phrase below which nothing is matched by meaning
OFFER_MARGIN = 0.04  # the best offer must beat the runner-up (another offer) by this much
# In a clause whose head already heard an offer, meaning only has to tell which one: a lower floor when the
# best offer clearly beats the rest ("writing this up as a formal incident to head office": 0.49 to 'report
# this to head office', 0.35 to the next offer)
OFFER_CLEAR_FLOOR = 0.42
OFFER_CLEAR_MARGIN = 0.10
FACT_FLOOR = 0.45
FACT_MARGIN = 0.03
_LEMMA_CACHE = 256  # texts whose lemma matches a TopicIndex keeps


# Something a clause can mention (an offer, a key detail, a fact) with its phrasings: the context's PhraseSet.
Topic = PhraseSet


@dataclass(frozen=True, slots=True)
class Match:
    """Why a topic was matched: by lemmas (the phrase) or by meaning (the cosine and margin)."""

    id: str
    how: str  # "lemmas" | "meaning"
    score: float
    phrase: str

    def reason(self) -> str:
        if self.how == "lemmas":
            return f"{self.id}: words of '{self.phrase}' in order (lemmatised, gaps allowed)"
        return f"{self.id}: similar in meaning to '{self.phrase}' (cosine {self.score:.2f})"


class TopicIndex:
    """Phrasings of a set of topics, with their lemmas and embeddings computed once."""

    def __init__(
        self,
        topics: Sequence[Topic],
        embed: Embed | None,
        allies: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self.topics = tuple(t for t in topics if t.phrases)
        # per topic, the topics that are no rival to it by meaning: an offer defined as a pair of others
        # ("reverse the duplicate and refund the fee") always sounds like each of its parts
        self._allies = {k: frozenset(v) for k, v in (allies or {}).items()}
        self._rows: list[tuple[int, str, list[str]]] = [
            (k, p, content_lemmas(p)) for k, t in enumerate(self.topics) for p in t.phrases
        ]
        texts = [p for _, p, _ in self._rows]
        self._emb = embed(texts) if embed is not None and texts else np.zeros((0, 1), dtype=np.float32)
        self._by_text: dict[str, tuple[Match, ...]] = {}  # one answer's clauses are asked about several times

    def __bool__(self) -> bool:
        return bool(self.topics)

    def by_lemmas(self, text: str) -> list[Match]:
        if text not in self._by_text:
            if len(self._by_text) >= _LEMMA_CACHE:
                self._by_text.clear()
            words = content_lemmas(text)
            seen: dict[str, Match] = {}
            for k, phrase, lemmas in self._rows:
                tid = self.topics[k].id
                if tid not in seen and lemmas and phrase_in(lemmas, words):
                    seen[tid] = Match(tid, "lemmas", 1.0, phrase)
            self._by_text[text] = tuple(seen.values())
        return list(self._by_text[text])

    def similarities(self, embedding: NDArray[np.float32]) -> list[tuple[float, str, str]]:
        """Best cosine per topic, highest first: (score, topic id, phrase)."""
        if self._emb.shape[0] == 0:
            return []
        sims = self._emb @ embedding
        best: dict[str, tuple[float, str, str]] = {}
        for (k, phrase, _), s in zip(self._rows, sims, strict=True):
            tid = self.topics[k].id
            if tid not in best or s > best[tid][0]:
                best[tid] = (float(s), tid, phrase)
        return sorted(best.values(), reverse=True)

    def max_similarity(self, embedding: NDArray[np.float32]) -> float:
        sims = self.similarities(embedding)
        return sims[0][0] if sims else 0.0

    def by_meaning(self, embedding: NDArray[np.float32], floor: float, margin: float) -> Match | None:
        ranked = self.similarities(embedding)
        if not ranked or ranked[0][0] < floor:
            return None
        score, tid, phrase = ranked[0]
        rivals = [r for r in ranked[1:] if r[1] not in self._allies.get(tid, ())]
        if rivals and score - rivals[0][0] < margin:
            return None
        return Match(tid, "meaning", score, phrase)

    def match(
        self, text: str, embedding: NDArray[np.float32] | None, floor: float, margin: float
    ) -> list[Match]:
        """Lemma matches first (all of them); otherwise the single best match by meaning, if clear."""
        found = self.by_lemmas(text)
        if found or embedding is None:
            return found
        best = self.by_meaning(embedding, floor, margin)
        return [best] if best is not None else []


_AMOUNTS = frozenset(
    content_lemmas(
        "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
        "fifty sixty seventy eighty ninety hundred thousand half quarter dollars pounds euros quid bucks "
        "cents pence"
    )
)


def names_only_the_complaint(phrase: str, detail_words: Collection[str]) -> bool:
    """An offer phrasing whose words, amounts aside, are one or two key-detail words ('the overdraft fee',
    '35 dollar fee'): it tells which offer a trainee means once they offer something, but a restatement of
    the problem uses the same words, so it is no sign that anything was offered."""
    words = {w for w in content_lemmas(phrase) if w not in _AMOUNTS and not w[0].isdigit()}
    return 0 < len(words) <= 2 and words <= set(detail_words)


def lexical_overlap(text: str, heard: Sequence[str]) -> float:
    """Share of the clause's content words that the customer used (restatement evidence)."""
    mine = content_lemmas(text)
    theirs = [w for line in heard for w in content_lemmas(line)]
    return overlap(mine, theirs)


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mister", "missus", "sir", "madam"})
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass(frozen=True, slots=True)
class NameHit:
    """A word that sounds like part of the customer's name (speech recognition spells names its own way)."""

    start: int
    end: int
    part: str
    score: float

    def reason(self) -> str:
        return f"'{self.part}' heard as a similar word (similarity {self.score:.2f})"


def sounds_like_name(text: str, customer_name: str) -> NameHit | None:
    """A word spelled like a part of the name: at least 0.85 similar with the same first letter (or the
    answer's first sound clipped: "race, …" for "Grace, …") and length within one, or at least 0.6 right after
    a title ("Mrs Oilaran" for "Mrs Oyelaran", "Mr Ren" for "Mr Brennan"), in spelling or, after a title, in
    sound (`sound_key`: "Mr Law" for "Mr Lowe", "Mr Dorsen" for "Mr Dawson"). A hyphenated word is heard
    whole and part by part ("Al-Farsi", "Hi-brand", "MS-LU" for "Ms Liu")."""
    parts = [p for p in re.split(r"[\s,]+", customer_name) if len(p) >= 3 and p.lower() not in _TITLES]
    best: NameHit | None = None
    previous = ""
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        heard = [(token, m.start(), previous)]  # each word with the word heard before it
        if "-" in token:  # "Al-Farsi" whole, and "Hi-brand" or "MS-LU" (after a title) part by part
            at, before = m.start(), previous
            for piece in token.split("-"):
                heard.append((piece, at, before))
                at, before = at + len(piece) + 1, piece.lower()
        for piece, start, before in heard:
            word = piece.lower()
            titled_word = before in _TITLES
            if len(word) < 2:
                continue
            for part in parts:
                low = part.lower()
                if abs(len(word) - len(low)) > (5 if titled_word else 3):
                    continue
                # the recogniser clips the first sound of an answer: "race, you've come in" for "Grace, …"
                first = word[0] == low[0] or (not before and word[0] == low[1])
                near = first and abs(len(word) - len(low)) <= 1
                if not (titled_word or near):
                    continue
                floor = 0.6 if titled_word else 0.85
                score = _similarity(word, low, floor, sound=titled_word)
                close = score >= 0.85 and near
                titled = titled_word and score >= 0.6
                if (close or titled) and (best is None or score > best.score):
                    best = NameHit(start, start + len(piece), part, score)
        previous = heard[-1][0].lower().rstrip(".")
    return best


# Spellings that sound alike in English, rewritten to one form (longest first, applied left to right).
_SOUNDS: tuple[tuple[str, str], ...] = (
    ("ough", "o"), ("augh", "o"), ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("wh", "w"), ("gh", ""),
    ("aw", "o"), ("au", "o"), ("or", "o"), ("ow", "o"), ("oe", "o"), ("ou", "o"), ("oa", "o"),
    ("ee", "i"), ("ea", "i"), ("ie", "i"), ("ey", "i"), ("ay", "e"), ("ai", "e"), ("ar", "a"),
    ("er", "e"), ("ir", "e"), ("ur", "e"), ("c", "k"), ("q", "k"), ("x", "ks"), ("z", "s"), ("y", "i"),
)  # fmt: skip


def sound_key(word: str) -> str:
    """A rough key of how a word sounds ("lowe" and "law" → "lo", "dawson" → "doson", "dorsen" → "dosen"):
    common spellings of one sound made one, doubled letters and a silent final e dropped."""
    w = word.lower()
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    out, i = [], 0
    while i < len(w):
        for spelling, sound in _SOUNDS:
            if w.startswith(spelling, i):
                out.append(sound)
                i += len(spelling)
                break
        else:
            out.append(w[i])
            i += 1
    key = "".join(out)
    return re.sub(r"(.)\1+", r"\1", key)


def _similarity(word: str, part: str, floor: float, sound: bool = True) -> float:
    """How alike a heard word and a part of the name are, in spelling or in sound (0 when under `floor`)."""
    best = 0.0
    pairs = [(word, part), (sound_key(word), sound_key(part))] if sound else [(word, part)]
    for a, b in pairs:
        matcher = SequenceMatcher(None, a, b)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue  # both are upper bounds of ratio(): this pair cannot reach the floor
        best = max(best, matcher.ratio())
    return best
