"""all-MiniLM-L6-v2 sentence embeddings in numpy: a BERT forward pass, mean pooling, L2 norm (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

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


_ERFC_FIT = (
    0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196,
    1.00002368,
)  # fmt: skip


def _erf(x: Array) -> Array:
    """erf to ~1e-7 (Numerical Recipes' erfc Chebyshev fit); numpy has no erf and scipy is not needed.
    Horner's rule in place: the same float operations in the same order, without a temporary per step."""
    z = np.abs(x)
    t = 0.5 * z
    t += 1.0
    np.reciprocal(t, out=t)
    acc = t * _ERFC_FIT[0]
    for c in _ERFC_FIT[1:]:
        acc += c
        acc *= t
    poly = -z * z
    poly -= 1.26551223
    poly += acc
    np.exp(poly, out=poly)
    poly *= t  # erfc
    np.subtract(1.0, poly, out=poly)  # erf(|x|); erf is odd, and poly - 1 is exactly -(1 - poly)
    np.negative(poly, out=poly, where=x < 0)
    return poly.astype(np.float32, copy=False)


_SQRT2 = np.float32(np.sqrt(2.0))


def _gelu_(x: Array) -> Array:
    """GELU in place: x * 0.5 * (1 + erf(x / sqrt 2)), without a temporary per step."""
    e = _erf(x / _SQRT2)
    e += 1.0
    x *= 0.5
    x *= e
    return x


def _row_mean(x: Array) -> Array:
    """x.mean(-1) as numpy computes it (a sum, then a division), without its Python-level wrapper."""
    total = np.add.reduce(x, axis=-1, keepdims=True)
    total /= x.shape[-1]
    return total


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    centred = x - _row_mean(x)
    var = _row_mean(np.square(centred))
    var += eps
    centred /= np.sqrt(var, out=var)
    centred *= weight
    centred += bias
    return centred.astype(np.float32, copy=False)


def encode_by_length(
    texts: Sequence[str], batch_size: int, dim: int, encode_batch: Callable[[list[str]], Array]
) -> Array:
    """One row per text, encoded in batches of similar length (the least padding), in the input's order."""
    order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        out[idx] = encode_batch([texts[k] for k in idx])
    return out


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
        for n in range(config.layers):  # query, key and value as one (in, 3 * out) matrix: one product
            p = f"encoder.layer.{n}.attention.self."
            self._w[f"encoder.layer.{n}.qkv.weight"] = np.ascontiguousarray(
                np.concatenate([self._w[p + f"{m}.weight"] for m in ("query", "key", "value")], axis=1)
            )
            self._w[f"encoder.layer.{n}.qkv.bias"] = np.concatenate(
                [self._w[p + f"{m}.bias"] for m in ("query", "key", "value")]
            )
        self.dim = config.hidden

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Array:
        """L2-normalised embeddings, one row per text (an empty input gives an empty (0, dim) array)."""
        return encode_by_length(texts, batch_size, self.dim, self._encode_batch)

    def _encode_batch(self, texts: list[str]) -> Array:
        encodings = self._tok.encode_batch(texts)  # type: ignore[attr-defined]
        ids_list = [list(e.ids)[:MAX_TOKENS] for e in encodings]  # the loader sets truncation
        lengths = [len(ids) for ids in ids_list]
        hidden = self._forward(ids_list)
        pooled = np.stack(
            [
                hidden[a:b].mean(0) if b > a else np.zeros(self.dim, np.float32)
                for a, b in pairwise(np.cumsum([0, *lengths]))
            ]
        )
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def _forward(self, ids_list: list[list[int]]) -> Array:
        """The encoder over several texts at once, their tokens packed into one (tokens, hidden) matrix: the
        dense layers see no padding; attention runs text by text."""
        w, cfg = self._w, self.config
        ids = np.array([t for ids in ids_list for t in ids], dtype=np.int64)
        positions = np.array([k for ids in ids_list for k in range(len(ids))], dtype=np.int64)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0][None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], cfg.eps)
        heads, size, hid = cfg.heads, cfg.hidden // cfg.heads, cfg.hidden
        bounds = np.cumsum([0, *(len(ids) for ids in ids_list)])
        spans = [(int(a), int(b)) for a, b in pairwise(bounds) if b > a]
        scale = np.float32(1.0 / np.sqrt(size))
        for n in range(cfg.layers):
            p = f"encoder.layer.{n}."
            qkv = x @ w[p + "qkv.weight"]
            qkv += w[p + "qkv.bias"]
            ctx = np.empty_like(x)
            for a, b in spans:
                part = qkv[a:b].reshape(b - a, 3, heads, size).transpose(1, 2, 0, 3)  # (3, heads, len, size)
                q, k, v = part[0], part[1], part[2]
                scores = (q @ k.transpose(0, 2, 1)) * scale
                scores -= scores.max(-1, keepdims=True)
                probs = np.exp(scores)
                probs /= probs.sum(-1, keepdims=True)
                ctx[a:b] = (probs @ v).transpose(1, 0, 2).reshape(b - a, hid)
            out = ctx @ w[p + "attention.output.dense.weight"]
            out += w[p + "attention.output.dense.bias"]
            out += x
            x = _layer_norm(
                out,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                cfg.eps,
            )
            inner = x @ w[p + "intermediate.dense.weight"]
            inner += w[p + "intermediate.dense.bias"]
            out = _gelu_(inner) @ w[p + "output.dense.weight"]
            out += w[p + "output.dense.bias"]
            out += x
            x = _layer_norm(out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], cfg.eps)
        return x.astype(np.float32)
