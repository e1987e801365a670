"""Cut an utterance into clauses with character spans, for typed text and unpunctuated transcripts (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A boundary: sentence punctuation, a semicolon or dash, or a discourse marker that starts a clause.
_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[;:])\s+|\s+[-–—]+\s+")
# "so" opens a clause, but not as an intensifier ("I'm so sorry", "so much").
_SO = (
    r"so(?! (?:sorry|much|many|sure|very|glad|patient|kind|grateful|long|late|frustrat\w*|upset|angry|"
    r"bad|busy|quick\w*|fast|so|far|that)\b)"
)
_OPENERS = (
    "but|though|however|although|" + _SO + "|and then|and also|also|because|cause|'cause|"
    r"unless|otherwise|anyway|alright so|okay so|ok so|right so|and i(?:'ll| will|'m| am|'ve| have| can)?|"
    r"and we(?:'ll| will|'re| are|'ve| have| can)?|and you|and (?:that|this)|which means|if you|"
    r"let me|i'll|i will|we'll|we will|i'm going to|can i|could you|would you|"
    r"in the meantime(?=[,\s]+\w)|meanwhile(?=[,\s]+\w)"  # only when more words follow
)
# "and" goes with the clause it opens ("… kitchen | and i'll text you"), never ends the one before.
_MARKERS = re.compile(r"(?<!\band)(?:,\s*|\s+)(?=(?:and\s+)?(?:" + _OPENERS + r")\b)", re.IGNORECASE)
# In a run of speech with no punctuation at all (a transcript), clauses also start at these openers (the
# markers above have already cut there too: "i'll", "could you"…),
# except right after a word that makes them part of the clause ("what time did you", "tell me how long").
_SPOKEN_OPENERS = (
    r"(?:i'm|im|i am) (?:so |really |very |truly |terribly )*sorry|sorry about|thank you|thanks for|"
    r"i can(?:'t|not)?|i'm gonna|im gonna|im going to|ill|im|ive|i've|you'll|youll|"
    r"you won't|you wont|here's|heres|let's|lets|leave it with|either way|no wonder|i know|i get it|"
    r"i understand|look(?! (?:at|into|for|after|up|through|like))|honestly|do you|can you|have you|did you|"
    r"what's the|whats the|what time|what would|how (?:long|many|much|is|are|did|does)|"
    r"when did|where did|which|"
    # a question asked in the same breath: "… that's not on | what was in the parcel", "… today um | is there
    # any error on the screen", "… on top | when's the wedding"
    r"(?:what|when|where|who) (?:was|were|is|did)|(?:when|where|who)'s|what happened|"
    r"(?:is|was) (?:there|he|she|it)|are you|were you|did (?:he|she|it|they|anyone)|does (?:it|he|she)|"
    r"could i|could we|would it|will you"
)
_LEAD_WORDS = ("and", "what", "when", "where", "how", "why", "who", "which", "time", "much", "long", "many")
_EMBEDDING_WORDS = ("me", "know", "see", "ask", "check", "sure")  # "tell me how long", "not sure what"
_NOT_AFTER = "".join(rf"(?<!\b{w})" for w in (*_LEAD_WORDS, *_EMBEDDING_WORDS))
_SPOKEN_MARKERS = re.compile(_NOT_AFTER + r"\s+(?=(?:and\s+)?(?:" + _SPOKEN_OPENERS + r")\b)", re.IGNORECASE)
_SPOKEN_RUN_WORDS = 10  # shorter unpunctuated runs stay whole
_COMMA_CLAUSE = re.compile(
    r",\s+(?=(?:i|we|you|it|that|this|there|they|he|she|let me|please)\b"
    # a question after a comma, as a recogniser punctuates one breath: "…, what was in the parcel?"
    r"|(?:what|when|where|who|how)\b"
    r"|(?:is|are|was|were|did|do|does|can|could|would|have|has) (?:you|there|it|he|she|they|we|i|anyone)\b)",
    re.IGNORECASE,
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
        spoken = _words(text[s0:s1]) >= _SPOKEN_RUN_WORDS and not re.search(r"[.,!?;:]", text[s0:s1])
        for c0, c1 in _cut(text, s0, s1, _MARKERS):
            for d0, d1 in _cut(text, c0, c1, _COMMA_CLAUSE):
                spans.extend(_cut(text, d0, d1, _SPOKEN_MARKERS) if spoken else [(d0, d1)])
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
