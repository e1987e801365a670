"""Frame time of the game during voice turns with busy workers, start-up time to the menu, idle CPU.

    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy python benchmarks/bench_frame.py [--turns 6] [--sphinx]

Default recognizer: a fake that burns CPU in Python for --decode-s per clip (worst case: it holds
the GIL, like a pure-Python decoder). --sphinx uses the real Sphinx recognizer (a subprocess).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pygame

from simulator.app.app import App
from simulator.app.devices import FakeMic, MixerPlayer
from simulator.app.prefs import AppPrefs
from simulator.app.scenes.conversation import ConversationScene
from simulator.app.scenes.menu import MenuScene
from simulator.app.voice import TtsLike, VoiceIO
from simulator.content import find_scenario
from simulator.settings import Settings
from simulator.speech.audio import AudioClip, load_audio
from simulator.speech.neural_worker import kokoro_voice
from simulator.speech.recognition_worker import RecognitionWorker
from simulator.speech.recognizer import Recognizer, Transcript
from simulator.speech.tts import FakeSynthesizer, make_synthesizer
from simulator.speech.tts_worker import TtsWorker

ANSWERS = [
    "I'm so sorry Dana",
    "what time did you order",
    "I will refund your order",
    "thank you for telling me",
]


class BusyRecognizer:
    name = "busy-fake"
    accuracy_note = "CPU-burning fake."

    def __init__(self, decode_s: float) -> None:
        self.decode_s = decode_s
        self.calls = 0

    def transcribe(self, clip: AudioClip) -> Transcript:
        end = time.perf_counter() + self.decode_s
        x = 0
        while time.perf_counter() < end:
            x += 1
        self.calls += 1
        return Transcript.of(ANSWERS[(self.calls - 1) % len(ANSWERS)], self.decode_s)


def clip(seconds: float = 2.0) -> AudioClip:
    t = np.arange(int(16_000 * seconds)) / 16_000
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t))
    return AudioClip.from_array(tone.astype(np.float32))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--decode-s", type=float, default=0.8)
    parser.add_argument("--sphinx", action="store_true", help="use the real Sphinx recognizer")
    parser.add_argument("--wav", type=Path, help="a spoken answer to feed (with --sphinx)")
    parser.add_argument("--real-tts", action="store_true", help="render lines with the real engine")
    parser.add_argument(
        "--neural", action="store_true", help="the neural voice (Kokoro renders and prefetches on its thread)"
    )
    parser.add_argument(
        "--idle-s", type=float, default=3.0, help="seconds of idle CPU measurement per screen"
    )
    parser.add_argument("--launches", type=int, default=5, help="game launches to time to the menu")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-frame-"))
    settings = Settings(data_dir=tmp / "data", cache_dir=tmp / "cache")

    def loader() -> tuple[Recognizer, str | None]:
        if args.sphinx:
            from simulator.speech.stt import choose_recognizer

            return choose_recognizer("sphinx", tmp)
        return BusyRecognizer(args.decode_s), None

    answer = load_audio(args.wav) if args.wav else clip()
    started = time.perf_counter()

    def tts() -> TtsLike:
        worker = TtsWorker(tmp / "tts", make_synthesizer if args.real_tts or args.neural else FakeSynthesizer)
        return kokoro_voice(tmp / "tts", worker) if args.neural else worker

    voice = VoiceIO(
        tts_factory=tts,
        recognizer_factory=lambda pref: RecognitionWorker(loader),
        mic=FakeMic(clips=[answer] * (args.turns + 1)),
        player=MixerPlayer(),
        tts_notice=None,
    )
    app = App(settings, voice=voice, prefs=AppPrefs(), prefs_path=tmp / "prefs.json")
    app.push(MenuScene(app))
    app.step([], 0.016)
    pygame.display.flip()
    startup = time.perf_counter() - started
    menu_until = time.perf_counter() + 2.0  # a trainee spends a moment on the menu (detector warm-up)
    while (
        voice.mic_state == "checking"
        or voice.recognizer_state == "loading"
        or time.perf_counter() < menu_until
    ):
        app.step([], 0.016)
        time.sleep(0.01)
    scene = ConversationScene(app, find_scenario(settings, "late-pizza"))
    app.push(scene)
    frames: list[float] = []

    def frame(events: list[pygame.event.Event]) -> None:
        t0 = time.perf_counter()
        app.step(events, 1 / 60)
        pygame.display.flip()
        frames.append(time.perf_counter() - t0)
        time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - t0)))

    space = pygame.K_SPACE
    for turn in range(args.turns):
        if scene.ended is not None:
            break
        done = len(scene.conversation.trainee_turns) + len(
            [b for b in scene.bubbles if b.speaker == "prompt"]
        )
        frame([pygame.event.Event(pygame.KEYDOWN, key=space, mod=0, unicode=" ")])
        for _ in range(20):
            frame([])
        frame([pygame.event.Event(pygame.KEYUP, key=space, mod=0, unicode=" ")])
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            frame([])
            heard = len(scene.conversation.trainee_turns) + len(
                [b for b in scene.bubbles if b.speaker == "prompt"]
            )
            if heard > done:
                break
        for _ in range(10):
            frame([])
        print(f"turn {turn + 1}: {len(frames)} frames so far", file=sys.stderr)
    app.close()
    ms = sorted(f * 1000 for f in frames)
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    recognizer = "sphinx" if args.sphinx else f"busy fake ({args.decode_s}s CPU per clip)"
    tts_name = "neural (Kokoro + espeak-ng)" if args.neural else "espeak-ng" if args.real_tts else "fake"
    print(f"recognizer: {recognizer}; voice: {tts_name}; frames: {len(ms)}")
    print(
        f"frame time ms: p50 {p(0.5):.2f}  p90 {p(0.9):.2f}  p99 {p(0.99):.2f}  "
        f"max {ms[-1]:.2f}  mean {statistics.mean(ms):.2f}"
    )
    print(f"start-up to first menu frame: {startup * 1000:.0f} ms")
    for scene in ("menu", "select", "settings"):
        cpu, frames_per_s = idle_cpu(settings, tmp, scene, args.idle_s)
        print(
            f"idle CPU on the {scene} ({args.idle_s:.0f} s, real loop): "
            f"{cpu:.1f}% of a core, {frames_per_s:.1f} frames/s"
        )
    launches = sorted(relaunch_to_menu(tmp) for _ in range(args.launches))
    print(
        f"relaunch to the menu (process start to first frame, real speech stack, {len(launches)} runs): "
        f"median {statistics.median(launches):.2f} s, max {launches[-1]:.2f} s"
    )
    cpu, frames_per_s = idle_cpu(settings, tmp, "menu", args.idle_s, every_frame=True)
    print(f"idle CPU on the menu redrawn at 60 fps (before): {cpu:.1f}% of a core, {frames_per_s:.1f} fps")
    return 0


FIRST_FRAME = """
import sys, time
import pygame
from simulator.app import app as app_module
step = app_module.App.step
def first(self, events, dt):
    step(self, events, dt)
    if self.frames == 1:
        print(time.time(), flush=True)
        pygame.event.post(pygame.event.Event(pygame.QUIT))
app_module.App.step = first
from simulator.cli.main import run
sys.argv = ["hotseat", *sys.argv[1:]]
run()
"""


def relaunch_to_menu(tmp: Path) -> float:
    """Seconds from starting `hotseat play` (as main.py does) to its first drawn frame."""
    import subprocess

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    cmd = [sys.executable, "-c", FIRST_FRAME, "--data-dir", str(tmp / "launch"), "play", "--trainee", "Bench"]
    started = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120).stdout.split()
    return float(out[-1]) - started if out else float("nan")


def idle_cpu(
    settings: Settings, tmp: Path, scene: str, seconds: float, every_frame: bool = False
) -> tuple[float, float]:
    """CPU used by App.run() on one screen with nobody touching it (no speech workers running)."""
    from simulator.app.scenes.select import ScenarioSelectScene
    from simulator.app.scenes.settings_scene import SettingsScene

    voice = VoiceIO(tts_factory=None, recognizer_factory=None, mic=FakeMic(("0: mic",)),
                    player=MixerPlayer(), tts_notice="")  # fmt: skip
    app = App(settings, voice=voice, prefs=AppPrefs(), prefs_path=tmp / "prefs.json")
    app.push(MenuScene(app))
    if scene == "select":
        app.push(ScenarioSelectScene(app))
    elif scene == "settings":
        app.push(SettingsScene(app))
    if every_frame:
        app.top.frame_rate = 60  # type: ignore[union-attr]
    for _ in range(30):  # let the detector warm-up thread finish first
        app.step([], 0.016)
        time.sleep(0.05)
    frames0 = app.frames
    pygame.time.set_timer(pygame.QUIT, int(seconds * 1000), loops=1)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    app.run()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    frames = app.frames - frames0
    print(f"  {scene}: {frames} frames, {1000 * cpu / max(1, frames):.1f} ms CPU per frame", file=sys.stderr)
    return 100.0 * cpu / wall, frames / wall


if __name__ == "__main__":
    sys.exit(main())
