"""Score the judge against the external labelled cases: precision / recall / F1 per move."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.content_files import detect_moves  # noqa: E402
from simulator.moves import TEXT_MOVES  # noqa: E402
from simulator.play import detector_for  # noqa: E402

DEFAULT_DATA = Path("/work/shared/evaldata/external_cases.jsonl")
Counts = dict[str, list[int]]  # move -> [tp, fp, fn, support]


def score(
    path: Path, limit: int | None = None, engine: str = "judge"
) -> tuple[Counts, dict[str, Counts], int]:
    """Run the judge (no scenario; the case's context as what was heard) or the rules alone on every case;
    only labelled (present) keys count."""
    judge = detector_for(None)
    overall: Counts = defaultdict(lambda: [0, 0, 0, 0])
    by_source: dict[str, Counts] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            text = case.get("text", "")
            heard = (case["context"],) if case.get("context") else ()
            moves = judge(text, heard) if engine == "judge" else detect_moves(text)
            found = {m.move for m in moves}
            for move, truth in case.get("labels", {}).items():
                if truth is None or move not in TEXT_MOVES:
                    continue
                predicted = move in found
                for table in (overall, by_source[case.get("source", "?")]):
                    row = table[move]
                    row[0] += predicted and truth
                    row[1] += predicted and not truth
                    row[2] += truth and not predicted
                    row[3] += bool(truth)
            n += 1
            if limit and n >= limit:
                break
    return overall, by_source, n


def table(counts: Counts) -> str:
    lines = [f"{'move':<15}{'prec':>7}{'recall':>8}{'f1':>7}{'support':>9}"]
    total = [0, 0, 0, 0]
    for move in TEXT_MOVES:
        if move not in counts:
            continue
        tp, fp, fn, support = counts[move]
        total = [a + b for a, b in zip(total, counts[move], strict=True)]
        lines.append(_row(move, tp, fp, fn, support))
    lines.append(_row("micro avg", *total))
    return "\n".join(lines)


def _row(name: str, tp: int, fp: int, fn: int, support: int) -> str:
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return f"{name:<15}{prec:>7.3f}{rec:>8.3f}{f1:>7.3f}{support:>9}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--by-source", action="store_true", help="also print one table per source")
    parser.add_argument("--limit", type=int, default=None, help="only the first N cases")
    parser.add_argument(
        "--engine", choices=("judge", "rules"), default="judge", help="the full judge or rules only"
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no eval data at {args.data}")
        return 0
    overall, by_source, n = score(args.data, args.limit, args.engine)
    print(f"{n} cases from {args.data} ({args.engine}; no scenario; unlabelled moves not scored)\n")
    print(table(overall))
    if args.by_source:
        for source in sorted(by_source):
            print(f"\n[{source}]")
            print(table(by_source[source]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
