"""Sort the judge's disagreements on dev by the stage that decided them: where to work next.

    .venv/bin/python benchmarks/diagnose_misses.py                      # dev, typed and spoken
    .venv/bin/python benchmarks/diagnose_misses.py --move question --show 10

Each missed move (the writer labelled it, the judge did not hear it) is put down to the last stage that
dropped it ("heads:rule" is a rule's candidate the heads stage dropped, "answer:head" a head's candidate
the answer stage dropped), or to "none" when no stage saw it at all (no rule's words and a head under
half its threshold, so the trace does not show it). Each false alarm is put down to the last stage that
kept it. A miss the heads stage dropped is what a threshold can reach (benchmarks/calibrate_harm.py
lowers them); "none" is what only new rules or better heads can. For dev only: reading a holdout's
disagreements makes it dev.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from eval_judge import disagreements  # noqa: E402

from simulator.detect.candidates import Verdict  # noqa: E402
from simulator.moves import TEXT_MOVES  # noqa: E402
from simulator.play import judge_notice, judge_with  # noqa: E402
from simulator.training.corpus_files import judged_as_in_game  # noqa: E402

NOT_SEEN = "none"


def decided_by(trace: Iterable[Verdict], move: str, missed: bool) -> str:
    """The stage ("stage:source") that last dropped a missed move, or last kept a false alarm; "none" when
    no stage's verdict names the move."""
    verdicts = [v for v in trace if v.candidate.move == move]
    if not verdicts:
        return NOT_SEEN
    chosen = [v for v in verdicts if v.kept != missed] or verdicts
    last = chosen[-1]
    return f"{last.stage}:{last.candidate.source}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--move", choices=TEXT_MOVES, help="only this move")
    parser.add_argument("--show", type=int, default=0, help="print this many texts per group")
    parser.add_argument("--top", type=int, default=40, help="print this many groups")
    args = parser.parse_args(argv)
    judge = judge_with(())
    if judge.heads is None:
        print(f"needs the trained heads: {judge_notice()}")
        return 1
    sets = judged_as_in_game(args.corpus, args.split, ROOT / "scenarios")
    groups: Counter[tuple[str, str, str, str]] = Counter()
    texts: dict[tuple[str, str, str, str], list[str]] = {}
    for name, items in sets.items():
        for u in items:
            judgement = judge.judge(u.text, u.situation.context, u.situation.heard)
            for move, missed in disagreements(u.moves, {m.move for m in judgement.moves}):
                if args.move and move != args.move:
                    continue
                key = (
                    name,
                    "missed" if missed else "false alarm",
                    move,
                    decided_by(judgement.trace, move, missed),
                )
                groups[key] += 1
                texts.setdefault(key, []).append(u.text)
    print(f"{args.split}: {len(sets['typed'])} typed, {len(sets['spoken'])} spoken")
    print(f"{'count':>6}  {'set':<7}{'kind':<12}{'move':<16}decided by")
    for key, n in groups.most_common(args.top):
        print(f"{n:>6}  {key[0]:<7}{key[1]:<12}{key[2]:<16}{key[3]}")
        for text in texts[key][: args.show]:
            print(f"          {text[:140]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
