"""Colours and spacing shared by every scene (pure constants)."""

from __future__ import annotations

import itertools
from typing import Final

Color = tuple[int, int, int]

BG: Final[Color] = (246, 241, 234)
BG_DEEP: Final[Color] = (236, 228, 217)
INK: Final[Color] = (31, 42, 68)
INK_SOFT: Final[Color] = (92, 102, 124)
INK_FAINT: Final[Color] = (150, 156, 170)
CARD: Final[Color] = (255, 255, 255)
CARD_ALT: Final[Color] = (250, 247, 242)
LINE: Final[Color] = (222, 214, 203)
SHADOW: Final[Color] = (214, 205, 193)
HEADER: Final[Color] = (31, 42, 68)
ON_HEADER: Final[Color] = (246, 241, 234)

ACCENT: Final[Color] = (42, 157, 143)
ACCENT_DARK: Final[Color] = (30, 120, 109)
ACCENT_SOFT: Final[Color] = (214, 238, 234)
WARM: Final[Color] = (233, 196, 106)
WARN: Final[Color] = (244, 162, 97)
WARN_SOFT: Final[Color] = (253, 236, 220)
BAD: Final[Color] = (214, 84, 66)
BAD_SOFT: Final[Color] = (250, 222, 215)
GOOD: Final[Color] = (56, 158, 92)
GOOD_SOFT: Final[Color] = (219, 241, 226)
INFO_SOFT: Final[Color] = (222, 231, 246)

# Anger bands (simulator.scenario.model.anger_band) -> colour.
BAND_COLORS: Final[dict[str, Color]] = {
    "calm": (98, 176, 122),
    "upset": (233, 196, 106),
    "angry": (244, 140, 80),
    "furious": (214, 64, 54),
}
BAND_LABELS: Final[dict[str, str]] = {
    "calm": "Calm",
    "upset": "Upset",
    "angry": "Angry",
    "furious": "Furious",
}

STEP_COLORS: Final[dict[str, Color]] = {
    "listening": (69, 123, 157),
    "empathy": (42, 157, 143),
    "resolution": (231, 111, 81),
    "harmful": (214, 84, 66),
}

DIFFICULTY_COLORS: Final[dict[str, Color]] = {
    "easy": (56, 158, 92),
    "medium": (226, 150, 60),
    "hard": (205, 70, 60),
}
CHANNEL_LABELS: Final[dict[str, str]] = {"in_person": "In person", "phone": "Phone", "chat": "Chat"}
OUTCOME_LABELS: Final[dict[str, str]] = {
    "resolved": "Resolved",
    "walked_out": "Walked out",
    "escalated": "Escalated",
    "unresolved": "Unresolved",
}

PLAN_LABELS: Final[dict[str, str]] = {
    "same": "Everyone the same scenario",
    "rotation": "Scenarios in rotation",
    "random": "A random scenario each",
}

RADIUS: Final = 14


def mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend from ``a`` (t=0) to ``b`` (t=1)."""
    t = max(0.0, min(1.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def band_color(anger: float) -> Color:
    """A smooth colour along the band colours for anger 0-100."""
    stops = [
        (0.0, BAND_COLORS["calm"]),
        (45.0, BAND_COLORS["upset"]),
        (72.0, BAND_COLORS["angry"]),
        (95.0, BAND_COLORS["furious"]),
    ]
    if anger <= stops[0][0]:
        return stops[0][1]
    for (a0, c0), (a1, c1) in itertools.pairwise(stops):
        if anger <= a1:
            return mix(c0, c1, (anger - a0) / (a1 - a0))
    return stops[-1][1]
