"""Glue between a scenario, the judge (rules, encoder and trained heads, with any global phrase packs) and a
conversation; holds the process-wide judge cache."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from simulator.content_files import detector_with
from simulator.detect import PhrasePackError
from simulator.detect.context import DetectionContext
from simulator.detect.heads import Heads
from simulator.detect.judge import Judge, Judgement
from simulator.engine.conversation import Conversation
from simulator.errors import UserError
from simulator.moves import Move
from simulator.scenario.model import Scenario

log = logging.getLogger(__name__)
_EMBED_CACHE = 4096


class CachedEncoder:
    """The sentence encoder with an LRU cache per text (explore and lint replay the same lines)."""

    def __init__(
        self, encode: Callable[[Sequence[str]], NDArray[np.float32]], capacity: int | None = _EMBED_CACHE
    ) -> None:
        self._encode = encode
        self._capacity = capacity
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def seed(self, rows: dict[str, NDArray[np.float32]]) -> None:
        """Take embeddings computed earlier (training keeps them between runs) instead of encoding them."""
        with self._lock:
            self._cache.update(rows)

    def rows(self, texts: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """The cached embeddings of those texts that are cached."""
        with self._lock:
            return {t: self._cache[t] for t in texts if t in self._cache}

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                for text, row in zip(missing, self._encode(missing), strict=True):
                    self._cache[text] = row
            rows = [self._cache[t] for t in texts]
            for t in texts:
                self._cache.move_to_end(t)
            while self._capacity is not None and len(self._cache) > self._capacity:
                self._cache.popitem(last=False)  # least recently used first; this call's texts are newest
        return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


@lru_cache(maxsize=1)
def _semantic_parts() -> tuple[CachedEncoder | None, Heads | None, str]:
    """The encoder and trained heads, loaded and verified once per process; a notice when unavailable."""
    from simulator.models.heads import load_judge_heads
    from simulator.models.minilm import load_encoder

    try:
        heads = load_judge_heads()
        encoder = CachedEncoder(load_encoder().encode)
    except UserError as exc:
        log.warning("judge without its trained heads: %s", exc)
        return None, None, f"scoring by phrase rules only: {exc}"
    return encoder, heads, ""


_JUDGE_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def judge_with(extra_pack_paths: tuple[str, ...] = ()) -> Judge:
    """The judge over the packaged phrase packs plus an author's global packs (built once each)."""
    with _JUDGE_LOCK:
        encoder, heads, _ = _semantic_parts()
        return Judge(detector_with(extra_pack_paths).detect_all, encoder, heads)


def judge_notice() -> str:
    """Empty when the full judge runs; otherwise one line saying what is missing and how to install it."""
    return _semantic_parts()[2]


class BoundJudge:
    """The judge bound to a scenario's context: call it with an answer and what the customer has said."""

    uses_history = True

    def __init__(self, judge: Judge, context: DetectionContext) -> None:
        self.judge = judge
        self.context = context

    def __call__(self, text: str, heard: Sequence[str] = ()) -> tuple[Move, ...]:
        return self.judge.judge(text, self.context, heard).moves

    def explain(self, text: str, heard: Sequence[str] = ()) -> Judgement:
        return self.judge.judge(text, self.context, heard)


def detector_for(
    scenario: Scenario | None, customer_name: str | None = None, packs: Sequence[Path] = ()
) -> BoundJudge:
    """The judge bound to a scenario's context (or generic text when None).

    `packs` are an author's global phrase packs (--phrases); a broken pack is a UserError
    listing every located problem.
    """
    if scenario is None:
        context = DetectionContext(customer_name=customer_name or "")
    else:
        context = DetectionContext.for_scenario(scenario, customer_name)
    keys = tuple(str(p) for p in packs)
    try:
        detector_with(keys).bank  # noqa: B018 - load and check the packs now, not on the first answer
    except PhrasePackError as exc:
        raise UserError("phrase pack errors:\n" + "\n".join(exc.errors)) from exc
    return BoundJudge(judge_with(keys), context)


def new_conversation(
    scenario: Scenario, seed: int = 0, customer_name: str | None = None, packs: Sequence[Path] = ()
) -> Conversation:
    return Conversation(scenario, detector_for(scenario, customer_name, packs), seed=seed)
