"""Every dev conversation set played with this checkout's judge, saved, and compared with an earlier run.

    .venv/bin/python benchmarks/compare_conversations.py --save /tmp/before.json   # e.g. the shipped judge
    # ... change the judge or its heads ...
    .venv/bin/python benchmarks/compare_conversations.py --against /tmp/before.json

Plays the dev sets typed (`holdout3` to `holdout28`, `judge`, `alt`) and, where a set has a `spoken/`
folder, as Whisper heard them, in two processes. `--against` prints, per set, the good trainees passing
before and after, each good trainee lost or gained, any hostile trainee who passes, and the thin trainees'
median and lowest score, then the totals: what rounds 35 and 36 asked of a refit before it could ship
(docs/evaluation/DECISIONS_ROUND36.md). The holdout sets (holdout29 to 31 and 35) are left out: a change is
decided on dev and only then measured there, with eval_conversations.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from eval_conversations import SETS, heard_lines, play_set  # noqa: E402

HOLDOUT_SETS = frozenset({"holdout29", "holdout30", "holdout31", "holdout35"})
DEV_SETS = tuple(s for s in SETS if s not in HOLDOUT_SETS and s != "scripted")  # scripted: the tests' own


class Trainee(TypedDict):
    kind: str
    score: int
    passed: bool


Run = dict[str, dict[str, Trainee]]  # "holdout24 spoken" -> "scenario/who" -> how it went


def play(lane: tuple[str, bool]) -> tuple[str, dict[str, Trainee]]:
    """One set, typed or spoken: each trainee's kind, overall score and whether they passed."""
    set_name, spoken = lane
    heard = heard_lines(set_name, []) if spoken else {}
    if heard is None:
        raise SystemExit(2)
    played = {
        f"{p.scenario}/{p.who}": Trainee(kind=p.kind, score=p.result.scores.overall, passed=p.result.passed)
        for p in play_set(set_name, [], heard)
    }
    return f"{set_name}{' spoken' if spoken else ''}", played


def lanes() -> list[tuple[str, bool]]:
    typed = [(s, False) for s in DEV_SETS]
    return typed + [(s, True) for s in DEV_SETS if (SETS[s] / "spoken").is_dir()]


def run_all(workers: int = 2) -> Run:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(play, lanes()))


def good_passing(trainees: dict[str, Trainee]) -> int:
    return sum(t["passed"] for t in trainees.values() if t["kind"] == "good")


def compare(before: Run, after: Run) -> list[str]:
    """Per set and in total: good trainees passing, each one lost or gained, hostile ones passing, and the
    thin trainees' median and lowest score."""
    out: list[str] = []
    totals = {False: [0, 0, 0], True: [0, 0, 0]}  # spoken? -> good before, after, of
    for name in sorted(set(before) & set(after)):
        a, b = before[name], after[name]
        goods = [k for k, t in a.items() if t["kind"] == "good"]
        total = totals[name.endswith(" spoken")]
        total[0] += good_passing(a)
        total[1] += good_passing({k: b[k] for k in goods if k in b})
        total[2] += len(goods)
        thin_a = [t["score"] for t in a.values() if t["kind"] == "thin"]
        thin_b = [t["score"] for t in b.values() if t["kind"] == "thin"]
        thin = (
            f"thin median {statistics.median(thin_a):.1f} -> {statistics.median(thin_b):.1f}, "
            f"lowest {min(thin_a)} -> {min(thin_b)}"
            if thin_a and thin_b
            else "no thin trainees"
        )
        out.append(
            f"{name:<18} good passing {good_passing(a):>2} -> {good_passing(b):>2} of {len(goods)}; {thin}"
        )
        for key in goods:
            if key in b and a[key]["passed"] != b[key]["passed"]:
                what = "LOST  " if a[key]["passed"] else "GAINED"
                out.append(f"    {what} {key}: {a[key]['score']} -> {b[key]['score']}")
        out += [f"    HOSTILE PASSES {k}" for k, t in b.items() if t["kind"] == "hostile" and t["passed"]]
    for spoken, (x, y, n) in totals.items():
        out.append(f"{'spoken' if spoken else 'typed'}: good trainees passing {x} -> {y} of {n}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--save", type=Path, help="write this run here (JSON)")
    parser.add_argument("--against", type=Path, help="compare this run with one saved earlier")
    args = parser.parse_args(argv)
    before: Run | None = None
    if args.against is not None:
        try:
            before = json.loads(args.against.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"error: cannot read {args.against}: {exc}", file=sys.stderr)
            return 2
    after = run_all()
    if args.save is not None:
        args.save.write_text(json.dumps(after, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.save}")
    if before is not None:
        print("\n".join(compare(before, after)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
