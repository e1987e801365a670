"""A one-hidden-layer network over a window's dense features, blended with the logistic heads (pure).

The logistic heads weigh each feature on its own; this layer lets the embedding's directions combine ("a
fee" in a restatement of what went wrong is not "the fee" in an offer to refund it). The judge's score for
a move is the sigmoid of a fixed blend of both logits, so a trace still shows one head score per move."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
ARRAY_KEYS = ("hidden_w1", "hidden_b1", "hidden_w2", "hidden_b2", "hidden_mean", "hidden_scale")


@dataclass(frozen=True, slots=True)
class HiddenLayer:
    """logits = relu(((x - mean) / scale) @ w1 + b1) @ w2 + b2, over the first `len(mean)` features."""

    w1: NDArray[np.float32]  # (dense features, hidden)
    b1: NDArray[np.float32]  # (hidden,)
    w2: NDArray[np.float32]  # (hidden, moves)
    b2: NDArray[np.float32]  # (moves,)
    mean: NDArray[np.float32]  # (dense features,)
    scale: NDArray[np.float32]  # (dense features,)

    def logits(self, rows: NDArray[np.float32]) -> Floats:
        """(windows, moves) logits from feature rows whose first columns are the dense features."""
        x = (rows[:, : self.mean.shape[0]].astype(np.float32) - self.mean) / self.scale
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        return np.asarray(hidden @ self.w2 + self.b2, dtype=np.float64)

    def to_arrays(self) -> dict[str, NDArray[np.float32]]:
        parts = (self.w1, self.b1, self.w2, self.b2, self.mean, self.scale)
        return dict(zip(ARRAY_KEYS, parts, strict=True))

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray[np.floating]]) -> HiddenLayer | None:
        """The layer stored beside the heads, or None when the heads were trained without one."""
        if not all(k in arrays for k in ARRAY_KEYS):
            return None
        w1, b1, w2, b2, mean, scale = (np.asarray(arrays[k], dtype=np.float32) for k in ARRAY_KEYS)
        return cls(w1, b1, w2, b2, mean, scale)


def blend_logits(linear: Floats, hidden: Floats, weight: float) -> Floats:
    """The judge's logits: `weight` of the logistic heads' plus the rest of the hidden layer's."""
    return weight * linear + (1.0 - weight) * hidden


@dataclass(frozen=True, slots=True)
class HiddenLayers:
    """Hidden layers trained alike from different seeds, their logits averaged (a seed ensemble). The first
    is stored under the plain keys, so heads with one layer store and load as before."""

    layers: tuple[HiddenLayer, ...]

    def logits(self, rows: NDArray[np.float32]) -> Floats:
        if len(self.layers) == 1:
            return self.layers[0].logits(rows)
        return np.asarray(np.mean([layer.logits(rows) for layer in self.layers], axis=0), dtype=np.float64)

    def to_arrays(self) -> dict[str, NDArray[np.float32]]:
        arrays: dict[str, NDArray[np.float32]] = {}
        for n, layer in enumerate(self.layers):
            arrays.update({key + _suffix(n): value for key, value in layer.to_arrays().items()})
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray[np.floating]]) -> HiddenLayers | None:
        """The layers stored beside the heads, or None when the heads were trained without one."""
        layers: list[HiddenLayer] = []
        while (layer := HiddenLayer.from_arrays(_unsuffixed(arrays, len(layers)))) is not None:
            layers.append(layer)
        return cls(tuple(layers)) if layers else None


def _suffix(n: int) -> str:
    """What the n-th layer's keys end with: nothing for the first, so one layer stores as before."""
    return f"_{n}" if n else ""


def _unsuffixed(arrays: Mapping[str, NDArray[np.floating]], n: int) -> dict[str, NDArray[np.floating]]:
    """The arrays of the n-th layer under the plain keys."""
    return {key: arrays[key + _suffix(n)] for key in ARRAY_KEYS if key + _suffix(n) in arrays}
