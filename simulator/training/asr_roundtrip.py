"""Speak corpus utterances with espeak-ng and decode them with the project's Whisper, keeping the labels."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from simulator.detect.context import DetectionContext
from simulator.moves import ALL_MOVES, HARMFUL
from simulator.scenario.model import VoiceSettings
from simulator.scenario.spoken import said_tail, vocabulary_of
from simulator.speech.audio import load_audio
from simulator.speech.tts import EspeakNgSynthesizer
from simulator.speech.whisper import WhisperRecognizer
from simulator.training.corpus import Utterance
from simulator.training.corpus_files import in_shipped_context, load_typed, scenario_contexts

ROOT = Path(__file__).resolve().parents[2]
# A spread of trainee voices: accent, sex and pace, picked per utterance by a stable hash.
VOICES = (
    VoiceSettings(language="en-us", gender="male", rate=165),
    VoiceSettings(language="en-gb", gender="female", variant="f3", rate=175),
    VoiceSettings(language="en-us", gender="female", variant="f2", rate=150),
    VoiceSettings(language="en-gb", gender="male", variant="m3", rate=185),
    VoiceSettings(language="en-gb-x-rp", gender="male", rate=160),
)


REDO_ALONE = "--redo decodes every utterance already done again; it takes no --only or --every"


def voice_for(key: str) -> VoiceSettings:
    return VOICES[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(VOICES)]


def context_vocabulary(context: DetectionContext, said: str = "") -> str:
    """The hint the game gives the recognizer (`recognition_vocabulary`), from a corpus item's context and
    what its customer said; with no customer name, only the customer's words."""
    if not context.customer_name:
        return said_tail(said)
    return vocabulary_of(context.customer_name, context.offers, context.key_details, said)


def labelled_with(typed: dict[str, Utterance], only: frozenset[str]) -> dict[str, Utterance]:
    """The utterances with a segment labelled with one of `only` (all of them when `only` is empty)."""
    if not only:
        return typed
    return {k: u for k, u in typed.items() if any(m in only for s in u.segments for m in s.moves)}


def wanted_moves(spec: str) -> frozenset[str]:
    """`--only`: comma-separated move names, "harmful" for every harmful move; ValueError on a typo."""
    only = {m.strip() for m in spec.split(",") if m.strip()}
    if "harmful" in only:
        only = (only - {"harmful"}) | set(HARMFUL)
    unknown = sorted(only - set(ALL_MOVES))
    if unknown:
        raise ValueError(f"unknown moves: {', '.join(unknown)}")
    return frozenset(only)


def round_trip(
    corpus_dir: Path,
    split: str,
    every: int = 1,
    whole: bool = False,
    limit: int | None = None,
    hint: bool = True,
    only: frozenset[str] = frozenset(),
    redo: bool = False,
    part: tuple[int, int] = (1, 1),
) -> Path:
    """Append `corpus/asr/<split>/<file>.jsonl` lines for utterances not yet done; returns the folder.
    With `hint`, Whisper hears with the scenario's vocabulary and the customer's words, as in the game; with
    `only`, just the utterances labelled with one of those moves (every Nth of them).

    With `redo`, the utterances already decoded are decoded again, each whole or by segments as before
    (after a change to the recognizer or its hint), into `<split>.redo/`, which replaces the folder once every
    one is done: the set stays the same, and an interrupted run goes on where it stopped. `part` (k, n)
    takes the k-th of n shares of the files, so n processes can share the work."""
    if redo and (only or every != 1):
        raise ValueError(REDO_ALONE)
    typed = labelled_with(load_typed(corpus_dir, split), only)
    live = scenario_contexts(ROOT / "scenarios")  # a shipped scenario's own words, as the game hears them
    judged = in_shipped_context(live, list(typed.values()))
    hints = {
        k: context_vocabulary(u.situation.context, " ".join(u.situation.heard))
        for k, u in zip(typed, judged, strict=True)
    }
    final_dir = corpus_dir / "asr" / split
    final_dir.mkdir(parents=True, exist_ok=True)
    out_dir = final_dir.with_name(split + ".redo") if redo else final_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    done = set(decoded_keys(out_dir))
    forms: dict[str, bool] = {}  # with `redo`: each utterance spoken as before, whole or segment by segment
    if redo:
        before = decoded_keys(final_dir)
        forms = {k: before[k] for k in typed if k in before}
        keys = list(forms)
    else:
        keys = [k for n, k in enumerate(typed) if n % every == 0]
    files = sorted({k.split("/")[0] for k in keys})  # shared out before any is done, so shares never shift
    mine = {f for n, f in enumerate(files) if n % part[1] == part[0] - 1}
    keys = [k for k in keys if k.split("/")[0] in mine and k not in done][:limit]
    print(f"{split}: {len(keys)} utterances to speak and decode", file=sys.stderr)
    tts = EspeakNgSynthesizer()
    asr = WhisperRecognizer(cpu_threads=1)
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "line.wav"
        for n, key in enumerate(keys):
            u = typed[key]
            voice = voice_for(key)
            spoken_whole = forms.get(key, whole)
            parts = [u.text] if spoken_whole else [s.text for s in u.segments]
            asr.use_vocabulary(hints[key] if hint else "")
            heard = []
            for text in parts:
                tts.render(text, voice, wav)
                heard.append(asr.transcribe(load_audio(wav)).text.strip())
            line: dict[str, object] = {
                "key": key,
                "voice": f"{voice.language}/{voice.variant or voice.gender}/{voice.rate}",
                "hint": hint,
                "customer_words": hint,  # the hint ends with what the customer said (round 28)
            }
            line["text" if spoken_whole else "segments"] = heard[0] if spoken_whole else heard
            target = out_dir / f"{key.split('/')[0]}.jsonl"
            with target.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            if n % 50 == 49:
                rate = (n + 1) / (time.time() - started)
                print(f"  {n + 1}/{len(keys)} ({rate:.1f}/s)", file=sys.stderr)
    if redo and decoded_keys(out_dir).keys() >= forms.keys():
        try:  # files are moved, never deleted: a share finishing at the same moment finds them gone
            for path in sorted(out_dir.glob("*.jsonl")):
                path.replace(final_dir / path.name)
            out_dir.rmdir()
        except OSError:
            return final_dir
        print(f"{split}: every transcript decoded again; {final_dir} replaced", file=sys.stderr)
    return final_dir


def decoded_keys(folder: Path) -> dict[str, bool]:
    """The utterances a folder of round-trip files holds: key -> spoken whole (else segment by segment)."""
    done: dict[str, bool] = {}
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                done[doc["key"]] = "text" in doc
    return done


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator.training.asr_roundtrip", description=__doc__)
    parser.add_argument("split", choices=("train", "dev", "holdout", "refit"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--every", type=int, default=1, help="take every Nth utterance")
    parser.add_argument("--whole", action="store_true", help="speak whole utterances (for evaluation sets)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--no-hint", action="store_true", help="decode without the scenario's vocabulary (the game gives it)"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated moves (or 'harmful'): speak only utterances labelled with one of them",
    )
    parser.add_argument(
        "--redo",
        action="store_true",
        help="decode the utterances already done again (after a change to the recognizer or its hint)",
    )
    parser.add_argument("--part", default="1/1", help="K/N: the K-th of N shares of the files (N at once)")
    args = parser.parse_args(argv)
    try:
        only = wanted_moves(args.only)
        share = re.fullmatch(r"(\d+)/(\d+)", args.part.strip())
        k, n = (int(share.group(1)), int(share.group(2))) if share else (0, 0)
        if not 1 <= k <= n:
            raise ValueError(f"--part {args.part}: expected K/N with 1 <= K <= N, e.g. 1/2")
        if args.redo and (only or args.every != 1):
            raise ValueError(REDO_ALONE)
    except ValueError as exc:
        parser.error(str(exc))
    round_trip(
        args.corpus,
        args.split,
        args.every,
        args.whole,
        args.limit,
        hint=not args.no_hint,
        only=only,
        redo=args.redo,
        part=(k, n),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
