"""Decode-while-talking: find phrase cuts at short pauses in a growing recording."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.speech.audio import AudioClip
from simulator.speech.vad import pause_points


@dataclass
class PhraseCutter:
    """Tracks how much of one utterance has been decoded and proposes the next cut.

    A cut is the middle of a pause of at least ``min_pause_s`` that lies at least
    ``min_phrase_s`` after the previous cut and is fully inside the audio so far
    (``guard_s`` before its end), so a word is never split.
    """

    min_pause_s: float = 0.35
    min_phrase_s: float = 1.0
    guard_s: float = 0.25
    decoded_until_s: float = 0.0
    texts: list[str] = field(default_factory=list)
    decode_s: float = 0.0

    def next_cut(self, clip: AudioClip, noise_floor_db: float | None = None) -> float | None:
        """The latest usable cut in ``clip`` after what was decoded, or None."""
        start = self.decoded_until_s
        end = clip.duration_s - self.guard_s
        if end - start < self.min_phrase_s:
            return None
        tail = clip.slice(start, end)
        cuts = [
            start + point
            for point in pause_points(tail, self.min_pause_s, noise_floor_db)
            if point >= self.min_phrase_s and start + point + self.min_pause_s / 2 <= end
        ]
        return cuts[-1] if cuts else None

    def take(self, clip: AudioClip, cut_s: float) -> AudioClip:
        """The phrase up to ``cut_s``; marks it decoded."""
        phrase = clip.slice(self.decoded_until_s, cut_s)
        self.decoded_until_s = cut_s
        return phrase

    def remainder(self, clip: AudioClip) -> AudioClip:
        """What is left to decode once the trainee has stopped."""
        return clip.slice(self.decoded_until_s, clip.duration_s)

    def joined(self, last: str = "") -> str:
        return " ".join(text for text in [*self.texts, last] if text.strip())
