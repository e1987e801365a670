"""Checks on one trainee utterance before it is analysed (pure)."""

from __future__ import annotations

import unicodedata

from simulator.errors import UserError

MAX_UTTERANCE_CHARS = 2000


def replace_undecodable(text: str) -> str:
    """Text with bytes that were not valid UTF-8 (lone surrogates) shown as U+FFFD."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    try:  # bytes kept by surrogateescape (argv, a C-locale stdin): decode them with replacement
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def clean_utterance(text: str) -> str:
    """Return the utterance with whitespace folded, or raise UserError saying what is wrong with it.

    A few undecodable characters (shown as U+FFFD) are kept; an answer mostly made of them,
    or with a NUL byte, is binary data."""
    text = replace_undecodable(text)
    if "\x00" in text:
        raise UserError("the answer contains binary data, not text")
    controls = sum(
        1
        for ch in text
        if (unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and not ch.isspace()) or ch == "\ufffd"
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
