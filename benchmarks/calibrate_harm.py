"""Re-measure the harm ease (HARM_EASE) on dev: harmful F1 as harmful head-only thresholds are lowered.

    .venv/bin/python benchmarks/calibrate_harm.py                      # dev, typed and spoken
    .venv/bin/python benchmarks/calibrate_harm.py --eases 0,0.1,0.15,0.2

A harmful move no rule proposed is kept when its head alone clears the move's head-only threshold, lowered
by the ease for the moves in EASED_HARM (never below its threshold with a rule). This eases every harmful
move and prints, for each ease, the harmful and micro F1 and each harmful move's precision / recall / F1 on
dev, so it shows which moves gain (corpus/dev: earlier rounds' holdouts and data written
for the gaps, never the holdout). Choosing the ease on the holdout would make the holdout dev.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from eval_judge import Counts, f1, tally  # noqa: E402

from simulator.detect.heads import EASED_HARM, HARM_EASE  # noqa: E402
from simulator.moves import HARMFUL  # noqa: E402
from simulator.play import BoundJudge, judge_notice, judge_with  # noqa: E402
from simulator.training.corpus_files import judged_as_in_game  # noqa: E402


def summary(counts: Counts, moves: list[str]) -> str:
    """Harmful and micro F1, then each harmful move's precision / recall / F1."""
    harm = [sum(counts[m][i] for m in moves) for i in range(3)]
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    hp, hr, hf = f1(*harm)
    per_move = " ".join(f"{m} {'/'.join(f'{x:.3f}' for x in f1(*counts[m]))}" for m in moves)
    return f"harmful {hf:.3f} (P {hp:.3f} R {hr:.3f})  micro {f1(*total)[2]:.3f}  |  {per_move}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--eases", default="0,0.05,0.1,0.15,0.2,0.25")
    args = parser.parse_args(argv)
    try:
        eases = [float(x) for x in args.eases.split(",")]
    except ValueError:
        parser.error(f"--eases: comma-separated numbers, not {args.eases!r}")
    judge = judge_with(())
    if judge.heads is None:
        print(f"needs the trained heads: {judge_notice()}")
        return 1
    shipped = judge.heads
    moves = [m for m in HARMFUL if m in shipped.moves]
    sets = judged_as_in_game(args.corpus, args.split, ROOT / "scenarios")
    shipped_ease = f"{HARM_EASE} for {', '.join(sorted(EASED_HARM))}"
    print(f"shipped: {shipped_ease}; {args.split}: {len(sets['typed'])} typed, {len(sets['spoken'])} spoken")
    try:
        for name, items in sets.items():
            started = time.perf_counter()
            counts: dict[float, Counts] = {e: defaultdict(lambda: [0, 0, 0]) for e in eases}
            for u in items:  # every ease on one utterance in turn: its clauses are encoded once
                for ease in eases:
                    judge.heads = replace(shipped, harm_ease=ease, eased=frozenset(moves))
                    found = BoundJudge(judge, u.situation.context)(u.text, u.situation.heard)
                    tally(counts[ease], u.moves, {m.move for m in found})
            for ease in eases:
                print(f"{name:<7} ease {ease:.2f}: {summary(counts[ease], moves)}", flush=True)
            print(f"({time.perf_counter() - started:.0f} s)")
    finally:
        judge.heads = shipped
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
