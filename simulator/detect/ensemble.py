"""Two sets of heads as one: a refit's logits recalibrated, then averaged in for chosen moves (pure).

The judge's logit for a move is `blend * linear + (1 - blend) * hidden`, both parts linear in their last
layer, so a recalibration `a * z + b` and an average of two heads' logits fold into weights the judge
already reads: a heads object with more hidden layers, not a new kind of judge."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from simulator.detect.heads import Heads
from simulator.detect.hidden import HiddenLayer, HiddenLayers

Floats = NDArray[np.float64]


class EnsembleError(ValueError):
    """The two heads cannot be combined (different moves, features, blend or hidden layers)."""


def fit_affine(reference: Floats, candidate: Floats, quantiles: Floats) -> tuple[float, float]:
    """The line a * z + b through the candidate's and the reference's logit quantiles (least squares): what
    maps the candidate's scores onto the reference's spread where the thresholds lie."""
    a, b = np.polyfit(np.quantile(candidate, quantiles), np.quantile(reference, quantiles), 1)
    return float(a), float(b)


def recalibrated(heads: Heads, affine: Mapping[str, tuple[float, float]]) -> Heads:
    """The heads with each listed move's blended logit z replaced by a * z + b (others unchanged)."""
    a = np.array([affine.get(m, (1.0, 0.0))[0] for m in heads.moves])
    b = np.array([affine.get(m, (1.0, 0.0))[1] for m in heads.moves])
    hidden = heads.hidden
    if hidden is not None:
        hidden = HiddenLayers(
            tuple(
                replace(
                    layer,
                    w2=(layer.w2 * a).astype(np.float32),
                    b2=(layer.b2 * a + b).astype(np.float32),
                )
                for layer in hidden.layers
            )
        )
    elif heads.blend != 1.0:
        raise EnsembleError("heads without hidden layers must not blend")
    return replace(heads, weights=heads.weights * a, bias=heads.bias * a + b, hidden=hidden)


def averaged_for(base: Heads, other: Heads, moves: Collection[str]) -> Heads:
    """`base` with the logit of each of `moves` replaced by the mean of `base`'s and `other`'s logits; every
    threshold, veto and the answer stage stay `base`'s. The linear parts' mean is one linear head over
    `base`'s feature scaling; the hidden layers are both sets together (the judge averages their logits),
    their output columns weighted so that the other moves keep `base`'s logit exactly."""
    _check(base, other)
    assert base.hidden is not None and other.hidden is not None  # checked
    chosen = np.array([m in moves for m in base.moves])
    per_feature = 0.5 * (base.weights / base.scale[:, None] + other.weights / other.scale[:, None])
    offset = 0.5 * (
        base.bias
        - (base.mean / base.scale) @ base.weights
        + other.bias
        - (other.mean / other.scale) @ other.weights
    )
    mixed_w = base.scale[:, None] * per_feature
    mixed_b = offset + (base.mean / base.scale) @ mixed_w
    weights = np.where(chosen[None, :], mixed_w, base.weights)
    bias = np.where(chosen, mixed_b, base.bias)
    keep_base = np.where(chosen, 1.0, 2.0).astype(np.float32)  # n base layers count twice in 2n
    drop_other = np.where(chosen, 1.0, 0.0).astype(np.float32)
    layers = tuple(_scaled(layer, keep_base) for layer in base.hidden.layers) + tuple(
        _scaled(layer, drop_other) for layer in other.hidden.layers
    )
    return replace(base, weights=weights, bias=bias, hidden=HiddenLayers(layers))


def _scaled(layer: HiddenLayer, by: NDArray[np.float32]) -> HiddenLayer:
    return replace(layer, w2=(layer.w2 * by).astype(np.float32), b2=(layer.b2 * by).astype(np.float32))


def _check(base: Heads, other: Heads) -> None:
    if base.moves != other.moves:
        raise EnsembleError("the two heads score different moves")
    if base.weights.shape != other.weights.shape:
        raise EnsembleError("the two heads read different feature rows")
    if base.blend != other.blend:
        raise EnsembleError("the two heads blend their logits differently")
    if base.hidden is None or other.hidden is None:
        raise EnsembleError("both heads need their hidden layers")
    if len(base.hidden.layers) != len(other.hidden.layers):
        raise EnsembleError("the two heads have different numbers of hidden layers")
