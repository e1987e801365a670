"""Checks on one trainee utterance before it is analysed (pure)."""

from __future__ import annotations

import unicodedata

from simulator.errors import UserError

MAX_UTTERANCE_CHARS = 2000


def clean_utterance(text: str) -> str:
    """Return the utterance with whitespace folded, or raise UserError saying what is wrong with it."""
    if "\x00" in text or "\ufffd" in text:
        raise UserError("the answer contains binary data, not text")
    controls = sum(
        1 for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and not ch.isspace()
    )
    if controls > max(2, len(text) // 50):
        raise UserError("the answer contains binary data, not text")
    folded = " ".join(text.split())
    if not folded:
        raise UserError("the answer is empty: say or type what you would tell the customer")
    if len(folded) > MAX_UTTERANCE_CHARS:
        raise UserError(
            f"the answer is too long ({len(folded):,} characters; at most {MAX_UTTERANCE_CHARS:,} per turn)"
        )
    if not any(ch.isalpha() for ch in folded):
        raise UserError("the answer has no words in it")
    return folded
