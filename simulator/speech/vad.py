"""Energy voice-activity detection: speech span, silence/noise verdicts, pause splits."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from simulator.speech.audio import AudioClip

FRAME_S: Final = 0.02
# Below this a frame is silent whatever the room (about a whisper at 1 m on a laptop mic).
ABSOLUTE_FLOOR_DB: Final = -50.0
# A frame is speech when it is this far above the clip's noise floor.
ABOVE_FLOOR_DB: Final = 12.0
MIN_SPEECH_S: Final = 0.25
# White/hiss noise crosses zero on about half the samples; voiced speech far fewer.
NOISE_ZCR: Final = 0.3
# Steady hum/fan: loud but with almost no level movement between frames.
STEADY_RANGE_DB: Final = 6.0


@dataclass(frozen=True, slots=True)
class Activity:
    """Per-frame analysis of a clip."""

    frame_db: npt.NDArray[np.float64]
    zcr: npt.NDArray[np.float64]
    active: npt.NDArray[np.bool_]
    floor_db: float
    threshold_db: float

    @property
    def speech_s(self) -> float:
        return float(self.active.sum()) * FRAME_S


def rms_db(samples: npt.NDArray[np.floating]) -> float:
    """RMS level in dBFS (full-scale sine = -3 dBFS); -120 for digital silence."""
    if len(samples) == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20.0 * float(np.log10(max(rms, 1e-6)))


def analyse(clip: AudioClip, noise_floor_db: float | None = None) -> Activity:
    """Frame the clip and mark frames loud enough to be speech."""
    frame = max(1, int(FRAME_S * clip.sample_rate))
    count = len(clip.samples) // frame
    if count == 0:
        empty = np.zeros(0)
        return Activity(empty, empty, np.zeros(0, bool), -120.0, ABSOLUTE_FLOOR_DB)
    frames = clip.samples[: count * frame].reshape(count, frame).astype(np.float64)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    frame_db = 20.0 * np.log10(np.maximum(rms, 1e-6))
    signs = np.signbit(frames)
    zcr = np.mean(signs[:, 1:] != signs[:, :-1], axis=1)
    floor = float(np.percentile(frame_db, 10))
    if noise_floor_db is not None:
        floor = min(floor, noise_floor_db)
    threshold = max(ABSOLUTE_FLOOR_DB, floor + ABOVE_FLOOR_DB)
    active = _smooth(frame_db > threshold)
    return Activity(frame_db, zcr, active, floor, threshold)


def _smooth(active: npt.NDArray[np.bool_], hang: int = 4) -> npt.NDArray[np.bool_]:
    """Bridge gaps of up to ``hang`` frames (stop consonants, short dips)."""
    out = active.copy()
    indices = np.flatnonzero(active)
    for left, right in itertools.pairwise(indices):
        if 1 < right - left <= hang + 1:
            out[left:right] = True
    return out


def speech_span(clip: AudioClip, noise_floor_db: float | None = None) -> tuple[float, float]:
    """Start and end of speech in seconds (leading/trailing silence trimmed).

    Falls back to the whole clip when no frame is active.
    """
    activity = analyse(clip, noise_floor_db)
    indices = np.flatnonzero(activity.active)
    if len(indices) == 0:
        return 0.0, clip.duration_s
    return float(indices[0] * FRAME_S), min(clip.duration_s, float((indices[-1] + 1) * FRAME_S))


def speech_level_db(clip: AudioClip, noise_floor_db: float | None = None) -> float:
    """RMS level of the speech frames only (the speaker's loudness), in dBFS."""
    activity = analyse(clip, noise_floor_db)
    if not activity.active.any():
        return rms_db(clip.samples)
    power = np.power(10.0, activity.frame_db[activity.active] / 10.0)
    return float(10.0 * np.log10(np.mean(power)))


def nothing_heard(clip: AudioClip, noise_floor_db: float | None = None) -> str | None:
    """Why the clip holds no speech worth decoding ("silence", "noise", ...), else None."""
    if clip.duration_s < MIN_SPEECH_S:
        return "too short"
    activity = analyse(clip, noise_floor_db)
    if activity.speech_s < MIN_SPEECH_S:
        peak = float(activity.frame_db.max()) if len(activity.frame_db) else -120.0
        return "silence" if peak <= ABSOLUTE_FLOOR_DB else "noise"
    zcr_active = activity.zcr[activity.active]
    if float(np.median(zcr_active)) > NOISE_ZCR:
        return "noise"
    spread = float(np.percentile(activity.frame_db, 90) - np.percentile(activity.frame_db, 10))
    if spread < STEADY_RANGE_DB:
        return "noise"
    return None


def pause_points(
    clip: AudioClip, min_pause_s: float = 0.35, noise_floor_db: float | None = None
) -> list[float]:
    """Middles of silent gaps of at least ``min_pause_s`` between speech, in seconds."""
    activity = analyse(clip, noise_floor_db)
    indices = np.flatnonzero(activity.active)
    if len(indices) < 2:
        return []
    gaps = np.diff(indices)
    need = max(2, round(min_pause_s / FRAME_S))
    points: list[float] = []
    for position in np.flatnonzero(gaps >= need):
        left, right = indices[position], indices[position + 1]
        points.append(float((left + right) / 2 * FRAME_S))
    return points
