"""The judge's `statement` stage: a clause built as a wh-cleft statement asks nothing (pure)."""

from __future__ import annotations

import re
from typing import Final

from simulator.detect.candidates import Work

# "and what's going on is there's a crew out on the estate", "What happened is the new till didn't show
# it", "what I've got is the upstairs lounge": a wh-clause with its own verb, then "is"/"was" and what it
# is. Of 324 training segments built so, trainers marked 1 a question. Not "what happened, is it the
# cable?" nor "what time is the flight" (no verb of its own before "is").
_CLEFT: Final = re.compile(
    r"^\W*(?:(?:and|so|okay|ok|right|well|um|uh|now|basically|look|yeah)\W+)*"
    r"what(?:(?:'s|\s+is|\s+has|\s+was)\s+(?:going\s+on|happening|happened|going\s+to\s+happen)"
    r"|\s+happened"
    r"|\s+(?:i|we|they|you|he|she)(?:'ll|'m|'re|'ve|'d)?(?:\s+[\w']+){1,4}?)"
    r"\s+(?:is|was)\s+(?!it\b|there\s+(?:a|any|anything|anyone)\b|that\s+right\b)",
    re.IGNORECASE,
)
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s")


def cleft_evidence(text: str) -> str:
    """The words that open a wh-cleft statement ("what happened is"), or "" when the text opens otherwise
    or its first sentence ends as a question."""
    match = _CLEFT.match(text)
    if match is None or "?" in _SENTENCE_END.split(text, maxsplit=1)[0]:
        return ""
    return match.group(0).strip()


def stage_statement(work: Work) -> None:
    """Stage `statement`: a question found where a wh-cleft statement opens ("and what's going on is
    there's a crew out", split by the recogniser's run-on into "and what's going on" and the rest) is a
    statement, not a question."""
    for c in [c for c in work.kept if c.move == "question"]:
        opening = cleft_evidence(work.text[min(c.start, work.windows[c.window].start) :])
        if opening:
            work.drop("statement", c, f"a statement built as '{opening} …', not a question")
