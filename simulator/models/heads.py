"""Load the judge's trained heads from the package data, checking the sha256 their manifest records."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from simulator.detect.ensemble import EnsembleError, averaged_for, recalibrated
from simulator.detect.heads import HARM_EASE, Heads
from simulator.errors import UserError
from simulator.moves import HARMFUL

HEADS_DIR = Path(__file__).resolve().parent.parent / "data" / "judge"
WEIGHTS = "heads.npz"
MANIFEST = "heads.json"
HARM_REFIT = "harm_refit"  # beside the heads: the refit whose harmful logits the game's judge averages in
RETRAIN = "retrain them with: python -m simulator.training"


class HeadsUnavailable(UserError):
    """The trained heads are missing, or are not the files training wrote."""


def load_heads(folder: Path = HEADS_DIR) -> Heads:
    """Read heads.json and heads.npz, verify the weights' sha256, and build the heads."""
    try:
        manifest = (folder / MANIFEST).read_text(encoding="utf-8")
        data = (folder / WEIGHTS).read_bytes()
    except OSError as exc:
        raise HeadsUnavailable(
            f"the judge's trained heads are missing ({exc.strerror or exc}); {RETRAIN}"
        ) from exc
    try:
        expected = json.loads(manifest)["meta"]["weights_sha256"]
    except (ValueError, KeyError, TypeError) as exc:
        raise HeadsUnavailable(f"{folder / MANIFEST} is not a heads manifest") from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise HeadsUnavailable(
            f"{folder / WEIGHTS} does not match its manifest (sha256 {digest[:16]}…); {RETRAIN}"
        )
    with np.load(io.BytesIO(data)) as arrays:
        heads = Heads.from_parts({k: arrays[k] for k in arrays.files}, manifest)
    return replace(heads, harm_ease=HARM_EASE)


def load_judge_heads(folder: Path = HEADS_DIR) -> Heads:
    """The game's heads: the trained heads, with each harmful move's logit averaged with the refit's in
    `harm_refit/` once that is recalibrated as its manifest records (README, "How answers are judged")."""
    base = load_heads(folder)
    refit = load_heads(folder / HARM_REFIT)
    calibration = refit.meta.get("calibration")
    try:
        affine = {str(m): (float(a), float(b)) for m, (a, b) in dict(calibration).items()}  # type: ignore[call-overload]
        joined = averaged_for(base, recalibrated(refit, affine), HARMFUL)
    except (TypeError, ValueError) as exc:  # EnsembleError is a ValueError
        what = exc if isinstance(exc, EnsembleError) else "its calibration is not a map of move to [a, b]"
        raise HeadsUnavailable(f"{folder / HARM_REFIT / MANIFEST} cannot join the heads: {what}") from exc
    averaged = {
        "moves": sorted(m for m in HARMFUL if m in base.moves),
        "weights_sha256": refit.meta["weights_sha256"],
    }
    return replace(joined, meta={**base.meta, HARM_REFIT: averaged})
