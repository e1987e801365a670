"""all-MiniLM-L6-v2 sentence embeddings in numpy: a BERT forward pass, mean pooling, L2 norm (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float32]
MAX_TOKENS = 128  # clauses are short; the model was trained with 128-token inputs
EMBED_DIM = 384  # all-MiniLM-L6-v2


@dataclass(frozen=True, slots=True)
class BertConfig:
    """The handful of config.json fields the forward pass needs."""

    layers: int
    heads: int
    hidden: int
    eps: float

    @classmethod
    def from_json(cls, text: str) -> BertConfig:
        doc = json.loads(text)
        return cls(
            int(doc["num_hidden_layers"]),
            int(doc["num_attention_heads"]),
            int(doc["hidden_size"]),
            float(doc.get("layer_norm_eps", 1e-12)),
        )


def _erf(x: Array) -> Array:
    """erf to ~1e-7 (Numerical Recipes' erfc Chebyshev fit); numpy has no erf and scipy is not needed."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = (
        -z * z
        - 1.26551223
        + t
        * (
            1.00002368
            + t
            * (
                0.37409196
                + t
                * (
                    0.09678418
                    + t
                    * (
                        -0.18628806
                        + t
                        * (
                            0.27886807
                            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))
                        )
                    )
                )
            )
        )
    )
    erfc = t * np.exp(poly)
    return np.where(x >= 0, 1.0 - erfc, erfc - 1.0).astype(np.float32)


def _gelu(x: Array) -> Array:
    return (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps) * weight + bias).astype(np.float32)


class SentenceEncoder:
    """Embeds sentences exactly as sentence-transformers' all-MiniLM-L6-v2 does, without torch."""

    def __init__(self, weights: Mapping[str, Array], config: BertConfig, tokenizer: object) -> None:
        self.config = config
        self._tok = tokenizer
        self._w = {
            k: np.asarray(v, dtype=np.float32) for k, v in weights.items() if k != "embeddings.position_ids"
        }
        # Linear layers as (in, out) matrices, transposed once.
        for k in list(self._w):
            if k.endswith(".weight") and self._w[k].ndim == 2 and "embeddings" not in k:
                self._w[k] = np.ascontiguousarray(self._w[k].T)
        self.dim = config.hidden

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Array:
        """L2-normalised embeddings, one row per text (an empty input gives an empty (0, dim) array)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out[idx] = self._encode_batch([texts[k] for k in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> Array:
        encodings = self._tok.encode_batch(texts)  # type: ignore[attr-defined]
        ids_list = [list(e.ids)[:MAX_TOKENS] for e in encodings]  # the loader sets truncation
        width = max(len(ids) for ids in ids_list)
        ids_arr = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.float32)
        for row, ids in enumerate(ids_list):
            ids_arr[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        hidden = self._forward(ids_arr, mask)
        summed = (hidden * mask[:, :, None]).sum(1)
        pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def _forward(self, ids: NDArray[np.int64], mask: Array) -> Array:
        w, cfg = self._w, self.config
        batch, width = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], cfg.eps)
        heads, size = cfg.heads, cfg.hidden // cfg.heads
        bias = ((1.0 - mask) * np.float32(np.finfo(np.float32).min))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for n in range(cfg.layers):
            p = f"encoder.layer.{n}."

            def lin(t: Array, name: str, p: str = p) -> Array:
                return t @ w[p + name + ".weight"] + w[p + name + ".bias"]

            def split(t: Array) -> Array:
                return t.reshape(batch, width, heads, size).transpose(0, 2, 1, 3)

            q = split(lin(x, "attention.self.query"))
            k = split(lin(x, "attention.self.key"))
            v = split(lin(x, "attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, width, cfg.hidden)
            x = _layer_norm(
                lin(ctx, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                cfg.eps,
            )
            inner = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                lin(inner, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                cfg.eps,
            )
        return x.astype(np.float32)
