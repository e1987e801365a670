"""Tune how each head decides on out-of-fold scores: thresholds with and without a rule, veto, windows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.detect.stack import AnswerStage, answer_features, fit_answer_stage, rule_support
from simulator.moves import HARMFUL

THRESHOLDS = tuple(round(float(x), 2) for x in np.arange(0.2, 0.96, 0.05))
VETOES = (0.0, 0.02, 0.05)  # a rule is overruled only when its head is nearly sure it is wrong
HARM_BETA = 0.7  # F-beta for harmful moves (beta < 1 weighs precision: a false accusation costs more)

Bools = NDArray[np.bool_]
Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Policy:
    """How one move is decided from its head's window scores (what the judge's `heads` stage does)."""

    threshold: float  # when a rule proposed the move somewhere in the answer
    head_only: float  # when no rule did: the head alone must be surer
    veto: float  # a rule's move is dropped when its head scores under this around the rule's words
    clause_only: bool  # the whole-answer window may not decide the move, only a clause


@dataclass(frozen=True, slots=True)
class OutOfFold:
    """Per utterance and move: best clause score, best score over every window, whether a rule proposed
    the move, the head's best score around the rule's words, and the trainer's label."""

    clause: Floats
    any_window: Floats
    ruled: Bools
    near_rule: Floats
    gold: Bools

    @classmethod
    def collect(
        cls,
        moves: Sequence[str],
        probs: Sequence[Floats],
        rules: Sequence[Sequence[tuple[str, Sequence[int]]]],
        gold: Sequence[frozenset[str]],
    ) -> OutOfFold:
        n, m = len(probs), len(moves)
        clause, any_window, near = np.zeros((n, m)), np.zeros((n, m)), np.zeros((n, m))
        ruled, labels = np.zeros((n, m), bool), np.zeros((n, m), bool)
        col = {mv: k for k, mv in enumerate(moves)}
        for i, p in enumerate(probs):
            any_window[i] = p.max(0)
            clause[i] = (p[:-1] if len(p) > 1 else p).max(0)
            ruled[i], near[i] = rule_support(moves, p, rules[i])
            for move in gold[i]:
                if move in col:
                    labels[i, col[move]] = True
        return cls(clause, any_window, ruled, near, labels)

    def decide(self, k: int, policy: Policy) -> Bools:
        """The move is kept where its head clears the applicable threshold, or a rule survives its veto."""
        score = self.clause[:, k] if policy.clause_only else self.any_window[:, k]
        by_head = np.where(self.ruled[:, k], score >= policy.threshold, score >= policy.head_only)
        return by_head | (self.ruled[:, k] & (self.near_rule[:, k] >= policy.veto))


def f_beta(gold: Bools, pred: Bools, beta: float = 1.0) -> float:
    tp, fp, fn = int((gold & pred).sum()), int((pred & ~gold).sum()), int((gold & ~pred).sum())
    b2 = beta * beta
    return (1 + b2) * tp / max((1 + b2) * tp + b2 * fn + fp, 1)


def _f1(counts: Floats) -> float:
    """F1 from [true positives, false positives, false negatives], rounded for the manifest."""
    return round(float(2 * counts[0] / max(1.0, 2 * counts[0] + counts[1] + counts[2])), 4)


def tune(moves: Sequence[str], oof: OutOfFold) -> tuple[dict[str, Policy], dict[str, float]]:
    """The best policy per move by F1 (harmful moves by F-beta 0.7) over a grid; ties keep the first."""
    policies, scores = {}, {}
    for k, move in enumerate(moves):
        beta = HARM_BETA if move in HARMFUL else 1.0
        best, chosen = -1.0, Policy(0.5, 0.5, 0.0, move in HARMFUL)
        for clause_only in (False, True):
            for thr in THRESHOLDS:
                for head_only in (t for t in THRESHOLDS if t >= thr):
                    for veto in VETOES:
                        policy = Policy(thr, head_only, veto, clause_only)
                        score = f_beta(oof.gold[:, k], oof.decide(k, policy), beta)
                        if score > best + 1e-9:
                            best, chosen = score, policy
        policies[move], scores[move] = chosen, best
    return policies, scores


def micro_f1(moves: Sequence[str], oof: OutOfFold, policies: dict[str, Policy]) -> dict[str, float]:
    """Micro F1 over every move and over the harmful ones, at the given policies."""
    total, harm = np.zeros(3), np.zeros(3)
    for k, move in enumerate(moves):
        pred, gold = oof.decide(k, policies[move]), oof.gold[:, k]
        counts = np.array([(gold & pred).sum(), (pred & ~gold).sum(), (gold & ~pred).sum()])
        total += counts
        if move in HARMFUL:
            harm += counts

    return {"micro": _f1(total), "harmful": _f1(harm)}


ANSWER_THRESHOLDS = tuple(round(float(x), 2) for x in np.arange(0.1, 0.96, 0.05))


def answer_rows(oof: OutOfFold, probs: Sequence[Floats]) -> Floats:
    """The answer-level stage's features of every utterance, from its out-of-fold window scores."""
    return np.stack([answer_features(p, oof.ruled[i], oof.near_rule[i]) for i, p in enumerate(probs)])


def train_answer_stage(
    moves: Sequence[str],
    oof: OutOfFold,
    probs: Sequence[Floats],
    folds: Sequence[Sequence[int]],
    policies: dict[str, Policy],
) -> tuple[AnswerStage, dict[str, float]]:
    """Fit the answer-level stage on the heads' out-of-fold scores and tune its thresholds on its own
    out-of-fold predictions over the same folds (it can only drop what the heads' policies keep), then
    refit it on everything. Returns the stage and the micro F1 of policies and stage together."""
    x = answer_rows(oof, probs)
    stacked = np.zeros(oof.gold.shape)
    for held in folds:
        mask = np.zeros(len(x), dtype=bool)
        mask[list(held)] = True
        w, b, mean, scale = fit_answer_stage(x[~mask], oof.gold[~mask])
        stacked[mask] = AnswerStage(w, b, mean, scale, {}).probabilities(x[mask])
    thresholds: dict[str, float] = {}
    total, harm = np.zeros(3), np.zeros(3)
    for k, move in enumerate(moves):
        beta = HARM_BETA if move in HARMFUL else 1.0
        gold, kept = oof.gold[:, k], oof.decide(k, policies[move])
        thr = max(ANSWER_THRESHOLDS, key=lambda t: f_beta(gold, kept & (stacked[:, k] >= t), beta))
        pred = kept & (stacked[:, k] >= thr)
        counts = np.array([(gold & pred).sum(), (pred & ~gold).sum(), (gold & ~pred).sum()])
        total += counts
        harm += counts if move in HARMFUL else 0
        thresholds[move] = thr

    w, b, mean, scale = fit_answer_stage(x, oof.gold)
    return AnswerStage(w, b, mean, scale, thresholds), {"micro": _f1(total), "harmful": _f1(harm)}
