"""The encoder's onnxruntime forward pass: the same embeddings as the numpy reference, and its fallbacks."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from safetensors.numpy import save_file

from simulator.detect.encoder import SentenceEncoder
from simulator.models import minilm_onnx
from simulator.models import onnx_proto as pb
from simulator.models.minilm import ENGINE_ENV, EncoderUnavailable, load_encoder, mapped_tensor
from simulator.models.minilm_onnx import OnnxSentenceEncoder

TEXTS = [
    "",
    "ok",
    "I'm so sorry your pizza was late, Dana.",
    "um yeah so like i'm really sorry about that uh when did you place the order",
    "It's not my fault, I'm just doing my job.",
    "so what i'm hearing is " * 40,  # beyond the 128-token limit: truncated the same way
    "Would you rather I send a replacement or refund you?",
]


@pytest.fixture(scope="module")
def engines() -> tuple[OnnxSentenceEncoder, SentenceEncoder]:
    onnx, reference = load_encoder(engine="onnx"), load_encoder(engine="numpy")
    assert isinstance(onnx, OnnxSentenceEncoder)
    assert isinstance(reference, SentenceEncoder)
    return onnx, reference


def test_onnxruntime_gives_the_numpy_references_embeddings(
    engines: tuple[OnnxSentenceEncoder, SentenceEncoder],
) -> None:
    onnx, reference = engines
    together = onnx.encode(TEXTS)
    assert together.shape == (len(TEXTS), 384)
    assert np.abs(together - reference.encode(TEXTS)).max() < 1e-5
    # padding a short text beside a long one changes nothing: the padding is masked out of attention
    for k, text in enumerate(TEXTS):
        assert np.abs(onnx.encode([text])[0] - together[k]).max() < 1e-5
    assert onnx.encode([]).shape == (0, 384)


def test_the_default_engine_is_onnxruntime_and_the_environment_can_choose_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(load_encoder(), OnnxSentenceEncoder)
    monkeypatch.setenv(ENGINE_ENV, "numpy")
    assert isinstance(load_encoder(), SentenceEncoder)


def test_when_onnxruntime_refuses_the_graph_auto_falls_back_and_onnx_says_why(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*_: object) -> OnnxSentenceEncoder:
        raise RuntimeError("[ONNXRuntimeError] : 1 : FAIL : no kernel")

    monkeypatch.setattr(minilm_onnx, "onnx_encoder", refuse)
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_encoder(engine="auto"), SentenceEncoder)
    assert "onnxruntime cannot run it" in caplog.text
    with pytest.raises(EncoderUnavailable, match=r"onnxruntime cannot run the sentence encoder: .*no kernel"):
        load_encoder(engine="onnx")


def test_the_model_writer_makes_graphs_onnxruntime_runs() -> None:
    weights = np.arange(6, dtype=np.float32).reshape(2, 3)
    nodes = [
        pb.node("MatMul", ["x", "w"], "y"),
        pb.node("Softmax", ["y"], "p", axis=-1),
        pb.node("Transpose", ["w"], "wt", perm=(1, 0)),
        pb.node("LayerNormalization", ["p", "gamma", "beta"], "z", axis=-1, epsilon=1e-5),
    ]
    inits = [
        pb.tensor("w", weights),
        pb.tensor("gamma", np.ones(3, np.float32)),
        pb.tensor("beta", np.zeros(3, np.float32)),
    ]
    model = pb.model(
        nodes,
        inits,
        [pb.value_info("x", pb.FLOAT, ("rows", 2))],
        [pb.value_info("z", pb.FLOAT, ("rows", 3)), pb.value_info("wt", pb.FLOAT, (3, 2))],
    )
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    x = np.array([[1.0, -2.0], [0.5, 0.25]], dtype=np.float32)
    z, wt = session.run(["z", "wt"], {"x": x})
    y = x @ weights
    p = np.exp(y - y.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    expected = (p - p.mean(-1, keepdims=True)) / np.sqrt(p.var(-1, keepdims=True) + 1e-5)
    assert np.allclose(z, expected, atol=1e-5)
    assert np.array_equal(wt, weights.T)


def test_the_model_writer_refuses_tensor_types_it_cannot_write() -> None:
    with pytest.raises(TypeError, match="only float32 and int64"):
        pb.tensor("bad", np.zeros(2, dtype=np.float64))
    assert pb._varint(300) == b"\xac\x02"
    assert pb._varint(-1) == b"\xff" * 9 + b"\x01"  # int64 -1 as protobuf writes it


def test_the_word_table_is_mapped_from_the_verified_file_and_a_changed_one_is_refused(
    tmp_path: Path,
) -> None:
    table = np.arange(40 * 3, dtype=np.float32).reshape(40, 3)
    path = tmp_path / "model.safetensors"
    save_file({"words": table, "bias": np.ones(3, np.float32)}, str(path))
    verified = path.read_bytes()
    mapped = mapped_tensor(path, verified, "words")
    assert isinstance(mapped, np.memmap)
    assert np.array_equal(mapped, table)
    with pytest.raises(EncoderUnavailable, match="cannot map missing"):
        mapped_tensor(path, verified, "missing")
    with pytest.raises(EncoderUnavailable, match="not a float32 matrix"):
        mapped_tensor(path, verified, "bias")
    del mapped
    save_file({"words": table + 1.0, "bias": np.ones(3, np.float32)}, str(path))  # changed after hashing
    with pytest.raises(EncoderUnavailable, match="changed while it was being loaded"):
        mapped_tensor(path, verified, "words")
