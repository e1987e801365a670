"""How an answer was said: pace, loudness, fillers, and coaching notes (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from simulator.speech.audio import AudioClip
from simulator.speech.vad import speech_level_db, speech_span

CALM_WPM: Final = (120, 150)
RUSHED_WPM: Final = 160
SLOW_WPM: Final = 100
SHOUT_DB: Final = 6.0
MAX_FILLERS: Final = 2
LONG_PAUSE_S: Final = 5.0
# Pace on very short answers ("yes", "sorry") is meaningless.
MIN_WORDS_FOR_PACE: Final = 4
MIN_SPAN_FOR_PACE_S: Final = 1.0

_HESITATIONS: Final = frozenset({"um", "umm", "uhm", "uh", "uhh", "er", "erm", "ehm"})
# "kind of"/"sort of" after these is a real noun phrase ("what kind of pizza").
_DETERMINERS: Final = frozenset(
    {"what", "which", "a", "an", "the", "this", "that", "these", "those", "any", "some"}
    | {"every", "all", "no", "one", "same", "my", "your", "our", "their", "his", "her"}
    | {"its", "each", "another"}
)
# "you know" after these is a real question/clause ("do you know your order number").
_KNOW_LEADS: Final = frozenset(
    {"do", "did", "don't", "didn't", "does", "if", "as", "would", "could", "let", "what"}
    | {"how", "when", "whether"}
)
_TOKEN = re.compile(r"[a-z']+|[,.;:!?]")


@dataclass(frozen=True, slots=True)
class Delivery:
    """Measured delivery of one answer.

    ``loudness_db`` is the speech level relative to ``baseline_db`` when one was
    given (``relative`` is then True), else absolute dBFS (always <= 0).
    """

    wpm: float
    loudness_db: float
    fillers: int
    pause_before_s: float
    relative: bool = False

    def as_json(self) -> dict[str, int]:
        return {
            "wpm": round(self.wpm),
            "loudness_db": round(self.loudness_db),
            "fillers": self.fillers,
        }


def count_words(transcript: str) -> int:
    """Words in a transcript (punctuation ignored)."""
    return sum(1 for token in _TOKEN.findall(transcript.lower()) if token[0].isalpha())


def count_fillers(transcript: str) -> int:
    """Filler words: um/uh/er/erm, filler "like", "you know", "I mean", "kind of"/"sort of"."""
    tokens = _TOKEN.findall(transcript.lower().replace("\u2019", "'"))
    return sum(1 for index in range(len(tokens)) if _is_filler(tokens, index))


def _is_filler(tokens: list[str], index: int) -> bool:
    """Whether ``tokens[index]`` ends a filler word or phrase."""
    token = tokens[index]
    prev = _lead(tokens, index)
    if token in _HESITATIONS:
        return True
    if token == "like":
        after = tokens[index + 1] if index + 1 < len(tokens) else "."
        return _is_filler_like(prev, after)
    lead = _lead(tokens, index - 1)
    if token == "know" and prev == "you":
        return lead not in _KNOW_LEADS
    if token == "mean" and prev == "i":
        return lead not in {"what", "do"}
    if token == "of" and prev in {"kind", "sort"}:
        return lead not in _DETERMINERS
    return False


def _lead(tokens: list[str], index: int) -> str:
    """The token before ``tokens[index]`` ("." at the start)."""
    return tokens[index - 1] if index > 0 else "."


def _is_filler_like(prev: str, after: str) -> bool:
    """'like' set off by pauses/punctuation or after a hesitation is a filler."""
    punctuation = {",", ".", ";", ":", "!", "?"}
    if after == ",":
        return True
    if prev in punctuation and prev != ".":
        return True
    return prev in _HESITATIONS or prev == "like"


def measure_delivery(
    clip: AudioClip,
    transcript: str,
    baseline_db: float | None = None,
    pause_before_s: float = 0.0,
    noise_floor_db: float | None = None,
) -> Delivery:
    """Pace over the speech span, loudness (vs the trainee's normal level), fillers.

    ``baseline_db`` is the trainee's normal *speaking* level (e.g. the median
    ``speech_level_db`` of earlier answers), not the room's noise floor.
    """
    words = count_words(transcript)
    start, end = speech_span(clip, noise_floor_db)
    span = max(0.0, end - start)
    wpm = words / span * 60.0 if span > 0 and words else 0.0
    level = speech_level_db(clip, noise_floor_db)
    relative = baseline_db is not None
    loudness = level - baseline_db if baseline_db is not None else level
    return Delivery(
        wpm=round(wpm, 1),
        loudness_db=round(loudness, 1),
        fillers=count_fillers(transcript),
        pause_before_s=max(0.0, pause_before_s),
        relative=relative,
    )


def delivery_notes(delivery: Delivery, words: int | None = None) -> list[str]:
    """Short coaching lines about pace, volume, fillers and hesitation."""
    notes: list[str] = []
    wpm = round(delivery.wpm)
    pace_ok = words is None or words >= MIN_WORDS_FOR_PACE
    if wpm > 0 and pace_ok:
        low, high = CALM_WPM
        if wpm > RUSHED_WPM:
            notes.append(
                f"You spoke at {wpm} words a minute, which sounds rushed: slow down to a calm {low}-{high}."
            )
        elif wpm > high:
            notes.append(f"A little fast at {wpm} words a minute; a calm pace is {low}-{high}.")
        elif wpm < SLOW_WPM:
            notes.append(
                f"Quite slow at {wpm} words a minute; keep it steady at {low}-{high} "
                "so you sound sure of yourself."
            )
        elif wpm >= low:
            notes.append(f"Good calm pace ({wpm} words a minute).")
    if delivery.relative and delivery.loudness_db > SHOUT_DB:
        notes.append(
            f"You were {round(delivery.loudness_db)} dB louder than your normal voice: "
            "that sounds like shouting back. Keep your voice level and calm."
        )
    if delivery.fillers > MAX_FILLERS:
        notes.append(
            f"{delivery.fillers} filler words (um, like, you know): "
            "a short silent pause sounds more confident."
        )
    if delivery.pause_before_s > LONG_PAUSE_S:
        notes.append(
            f"You waited {delivery.pause_before_s:.0f} s before answering; "
            "a quick acknowledgement shows you are listening."
        )
    return notes
