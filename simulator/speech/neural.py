"""Kokoro-82M (int8 ONNX) through kokoro-onnx: a ``Synthesizer`` with a persistent per-sentence disk cache."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import os
import tempfile
import threading
import wave
from pathlib import Path
from typing import Any, Final

import numpy as np

from simulator.scenario.model import VoiceSettings
from simulator.speech.kokoro_assets import (
    MODEL_SHA256,
    NeuralVoiceUnavailable,
    load_voice,
    prepare_model,
    voice_digest,
)
from simulator.speech.sentences import split_sentences
from simulator.speech.tts import SynthesisError
from simulator.voices import VoiceInfo, voice_for

SAMPLE_RATE: Final = 24_000
ENGINE: Final = "kokoro"
# Silence between sentences joined into one file (the model trims its own).
SENTENCE_GAP_S: Final = 0.25
# One ONNX thread by default: the game loop and Whisper share 2 cores with it.
DEFAULT_THREADS: Final = 1


def claim_system_espeak() -> None:
    """Load the system libespeak-ng by its soname before kokoro-onnx loads its bundled copy by path.

    Whichever copy is loaded first owns the name 'libespeak-ng.so.1' in this process; if it were
    the bundled one, pyttsx3 (the fallback voice) would get it, find no voice data and exit the
    process. The bundled copy loaded by path afterwards is a separate instance, so both work.
    """
    name = ctypes.util.find_library("espeak-ng")
    if name:
        with contextlib.suppress(OSError):
            ctypes.CDLL(name)


def neural_voice(voice: VoiceSettings) -> VoiceInfo:
    """The Kokoro voice a scenario's settings stand for."""
    return voice_for(voice.name, voice.language, voice.gender)


def sentence_key(text: str, voice: VoiceSettings) -> str:
    """Cache key of one rendered sentence: model + voice (name and vector digest) + speed + text."""
    info = neural_voice(voice)
    speed = f"{max(0.5, min(2.0, float(voice.speed))):.3f}"
    payload = "\x1f".join([ENGINE, MODEL_SHA256, info.name, voice_digest(info.name), speed, text.strip()])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def write_wav(path: Path, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> None:
    """float32 [-1, 1] mono -> 16-bit PCM WAV, written beside and renamed (never a half file)."""
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".wav", dir=path.parent)
    os.close(fd)
    try:
        with wave.open(tmp, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(sample_rate)
            wav.writeframes(pcm.tobytes())
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32767.0


class KokoroSynthesizer:
    """Renders lines with Kokoro; each sentence is cached under ``cache_dir``/kokoro by ``sentence_key``.

    Load it on the thread that will use it (loading takes a second or two). ``render`` joins the
    sentences of a line into one WAV; ``render_sentence`` renders (or finds) one sentence.
    """

    name = ENGINE

    def __init__(self, cache_dir: Path, threads: int = DEFAULT_THREADS) -> None:
        claim_system_espeak()  # before kokoro_onnx can load its own copy
        try:
            import onnxruntime
            from kokoro_onnx import Kokoro
        except ImportError as exc:
            raise NeuralVoiceUnavailable(
                f"The neural voice needs kokoro-onnx ({exc.name or exc} is not installed)."
            ) from exc
        self.cache_dir = Path(cache_dir)
        self.sentence_dir = self.cache_dir / "kokoro"
        model = prepare_model(self.cache_dir / "models")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        try:
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            # kokoro-onnx wants a voices file; ours are verified and loaded one by one: it gets an empty one.
            empty = self.cache_dir / "models" / "kokoro-no-voices.npz"
            if not empty.exists():
                np.savez(empty)
            self._kokoro: Any = Kokoro.from_session(session, str(empty))
        except Exception as exc:  # onnxruntime/espeak loader errors have many types
            raise NeuralVoiceUnavailable(f"The neural voice could not start ({exc}).") from exc
        self._voices: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def _style(self, info: VoiceInfo) -> np.ndarray:
        if info.name not in self._voices:
            self._voices[info.name] = load_voice(info.name)
        return self._voices[info.name]

    def synthesize(self, text: str, voice: VoiceSettings) -> np.ndarray:
        """One sentence (or short line) to float32 audio at 24 kHz."""
        info = neural_voice(voice)
        speed = max(0.5, min(2.0, float(voice.speed)))
        try:
            style = self._style(info)
            with self._lock:
                audio, _rate = self._kokoro.create(text, voice=style, speed=speed, lang=info.accent)
        except NeuralVoiceUnavailable as exc:
            raise SynthesisError(str(exc)) from exc
        except Exception as exc:  # ValueError for unspeakable text, onnxruntime errors
            raise SynthesisError(f"The neural voice failed on this line ({exc}).") from exc
        out = np.asarray(audio, dtype=np.float32).ravel()
        if out.size == 0:
            raise SynthesisError("The neural voice produced no audio.")
        return out

    def sentence_path(self, text: str, voice: VoiceSettings) -> Path:
        return self.sentence_dir / f"{sentence_key(text, voice)}.wav"

    def render_sentence(self, text: str, voice: VoiceSettings) -> tuple[Path, bool]:
        """The cached WAV of one sentence, rendering it first if needed; (path, was_cached)."""
        path = self.sentence_path(text, voice)
        if path.is_file() and path.stat().st_size > 44:
            return path, True
        write_wav(path, self.synthesize(text, voice))
        return path, False

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        """The whole line as one WAV (sentences from the cache where possible)."""
        sentences = split_sentences(text)
        if not sentences:
            raise SynthesisError("Cannot speak an empty line.")
        gap = np.zeros(int(SENTENCE_GAP_S * SAMPLE_RATE), dtype=np.float32)
        chunks: list[np.ndarray] = []
        for i, sentence in enumerate(sentences):
            path, _cached = self.render_sentence(sentence, voice)
            chunks += ([gap] if i else []) + [read_wav(path)]
        write_wav(Path(out_path), np.concatenate(chunks))
