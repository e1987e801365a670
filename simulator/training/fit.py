"""Fit the judge's logistic heads: dense features standardised, hashed n-grams kept sparse (training only)."""

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
