"""The feature vector one judge head sees for a window of an utterance (pure)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.detect.ngrams import NGRAM_BUCKETS, ngram_vector
from simulator.moves import TEXT_MOVES

_QUESTION_START = re.compile(
    r"^\s*(?:(?:um|uh|er|so|and|ok|okay|right|alright|sorry|now)[, ]+)*"
    r"(?:who|what|when|where|which|why|how|whose|is|are|was|were|do|does|did|can|could|would|will|shall|"
    r"should|have|has|had|may|might)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|nobody|none|cannot|can't|won't|don't|didn't|isn't|wasn't|"
    r"aren't|weren't|shouldn't|couldn't|wouldn't|haven't|hasn't|n't)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"^\s*(?:but|though|however|although|still|yet|except)\b", re.IGNORECASE)
EXTRA = (
    "question_form",
    "sim_heard",
    "overlap_heard",
    "sim_offer",
    "negation",
    "contrast",
    "whole",
    "length",
)
RULE_MOVES = tuple(TEXT_MOVES)  # the trained heads' feature layout: fixed when the module loads
RULE_FEATURES = tuple(f"rule:{m}" for m in RULE_MOVES)


@dataclass(frozen=True, slots=True)
class WindowSignals:
    """Everything but the embedding that a head uses for one window."""

    text: str
    rule_moves: Collection[str]
    sim_heard: float = 0.0
    overlap_heard: float = 0.0
    sim_offer: float = 0.0
    whole: bool = False


def is_question_form(text: str) -> bool:
    """A question mark, or (for transcripts) an opening wh-word or inverted auxiliary."""
    return "?" in text or bool(_QUESTION_START.match(text))


def feature_names(dim: int) -> tuple[str, ...]:
    return (
        *(f"emb{k}" for k in range(dim)),
        *RULE_FEATURES,
        *EXTRA,
        *(f"ngram{k}" for k in range(NGRAM_BUCKETS)),
    )


def feature_row(embedding: NDArray[np.float32], s: WindowSignals) -> NDArray[np.float32]:
    """Embedding, one flag per rule-detected move, the extra signals (see EXTRA), then hashed n-grams."""
    rules = np.array([1.0 if m in s.rule_moves else 0.0 for m in RULE_MOVES], dtype=np.float32)
    words = len(s.text.split())
    extra = np.array(
        [
            1.0 if is_question_form(s.text) else 0.0,
            s.sim_heard,
            s.overlap_heard,
            s.sim_offer,
            1.0 if _NEGATION.search(s.text) else 0.0,
            1.0 if _CONTRAST.match(s.text) else 0.0,
            1.0 if s.whole else 0.0,
            min(words, 40) / 20.0,
        ],
        dtype=np.float32,
    )
    return np.concatenate([embedding.astype(np.float32), rules, extra, ngram_vector(s.text)])
