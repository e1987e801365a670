"""Each line of whole conversations, judged in play, against the moves its writer labelled it with.

    .venv/bin/python benchmarks/eval_playthrough_lines.py                      # the holdout set, typed
    .venv/bin/python benchmarks/eval_playthrough_lines.py --set holdout30 --spoken  # as Whisper heard them
    .venv/bin/python benchmarks/eval_playthrough_lines.py --set holdout24 --errors e.txt  # dev: what differs

Every line of a playthrough set carries its writer's labels in a comment (`- "text"  # restate, apology`;
an offer as `offer_solution:refund`, `none` for no move). Each conversation is played through the game as
`eval_conversations.py` plays it, so a line is judged after the customer's replies so far, and its moves
are compared with the labels: precision, recall and F1 per move, micro and harmful, as `eval_judge.py`
prints them. Lines after the conversation ended are not judged. Sets as in `eval_conversations.py`; write
`--errors` only for dev sets, since a holdout whose failures have been read is dev data.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eval_conversations import SETS, heard_lines, played_lines  # noqa: E402
from eval_judge import Counts, report, tally  # noqa: E402

from simulator.content_files import load_library  # noqa: E402
from simulator.moves import TEXT_MOVES  # noqa: E402
from simulator.play import new_conversation  # noqa: E402

_KEY = re.compile(r"^([A-Za-z_][\w-]*):")
_ITEM = re.compile(r"^\s+-\s")
_COMMENT = re.compile(r"\s#\s*([^\"'#]*)$")  # after the line's closing quote: "order #12" is no comment


def labelled_lines(text: str) -> dict[str, list[frozenset[str]]]:
    """Each trainee's lines' labelled moves, in order, from the comments of a playthrough file. A trainee
    whose lines and comments do not pair up one to one (a line without a comment, a line over two rows)
    is left out."""
    found: dict[str, list[frozenset[str]]] = {}
    who = ""
    for row in text.splitlines():
        key = _KEY.match(row)
        if key:
            who = key.group(1)
            found[who] = []
        elif who and _ITEM.match(row):
            comment = _COMMENT.search(row)
            if comment is None:
                found[who].append(frozenset({"?"}))  # unlabelled: the trainee is left out below
                continue
            labels = comment.group(1).split(",")
            found[who].append(frozenset(m.split(":")[0].strip() for m in labels) & set(TEXT_MOVES))
    lines = yaml.safe_load(text) or {}
    unlabelled = frozenset({"?"})
    return {
        who: moves
        for who, moves in found.items()
        if isinstance(lines.get(who), list) and len(lines[who]) == len(moves) and unlabelled not in moves
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=sorted(SETS), default="holdout35")
    parser.add_argument("--spoken", action="store_true", help="play the lines as Whisper heard them")
    parser.add_argument("--errors", type=Path, help="write every disagreement to this file (dev sets only)")
    args = parser.parse_args(argv)
    heard = heard_lines(args.set, []) if args.spoken else {}
    if heard is None:
        return 2
    lib = load_library([ROOT / "scenarios"])
    counts: Counts = defaultdict(lambda: [0, 0, 0])
    errors: list[str] = []
    judged = skipped = 0
    for path in sorted(SETS[args.set].glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        labels, scripts = labelled_lines(text), yaml.safe_load(text) or {}
        skipped += sum(len(v) for k, v in scripts.items() if k not in labels and isinstance(v, list))
        for who, gold_lines in labels.items():
            conversation = new_conversation(lib.scenarios[path.stem])
            conversation.start()
            for index, said, turns in played_lines(conversation, path.stem, who, scripts[who], heard):
                found = {m.move for turn in turns for m in turn.moves}
                judged += 1
                for wrong, move in tally(counts, gold_lines[index], found):
                    errors.append(f"{wrong} {move:<14} {path.stem}/{who}/{index}: {said}")
    mode = "as Whisper heard them" if args.spoken else "typed"
    report(f"{args.set}, {judged} lines judged in play, {mode}", counts)
    if skipped:
        print(f"({skipped} lines left out: their trainee's lines and labels do not pair up)")
    if args.errors:
        args.errors.write_text("".join(f"{e}\n" for e in errors), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
