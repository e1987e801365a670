"""Group session: pick a training group (or create one) for hot-seat turns in front of the class."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked, move_focus
from simulator.app.widgets import Notice
from simulator.store.groups import Group

if TYPE_CHECKING:
    from simulator.app.app import App


class GroupPickScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.groups: list[Group] = []
        self.focus = 0  # 0 = new group, 1.. = groups (latest first)
        self.problem: str | None = None

    def enter(self) -> None:
        store = self.app.results.store
        self.problem = None
        if store is None:
            self.problem = "Group sessions need the results store (this session is not being saved)."
            self.groups = []
            return
        try:
            self.groups = list(reversed(store.groups()))
        except Exception as exc:  # a store problem is shown, never raised
            self.problem, self.groups = f"The groups could not be read: {exc}", []
        self.focus = min(self.focus, len(self.groups))

    def _rows(self, size: tuple[int, int]) -> tuple[int, list[pygame.Rect]]:
        width, height = size
        fonts = self.app.fonts
        top = fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28 + 24
        row_h = fonts.get("body").get_linesize() + fonts.get("small").get_linesize() + 24
        w = min(900, width - 80)
        visible = max(1, (height - top - 60) // (row_h + 10))
        count = len(self.groups) + 1
        first = max(0, min(count - visible, self.focus - visible // 2))
        rects = [
            pygame.Rect((width - w) // 2, top + i * (row_h + 10), w, row_h)
            for i in range(min(visible, count - first))
        ]
        return first, rects

    def handle(self, event: pygame.event.Event) -> None:
        self.focus = move_focus(self.focus, len(self.groups) + 1, event)
        first, rects = self._rows(self.app.surface.get_size())
        hit = clicked(event, rects)
        if hit is not None:
            self.focus = first + hit
            self.activate()
        elif event.type != pygame.KEYDOWN:
            return
        elif event.key in ACTIVATE_KEYS:
            self.activate()
        elif event.key == pygame.K_l and self.focus > 0:
            self.app.go("leaderboard", self.groups[self.focus - 1].group_id)
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def activate(self) -> None:
        if self.app.results.store is None:
            return
        if self.focus == 0:
            self.app.go("group_form")
        else:
            self.app.go("group_seat", self.groups[self.focus - 1].group_id)

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        widgets.header(
            surface,
            fonts,
            "Group session",
            "Trainees take turns in the hot seat while the class watches",
            self.app.trainee,
        )
        first, rects = self._rows(surface.get_size())
        body, small = fonts.get("body", bold=True), fonts.get("small")
        for offset, rect in enumerate(rects):
            index = first + offset
            focused = index == self.focus
            widgets.panel(
                surface,
                rect,
                theme.CARD if focused else theme.CARD_ALT,
                border=theme.ACCENT if focused else None,
            )
            inner = rect.inflate(-32, -20)
            if index == 0:
                widgets.text(surface, body, "+  New group", theme.ACCENT_DARK, inner.topleft)
                hint = "Name it, type the roster (or a CSV file), choose the scenario plan."
                widgets.text(
                    surface, small, hint, theme.INK_SOFT, (inner.left, inner.top + body.get_linesize() + 4)
                )
                continue
            group = self.groups[index - 1]
            widgets.text(surface, body, group.name, theme.INK, inner.topleft)
            when = group.created_at[:10]
            widgets.text(surface, small, when, theme.INK_FAINT, (inner.right, inner.top), "topright")
            people = ", ".join(group.roster[:6]) + ("…" if len(group.roster) > 6 else "")
            plan = theme.PLAN_LABELS.get(group.plan, group.plan)
            about = f"{len(group.roster)} trainees: {people}  ·  {plan}"
            widgets.text_block(
                surface,
                small,
                about,
                theme.INK_SOFT,
                pygame.Rect(inner.left, inner.top + body.get_linesize() + 4, inner.width, 0),
                max_lines=1,
            )
        if self.problem and rects:
            box = pygame.Rect(rects[0].left, rects[-1].bottom + 16, rects[0].width, 0)
            widgets.notices(surface, fonts, box, [Notice(self.problem, "warn")])
        footer = pygame.Rect(0, surface.get_height() - 36, surface.get_width(), 30)
        widgets.key_hints(
            surface,
            fonts,
            footer,
            [("↑↓", "choose"), ("Enter", "open"), ("L", "leaderboard"), ("Esc", "back")],
        )
