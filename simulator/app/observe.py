"""The observer's quick rating: pick a trainee turn (↑↓), rate it 1-5, type a comment, Enter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.fonts import Fonts
from simulator.app.widgets import Notice
from simulator.store.records import Observation

if TYPE_CHECKING:
    from simulator.app.app import App

RATING_KEYS = {pygame.K_1: 1, pygame.K_2: 2, pygame.K_3: 3, pygame.K_4: 4, pygame.K_5: 5}
RATING_KEYS |= {pygame.K_KP1: 1, pygame.K_KP2: 2, pygame.K_KP3: 3, pygame.K_KP4: 4, pygame.K_KP5: 5}
OBSERVER = "Trainer"


def stars(rating: int) -> str:
    return "★" * rating + "☆" * (5 - rating)


@dataclass
class ObserverPanel:
    """State of one rating being written: the turn, the stars, the comment (stage rate -> comment)."""

    turns: list[tuple[int, str]]  # the trainee turns: (turn index, what they said)
    selected: int = -1  # position in turns (the latest by default)
    rating: int = 0
    comment: str = ""
    stage: str = "rate"
    _skip_text: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.selected < 0:
            self.selected = len(self.turns) - 1

    @property
    def turn_index(self) -> int:
        return self.turns[self.selected][0]

    def handle(self, event: pygame.event.Event) -> str | None:
        """Returns "save" or "cancel" when the rating is done, else None."""
        if event.type == pygame.TEXTINPUT:
            if self.stage == "comment":
                if self._skip_text and event.text == self._skip_text:
                    self._skip_text = ""
                    return None
                self.comment = (self.comment + event.text)[:300]
            return None
        if event.type != pygame.KEYDOWN:
            return None
        self._skip_text = ""
        if event.key == pygame.K_ESCAPE:
            return "cancel"
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.stage == "rate":
            step = -1 if event.key == pygame.K_UP else 1
            self.selected = max(0, min(len(self.turns) - 1, self.selected + step))
        elif event.key in RATING_KEYS and self.stage == "rate":
            self.rating = RATING_KEYS[event.key]
            self.stage = "comment"
            self._skip_text = str(self.rating)  # the same key press also arrives as text
            pygame.key.start_text_input()
        elif event.key == pygame.K_BACKSPACE and self.stage == "comment":
            if self.comment:
                self.comment = self.comment[:-1]
            else:
                self.stage, self.rating = "rate", 0
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.rating:
            return "save"
        return None


def save_observation(app: App, session_id: str | None, panel: ObserverPanel) -> Notice:
    """Store the rating; the notice says what happened (never raises)."""
    store = app.results.store
    if store is None or session_id is None:
        return Notice(
            "Observer ratings are kept with stored results (this session is not being saved).", "warn"
        )
    try:
        store.add_observation(session_id, panel.turn_index, panel.rating, panel.comment.strip(), OBSERVER)
    except Exception as exc:  # a store problem is shown, never raised
        return Notice(f"The rating could not be saved: {exc}", "error")
    return Notice(f"Rated answer #{panel.turn_index}: {stars(panel.rating)}", "ok")


def load_observations(app: App, session_id: str | None) -> list[Observation]:
    store = app.results.store
    if store is None or session_id is None:
        return []
    try:
        return store.observations(session_id)
    except Exception:  # shown as no ratings; the store problem has its own notice
        return []


def draw_panel(surface: pygame.Surface, fonts: Fonts, panel: ObserverPanel) -> None:
    """A card along the bottom of the window."""
    width, height = surface.get_size()
    body, small = fonts.get("body"), fonts.get("small")
    box_w = min(900, width - 40)
    box_h = body.get_linesize() * 4 + small.get_linesize() * 2 + 60
    box = pygame.Rect((width - box_w) // 2, height - box_h - 44, box_w, box_h)
    widgets.panel(surface, box, theme.CARD, border=theme.WARM)
    inner = box.inflate(-40, -28)
    number, said = panel.turns[panel.selected]
    title = f"Observer rating · answer #{number}  ({panel.selected + 1} of {len(panel.turns)})"
    widgets.text(surface, fonts.get("small", bold=True), title.upper(), theme.ACCENT_DARK, inner.topleft)
    y = inner.top + small.get_linesize() + 4
    y += widgets.text_block(
        surface, body, f"“{said}”", theme.INK, pygame.Rect(inner.left, y, inner.width, 0), max_lines=2
    )
    y += 6
    star_font = fonts.get("subtitle", bold=True)
    shown = stars(panel.rating) if panel.rating else "☆☆☆☆☆"
    right = widgets.text(
        surface, star_font, shown, theme.WARM if panel.rating else theme.INK_FAINT, (inner.left, y)
    ).right
    if panel.stage == "rate":
        hint = "Press 1-5 to rate this answer  ·  ↑↓ another answer  ·  Esc cancel"
        widgets.text(surface, small, hint, theme.INK_SOFT, (right + 16, y + 4))
        return
    field_rect = pygame.Rect(right + 16, y - 2, inner.right - right - 16, body.get_linesize() + 8)
    pygame.draw.rect(surface, theme.CARD_ALT, field_rect, border_radius=8)
    pygame.draw.rect(surface, theme.ACCENT, field_rect, width=2, border_radius=8)
    text = panel.comment or "Comment (optional)…"
    lines = widgets.wrap(body, text, field_rect.width - 20)
    widgets.text(
        surface,
        body,
        lines[-1],
        theme.INK if panel.comment else theme.INK_FAINT,
        (field_rect.left + 10, field_rect.top + 4),
    )
    hint = "Enter save  ·  Backspace on empty: re-rate  ·  Esc cancel"
    widgets.text(surface, small, hint, theme.INK_SOFT, (inner.left, inner.bottom), "bottomleft")
