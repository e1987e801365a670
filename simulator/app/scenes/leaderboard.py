"""A group's leaderboard and class summary; A anonymises, E exports the HTML and CSV report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.charts import SERIES_TITLES, series_color
from simulator.app.scenes.base import Scene
from simulator.app.widgets import Notice
from simulator.engine.tips import LABELS
from simulator.store.summary import ClassSummary

if TYPE_CHECKING:
    from simulator.app.app import App

MEDALS = ((233, 180, 60), (170, 178, 190), (196, 132, 86))


def label(move: str) -> str:
    return LABELS.get(move, move.replace("_", " "))


class LeaderboardScene(Scene):
    def __init__(self, app: App, group_id: str) -> None:
        super().__init__(app)
        self.group_id = group_id
        self.anonymise = False
        self.summary: ClassSummary | None = None
        self.problem: str | None = None
        self.notice: Notice | None = None
        self.scroll = 0

    def enter(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """One summary query (on entering and on toggling anonymise)."""
        store = self.app.results.store
        if store is None:
            self.problem = "The leaderboard needs the results store."
            return
        try:
            self.summary = store.class_summary(self.group_id, anonymise=self.anonymise)
            self.problem = None
        except Exception as exc:  # a store problem is shown, never raised
            self.problem = f"The class summary could not be read: {exc}"

    def handle(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_a:
            self.anonymise = not self.anonymise
            self.refresh()
        elif event.key == pygame.K_e:
            self.export()
        elif event.key in (pygame.K_UP, pygame.K_DOWN):
            rows = len(self.summary.leaderboard) if self.summary else 0
            self.scroll = max(0, min(rows - 1, self.scroll + (1 if event.key == pygame.K_DOWN else -1)))
        elif event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_RETURN):
            self.app.pop()

    def export(self) -> None:
        from simulator.app.reports import export_group

        if self.summary is None:
            return
        try:
            html, table = export_group(self.app, self.summary)
        except Exception as exc:  # a full disk or a read-only folder is shown, never raised
            self.notice = Notice(f"The report could not be written: {exc}", "error")
            return
        self.notice = Notice(f"Saved {html} and {table.name}", "ok")

    # --- drawing ------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        width, height = surface.get_size()
        s = self.summary
        title = f"Leaderboard — {s.group_name}" if s else "Leaderboard"
        sub = ""
        if s is not None:
            sub = f"{s.sessions} conversations  ·  {s.finished} finished"
            if s.improvement is not None:
                sub += f"  ·  {s.improvement:+.1f} overall since each trainee's previous conversation"
        if self.anonymise:
            sub = "Names hidden  ·  " + sub
        top = widgets.header(surface, fonts, title, sub)
        pad = max(16, width // 50)
        body = pygame.Rect(pad, top + pad, width - 2 * pad, height - top - 2 * pad - 36)
        left = pygame.Rect(body.left, body.top, int(body.width * 0.52), body.height)
        right = pygame.Rect(left.right + pad, body.top, body.right - left.right - pad, body.height)
        shown = [n for n in (self.problem and Notice(self.problem, "warn"), self.notice) if n]
        if shown:
            used = widgets.notices(surface, fonts, pygame.Rect(left.left, left.top, body.width, 0), shown)
            left.top += used
            left.height -= used
            right.top += used
            right.height -= used
        self._draw_board(surface, left)
        avg_h = fonts.get("small").get_linesize() * 4 + fonts.get("body").get_linesize() + 70
        averages = pygame.Rect(right.left, right.top, right.width, avg_h)
        rest = right.height - avg_h - pad
        missed = pygame.Rect(right.left, averages.bottom + pad, right.width, rest * 2 // 5)
        harmful = pygame.Rect(
            right.left, missed.bottom + pad, right.width, right.bottom - missed.bottom - pad
        )
        self._draw_averages(surface, averages)
        self._draw_missed(surface, missed)
        self._draw_harmful(surface, harmful)
        footer = pygame.Rect(0, height - 34, width, 28)
        hints = [
            ("A", "show names" if self.anonymise else "hide names"),
            ("E", "export HTML + CSV"),
            ("↑↓", "scroll"),
            ("Esc", "back"),
        ]
        widgets.key_hints(surface, fonts, footer, hints)

    def _card(self, surface: pygame.Surface, rect: pygame.Rect, title: str) -> int:
        widgets.panel(surface, rect)
        font = self.app.fonts.get("body", bold=True)
        widgets.text(surface, font, title, theme.INK, (rect.left + 20, rect.top + 12))
        return rect.top + font.get_linesize() + 20

    def _draw_board(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        y = self._card(surface, rect, "Leaderboard")
        small, tiny = fonts.get("small", bold=True), fonts.get("tiny", bold=True)
        unit = tiny.size("CHANGE")[0] + 18
        cols = {
            "best": rect.right - 30 - 2 * unit,
            "latest": rect.right - 30 - unit,
            "change": rect.right - 30,
        }
        for key, text in (("best", "BEST"), ("latest", "LATEST"), ("change", "CHANGE")):
            widgets.text(surface, tiny, text, theme.INK_FAINT, (cols[key], y), "topright")
        y += tiny.get_linesize() + 6
        if self.summary is None or not self.summary.leaderboard:
            widgets.text(
                surface, fonts.get("small"), "No turns taken yet.", theme.INK_SOFT, (rect.left + 20, y)
            )
            return
        row_h = fonts.get("subtitle").get_linesize() + 14
        name_font = fonts.get("subtitle" if rect.width > 480 else "body", bold=True)
        for index, row in enumerate(self.summary.leaderboard[self.scroll :]):
            box = pygame.Rect(rect.left + 12, y, rect.width - 24, row_h - 4)
            if box.bottom > rect.bottom - 10:
                break
            if index % 2 == 0:
                pygame.draw.rect(surface, theme.CARD_ALT, box, border_radius=8)
            r = row_h // 2 - 6
            center = (box.left + 12 + r, box.centery)
            medal = MEDALS[row.rank - 1] if row.rank <= 3 and row.best_overall is not None else theme.BG_DEEP
            pygame.draw.circle(surface, medal, center, r)
            widgets.text(surface, small, str(row.rank), theme.INK, center, "center")
            done = f"{row.finished}/{row.attempts} turns"
            done_w = fonts.get("tiny").size(done)[0]
            room = cols["best"] - center[0] - r - 12 - name_font.size("100")[0] - 12
            show_done = room > 3 * done_w
            name_w = room - (done_w + 16 if show_done else 0)
            name = widgets.fit(name_font, row.trainee, name_w)
            widgets.text(surface, name_font, name, theme.INK, (center[0] + r + 12, box.centery), "midleft")
            if show_done:
                x = center[0] + r + 12 + room
                widgets.text(surface, fonts.get("tiny"), done, theme.INK_SOFT, (x, box.centery), "midright")
            best = "–" if row.best_overall is None else str(row.best_overall)
            widgets.text(surface, name_font, best, theme.INK, (cols["best"], box.centery), "midright")
            latest = str(row.latest.get("overall", "–"))
            widgets.text(surface, small, latest, theme.INK_SOFT, (cols["latest"], box.centery), "midright")
            if row.improvement is not None:
                color = theme.GOOD if row.improvement >= 0 else theme.BAD
                arrow = "▲" if row.improvement > 0 else ("▼" if row.improvement < 0 else "•")
                widgets.text(
                    surface,
                    small,
                    f"{arrow} {row.improvement:+d}",
                    color,
                    (cols["change"], box.centery),
                    "midright",
                )
            y += row_h

    def _draw_averages(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        y = self._card(surface, rect, "Class average per step")
        small = fonts.get("small", bold=True)
        values = self.summary.step_averages if self.summary else {}
        label_w = max(small.size(t)[0] for t in SERIES_TITLES.values()) + 16
        for key, title in SERIES_TITLES.items():
            value = values.get(key)
            widgets.text(surface, small, title, theme.INK, (rect.left + 20, y))
            bar = pygame.Rect(
                rect.left + 20 + label_w, y + 4, rect.width - label_w - 90, small.get_height() - 6
            )
            pygame.draw.rect(surface, theme.BG_DEEP, bar, border_radius=bar.height // 2)
            if value is not None:
                fill = pygame.Rect(
                    bar.left, bar.top, max(bar.height, round(bar.width * value / 100)), bar.height
                )
                pygame.draw.rect(surface, series_color(key), fill, border_radius=bar.height // 2)
            shown = "–" if value is None else f"{value:.0f}"
            widgets.text(surface, small, shown, theme.INK, (rect.right - 20, y), "topright")
            y += small.get_linesize() + 4

    def _draw_missed(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        y = self._card(surface, rect, "Moves the class misses most")
        missed = self.summary.missed if self.summary else ()
        font = fonts.get("small", bold=True)
        x = rect.left + 20
        if not missed:
            widgets.text(surface, fonts.get("small"), "Nothing missed yet.", theme.INK_SOFT, (x, y))
        for move, count in missed[:8]:
            text = f"{label(move)}  × {count}"
            if x + widgets.chip_width(font, text) > rect.right - 20:
                x, y = rect.left + 20, y + font.get_linesize() + 14
            if y + font.get_linesize() > rect.bottom - 8:
                break
            x = widgets.chip(surface, font, text, (x, y), theme.WARN_SOFT, (160, 90, 30)).right + 8

    def _draw_harmful(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        y = self._card(surface, rect, "Most common harmful moves")
        harmful = self.summary.harmful if self.summary else ()
        small, body = fonts.get("small", bold=True), fonts.get("small")
        inner_w = rect.width - 40
        if not harmful:
            widgets.text(surface, body, "None so far: well done, class.", theme.GOOD, (rect.left + 20, y))
        for move, count, examples in harmful:
            if y + small.get_linesize() > rect.bottom - 8:
                break
            widgets.chip(
                surface,
                fonts.get("tiny", bold=True),
                f"{label(move)} × {count}",
                (rect.left + 20, y),
                theme.BAD_SOFT,
                theme.BAD,
            )
            y += fonts.get("tiny").get_linesize() + 10
            for example in examples[:1]:
                quote = f"{example.trainee}: “{example.trainee_said}”"
                room = (rect.bottom - 8 - y) // body.get_linesize()
                if room <= 0:
                    break
                y += widgets.text_block(
                    surface,
                    body,
                    quote,
                    theme.INK_SOFT,
                    pygame.Rect(rect.left + 28, y, inner_w - 8, 0),
                    max_lines=min(2, room),
                )
            y += 8
