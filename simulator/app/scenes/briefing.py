"""The briefing over the conversation: F1 opens it, so the trainee can re-read what they may offer."""

from __future__ import annotations

import pygame

from simulator.app import layout, theme, widgets
from simulator.app.fonts import Fonts
from simulator.scenario.model import Scenario

TOGGLE_KEY = pygame.K_F1
CLOSE_KEYS = (pygame.K_F1, pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER)


class BriefingOverlay:
    """The scenario's briefing and customer notes in full, scrolled with PgUp/PgDn or the wheel."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.open = False
        self.scroll = 0
        self._max_scroll = 0  # from the last draw, for clamping input

    def handle(self, event: pygame.event.Event) -> bool:
        """True when the event was for the briefing (while it is open, every key is)."""
        if event.type == pygame.KEYDOWN and event.key == TOGGLE_KEY and not self.open:
            self.open, self.scroll = True, 0
            return True
        if not self.open:
            return False
        if event.type == pygame.KEYDOWN and event.key in CLOSE_KEYS:
            self.open = False
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_DOWN, pygame.K_SPACE):
            self.scroll = min(self._max_scroll, self.scroll + 120)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_UP):
            self.scroll = max(0, self.scroll - 120)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self._max_scroll, self.scroll - 60 * event.y))
        return event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.MOUSEWHEEL)

    def sections(self) -> list[tuple[str, str]]:
        customer = self.scenario.customer
        return [
            ("YOUR BRIEFING", self.scenario.briefing.strip()),
            (f"ABOUT {customer.name.upper()}", customer.persona.strip()),
            ("TO PASS", f"Score {self.scenario.pass_mark} or more within {self.scenario.max_turns} answers."),
        ]

    def draw(self, surface: pygame.Surface, fonts: Fonts) -> None:
        width, height = surface.get_size()
        shade = pygame.Surface((width, height), pygame.SRCALPHA)
        shade.fill((20, 24, 36, 150))
        surface.blit(shade, (0, 0))
        layout.panel(surface.get_rect())
        box = pygame.Rect(0, 0, min(900, width - 80), height - 80)
        box.center = (width // 2, height // 2)
        widgets.panel(surface, box)
        inner = box.inflate(-64, -48)
        title_font, body = fonts.get("heading", bold=True), fonts.get("body")
        label, keys_font = fonts.get("small", bold=True), fonts.get("small", bold=True)
        title = widgets.fit(title_font, self.scenario.title, inner.width)
        widgets.text(surface, title_font, title, theme.INK, inner.topleft)
        area = pygame.Rect(inner.left, inner.top + title_font.get_linesize() + 10, inner.width, 0)
        area.height = inner.bottom - keys_font.get_linesize() - 12 - area.top
        total = sum(
            label.get_linesize() + 4 + widgets.block_height(body, text, area.width) + 14
            for _, text in self.sections()
        )
        self._max_scroll = max(0, total - area.height)
        scroll = min(self.scroll, self._max_scroll)
        keys = "F1, Esc or Enter: back to the conversation"
        if self._max_scroll:
            keys += "   ·   PgDn: more" if scroll < self._max_scroll else "   ·   PgUp: to the top"
        keys = widgets.fit(keys_font, keys, inner.width)
        widgets.text(surface, keys_font, keys, theme.ACCENT_DARK, inner.bottomleft, "bottomleft")
        clip = surface.get_clip()
        surface.set_clip(area)
        y = area.top - scroll
        for heading, text in self.sections():
            widgets.text(surface, label, heading, theme.INK_FAINT, (area.left, y))
            y += label.get_linesize() + 4
            y += widgets.text_block(surface, body, text, theme.INK, pygame.Rect(area.left, y, area.width, 0))
            y += 14
        surface.set_clip(clip)
