"""Speech benchmark: WER, decode latency, load time, memory per recognizer; TTS render time.

Usage: python benchmarks/bench_speech.py [--audio-dir DIR] [--sweep] [--repeat N]
The audio dir holds real recordings and a REFERENCE.txt (file<TAB>group<TAB>text<TAB>source);
they are only read, never copied into the repo.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.scenario.model import VoiceSettings
from simulator.speech.audio import AudioClip, load_audio
from simulator.speech.recognizer import Recognizer

DEFAULT_AUDIO_DIR = Path("/work/shared/evaldata/audio")
CUSTOMER_PROMPT = (
    "Customer service call. Sorry about the late pizza, refund, voucher, manager, "
    "order number, printer, diet drink."
)
TRAINEE_ANSWERS = [
    "I'm so sorry your pizza was late, let me refund your order.",
    "I completely understand your frustration, waiting an hour when you're hungry is awful.",
    "Could you walk me through the steps you took with the printer?",
    "What would you like to happen? If it's in my power, I'll make it happen.",
    "Thank you for telling us, I will call you back tomorrow morning once it is fixed.",
    "You're right to be annoyed, our mistake cost you time and money.",
    "Can I have your order number so I can look into this right now?",
    "I'll fetch my manager for you straight away.",
]
CUSTOMER_LINES = [
    "Where is my pizza? I ordered it an hour ago and I'm starving!",
    "This printer is brand new and it won't print a single page.",
    "My son ended up in the emergency room because of your drinks.",
    "Don't you dare offer me a free meal after what happened.",
    "I want to speak to your manager right now.",
    "Fine. But if it happens again I'm never ordering from you.",
]
VOICES = ["en-us", "en-gb+m3", "en-us+f3"]
_SMALL = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SPELLING = {"mr": "mister", "mrs": "missus", "dr": "doctor", "oh": "zero", "ok": "okay"}


def _number(token: str) -> list[str]:
    value = int(token)
    if len(token) > 2 or (token.startswith("0") and len(token) > 1):
        return [_SMALL[int(d)] for d in token]
    if value < 20:
        return [_SMALL[value]]
    tens, ones = divmod(value, 10)
    return [_TENS[tens]] + ([_SMALL[ones]] if ones else [])


def normalize(text: str) -> list[str]:
    """Lowercase words, no punctuation, digits spelled out, common abbreviations expanded."""
    words: list[str] = []
    for raw in re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")):
        token = raw.strip("'")
        if not token:
            continue
        if token.isdigit():
            words.extend(_number(token))
        else:
            words.append(_SPELLING.get(token, token))
    return words


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(pairs: Sequence[tuple[str, str]]) -> float:
    errors = sum(edit_distance(normalize(r), normalize(h)) for r, h in pairs)
    total = sum(len(normalize(r)) for r, _ in pairs)
    return errors / total if total else 0.0


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rss_mb() -> float:
    """Current resident memory of this process (peak RSS if psutil is missing)."""
    try:
        import psutil  # type: ignore[import-untyped, unused-ignore]

        return float(psutil.Process().memory_info().rss) / 2**20
    except ImportError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        import psutil  # type: ignore[import-untyped, unused-ignore]

        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except Exception:
        return None


def read_reference(audio_dir: Path) -> list[tuple[Path, str, str]]:
    rows = []
    for line in (audio_dir / "REFERENCE.txt").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, group, text, *_ = line.split("\t")
        rows.append((audio_dir / name, group, text))
    return rows


def synth_answers(folder: Path) -> list[tuple[Path, str]]:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return []
    out = []
    for i, text in enumerate(TRAINEE_ANSWERS):
        voice = VOICES[i % len(VOICES)]
        path = folder / f"answer_{i}.wav"
        subprocess.run([espeak, "-v", voice, "-s", "150", "-w", str(path), text], check=True)
        out.append((path, text))
    return out


def run_set(recognizer: Recognizer, items: Sequence[tuple[AudioClip, str]]) -> dict[str, Any]:
    pairs, times = [], []
    for clip, ref in items:
        transcript = recognizer.transcribe(clip)
        pairs.append((ref, transcript.text))
        times.append(transcript.decode_s)
    return {"wer": wer(pairs), "median_s": statistics.median(times), "pairs": pairs}


def make_whisper(cache: Path, **options: Any) -> Recognizer:
    from simulator.speech.whisper import WhisperRecognizer

    return WhisperRecognizer(cache_dir=cache, **options)


def make_sphinx(cache: Path) -> Recognizer:
    from simulator.speech.sphinx import SphinxRecognizer

    return SphinxRecognizer()


def bench_recognizer(
    label: str,
    factory: Callable[[], Recognizer],
    real: list[tuple[AudioClip, str, str]],
    synthetic: list[tuple[AudioClip, str]],
    answer_4s: AudioClip | None,
    repeat: int,
    verbose: bool,
) -> None:
    before = rss_mb()
    recognizer = factory()
    started = time.perf_counter()
    recognizer.load()  # type: ignore[attr-defined]
    load_s = time.perf_counter() - started
    print(f"\n== {label} ==")
    print(f"model load: {load_s:.2f} s")
    for group in ("core", "extra"):
        items = [(clip, ref) for clip, g, ref in real if g == group]
        if items:
            result = run_set(recognizer, items)
            print(f"WER real/{group} ({len(items)} files): {result['wer']:.1%}")
            if verbose:
                for ref, hyp in result["pairs"]:
                    print(f"   ref: {ref}\n   hyp: {hyp}")
    if synthetic:
        result = run_set(recognizer, synthetic)
        print(f"WER espeak-ng answers ({len(synthetic)}): {result['wer']:.1%}")
        if verbose:
            for ref, hyp in result["pairs"]:
                print(f"   ref: {ref}\n   hyp: {hyp}")
    if answer_4s is not None:
        times = [recognizer.transcribe(answer_4s).decode_s for _ in range(repeat)]
        print(
            f"decode {answer_4s.duration_s:.1f} s answer: median {statistics.median(times):.2f} s,"
            f" p95 {pct(times, 0.95):.2f} s (n={repeat})"
        )
    if len(synthetic) >= 2:
        bench_streaming(recognizer, synthetic, max(2, repeat // 2))
    child = child_rss_mb(getattr(recognizer, "pid", None))
    memory = (
        f"process RSS {rss_mb():.0f} MB (was {before:.0f} MB before load; peak so far {peak_rss_mb():.0f} MB)"
    )
    if child is not None:
        memory += f", recognizer child process RSS {child:.0f} MB"
    print(memory)
    close = getattr(recognizer, "close", None)
    if callable(close):
        close()


def bench_streaming(recognizer: Recognizer, synthetic: list[tuple[AudioClip, str]], repeat: int) -> None:
    """Tail latency after the trainee stops: whole-answer decode vs decode-while-talking."""
    import numpy as np

    from simulator.speech.recognition_worker import (
        PartiallyRecognized,
        RecognitionWorker,
        Recognized,
    )

    class Shared:  # keeps the recognizer open when the worker closes
        name = recognizer.name
        accuracy_note = recognizer.accuracy_note
        transcribe = staticmethod(recognizer.transcribe)

    gap = np.zeros(int(0.5 * 16_000), np.float32)
    pairs = [synthetic[i : i + 2] for i in range(0, len(synthetic) - 1, 2)]
    plain, streamed, refs, hyps = [], [], [], []
    for index in range(repeat):
        (a, ref_a), (b, ref_b) = pairs[index % len(pairs)]
        full = AudioClip.from_array(np.concatenate([a.samples, gap, b.samples]))
        plain.append(recognizer.transcribe(full).decode_s)
        worker = RecognitionWorker(lambda: (Shared(), None))
        end = 0.5
        while end < full.duration_s:  # a live recording, fed in real time / 4
            worker.submit_partial("u", full.slice(0, end))
            time.sleep(0.125)
            end += 0.5
        deadline = time.monotonic() + 60
        events: list[object] = []
        while not events and time.monotonic() < deadline:  # let the first phrase finish
            events = [e for e in worker.poll() if isinstance(e, PartiallyRecognized)]
            time.sleep(0.02)
        started = time.perf_counter()
        worker.submit("u", full)
        final = None
        while final is None and time.monotonic() < deadline:
            final = next((e for e in worker.poll() if isinstance(e, Recognized)), None)
            time.sleep(0.005)
        streamed.append(time.perf_counter() - started)
        worker.close()
        refs.append(f"{ref_a} {ref_b}")
        hyps.append(final.text if final else "")
    print(
        f"~{full.duration_s:.0f} s two-phrase answer, wait after speaking: whole decode median "
        f"{statistics.median(plain):.2f} s; decode-while-talking median "
        f"{statistics.median(streamed):.2f} s, p95 {pct(streamed, 0.95):.2f} s "
        f"(WER {wer(list(zip(refs, hyps, strict=True))):.1%}, n={repeat})"
    )


def bench_join(cache: Path) -> None:
    from simulator.speech.whisper import prepare_bundled_model

    started = time.perf_counter()
    prepare_bundled_model(cache)
    first = time.perf_counter() - started
    started = time.perf_counter()
    prepare_bundled_model(cache)
    print(
        f"bundled model join + sha256: {first:.2f} s first run, "
        f"{time.perf_counter() - started:.4f} s when cached"
    )


def bench_tts(folder: Path, repeat: int) -> None:
    from simulator.speech.tts import EspeakNgSynthesizer, Pyttsx3Synthesizer, SynthesisError

    print("\n== TTS render (customer lines, 6 lines) ==")
    for make in (Pyttsx3Synthesizer, EspeakNgSynthesizer):
        try:
            synth = make()
        except (SynthesisError, ImportError) as exc:
            print(f"{make.__name__}: unavailable ({exc})")
            continue
        times = []
        for i in range(repeat):
            line = CUSTOMER_LINES[i % len(CUSTOMER_LINES)]
            started = time.perf_counter()
            synth.render(line, VoiceSettings(), folder / f"{synth.name}_{i}.wav")
            times.append(time.perf_counter() - started)
        print(
            f"{synth.name}: median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {pct(times, 0.95) * 1000:.0f} ms (n={repeat})"
        )


def sweep(cache: Path, real: list[tuple[AudioClip, str, str]], synthetic: list) -> None:
    """Whisper option sweep used to choose the defaults."""
    options: list[dict[str, Any]] = [
        {"beam_size": 1},
        {"beam_size": 2},
        {"beam_size": 5},
        {"beam_size": 1, "vad_filter": True},
        {"beam_size": 1, "initial_prompt": CUSTOMER_PROMPT},
        {"beam_size": 1, "cpu_threads": 1},
    ]
    core = [(c, r) for c, g, r in real if g == "core"]
    extra = [(c, r) for c, g, r in real if g == "extra"]
    print("\n== Whisper option sweep ==")
    for option in options:
        recognizer = make_whisper(cache, **option)
        shown = {k: ("customer" if k == "initial_prompt" else v) for k, v in option.items()}
        parts = []
        for name, items in (("core", core), ("extra", extra), ("espeak", synthetic)):
            if items:
                result = run_set(recognizer, items)
                parts.append(f"{name} WER {result['wer']:.1%} ({result['median_s']:.2f} s)")
        print(f"{shown}: " + ", ".join(parts))
        getattr(recognizer, "close", lambda: None)()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio-dir", type=Path, default=DEFAULT_AUDIO_DIR)
    parser.add_argument(
        "--recognizers",
        default="whisper,whisper-full-window,sphinx",
        help="whisper (short encoder window, the default), whisper-full-window (30 s), sphinx",
    )
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sweep", action="store_true", help="compare Whisper options")
    parser.add_argument("--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-speech-"))
    try:
        real = []
        if (args.audio_dir / "REFERENCE.txt").exists():
            real = [(load_audio(p), g, t) for p, g, t in read_reference(args.audio_dir)]
        else:
            print(f"no REFERENCE.txt in {args.audio_dir}: real-speech WER skipped")
        synth_files = synth_answers(work)
        synthetic = [(load_audio(p), t) for p, t in synth_files]
        answer_4s = synthetic[0][0] if synthetic else None
        print(f"real files: {len(real)}, synthetic answers: {len(synthetic)}")
        cache = work / "cache"
        names = [n.strip() for n in args.recognizers.split(",") if n.strip()]
        if "whisper" in names:
            bench_join(cache)
        if args.sweep:
            sweep(cache, real, synthetic)
        for name in names:
            factory = {
                "whisper": lambda: make_whisper(cache),
                "whisper-full-window": lambda: make_whisper(cache, window_s=None),
                "sphinx": lambda: make_sphinx(cache),
            }
            bench_recognizer(name, factory[name], real, synthetic, answer_4s, args.repeat, args.verbose)
        bench_tts(work, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
