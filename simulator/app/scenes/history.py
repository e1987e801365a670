"""My progress: attempts over time, per-step scores, moves most often missed, what to practise next.

One store query when the screen opens (``store.history`` is indexed); drawing only reads what
``enter`` prepared, so thousands of stored conversations cost nothing per frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.charts import step_chart
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked
from simulator.app.widgets import Notice
from simulator.engine.tips import LABELS
from simulator.scenario.model import Scenario

if TYPE_CHECKING:
    from simulator.app.app import App

CHART_POINTS = 30  # the latest finished attempts drawn in the chart
STEP_NAMES = {"listening": "Listening", "empathy": "Empathy", "resolution": "Resolution"}


@dataclass(frozen=True, slots=True)
class AttemptRow:
    when: str
    title: str
    overall: str
    outcome: str
    color: theme.Color


class HistoryScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.rows: list[AttemptRow] = []  # latest first
        self.series: dict[str, tuple[int, ...]] = {}
        self.missed: list[tuple[str, int]] = []
        self.suggestion: Scenario | None = None
        self.weakest: str | None = None
        self.summary = ""
        self.problem: str | None = None
        self.scroll = 0

    def enter(self) -> None:
        """The one query: the trainee's history, with each scenario's step emphasis."""
        from simulator.engine.scoring import step_emphasis

        self.problem = None
        try:
            scenarios = dict(self.app.library().scenarios)
        except Exception as exc:  # a broken folder must not crash the screen
            scenarios, self.problem = {}, f"The scenarios could not be loaded: {exc}"
        store = self.app.results.store
        if store is None:
            self.problem = "Results are not being saved in this session (--no-save), so there is no history."
            self.suggestion = scenarios.get("late-pizza") or next(iter(scenarios.values()), None)
            return
        try:
            history = store.history(self.app.trainee, {sid: step_emphasis(s) for sid, s in scenarios.items()})
        except Exception as exc:  # a store problem is shown, never raised
            self.problem = f"Your history could not be read: {exc}"
            return
        titles = {sid: s.title for sid, s in scenarios.items()}
        self.rows = [
            AttemptRow(
                a.started_at[:16].replace("T", " "),
                titles.get(a.scenario_id) or a.scenario_title or a.scenario_id,
                "–" if "overall" not in a.scores else str(a.scores["overall"]),
                theme.OUTCOME_LABELS.get(a.outcome or "", "Finished") if a.complete else "Left early",
                (theme.GOOD if a.passed else theme.BAD) if a.complete else theme.INK_FAINT,
            )
            for a in reversed(history.attempts)
        ]
        self.series = {k: v[-CHART_POINTS:] for k, v in history.series.items()}
        self.missed = list(history.missed[:5])
        self.weakest = history.weakest_step
        self.suggestion = scenarios.get(history.suggestion or "")
        done = len(history.series.get("overall", ()))
        best = max(history.series.get("overall", ()), default=None)
        self.summary = f"{len(history.attempts)} attempts  ·  {done} finished" + (
            f"  ·  best overall {best}" if best is not None else ""
        )
        self.scroll = 0

    # --- layout -------------------------------------------------------------------
    def _layout(self, size: tuple[int, int]) -> dict[str, pygame.Rect]:
        width, height = size
        fonts = self.app.fonts
        top = fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28
        pad = max(16, width // 50)
        body = pygame.Rect(pad, top + pad, width - 2 * pad, height - top - 2 * pad - 36)
        left_w = int(body.width * 0.56)
        chart_h = int(body.height * 0.58)
        right = pygame.Rect(body.left + left_w + pad, body.top, body.width - left_w - pad, body.height)
        suggest_h = fonts.get("small").get_linesize() * 2 + fonts.get("subtitle").get_linesize() * 2
        suggest_h += fonts.get("body").get_linesize() * 2 + 76
        out = {
            "chart": pygame.Rect(body.left, body.top, left_w, chart_h),
            "missed": pygame.Rect(body.left, body.top + chart_h + pad, left_w, body.height - chart_h - pad),
            "suggest": pygame.Rect(right.left, right.top, right.width, suggest_h),
            "attempts": pygame.Rect(
                right.left, right.top + suggest_h + pad, right.width, right.height - suggest_h - pad
            ),
        }
        button_h = fonts.get("body").get_linesize() + 18
        card = out["suggest"]
        out["start"] = pygame.Rect(card.left + 20, card.bottom - button_h - 18, card.width - 40, button_h)
        return out

    def _row_h(self) -> int:
        return self.app.fonts.get("body").get_linesize() + self.app.fonts.get("tiny").get_linesize() + 14

    def _visible(self) -> int:
        rect = self._layout(self.app.surface.get_size())["attempts"]
        head = self.app.fonts.get("body").get_linesize() + 24
        return max(1, (rect.height - head - 12) // self._row_h())

    # --- input --------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        start = self._layout(self.app.surface.get_size())["start"]
        if clicked(event, [start]) is not None:
            self.start_suggestion()
        elif event.type == pygame.MOUSEWHEEL:
            self._scroll(-event.y)
        elif event.type != pygame.KEYDOWN:
            return
        elif event.key in ACTIVATE_KEYS:
            self.start_suggestion()
        elif event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            page = self._visible()
            self._scroll(
                {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}[
                    event.key
                ]
            )
        elif event.key in (pygame.K_HOME, pygame.K_END):
            self.scroll = 0 if event.key == pygame.K_HOME else len(self.rows)
            self._scroll(0)
        elif event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.pop()

    def _scroll(self, rows: int) -> None:
        self.scroll = max(0, min(max(0, len(self.rows) - self._visible()), self.scroll + rows))

    def start_suggestion(self) -> None:
        if self.suggestion is None:
            return
        self.app.go("conversation", self.suggestion)

    # --- drawing ------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        widgets.header(
            surface,
            fonts,
            f"My progress — {self.app.trainee}",
            self.summary or "Your conversations, scores and what to practise next",
            self.app.trainee,
        )
        layout = self._layout(surface.get_size())
        chart = layout["chart"]
        widgets.panel(surface, chart)
        self._title(
            surface, chart, "Scores over time", f"last {CHART_POINTS} finished" if self.series else ""
        )
        head = fonts.get("body").get_linesize() + 24
        step_chart(
            surface,
            fonts,
            pygame.Rect(chart.left + 14, chart.top + head, chart.width - 28, chart.height - head - 12),
            self.series,
        )
        self._draw_missed(surface, layout["missed"])
        self._draw_suggestion(surface, layout["suggest"], layout["start"])
        self._draw_attempts(surface, layout["attempts"])
        if self.problem:
            box = layout["chart"].inflate(-40, 0)
            widgets.notices(
                surface,
                fonts,
                pygame.Rect(box.left, chart.centery, box.width, 0),
                [Notice(self.problem, "warn")],
            )
        footer = pygame.Rect(0, surface.get_height() - 34, surface.get_width(), 28)
        widgets.key_hints(
            surface,
            fonts,
            footer,
            [("Enter", "start suggestion"), ("↑↓", "scroll attempts"), ("Esc", "back")],
        )

    def _title(self, surface: pygame.Surface, rect: pygame.Rect, title: str, note: str = "") -> None:
        fonts = self.app.fonts
        widgets.text(surface, fonts.get("body", bold=True), title, theme.INK, (rect.left + 20, rect.top + 14))
        room = rect.width - 60 - fonts.get("body", bold=True).size(title)[0]
        if note and fonts.get("small").size(note)[0] <= room:
            widgets.text(
                surface,
                fonts.get("small"),
                note,
                theme.INK_SOFT,
                (rect.right - 20, rect.top + 16),
                "topright",
            )

    def _draw_missed(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        widgets.panel(surface, rect)
        self._title(surface, rect, "Moves you most often miss", "finished conversations")
        y = rect.top + fonts.get("body").get_linesize() + 26
        if not self.missed:
            widgets.text(
                surface, fonts.get("small"), "Nothing missed yet.", theme.INK_SOFT, (rect.left + 20, y)
            )
            return
        small = fonts.get("small", bold=True)
        line = small.get_linesize() + 10
        most = self.missed[0][1] or 1
        label_w = max(small.size(LABELS.get(m, m))[0] for m, _ in self.missed) + 16
        label_w = min(label_w, rect.width // 2)
        for move, count in self.missed:
            if y + line > rect.bottom - 8:
                break
            name = widgets.fit(small, LABELS.get(move, move.replace("_", " ")), label_w - 12)
            widgets.text(surface, small, name, theme.INK, (rect.left + 20, y))
            bar_w = rect.width - label_w - fonts.get("small").size("× 999")[0] - 40
            bar = pygame.Rect(rect.left + 20 + label_w, y + 4, max(8, bar_w * count // most), line - 18)
            pygame.draw.rect(
                surface, theme.mix(theme.WARN, theme.CARD, 0.2), bar, border_radius=bar.height // 2
            )
            widgets.text(surface, fonts.get("small"), f"× {count}", theme.INK_SOFT, (bar.right + 8, y))
            y += line

    def _draw_suggestion(self, surface: pygame.Surface, rect: pygame.Rect, button: pygame.Rect) -> None:
        fonts = self.app.fonts
        widgets.panel(surface, rect, theme.CARD, border=theme.ACCENT)
        inner = rect.inflate(-40, -28)
        widgets.text(
            surface, fonts.get("small", bold=True), "SUGGESTED NEXT", theme.ACCENT_DARK, inner.topleft
        )
        y = inner.top + fonts.get("small").get_linesize() + 4
        if self.suggestion is None:
            widgets.text(
                surface, fonts.get("body"), "No scenario to suggest.", theme.INK_SOFT, (inner.left, y)
            )
            return
        y += widgets.text_block(
            surface,
            fonts.get("subtitle", bold=True),
            self.suggestion.title,
            theme.INK,
            pygame.Rect(inner.left, y, inner.width, 0),
            max_lines=2,
        )
        step = STEP_NAMES.get(self.weakest or "", "")
        why = (
            f"Your weakest step lately is {step}: this scenario practises it most."
            if step
            else "A good first conversation: it practises listening."
        )
        widgets.text_block(
            surface,
            fonts.get("small"),
            why,
            theme.INK_SOFT,
            pygame.Rect(inner.left, y + 4, inner.width, 0),
            max_lines=2,
        )
        widgets.button(surface, fonts, button, "Start this scenario", True)

    def _draw_attempts(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        widgets.panel(surface, rect)
        self._title(surface, rect, "Attempts", "latest first" if self.rows else "")
        inner = pygame.Rect(
            rect.left + 20,
            rect.top + fonts.get("body").get_linesize() + 24,
            rect.width - 40,
            rect.height - fonts.get("body").get_linesize() - 36,
        )
        if not self.rows:
            widgets.text_block(
                surface,
                fonts.get("small"),
                "No conversations yet: start the suggestion above.",
                theme.INK_SOFT,
                inner,
            )
            return
        row_h = self._row_h()
        body, tiny = fonts.get("body", bold=True), fonts.get("tiny")
        chip_font = fonts.get("tiny", bold=True)
        score_w = fonts.get("subtitle", bold=True).size("100")[0]
        shown = self.rows[self.scroll : self.scroll + self._visible()]
        for index, row in enumerate(shown):
            box = pygame.Rect(inner.left, inner.top + index * row_h, inner.width, row_h - 6)
            if (self.scroll + index) % 2 == 0:
                pygame.draw.rect(surface, theme.CARD_ALT, box, border_radius=8)
            score = widgets.text(
                surface,
                fonts.get("subtitle", bold=True),
                row.overall,
                row.color,
                (box.right - 10, box.centery),
                "midright",
            )
            text_w = box.width - score_w - 30
            title = widgets.wrap(body, row.title, text_w)[0]
            widgets.text(surface, body, title, theme.INK, (box.left + 10, box.top + 4))
            y = box.top + 6 + body.get_linesize()
            x = widgets.text(surface, tiny, row.when, theme.INK_SOFT, (box.left + 10, y)).right + 10
            if x + widgets.chip_width(chip_font, row.outcome) < score.left:
                widgets.chip(
                    surface,
                    chip_font,
                    row.outcome,
                    (x, y - 2),
                    theme.mix(row.color, theme.CARD, 0.82),
                    row.color,
                )
        if len(self.rows) > len(shown):
            more = f"{self.scroll + 1}–{self.scroll + len(shown)} of {len(self.rows)}"
            widgets.text(
                surface,
                fonts.get("tiny", bold=True),
                more,
                theme.INK_FAINT,
                (rect.right - 20, rect.bottom - 8),
                "bottomright",
            )
