"""Word lists and phrase helpers for compiling scenario phrases: light and function words, names."""

from __future__ import annotations

import re
from collections.abc import Mapping

from simulator.detect.normalize import Lexicon
from simulator.detect.patterns import Compiler, Node

_TITLES = "(mr|mrs|ms|miss|mx|dr|mister|missus)"

# Words dropped around a remedy word when expanding an offer phrase ("send a replacement").
LIGHT = frozenset(
    {
        "send",
        "give",
        "get",
        "offer",
        "arrange",
        "provide",
        "issue",
        "make",
        "do",
        "full",
        "partial",
        "complete",
        "whole",
        "some",
        "any",
        "out",
        "back",
        "free",
        "quick",
        "immediate",
        "same",
        "day",
    }
)
PLAIN = re.compile(r"[a-z0-9][a-z0-9']*")
PHRASE_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,:]\d+)*")
# Words that cannot make a scenario phrase on their own: a phrase of only these would match
# almost any utterance ("the ER" once collapsed to "the").
FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "it",
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "me",
        "us",
        "them",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "so",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "not",
        "no",
    }
)


def phrase_problem(phrase: str, lexicon: Lexicon) -> str:
    """Why a scenario key-detail / offer phrase can't be used ("" when it is fine)."""
    words = [w for raw in PHRASE_WORD.findall(phrase) for w in lexicon.normalise_word(raw)]
    if not words:
        return "no words"
    if all(w in FUNCTION_WORDS for w in words):
        return "only function words (it would match almost anything)"
    return ""


def name_regex(
    name: str, lex: Lexicon, compiler: Compiler, macros: Mapping[str, tuple[Node, ...]]
) -> str | None:
    words = [
        w
        for raw in re.split(r"[\s,]+", name)
        for w in lex.pattern_words(raw)
        if re.fullmatch(r"[^\W\d_][\w'’.-]*", raw)
    ]
    words = [w.strip(".") for w in words if w.strip(".")]
    if not words:
        return None
    titles = compiler.sequence(macros["title"]) if "title" in macros else _TITLES
    is_title = re.compile(f"(?:{titles})\\Z")
    rest = words[1:] if is_title.match(words[0]) else words
    alts = [compiler.literal(words)]
    if rest:
        alts.append(f"{titles} {compiler.literal(rest[-1:])}")
        if rest is words:
            alts.append(compiler.literal(rest[:1]))
    return "(?:" + "|".join(alts) + ")"
