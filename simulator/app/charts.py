"""The anger curve chart of the debrief (pure drawing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pygame

from simulator.app import theme, widgets
from simulator.app.fonts import Fonts

BANDS: tuple[tuple[str, int, int], ...] = (
    ("calm", 0, 35),
    ("upset", 35, 65),
    ("angry", 65, 85),
    ("furious", 85, 100),
)


def anger_chart(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect, curve: Sequence[int]) -> None:
    """Anger at the start and after each answer (engine.curve.anger_by_answer): bands, line, dots."""
    small = fonts.get("tiny")
    label_w = small.size("100")[0] + 8
    plot = pygame.Rect(
        rect.left + label_w, rect.top + 6, rect.width - label_w - 10, rect.height - small.get_linesize() - 14
    )
    if plot.width < 20 or plot.height < 20:
        return
    for band, low, high in BANDS:
        top = plot.bottom - round(plot.height * high / 100)
        bottom = plot.bottom - round(plot.height * low / 100)
        zone = pygame.Rect(plot.left, top, plot.width, bottom - top)
        pygame.draw.rect(surface, theme.mix(theme.BAND_COLORS[band], theme.CARD, 0.8), zone)
        widgets.text(
            surface,
            small,
            theme.BAND_LABELS[band],
            theme.INK_FAINT,
            (plot.right - 6, zone.centery),
            "midright",
        )
    for value in (0, 50, 100):
        y = plot.bottom - round(plot.height * value / 100)
        widgets.text(surface, small, str(value), theme.INK_SOFT, (plot.left - 6, y), "midright")
    pygame.draw.line(surface, theme.LINE, plot.bottomleft, plot.bottomright, 2)
    if not curve:
        widgets.text(surface, fonts.get("small"), "No turns yet", theme.INK_SOFT, plot.center, "center")
        return
    count = len(curve)
    step = plot.width / max(1, count - 1)
    points = [
        (
            round(plot.left + i * step) if count > 1 else plot.centerx,
            plot.bottom - round(plot.height * v / 100),
        )
        for i, v in enumerate(curve)
    ]
    if len(points) > 1:
        pygame.draw.lines(surface, theme.INK, False, points, 3)
    radius = max(4, fonts.size("tiny") // 3)
    for (x, y), value in zip(points, curve, strict=True):
        pygame.draw.circle(surface, theme.CARD, (x, y), radius + 2)
        pygame.draw.circle(surface, theme.band_color(value), (x, y), radius)
    every = max(1, count // 8)
    for index, (x, _) in enumerate(points):
        if index == 0 or index % every == 0:
            label = "start" if index == 0 else str(index)
            anchor = "topleft" if index == 0 else "midtop"
            widgets.text(surface, small, label, theme.INK_SOFT, (x, plot.bottom + 4), anchor)


SERIES_TITLES: dict[str, str] = {
    "listening": "Listening",
    "empathy": "Empathy",
    "resolution": "Resolution",
    "overall": "Overall",
}


def series_color(key: str) -> theme.Color:
    return theme.INK if key == "overall" else theme.STEP_COLORS.get(key, theme.INK_SOFT)


def step_chart(
    surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect, series: Mapping[str, Sequence[int]]
) -> None:
    """Scores 0-100 per attempt, one line per step (overall thicker), a legend along the top."""
    small = fonts.get("tiny")
    legend_h = small.get_linesize() + 8
    x = rect.left + small.size("100")[0] + 8
    for key, title in SERIES_TITLES.items():
        if not series.get(key):
            continue
        color = series_color(key)
        pygame.draw.line(surface, color, (x, rect.top + legend_h // 2), (x + 18, rect.top + legend_h // 2), 4)
        x = widgets.text(surface, small, title, theme.INK_SOFT, (x + 24, rect.top)).right + 18
    label_w = small.size("100")[0] + 8
    plot = pygame.Rect(
        rect.left + label_w,
        rect.top + legend_h + 6,
        rect.width - label_w - 10,
        rect.height - legend_h - small.get_linesize() - 16,
    )
    if plot.width < 20 or plot.height < 20:
        return
    for value in (0, 25, 50, 75, 100):
        y = plot.bottom - round(plot.height * value / 100)
        pygame.draw.line(
            surface, theme.LINE if value else theme.INK_FAINT, (plot.left, y), (plot.right, y), 1
        )
        if value % 50 == 0:
            widgets.text(surface, small, str(value), theme.INK_SOFT, (plot.left - 6, y), "midright")
    count = max((len(v) for v in series.values()), default=0)
    if count == 0:
        widgets.text(
            surface,
            fonts.get("small"),
            "No finished conversations yet",
            theme.INK_SOFT,
            plot.center,
            "center",
        )
        return
    step = plot.width / max(1, count - 1)
    radius = max(3, fonts.size("tiny") // 4)
    for key in ("listening", "empathy", "resolution", "overall"):
        values = series.get(key) or ()
        if not values:
            continue
        offset = count - len(values)
        points = [
            (
                round(plot.left + (i + offset) * step) if count > 1 else plot.centerx,
                plot.bottom - round(plot.height * max(0, min(100, v)) / 100),
            )
            for i, v in enumerate(values)
        ]
        color = series_color(key)
        if len(points) > 1:
            pygame.draw.lines(surface, color, False, points, 4 if key == "overall" else 2)
        if len(points) <= 40:
            for point in points:
                pygame.draw.circle(surface, theme.CARD, point, radius + 1)
                pygame.draw.circle(surface, color, point, radius)
    widgets.text(
        surface,
        small,
        f"{count} attempts ago" if count > 1 else "",
        theme.INK_SOFT,
        (plot.left, plot.bottom + 4),
    )
    widgets.text(surface, small, "latest", theme.INK_SOFT, (plot.right, plot.bottom + 4), "topright")
