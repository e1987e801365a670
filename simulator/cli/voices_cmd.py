"""`hotseat voices`: list the customer voices, say a line to a WAV, render a library ahead of time."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from simulator.content import find_scenario, library
from simulator.errors import UserError
from simulator.scenario.model import Scenario, VoiceSettings
from simulator.settings import Settings
from simulator.voices import KOKORO_VOICES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("voices", help="customer voices: list, say a line, prepare a library ahead of time")
    vsub = p.add_subparsers(dest="voices_command", metavar="ACTION", required=True)

    q = vsub.add_parser("list", help="the neural voices shipped, and which scenario uses which")
    q.set_defaults(handler=cmd_list)

    q = vsub.add_parser("say", help="speak one line in a scenario's customer voice to a WAV file")
    q.add_argument("text", metavar="TEXT")
    q.add_argument("--scenario", metavar="ID", help="whose voice (default: a neutral American voice)")
    q.add_argument("--voice", metavar="NAME", help="a neural voice name instead of the scenario's")
    q.add_argument("--out", type=Path, required=True, metavar="FILE.wav")
    q.add_argument("--engine", choices=("auto", "kokoro", "espeak"), default="auto",
                   help="auto: the neural voice when installed, else espeak-ng")  # fmt: skip
    q.add_argument("--json", action="store_true", help='print {"engine", "voice", "seconds"}')
    q.set_defaults(handler=cmd_say)

    q = vsub.add_parser("prepare", help="render every customer line with the neural voice (disk cache)")
    q.add_argument("scenario_ids", nargs="*", metavar="SCENARIO", help="default: the whole library")
    q.add_argument("--threads", type=int, default=2, metavar="N", help="CPU threads for the model")
    q.set_defaults(handler=cmd_prepare)


def tts_cache(settings: Settings) -> Path:
    """Where the game keeps rendered lines (the same folder the app uses)."""
    return settings.cache_dir / "tts"


def _voice(args: argparse.Namespace, settings: Settings) -> VoiceSettings:
    voice = find_scenario(settings, args.scenario).customer.voice if args.scenario else VoiceSettings()
    if args.voice:
        if args.voice not in KOKORO_VOICES:
            raise UserError(f"unknown voice '{args.voice}' (known: {', '.join(KOKORO_VOICES)})")
        voice = VoiceSettings(**{**_fields(voice), "name": args.voice})
    return voice


def _fields(voice: VoiceSettings) -> dict[str, object]:
    return {name: getattr(voice, name) for name in VoiceSettings.__slots__}


def cmd_say(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.speech.audio import wav_duration
    from simulator.speech.kokoro_assets import NeuralVoiceUnavailable, neural_problem
    from simulator.speech.tts import SynthesisError, make_synthesizer

    text = " ".join(args.text.split())
    if not text:
        raise UserError("nothing to say: TEXT is empty")
    voice = _voice(args, settings)
    out: Path = args.out
    if out.is_dir():
        raise UserError(f"--out {out} is a folder; give a file name ending in .wav")
    engine_name, voice_name = "", ""
    try:
        if args.engine != "espeak":
            problem = neural_problem()
            if problem is None:
                try:
                    engine_name, voice_name = _say_neural(text, voice, out, settings)
                except NeuralVoiceUnavailable as exc:
                    problem = str(exc)
            if problem is not None:
                if args.engine == "kokoro":
                    raise UserError(problem)
                print(f"hotseat: warning: {problem} Using espeak-ng.", file=sys.stderr)
        if not engine_name:
            synth = make_synthesizer()
            synth.render(text, voice, out)
            engine_name = synth.name
            pick = getattr(getattr(synth, "primary", synth), "pick_voice", None)
            voice_name = str(pick(voice) if pick else "") or f"{voice.language}+{voice.gender}"
    except SynthesisError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    seconds = round(wav_duration(out), 3)
    if args.json:
        print(json.dumps({"engine": engine_name, "voice": voice_name, "seconds": seconds}))
    else:
        print(f"{out}: {seconds:.2f} s, {engine_name} voice {voice_name}")
    return 0


def _say_neural(text: str, voice: VoiceSettings, out: Path, settings: Settings) -> tuple[str, str]:
    from simulator.speech.neural import KokoroSynthesizer, neural_voice

    synth = KokoroSynthesizer(tts_cache(settings), threads=2)
    synth.render(text, voice, out)
    return synth.name, neural_voice(voice).name


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.speech.kokoro_assets import neural_problem
    from simulator.speech.neural import neural_voice

    users: dict[str, list[str]] = {}
    for scenario in library(settings).scenarios.values():
        users.setdefault(neural_voice(scenario.customer.voice).name, []).append(scenario.id)
    for info in KOKORO_VOICES.values():
        used = ", ".join(sorted(users.get(info.name, []))) or "-"
        print(f"{info.name:<12} {info.gender:<6} {info.accent:<6} {info.description:<40} {used}")
    problem = neural_problem()
    print(f"\nNeural voice: {'ready' if problem is None else problem}")
    return 0


def _scenarios(args: argparse.Namespace, settings: Settings) -> list[Scenario]:
    if args.scenario_ids:
        return [find_scenario(settings, sid) for sid in args.scenario_ids]
    lib = library(settings)
    for error in lib.errors:
        print(f"hotseat: warning: skipped: {error}", file=sys.stderr)
    return sorted(lib.scenarios.values(), key=lambda s: s.id)


def cmd_prepare(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.scenario.spoken import all_lines
    from simulator.speech.kokoro_assets import NeuralVoiceUnavailable, neural_problem
    from simulator.speech.neural import KokoroSynthesizer
    from simulator.speech.sentences import split_sentences
    from simulator.speech.tts import SynthesisError

    scenarios = _scenarios(args, settings)
    problem = neural_problem()
    if problem is not None:
        raise UserError(problem)
    try:
        synth = KokoroSynthesizer(tts_cache(settings), threads=max(1, args.threads))
    except NeuralVoiceUnavailable as exc:
        raise UserError(str(exc)) from exc
    total_new = failures = 0
    for scenario in scenarios:
        voice = scenario.customer.voice
        sentences = list(dict.fromkeys(s for line in all_lines(scenario) for s in split_sentences(line)))
        todo = [s for s in sentences if not synth.sentence_path(s, voice).is_file()]
        print(f"{scenario.id}: {len(sentences)} sentences, {len(sentences) - len(todo)} ready, "
              f"rendering {len(todo)}", flush=True)  # fmt: skip
        started = time.monotonic()
        for i, sentence in enumerate(todo, 1):
            try:
                synth.render_sentence(sentence, voice)
            except SynthesisError as exc:
                failures += 1
                print(f"  could not render {sentence!r}: {exc}", file=sys.stderr)
            if i % 20 == 0 or i == len(todo):
                print(f"  {i}/{len(todo)} ({time.monotonic() - started:.0f} s)", flush=True)
        total_new += len(todo)
    print(f"Done: {total_new} sentences rendered into {synth.sentence_dir}"
          + (f"; {failures} failed" if failures else ""))  # fmt: skip
    return 1 if failures else 0
