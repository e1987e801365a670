"""all-MiniLM-L6-v2 in onnxruntime: the verified weights as an ONNX graph built in memory (no file, no torch).

The graph is the same BERT forward pass as `simulator.detect.encoder` (the numpy reference); padded texts
are masked out of attention, and pooling is done here, so the embeddings agree with it to about 1e-6 at
about half its time on two cores."""

from __future__ import annotations

import ctypes
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulator.detect.encoder import MAX_TOKENS, BertConfig, encode_by_length
from simulator.models import onnx_proto as pb

Array = NDArray[np.float32]
_MASKED = np.float32(-1e4)  # added to attention scores of padding: exp underflows to exactly 0


class _Graph:
    """Collects nodes and initialisers while the forward pass is spelled out."""

    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.initializers: list[pb.Parts] = []

    def const(self, name: str, array: NDArray[Any]) -> str:
        self.initializers.append(pb.tensor(name, array))
        return name

    def op(self, op_type: str, inputs: Sequence[str], output: str, **attrs: pb.AttributeValue) -> str:
        self.nodes.append(pb.node(op_type, inputs, output, **attrs))
        return output


def _linear(g: _Graph, x: str, weights: Mapping[str, Array], key: str, out: str) -> str:
    w = g.const(out + ".w", np.ascontiguousarray(weights[key + ".weight"].T))
    b = g.const(out + ".b", weights[key + ".bias"])
    return g.op("Add", [g.op("MatMul", [x, w], out + ".mm"), b], out)


def _layer_norm(g: _Graph, x: str, weights: Mapping[str, Array], key: str, out: str, eps: float) -> str:
    w, b = g.const(out + ".g", weights[key + ".weight"]), g.const(out + ".beta", weights[key + ".bias"])
    return g.op("LayerNormalization", [x, w, b], out, axis=-1, epsilon=eps)


def build_graph(weights: Mapping[str, Array], config: BertConfig) -> bytes:
    """The encoder as an ONNX model: inputs words (batch, tokens, hidden: each token's row of the word
    table, looked up outside), positions (batch, tokens) and mask_bias (batch, 1, 1, tokens); output
    hidden (batch, tokens, hidden), the last layer before pooling."""
    g = _Graph()
    hid, heads = config.hidden, config.heads
    size = hid // heads
    g.const("split_heads", np.array([0, 0, heads, size], dtype=np.int64))
    g.const("merge_heads", np.array([0, 0, hid], dtype=np.int64))
    g.const("scale", np.array(1.0 / np.sqrt(size), dtype=np.float32))
    g.const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    g.const("one", np.array(1.0, dtype=np.float32))
    g.const("half", np.array(0.5, dtype=np.float32))
    places = g.const("position_embeddings", weights["embeddings.position_embeddings.weight"])
    kind = g.const("token_type", weights["embeddings.token_type_embeddings.weight"][0])
    x = g.op("Add", ["words", g.op("Gather", [places, "positions"], "e.pos")], "e")
    x = _layer_norm(g, g.op("Add", [x, kind], "e.typed"), weights, "embeddings.LayerNorm", "x", config.eps)
    for n in range(config.layers):
        key, name = f"encoder.layer.{n}.", f"l{n}."
        parts = {}
        for part, perm in (("query", (0, 2, 1, 3)), ("key", (0, 2, 3, 1)), ("value", (0, 2, 1, 3))):
            y = _linear(g, x, weights, key + "attention.self." + part, name + part)
            y = g.op("Reshape", [y, "split_heads"], name + part + ".heads")
            parts[part] = g.op("Transpose", [y], name + part + ".t", perm=perm)
        scores = g.op("MatMul", [parts["query"], parts["key"]], name + "qk")
        scores = g.op("Mul", [scores, "scale"], name + "s")
        probs = g.op("Softmax", [g.op("Add", [scores, "mask_bias"], name + "masked")], name + "p", axis=-1)
        ctx = g.op("MatMul", [probs, parts["value"]], name + "ctx")
        ctx = g.op("Transpose", [ctx], name + "ctx.t", perm=(0, 2, 1, 3))
        ctx = g.op("Reshape", [ctx, "merge_heads"], name + "ctx.merged")
        out = _linear(g, ctx, weights, key + "attention.output.dense", name + "attn")
        out = g.op("Add", [out, x], name + "attn.res")
        x = _layer_norm(g, out, weights, key + "attention.output.LayerNorm", name + "x1", config.eps)
        inner = _linear(g, x, weights, key + "intermediate.dense", name + "inner")
        erf = g.op("Erf", [g.op("Div", [inner, "sqrt2"], name + "inner.s")], name + "erf")
        gelu = g.op("Mul", [inner, g.op("Add", [erf, "one"], name + "erf1")], name + "gelu2")
        gelu = g.op("Mul", [gelu, "half"], name + "gelu")
        out = _linear(g, gelu, weights, key + "output.dense", name + "out")
        out = g.op("Add", [out, x], name + "out.res")
        last = "hidden" if n == config.layers - 1 else name + "x2"
        x = _layer_norm(g, out, weights, key + "output.LayerNorm", last, config.eps)
    inputs = [
        pb.value_info("words", pb.FLOAT, ("batch", "tokens", hid)),
        pb.value_info("positions", pb.INT64, ("batch", "tokens")),
        pb.value_info("mask_bias", pb.FLOAT, ("batch", 1, 1, "tokens")),
    ]
    outputs = [pb.value_info("hidden", pb.FLOAT, ("batch", "tokens", hid))]
    return pb.model(g.nodes, g.initializers, inputs, outputs)


class OnnxSentenceEncoder:
    """The same embeddings as `SentenceEncoder` (mean pooling, L2 norm), the forward pass in onnxruntime."""

    def __init__(self, session: Any, tokenizer: Any, word_table: Array) -> None:
        self._session = session
        self._tok = tokenizer
        self._words = word_table  # memory-mapped: rows are read on first use
        self.dim = int(word_table.shape[1])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Array:
        """L2-normalised embeddings, one row per text; texts of similar length are padded together."""
        return encode_by_length(texts, batch_size, self.dim, self._encode_batch)

    def _encode_batch(self, texts: list[str]) -> Array:
        ids_list = [list(e.ids)[:MAX_TOKENS] for e in self._tok.encode_batch(texts)]
        width = max(1, max(len(ids) for ids in ids_list))
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.float32)
        for row, tokens in enumerate(ids_list):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        feeds = {
            "words": np.ascontiguousarray(self._words[ids], dtype=np.float32),
            "positions": np.broadcast_to(np.arange(width, dtype=np.int64), ids.shape).copy(),
            "mask_bias": np.where(mask > 0, np.float32(0.0), _MASKED)[:, None, None, :].astype(np.float32),
        }
        (hidden,) = self._session.run(["hidden"], feeds)
        counts = mask.sum(1, keepdims=True)
        pooled = (hidden * mask[:, :, None]).sum(1) / np.maximum(counts, 1.0)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)


def onnx_encoder(
    weights: Mapping[str, Array], config: BertConfig, tokenizer: Any, word_table: Array
) -> OnnxSentenceEncoder:
    """Build the graph and its onnxruntime session (about 0.4 s); raises ImportError or onnxruntime's."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3  # errors only: its optimiser's notes are not for trainees
    session = ort.InferenceSession(build_graph(weights, config), options, providers=["CPUExecutionProvider"])
    # Its Python wrapper keeps the model's bytes (90 MB) only to rebuild the session for another provider;
    # the CPU session never is, and the weights already live in the session.
    if hasattr(session, "_model_bytes"):
        session._model_bytes = None
    _return_freed_memory()
    return OnnxSentenceEncoder(session, tokenizer, word_table)


def _return_freed_memory() -> None:
    """Hand the start-up's freed scratch (the graph's bytes, onnxruntime's folding; about 30 MB) back to the
    system: glibc keeps freed heap pages otherwise. Elsewhere this does nothing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass
