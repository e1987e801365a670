"""Heads combined: a refit recalibrated onto the trained heads' spread, its logits averaged in per move."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from simulator.detect.ensemble import EnsembleError, averaged_for, fit_affine, recalibrated
from simulator.detect.heads import Heads
from simulator.detect.hidden import HiddenLayer, HiddenLayers

MOVES = ("apology", "blame", "rude")
FEATURES, DENSE, HIDDEN = 12, 8, 5


def _heads(seed: int, layers: int = 2) -> Heads:
    rng = np.random.default_rng(seed)
    hidden = HiddenLayers(
        tuple(
            HiddenLayer(
                rng.normal(size=(DENSE, HIDDEN)).astype(np.float32),
                rng.normal(size=HIDDEN).astype(np.float32),
                rng.normal(size=(HIDDEN, len(MOVES))).astype(np.float32),
                rng.normal(size=len(MOVES)).astype(np.float32),
                rng.normal(size=DENSE).astype(np.float32),
                rng.uniform(0.5, 2.0, size=DENSE).astype(np.float32),
            )
            for _ in range(layers)
        )
    )
    return Heads(
        MOVES,
        rng.normal(size=(FEATURES, len(MOVES))),
        rng.normal(size=len(MOVES)),
        rng.normal(size=FEATURES),
        rng.uniform(0.5, 2.0, size=FEATURES),
        dict.fromkeys(MOVES, 0.5),
        dict.fromkeys(MOVES, 0.05),
        {},
        hidden=hidden,
        blend=0.5,
    )


def _logits(heads: Heads, rows: NDArray[np.float32]) -> NDArray[np.float64]:
    p = np.clip(heads.probabilities(rows), 1e-12, 1 - 1e-12)
    return np.asarray(np.log(p / (1 - p)), dtype=np.float64)


ROWS = np.random.default_rng(9).normal(size=(40, FEATURES)).astype(np.float32)


def test_a_refits_logits_are_averaged_in_for_the_chosen_moves_only() -> None:
    base, other = _heads(1), _heads(2)
    mixed = averaged_for(base, other, {"blame", "rude"})
    got, want_base, want_other = _logits(mixed, ROWS), _logits(base, ROWS), _logits(other, ROWS)
    assert np.allclose(got[:, 0], want_base[:, 0], atol=1e-4)  # apology: the base heads' own logit
    assert np.allclose(got[:, 1:], (want_base[:, 1:] + want_other[:, 1:]) / 2, atol=1e-4)
    assert mixed.hidden is not None and len(mixed.hidden.layers) == 4
    assert mixed.thresholds == base.thresholds and mixed.vetoes == base.vetoes


def test_recalibration_maps_each_listed_moves_logit_onto_a_line() -> None:
    heads = _heads(3)
    moved = recalibrated(heads, {"blame": (1.5, -0.7)})
    before, after = _logits(heads, ROWS), _logits(moved, ROWS)
    assert np.allclose(after[:, 1], 1.5 * before[:, 1] - 0.7, atol=1e-4)
    assert np.allclose(after[:, [0, 2]], before[:, [0, 2]], atol=1e-9)


def test_the_calibration_line_is_fitted_through_the_upper_quantiles() -> None:
    candidate = np.random.default_rng(4).normal(size=5000)
    a, b = fit_affine(2.0 * candidate + 1.0, candidate, np.linspace(0.8, 0.999, 50))
    assert (a, b) == pytest.approx((2.0, 1.0), abs=1e-9)


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (_heads(5, layers=3), "numbers of hidden layers"),
        (
            Heads(
                ("blame",),
                np.zeros((FEATURES, 1)),
                np.zeros(1),
                np.zeros(FEATURES),
                np.ones(FEATURES),
                {},
                {},
                {},
            ),
            "different moves",
        ),
    ],
)
def test_heads_that_do_not_fit_together_are_refused(other: Heads, message: str) -> None:
    with pytest.raises(EnsembleError, match=message):
        averaged_for(_heads(6), other, {"blame"})
