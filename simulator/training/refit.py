"""Refit the judge's heads on a corpus, keeping the thresholds and answer stage a full training run tuned."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

from simulator.detect.heads import Heads
from simulator.models.heads import HeadsUnavailable, load_heads
from simulator.training.heads_files import weights_blob, write_heads
from simulator.training.refit_corpus import RECIPE_KEY, assembled_recipe
from simulator.training.train import HIDDEN_SEEDS, featurised_corpus, fit, trained_on


class RefitError(Exception):
    """The heads in the output folder cannot lend their tuning (missing, altered, or no answer stage)."""


def refit(corpus_dir: Path, out_dir: Path, cache: Path | None = None) -> Heads:
    """Fit the logistic heads and the hidden layers on corpus/train (and its round trips) as a full run does,
    with the same recipe and seeds, but keep the heads in `out_dir`'s thresholds, head-only thresholds,
    vetoes and answer stage instead of tuning them again on industry folds. Deterministic: run twice on the
    same corpus, it writes the same bytes."""
    started = time.time()
    try:
        tuned = load_heads(out_dir)
    except HeadsUnavailable as exc:
        raise RefitError(f"--keep-tuning needs the tuned heads in {out_dir}: {exc}") from exc
    if tuned.answer is None or tuned.hidden is None:
        raise RefitError(f"--keep-tuning needs heads with an answer stage and hidden layers in {out_dir}")
    meta = dict(tuned.meta)
    made_from = assembled_recipe(corpus_dir)  # read before the fit, so a bad recipe file costs no fit
    data = featurised_corpus(corpus_dir, "train", cache)
    logistic, hidden = fit(data, float(str(meta["l2"])), float(str(meta["ngram_weight"])), HIDDEN_SEEDS)
    blob = weights_blob(logistic, tuned.answer, hidden)
    tuning = meta.get("tuning") or {
        "kept_from": "the full training run that tuned these thresholds and this answer stage on its "
        "industry folds (its cv figures are the cv_f1 entries)",
        "weights_sha256": meta["weights_sha256"],
        "utterances": meta["utterances"],
    }
    meta.update(trained_on(corpus_dir, data, blob))
    meta["tuning"] = tuning
    # a calibration was fitted for other weights (benchmarks/calibrate_refit.py --write fits it again)
    meta.pop("calibration", None)
    meta.pop(RECIPE_KEY, None)
    if made_from is not None:  # built by --refit-corpus: say from what
        meta[RECIPE_KEY] = made_from
    w, b, mean, scale = logistic
    heads = replace(tuned, weights=w, bias=b, mean=mean, scale=scale, meta=meta, hidden=hidden)
    write_heads(out_dir, blob, heads, started)
    print(json.dumps({"utterances": meta["utterances"], "tuning kept from": tuning}, indent=1))
    return heads
