"""Play whole scripted conversations through the judge and the customer: who passes, who fails, the scores.

    .venv/bin/python benchmarks/eval_conversations.py                  # the holdout conversations
    .venv/bin/python benchmarks/eval_conversations.py --set holdout30  # round 26's holdout
    .venv/bin/python benchmarks/eval_conversations.py --show good_1    # print those transcripts too
    .venv/bin/python benchmarks/eval_conversations.py --set holdout28 --spoken  # as Whisper heard them

`--spoken` plays each trainee line as espeak-ng spoke it and the project's Whisper heard it (primed with
the scenario's hint, as in the game; one voice per trainee), from `<set>/spoken/`; make those with
`.venv/bin/python -m simulator.training.conversation_roundtrip tests/data/playthroughs_holdout28`.

Sets: `holdout35` (tests/data/playthroughs_holdout35: the holdout, written in round 33 by four new writers
from the briefings and the playbook only, each good trainee doing the job well in a new way: an American
retail or call-centre voice, a hedger who gets there, and an echoer or second-language speaker; its hostile_2
harms in a friendly or hedged voice: jokes at the customer, their own words thrown back, a refusal dressed as
a question; measured once, typed and spoken, and never tuned on), `holdout31`
(tests/data/playthroughs_holdout31: a holdout too, written in round 29 the same way by four
new writers, each good trainee doing the job well in a new way: a brisk one of few words, a regional or
dialect speaker, and one who checks the complaint, offers and confirms the plan as questions; its hostile_2
stays polite on the surface; measured once, typed and spoken, and never tuned on), `holdout30`
(tests/data/playthroughs_holdout30: a holdout too, written in round 26 the same way by four new writers,
each good trainee talking differently: a second-language speaker, a chatty long-winded one, and one who asks
before restating or, in the chat scenarios, writes in chat register; measured once, typed and spoken, and
never tuned on), `holdout29` (tests/data/playthroughs_holdout29: a holdout too, written at the end
of round 25, when its third holdout's thin trainee that scored under a hostile one was read, from the
briefings and the playbook only, by writers who never saw the phrase packs, the scenario YAML, the corpus or
that round's changes; never tuned on), `holdout28` (written late in round 25 the same way: every good trainee
passed and every hostile one failed, and its lowest thin trainee was read in round 25, so it is dev data),
`holdout27` (written midway through round 25 the same way: its two failing good trainees were read in round
25, so it is dev data), `holdout26` (written at the start of round 25 the same way: its one failing good
trainee was read in round 25, so it is dev data), `holdout25` (round 24's holdout: measured at the end of
round 24 and after round 25's retrain, then its failures were read in round 25, so it is dev data),
`holdout24` (round 23's holdout: its one failing good trainee was read in round 24, so it is dev data),
`holdout23` (round 22's holdout: every good trainee passed and every hostile one failed when it was measured
once; dev data since round 23), `holdout22` (round 21's holdout: every good trainee passed and every hostile
one failed when it was measured once; dev data since round 22), `holdout21` (round 20's holdout: its one
failing good trainee was read in round 21, so it is dev data), `holdout20` (round 19's holdout: its one
failing good trainee was read in round 20, so it is dev data), `holdout19` (round 18's holdout: its failing
good trainee and its passing thin one were read in round 19, so it is dev data), `holdout18` (round 17's
holdout: its one failing good trainee was read in round 18, so it is dev data), `holdout17` (round 16's
holdout: dev), `holdout16` (round 15's holdout: dev), `holdout15` (round 14's holdout: dev), `holdout14`
(written at the start of round 14; its two failing good trainees were read in round 14, so it is dev data),
`holdout13`, `holdout12`, `holdout11`, `holdout10`, `holdout9`, `holdout8`, `holdout7`, `holdout6`,
`holdout5`, `holdout4` and `holdout3` (earlier rounds' holdouts; their failures were read in the round after,
so they are dev data now), `judge` (tests/data/playthroughs_judge: round 2's holdout; dev data), `alt`
(tests/data/playthroughs_alt: dev) and `scripted` (tests/data/playthroughs).
A trainee key starting with good/model should pass, hostile should fail; thin/mediocre should land between.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.content_files import load_library  # noqa: E402
from simulator.engine.conversation import Conversation, Result, Turn  # noqa: E402
from simulator.play import new_conversation  # noqa: E402
from simulator.training.conversation_roundtrip import Line, load_heard, playthrough_lines  # noqa: E402

SETS = {
    "holdout35": ROOT / "tests/data/playthroughs_holdout35",
    "holdout31": ROOT / "tests/data/playthroughs_holdout31",
    "holdout30": ROOT / "tests/data/playthroughs_holdout30",
    "holdout29": ROOT / "tests/data/playthroughs_holdout29",
    "holdout28": ROOT / "tests/data/playthroughs_holdout28",
    "holdout27": ROOT / "tests/data/playthroughs_holdout27",
    "holdout26": ROOT / "tests/data/playthroughs_holdout26",
    "holdout25": ROOT / "tests/data/playthroughs_holdout25",
    "holdout24": ROOT / "tests/data/playthroughs_holdout24",
    "holdout23": ROOT / "tests/data/playthroughs_holdout23",
    "holdout22": ROOT / "tests/data/playthroughs_holdout22",
    "holdout21": ROOT / "tests/data/playthroughs_holdout21",
    "holdout20": ROOT / "tests/data/playthroughs_holdout20",
    "holdout19": ROOT / "tests/data/playthroughs_holdout19",
    "holdout18": ROOT / "tests/data/playthroughs_holdout18",
    "holdout17": ROOT / "tests/data/playthroughs_holdout17",
    "holdout16": ROOT / "tests/data/playthroughs_holdout16",
    "holdout15": ROOT / "tests/data/playthroughs_holdout15",
    "holdout14": ROOT / "tests/data/playthroughs_holdout14",
    "holdout13": ROOT / "tests/data/playthroughs_holdout13",
    "holdout12": ROOT / "tests/data/playthroughs_holdout12",
    "holdout11": ROOT / "tests/data/playthroughs_holdout11",
    "holdout10": ROOT / "tests/data/playthroughs_holdout10",
    "holdout9": ROOT / "tests/data/playthroughs_holdout9",
    "holdout8": ROOT / "tests/data/playthroughs_holdout8",
    "holdout7": ROOT / "tests/data/playthroughs_holdout7",
    "holdout6": ROOT / "tests/data/playthroughs_holdout6",
    "holdout5": ROOT / "tests/data/playthroughs_holdout5",
    "holdout4": ROOT / "tests/data/playthroughs_holdout4",
    "holdout3": ROOT / "tests/data/playthroughs_holdout3",
    "judge": ROOT / "tests/data/playthroughs_judge",
    "alt": ROOT / "tests/data/playthroughs_alt",
    "scripted": ROOT / "tests/data/playthroughs",
}
KINDS = {"good": "good", "model": "good", "thin": "thin", "mediocre": "thin", "hostile": "hostile"}


def kind_of(key: str) -> str:
    return KINDS.get(key.split("_")[0], "other")


def heard_lines(set_name: str, scenarios: list[str]) -> dict[tuple[str, str], str] | None:
    """What Whisper heard of each line of a set, or None (and one message) if some are not spoken yet."""
    folder = SETS[set_name]
    heard = load_heard(folder)
    missing = [x for x in playthrough_lines(folder, scenarios) if (x.key, x.typed) not in heard]
    if not missing:
        return heard
    shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    print(
        f"{len(missing)} trainee lines of {set_name} have not been spoken yet (first: {missing[0].key}); "
        f"run: .venv/bin/python -m simulator.training.conversation_roundtrip {shown}",
        file=sys.stderr,
    )
    return None


def played_lines(
    conversation: Conversation, stem: str, who: str, lines: list[object], heard: dict[tuple[str, str], str]
) -> Iterator[tuple[int, str, list[Turn]]]:
    """Each of a trainee's lines played in turn until the conversation ends: its index, what was said (as
    Whisper heard it when `heard` holds it) and the turns it made."""
    for index, typed in enumerate(map(str, lines)):
        if conversation.finished:
            return
        said = heard.get((Line(stem, who, index, typed).key, typed), typed)
        yield index, said, conversation.respond(said)


@dataclass(frozen=True)
class Played:
    """One scripted trainee played through a conversation: how it ended, its scores, and the transcript."""

    scenario: str
    who: str
    kind: str
    result: Result
    transcript: tuple[str, ...]

    @property
    def judged_right(self) -> bool:
        """Good trainees should pass and hostile ones fail; thin ones may land either side."""
        return {"good": self.result.passed, "hostile": not self.result.passed}.get(self.kind, True)


def play_set(set_name: str, scenarios: list[str], heard: dict[tuple[str, str], str]) -> Iterator[Played]:
    """Every trainee of a set (or of these scenarios) played with this checkout's judge and customer."""
    lib = load_library([ROOT / "scenarios"])
    for path in sorted(SETS[set_name].glob("*.yaml")):
        if scenarios and path.stem not in scenarios:
            continue
        for who, lines in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            conversation = new_conversation(lib.scenarios[path.stem])
            transcript = [f"  customer: {conversation.start().text}"]
            for _, _, turns in played_lines(conversation, path.stem, str(who), lines, heard):
                for turn in turns:
                    moves = ",".join(
                        m.move + (f"[{','.join(m.detail)}]" if m.detail else "") for m in turn.moves
                    )
                    transcript.append(
                        f"  {turn.speaker} [{turn.anger}]: {turn.text}" + (f"  ({moves})" if moves else "")
                    )
            yield Played(path.stem, str(who), kind_of(str(who)), conversation.result(), tuple(transcript))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", choices=sorted(SETS), default="holdout35")
    parser.add_argument("--show", action="append", default=[], help="print transcripts of these trainee keys")
    parser.add_argument("--scenario", action="append", default=[], help="only these scenario ids")
    parser.add_argument("--spoken", action="store_true", help="play the lines as Whisper heard them")
    args = parser.parse_args(argv)
    heard = heard_lines(args.set, args.scenario) if args.spoken else {}
    if heard is None:
        return 2
    scores: dict[str, list[int]] = {"good": [], "thin": [], "hostile": [], "other": []}
    wrong: list[str] = []  # the kind of each trainee judged against its kind
    for played in play_set(args.set, args.scenario, heard):
        result = played.result
        scores[played.kind].append(result.scores.overall)
        line = (
            f"{played.scenario:<24}{played.who:<12}{result.outcome:<12}{result.scores.overall:>4}  "
            f"L{result.scores.listening:>3} E{result.scores.empathy:>3} R{result.scores.resolution:>3}  "
            f"{'pass' if result.passed else 'fail'}{'' if played.judged_right else '   <-- WRONG'}"
        )
        print(line)
        if not played.judged_right:
            wrong.append(played.kind)
        if played.who in args.show or (not played.judged_right and "wrong" in args.show):
            print("\n".join(played.transcript))
    print()
    for kind, values in scores.items():
        if values:
            print(
                f"{kind:<8} n={len(values):<3} overall median {statistics.median(values):>5.1f}  "
                f"min {min(values):>3}  max {max(values):>3}"
            )
    good, hostile = scores["good"], scores["hostile"]
    print(f"\ngood trainees passing: {len(good) - wrong.count('good')}/{len(good)}")
    print(f"hostile trainees failing: {len(hostile) - wrong.count('hostile')}/{len(hostile)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
