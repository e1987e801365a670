"""Per-move heads over window features (logistic plus a hidden layer): probabilities and thresholds (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from simulator.detect.hidden import HiddenLayers, blend_logits
from simulator.detect.stack import AnswerStage
from simulator.moves import HARMFUL

# Without a tuned head-only threshold, a move no rule proposed needs at least this from its head alone.
HEAD_ONLY_FLOOR = {**dict.fromkeys(HARMFUL, 0.85), "escalate": 0.85}

# How far the game's judge lowers the head-only thresholds of some harmful moves (never below a move's
# threshold with a rule). Training tunes those thresholds on its own folds, where the quiet-harm look-alikes
# written on purpose make a head alone look riskier than it is on trainees' own words: on the
# trainer-written dev sets harmful precision ran 0.09 (typed) to 0.16 (spoken) above recall. Chosen on dev
# (benchmarks/calibrate_harm.py prints the grid for every harmful move): refusal first (round 34: F1 0.892
# -> 0.908 typed, 0.858 -> 0.871 spoken), blame and sarcasm from round 39 (holdout44, dev: +0.007 / +0.023
# and +0.090 / 0.000 typed / spoken). Eased defensive, dismissive and rude gained on holdout44 too, but
# heard thin trainees' harmless lines as harm ("We always try our best here.", "Someone will look into it.")
# and good trainees' safety advice as rude ("ring 999. Don't hang about."), down to hostile trainees' scores
# in the dev conversations; a plain stock apology or hope ("sorry for any inconvenience caused") is cleared
# by the boundary stage (boundary.stock_courtesy_only). docs/evaluation/DECISIONS_ROUND39.md has the
# decision.
HARM_EASE = 0.15
EASED_HARM = frozenset({"refusal", "blame", "sarcasm"})


@dataclass(frozen=True, slots=True)
class Heads:
    """One logistic regression per move, p = sigmoid(((x - mean) / scale) @ w + b), its logit blended with a
    hidden layer's when one was trained (`hidden`, weighted 1 - `blend`)."""

    moves: tuple[str, ...]
    weights: NDArray[np.float64]  # (features, moves)
    bias: NDArray[np.float64]  # (moves,)
    mean: NDArray[np.float64]  # (features,)
    scale: NDArray[np.float64]  # (features,)
    thresholds: Mapping[str, float]
    vetoes: Mapping[str, float]  # a rule's move is dropped when the head scores under this floor
    meta: Mapping[str, object]
    head_only: Mapping[str, float] = field(default_factory=dict)  # the threshold when no rule proposed it
    clause_only: frozenset[str] = frozenset(HARMFUL)  # moves only a clause may decide, not the whole answer
    answer: AnswerStage | None = None  # the answer-level stage over every head's scores, when trained
    hidden: HiddenLayers | None = None  # the hidden layers (averaged) blended into the logits, when trained
    blend: float = 1.0  # the logistic heads' share of the blended logit
    harm_ease: float = 0.0  # lowers the head-only thresholds of `eased` (HARM_EASE when loaded for the game)
    eased: frozenset[str] = EASED_HARM

    def probabilities(self, rows: NDArray[np.float32]) -> NDArray[np.float64]:
        """(windows, moves) probabilities."""
        if rows.shape[0] == 0:
            return np.zeros((0, len(self.moves)))
        z = ((rows.astype(np.float64) - self.mean) / self.scale) @ self.weights + self.bias
        if self.hidden is not None:
            z = blend_logits(z, self.hidden.logits(rows), self.blend)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def threshold(self, move: str) -> float:
        return float(self.thresholds.get(move, 0.5))

    def veto(self, move: str) -> float:
        return float(self.vetoes.get(move, 0.0))

    def head_only_threshold(self, move: str) -> float:
        """What the head alone must score when no rule proposed the move (tuned; else a safe floor), lowered
        by the harm ease for the moves it covers."""
        if move in self.head_only:
            tuned = float(self.head_only[move])
        else:
            tuned = max(self.threshold(move), HEAD_ONLY_FLOOR.get(move, 0.0))
        if self.is_eased(move):
            return max(self.threshold(move), round(tuned - self.harm_ease, 6))
        return tuned

    def is_eased(self, move: str) -> bool:
        """Does the harm ease lower this move's head-only threshold?"""
        return bool(self.harm_ease) and move in self.eased

    def ease_note(self, move: str) -> str:
        """What the trace adds when a move's head-only threshold is eased ("" when it is not)."""
        if self.is_eased(move):
            return f" (harm no rule's words support: its head-only threshold lowered by {self.harm_ease:.2f})"
        return ""

    def to_arrays(self) -> dict[str, NDArray[np.floating]]:
        arrays: dict[str, NDArray[np.floating]] = {
            "weights": self.weights,
            "bias": self.bias,
            "mean": self.mean,
            "scale": self.scale,
        }
        arrays.update(self.answer.to_arrays() if self.answer is not None else {})
        arrays.update(self.hidden.to_arrays() if self.hidden is not None else {})
        return arrays

    def manifest(self) -> str:
        return json.dumps(
            {
                "moves": list(self.moves),
                "thresholds": dict(self.thresholds),
                "vetoes": dict(self.vetoes),
                "head_only": dict(self.head_only),
                "clause_only": sorted(self.clause_only),
                **({"answer_thresholds": dict(self.answer.thresholds)} if self.answer is not None else {}),
                **({"hidden_blend": self.blend} if self.hidden is not None else {}),
                "meta": dict(self.meta),
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_parts(cls, arrays: Mapping[str, NDArray[np.floating]], manifest_text: str) -> Heads:
        doc = json.loads(manifest_text)
        return cls(
            tuple(doc["moves"]),
            np.asarray(arrays["weights"], dtype=np.float64),
            np.asarray(arrays["bias"], dtype=np.float64),
            np.asarray(arrays["mean"], dtype=np.float64),
            np.asarray(arrays["scale"], dtype=np.float64),
            {k: float(v) for k, v in doc["thresholds"].items()},
            {k: float(v) for k, v in doc.get("vetoes", {}).items()},
            doc.get("meta", {}),
            {k: float(v) for k, v in doc.get("head_only", {}).items()},
            frozenset(doc.get("clause_only", HARMFUL)),
            AnswerStage.from_arrays(arrays, doc["answer_thresholds"]) if "answer_weights" in arrays else None,
            HiddenLayers.from_arrays(arrays),
            float(doc.get("hidden_blend", 1.0)),
        )
