"""Speak scripted playthroughs' trainee lines with espeak-ng and decode them with the project's Whisper."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import yaml

from simulator.content_files import load_library
from simulator.play import new_conversation
from simulator.scenario.spoken import recognition_vocabulary
from simulator.speech.audio import load_audio
from simulator.speech.tts import EspeakNgSynthesizer
from simulator.speech.whisper import WhisperRecognizer
from simulator.training.asr_roundtrip import voice_for

ROOT = Path(__file__).resolve().parents[2]
SPOKEN_DIR = "spoken"  # <set>/spoken/<scenario>.jsonl, beside the set's <scenario>.yaml files


@dataclass(frozen=True, slots=True)
class Line:
    """One trainee line of a playthrough set: where it is, what was typed."""

    scenario: str
    who: str
    index: int
    typed: str

    @property
    def key(self) -> str:
        return f"{self.scenario}/{self.who}/{self.index}"


def playthrough_lines(folder: Path, scenarios: Sequence[str] = ()) -> Iterator[Line]:
    """Every trainee line of the set's `<scenario>.yaml` files (`{who: [line, ...]}`), in file order."""
    for path in sorted(folder.glob("*.yaml")):
        if scenarios and path.stem not in scenarios:
            continue
        for who, lines in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            for index, text in enumerate(lines or ()):
                yield Line(path.stem, str(who), index, str(text))


def load_heard(folder: Path) -> dict[tuple[str, str], str]:
    """(line key, typed text) -> what Whisper heard, from the set's spoken folder (empty when absent). A line
    whose typed text has changed since it was spoken is not found, so it is spoken again."""
    heard: dict[tuple[str, str], str] = {}
    for path in sorted((folder / SPOKEN_DIR).glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                doc = json.loads(raw)
                heard[(str(doc["key"]), str(doc["typed"]))] = str(doc["heard"])
    return heard


def _spoken(raw: str) -> tuple[str, str]:
    """A stored transcript's (line key, typed text)."""
    doc = json.loads(raw)
    return str(doc["key"]), str(doc["typed"])


def drop_stale(folder: Path, scenarios: Sequence[str] = (), lines: Sequence[Line] | None = None) -> int:
    """Remove the transcripts of lines that are no longer in the set or were edited since they were spoken
    (of these scenarios only, so runs over other scenarios can append at the same time); returns how many.
    `lines`: the set's lines of those scenarios, when the caller has read them already."""
    if lines is None:
        lines = list(playthrough_lines(folder, scenarios))
    current = {(line.key, line.typed) for line in lines}
    removed = 0
    for path in sorted((folder / SPOKEN_DIR).glob("*.jsonl")):
        if scenarios and path.stem not in scenarios:
            continue
        stored = [raw for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]
        kept = [raw for raw in stored if _spoken(raw) in current]
        if len(kept) != len(stored):
            path.write_text("".join(f"{raw}\n" for raw in kept), encoding="utf-8")
            removed += len(stored) - len(kept)
    return removed


def speak_set(folder: Path, scenarios: Sequence[str] = ()) -> int:
    """Speak and decode every line of the set not yet done, appending to `<set>/spoken/<scenario>.jsonl` after
    dropping stale transcripts; returns how many lines it spoke.

    As in the game: one espeak-ng voice per trainee, and Whisper primed with the scenario's hint and the
    customer's latest line. Each conversation is played through the engine on what Whisper heard (as
    `benchmarks/eval_conversations.py --spoken` plays it), so the line a trainee answers is the one the
    customer said to the spoken conversation."""
    library = load_library([ROOT / "scenarios"])
    lines = list(playthrough_lines(folder, scenarios))
    unknown = sorted({line.scenario for line in lines} - set(library.scenarios))
    if unknown:
        raise ValueError(f"{folder}: no shipped scenario named {', '.join(unknown)}")
    if removed := drop_stale(folder, scenarios, lines):
        print(f"{folder.name}: {removed} stale transcripts removed", file=sys.stderr)
    done = load_heard(folder)
    todo = sum((line.key, line.typed) not in done for line in lines)
    print(f"{folder.name}: {todo} trainee lines to speak and decode", file=sys.stderr)
    if not todo:
        return 0
    tts = EspeakNgSynthesizer()
    asr = WhisperRecognizer(cpu_threads=1)
    out = folder / SPOKEN_DIR
    out.mkdir(exist_ok=True)
    started, spoken = time.time(), 0
    with tempfile.TemporaryDirectory() as tmp, closing(asr):
        wav = Path(tmp) / "line.wav"
        for (scenario_id, who), trainee in groupby(lines, key=lambda line: (line.scenario, line.who)):
            scenario = library.scenarios[scenario_id]
            conversation = new_conversation(scenario)
            conversation.start()
            voice = voice_for(f"{scenario_id}/{who}")  # one voice for the whole conversation
            for line in trainee:
                heard = done.get((line.key, line.typed))
                if heard is None:
                    asr.use_vocabulary(recognition_vocabulary(scenario, conversation.last_said))
                    tts.render(line.typed, voice, wav)
                    heard = asr.transcribe(load_audio(wav)).text.strip()
                    doc = {
                        "key": line.key,
                        "typed": line.typed,
                        "heard": heard,
                        "voice": f"{voice.language}/{voice.variant or voice.gender}/{voice.rate}",
                    }
                    with (out / f"{line.scenario}.jsonl").open("a", encoding="utf-8") as fh:
                        fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
                    spoken += 1
                    if spoken % 50 == 0:
                        rate = spoken / (time.time() - started)
                        print(f"  {spoken}/{todo} ({rate:.1f}/s)", file=sys.stderr)
                conversation.respond(heard)  # nothing once the conversation has ended
    return spoken


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.training.conversation_roundtrip", description=__doc__
    )
    parser.add_argument("folder", type=Path, help="a playthrough set, e.g. tests/data/playthroughs_holdout28")
    parser.add_argument("--scenario", action="append", default=[], help="only these scenario ids")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder}: no such playthrough folder")
    try:
        speak_set(args.folder, args.scenario)
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
