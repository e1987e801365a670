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

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

from _timing import p95

from simulator.play import new_conversation
from simulator.scenario.loader import default_scenarios_dir, load_library
from simulator.speech.audio import AudioClip, load_audio
from simulator.speech.recognition_worker import RecognitionWorker, Recognized, RecognizerReady
from simulator.speech.stt import choose_recognizer
from simulator.speech.tts import make_synthesizer

ANSWER = "I'm so sorry Dana, your pizza was late. Let me refund your order right now."
HANDS_FREE_PAUSE_S = 0.8  # SpeechRecognition's pause_threshold: silence that ends an answer
TRAILING_PAUSE_S = 0.5  # a trainee lets go of SPACE about half a second after the last word
RUNS = 6


def spoken_answer(folder: Path) -> AudioClip:
    wav = folder / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), ANSWER], check=True, capture_output=True)
    clip = load_audio(wav)
    pause = np.zeros(int(TRAILING_PAUSE_S * clip.sample_rate), np.float32)
    return AudioClip.from_array(np.concatenate([clip.samples, pause]), clip.sample_rate)


def release_to_text(worker: RecognitionWorker, clip: AudioClip, stream: bool, tag: str) -> tuple[float, str]:
    """Play the answer in real time (partials every 0.5 s if streaming); time from key release to text."""
    began = time.perf_counter()
    if stream:
        step = 0.5
        t = step
        while t < clip.duration_s:
            time.sleep(max(0.0, began + t - time.perf_counter()))
            worker.submit_partial(tag, clip.slice(0.0, t))
            t += step
    time.sleep(max(0.0, began + clip.duration_s - time.perf_counter()))
    released = time.perf_counter()
    worker.submit(tag, clip)
    while True:
        for event in worker.poll():
            if isinstance(event, Recognized) and event.utterance_id == tag:
                return (time.perf_counter() - released) * 1000, event.text
        time.sleep(0.002)


def main() -> None:
    import pygame

    pygame.mixer.init()
    scenario = load_library([default_scenarios_dir()]).scenarios["late-pizza"]
    folder = Path(tempfile.mkdtemp(prefix="hotseat-bench-"))
    clip = spoken_answer(folder)
    start = time.perf_counter()
    models = Path(tempfile.gettempdir()) / "hotseat-models"
    worker = RecognitionWorker(lambda: choose_recognizer("auto", models))
    while not (ready := [e for e in worker.poll() if isinstance(e, RecognizerReady)]):
        time.sleep(0.01)
    load_s = time.perf_counter() - start
    synthesizer = make_synthesizer()
    # The game loads these at start-up, before any answer: warm them up the same way.
    new_conversation(scenario).respond("warm up the move detector")
    synthesizer.render("Warm up.", scenario.customer.voice, folder / "warmup.wav")
    print(
        f"answer: {clip.duration_s:.1f} s including a {TRAILING_PAUSE_S} s pause before the key is released"
    )
    print(f"recognizer: {ready[0].name} (loaded in {load_s:.1f} s)")
    stages: dict[str, list[float]] = {k: [] for k in ("recognition", "recognition_streaming", "scoring",
                                                       "synthesis", "playback_start")}  # fmt: skip
    text = ""
    for run in range(RUNS):
        stages["recognition"].append(release_to_text(worker, clip, False, f"plain-{run}")[0])
        ms, text = release_to_text(worker, clip, True, f"stream-{run}")
        stages["recognition_streaming"].append(ms)
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
        for key, value in (("scoring", t3 - t2), ("synthesis", t4 - t3), ("playback_start", t5 - t4)):
            stages[key].append(value * 1000)
    worker.close()
    print(f"last transcript: {text!r}")
    for key, values in stages.items():
        print(f"  {key:<22} median {statistics.median(values):7.0f} ms   p95 {p95(values):7.0f} ms")
    rest = [s + y + p for s, y, p in zip(stages["scoring"], stages["synthesis"], stages["playback_start"],
                                         strict=True)]  # fmt: skip
    plain = [r + x for r, x in zip(stages["recognition"], rest, strict=True)]
    streaming = [r + x for r, x in zip(stages["recognition_streaming"], rest, strict=True)]
    hands_free = [HANDS_FREE_PAUSE_S * 1000 + t for t in streaming]
    for name, values, target in (("push-to-talk, decoded after release", plain, None),
                                 ("push-to-talk, decoded while talking", streaming, 1000.0),
                                 ("hands-free (+0.8 s end-of-speech wait)", hands_free, None)):  # fmt: skip
        med = statistics.median(values)
        verdict = f"  target {target:g} ms: {'OK' if med <= target else 'MISSED'}" if target else ""
        print(
            f"end of speech -> first sound, {name:<40} median {med:6.0f} ms  p95 {p95(values):6.0f} ms",
            verdict,
        )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory during voice turns: {rss_mb:.0f} MB (target <= 600 MB)")


if __name__ == "__main__":
    main()
