"""The training: per-move policy tuning and the answer-level stage on toy scores, and its embedding cache."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from simulator.training.feature_cache import embedding_store, save_embeddings
from simulator.training.tuning import OutOfFold, Policy, answer_rows, micro_f1, train_answer_stage, tune

MOVES = ("offer_solution", "compensation", "blame")


def toy() -> tuple[OutOfFold, list[np.ndarray]]:
    """120 answers of two clauses plus the whole answer. The offer head also fires on every compensation,
    so only the answer-level stage can tell them apart; blame shows only in the whole answer."""
    rng = np.random.default_rng(7)
    probs, gold, rules = [], [], []
    for i in range(120):
        kind = i % 4
        p = rng.uniform(0.0, 0.2, size=(3, 3))
        labels: set[str] = set()
        if kind == 0:
            p[0, 0], labels = 0.9, {"offer_solution"}
        elif kind == 1:
            p[0, 0], p[0, 1], labels = 0.9, 0.8, {"compensation"}
        elif kind == 2:
            p[2, 2], labels = 0.9, {"blame"}
        probs.append(p)
        gold.append(frozenset(labels))
        rules.append([("blame", [1, 2])] if kind == 2 else [])
    return OutOfFold.collect(MOVES, probs, rules, gold), probs


def test_policies_are_tuned_per_move_and_may_let_the_whole_answer_decide() -> None:
    oof, _ = toy()
    policies, scores = tune(MOVES, oof)
    assert scores["blame"] == 1.0 and not policies["blame"].clause_only  # it shows only in the whole answer
    assert scores["offer_solution"] < 1.0  # the offer head cannot tell a compensation from an offer
    strict = {m: Policy(0.95, 0.95, 0.0, True) for m in MOVES}
    assert micro_f1(MOVES, oof, strict)["micro"] < micro_f1(MOVES, oof, policies)["micro"]


def test_the_answer_stage_drops_what_one_head_cannot_tell_apart() -> None:
    oof, probs = toy()
    folds = [[i for i in range(120) if i % 5 == f] for f in range(5)]
    policies, _ = tune(MOVES, oof)
    stage, summary = train_answer_stage(MOVES, oof, probs, folds, policies)
    assert summary["micro"] >= 0.98 > micro_f1(MOVES, oof, policies)["micro"]
    compensation = stage.probabilities(answer_rows(oof, probs)[1])  # answer 1 is a compensation
    assert compensation[1] >= stage.thresholds["compensation"]
    assert compensation[0] < stage.thresholds["offer_solution"]
    again, _ = train_answer_stage(MOVES, oof, probs, folds, policies)
    assert np.array_equal(again.weights, stage.weights)  # deterministic


def test_window_embeddings_kept_beside_the_feature_cache_are_reused_for_the_same_encoder(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "feat.pkl"
    row = np.arange(384, dtype=np.float32)
    save_embeddings(cache, {"sorry about that": row})
    stored = embedding_store(cache)
    assert list(stored) == ["sorry about that"] and np.array_equal(stored["sorry about that"], row)
    assert embedding_store(tmp_path / "other.pkl") == {}
    doc = pickle.loads((tmp_path / "feat.pkl.embeddings").read_bytes())
    (tmp_path / "feat.pkl.embeddings").write_bytes(pickle.dumps({**doc, "weights": "another encoder"}))
    assert embedding_store(cache) == {}  # rows of other weights are never mixed in
