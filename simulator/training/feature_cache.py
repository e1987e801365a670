"""The training cache's side files: window embeddings and out-of-fold scores, and the rows' keys."""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from simulator.models.minilm import WEIGHTS_SHA256
from simulator.training.corpus import Utterance


def utterance_key(u: Utterance) -> str:
    """What an utterance's feature rows depend on, apart from the code and the phrase packs."""
    ctx = u.situation.context
    parts = (
        u.text,
        repr([(s.text, sorted(s.moves)) for s in u.segments]),
        repr(u.situation.heard),
        repr(ctx.key()),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def embeddings_path(cache: Path) -> Path:
    return cache.with_name(cache.name + ".embeddings")


def oof_path(cache: Path) -> Path:
    return cache.with_name(cache.name + ".oof")


def read_pickle(path: Path) -> object:
    """A cache file, streamed from disk (a training cache runs to several GB: reading its bytes first held it
    twice in memory). A cache that cannot be read is no cache: None, and the training run rebuilds it."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError) as exc:
        print(f"note: ignoring the unreadable cache {path} ({exc}); it is written again", file=sys.stderr)
        return None


def write_pickle(path: Path, doc: object) -> None:
    """A cache file, streamed to disk beside its final name and then moved there, so an interrupted run
    never leaves a half-written cache."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as f:
        pickle.dump(doc, f, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)


def embedding_store(cache: Path | None) -> dict[str, NDArray[np.float32]]:
    """Window embeddings kept beside the feature cache. They depend only on the encoder's verified weights,
    so a change to the packs or the detector re-runs the rules but does not encode the corpus again."""
    if cache is None or not embeddings_path(cache).exists():
        return {}
    doc = read_pickle(embeddings_path(cache))
    if isinstance(doc, dict) and doc.get("weights") == WEIGHTS_SHA256:
        return dict(doc["rows"])
    return {}


def save_embeddings(cache: Path, rows: dict[str, NDArray[np.float32]]) -> None:
    write_pickle(embeddings_path(cache), {"weights": WEIGHTS_SHA256, "rows": rows})
