"""The in-domain trainee set: honest floors on dev (tuned on) and holdout (never tuned on)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_trainee  # noqa: E402

from simulator.moves import TEXT_MOVES  # noqa: E402

DATA = eval_trainee.load()


def test_set_is_big_varied_and_well_formed() -> None:
    assert len(DATA["dev"]) + len(DATA["holdout"]) >= 300
    assert len(DATA["holdout"]) >= 100
    texts = [item["text"] for split in DATA.values() for item in split]
    assert len(texts) == len(set(texts)), "duplicate utterances"
    labelled = {m for split in DATA.values() for item in split for m in item["labels"]}
    assert labelled <= set(TEXT_MOVES)
    assert labelled == set(TEXT_MOVES)


@pytest.fixture(scope="module")
def dev() -> eval_trainee.Score:
    return eval_trainee.score(DATA["dev"])


@pytest.fixture(scope="module")
def holdout() -> eval_trainee.Score:
    return eval_trainee.score(DATA["holdout"])


def test_dev_micro_f1_floor(dev: eval_trainee.Score) -> None:
    assert dev.micro_f1 >= 0.95, eval_trainee.table(dev)


def test_dev_every_move_floor(dev: eval_trainee.Score) -> None:
    weak = {m: round(dev.prf(m)[2], 3) for m in TEXT_MOVES if dev.prf(m)[3] >= 5 and dev.prf(m)[2] < 0.85}
    assert not weak, eval_trainee.table(dev)


def test_holdout_micro_f1_floor(holdout: eval_trainee.Score) -> None:
    # Holdout was written before tuning and is not tuned on: this is the honest estimate.
    assert holdout.micro_f1 >= 0.85, eval_trainee.table(holdout)


def test_holdout_harmful_precision(holdout: eval_trainee.Score) -> None:
    # Calling a good line harmful is the worst mistake for a trainee: keep it rare.
    fp = sum(holdout.counts[m][1] for m in ("blame", "defensive", "dismissive", "sarcasm", "refusal", "rude"))
    assert fp <= 3, eval_trainee.table(holdout)


def test_holdout2_is_big_new_and_well_formed() -> None:
    # A second held-out set (never tuned on): new wording, other industries and registers.
    items = eval_trainee.load_holdout2()
    assert len(items) >= 150
    texts = [item["text"] for item in items]
    assert len(texts) == len(set(texts)), "duplicate utterances"
    first = {item["text"] for split in DATA.values() for item in split}
    assert not first & set(texts), "holdout2 must not reuse the first set"
    for item in items:
        assert set(item["labels"]) <= set(TEXT_MOVES), item["text"]
        ctx = item.get("context") or {}
        ids = {f"o{i}" for i in range(len(ctx.get("offers", ())))}
        ids |= {f"c{i}" for i in range(len(ctx.get("compensation", ())))}
        assert set(item.get("offer_ids") or ()) <= ids, item["text"]
