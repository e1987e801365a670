"""The hidden layer blended into the judge's heads: its arithmetic, storage and training."""

from __future__ import annotations

import numpy as np

from simulator.detect.heads import Heads
from simulator.detect.hidden import ARRAY_KEYS, HiddenLayer, HiddenLayers, blend_logits
from simulator.training.fit import fit_hidden_layer


def small_layer(dense: int = 3, units: int = 4, moves: int = 2, seed: int = 1) -> HiddenLayer:
    rng = np.random.default_rng(seed)
    return HiddenLayer(
        rng.standard_normal((dense, units)).astype(np.float32),
        rng.standard_normal(units).astype(np.float32),
        rng.standard_normal((units, moves)).astype(np.float32),
        rng.standard_normal(moves).astype(np.float32),
        rng.standard_normal(dense).astype(np.float32),
        (rng.random(dense) + 0.5).astype(np.float32),
    )


def test_the_layer_reads_only_the_dense_columns_and_applies_relu() -> None:
    layer = small_layer()
    rows = np.array([[0.5, -1.0, 2.0, 9.0, 9.0], [0.0, 0.0, 0.0, -9.0, 3.0]], dtype=np.float32)
    x = (rows[:, :3] - layer.mean) / layer.scale
    expected = np.maximum(x @ layer.w1 + layer.b1, 0) @ layer.w2 + layer.b2
    assert np.allclose(layer.logits(rows), expected, atol=1e-5)
    # the columns after the dense ones (hashed n-grams) do not move it
    other = rows.copy()
    other[:, 3:] = 0.0
    assert np.allclose(layer.logits(other), layer.logits(rows))


def heads_with(hidden: HiddenLayers | None, blend: float = 1.0) -> Heads:
    n = 5
    w = np.arange(n * 2, dtype=np.float64).reshape(n, 2) / 10.0
    return Heads(
        ("apology", "blame"), w, np.array([-1.0, 0.5]), np.zeros(n), np.ones(n),
        {"apology": 0.5, "blame": 0.5}, {}, {}, hidden=hidden, blend=blend,
    )  # fmt: skip


def test_heads_blend_the_logistic_and_hidden_logits() -> None:
    layer = small_layer()
    rows = np.array([[0.2, 0.1, -0.3, 1.0, 0.0]], dtype=np.float32)
    plain = heads_with(None)
    blended = heads_with(HiddenLayers((layer,)), 0.5)
    linear = rows.astype(np.float64) @ plain.weights + plain.bias
    assert np.allclose(plain.probabilities(rows), 1 / (1 + np.exp(-linear)))
    z = blend_logits(linear, layer.logits(rows), 0.5)
    assert np.allclose(blended.probabilities(rows), 1 / (1 + np.exp(-z)))
    assert not np.allclose(blended.probabilities(rows), plain.probabilities(rows))


def test_the_layer_and_its_blend_survive_storage() -> None:
    heads = heads_with(HiddenLayers((small_layer(),)), 0.4)
    again = Heads.from_parts(heads.to_arrays(), heads.manifest())
    assert again.hidden is not None and again.blend == 0.4
    rows = np.random.default_rng(3).standard_normal((4, 5)).astype(np.float32)
    assert np.allclose(again.probabilities(rows), heads.probabilities(rows))
    # heads stored without a layer load without one
    plain = Heads.from_parts(heads_with(None).to_arrays(), heads_with(None).manifest())
    assert plain.hidden is None and plain.blend == 1.0


def test_training_learns_what_no_single_feature_weight_can_and_is_seeded() -> None:
    """An 'either but not both' label (XOR of two features) is out of reach of a logistic head."""
    rng = np.random.default_rng(0)
    x = rng.choice([-1.0, 1.0], size=(800, 2)).astype(np.float32)
    y = ((x[:, 0] * x[:, 1]) < 0).astype(np.float32)[:, None]
    params = fit_hidden_layer(x, y, np.ones(1, np.float32), 16, 60, 1e-4, 0.0, seed=5)
    layer = HiddenLayer(*params, np.zeros(2, np.float32), np.ones(2, np.float32))
    predicted = layer.logits(x)[:, 0] > 0
    assert (predicted == (y[:, 0] > 0.5)).mean() > 0.97
    again = fit_hidden_layer(x, y, np.ones(1, np.float32), 16, 60, 1e-4, 0.0, seed=5)
    assert all(np.array_equal(a, b) for a, b in zip(params, again, strict=True))


def test_layers_from_several_seeds_average_their_logits() -> None:
    layers = tuple(small_layer(seed=s) for s in (1, 2, 3))
    rows = np.random.default_rng(4).standard_normal((6, 5)).astype(np.float32)
    ensemble = HiddenLayers(layers)
    expected = (layers[0].logits(rows) + layers[1].logits(rows) + layers[2].logits(rows)) / 3
    assert np.allclose(ensemble.logits(rows), expected)
    # one layer alone is exactly that layer
    assert np.array_equal(HiddenLayers(layers[:1]).logits(rows), layers[0].logits(rows))


def test_several_layers_survive_storage_and_one_layer_stores_as_before() -> None:
    ensemble = HiddenLayers(tuple(small_layer(seed=s) for s in (1, 2, 3)))
    heads = heads_with(ensemble, 0.5)
    arrays = heads.to_arrays()
    assert {f"{k}_{n}" for k in ARRAY_KEYS for n in (1, 2)} <= set(arrays)
    again = Heads.from_parts(arrays, heads.manifest())
    assert again.hidden is not None and len(again.hidden.layers) == 3
    rows = np.random.default_rng(5).standard_normal((4, 5)).astype(np.float32)
    assert np.array_equal(again.probabilities(rows), heads.probabilities(rows))
    # heads with one layer keep the plain keys only, so heads trained before round 33 still load
    single = heads_with(HiddenLayers(ensemble.layers[:1]), 0.5).to_arrays()
    assert {k for k in single if k.startswith("hidden_")} == set(ARRAY_KEYS)
