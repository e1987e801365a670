"""Choose a scenario: a list on the left, its briefing on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked, move_focus
from simulator.app.widgets import Notice
from simulator.content_files import Library
from simulator.scenario.model import Scenario

if TYPE_CHECKING:
    from simulator.app.app import App


class ScenarioSelectScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.focus = 0
        self.scenarios: list[Scenario] = []
        self.errors: list[str] = []
        self.scroll = 0  # pixels the briefing is scrolled

    def enter(self) -> None:
        try:
            library = self.app.library()
        except Exception as exc:  # a broken folder must not crash the menu
            library = Library()
            self.errors = [f"The scenarios could not be loaded: {exc}"]
        else:
            self.errors = [str(e) for e in library.errors]
        order = {"easy": 0, "medium": 1, "hard": 2}
        self.scenarios = sorted(
            library.scenarios.values(), key=lambda s: (order.get(s.difficulty, 3), s.title)
        )
        self.focus = min(self.focus, max(0, len(self.scenarios) - 1))
        for scenario in self.scenarios:  # the neural voice renders openings ahead (cached on disk)
            self.app.voice.prefetch(list(scenario.lines.opening), scenario.customer.voice)

    def _rows(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """Rects of the visible rows, as (index, rect) pairs folded into a list aligned with _visible()."""
        width, height = size
        pad = max(20, width // 40)
        top = self._header_h() + pad
        row_h, gap = self._row_h(), 10
        visible = max(1, (height - top - pad - 40) // (row_h + gap))
        first = self._first(visible)
        list_w = int(width * 0.36)
        count = min(visible, len(self.scenarios) - first)
        return [pygame.Rect(pad, top + i * (row_h + gap), list_w, row_h) for i in range(count)]

    def _row_h(self) -> int:
        tiny = self.app.fonts.get("tiny", bold=True)
        chip_h = tiny.get_height() + 2 * max(2, tiny.get_height() // 6)  # as widgets.chip draws it
        return self.app.fonts.get("body").get_linesize() + chip_h + 26

    def _first(self, visible: int) -> int:
        """The first listed scenario: keeps the focused one in view, centred when possible."""
        most = max(0, len(self.scenarios) - visible)
        return max(0, min(most, self.focus - visible // 2))

    def _visible_first(self, size: tuple[int, int]) -> int:
        width, height = size
        top = self._header_h() + max(20, width // 40)
        visible = max(1, (height - top - max(20, width // 40) - 40) // (self._row_h() + 10))
        return self._first(visible)

    def _header_h(self) -> int:
        fonts = self.app.fonts
        return fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28

    def handle(self, event: pygame.event.Event) -> None:
        focus = self.focus
        self.focus = move_focus(self.focus, len(self.scenarios), event)
        if self.focus != focus:
            self.scroll = 0
        step = self.app.fonts.get("body").get_linesize() * 4
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.scroll += step if event.key == pygame.K_PAGEDOWN else -step
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll -= event.y * step // 2
        self.scroll = max(0, min(self.scroll, self._max_scroll()))
        size = self.app.surface.get_size()
        hit = clicked(event, self._rows(size))
        if hit is not None:
            hit += self._visible_first(size)
            if hit == self.focus:
                self.start()
            self.focus = hit
        elif event.type == pygame.KEYDOWN and event.key in ACTIVATE_KEYS:
            self.start()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.pop()

    def start(self) -> None:
        if not self.scenarios:
            return
        self.app.go("conversation", self.scenarios[self.focus])

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        width, height = surface.get_size()
        widgets.header(
            surface, fonts, "Choose a scenario", "Who is waiting at the counter today?", self.app.trainee
        )
        rows = self._rows(surface.get_size())
        first = self._visible_first(surface.get_size())
        shown = self.scenarios[first : first + len(rows)]
        for index, (rect, scenario) in enumerate(zip(rows, shown, strict=True), start=first):
            focused = index == self.focus
            widgets.panel(
                surface,
                rect,
                theme.CARD if focused else theme.CARD_ALT,
                border=theme.ACCENT if focused else None,
            )
            inner = rect.inflate(-28, -20)
            title = widgets.fit(fonts.get("body", bold=True), scenario.title, inner.width)
            widgets.text(surface, fonts.get("body", bold=True), title, theme.INK, inner.topleft)
            y = inner.top + fonts.get("body").get_linesize() + 4
            x = inner.left
            small = fonts.get("tiny", bold=True)
            diff = theme.DIFFICULTY_COLORS.get(scenario.difficulty, theme.INK_SOFT)
            x = (
                widgets.chip(
                    surface,
                    small,
                    scenario.difficulty.capitalize(),
                    (x, y),
                    theme.mix(diff, theme.CARD, 0.8),
                    diff,
                ).right
                + 8
            )
            channel = theme.CHANNEL_LABELS.get(scenario.channel, scenario.channel)
            widgets.chip(surface, small, channel, (x, y), theme.INFO_SOFT, theme.INK_SOFT)
        pad = max(20, width // 40)
        if rows and first + len(rows) < len(self.scenarios):
            more = f"▼ {len(self.scenarios) - first - len(rows)} more"
            more_x = rows[-1].right - widgets.chip_width(fonts.get("tiny", bold=True), more)
            widgets.chip(
                surface,
                fonts.get("tiny", bold=True),
                more,
                (more_x, rows[-1].bottom + 2),
                theme.INK,
                theme.CARD,
            )
        if first:
            widgets.chip(
                surface,
                fonts.get("tiny", bold=True),
                f"▲ {first} more",
                (rows[0].left, rows[-1].bottom + 2),  # below the list, beside "▼ more"
                theme.INK,
                theme.CARD,
            )
        detail = self._detail_rect((width, height))
        if not self.scenarios:
            widgets.panel(surface, detail)
            empty = "No scenarios were found. Add YAML files to your scenarios folder."
            widgets.text_block(surface, fonts.get("body"), empty, theme.INK_SOFT, detail.inflate(-40, -40))
        else:
            self._draw_detail(surface, detail, self.scenarios[self.focus])
        if self.errors:
            problems = [Notice(f"Could not load: {e}", "error") for e in self.errors[:3]]
            bottom = rows[-1].bottom + 16 if rows else self._header_h() + pad
            widgets.notices(surface, fonts, pygame.Rect(pad, bottom, int(width * 0.36), height), problems)
        footer = pygame.Rect(0, height - 36, width, 30)
        hints = [("↑↓", "choose"), ("Enter", "start"), ("Esc", "back")]
        if self._max_scroll():
            hints.insert(1, ("PgUp PgDn", "read the briefing"))
        widgets.key_hints(surface, fonts, footer, hints)

    def _detail_rect(self, size: tuple[int, int]) -> pygame.Rect:
        width, height = size
        pad = max(20, width // 40)
        detail = pygame.Rect(int(width * 0.36) + 2 * pad, self._header_h() + pad, 0, 0)
        detail.width = width - detail.left - pad
        detail.height = height - detail.top - pad - 40
        return detail

    def _detail_parts(self, rect: pygame.Rect, scenario: Scenario) -> tuple[int, pygame.Rect, int]:
        """(height of the title block, the scrolling text area, the height of the text in it)."""
        fonts = self.app.fonts
        inner = rect.inflate(-48, -40)
        title = min(2, len(widgets.wrap(fonts.get("title", bold=True), scenario.title, inner.width)))
        top_h = title * fonts.get("title").get_linesize() + 8 + fonts.get("body").get_linesize() + 14
        meter_h = fonts.get("small").get_linesize() + 18
        bottom_h = meter_h + 12 + fonts.get("small").get_linesize() + 10 + fonts.get("body").get_linesize()
        area = pygame.Rect(inner.left, inner.top + top_h, inner.width, inner.height - top_h - bottom_h - 12)
        label, body = fonts.get("small").get_linesize() + 4, fonts.get("body")
        text_h = (
            2 * label
            + widgets.block_height(body, scenario.briefing.strip(), area.width)
            + 14
            + widgets.block_height(body, scenario.customer.persona.strip(), area.width)
        )
        return top_h, area, text_h

    def _max_scroll(self) -> int:
        if not self.scenarios:
            return 0
        _, area, text_h = self._detail_parts(
            self._detail_rect(self.app.surface.get_size()), self.scenarios[self.focus]
        )
        return max(0, text_h - area.height)

    def _draw_detail(self, surface: pygame.Surface, rect: pygame.Rect, scenario: Scenario) -> None:
        """Title and customer at the top; briefing and customer notes scroll (PgUp/PgDn) in full;
        the starting mood, pass mark and how to start stay at the bottom."""
        fonts = self.app.fonts
        widgets.panel(surface, rect)
        inner = rect.inflate(-48, -40)
        _, area, text_h = self._detail_parts(rect, scenario)
        y = inner.top
        y += widgets.text_block(
            surface,
            fonts.get("title", bold=True),
            scenario.title,
            theme.INK,
            pygame.Rect(inner.left, y, inner.width, 0),
            max_lines=2,
        )
        y += 8
        customer = scenario.customer
        who = f"Customer: {customer.name}  ·  {theme.CHANNEL_LABELS.get(scenario.channel, scenario.channel)}"
        who = widgets.fit(fonts.get("body", bold=True), who, inner.width)
        widgets.text(surface, fonts.get("body", bold=True), who, theme.ACCENT_DARK, (inner.left, y))
        scroll = max(0, min(self.scroll, text_h - area.height))
        clip = surface.get_clip()
        surface.set_clip(area.clip(clip))
        y = area.top - scroll
        for heading, content, color in (
            ("YOUR BRIEFING", scenario.briefing.strip(), theme.INK),
            ("ABOUT THE CUSTOMER", customer.persona.strip(), theme.INK_SOFT),
        ):
            widgets.text(surface, fonts.get("small", bold=True), heading, theme.INK_FAINT, (area.left, y))
            y += fonts.get("small").get_linesize() + 4
            y += widgets.text_block(
                surface, fonts.get("body"), content, color, pygame.Rect(area.left, y, area.width, 0)
            )
            y += 14
        surface.set_clip(clip)
        if text_h > area.height:  # arrows at the right edge say there is more to read
            _scroll_marks(surface, area, scroll > 0, scroll < text_h - area.height)
        y = area.bottom + 12
        meter_h = fonts.get("small").get_linesize() + 18
        widgets.anger_meter(
            surface, fonts, pygame.Rect(inner.left, y, min(360, inner.width), meter_h), customer.anger
        )
        facts = f"Pass mark {scenario.pass_mark}  ·  up to {scenario.max_turns} answers"
        y += meter_h + 10
        widgets.text(surface, fonts.get("small"), facts, theme.INK_SOFT, (inner.left, y))
        hint = widgets.fit(fonts.get("body", bold=True), "Press Enter to step into the hot seat", inner.width)
        widgets.text(
            surface,
            fonts.get("body", bold=True),
            hint,
            theme.ACCENT,
            (inner.right, inner.bottom),
            "bottomright",
        )


def _scroll_marks(surface: pygame.Surface, area: pygame.Rect, up: bool, down: bool) -> None:
    x, size = area.right + 14, 7
    if up:
        top = area.top
        pygame.draw.polygon(surface, theme.ACCENT, [(x - size, top + size), (x + size, top + size), (x, top)])
    if down:
        bottom = area.bottom
        pygame.draw.polygon(
            surface, theme.ACCENT, [(x - size, bottom - size), (x + size, bottom - size), (x, bottom)]
        )
