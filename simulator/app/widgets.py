"""Drawing helpers: wrapped text, cards, buttons, chips, notices, the anger meter, key hints.

Every function only draws on the surface it is given and returns the space it used.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from simulator.app import layout, theme
from simulator.app.fonts import Fonts
from simulator.app.theme import Color
from simulator.scenario.model import anger_band


@dataclass(frozen=True, slots=True)
class Notice:
    """A message shown on screen: kind is info | warn | error | ok."""

    text: str
    kind: str = "info"


NOTICE_COLORS: dict[str, tuple[Color, Color, str]] = {
    "info": (theme.INFO_SOFT, (69, 123, 157), "i"),
    "warn": (theme.WARN_SOFT, (196, 110, 40), "!"),
    "error": (theme.BAD_SOFT, theme.BAD, "!"),
    "ok": (theme.GOOD_SOFT, theme.GOOD, "✓"),
}


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Split text into lines that fit ``width`` pixels (long words are broken)."""
    return list(_wrap(font, text, width))


@functools.lru_cache(maxsize=1024)
def _wrap(font: pygame.font.Font, text: str, width: int) -> tuple[str, ...]:
    """Memoised (a pure function of its arguments): the same lines are wrapped every frame."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if font.size(candidate)[0] <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while font.size(word)[0] > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and font.size(word[:cut])[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return tuple(lines)


def text(
    surface: pygame.Surface,
    font: pygame.font.Font,
    content: str,
    color: Color,
    pos: tuple[int, int],
    anchor: str = "topleft",
) -> pygame.Rect:
    image = font.render(content, True, color)
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    layout.text(rect, content, surface)
    return rect


def text_block(
    surface: pygame.Surface,
    font: pygame.font.Font,
    content: str,
    color: Color,
    rect: pygame.Rect,
    max_lines: int | None = None,
    align: str = "left",
) -> int:
    """Draw wrapped text inside rect's width from its top; returns the height used."""
    lines = wrap(font, content, rect.width)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(font, lines[-1].rstrip(" .,") + "…", rect.width)
    step = font.get_linesize()
    y = rect.top
    for line in lines:
        image = font.render(line, True, color)
        x = rect.left if align == "left" else rect.centerx - image.get_width() // 2
        surface.blit(image, (x, y))
        layout.text(image.get_rect(topleft=(x, y)), line, surface)
        y += step
    return y - rect.top


def block_height(font: pygame.font.Font, content: str, width: int) -> int:
    return len(wrap(font, content, width)) * font.get_linesize()


def panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    color: Color = theme.CARD,
    radius: int = theme.RADIUS,
    shadow: bool = True,
    border: Color | None = None,
) -> None:
    layout.panel(rect)
    if shadow:
        pygame.draw.rect(surface, theme.SHADOW, rect.move(0, 3), border_radius=radius)
    pygame.draw.rect(surface, color, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=2, border_radius=radius)


def button(
    surface: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    label: str,
    focused: bool,
    primary: bool = False,
) -> None:
    if primary or focused:
        fill = theme.ACCENT if focused else theme.ACCENT_SOFT
        ink = theme.CARD if focused else theme.ACCENT_DARK
    else:
        fill, ink = theme.CARD, theme.INK
    panel(surface, rect, fill, radius=rect.height // 2, shadow=True)
    if focused:
        pygame.draw.rect(
            surface, theme.ACCENT_DARK, rect.inflate(6, 6), width=3, border_radius=rect.height // 2 + 3
        )
    text(surface, fonts.get("body", bold=True), label, ink, rect.center, anchor="center")


def chip(
    surface: pygame.Surface,
    font: pygame.font.Font,
    label: str,
    pos: tuple[int, int],
    bg: Color,
    fg: Color,
) -> pygame.Rect:
    image = font.render(label, True, fg)
    pad_x, pad_y = max(6, font.get_height() // 2), max(2, font.get_height() // 6)
    rect = pygame.Rect(pos, (image.get_width() + 2 * pad_x, image.get_height() + 2 * pad_y))
    pygame.draw.rect(surface, bg, rect, border_radius=rect.height // 2)
    surface.blit(image, (rect.x + pad_x, rect.y + pad_y))
    layout.text(rect, label, surface)
    return rect


def chip_width(font: pygame.font.Font, label: str) -> int:
    return font.size(label)[0] + 2 * max(6, font.get_height() // 2)


def _notice_lines(font: pygame.font.Font, rect: pygame.Rect, item: Notice) -> list[str]:
    return wrap(font, item.text, max(40, rect.width - 3 * font.get_height()))


def notices_height(fonts: Fonts, width: int, items: Sequence[Notice]) -> int:
    """The height ``notices`` needs to show every item in full."""
    font = fonts.get("small")
    gap = max(4, font.get_height() // 3)
    rect = pygame.Rect(0, 0, width, 0)
    lines = sum(len(_notice_lines(font, rect, item)) for item in items)
    return lines * font.get_linesize() + len(items) * 3 * gap


def notices(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect, items: Sequence[Notice]) -> int:
    """Stack notices downward from rect.top, in full while they fit in rect; returns the height used."""
    font = fonts.get("small")
    y = rect.top
    gap = max(4, font.get_height() // 3)
    bottom = min(rect.bottom if rect.height > 0 else 10_000, surface.get_height() - 40)  # key hints below
    room = bottom - rect.top
    for item in items:
        bg, fg, icon = NOTICE_COLORS.get(item.kind, NOTICE_COLORS["info"])
        lines = _notice_lines(font, rect, item)
        fits = max(1, (rect.top + room - y - 2 * gap) // font.get_linesize())
        if len(lines) > fits:
            layout.cut(item.text)
            lines = lines[:fits]
            lines[-1] = fit(font, lines[-1] + " …", rect.width - 3 * font.get_height())
        height = len(lines) * font.get_linesize() + 2 * gap
        box = pygame.Rect(rect.left, y, rect.width, height)
        layout.panel(box)
        pygame.draw.rect(surface, bg, box, border_radius=10)
        pygame.draw.rect(
            surface,
            fg,
            (box.left, box.top, 5, box.height),
            border_top_left_radius=10,
            border_bottom_left_radius=10,
        )
        badge = font.get_height() // 2 + 2
        center = (box.left + 8 + badge + 4, box.top + gap + font.get_linesize() // 2)
        pygame.draw.circle(surface, fg, center, badge)
        text(surface, fonts.get("tiny", bold=True), icon, theme.CARD, center, anchor="center")
        tx = center[0] + badge + 8
        for index, line in enumerate(lines):
            text(surface, font, line, theme.INK, (tx, box.top + gap + index * font.get_linesize()))
        y += height + gap
    return y - rect.top


def anger_meter(surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect, anger: float) -> None:
    """A horizontal gauge with the four bands, a marker and 'Anger 70 · Angry'."""
    band = anger_band(anger)
    label_font = fonts.get("small", bold=True)
    label = f"Anger {round(anger)} · {theme.BAND_LABELS[band]}"
    text(surface, label_font, label, theme.INK, (rect.left, rect.top))
    bar_top = rect.top + label_font.get_linesize() + 4
    bar = pygame.Rect(rect.left, bar_top, rect.width, max(10, rect.bottom - bar_top))
    pygame.draw.rect(surface, theme.BG_DEEP, bar, border_radius=bar.height // 2)
    fill = bar.copy()
    fill.width = max(bar.height, round(bar.width * max(0.0, min(100.0, anger)) / 100))
    pygame.draw.rect(surface, theme.band_color(anger), fill, border_radius=bar.height // 2)
    for cut in (35, 65, 85):
        x = bar.left + round(bar.width * cut / 100)
        pygame.draw.line(surface, theme.CARD, (x, bar.top + 2), (x, bar.bottom - 3), 2)


def key_hints(
    surface: pygame.Surface, fonts: Fonts, rect: pygame.Rect, hints: Sequence[tuple[str, str]]
) -> None:
    """A footer line like [Enter] choose  [Esc] back, centred in rect.

    When the line is wider than rect (large text, a small window) the labels get smaller, then the
    hints in the middle are left out: the first (the main action) and the last (leave) stay.
    """
    shown = list(hints)
    for font, key_font in (
        (fonts.get("small"), fonts.get("tiny", bold=True)),
        (fonts.get("tiny"), fonts.get("tiny")),
    ):
        while True:
            pad, gap = key_font.get_height() // 2, font.get_height()
            total = sum(key_font.size(k)[0] + 2 * pad + 6 + font.size(v)[0] + gap for k, v in shown) - gap
            if total <= rect.width - 16 or len(shown) <= 2 or font is fonts.get("small"):
                break
            shown.pop(-2)
        if total <= rect.width - 16:
            break
    x = rect.centerx - total // 2
    box_h = key_font.get_height() + pad
    middle = min(rect.centery, surface.get_height() - box_h // 2 - 2)  # never below the window
    for key, label in shown:
        key_img, label_img = key_font.render(key, True, theme.INK), font.render(label, True, theme.INK_SOFT)
        box = pygame.Rect(x, 0, key_img.get_width() + 2 * pad, key_img.get_height() + pad)
        box.centery = middle
        pygame.draw.rect(surface, theme.CARD, box, border_radius=6)
        pygame.draw.rect(surface, theme.LINE, box, width=1, border_radius=6)
        surface.blit(key_img, key_img.get_rect(center=box.center))
        layout.text(box, f"[{key}]", surface)
        x = box.right + 6
        label_rect = label_img.get_rect(midleft=(x, middle))
        surface.blit(label_img, label_rect)
        layout.text(label_rect, label, surface)
        x += label_img.get_width() + gap


def header(surface: pygame.Surface, fonts: Fonts, title: str, subtitle: str = "", who: str = "") -> int:
    """The navy bar at the top of a scene (with who is training, at the right); returns its height."""
    width = surface.get_width()
    title_font = fonts.get("heading", bold=True)
    height = title_font.get_linesize() + (fonts.get("small").get_linesize() if subtitle else 0) + 28
    pygame.draw.rect(surface, theme.HEADER, (0, 0, width, height))
    pad = max(20, width // 40)
    logo_font = fonts.get("small", bold=True)
    right = max(logo_font.size("HOT SEAT")[0], fonts.get("small", bold=True).size(who)[0] + 40 if who else 0)
    title = fit(title_font, title, width - right - 3 * pad)
    text(surface, title_font, title, theme.ON_HEADER, (pad, 14))
    if subtitle:
        subtitle = fit(fonts.get("small"), subtitle, width - right - 3 * pad)
        text(surface, fonts.get("small"), subtitle, theme.WARM, (pad, 14 + title_font.get_linesize()))
    if not who:
        text(surface, logo_font, "HOT SEAT", theme.WARM, (width - pad, height // 2), anchor="midright")
        return height
    text(surface, fonts.get("tiny", bold=True), "HOT SEAT", theme.WARM, (width - pad, 12), anchor="topright")
    person(surface, fonts, who, (width - pad, height - 12), theme.ON_HEADER)
    return height


def person(
    surface: pygame.Surface, fonts: Fonts, name: str, bottomright: tuple[int, int], color: Color
) -> pygame.Rect:
    """A small person icon and a name, right-aligned at bottomright."""
    font = fonts.get("small", bold=True)
    label = text(surface, font, name, color, bottomright, anchor="bottomright")
    r = max(4, font.get_height() // 5)
    cx, cy = label.left - r - 8, label.centery
    pygame.draw.circle(surface, color, (cx, cy - r), r)
    pygame.draw.ellipse(surface, color, (cx - r - 3, cy + 1, 2 * r + 6, 2 * r + 2))
    return label.union(pygame.Rect(cx - r - 3, cy - 2 * r, 2 * r + 6, 4 * r))


def background(surface: pygame.Surface) -> None:
    surface.fill(theme.BG)


def fit(font: pygame.font.Font, content: str, width: int) -> str:
    """content, cut with an ellipsis to fit width pixels."""
    if font.size(content)[0] <= width:
        return content
    while content and font.size(content + "…")[0] > width:
        content = content[:-1]
    return content.rstrip() + "…"
