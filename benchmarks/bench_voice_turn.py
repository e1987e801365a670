"""Benchmark: end of the trainee's speech -> first sound of the customer's reply, stage by stage.

A ~4 s spoken answer (espeak-ng) goes through the game's real parts: end-pointing, Whisper
recognition (loaded once), move detection + the customer model, speech synthesis of the reply
(uncached) and the start of playback through pygame.mixer (dummy audio driver). With
push-to-talk the end of speech is the key release, so end-pointing costs nothing; hands-free
waits for the end-of-speech pause. "Streaming" decodes the phrases before the last pause
while the trainee is still talking, so only the tail is decoded after they stop.
Target: median <= 1.0 s for a 4-second answer with push-to-talk.

--tts neural: the reply goes through the game's neural voice pipeline (Kokoro on its worker thread,
espeak-ng past the latency budget); "synthesis" is then request -> first playable part, measured on
a cold cache (a line never rendered) and on a warm one (the same line again), and Kokoro alone
(no fallback) is timed too. Peak memory then includes Whisper and Kokoro loaded together.
"""

from __future__ import annotations

import argparse
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

from simulator.content_files import default_scenarios_dir, load_library
from simulator.play import new_conversation
from simulator.scenario.spoken import recognition_vocabulary
from simulator.speech.audio import AudioClip, load_audio
from simulator.speech.neural_worker import NeuralVoice
from simulator.speech.recognition_worker import RecognitionWorker, Recognized, RecognizerReady
from simulator.speech.stt import choose_recognizer
from simulator.speech.tts import make_synthesizer
from simulator.speech.tts_worker import LineReady, TtsWorker

ANSWER = "I'm so sorry Dana, your pizza was late. Let me refund your order right now."
HANDS_FREE_PAUSE_S = 0.8  # SpeechRecognition's pause_threshold: silence that ends an answer
TRAILING_PAUSE_S = 0.5  # a trainee lets go of SPACE about half a second after the last word
RUNS = 6
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")


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


def first_part_ms(voice: NeuralVoice, line_id: str, text: str, settings: object) -> tuple[float, str]:
    """Request a line; ms until its first playable part, and which engine gave it."""
    started = time.perf_counter()
    voice.request(line_id, text, settings)  # type: ignore[arg-type]
    while True:
        for event in voice.poll():
            if isinstance(event, LineReady) and event.line_id == line_id:
                engine = "kokoro" if "kokoro" in str(event.wav_path.parent) else "fallback"
                return (time.perf_counter() - started) * 1000, engine
        time.sleep(0.002)


def drain(voice: NeuralVoice, seconds: float) -> None:
    """Let the worker finish the rest of a line (the next turn starts from a quiet worker)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        voice.poll()
        time.sleep(0.01)


def main() -> None:
    import pygame

    parser = argparse.ArgumentParser()
    parser.add_argument("--tts", choices=("espeak", "neural"), default="espeak")
    args = parser.parse_args()
    neural = args.tts == "neural"

    pygame.mixer.init()
    scenario = load_library([default_scenarios_dir()]).scenarios["late-pizza"]
    folder = Path(tempfile.mkdtemp(prefix="hotseat-bench-"))
    clip = spoken_answer(folder)
    start = time.perf_counter()
    models = Path(tempfile.gettempdir()) / "hotseat-models"
    worker = RecognitionWorker(lambda: choose_recognizer("auto", models))
    # as the game does during a conversation: the scenario's words, then the customer's line being answered
    worker.set_vocabulary(recognition_vocabulary(scenario, scenario.lines.opening[0]))
    while not (ready := [e for e in worker.poll() if isinstance(e, RecognizerReady)]):
        time.sleep(0.01)
    load_s = time.perf_counter() - start
    synthesizer = make_synthesizer()
    # The game loads these at start-up, before any answer: warm them up the same way.
    new_conversation(scenario).respond("warm up the move detector")
    synthesizer.render("Warm up.", scenario.customer.voice, folder / "warmup.wav")
    voice = scenario.customer.voice
    pipeline = alone = None
    if neural:  # one model in memory, shared by the game's pipeline and the Kokoro-only timing
        from simulator.speech.neural import KokoroSynthesizer

        kokoro = KokoroSynthesizer(folder / "tts")
        fallback = TtsWorker(folder / "fallback")
        pipeline = NeuralVoice(lambda: kokoro, fallback, cache_probe=kokoro.sentence_path)
        alone = NeuralVoice(lambda: kokoro, None)
    if pipeline is not None and alone is not None:
        first_part_ms(pipeline, "warm-up", "Warm up the voice.", voice)
        first_part_ms(alone, "warm-up", "Warm up the voice.", voice)
        drain(pipeline, 3.0)
    cold_engines: list[str] = []
    print(
        f"answer: {clip.duration_s:.1f} s including a {TRAILING_PAUSE_S} s pause before the key is released"
    )
    print(f"recognizer: {ready[0].name} (loaded in {load_s:.1f} s)")
    stages: dict[str, list[float]] = {k: [] for k in ("recognition", "recognition_streaming", "scoring",
                                                       "synthesis", "synthesis_warm", "kokoro_alone",
                                                       "playback_start")}  # fmt: skip
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
        scoring_s = t3 - t2
        out = folder / f"reply-{run}.wav"
        # a first sentence never rendered before: a cold cache
        line = f"Honestly, that is {NUMBERS[run]} times now. {reply}"
        if pipeline is not None and alone is not None:
            ms, engine = first_part_ms(pipeline, f"cold-{run}", line, voice)
            cold_engines.append(engine)
            drain(pipeline, 10.0)
            stages["synthesis_warm"].append(first_part_ms(pipeline, f"warm-{run}", line, voice)[0])
            alone_line = f"Seriously, {NUMBERS[run]} times, it is not on."
            stages["kokoro_alone"].append(first_part_ms(alone, f"alone-{run}", alone_line, voice)[0])
            drain(alone, 10.0)
            out = folder / "warmup.wav"
            t4 = time.perf_counter()
            stages["scoring"].append(scoring_s * 1000)
            sound = pygame.mixer.Sound(str(out))
            sound.play()
            stages["synthesis"].append(ms)
            stages["playback_start"].append((time.perf_counter() - t4) * 1000)
            sound.stop()
            continue
        synthesizer.render(line, voice, out)
        t4 = time.perf_counter()
        sound = pygame.mixer.Sound(str(out))
        sound.play()
        t5 = time.perf_counter()
        sound.stop()
        for key, value in (("scoring", t3 - t2), ("synthesis", t4 - t3), ("playback_start", t5 - t4)):
            stages[key].append(value * 1000)
    worker.close()
    print(f"last transcript: {text!r}")
    if neural:
        print(f"voice: neural ({voice.name}); cold lines spoken first by: {', '.join(cold_engines)}")
    for key, values in stages.items():
        if not values:
            continue
        print(f"  {key:<22} median {statistics.median(values):7.0f} ms   p95 {p95(values):7.0f} ms")
    rest = [s + y + p for s, y, p in zip(stages["scoring"], stages["synthesis"], stages["playback_start"],
                                         strict=True)]  # fmt: skip
    plain = [r + x for r, x in zip(stages["recognition"], rest, strict=True)]
    streaming = [r + x for r, x in zip(stages["recognition_streaming"], rest, strict=True)]
    hands_free = [HANDS_FREE_PAUSE_S * 1000 + t for t in streaming]
    if neural:
        warm = [r + s + x for r, s, x in zip(stages["recognition_streaming"], stages["scoring"],
                                             stages["synthesis_warm"], strict=True)]  # fmt: skip
        print(f"end of speech -> first sound, neural voice, warm cache (streaming) median "
              f"{statistics.median(warm):6.0f} ms  p95 {p95(warm):6.0f} ms")  # fmt: skip
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
    target = 800 if neural else 600
    print(f"peak resident memory during voice turns: {rss_mb:.0f} MB (target <= {target} MB)")
    for closing in (pipeline, alone):
        if closing is not None:
            closing.close()


if __name__ == "__main__":
    main()
