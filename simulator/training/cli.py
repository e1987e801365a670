"""`python -m simulator.training`: train the heads, refit them keeping their tuning, or snapshot contexts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from simulator.models.heads import HEADS_DIR
from simulator.training.contexts_snapshot import SNAPSHOT_NAME, SnapshotError
from simulator.training.corpus import CorpusError
from simulator.training.corpus_files import snapshot_contexts
from simulator.training.refit import RefitError, refit
from simulator.training.refit_corpus import RefitCorpusError, assemble
from simulator.training.train import L2, NGRAM_WEIGHT, ROOT, train
from simulator.training.train import __doc__ as TRAIN_DOC


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.training", description=TRAIN_DOC)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=HEADS_DIR)
    parser.add_argument("--cache", type=Path, help="keep the featurised corpus here between runs (a pickle)")
    parser.add_argument("--l2", type=float, default=L2, help="L2 penalty (the shipped heads use the default)")
    parser.add_argument("--ngram-weight", type=float, default=NGRAM_WEIGHT, help="value of a present n-gram")
    parser.add_argument(
        "--snapshot-contexts",
        action="store_true",
        help=f"write the shipped scenarios' contexts, as they are now, to corpus/train/{SNAPSHOT_NAME}",
    )
    parser.add_argument(
        "--keep-tuning",
        action="store_true",
        help="refit the heads on the corpus but keep the thresholds and answer stage of the heads in --out "
        "(how the harmful heads' refit in simulator/data/judge/harm_refit was made; the README says why)",
    )
    parser.add_argument(
        "--refit-corpus",
        type=Path,
        metavar="DIR",
        help="assemble corpus/train, dev and refit in DIR as one train split (for --keep-tuning)",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="PREFIX",
        help="with --refit-corpus: leave out dev files whose name starts with PREFIX (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        if args.refit_corpus:
            copied = assemble(args.corpus, args.refit_corpus, args.without)
            print(f"assembled {copied} files in {args.refit_corpus}")
            return 0
        if args.snapshot_contexts:
            print(f"wrote {snapshot_contexts(args.corpus, ROOT / 'scenarios')}")
            return 0
        if args.keep_tuning:
            refit(args.corpus, args.out, args.cache)
            return 0
        train(args.corpus, args.out, args.cache, args.l2, args.ngram_weight)
    except (SnapshotError, CorpusError, RefitError, RefitCorpusError) as exc:  # broken input: one message
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
