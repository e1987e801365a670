"""The customer, drawn from shapes: face, colour and posture follow their anger.

``draw_customer`` is pure drawing: the same arguments always give the same picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from simulator.app import looks, theme
from simulator.app.theme import Color
from simulator.scenario.model import DEFAULT_LOOK, Appearance

FLUSH: Color = (226, 96, 80)
EYE_WHITE: Color = (255, 255, 255)
PUPIL: Color = (40, 40, 52)
MOUTH: Color = (120, 40, 44)
TEETH: Color = (250, 250, 246)
COUNTER: Color = (176, 124, 86)
COUNTER_TOP: Color = (204, 150, 108)


@dataclass(frozen=True, slots=True)
class Pose:
    """What the drawing needs: anger 0-100, seconds for animation, whether they are speaking."""

    anger: float
    t: float = 0.0
    talking: bool = False
    channel: str = "in_person"
    look: Appearance = DEFAULT_LOOK


def _p(cx: float, cy: float, s: float, x: float, y: float) -> tuple[int, int]:
    return round(cx + x * s), round(cy + y * s)


def draw_stage(surface: pygame.Surface, rect: pygame.Rect, anger: float) -> None:
    """The backdrop: a soft wall tinted by the mood and a shop counter."""
    top = theme.mix((232, 238, 240), (246, 226, 218), anger / 100)
    bottom = theme.mix((214, 226, 230), (238, 206, 196), anger / 100)
    ramp = pygame.Surface((2, 2))
    ramp.fill(top, (0, 0, 2, 1))
    ramp.fill(bottom, (0, 1, 2, 1))
    surface.blit(pygame.transform.smoothscale(ramp, rect.size), rect.topleft)
    stripe = theme.mix(top, (255, 255, 255), 0.35)
    for x in range(rect.left + rect.width // 10, rect.right, max(40, rect.width // 6)):
        pygame.draw.rect(surface, stripe, (x, rect.top, max(8, rect.width // 30), rect.height))


def draw_counter(surface: pygame.Surface, rect: pygame.Rect) -> None:
    height = max(24, rect.height // 7)
    counter = pygame.Rect(rect.left, rect.bottom - height, rect.width, height)
    pygame.draw.rect(surface, COUNTER, counter)
    pygame.draw.rect(surface, COUNTER_TOP, (counter.left, counter.top, counter.width, max(6, height // 4)))


def draw_customer(surface: pygame.Surface, rect: pygame.Rect, pose: Pose) -> None:
    """Draw the customer standing behind the counter inside rect."""
    a = max(0.0, min(100.0, pose.anger)) / 100.0
    s = min(rect.width / 440.0, rect.height / 620.0)
    shake = math.sin(pose.t * 38.0) * 2.2 * max(0.0, a - 0.8) * 5 if a > 0.8 else 0.0
    cx = rect.centerx + shake * s
    lean = 14 * a  # leans in (lower, larger) as anger grows
    cy = rect.bottom - 300 * s + lean * s
    colours = looks.palette(pose.look)
    _draw_body(surface, cx, cy, s, a, pose, colours)
    _draw_head(surface, cx, cy - 150 * s, s, a, pose, colours)
    if pose.channel == "phone":
        _draw_phone(surface, cx, cy - 150 * s, s, colours.skin)
    if a >= 0.85:
        _draw_steam(surface, cx, cy - 150 * s, s, pose.t)
    draw_counter(surface, rect)


def _draw_body(
    surface: pygame.Surface, cx: float, cy: float, s: float, a: float, pose: Pose, colours: looks.Palette
) -> None:
    shirt, shirt_dark, skin_base = colours.shirt, colours.shirt_dark, colours.skin
    shoulder_rise = 18 * a
    shoulders = cy - 40 * s - shoulder_rise * s
    build = {"feminine": -14, "masculine": 8}.get(pose.look.presentation, 0)
    width = 150 + build + 12 * a
    torso = [
        (round(cx - width * s), round(shoulders + 30 * s)),
        (round(cx - (width - 30) * s), round(shoulders)),
        (round(cx + (width - 30) * s), round(shoulders)),
        (round(cx + width * s), round(shoulders + 30 * s)),
        (round(cx + (width + 20) * s), round(cy + 320 * s)),
        (round(cx - (width + 20) * s), round(cy + 320 * s)),
    ]
    pygame.draw.polygon(surface, shirt, torso)
    # collar and neck
    neck = pygame.Rect(0, 0, round(54 * s), round(70 * s))
    neck.midbottom = (round(cx), round(shoulders + 18 * s))
    pygame.draw.rect(surface, theme.mix(skin_base, FLUSH, a * 0.35), neck, border_radius=round(10 * s))
    pygame.draw.polygon(
        surface,
        shirt_dark,
        [
            _p(cx, shoulders, s, -40, -2),
            _p(cx, shoulders, s, 0, 40),
            _p(cx, shoulders, s, 40, -2),
            _p(cx, shoulders, s, 0, 18),
        ],
    )
    if a < 0.5:
        for side in (-1, 1):  # arms resting at the sides
            arm = [
                _p(cx, shoulders, s, side * (width - 14), 26),
                _p(cx, shoulders, s, side * (width + 14), 60),
                _p(cx, shoulders, s, side * (width + 8), 300),
                _p(cx, shoulders, s, side * (width - 30), 300),
                _p(cx, shoulders, s, side * (width - 34), 70),
            ]
            pygame.draw.polygon(surface, shirt_dark, arm)
    elif a < 0.85:
        # arms folded across the chest
        y = shoulders + 130 * s
        band = pygame.Rect(0, 0, round((2 * width - 40) * s), round(62 * s))
        band.center = (round(cx), round(y))
        pygame.draw.rect(surface, shirt_dark, band, border_radius=round(30 * s))
        for side in (-1, 1):
            hand = _p(cx, y, s, side * (width - 70), -4)
            pygame.draw.circle(surface, theme.mix(skin_base, FLUSH, a * 0.3), hand, round(22 * s))
        pygame.draw.line(surface, shirt, _p(cx, y, s, -60, -24), _p(cx, y, s, 60, 24), max(2, round(4 * s)))
    else:
        # one fist raised and shaking
        bob = math.sin(pose.t * 14.0) * 8
        elbow = _p(cx, shoulders, s, width + 30, 90)
        fist = _p(cx, shoulders, s, width + 10, -70 + bob)
        pygame.draw.line(surface, shirt_dark, _p(cx, shoulders, s, width - 20, 30), elbow, round(46 * s))
        pygame.draw.line(surface, shirt_dark, elbow, fist, round(40 * s))
        pygame.draw.circle(surface, theme.mix(skin_base, FLUSH, 0.4), fist, round(28 * s))
        arm = [
            _p(cx, shoulders, s, -(width - 14), 26),
            _p(cx, shoulders, s, -(width + 14), 60),
            _p(cx, shoulders, s, -(width + 8), 300),
            _p(cx, shoulders, s, -(width - 30), 300),
        ]
        pygame.draw.polygon(surface, shirt_dark, arm)


def _draw_head(
    surface: pygame.Surface, cx: float, cy: float, s: float, a: float, pose: Pose, colours: looks.Palette
) -> None:
    look = pose.look
    skin = theme.mix(colours.skin, FLUSH, max(0.0, a - 0.35) * 0.7)
    jaw = {"feminine": 142, "masculine": 158}.get(look.presentation, 150)
    head = pygame.Rect(0, 0, round(jaw * s), round((172 if look.age == "young" else 180) * s))
    head.center = (round(cx), round(cy))
    # hair behind, ears, face, then what sits on the face
    looks.draw_hair_back(surface, cx, cy, s, look, colours.hair)
    for side in (-1, 1):
        pygame.draw.circle(surface, skin, _p(cx, cy, s, side * (jaw / 2 + 1), 6), round(17 * s))
    pygame.draw.ellipse(surface, skin, head)
    looks.draw_facial_hair(surface, cx, cy, s, look, colours.hair)
    looks.draw_hair_front(surface, cx, cy, s, look, colours.hair, skin)
    _draw_cheeks(surface, cx, cy, s, a)
    _draw_eyes(surface, cx, cy, s, a, pose.t)
    looks.draw_lashes(surface, cx, cy, s, look)
    _draw_brows(surface, cx, cy, s, a, colours.brow)
    looks.draw_age(surface, cx, cy, s, look, colours.line)
    _draw_mouth(surface, cx, cy, s, a, pose)
    looks.draw_glasses(surface, cx, cy, s, look)
    if a >= 0.65:
        _draw_vein(surface, _p(cx, cy, s, 46, -58), s)


def _draw_cheeks(surface: pygame.Surface, cx: float, cy: float, s: float, a: float) -> None:
    alpha = round(max(0.0, a - 0.3) * 170)
    if alpha <= 0:
        return
    size = (round(34 * s), round(18 * s))
    blush = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.ellipse(blush, (*FLUSH, alpha), blush.get_rect())
    for side in (-1, 1):
        surface.blit(blush, blush.get_rect(center=_p(cx, cy, s, side * 44, 28)))


def _draw_eyes(surface: pygame.Surface, cx: float, cy: float, s: float, a: float, t: float) -> None:
    blink = (t % 4.3) < 0.12
    height = 4 if blink else round((24 - 10 * a) * s)
    for side in (-1, 1):
        eye = pygame.Rect(0, 0, round(30 * s), max(2, height))
        eye.center = _p(cx, cy, s, side * 32, -6)
        if blink:
            pygame.draw.line(surface, PUPIL, eye.midleft, eye.midright, max(2, round(3 * s)))
            continue
        pygame.draw.ellipse(surface, EYE_WHITE, eye)
        pupil = round(min(eye.height / 2, 8 * s))
        pygame.draw.circle(surface, PUPIL, eye.center, max(2, pupil))
        pygame.draw.circle(
            surface, EYE_WHITE, (eye.centerx + pupil // 3, eye.centery - pupil // 3), max(1, pupil // 3)
        )


def _draw_brows(surface: pygame.Surface, cx: float, cy: float, s: float, a: float, colour: Color) -> None:
    width = max(3, round((6 + 4 * a) * s))
    k = max(0.0, a - 0.3) / 0.7  # brows stay relaxed until the customer is upset
    for side in (-1, 1):
        inner = _p(cx, cy, s, side * 14, -38 + 22 * k)
        outer = _p(cx, cy, s, side * 50, -40 - 4 * k)
        pygame.draw.line(surface, colour, inner, outer, width)
        pygame.draw.circle(surface, colour, inner, width // 2)
        pygame.draw.circle(surface, colour, outer, width // 2)


def _draw_mouth(surface: pygame.Surface, cx: float, cy: float, s: float, a: float, pose: Pose) -> None:
    y = cy + 50 * s
    if pose.talking:
        opening = 0.45 + 0.55 * abs(math.sin(pose.t * 11.0))
        width = (34 + 22 * a) * s
        height = (10 + 22 * a) * opening * s + 4 * s
        mouth = pygame.Rect(0, 0, round(width), max(3, round(height)))
        mouth.center = (round(cx), round(y))
        pygame.draw.ellipse(surface, MOUTH, mouth)
        if a >= 0.6 and mouth.height > 8:
            teeth = pygame.Rect(
                mouth.left + mouth.width // 5, mouth.top + 1, mouth.width * 3 // 5, mouth.height // 3
            )
            pygame.draw.rect(surface, TEETH, teeth, border_radius=3)
        return
    # closed: smile -> flat -> frown
    curve = (0.3 - a) * 26  # positive = smile
    width = 44 * s
    thickness = max(2, round(5 * s))
    left, right = (round(cx - width / 2), round(y)), (round(cx + width / 2), round(y))
    mid = (round(cx), round(y + curve * s))
    points = [
        left,
        ((left[0] + mid[0]) // 2, round(y + curve * 0.75 * s)),
        mid,
        ((right[0] + mid[0]) // 2, round(y + curve * 0.75 * s)),
        right,
    ]
    pygame.draw.lines(surface, MOUTH, False, points, thickness)


def _draw_vein(surface: pygame.Surface, center: tuple[int, int], s: float) -> None:
    r = round(10 * s)
    width = max(2, round(4 * s))
    x, y = center
    for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        start = (x + dx * r // 3, y + dy * r // 3)
        end = (x + dx * r, y + dy * r // 3) if dy < 0 else (x + dx * r // 3, y + dy * r)
        pygame.draw.line(surface, theme.BAD, start, end, width)


def _draw_phone(surface: pygame.Surface, cx: float, cy: float, s: float, skin: Color) -> None:
    phone = pygame.Rect(0, 0, round(26 * s), round(70 * s))
    phone.center = _p(cx, cy, s, -86, 10)
    pygame.draw.rect(surface, (40, 44, 52), phone, border_radius=round(8 * s))
    pygame.draw.circle(surface, skin, _p(cx, cy, s, -92, 40), round(18 * s))


def _draw_steam(surface: pygame.Surface, cx: float, cy: float, s: float, t: float) -> None:
    layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    for side in (-1, 1):
        for i in range(4):
            phase = (t * 0.9 + i / 4) % 1.0
            x = cx + side * (70 + 30 * phase) * s + math.sin((t + i) * 3) * 6 * s
            y = cy - (60 + 120 * phase) * s
            radius = round((10 + 18 * phase) * s)
            alpha = round(200 * (1 - phase))
            pygame.draw.circle(layer, (255, 255, 255, alpha), (round(x), round(y)), max(2, radius))
    surface.blit(layer, (0, 0))
