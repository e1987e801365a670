"""Trained heads as files: the .npz bytes their manifest's sha256 covers, and both written to a folder."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from simulator.detect.heads import Heads
from simulator.detect.hidden import HiddenLayers
from simulator.detect.stack import AnswerStage
from simulator.models.heads import MANIFEST, WEIGHTS


def weights_blob(
    logistic: tuple[NDArray[np.float64], ...], answer: AnswerStage, hidden: HiddenLayers
) -> bytes:
    """The heads' arrays as the .npz bytes the manifest's sha256 covers."""
    w, b, mean, scale = logistic
    buf = io.BytesIO()
    arrays: dict[str, NDArray[np.floating]] = {"weights": w, "bias": b, "mean": mean, "scale": scale}
    arrays.update({**answer.to_arrays(), **hidden.to_arrays()})
    np.savez(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


def write_heads(out_dir: Path, blob: bytes, heads: Heads, started: float) -> None:
    """Write the weights and the manifest into `out_dir`, saying how long the run took."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / WEIGHTS).write_bytes(blob)
    (out_dir / MANIFEST).write_text(heads.manifest() + "\n", encoding="utf-8")
    print(f"wrote {out_dir / WEIGHTS} and {MANIFEST} in {time.time() - started:.0f} s", file=sys.stderr)
