"""Audio clips: load any WAV/FLAC/AIFF as 16 kHz mono float32, save as WAV."""

from __future__ import annotations

import os
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from simulator.speech.audio_trim import BLOCK_S, QuietTrimmer, TooLong

SAMPLE_RATE: Final = 16_000

FloatArray = npt.NDArray[np.float32]


class AudioError(Exception):
    """A file could not be read as audio; the message is one sentence naming the file."""


@dataclass(frozen=True, slots=True, eq=False)
class AudioClip:
    """Mono float32 samples in [-1, 1] at ``sample_rate`` (16 kHz after loading)."""

    samples: FloatArray
    sample_rate: int = SAMPLE_RATE
    duration_s: float = 0.0

    @classmethod
    def from_array(cls, samples: npt.ArrayLike, sample_rate: int = SAMPLE_RATE) -> AudioClip:
        """Build a 16 kHz clip from mono or (frames, channels) samples at any rate."""
        array = np.asarray(samples)
        if np.issubdtype(array.dtype, np.integer):
            scale = float(np.iinfo(array.dtype).max) + 1.0
            array = array.astype(np.float32) / scale
        mono = downmix(array.astype(np.float32, copy=False))
        mono = resample(mono, sample_rate, SAMPLE_RATE)
        mono = np.clip(mono, -1.0, 1.0).astype(np.float32, copy=False)
        mono.setflags(write=False)
        return cls(mono, SAMPLE_RATE, len(mono) / SAMPLE_RATE)

    @classmethod
    def from_pcm16(cls, data: bytes, sample_rate: int = SAMPLE_RATE) -> AudioClip:
        """Build a clip from little-endian signed 16-bit mono PCM bytes."""
        return cls.from_array(np.frombuffer(data, dtype="<i2"), sample_rate)

    def to_pcm16(self) -> bytes:
        """Little-endian signed 16-bit PCM bytes of the samples."""
        scaled = np.clip(self.samples, -1.0, 1.0) * 32767.0
        return bytes(np.round(scaled).astype("<i2").tobytes())

    def slice(self, start_s: float, end_s: float) -> AudioClip:
        """The part of the clip between two times in seconds."""
        start = max(0, int(start_s * self.sample_rate))
        end = min(len(self.samples), int(end_s * self.sample_rate))
        part = self.samples[start : max(start, end)]
        return AudioClip(part, self.sample_rate, len(part) / self.sample_rate)


def downmix(samples: FloatArray) -> FloatArray:
    """Average the channels of (frames, channels) samples; mono passes through."""
    if samples.ndim == 1:
        return samples
    if samples.ndim == 2:
        return samples.mean(axis=1, dtype=np.float32)
    raise ValueError(f"expected 1 or 2 dimensions, got {samples.ndim}")


def resample(samples: FloatArray, rate_in: int, rate_out: int) -> FloatArray:
    """Band-limited resampling by FFT (exact low-pass, no aliasing)."""
    if rate_in == rate_out or len(samples) == 0:
        return samples
    if rate_in <= 0:
        raise ValueError(f"bad sample rate {rate_in}")
    n_in = len(samples)
    n_out = max(1, round(n_in * rate_out / rate_in))
    # Pad to even length with reflection so the periodic FFT assumption
    # does not smear the end of the clip into its start.
    pad = min(n_in - 1, 1024) if n_in > 1 else 0
    padded = np.concatenate([samples, samples[::-1][1 : pad + 1]]) if pad else samples
    n_pad_out = max(n_out, round(len(padded) * rate_out / rate_in))
    spectrum = np.fft.rfft(padded)
    keep = n_pad_out // 2 + 1
    if keep <= len(spectrum):
        spectrum = spectrum[:keep]
    else:
        spectrum = np.concatenate([spectrum, np.zeros(keep - len(spectrum), spectrum.dtype)])
    out = np.fft.irfft(spectrum, n_pad_out) * (n_pad_out / len(padded))
    return out[:n_out].astype(np.float32)


def load_audio(path: str | os.PathLike[str]) -> AudioClip:
    """Read WAV/FLAC/AIFF (any rate, mono or stereo) into a 16 kHz mono clip."""
    file = Path(path)
    name = file.name or str(file)
    if not file.exists():
        raise AudioError(f"Audio file {name} was not found at {file}.")
    if not file.is_file():
        raise AudioError(f"Audio file {name} is not a regular file.")
    if file.stat().st_size == 0:
        raise AudioError(f"Audio file {name} is empty (0 bytes).")
    samples, rate = _read_samples(file)
    if samples.size == 0:
        raise AudioError(f"Audio file {name} contains no audio frames.")
    if not np.all(np.isfinite(samples)):
        raise AudioError(f"Audio file {name} contains invalid (non-finite) samples.")
    return AudioClip.from_array(samples, rate)


def _read_samples(file: Path) -> tuple[npt.NDArray[np.floating], int]:
    try:
        import soundfile  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return _read_wav_stdlib(file)
    try:
        with soundfile.SoundFile(str(file)) as sound:
            rate = int(sound.samplerate)
            kept = QuietTrimmer(rate)
            for block in sound.blocks(blocksize=max(1, int(rate * BLOCK_S)), dtype="float32", always_2d=True):
                kept.add(block)
    except TooLong as exc:
        raise AudioError(f"Audio file {file.name} holds {exc}; record one answer per file.") from exc
    except (RuntimeError, ValueError, TypeError, EOFError, OSError) as exc:
        raise AudioError(
            f"Audio file {file.name} is not a readable WAV/FLAC/AIFF file ({_short(exc)})."
        ) from exc
    return kept.samples(), rate


def _read_wav_stdlib(file: Path) -> tuple[npt.NDArray[np.floating], int]:
    """Fallback when soundfile is missing: 8/16/32-bit PCM WAV only."""
    kinds = {1: ("u1", 128.0, 128.0), 2: ("<i2", 0.0, 32768.0), 4: ("<i4", 0.0, 2147483648.0)}
    try:
        with wave.open(str(file), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            if width not in kinds:
                raise AudioError(f"Audio file {file.name} uses unsupported {8 * width}-bit samples.")
            dtype, offset, scale = kinds[width]
            kept = QuietTrimmer(rate)
            while raw := wav.readframes(max(1, int(rate * BLOCK_S))):
                usable = len(raw) - len(raw) % (width * channels)
                ints = np.frombuffer(raw[:usable], dtype=dtype).astype(np.float32)
                kept.add(((ints - offset) / scale).reshape(-1, channels))
    except TooLong as exc:
        raise AudioError(f"Audio file {file.name} holds {exc}; record one answer per file.") from exc
    except (wave.Error, EOFError, OSError) as exc:
        raise AudioError(f"Audio file {file.name} is not a readable PCM WAV file ({_short(exc)}).") from exc
    return kept.samples(), rate


def _short(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return text.splitlines()[0][:160]


def save_wav(clip: AudioClip, path: str | os.PathLike[str]) -> Path:
    """Write the clip as 16-bit mono PCM WAV atomically (temp file + rename)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".wav", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle, wave.open(handle, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(clip.sample_rate)
            wav.writeframes(clip.to_pcm16())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def wav_duration(path: str | os.PathLike[str]) -> float:
    """Duration in seconds of a PCM WAV from its header (0.0 if unreadable)."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate = wav.getframerate()
            return wav.getnframes() / rate if rate else 0.0
    except (wave.Error, EOFError, OSError):
        return 0.0
