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
from simulator.models.heads import (
    HARM_REFIT,
    HEADS_DIR,
    MANIFEST,
    WEIGHTS,
    HeadsUnavailable,
    load_heads,
    load_judge_heads,
)
from simulator.models.minilm import EncoderUnavailable, load_encoder, model_dir
from simulator.moves import HARMFUL
from simulator.training.corpus_files import corpus_digest
from simulator.training.refit_corpus import assemble, recorded_without
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


def test_the_shipped_harm_refit_is_round_38s_with_its_corpus_and_calibration_recorded(tmp_path: Path) -> None:
    refit = load_heads(HEADS_DIR / HARM_REFIT)
    meta = refit.meta
    # refit (python -m simulator.training --keep-tuning) on corpus/train, corpus/dev and corpus/refit
    assert meta["weights_sha256"] == "c7bfa744e7a2dcf8605f3cb59183074766c07f85047e9f9caa78d07847f03cd9"
    assert meta["utterances"] == 85358
    # the corpus it records is the one --refit-corpus assembles today by its recorded recipe
    assemble(ROOT / "corpus", tmp_path, recorded_without(meta))
    assert meta["corpus_sha256"] == corpus_digest(tmp_path, "train"), (
        "corpus/train, corpus/dev or corpus/refit changed since the harm refit was fitted (README, round 38)"
    )
    tuning = meta["tuning"]
    assert isinstance(tuning, dict)
    assert (
        tuning["weights_sha256"] == load_heads().meta["weights_sha256"]
    )  # it kept the trained heads' tuning
    calibration = meta["calibration"]
    assert isinstance(calibration, dict) and set(calibration) == set(refit.moves)
    assert all(0.5 < a < 2.0 and -3.0 < b < 3.0 for a, b in calibration.values())


def test_the_games_judge_averages_the_recalibrated_refit_into_the_harmful_moves_only() -> None:
    base, refit, judge = load_heads(), load_heads(HEADS_DIR / HARM_REFIT), load_judge_heads()
    rng = np.random.default_rng(0)
    rows = (base.mean + base.scale * rng.standard_normal((64, base.mean.shape[0]))).astype(np.float32)

    def logits(p: np.ndarray) -> np.ndarray:
        q = np.clip(p, 1e-12, 1 - 1e-12)
        return np.log(q / (1 - q))

    calibration = refit.meta["calibration"]
    assert isinstance(calibration, dict)
    a = np.array([calibration[m][0] for m in base.moves])
    b = np.array([calibration[m][1] for m in base.moves])
    want = logits(base.probabilities(rows))
    mixed = (want + a * logits(refit.probabilities(rows)) + b) / 2
    harm = np.array([m in HARMFUL for m in base.moves])
    got = logits(judge.probabilities(rows))
    assert np.allclose(got[:, ~harm], want[:, ~harm], atol=1e-3)
    assert np.allclose(got[:, harm], mixed[:, harm], atol=1e-3)
    assert judge.thresholds == base.thresholds and judge.harm_ease == HARM_EASE


def test_a_harm_refit_that_cannot_join_the_heads_is_refused_with_one_message(tmp_path: Path) -> None:
    shutil.copy(HEADS_DIR / MANIFEST, tmp_path / MANIFEST)
    shutil.copy(HEADS_DIR / WEIGHTS, tmp_path / WEIGHTS)
    with pytest.raises(HeadsUnavailable, match="missing"):
        load_judge_heads(tmp_path)
    shutil.copytree(HEADS_DIR / HARM_REFIT, tmp_path / HARM_REFIT)
    doc = json.loads((tmp_path / HARM_REFIT / MANIFEST).read_text(encoding="utf-8"))
    doc["meta"]["calibration"] = "not a map"
    (tmp_path / HARM_REFIT / MANIFEST).write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(HeadsUnavailable, match="calibration is not a map of move to"):
        load_judge_heads(tmp_path)


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
