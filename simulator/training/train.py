"""Train the judge's heads on corpus/train and its ASR round trips; tune thresholds by industry folds."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from simulator.content_files import default_detector, packaged_paths
from simulator.detect.clauses import Clause
from simulator.detect.encoder import EMBED_DIM
from simulator.detect.features import feature_names
from simulator.detect.heads import Heads
from simulator.detect.hidden import HiddenLayer, HiddenLayers, blend_logits
from simulator.detect.judge import RULE_ONLY, Judge, window_spans
from simulator.detect.ngrams import NGRAM_BUCKETS
from simulator.models.minilm import load_encoder
from simulator.moves import TEXT_MOVES
from simulator.play import CachedEncoder
from simulator.training.contexts_snapshot import SNAPSHOT_NAME
from simulator.training.corpus import Utterance
from simulator.training.corpus_files import (
    context_drift,
    corpus_digest,
    in_shipped_context,
    load_split,
    training_contexts,
)
from simulator.training.feature_cache import (
    embedding_store,
    oof_path,
    read_pickle,
    save_embeddings,
    utterance_key,
    write_pickle,
)
from simulator.training.fit import fit_heads, fit_hidden_layer
from simulator.training.heads_files import weights_blob, write_heads
from simulator.training.tuning import OutOfFold, micro_f1, train_answer_stage, tune

ROOT = Path(__file__).resolve().parents[2]
HEAD_MOVES = tuple(m for m in TEXT_MOVES if m not in RULE_ONLY)
FOLDS = 5
L2 = 12.0  # chosen on the industry folds: 12 beat 32 and 80 on micro and harmful F1 (round 3)
NGRAM_WEIGHT = 6.0  # the value an n-gram that is present takes (dense features have unit variance)
ITERATIONS = 400
# The hidden layer blended with the logistic heads, chosen on the industry folds (round 8, answer stage
# micro / harmful F1): logistic heads alone 0.800 / 0.748; blended half and half 0.824 / 0.772 (0.6 of the
# logistic logit: 0.821 / 0.770). 384 or 512 units did no better than 256 beyond noise; dropout 0.2 over
# 20 epochs beat 0.1 over 12 (0.821 / 0.762).
HIDDEN_UNITS = 256
HIDDEN_EPOCHS = 20
HIDDEN_DECAY = 1e-4
HIDDEN_DROPOUT = 0.2
BLEND = 0.5
# The shipped heads average hidden layers from three seeds (round 33). One draw alone moved harmful F1 by up
# to 0.008 between seeds; the three averaged (thresholds and answer stage tuned on the first seed's folds, as
# before) raised all of dev from typed 0.904 / 0.844 (micro / harmful F1) to 0.906 / 0.846 and spoken
# 0.870 / 0.792 to 0.871 / 0.798. The folds fit the first seed only, so training takes little longer.
HIDDEN_SEEDS = (0, 1, 2)
# Bump when the feature rows change meaning (the training cache is keyed by it).
FEATURE_LAYOUT = "v6: each clause flagged with every rule match in its words, from one pass over the answer"


@dataclass
class Featurised:
    """Feature rows of one utterance: per-segment windows (for training) and clause windows (for tuning)."""

    utterance: Utterance
    train_rows: NDArray[np.float32]
    train_labels: NDArray[np.float64]
    eval_rows: NDArray[np.float32]
    eval_rules: list[tuple[str, list[int]]]  # rule move -> eval windows around its evidence
    eval_labels: NDArray[np.float64]  # the clause windows' labels, projected from the segments


def segment_windows(u: Utterance) -> list[Clause]:
    out, at = [], 0
    for seg in u.segments:
        k = u.text.find(seg.text, at)
        if k < 0:
            k = at
        out.append(Clause(seg.text, k, k + len(seg.text)))
        at = k + len(seg.text)
    if len(out) > 1:
        out.append(Clause(u.text, 0, len(u.text)))
    return out


def _window_texts(u: Utterance) -> list[str]:
    offers = [p for o in u.situation.context.offers for p in o.phrases]
    facts = [p for f in u.situation.context.facts for p in f.topics]

    def encoded(windows: Sequence[Clause]) -> list[str]:  # a whole answer is pooled from its clauses
        return [w.text for w in (windows[:-1] if len(windows) > 1 else windows)]

    return [
        *encoded(segment_windows(u)),
        *encoded(window_spans(u.text)),
        *u.situation.heard,
        *offers,
        *facts,
    ]


def featurise(judge: Judge, items: Sequence[Utterance]) -> list[Featurised]:
    out = []
    for n, u in enumerate(items):
        if n and n % 500 == 0:
            print(f"  featurised {n}/{len(items)}", file=sys.stderr)
        ctx, heard = u.situation.context, u.situation.heard
        windows = segment_windows(u)
        rows, _, _ = judge.feature_rows(u.text, windows, ctx, heard)
        assert rows is not None
        labels = np.zeros((len(windows), len(HEAD_MOVES)))
        for k, seg in enumerate(u.segments):
            for m in seg.moves:
                if m in HEAD_MOVES:
                    labels[k, HEAD_MOVES.index(m)] = 1.0
        if len(windows) > 1:
            labels[-1] = labels[:-1].max(0)
        ewin = window_spans(u.text)
        erows, _, rules = judge.feature_rows(u.text, ewin, ctx, heard)
        assert erows is not None
        near = [
            (c.move, [k for k, w in enumerate(ewin) if c.start < w.end and w.start < c.end]) for c in rules
        ]
        out.append(Featurised(u, rows, labels, erows, near, clause_labels(u, windows, ewin)))
    return out


def clause_labels(u: Utterance, segments: Sequence[Clause], clauses: Sequence[Clause]) -> NDArray[np.float64]:
    """A clause window takes the moves of each segment it covers at least half of. A clause that is only a
    small part of a labelled segment ("I'm sorry" inside "I'm sorry, but you should have…", labelled blame)
    cannot be labelled: its row is NaN and training leaves it out."""
    spans = segments[:-1] if len(segments) > 1 else segments
    out = np.zeros((len(clauses), len(HEAD_MOVES)))
    for k, w in enumerate(clauses):
        for span, seg in zip(spans, u.segments, strict=True):
            shared = min(w.end, span.end) - max(w.start, span.start)
            if shared <= 0:
                continue
            if shared >= 0.5 * (span.end - span.start):
                for m in seg.moves:
                    if m in HEAD_MOVES:
                        out[k, HEAD_MOVES.index(m)] = 1.0
            elif seg.moves and shared >= 0.5 * (w.end - w.start):
                out[k] = np.nan
                break
    return out


def _standardise(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def _design(
    data: Sequence[Featurised],
) -> tuple[NDArray[np.float64], list[NDArray[np.int64]], NDArray[np.float64]]:
    """The labelled rows as the fit needs them: the dense features (float64), each row's present n-gram
    buckets, and the labels. Built one utterance at a time, so the 4,096 n-gram columns of the whole corpus
    are never copied (train plus dev with its round trips outgrew 24 GB when they were)."""
    dense: list[NDArray[np.float64]] = []
    ngram_rows: list[NDArray[np.int64]] = []
    labels: list[NDArray[np.float64]] = []
    for d in data:
        for rows, y in ((d.train_rows, d.train_labels), (d.eval_rows, d.eval_labels)):
            known = ~np.isnan(y).any(1)
            split = rows.shape[1] - NGRAM_BUCKETS
            kept = rows[known]
            dense.append(kept[:, :split].astype(np.float64))
            ngram_rows.extend(np.flatnonzero(r[split:]) for r in kept)
            labels.append(y[known])
    return np.concatenate(dense), ngram_rows, np.concatenate(labels)


def fit(
    data: Sequence[Featurised],
    l2: float = L2,
    ngram_weight: float = NGRAM_WEIGHT,
    seeds: Sequence[int] = (0,),
) -> tuple[tuple[NDArray[np.float64], ...], HiddenLayers]:
    """Heads trained on both the writers' segments and the clause windows the judge will see; the dense
    features are standardised, the hashed n-grams stay 0/1 (sparse, so training takes seconds). A hidden
    layer per seed is trained on the same rows' dense features."""
    dense, ngram_rows, y = _design(data)
    mean, scale = _standardise(dense)
    pos = y.sum(0)
    pos_weight = np.sqrt(np.maximum(len(y) - pos, 1.0) / np.maximum(pos, 1.0))
    x = (dense - mean) / scale
    wd, ws, b = fit_heads(x, ngram_rows, NGRAM_BUCKETS, y, pos_weight, l2, ITERATIONS, ngram_weight)
    x32, y32, pos32 = x.astype(np.float32), y.astype(np.float32), pos_weight.astype(np.float32)
    mean32, scale32 = mean.astype(np.float32), scale.astype(np.float32)
    layers = []
    for seed in seeds:
        w1, b1, w2, b2 = fit_hidden_layer(
            x32,
            y32,
            pos32,
            HIDDEN_UNITS,
            HIDDEN_EPOCHS,
            HIDDEN_DECAY,
            HIDDEN_DROPOUT,
            seed=seed,
        )
        layers.append(HiddenLayer(w1, b1, w2, b2, mean32, scale32))
    hidden = HiddenLayers(tuple(layers))
    full_mean = np.concatenate([mean, np.zeros(NGRAM_BUCKETS)])
    full_scale = np.concatenate([scale, np.full(NGRAM_BUCKETS, 1.0 / ngram_weight)])
    return (np.vstack([wd, ws]), b, full_mean, full_scale), hidden


def _probs(
    fitted: tuple[tuple[NDArray[np.float64], ...], HiddenLayers], rows: NDArray[np.float32]
) -> NDArray[np.float64]:
    (w, b, mean, scale), hidden = fitted
    z = blend_logits(((rows.astype(np.float64) - mean) / scale) @ w + b, hidden.logits(rows), BLEND)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def out_of_fold(data: Sequence[Featurised], oof: Sequence[NDArray[np.float64]]) -> OutOfFold:
    return OutOfFold.collect(HEAD_MOVES, oof, [d.eval_rules for d in data], [d.utterance.moves for d in data])


def folds_by_industry(data: Sequence[Featurised]) -> list[list[int]]:
    industries = sorted({d.utterance.situation.industry for d in data})
    fold_of = {ind: k % FOLDS for k, ind in enumerate(industries)}
    return [
        [n for n, d in enumerate(data) if fold_of[d.utterance.situation.industry] == f] for f in range(FOLDS)
    ]


def _files_digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def packs_digest() -> str:
    return _files_digest(packaged_paths())


def detector_source_digest() -> str:
    """The detector's own code (clause cuts, rules, features): a change to it makes cached rows stale even
    when the phrase packs are unchanged, so the feature cache is keyed on it too."""
    return _files_digest(list((ROOT / "simulator" / "detect").glob("*.py")))


def featurised_corpus(corpus_dir: Path, split: str, cache: Path | None = None) -> list[Featurised]:
    """Every utterance of a split with its feature rows, a shipped scenario's in the training snapshot of
    its context. `cache` (a pickle) keeps each utterance's rows between runs, keyed by its text, labels
    and situation, so adding data featurises only what is new."""
    code = packs_digest() + detector_source_digest() + FEATURE_LAYOUT
    items = in_shipped_context(training_contexts(corpus_dir), load_split(corpus_dir, split))
    stored: dict[str, tuple[object, ...]] = {}
    if cache is not None and cache.exists():
        doc = read_pickle(cache)
        if isinstance(doc, dict) and doc.get("code") == code:
            stored = doc["rows"]
    keys = [utterance_key(u) for u in items]
    todo = [u for u, k in zip(items, keys, strict=True) if k not in stored]
    print(f"{split}: {len(items)} utterances, {len(todo)} to featurise", file=sys.stderr)
    if todo:
        encoder = CachedEncoder(load_encoder().encode, capacity=None)
        texts = sorted({t for u in todo for t in _window_texts(u)}, key=len)
        embeddings = embedding_store(cache)
        encoder.seed(embeddings)
        print(f"encoding {sum(t not in embeddings for t in texts)} new distinct windows", file=sys.stderr)
        encoder(texts)  # one batched pass fills the cache
        if cache is not None:
            save_embeddings(cache, {**embeddings, **encoder.rows(texts)})
        judge = Judge(default_detector().detect_all, encoder, None)
        for u, d in zip(todo, featurise(judge, todo), strict=True):
            stored[utterance_key(u)] = (d.train_rows, d.train_labels, d.eval_rows, d.eval_rules)
    if cache is not None and todo:
        wanted = set(keys)
        live = {k: v for k, v in stored.items() if k in wanted}
        write_pickle(cache, {"code": code, "rows": live})
    out = []
    for u, k in zip(items, keys, strict=True):
        r = stored[k]
        labels = clause_labels(u, segment_windows(u), window_spans(u.text))
        out.append(Featurised(u, r[0], r[1], r[2], r[3], labels))  # type: ignore[arg-type]
    return out


def trained_on(corpus_dir: Path, data: Sequence[Featurised], blob: bytes) -> dict[str, object]:
    """The manifest entries that tie the heads to their corpus, phrase packs and weights."""
    return {
        "corpus_sha256": corpus_digest(corpus_dir, "train"),
        "packs_sha256": packs_digest(),
        "weights_sha256": hashlib.sha256(blob).hexdigest(),
        "utterances": len(data),
        "windows": int(sum(d.train_rows.shape[0] for d in data)),
    }


def train(
    corpus_dir: Path,
    out_dir: Path,
    cache: Path | None = None,
    l2: float = L2,
    ngram_weight: float = NGRAM_WEIGHT,
) -> Heads:
    started = time.time()
    if changed := context_drift(corpus_dir, ROOT / "scenarios"):
        print(
            f"note: {', '.join(changed)} changed since {SNAPSHOT_NAME} was written; training uses the "
            "snapshot (--snapshot-contexts first to train on the scenarios as they are now)",
            file=sys.stderr,
        )
    data = featurised_corpus(corpus_dir, "train", cache)
    oof: list[NDArray[np.float64]] = [np.zeros(0)] * len(data)
    folds = folds_by_industry(data)
    for held in folds:
        held_set = set(held)
        fitted = fit([d for n, d in enumerate(data) if n not in held_set], l2, ngram_weight)
        for n in held:
            oof[n] = _probs(fitted, data[n].eval_rows)
    scores = out_of_fold(data, oof)
    if cache is not None:  # kept so that a change to the tuning can be tried without fitting again
        write_pickle(oof_path(cache), {"oof": oof, "folds": folds, "scores": scores})
    policies, f1s = tune(HEAD_MOVES, scores)
    summary = micro_f1(HEAD_MOVES, scores, policies)
    answer, answer_summary = train_answer_stage(HEAD_MOVES, scores, oof, folds, policies)
    (w, b, mean, scale), hidden = fit(data, l2, ngram_weight, HIDDEN_SEEDS)
    blob = weights_blob((w, b, mean, scale), answer, hidden)
    meta = {
        **trained_on(corpus_dir, data, blob),
        "features": len(feature_names(EMBED_DIM)),
        "folds": FOLDS,
        "l2": l2,
        "ngram_weight": ngram_weight,
        "iterations": ITERATIONS,
        "hidden_layer": {
            "units": HIDDEN_UNITS,
            "epochs": HIDDEN_EPOCHS,
            "weight_decay": HIDDEN_DECAY,
            "dropout": HIDDEN_DROPOUT,
            "blend": BLEND,
            "seeds": list(HIDDEN_SEEDS),
        },
        "feature_layout": FEATURE_LAYOUT,
        "cv_f1_by_industry_fold": {**summary, **{m: round(v, 4) for m, v in f1s.items()}},
        "cv_f1_answer_stage_by_industry_fold": answer_summary,
        "encoder": "all-MiniLM-L6-v2 (sha256 53aa5117…)",
    }
    heads = Heads(
        HEAD_MOVES,
        w,
        b,
        mean,
        scale,
        {m: p.threshold for m, p in policies.items()},
        {m: p.veto for m, p in policies.items()},
        meta,
        {m: p.head_only for m, p in policies.items()},
        frozenset(m for m, p in policies.items() if p.clause_only),
        answer,
        hidden,
        BLEND,
    )
    write_heads(out_dir, blob, heads, started)
    print(json.dumps({"heads": meta["cv_f1_by_industry_fold"], "answer stage": answer_summary}, indent=1))
    return heads
