"""Light lemmas and gap-tolerant phrase matching: "reporting" ~ "report", "add a full week" ~ "add a week"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "for",
        "on",
        "in",
        "at",
        "by",
        "with",
        "and",
        "or",
        "but",
        "so",
        "it",
        "its",
        "it's",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "i",
        "i'm",
        "i'll",
        "i've",
        "we",
        "we'll",
        "we're",
        "you",
        "you're",
        "your",
        "yours",
        "my",
        "our",
        "me",
        "us",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "will",
        "would",
        "can",
        "could",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "just",
        "really",
        "very",
        "please",
        "then",
        "there",
        "here",
        "up",
        "out",
        "off",
        "over",
        "about",
        "as",
        "if",
        "any",
        "some",
        "all",
        "get",
        "got",
        "going",
        "gonna",
        "let",
        "me",
        "now",
        "today",
        "right",
        "okay",
        "ok",
        "um",
        "uh",
        "er",
        "like",
        "well",
        "yeah",
        "yes",
        "sure",
    ]
)
_IRREGULAR = {
    "sent": "send",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "made": "make",
    "paid": "pay",
    "brought": "bring",
    "bought": "buy",
    "told": "tell",
    "put": "put",
    "came": "come",
    "went": "go",
    "gone": "go",
    "spoke": "speak",
    "spoken": "speak",
    "rang": "ring",
    "rung": "ring",
    "left": "leave",
    "kept": "keep",
    "held": "hold",
    "wrote": "write",
    "written": "write",
    "done": "do",
    "did": "do",
    "fortnight": "week",
    "weeks": "week",
    "money": "money",
    "quid": "pound",
    "bucks": "dollar",
}


def lemma(word: str) -> str:
    """A crude English lemma: irregular forms, then -ing/-ed/-es/-s/-ly endings stripped to a shared stem."""
    w = word.lower().strip("'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + keep
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiousl":  # stopp -> stop, shipp -> ship
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


# "no charge", "you won't pay", "not paying", "never billed": a negation is one content word, "not", on both
# sides, so that "what you paid for" does not match the phrasing "you will not pay"
_NOT: Final = "not"
_NEGATORS: Final = frozenset(
    [
        "not",
        "no",
        "never",
        "cannot",
        "cant",
        "dont",
        "wont",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "didnt",
        "doesnt",
        "havent",
        "hasnt",
        "hadnt",
        "shouldnt",
        "wouldnt",
        "couldnt",
        "aint",
    ]
)


def _content_lemma(word: str) -> str | None:
    if word in _NEGATORS or word.endswith("n't"):
        return _NOT
    return None if word in STOP else lemma(word)


def content_lemmas(text: str) -> list[str]:
    """The lemmas of the content words of a text, in order; every negator is the one lemma "not"."""
    return [w for w in map(_content_lemma, _WORD.findall(text.lower())) if w is not None]


def phrase_in(phrase: Sequence[str], words: Sequence[str], max_gap: int = 3) -> bool:
    """Are the phrase's content lemmas all in `words` in order, each within `max_gap` words of the last?"""
    if not phrase:
        return False
    start_positions = [k for k, w in enumerate(words) if w == phrase[0]]
    for start in start_positions:
        at, ok = start, True
        for target in phrase[1:]:
            nxt = next(
                (k for k in range(at + 1, min(len(words), at + 2 + max_gap)) if words[k] == target), None
            )
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok:
            return True
    return False


def overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of a's distinct content lemmas that also occur in b (0 when a is empty)."""
    sa = set(a)
    return len(sa & set(b)) / len(sa) if sa else 0.0
