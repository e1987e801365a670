"""Benchmark: end of the trainee's speech -> first sound of the customer's reply, stage by stage.

A ~4 s spoken answer (espeak-ng) goes through the game's real parts: end-pointing, Whisper
recognition (loaded once), move detection + the customer model, speech synthesis of the reply
(uncached) and the start of playback through pygame.mixer (dummy audio driver). With
push-to-talk the end of speech is the key release, so end-pointing costs nothing; hands-free
waits for the end-of-speech pause. "Streaming" decodes the phrases before the last pause
while the trainee is still talking, so only the tail is decoded after they stop.
Target: median <= 1.0 s for a 4-second answer with push-to-talk.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from _timing import p95

from simulator.play import new_conversation
from simulator.scenario.loader import default_scenarios_dir, load_library
from simulator.speech.audio import AudioClip, load_audio
from simulator.speech.stt import choose_recognizer
from simulator.speech.tts import make_synthesizer
from simulator.speech.vad import pause_points

ANSWER = "I'm so sorry Dana, your pizza was late. Let me refund your order right now."
HANDS_FREE_PAUSE_S = 0.8  # SpeechRecognition's pause_threshold: silence that ends an answer
RUNS = 8


def spoken_answer(folder: Path) -> AudioClip:
    wav = folder / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), ANSWER], check=True, capture_output=True)
    return load_audio(wav)


def main() -> None:
    import pygame

    pygame.mixer.init()
    scenario = load_library([default_scenarios_dir()]).scenarios["late-pizza"]
    folder = Path(tempfile.mkdtemp(prefix="hotseat-bench-"))
    clip = spoken_answer(folder)
    start = time.perf_counter()
    recognizer, notice = choose_recognizer("auto", Path(tempfile.gettempdir()) / "hotseat-models")
    load_s = time.perf_counter() - start
    synthesizer = make_synthesizer()
    print(f"answer: {clip.duration_s:.1f} s; recognizer: {recognizer.name} (loaded in {load_s:.1f} s)"
          + (f"; {notice}" if notice else ""))  # fmt: skip
    pauses = [p for p in pause_points(clip, 0.25) if p < clip.duration_s - 0.5]
    split = pauses[-1] if pauses else 0.0
    stages: dict[str, list[float]] = {k: [] for k in ("recognition", "recognition_tail", "scoring",
                                                       "synthesis", "playback_start")}  # fmt: skip
    for run in range(RUNS):
        t0 = time.perf_counter()
        text = recognizer.transcribe(clip).text
        t1 = time.perf_counter()
        if split:
            recognizer.transcribe(clip.slice(split, clip.duration_s))
        t2 = time.perf_counter()
        conversation = new_conversation(scenario, seed=run)
        conversation.start()
        reply = conversation.respond(text or ANSWER)[-1].text
        t3 = time.perf_counter()
        out = folder / f"reply-{run}.wav"
        synthesizer.render(f"{reply} ({run})", scenario.customer.voice, out)
        t4 = time.perf_counter()
        sound = pygame.mixer.Sound(str(out))
        sound.play()
        t5 = time.perf_counter()
        sound.stop()
        for key, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            stages[key].append(value * 1000)
    print(f"last transcript: {text!r}")
    for key, values in stages.items():
        print(f"  {key:<18} median {statistics.median(values):7.0f} ms   p95 {p95(values):7.0f} ms")
    rest = [s + y + p for s, y, p in zip(stages["scoring"], stages["synthesis"], stages["playback_start"],
                                         strict=True)]  # fmt: skip
    ptt = [r + rest_ms for r, rest_ms in zip(stages["recognition"], rest, strict=True)]
    streaming = [r + rest_ms for r, rest_ms in zip(stages["recognition_tail"], rest, strict=True)]
    hands_free = [HANDS_FREE_PAUSE_S * 1000 + t for t in streaming]
    for name, values in (("push-to-talk, whole answer decoded", ptt),
                         ("push-to-talk, streaming (tail decoded)", streaming),
                         ("hands-free, streaming (+0.8 s end-pointing)", hands_free)):  # fmt: skip
        med = statistics.median(values)
        verdict = "OK" if med <= 1000 or "hands-free" in name else "MISSED"
        print(f"end of speech -> first sound, {name:<44} median {med:6.0f} ms  p95 {p95(values):6.0f} ms"
              + ("" if "hands-free" in name else f"  target 1000 ms: {verdict}"))  # fmt: skip
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory during voice turns: {rss_mb:.0f} MB (target <= 600 MB)")
    close = getattr(recognizer, "close", None)
    if callable(close):
        close()


if __name__ == "__main__":
    main()
