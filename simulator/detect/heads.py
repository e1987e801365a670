"""Per-move logistic heads over window features: probabilities and their per-move thresholds (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Heads:
    """One logistic regression per move: p = sigmoid(((x - mean) / scale) @ w + b)."""

    moves: tuple[str, ...]
    weights: NDArray[np.float64]  # (features, moves)
    bias: NDArray[np.float64]  # (moves,)
    mean: NDArray[np.float64]  # (features,)
    scale: NDArray[np.float64]  # (features,)
    thresholds: Mapping[str, float]
    vetoes: Mapping[str, float]  # a rule's move is dropped when the head scores under this floor
    meta: Mapping[str, object]

    def probabilities(self, rows: NDArray[np.float32]) -> NDArray[np.float64]:
        """(windows, moves) probabilities."""
        if rows.shape[0] == 0:
            return np.zeros((0, len(self.moves)))
        z = ((rows.astype(np.float64) - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def threshold(self, move: str) -> float:
        return float(self.thresholds.get(move, 0.5))

    def veto(self, move: str) -> float:
        return float(self.vetoes.get(move, 0.0))

    def to_arrays(self) -> dict[str, NDArray[np.float64]]:
        return {"weights": self.weights, "bias": self.bias, "mean": self.mean, "scale": self.scale}

    def manifest(self) -> str:
        return json.dumps(
            {
                "moves": list(self.moves),
                "thresholds": dict(self.thresholds),
                "vetoes": dict(self.vetoes),
                "meta": dict(self.meta),
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_parts(cls, arrays: Mapping[str, NDArray[np.float64]], manifest_text: str) -> Heads:
        doc = json.loads(manifest_text)
        return cls(
            tuple(doc["moves"]),
            np.asarray(arrays["weights"], dtype=np.float64),
            np.asarray(arrays["bias"], dtype=np.float64),
            np.asarray(arrays["mean"], dtype=np.float64),
            np.asarray(arrays["scale"], dtype=np.float64),
            {k: float(v) for k, v in doc["thresholds"].items()},
            {k: float(v) for k, v in doc.get("vetoes", {}).items()},
            doc.get("meta", {}),
        )
