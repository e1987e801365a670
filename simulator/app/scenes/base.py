"""The scene contract and small keyboard-navigation helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from simulator.app.app import App

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)


IDLE_FPS = 4  # a static screen redraws this often (and on every input event)


class Scene:
    """One screen. ``draw`` never changes state; input arrives through ``handle``; time through ``update``.

    ``frame_rate`` is how often the screen needs redrawing with no input: static screens keep the
    low default, so an idle game uses almost no CPU; animated ones ask for more.
    """

    frame_rate: int = IDLE_FPS

    def __init__(self, app: App) -> None:
        self.app = app

    def enter(self) -> None:
        """Became the top scene (pushed, or uncovered by a pop)."""

    def exit(self) -> None:
        """Stopped being the top scene (popped, or covered by a push)."""

    def dispose(self) -> None:
        """Left the stack for good (popped, replaced, or the window closed)."""

    def handle(self, event: pygame.event.Event) -> None:
        """React to one input event."""

    def update(self, dt: float) -> None:
        """Advance time by dt seconds; poll workers."""

    def draw(self, surface: pygame.Surface) -> None:
        """Paint the scene (pure with respect to scene state)."""


def move_focus(index: int, count: int, event: pygame.event.Event, horizontal: bool = False) -> int:
    """The new focused index after an arrow/Tab key (wraps around)."""
    if count <= 0 or event.type != pygame.KEYDOWN:
        return index
    nxt = (pygame.K_RIGHT,) if horizontal else (pygame.K_DOWN,)
    prv = (pygame.K_LEFT,) if horizontal else (pygame.K_UP,)
    if event.key in nxt or (event.key == pygame.K_TAB and not event.mod & pygame.KMOD_SHIFT):
        return (index + 1) % count
    if event.key in prv or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
        return (index - 1) % count
    return index


def clicked(event: pygame.event.Event, rects: list[pygame.Rect]) -> int | None:
    """Index of the rect a left click landed on."""
    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        for index, rect in enumerate(rects):
            if rect.collidepoint(event.pos):
                return index
    return None


def hovered(event: pygame.event.Event, rects: list[pygame.Rect]) -> int | None:
    if event.type == pygame.MOUSEMOTION:
        for index, rect in enumerate(rects):
            if rect.collidepoint(event.pos):
                return index
    return None
