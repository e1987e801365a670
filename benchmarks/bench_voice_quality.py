"""How understandable the customer is: Whisper's word error rate on the neural voice beside espeak-ng's.

    python benchmarks/bench_voice_quality.py [--lines N]

Each shipped scenario's opening and first reaction lines are spoken in that customer's voice, once
by Kokoro (its neural voice) and once by espeak-ng (its fallback settings), and transcribed by the
bundled Whisper base model. Also reports Kokoro's real-time factor (render seconds / audio seconds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speech import wer

from simulator.content_files import default_scenarios_dir, load_library
from simulator.speech.audio import load_audio, wav_duration
from simulator.speech.neural import KokoroSynthesizer
from simulator.speech.tts import EspeakNgSynthesizer
from simulator.speech.whisper import WhisperRecognizer


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2, help="lines per scenario")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hotseat-voice-quality-"))
    scenarios = load_library([default_scenarios_dir()]).scenarios
    kokoro = KokoroSynthesizer(folder / "cache", threads=2)
    espeak = EspeakNgSynthesizer()
    whisper = WhisperRecognizer(cache_dir=Path(tempfile.gettempdir()) / "hotseat-models")
    pairs: dict[str, list[tuple[str, str]]] = {"kokoro": [], "espeak-ng": []}
    rtf: list[float] = []
    for sid, scenario in sorted(scenarios.items()):
        reactions = [band[0] for bands in scenario.lines.reactions.values() for band in bands.values()]
        lines = [scenario.lines.opening[0], *reactions]
        for i, text in enumerate(lines[: args.lines]):
            for name, engine in (("kokoro", kokoro), ("espeak-ng", espeak)):
                out = folder / f"{sid}-{i}-{name}.wav"
                started = time.perf_counter()
                engine.render(text, scenario.customer.voice, out)
                took = time.perf_counter() - started
                if name == "kokoro":
                    rtf.append(took / max(0.1, wav_duration(out)))
                heard = whisper.transcribe(load_audio(out)).text
                pairs[name].append((text, heard))
        print(f"{sid}: {len(lines[: args.lines])} lines", file=sys.stderr)
    whisper.close()
    for name, got in pairs.items():
        print(f"Whisper WER on {name:<9} {wer(got) * 100:5.1f}%  ({len(got)} customer lines)")
    median, worst_rtf = statistics.median(rtf), max(rtf)
    print(f"Kokoro render (2 threads): real-time factor median {median:.2f}, max {worst_rtf:.2f}")
    worst = max(pairs["kokoro"], key=lambda p: wer([p]))
    print(f"hardest Kokoro line: {worst[0]!r} -> {worst[1]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
