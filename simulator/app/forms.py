"""Typed fields for the form screens (profiles, groups): editing state and drawing."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from simulator.app import theme, widgets
from simulator.app.fonts import Fonts


@dataclass
class TextField:
    """One line of typed text; ``edit`` consumes the events that change it."""

    value: str = ""
    limit: int = 200

    def edit(self, event: pygame.event.Event) -> bool:
        """True when the event typed or deleted something."""
        if event.type == pygame.TEXTINPUT:
            self.value = (self.value + event.text)[: self.limit]
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            if event.mod & pygame.KMOD_CTRL:
                self.value = self.value.rstrip().rsplit(" ", 1)[0] if " " in self.value.strip() else ""
            else:
                self.value = self.value[:-1]
            return True
        return False


def draw_field(
    surface: pygame.Surface,
    fonts: Fonts,
    rect: pygame.Rect,
    label: str,
    value: str,
    focused: bool,
    placeholder: str = "",
    blink: bool = True,
) -> None:
    """A labelled input box: label above, value inside, a caret when focused."""
    small, body = fonts.get("small", bold=True), fonts.get("body")
    widgets.text(
        surface, small, label.upper(), theme.ACCENT_DARK if focused else theme.INK_SOFT, rect.topleft
    )
    box = pygame.Rect(rect.left, rect.top + small.get_linesize() + 4, rect.width, body.get_linesize() + 16)
    widgets.panel(
        surface, box, theme.CARD, radius=10, shadow=False, border=theme.ACCENT if focused else theme.LINE
    )
    inner = box.inflate(-24, 0)
    shown = value or placeholder
    line = widgets.wrap(body, shown, inner.width - 6)[-1] if shown else ""
    ink = theme.INK if value else theme.INK_FAINT
    drawn = widgets.text(surface, body, line, ink, (inner.left, box.centery), "midleft")
    if focused and blink:
        x = drawn.right + 2 if value else inner.left
        pygame.draw.line(surface, theme.ACCENT, (x, box.top + 8), (x, box.bottom - 8), 2)


def field_height(fonts: Fonts) -> int:
    return fonts.get("small", bold=True).get_linesize() + 4 + fonts.get("body").get_linesize() + 16
