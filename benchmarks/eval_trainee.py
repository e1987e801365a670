"""Score detect_moves on the in-domain trainee sets (tests/data/trainee_utterances*.yaml).

Every item lists all moves it contains; every other text move is asserted absent. Prints
precision / recall / F1 per move and micro average for the `dev` and `holdout` splits
(holdout was written before tuning: report it as the honest estimate) and for `holdout2`
(tests/data/trainee_utterances_holdout2.yaml: a second, differently worded held-out set that
is never tuned on, so its per-item errors are never printed). Items may name `offer_ids`:
the scenario offer the detected offer / compensation move must cite in its detail.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.content_files import detect_moves  # noqa: E402
from simulator.detect import DetectionContext, OfferPhrases, PhraseSet  # noqa: E402
from simulator.moves import TEXT_MOVES  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "trainee_utterances.yaml"
HOLDOUT2_DATA = ROOT / "tests" / "data" / "trainee_utterances_holdout2.yaml"
SPLITS = ("dev", "holdout")
BLIND = ("holdout2",)  # never tuned on: scores only, no per-item errors
_OFFER_MOVES = ("offer_solution", "compensation")


@dataclass
class Score:
    """tp / fp / fn per move, plus the items that went wrong."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {m: [0, 0, 0] for m in TEXT_MOVES})
    errors: list[tuple[str, set[str], set[str]]] = field(default_factory=list)
    offers: list[int] = field(default_factory=lambda: [0, 0, 0])  # offer-id tp / fp / fn

    def prf(self, move: str | None = None) -> tuple[float, float, float, int]:
        rows = [self.counts[move]] if move else list(self.counts.values())
        tp, fp, fn = (sum(r[k] for r in rows) for k in range(3))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return prec, rec, f1, tp + fn

    @property
    def micro_f1(self) -> float:
        return self.prf()[2]


def load(path: Path = DEFAULT_DATA, splits: tuple[str, ...] = SPLITS) -> dict[str, list[dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {split: list(data.get(split) or []) for split in splits}


def load_holdout2(path: Path = HOLDOUT2_DATA) -> list[dict[str, Any]]:
    return load(path, BLIND)["holdout2"] if path.exists() else []


def context_of(item: Mapping[str, Any]) -> DetectionContext | None:
    ctx = item.get("context")
    if not ctx:
        return None
    details = tuple(PhraseSet(f"d{i}", (p,)) for i, p in enumerate(ctx.get("details", ())))
    offers = tuple(OfferPhrases(f"o{i}", (p,)) for i, p in enumerate(ctx.get("offers", ())))
    offers += tuple(
        OfferPhrases(f"c{i}", (p,), "compensation") for i, p in enumerate(ctx.get("compensation", ()))
    )
    return DetectionContext(customer_name=ctx.get("customer_name", ""), key_details=details, offers=offers)


def score(items: Iterable[Mapping[str, Any]]) -> Score:
    out = Score()
    for item in items:
        truth = set(item.get("labels") or ())
        unknown = truth - set(TEXT_MOVES)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)} in {item['text']!r}")
        moves = detect_moves(item["text"], context_of(item))
        found = {m.move for m in moves}
        cited = {d for m in moves if m.move in _OFFER_MOVES for d in m.detail}
        expected = set(item.get("offer_ids") or ())
        if expected:
            hit = bool(cited & expected)
            out.offers[0] += hit
            out.offers[2] += not hit
            out.offers[1] += bool(cited - expected)
        elif cited:
            out.offers[1] += 1
        for move in TEXT_MOVES:
            row = out.counts[move]
            row[0] += move in found and move in truth
            row[1] += move in found and move not in truth
            row[2] += move in truth and move not in found
        if found != truth:
            out.errors.append((item["text"], found - truth, truth - found))
    return out


def table(s: Score) -> str:
    lines = [f"{'move':<15}{'prec':>7}{'recall':>8}{'f1':>7}{'support':>9}{'fp':>5}"]
    for move in TEXT_MOVES:
        p, r, f, n = s.prf(move)
        fp = s.counts[move][1]
        if n or fp:
            lines.append(f"{move:<15}{p:>7.3f}{r:>8.3f}{f:>7.3f}{n:>9}{fp:>5}")
    p, r, f, n = s.prf()
    lines.append(f"{'micro avg':<15}{p:>7.3f}{r:>8.3f}{f:>7.3f}{n:>9}")
    tp, fp, fn = s.offers
    if tp + fp + fn:
        lines.append(f"{'offer ids':<15}  tp {tp}  fp {fp}  fn {fn}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--holdout2", type=Path, default=HOLDOUT2_DATA)
    parser.add_argument(
        "--errors",
        choices=SPLITS,
        action="append",
        default=[],
        help="list the wrong items of this split (repeatable; never holdout2)",
    )
    args = parser.parse_args(argv)
    splits = load(args.data)
    splits["holdout2"] = load_holdout2(args.holdout2)
    for split, items in splits.items():
        s = score(items)
        print(f"[{split}] {len(items)} utterances")
        print(table(s))
        print()
        if split in args.errors:
            for text, extra, missing in s.errors:
                print(f"  +{sorted(extra)} -{sorted(missing)}  {text!r}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
