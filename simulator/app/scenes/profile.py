"""Who is training: pick a stored name, Guest, or type a new one (no password)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.forms import TextField, draw_field, field_height
from simulator.app.results import GUEST
from simulator.app.scenes.base import Scene, clicked
from simulator.app.widgets import Notice

if TYPE_CHECKING:
    from simulator.app.app import App


class ProfileScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.field = TextField(limit=60)
        self.names: list[str] = []
        self.focus = 0  # 0 = the new-name field, 1.. = the listed names
        self.problem: str | None = None
        self.t = 0.0

    def enter(self) -> None:
        store = self.app.results.store
        stored: list[str] = []
        if store is not None:
            try:
                stored = store.trainees()
            except Exception as exc:  # a store problem is shown, never raised
                self.problem = f"The saved names could not be read: {exc}"
        self.names = [GUEST, *(n for n in stored if n.casefold() != GUEST.casefold())]
        current = self.app.trainee
        self.focus = next((i + 1 for i, n in enumerate(self.names) if n == current), 1)
        pygame.key.start_text_input()

    @property
    def shown(self) -> list[str]:
        """The names, filtered by what has been typed."""
        typed = self.field.value.strip().casefold()
        return [n for n in self.names if typed in n.casefold()] if typed else self.names

    # --- layout -------------------------------------------------------------------
    def _column(self, size: tuple[int, int]) -> pygame.Rect:
        width, height = size
        fonts = self.app.fonts
        top = fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28 + 24
        w = min(760, width - 80)
        return pygame.Rect((width - w) // 2, top, w, height - top - 48)

    def _row_h(self) -> int:
        return self.app.fonts.get("body").get_linesize() + 20

    def _rows(self, size: tuple[int, int]) -> tuple[int, list[pygame.Rect]]:
        """The first shown name and the rects of the visible name rows."""
        column = self._column(size)
        top = column.top + field_height(self.app.fonts) + 24
        row_h = self._row_h()
        visible = max(1, (column.bottom - top) // (row_h + 8))
        count = len(self.shown)
        first = max(0, min(count - visible, self.focus - 1 - visible // 2))
        rects = [
            pygame.Rect(column.left, top + i * (row_h + 8), column.width, row_h)
            for i in range(min(visible, count - first))
        ]
        return first, rects

    # --- input --------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        first, rects = self._rows(self.app.surface.get_size())
        hit = clicked(event, rects)
        if hit is not None:
            self.pick(self.shown[first + hit])
            return
        if self.field.edit(event):
            self.focus = 0 if self.field.value else self.focus
            return
        if event.type != pygame.KEYDOWN:
            return
        count = len(self.shown) + 1
        if event.key in (pygame.K_DOWN, pygame.K_TAB):
            self.focus = (self.focus + 1) % count
        elif event.key == pygame.K_UP:
            self.focus = (self.focus - 1) % count
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.focus == 0:
                if self.field.value.strip():
                    self.pick(self.field.value)
            else:
                self.pick(self.shown[self.focus - 1])
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def pick(self, name: str) -> None:
        self.app.set_trainee(name)
        self.app.pop()

    def update(self, dt: float) -> None:
        self.t += dt
        self.focus = min(self.focus, len(self.shown))

    # --- drawing ------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        widgets.header(
            surface,
            fonts,
            "Who is training?",
            "Pick your name or type a new one. Your results are kept under it.",
            self.app.trainee,
        )
        column = self._column(surface.get_size())
        field = pygame.Rect(column.left, column.top, column.width, field_height(fonts))
        draw_field(
            surface,
            fonts,
            field,
            "New trainee",
            self.field.value,
            self.focus == 0,
            "Type a name, then press Enter…",
            int(self.t * 2) % 2 == 0,
        )
        first, rects = self._rows(surface.get_size())
        body = fonts.get("body", bold=True)
        for offset, rect in enumerate(rects):
            index = first + offset
            name = self.shown[index]
            focused = self.focus == index + 1
            widgets.panel(
                surface,
                rect,
                theme.CARD if focused else theme.CARD_ALT,
                border=theme.ACCENT if focused else None,
            )
            r = rect.height // 2 - 6
            center = (rect.left + 16 + r, rect.centery)
            initial = theme.ACCENT if name != GUEST else theme.INK_FAINT
            pygame.draw.circle(surface, theme.mix(initial, theme.CARD, 0.75), center, r)
            widgets.text(surface, fonts.get("small", bold=True), name[:1].upper(), initial, center, "center")
            widgets.text(surface, body, name, theme.INK, (center[0] + r + 14, rect.centery), "midleft")
            tag = "current" if name == self.app.trainee else ("no saved name" if name == GUEST else "")
            if tag:
                widgets.text(
                    surface,
                    fonts.get("small"),
                    tag,
                    theme.INK_SOFT,
                    (rect.right - 20, rect.centery),
                    "midright",
                )
        if not self.shown:
            hint = f"No saved trainee called “{self.field.value.strip()}” yet: Enter adds them."
            top = field.bottom + 24
            widgets.text_block(
                surface,
                fonts.get("body"),
                hint,
                theme.INK_SOFT,
                pygame.Rect(column.left, top, column.width, 0),
            )
        notices = [Notice(self.problem, "warn")] if self.problem else []
        if notices:
            widgets.notices(
                surface, fonts, pygame.Rect(column.left, column.bottom - 60, column.width, 60), notices
            )
        footer = pygame.Rect(0, surface.get_height() - 36, surface.get_width(), 30)
        widgets.key_hints(
            surface,
            fonts,
            footer,
            [("type", "new name"), ("↑↓", "choose"), ("Enter", "use"), ("Esc", "back")],
        )
