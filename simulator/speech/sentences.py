"""Split a customer line into sentences to render one by one (short fragments ride with a neighbour)."""

from __future__ import annotations

import re
from typing import Final

_BOUNDARY: Final = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
# A sentence shorter than this many words joins the next one ("Right. So where is it?").
MIN_WORDS: Final = 3


def split_sentences(text: str, min_words: int = MIN_WORDS) -> list[str]:
    """Sentences of ``text`` in order, whitespace-normalised; joined back they read as the line."""
    clean = " ".join(text.split())
    if not clean:
        return []
    pieces = [p.strip() for p in _BOUNDARY.split(clean) if p.strip()]
    out: list[str] = []
    carry = ""
    for piece in pieces:
        joined = f"{carry} {piece}".strip()
        if len(joined.split()) < min_words:
            carry = joined
            continue
        out.append(joined)
        carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out
