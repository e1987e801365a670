"""Who is up next in the hot seat, and with which customer: big enough for a projector."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.character import Pose, draw_customer, draw_stage
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked, move_focus
from simulator.app.widgets import Notice
from simulator.scenario.model import Scenario
from simulator.store.groups import Group

if TYPE_CHECKING:
    from simulator.app.app import App

BUTTONS = ("Start turn", "Leaderboard", "Back")


class GroupSeatScene(Scene):
    frame_rate = 12  # the customer breathes and blinks

    def __init__(self, app: App, group_id: str) -> None:
        super().__init__(app)
        self.group_id = group_id
        self.group: Group | None = None
        self.trainee = ""
        self.scenario: Scenario | None = None
        self.scenario_id = ""
        self.turns: Counter[str] = Counter()
        self.round = 1
        self.problem: str | None = None
        self.focus = 0
        self.t = 0.0

    def enter(self) -> None:
        """Ask the store who is next (once per visit, not per frame)."""
        store = self.app.results.store
        self.problem = None
        if store is None:
            self.problem = "Group sessions need the results store."
            return
        try:
            self.group = store.group(self.group_id)
            self.trainee, self.scenario_id = store.next_up(self.group_id)
            started = store.sessions(group_id=self.group_id, with_turns=False)
            scenarios = self.app.library().scenarios
        except Exception as exc:  # a store or library problem is shown, never raised
            self.problem = f"The group could not be read: {exc}"
            return
        self.turns = Counter(r.trainee.casefold() for r in started)
        self.round = min((self.turns[n.casefold()] for n in self.group.roster), default=0) + 1
        self.scenario = scenarios.get(self.scenario_id)
        if self.scenario is None:
            self.problem = f"Scenario '{self.scenario_id}' is not in the library any more."

    def _buttons(self, size: tuple[int, int]) -> list[pygame.Rect]:
        width, height = size
        fonts = self.app.fonts
        button_h = fonts.get("subtitle").get_linesize() + 22
        widths = [fonts.get("subtitle", bold=True).size(b)[0] + 70 for b in BUTTONS]
        pad = max(24, width // 30)
        y = height - 44 - button_h - fonts.get("small").get_linesize() * 2 - 30
        rects, x = [], pad
        for w in widths:
            rects.append(pygame.Rect(x, y, w, button_h))
            x += w + 18
        return rects

    def handle(self, event: pygame.event.Event) -> None:
        self.focus = move_focus(self.focus, len(BUTTONS), event, horizontal=True)
        hit = clicked(event, self._buttons(self.app.surface.get_size()))
        if hit is not None:
            self.activate(hit)
        elif event.type != pygame.KEYDOWN:
            return
        elif event.key in ACTIVATE_KEYS:
            self.activate(self.focus)
        elif event.key == pygame.K_l:
            self.activate(1)
        elif event.key == pygame.K_ESCAPE:
            self.activate(2)

    def activate(self, index: int) -> None:
        if index == 0 and self.scenario is not None and self.trainee:
            self.app.go("conversation", self.scenario, self.trainee, self.group_id)
        elif index == 1:
            self.app.go("leaderboard", self.group_id)
        elif index == 2:
            self.app.pop()

    def update(self, dt: float) -> None:
        self.t += dt

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        width = surface.get_width()
        name = self.group.name if self.group else "Group"
        size = len(self.group.roster) if self.group else 0
        top = widgets.header(surface, fonts, name, f"Round {self.round}  ·  {size} trainees")
        pad = max(24, width // 30)
        buttons = self._buttons(surface.get_size())
        stage = pygame.Rect(
            int(width * 0.62), top + pad, width - int(width * 0.62) - pad, buttons[0].top - top - 2 * pad
        )
        anger = float(self.scenario.customer.anger) if self.scenario else 50.0
        widgets.panel(surface, stage, theme.CARD)
        inner = stage.inflate(-16, -16)
        clip = surface.get_clip()
        surface.set_clip(inner)
        draw_stage(surface, inner, anger)
        draw_customer(
            surface,
            inner,
            Pose(anger, self.t, False, self.scenario.channel, self.scenario.customer.appearance)
            if self.scenario
            else Pose(anger, self.t),
        )
        surface.set_clip(clip)
        left_w = stage.left - 2 * pad
        y = top + pad
        widgets.text(
            surface, fonts.get("subtitle", bold=True), "NEXT IN THE HOT SEAT", theme.ACCENT_DARK, (pad, y)
        )
        y += fonts.get("subtitle").get_linesize() + 4
        space = buttons[0].top - 16 - y  # everything below must fit above the buttons
        pixels = min(round(fonts.size("hero") * 1.25), max(24, space * 2 // 5))
        big = fonts.sized(pixels, bold=True)
        while big.size(self.trainee or "—")[0] > left_w and pixels > 20:
            pixels -= 4  # (a font's height is more than its pixel size: shrink the size itself)
            big = fonts.sized(pixels, bold=True)
        widgets.text(surface, big, self.trainee or "—", theme.INK, (pad - 4, y))
        y += big.get_linesize() + 8
        title_font = fonts.get("title", bold=True)
        lines = 2 if buttons[0].top - y > 3 * title_font.get_linesize() + 60 else 1
        if self.scenario is not None:
            y += widgets.text_block(
                surface, title_font, self.scenario.title, theme.INK, pygame.Rect(pad, y, left_w, 0), lines
            )
            y += 6
            chip_font = fonts.get("small", bold=True)
            if y + chip_font.get_linesize() + 8 > buttons[0].top - 8:
                self._draw_tail(surface, buttons, pad, left_w, top)
                return
            diff = theme.DIFFICULTY_COLORS.get(self.scenario.difficulty, theme.INK_SOFT)
            x = (
                widgets.chip(
                    surface,
                    chip_font,
                    self.scenario.difficulty.capitalize(),
                    (pad, y),
                    theme.mix(diff, theme.CARD, 0.8),
                    diff,
                ).right
                + 10
            )
            channel = theme.CHANNEL_LABELS.get(self.scenario.channel, self.scenario.channel)
            x = widgets.chip(surface, chip_font, channel, (x, y), theme.INFO_SOFT, theme.INK_SOFT).right + 10
            who = f"Customer: {self.scenario.customer.name}"
            widgets.text(surface, fonts.get("body", bold=True), who, theme.ACCENT_DARK, (x + 6, y))
            y += chip_font.get_linesize() + 18
            room = max(0, (buttons[0].top - 16 - y) // fonts.get("subtitle").get_linesize())
            if room:
                widgets.text_block(
                    surface,
                    fonts.get("subtitle"),
                    self.scenario.briefing.strip(),
                    theme.INK_SOFT,
                    pygame.Rect(pad, y, left_w, 0),
                    max_lines=min(4, room),
                )
        self._draw_tail(surface, buttons, pad, left_w, top)

    def _draw_tail(
        self, surface: pygame.Surface, buttons: list[pygame.Rect], pad: int, left_w: int, top: int
    ) -> None:
        """Buttons, the class roster, notices and key hints."""
        fonts = self.app.fonts
        width, height = surface.get_size()
        for index, (rect, label) in enumerate(zip(buttons, BUTTONS, strict=True)):
            self._button(surface, rect, label, index == self.focus, index == 0)
        self._draw_roster(surface, pygame.Rect(pad, buttons[0].bottom + 18, width - 2 * pad, 0))
        if self.problem:
            widgets.notices(
                surface, fonts, pygame.Rect(pad, top + pad, left_w, 0), [Notice(self.problem, "warn")]
            )
        footer = pygame.Rect(0, height - 36, width, 30)
        widgets.key_hints(
            surface, fonts, footer, [("Enter", "start the turn"), ("L", "leaderboard"), ("Esc", "back")]
        )

    def _button(
        self, surface: pygame.Surface, rect: pygame.Rect, label: str, focused: bool, primary: bool
    ) -> None:
        fonts = self.app.fonts
        fill = theme.ACCENT if focused else (theme.ACCENT_SOFT if primary else theme.CARD)
        ink = theme.CARD if focused else (theme.ACCENT_DARK if primary else theme.INK)
        widgets.panel(surface, rect, fill, radius=rect.height // 2)
        if focused:
            pygame.draw.rect(
                surface, theme.ACCENT_DARK, rect.inflate(6, 6), width=3, border_radius=rect.height // 2 + 3
            )
        widgets.text(surface, fonts.get("subtitle", bold=True), label, ink, rect.center, "center")

    def _draw_roster(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        if self.group is None:
            return
        fonts = self.app.fonts
        font = fonts.get("small", bold=True)
        x, y = rect.left, rect.top
        widgets.text(surface, fonts.get("small"), "Class:", theme.INK_SOFT, (x, y + 3))
        x += fonts.get("small").size("Class: ")[0] + 4
        for name in self.group.roster:
            done = self.turns[name.casefold()] >= self.round
            label = ("✓ " if done else "") + name
            if x + widgets.chip_width(font, label) > rect.right:
                widgets.text(surface, font, "…", theme.INK_SOFT, (x, y))
                break
            if name == self.trainee:
                bg, fg = theme.WARM, theme.INK
            else:
                bg, fg = (theme.GOOD_SOFT, theme.GOOD) if done else (theme.BG_DEEP, theme.INK_SOFT)
            x = widgets.chip(surface, font, label, (x, y), bg, fg).right + 8
