"""The answer-level second stage: each move decided from every head's best scores and the rules (pure).

A head scores one window and one move; the answer-level stage sees all of them at once, so it can learn
that a compensation offer is not also a plain offer, or that an apology undone by "but" is blame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
KINDS = ("clause", "answer", "rule", "near rule")  # per move: the feature groups, in order
_KIND_TEXT = {
    "clause": "best clause score of {m}",
    "answer": "best window score of {m}",
    "rule": "a rule proposed {m}",
    "near rule": "{m} head around the rule's words",
}
_EPS = 1e-4


def _logit(p: Floats) -> Floats:
    q = np.clip(p, _EPS, 1 - _EPS)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def rule_support(
    moves: Sequence[str], scores: Floats, rules: Iterable[tuple[str, Iterable[int]]]
) -> tuple[NDArray[np.bool_], Floats]:
    """Per move: whether a rule proposed it, and its head's best score over the windows around the rules'
    words. `rules` pairs each rule's move with the windows holding its words (training and judge alike)."""
    col = {m: k for k, m in enumerate(moves)}
    ruled, near = np.zeros(len(moves), dtype=bool), np.zeros(len(moves))
    for move, windows in rules:
        if move in col:
            k = col[move]
            ruled[k] = True
            near[k] = max(near[k], max((float(scores[w, k]) for w in windows), default=0.0))
    return ruled, near


def answer_features(scores: Floats, ruled: NDArray[np.bool_], near_rule: Floats) -> Floats:
    """One row per answer: for every move the logit of its best clause score, of its best score over all
    windows (the whole answer included), whether a rule proposed it, and the logit of its head's best score
    around the rule's words. `scores` is (windows, moves); the last window is the whole answer when there
    are several."""
    clause = scores[:-1] if len(scores) > 1 else scores
    return np.concatenate(
        [
            _logit(clause.max(0)),
            _logit(scores.max(0)),
            ruled.astype(np.float64),
            _logit(near_rule),
        ]
    )


def feature_label(k: int, moves: Sequence[str]) -> str:
    kind, move = KINDS[k // len(moves)], moves[k % len(moves)]
    return _KIND_TEXT[kind].format(m=move)


@dataclass(frozen=True, slots=True)
class AnswerStage:
    """One logistic regression per move over `answer_features`, and the per-move thresholds tuned for it."""

    weights: Floats  # (features, moves)
    bias: Floats  # (moves,)
    mean: Floats  # (features,)
    scale: Floats  # (features,)
    thresholds: Mapping[str, float]

    def probabilities(self, features: Floats) -> Floats:
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))), dtype=np.float64)

    def reasons(self, features: Floats, col: int, moves: Sequence[str], top: int = 2) -> str:
        """The features that pushed this move's score most, for the trace ("why did it say that?")."""
        parts = ((features - self.mean) / self.scale) * self.weights[:, col]
        order = np.argsort(-np.abs(parts))[:top]
        return "; ".join(
            f"{feature_label(int(k), moves)} {'raised' if parts[k] > 0 else 'lowered'} it" for k in order
        )

    def to_arrays(self) -> dict[str, Floats]:
        return {
            "answer_weights": self.weights,
            "answer_bias": self.bias,
            "answer_mean": self.mean,
            "answer_scale": self.scale,
        }

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, NDArray[np.floating]], thresholds: Mapping[str, float]
    ) -> AnswerStage:
        return cls(
            np.asarray(arrays["answer_weights"], dtype=np.float64),
            np.asarray(arrays["answer_bias"], dtype=np.float64),
            np.asarray(arrays["answer_mean"], dtype=np.float64),
            np.asarray(arrays["answer_scale"], dtype=np.float64),
            {k: float(v) for k, v in thresholds.items()},
        )


def fit_answer_stage(
    features: Floats, gold: NDArray[np.bool_], l2: float = 1.0, iterations: int = 300
) -> tuple[Floats, Floats, Floats, Floats]:
    """Deterministic full-batch L2 logistic regressions (one per move) on standardised features.
    Returns weights (features, moves), biases, and the standardisation mean and scale."""
    mean = features.mean(0)
    scale = features.std(0)
    scale[scale < 1e-6] = 1.0
    x = (features - mean) / scale
    y = gold.astype(np.float64)
    n = len(x)
    w, b = np.zeros((x.shape[1], y.shape[1])), np.zeros(y.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30, 30)))
        g = p - y
        w -= 0.5 * (x.T @ g / n + l2 * w / n)
        b -= 0.5 * g.mean(0)
    return w, b, mean, scale
