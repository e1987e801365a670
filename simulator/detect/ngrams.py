"""Hashed word n-grams of a clause: stance words ("you should have", "calm down") that embeddings blur."""

from __future__ import annotations

import re
import zlib
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

NGRAM_BUCKETS = 4096
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def ngrams(text: str) -> set[str]:
    """Lower-cased words ("n't" spelled "not"), their pairs, and the first word marked as the start."""
    words = " ".join(w.replace("n't", " not") for w in _WORD.findall(text.lower().replace("’", "'"))).split()
    if not words:
        return set()
    return {*words, *(f"{a} {b}" for a, b in pairwise(words)), f"<s> {words[0]}"}


def ngram_vector(text: str, buckets: int = NGRAM_BUCKETS) -> NDArray[np.float32]:
    """A 0/1 vector with one bucket set per n-gram (crc32, stable across runs and machines)."""
    v = np.zeros(buckets, dtype=np.float32)
    for gram in ngrams(text):
        v[zlib.crc32(gram.encode("utf-8")) % buckets] = 1.0
    return v
