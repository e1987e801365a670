"""Small inline SVG charts (no scripts, no external assets)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Final

BANDS: Final = ((0, 35, "calm", "#e9f6ef"), (35, 65, "upset", "#fdf6e3"),
                (65, 85, "angry", "#fdebdc"), (85, 100, "furious", "#fbdcd6"))  # fmt: skip


def anger_chart(points: Sequence[tuple[int, int]], width: int = 640, height: int = 220) -> str:
    """Line chart of customer anger (0-100) at the start (0) and after each answer, over the anger bands."""
    left, right, top, bottom = 44, 60, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    if not points:
        return '<p class="empty">No turns recorded.</p>'
    xs = [p[0] for p in points]
    x0, x1 = min(xs), max(xs)
    span = (x1 - x0) or 1

    def x(v: int) -> float:
        return left + (v - x0) / span * plot_w if x1 != x0 else left + plot_w / 2

    def y(v: int) -> float:
        return top + (1 - min(max(v, 0), 100) / 100) * plot_h

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Customer anger after each answer"'
        ' xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">'
    ]
    for lo, hi, name, colour in BANDS:
        parts.append(
            f'<rect x="{left}" y="{y(hi):.1f}" width="{plot_w}" height="{y(lo) - y(hi):.1f}"'
            f' fill="{colour}"/><text x="{left + plot_w + 6}" y="{(y(hi) + y(lo)) / 2 + 4:.1f}"'
            f' fill="#8a8f99">{name}</text>'
        )
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#5b6475">'
            f'{tick}</text><line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}"'
            f' y2="{y(tick):.1f}" stroke="#d9dee7" stroke-width="0.5"/>'
        )
    step = max(1, len(xs) // 12)
    for v in xs[::step]:
        parts.append(f'<text x="{x(v):.1f}" y="{height - 22}" text-anchor="middle" fill="#5b6475">{v}</text>')
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 4}" text-anchor="middle" fill="#5b6475">answer</text>'
    )
    line = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in points)
    parts.append(
        f'<polyline points="{line}" fill="none" stroke="#c8361f" stroke-width="2.5" stroke-linejoin="round"/>'
    )
    for a, b in points:
        parts.append(
            f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3.5" fill="#c8361f">'
            f"<title>{'start' if a == 0 else f'after answer {a}'}: anger {b}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(values: Mapping[str, float], colours: Mapping[str, str], width: int = 640) -> str:
    """Horizontal bars on a 0-100 scale, one per key (e.g. class average per step)."""
    row, label_w = 28, 110
    height = row * max(len(values), 1) + 8
    plot_w = width - label_w - 50
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Averages"'
        ' xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">'
    ]
    for i, (key, value) in enumerate(values.items()):
        top = 4 + i * row
        w = min(max(value, 0.0), 100.0) / 100 * plot_w
        parts.append(
            f'<text x="0" y="{top + 16}" fill="#1d2433">{escape(key)}</text>'
            f'<rect x="{label_w}" y="{top + 4}" width="{plot_w}" height="14" rx="7" fill="#e8ebf2"/>'
            f'<rect x="{label_w}" y="{top + 4}" width="{w:.1f}" height="14" rx="7"'
            f' fill="{colours.get(key, "#1d2433")}"/>'
            f'<text x="{label_w + plot_w + 8}" y="{top + 16}" fill="#1d2433">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
