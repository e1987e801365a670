"""Cut an utterance into clauses with character spans, for typed text and unpunctuated transcripts (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A boundary: sentence punctuation, a semicolon or dash, or a discourse marker that starts a clause.
_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[;:])\s+|\s+[-–—]+\s+")
_MARKERS = re.compile(
    r"(?:,\s*|\s+)(?=(?:but|though|however|although|so|and then|and also|also|because|cause|'cause|"
    r"unless|otherwise|anyway|alright so|okay so|ok so|right so|and i(?:'ll| will|'m| am|'ve| have| can)?|"
    r"and we(?:'ll| will|'re| are|'ve| have| can)?|and you|and (?:that|this)|which means|if you|"
    r"let me|i'll|i will|we'll|we will|i'm going to|can i|could you|would you)\b)",
    re.IGNORECASE,
)
_COMMA_CLAUSE = re.compile(
    r",\s+(?=(?:i|we|you|it|that|this|there|they|he|she|let me|please)\b)", re.IGNORECASE
)
_MIN_WORDS = 3
_CONTRAST = re.compile(r"[\s,]*(?:but|though|however|although|yet)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause: its text and [start, end) character offsets in the utterance."""

    text: str
    start: int
    end: int


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out, at = [], start
    for m in pattern.finditer(text, start, end):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if at < end:
        out.append((at, end))
    return out


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9']+", text))


def _merge_short(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fold clauses of fewer than three words into a neighbour ("ok so", "right") within the sentence run."""
    out: list[tuple[int, int]] = []
    for span in spans:
        if _CONTRAST.match(text, span[0]):  # "sorry, but ...": the contrast must stay its own clause
            out.append(span)
            continue
        if out and (
            _words(text[span[0] : span[1]]) < _MIN_WORDS or _words(text[out[-1][0] : out[-1][1]]) < _MIN_WORDS
        ):
            prev = out[-1]
            # "ok so", "right": a lead-in joins its clause; "Thank you." stays a sentence of its own
            if _words(text[prev[0] : prev[1]]) < _MIN_WORDS and not text[prev[0] : prev[1]].rstrip().endswith(
                ("?", "!", ".")
            ):
                out[-1] = (prev[0], span[1])
                continue
            if _words(text[span[0] : span[1]]) < _MIN_WORDS and not text[prev[0] : prev[1]].rstrip().endswith(
                ("?", "!", ".")
            ):
                out[-1] = (prev[0], span[1])
                continue
        out.append(span)
    return out


def split_clauses(text: str) -> tuple[Clause, ...]:
    """The clauses of an utterance in order; an utterance with no boundary is one clause."""
    spans: list[tuple[int, int]] = []
    for s0, s1 in _cut(text, 0, len(text), _SENTENCE):
        for c0, c1 in _cut(text, s0, s1, _MARKERS):
            spans.extend(_cut(text, c0, c1, _COMMA_CLAUSE))
    spans = _merge_short(text, [(a, b) for a, b in spans if text[a:b].strip()])
    out = []
    for a, b in spans:
        while a < b and text[a] in " ,;:":
            a += 1
        while b > a and text[b - 1] in " ,;:":
            b -= 1
        if a < b:
            out.append(Clause(text[a:b], a, b))
    return tuple(out)
