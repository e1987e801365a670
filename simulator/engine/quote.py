"""Quote a trainee's words for the debrief: the detected words grown to the whole phrase around them."""

from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"[.!?;:]|\s[-–—]\s")
LIMIT = 110  # characters; longer phrases are cut at a word, with an ellipsis


def quote(text: str, evidence: str, start: int | None = None, end: int | None = None) -> str:
    """The sentence part holding ``evidence`` in ``text`` (found at start:end, else searched).

    "Would you like to wait here or" becomes "Would you like to wait here or have it delivered?":
    a quote never stops mid-phrase; without the text, the evidence is returned as it is.
    """
    if not evidence or not text:
        return evidence
    if start is None or end is None or text[start:end] != evidence:
        found = text.lower().find(evidence.lower())
        if found < 0:
            return evidence
        start, end = found, found + len(evidence)
    begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    after = _CLAUSE_END.search(text, end)
    stop = after.start() + (1 if text[after.start()] in "!?" else 0) if after else len(text)
    phrase = text[begin:stop].strip()
    if len(phrase) <= LIMIT:
        return phrase
    # too long: keep the evidence and whole words around it, marking the cuts
    left = text[begin:start].split()
    right = text[end:stop].split()
    out = evidence.strip()
    while (left or right) and len(out) < LIMIT:
        if right:
            out = f"{out} {right.pop(0)}"
        if left and len(out) < LIMIT:
            out = f"{left.pop()} {out}"
    return ("… " if left else "") + out + (" …" if right else "")
