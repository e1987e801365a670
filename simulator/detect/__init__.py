"""Move detection: find the complaint-handling moves in one trainee utterance."""

from __future__ import annotations

from functools import lru_cache

from simulator.detect.context import DetectionContext, OfferPhrases, PhraseSet
from simulator.detect.detector import Detector
from simulator.detect.phrasepack import (
    PHRASES_DIR,
    PhrasePack,
    PhrasePackError,
    load_phrase_pack,
    validate_phrase_pack,
)
from simulator.moves import Move

__all__ = [
    "PHRASES_DIR",
    "DetectionContext",
    "Detector",
    "Move",
    "OfferPhrases",
    "PhrasePack",
    "PhrasePackError",
    "PhraseSet",
    "default_detector",
    "detect_moves",
    "detector_with",
    "load_phrase_pack",
    "validate_phrase_pack",
]


@lru_cache(maxsize=4)
def detector_with(extra_pack_paths: tuple[str, ...] = ()) -> Detector:
    """The detector over the packaged phrase packs plus an author's global packs (built once each)."""
    return Detector(extra_pack_paths)


def default_detector() -> Detector:
    """The shared detector over the packaged phrase packs (built on first use)."""
    return detector_with(())


def detect_moves(text: str, context: DetectionContext | None = None) -> tuple[Move, ...]:
    """Return the moves found in one trainee utterance (see `Detector.detect`)."""
    return default_detector().detect(text, context)
