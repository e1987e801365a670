"""A customer's look: colours for skin, hair and clothes, and the hair, glasses, beard and age marks."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from simulator.app import theme
from simulator.app.theme import Color
from simulator.scenario.model import Appearance

SKIN: dict[str, Color] = {
    "porcelain": (250, 224, 208), "light": (241, 196, 160), "medium": (222, 170, 128),
    "olive": (200, 152, 106), "tan": (180, 128, 88), "brown": (138, 92, 60), "dark": (94, 60, 40),
}  # fmt: skip
HAIR: dict[str, Color] = {
    "black": (32, 28, 30), "dark_brown": (64, 42, 30), "brown": (104, 68, 42), "auburn": (138, 62, 36),
    "red": (186, 86, 44), "blonde": (224, 190, 118), "grey": (158, 156, 156), "white": (230, 228, 222),
}  # fmt: skip
CLOTHES: dict[str, Color] = {
    "blue": (69, 123, 157), "navy": (40, 56, 96), "teal": (38, 130, 130), "green": (70, 138, 84),
    "olive": (110, 116, 60), "red": (190, 62, 58), "burgundy": (124, 36, 56), "orange": (222, 122, 48),
    "mustard": (206, 164, 52), "purple": (112, 72, 150), "pink": (222, 128, 160), "grey": (132, 136, 142),
    "charcoal": (64, 66, 72), "white": (232, 234, 236), "black": (36, 36, 40),
}  # fmt: skip
FRAME: Color = (44, 44, 52)


@dataclass(frozen=True, slots=True)
class Palette:
    skin: Color
    hair: Color
    brow: Color
    shirt: Color
    shirt_dark: Color
    line: Color  # wrinkles and creases


def palette(look: Appearance) -> Palette:
    skin = SKIN.get(look.skin, SKIN["light"])
    hair = HAIR.get(look.hair_colour, HAIR["brown"])
    brow = theme.mix(hair, (40, 32, 30), 0.35) if look.hair_colour not in ("grey", "white") else hair
    shirt = CLOTHES.get(look.clothing, CLOTHES["blue"])
    dark = theme.mix(shirt, (0, 0, 0), 0.25) if look.clothing != "black" else (60, 60, 66)
    return Palette(skin, hair, brow, shirt, dark, theme.mix(skin, (60, 30, 20), 0.35))


def _p(cx: float, cy: float, s: float, x: float, y: float) -> tuple[int, int]:
    return round(cx + x * s), round(cy + y * s)


def _ellipse(surface: pygame.Surface, colour: Color, cx: float, cy: float, s: float,
             x: float, y: float, w: float, h: float) -> None:  # fmt: skip
    rect = pygame.Rect(0, 0, max(1, round(w * s)), max(1, round(h * s)))
    rect.center = _p(cx, cy, s, x, y)
    pygame.draw.ellipse(surface, colour, rect)


def draw_hair_back(
    surface: pygame.Surface, cx: float, cy: float, s: float, look: Appearance, c: Color
) -> None:
    """Hair behind the head (and ears): length and volume by style."""
    style = look.hair
    if style == "afro":
        _ellipse(surface, c, cx, cy, s, 0, -34, 250, 230)
    elif style == "curly":
        for k in range(13):
            angle = math.pi * (0.95 + 1.1 * k / 12)
            _ellipse(surface, c, cx, cy, s, 84 * math.cos(angle), -20 + 92 * math.sin(angle), 52, 52)
    elif style == "long":  # down past the shoulders on both sides, the neck left clear
        _ellipse(surface, c, cx, cy, s, 0, -14, 192, 196)
        for left in (-100, 50):
            strand = pygame.Rect(_p(cx, cy, s, left, -40), (round(50 * s), round(200 * s)))
            pygame.draw.rect(surface, c, strand, border_radius=round(24 * s))
    elif style == "bob":
        pygame.draw.rect(surface, c, pygame.Rect(_p(cx, cy, s, -96, -100), (round(192 * s), round(158 * s))),
                         border_radius=round(60 * s))  # fmt: skip
    elif style == "ponytail":
        _ellipse(surface, c, cx, cy, s, 0, -14, 172, 190)
        _ellipse(surface, c, cx, cy, s, 92, 30, 46, 130)
    elif style == "bun":
        _ellipse(surface, c, cx, cy, s, 0, -14, 168, 186)
        _ellipse(surface, c, cx, cy, s, 0, -104, 70, 62)
    elif style in ("short", "wavy"):
        _ellipse(surface, c, cx, cy, s, 0, -14, 172 if style == "short" else 186, 190)
    elif style == "balding":
        for side in (-1, 1):
            _ellipse(surface, c, cx, cy, s, side * 72, -10, 30, 70)


def draw_hair_front(surface: pygame.Surface, cx: float, cy: float, s: float, look: Appearance, c: Color,
                    skin: Color) -> None:  # fmt: skip
    """The hair over the top of the head: a cap whose lower edge shows the style."""
    style = look.hair
    if style in ("bald", "balding"):
        return
    if style == "buzz":
        c = theme.mix(c, skin, 0.45)
    start = math.asin(52 / 96)
    angles = [start + (math.pi - 2 * start) * k / 16 for k in range(17)]
    top = [_p(cx, cy, s, 80 * math.cos(t), -96 * math.sin(t)) for t in angles]
    xs = range(-66, 67, 12)
    if style == "buzz":
        edge = [_p(cx, cy, s, x, -62 + abs(x) * 0.1) for x in xs]
    elif style in ("bob", "bun"):
        edge = [_p(cx, cy, s, x, -46 if style == "bob" else -56 + abs(x) * 0.12) for x in xs]
    elif style in ("long", "ponytail"):
        edge = [_p(cx, cy, s, x, -62 + (x + 66) * 0.16) for x in xs]  # a side parting
    elif style in ("curly", "afro", "wavy"):
        edge = [_p(cx, cy, s, x, -52 + 7 * math.sin(x / 5)) for x in xs]
    else:
        edge = [_p(cx, cy, s, x, -50 + 6 * math.sin(x / 8)) for x in xs]
    pygame.draw.polygon(surface, c, top + edge)
    if style in ("long", "bob"):  # side locks framing the face
        for side in (-1, 1):
            _ellipse(
                surface,
                c,
                cx,
                cy,
                s,
                side * 70,
                -6 if style == "bob" else 20,
                22,
                110 if style == "bob" else 150,
            )


def draw_facial_hair(
    surface: pygame.Surface, cx: float, cy: float, s: float, look: Appearance, c: Color
) -> None:
    if look.facial_hair == "beard":
        outline = [(-72, 4), (-66, 50), (-36, 88), (0, 100), (36, 88), (66, 50), (72, 4), (52, 30)]
        outline += [(0, 34), (-52, 30)]
        pygame.draw.polygon(surface, c, [_p(cx, cy, s, x, y) for x, y in outline])
    if look.facial_hair in ("beard", "moustache"):
        moustache = ((-30, 44), (-8, 34), (8, 34), (30, 44), (14, 42), (-14, 42))
        pygame.draw.polygon(surface, c, [_p(cx, cy, s, x, y) for x, y in moustache])
    elif look.facial_hair == "stubble":
        layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        rect = pygame.Rect(0, 0, round(124 * s), round(70 * s))
        rect.center = _p(cx, cy, s, 0, 58)
        pygame.draw.ellipse(layer, (*c, 70), rect)
        surface.blit(layer, (0, 0))


def draw_age(surface: pygame.Surface, cx: float, cy: float, s: float, look: Appearance, line: Color) -> None:
    """Crow's feet from middle age; smile lines and a forehead crease for seniors."""
    if look.age not in ("middle", "senior"):
        return
    width = max(1, round(2 * s))
    for side in (-1, 1):
        for dy in (-4, 4):
            pygame.draw.line(
                surface, line, _p(cx, cy, s, side * 52, -6), _p(cx, cy, s, side * 60, -6 + dy), width
            )
    if look.age == "senior":
        for side in (-1, 1):
            pygame.draw.line(surface, line, _p(cx, cy, s, side * 20, 28), _p(cx, cy, s, side * 30, 50), width)
        if look.hair in ("bald", "balding", "buzz"):
            pygame.draw.line(surface, line, _p(cx, cy, s, -26, -56), _p(cx, cy, s, 26, -56), width)


def draw_glasses(surface: pygame.Surface, cx: float, cy: float, s: float, look: Appearance) -> None:
    if look.glasses == "none":
        return
    width = max(2, round(3 * s))
    for side in (-1, 1):
        lens = pygame.Rect(0, 0, round(40 * s), round(30 * s if look.glasses == "square" else 36 * s))
        lens.center = _p(cx, cy, s, side * 32, -5)
        if look.glasses == "square":
            pygame.draw.rect(surface, FRAME, lens, width, border_radius=round(6 * s))
        else:
            pygame.draw.ellipse(surface, FRAME, lens, width)
        pygame.draw.line(surface, FRAME, _p(cx, cy, s, side * 52, -8), _p(cx, cy, s, side * 74, -2), width)
    pygame.draw.line(surface, FRAME, _p(cx, cy, s, -12, -8), _p(cx, cy, s, 12, -8), width)


def draw_lashes(surface: pygame.Surface, cx: float, cy: float, s: float, look: Appearance) -> None:
    if look.presentation != "feminine":
        return
    width = max(1, round(2 * s))
    for side in (-1, 1):
        pygame.draw.line(
            surface, (40, 40, 52), _p(cx, cy, s, side * 46, -10), _p(cx, cy, s, side * 54, -16), width
        )
