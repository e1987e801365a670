"""Recalibrate a refit's logits onto the trained heads' spread, on every window the dev conversations make.

    .venv/bin/python benchmarks/calibrate_refit.py                # the shipped refit: print the fit
    .venv/bin/python benchmarks/calibrate_refit.py --write        # ... and record it in its manifest

Plays every dev conversation set (as compare_conversations.py does, typed and spoken, two processes) with
the trained heads alone (simulator/data/judge, without the refit), and scores each window the judge reads
with both those heads and the refit (simulator/data/judge/harm_refit). No conversation line is training
data for either. Per move, the line a * z + b through the two heads' logit quantiles 0.80 to 0.999 (the
upper tail, where the thresholds lie) maps the refit's logits onto the trained heads' spread: a refit on
more data scores "hotter" than the thresholds it keeps were tuned for (round 36: acknowledge fired on 145
windows per thousand against 114). It prints each move's line and how often each head fires at its
thresholds before and after; `--write` stores the lines as the manifest's `calibration`, which the game's
judge applies before it averages the refit's harmful logits in (README, round 37).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import compare_conversations  # noqa: E402

from simulator.detect.ensemble import fit_affine  # noqa: E402
from simulator.detect.heads import Heads  # noqa: E402
from simulator.detect.judge import Judge  # noqa: E402
from simulator.models import heads as heads_files  # noqa: E402

QUANTILES = np.linspace(0.80, 0.999, 200)
Floats = NDArray[np.float64]


def _scored_lane(job: tuple[tuple[str, bool], str]) -> tuple[Floats, Floats]:
    """One lane played with the trained heads alone: every window's probabilities under both heads."""
    lane, refit_dir = job
    refit = heads_files.load_heads(Path(refit_dir))
    heads_files.load_judge_heads = lambda folder=heads_files.HEADS_DIR: heads_files.load_heads(folder)  # type: ignore[assignment]
    scored: list[tuple[Floats, Floats]] = []
    rows_of = Judge.feature_rows

    def capturing(self: Judge, *args, **kwargs):  # type: ignore[no-untyped-def]
        rows, embeddings, rules = rows_of(self, *args, **kwargs)
        if rows is not None and self.heads is not None and rows.shape[0]:
            scored.append((self.heads.probabilities(rows), refit.probabilities(rows)))
        return rows, embeddings, rules

    Judge.feature_rows = capturing  # type: ignore[method-assign]
    compare_conversations.play(lane)
    return np.concatenate([s[0] for s in scored]), np.concatenate([s[1] for s in scored])


def logits(p: Floats) -> Floats:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def report(base: Heads, base_p: Floats, refit_p: Floats, lines: dict[str, tuple[float, float]]) -> list[str]:
    """Per move: the line, and the windows per thousand each head fires on at the move's two thresholds."""
    out = [f"{len(base_p)} windows; per thousand firing at the threshold with a rule / head alone"]
    for k, move in enumerate(base.moves):
        a, b = lines[move]
        s, n = logits(base_p[:, k]), logits(refit_p[:, k])
        rates = []
        for t in (base.threshold(move), base.head_only_threshold(move)):
            z = float(logits(np.array([t]))[0])
            rates.append(
                f"{t:.2f}: trained {1000 * (s >= z).mean():5.1f} refit {1000 * (n >= z).mean():5.1f} "
                f"recalibrated {1000 * (a * n + b >= z).mean():5.1f}"
            )
        out.append(f"{move:<15} a={a:.3f} b={b:+.3f} | " + " | ".join(rates))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--refit", type=Path, default=heads_files.HEADS_DIR / heads_files.HARM_REFIT)
    parser.add_argument("--write", action="store_true", help="record the lines in the refit's manifest")
    args = parser.parse_args(argv)
    try:
        base = heads_files.load_heads()
        heads_files.load_heads(args.refit)
    except heads_files.HeadsUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    jobs = [(lane, str(args.refit)) for lane in compare_conversations.lanes()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        parts = list(pool.map(_scored_lane, jobs))
    base_p = np.concatenate([p[0] for p in parts])
    refit_p = np.concatenate([p[1] for p in parts])
    lines = {
        m: fit_affine(logits(base_p[:, k]), logits(refit_p[:, k]), QUANTILES)
        for k, m in enumerate(base.moves)
    }
    print("\n".join(report(base, base_p, refit_p, lines)))
    if args.write:
        manifest = args.refit / heads_files.MANIFEST
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        doc["meta"]["calibration"] = {m: list(line) for m, line in lines.items()}
        manifest.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote the calibration into {manifest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
