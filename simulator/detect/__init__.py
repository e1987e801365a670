"""Move detection: the complaint-handling moves in one trainee utterance (the shell reads pack files)."""

from __future__ import annotations

from simulator.detect.context import DetectionContext, OfferPhrases, PhraseSet
from simulator.detect.detector import Detector
from simulator.detect.phrasepack import PackSource, PhrasePack, PhrasePackError, check_packs, pack_of
from simulator.moves import Move

__all__ = [
    "DetectionContext",
    "Detector",
    "Move",
    "OfferPhrases",
    "PackSource",
    "PhrasePack",
    "PhrasePackError",
    "PhraseSet",
    "check_packs",
    "pack_of",
]
