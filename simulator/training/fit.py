"""Fit the judge's heads: logistic regressions over dense and sparse n-gram features, and a hidden layer."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


def fit_heads(
    dense: Floats,
    ngram_rows: list[NDArray[np.int64]],
    buckets: int,
    y: Floats,
    pos_weight: Floats,
    l2: float,
    iterations: int,
    ngram_value: float = 1.0,
) -> tuple[Floats, Floats, Floats]:
    """Deterministic full-batch L2 logistic regressions, one per column of y, by Nesterov gradient descent.

    `dense` is already standardised; `ngram_rows[i]` lists the n-gram buckets set in row i (each worth
    `ngram_value`).
    Returns dense weights (d, m), n-gram weights (buckets, m) and biases (m,)."""
    n, d = dense.shape
    m = y.shape[1]
    counts = np.array([len(r) for r in ngram_rows], dtype=np.int64)
    idx = np.concatenate(ngram_rows) if ngram_rows else np.zeros(0, np.int64)
    row_of = np.repeat(np.arange(n), counts)
    wd, ws, b = np.zeros((d, m)), np.zeros((buckets, m)), np.zeros(m)
    vd, vs, vb = np.zeros((d, m)), np.zeros((buckets, m)), np.zeros(m)
    sample_w = np.where(y > 0.5, pos_weight[None, :], 1.0)
    norm = sample_w.sum(0)
    lr, momentum = 0.5, 0.9
    for _ in range(iterations):
        ld, ls, lb = wd + momentum * vd, ws + momentum * vs, b + momentum * vb
        z = dense @ ld + lb
        # the sparse n-gram products, one move at a time on contiguous columns (np.add.at is slow)
        ls_t = np.ascontiguousarray(ls.T) * ngram_value
        sparse = np.stack([np.bincount(row_of, weights=ls_t[j][idx], minlength=n) for j in range(m)], 1)
        p = 1.0 / (1.0 + np.exp(-np.clip(z + sparse, -30, 30)))
        g = (p - y) * sample_w / norm
        gd = dense.T @ g + l2 * ld / n
        g_t = np.ascontiguousarray(g.T)
        gs = ngram_value * np.stack(
            [np.bincount(idx, weights=g_t[j][row_of], minlength=buckets) for j in range(m)], 1
        )
        gs += l2 * ls / n
        gb = g.sum(0)
        vd, vs, vb = momentum * vd - lr * gd, momentum * vs - lr * gs, momentum * vb - lr * gb
        wd, ws, b = wd + vd, ws + vs, b + vb
    return wd, ws, b


def fit_hidden_layer(
    x: NDArray[np.float32],
    y: NDArray[np.float32],
    pos_weight: NDArray[np.float32],
    hidden: int,
    epochs: int,
    weight_decay: float,
    dropout: float,
    seed: int = 0,
) -> tuple[NDArray[np.float32], ...]:
    """A one-hidden-layer ReLU network with one sigmoid output per column of y, trained by Adam on
    mini-batches of 256 with input dropout, seeded (deterministic for a given machine). `x` is already
    standardised. Returns w1 (d, hidden), b1, w2 (hidden, m), b2."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    m = y.shape[1]
    params = [
        (rng.standard_normal((d, hidden)) * np.sqrt(2.0 / d)).astype(np.float32),
        np.zeros(hidden, np.float32),
        (rng.standard_normal((hidden, m)) * np.sqrt(1.0 / hidden)).astype(np.float32),
        np.zeros(m, np.float32),
    ]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    lr, beta1, beta2, eps, step, batch = 1e-3, 0.9, 0.999, 1e-8, 0, 256
    for _ in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, batch):
            idx = order[s : s + batch]
            xb = x[idx] * ((rng.random((len(idx), d)) >= dropout) / (1.0 - dropout)).astype(np.float32)
            yb = y[idx]
            w1, b1, w2, b2 = params
            h = xb @ w1 + b1
            a = np.maximum(h, 0.0)
            p = 1.0 / (1.0 + np.exp(-np.clip(a @ w2 + b2, -30, 30)))
            g = (p - yb) * np.where(yb > 0.5, pos_weight, 1.0).astype(np.float32) / len(idx)
            ga = g @ w2.T
            ga[h <= 0] = 0.0
            grads = [xb.T @ ga + weight_decay * w1, ga.sum(0), a.T @ g + weight_decay * w2, g.sum(0)]
            step += 1
            for k, grad in enumerate(grads):
                first[k] = beta1 * first[k] + (1 - beta1) * grad
                second[k] = beta2 * second[k] + (1 - beta2) * grad * grad
                update = (first[k] / (1 - beta1**step)) / (np.sqrt(second[k] / (1 - beta2**step)) + eps)
                params[k] -= (lr * update).astype(np.float32)
    return tuple(params)
