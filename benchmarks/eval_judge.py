"""Measure the judge on the labelled corpus: per-move P/R/F1, micro and harmful F1, offer and fact ids.

    .venv/bin/python benchmarks/eval_judge.py                 # the holdout, typed and spoken
    .venv/bin/python benchmarks/eval_judge.py --split dev     # last round's holdout, read (corpus/dev)
    .venv/bin/python benchmarks/eval_judge.py --split train   # training data (optimistic: trained on it)

The holdout (corpus/holdout) is the 12 shipped scenarios, written from the trainee's briefing by writers
who never saw the phrase packs, the scenario YAML or the training corpus; it is never tuned on. An item
of a shipped scenario is judged with that scenario's own context (its offers, facts and key details), as
in the game. Its spoken version (corpus/asr/holdout) is each utterance spoken by espeak-ng, decoded by the
project's Whisper. Which set is which: the README's judge section.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Set as AbstractSet
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.moves import HARMFUL, TEXT_MOVES  # noqa: E402
from simulator.play import BoundJudge, judge_notice, judge_with  # noqa: E402
from simulator.training.corpus import Utterance  # noqa: E402
from simulator.training.corpus_files import (  # noqa: E402
    in_shipped_context,
    load_spoken,
    load_typed,
    scenario_contexts,
)

Counts = dict[str, list[int]]  # move -> [tp, fp, fn]


def disagreements(gold: AbstractSet[str], found: AbstractSet[str]) -> list[tuple[str, bool]]:
    """(move, missed) for every move the judge and the writer disagree on."""
    return [(m, m in gold) for m in TEXT_MOVES if (m in gold) != (m in found)]


def tally(counts: Counts, gold: AbstractSet[str], found: AbstractSet[str]) -> list[tuple[str, str]]:
    """Add one item's moves to the counts; return its disagreements, ("FN" or "FP", move)."""
    for move in TEXT_MOVES:
        g, p = move in gold, move in found
        counts[move][0] += g and p
        counts[move][1] += p and not g
        counts[move][2] += g and not p
    return [("FN" if missed else "FP", move) for move, missed in disagreements(gold, found)]


def evaluate(items: list[Utterance]) -> tuple[Counts, list[int], list[str]]:
    """Counts per move, offer/fact id hits [right, wrong, missed], and a few error lines."""
    judge = judge_with(())
    counts: Counts = defaultdict(lambda: [0, 0, 0])
    ids = [0, 0, 0, 0, 0, 0]  # offers right, wrong, missed; facts right, wrong, missed
    errors: list[str] = []
    for u in items:
        moves = BoundJudge(judge, u.situation.context)(u.text, u.situation.heard)
        for wrong, move in tally(counts, u.moves, {m.move for m in moves}):
            if len(errors) < 4000:
                errors.append(f"{wrong} {move:<14} {u.text}")
        cited = {f"{m.move}:{d}" for m in moves for d in m.detail}
        for ref in u.refs:
            base = 3 if ref.startswith("question:") else 0
            ids[base + (0 if ref in cited else 2)] += 1
        ids[1] += len(
            {c for c in cited if c.split(":")[0] in ("offer_solution", "compensation")} - set(u.refs)
        )
        ids[4] += len({c for c in cited if c.startswith("question:")} - set(u.refs))
    return counts, ids, errors


def spoken_keys(corpus_dir: Path, split: str) -> list[str]:
    """The keys of the utterances Whisper heard something of, to compare typed and spoken like for like."""
    keys = []
    for path in sorted((corpus_dir / "asr" / split).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line) if line.strip() else {}
            if str(doc.get("text") or "").strip() or doc.get("segments"):
                keys.append(doc["key"])
    return keys


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name: str, counts: Counts, ids: list[int] | None = None) -> dict[str, float]:
    print(f"\n== {name}")
    print(f"{'move':<15}{'prec':>7}{'recall':>8}{'f1':>7}{'support':>9}")
    total, harm = [0, 0, 0], [0, 0, 0]
    for move in TEXT_MOVES:
        tp, fp, fn = counts[move]
        total = [a + b for a, b in zip(total, counts[move], strict=True)]
        if move in HARMFUL:
            harm = [a + b for a, b in zip(harm, counts[move], strict=True)]
        p, r, f = f1(tp, fp, fn)
        print(f"{move:<15}{p:>7.3f}{r:>8.3f}{f:>7.3f}{tp + fn:>9}")
    micro, harmful = f1(*total)[2], f1(*harm)[2]
    print(f"{'micro':<15}{f1(*total)[0]:>7.3f}{f1(*total)[1]:>8.3f}{micro:>7.3f}{total[0] + total[2]:>9}")
    print(f"{'harmful':<15}{f1(*harm)[0]:>7.3f}{f1(*harm)[1]:>8.3f}{harmful:>7.3f}{harm[0] + harm[2]:>9}")
    if ids is not None:
        print(f"offer ids: {ids[0]} cited right, {ids[1]} cited wrongly, {ids[2]} not cited")
        print(f"fact ids:  {ids[3]} asked right, {ids[4]} matched wrongly, {ids[5]} not matched")
    return {"micro": micro, "harmful": harmful}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="holdout", choices=("holdout", "dev", "train"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--errors", type=Path, help="write every disagreement to this file")
    args = parser.parse_args(argv)
    if judge_notice():
        print(f"note: {judge_notice()}")
    typed = load_typed(args.corpus, args.split)
    live = scenario_contexts(ROOT / "scenarios")  # judged as in the game: the scenarios as they are now
    spoken = in_shipped_context(live, load_spoken(args.corpus, args.split, typed))
    started = time.perf_counter()
    counts, ids, errors = evaluate(in_shipped_context(live, list(typed.values())))
    typed_scores = report(f"{args.split}, typed ({len(typed)} utterances)", counts, ids)
    if spoken:
        s_counts, s_ids, s_errors = evaluate(spoken)
        spoken_scores = report(
            f"{args.split}, spoken: espeak-ng -> Whisper ({len(spoken)} utterances)", s_counts, s_ids
        )
        gap = typed_scores["micro"] - spoken_scores["micro"]
        print(f"\nspoken micro-F1 is {gap:+.3f} below typed (all typed utterances)")
        same = [typed[k] for k in spoken_keys(args.corpus, args.split) if k in typed]
        same_counts, _, _ = evaluate(in_shipped_context(live, same))
        same_micro = f1(*[sum(counts_[i] for counts_ in same_counts.values()) for i in range(3)])[2]
        print(
            f"the same {len(same)} utterances typed: micro-F1 {same_micro:.3f}; "
            f"spoken is {same_micro - spoken_scores['micro']:+.3f} below them"
        )
        errors += ["", "# spoken", *s_errors]
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if args.errors:
        args.errors.write_text("\n".join(errors) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
