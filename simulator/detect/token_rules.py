"""Token-level rules the detector applies to a candidate span: finding, negation, contrast, extension."""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.detect.normalize import SENTENCE_END, Lexicon, Tokens, negated_before

_EXTEND_CAP = 14


@dataclass(slots=True)
class Cand:
    """A candidate move over the inclusive token range [i, j]."""

    i: int
    j: int
    detail: tuple[str, ...] = ()

    def overlaps(self, other: Cand) -> bool:
        return self.i <= other.j and other.i <= self.j


def find(tokens: Tokens, rx: re.Pattern[str] | None) -> list[Cand]:
    if rx is None:
        return []
    out = []
    for m in rx.finditer(tokens.norm):
        if m.end() > m.start():
            i, j = tokens.token_range(m.start(), m.end())
            i, j = tokens.trim(i, j)
            out.append(Cand(i, j))
    return out


_SUBJECTS = frozenset({"i", "we"})
_AUX = frozenset(
    {
        "will",
        "would",
        "am",
        "are",
        "can",
        "could",
        "shall",
        "should",
        "have",
        "do",
        "did",
        "does",
        "is",
        "was",
        "were",
        "might",
        "may",
        "must",
    }
)
_COMPLEMENT = frozenset(
    {
        "that",
        "promise",
        "say",
        "said",
        "guarantee",
        "think",
        "sure",
        "if",
        "whether",
        "mean",
        "saying",
        "expect",
        "believe",
        "suppose",
        "way",
        "chance",
        "how",
        "know",
        "unless",
        "until",
        "hope",
        "much",
        "more",
        "anything",
        "else",
        "lot",
        "deal",
        "everything",
    }
)
_NO_COST = frozenset(
    {"charge", "charging", "charged", "bill", "billing", "billed", "pay", "paying", "cost", "costing", "owe"}
)


def negated(tokens: Tokens, c: Cand, lex: Lexicon, window: int, inside: bool = True) -> bool:
    """A negator before the match in its clause ("we won't replace it"), or inside it right
    after an auxiliary ("I can't swap it" matched by "{i} {will} ... {offer}"). A new subject
    with its auxiliary ("... won't print, I'll swap it") starts a fresh clause, unless it is
    the complement of a verb like "promise" ("I can't promise we'll refund it")."""
    words = tokens.words
    fresh = None  # start of a new "I/we + auxiliary" clause at or before the match
    for k in range(c.i, max(0, c.i - 12), -1):
        if tokens.clause[k] != tokens.clause[c.i]:
            break
        if (
            words[k] in _SUBJECTS
            and k + 1 < len(words)
            and words[k + 1] in _AUX
            and words[k - 1] not in _COMPLEMENT
            and words[k - 1] not in lex.negators
        ):
            fresh = k
            break
    if negated_before(tokens, c.i, lex, window, 0 if fresh is None else fresh):
        return True
    for k in range(c.i + 1, c.j + 1 if inside else 0):
        if (
            words[k] in lex.negators
            and words[k - 1] in _AUX
            and not any(w in _NO_COST for w in words[k + 1 : k + 5])
        ):
            return True
    return False


def contrast_after(tokens: Tokens, j: int, contrast: frozenset[str]) -> int | None:
    """Index of a contrast word ("but") shortly after token j, possibly opening the next sentence."""
    crossed = False
    for k in range(j + 1, min(len(tokens.words), j + 8)):
        w = tokens.words[k]
        if w in contrast:
            return k
        if w in SENTENCE_END:
            if crossed:
                return None
            crossed = True
        elif crossed and w != ",":
            return None
    return None


def extend(tokens: Tokens, j: int, how: str) -> int:
    if how == "none":
        return j
    cap = min(len(tokens.words) - 1, j + _EXTEND_CAP)
    k = j
    while k < cap:
        w = tokens.words[k]
        if w in SENTENCE_END or (how == "clause" and tokens.clause[k + 1] != tokens.clause[j]):
            break
        k += 1
    return k
