"""The debrief: three step scores, the anger curve, the move checklist with evidence, tips."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.charts import anger_chart
from simulator.app.fonts import Fonts
from simulator.app.observe import ObserverPanel, draw_panel, load_observations, save_observation, stars
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked, move_focus
from simulator.app.widgets import Notice
from simulator.engine.conversation import Conversation
from simulator.engine.curve import anger_by_answer
from simulator.scenario.model import Scenario
from simulator.speech.delivery import delivery_notes

if TYPE_CHECKING:
    from simulator.app.app import App
    from simulator.app.scenes.turns import Debrief

BUTTONS = ("Try again", "Save report", "Choose another scenario", "Main menu")
GROUP_BUTTONS = ("Next trainee", "Save report", "Leaderboard")
STEP_TITLES = {
    "listening": "Listening",
    "empathy": "Empathy",
    "resolution": "Resolution",
    "harmful": "To avoid",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the right-hand report: heading | hit | miss | harmful | text."""

    kind: str
    title: str
    detail: str = ""


class DebriefScene(Scene):
    def __init__(self, app: App, scenario: Scenario, conversation: Conversation, debrief: Debrief) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.conversation = conversation
        self.debrief = debrief
        self.result = debrief.result
        self.group_id = debrief.group_id
        self.buttons = GROUP_BUTTONS if self.group_id else BUTTONS
        self.focus = 0
        self.scroll = 0
        self.observations = load_observations(app, debrief.session_id)
        self.observer: ObserverPanel | None = None
        self.notice: Notice | None = None
        self.rows = self._rows()
        self.curve = anger_by_answer(conversation.turns) or list(self.result.anger_curve)

    @property
    def fonts(self) -> Fonts:
        """The projector view (large text) between hot-seat turns of a group."""
        return self.app.big_fonts if self.group_id else self.app.fonts

    def _rows(self) -> list[Row]:
        rows: list[Row] = []
        if self.observations:
            rows.append(Row("heading", "Observer notes"))
            said = {t.index: t.text for t in self.conversation.turns}
            rows.extend(
                Row(
                    "text",
                    f"{stars(o.rating)}  {o.comment or '(no comment)'}",
                    f"Answer #{o.turn_index}: “{said.get(o.turn_index, '')}”",
                )
                for o in self.observations
            )
        step = ""
        for item in self.result.checklist:
            if item.step != step:
                step = item.step
                rows.append(Row("heading", STEP_TITLES.get(step, step.capitalize())))
            if item.harmful:
                rows.append(Row("harmful", item.label, f"“{item.evidence}”" if item.evidence else ""))
            elif item.hit:
                rows.append(Row("hit", item.label, f"You said: “{item.evidence}”"))
            else:
                rows.append(Row("miss", item.label, item.tip))
        if self.result.tips:
            rows.append(Row("heading", "Try next time"))
            rows.extend(Row("text", f"• {tip}") for tip in self.result.tips)
        rows.append(Row("heading", "How you sounded"))
        notes: list[str] = []
        for delivery in self.debrief.deliveries:
            notes.extend(n for n in delivery_notes(delivery) if n not in notes)
        if not self.debrief.deliveries:
            notes = [
                "Every answer was typed. Answer out loud next time to get notes on pace, volume and fillers."
            ]
        rows.extend(Row("text", f"• {note}") for note in notes[:6])
        return rows

    # --- layout -------------------------------------------------------------------
    def _layout(self, size: tuple[int, int]) -> dict[str, pygame.Rect]:
        width, height = size
        fonts = self.fonts
        top = fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28
        pad = max(16, width // 50)
        button_h = fonts.get("body").get_linesize() + 20
        body = pygame.Rect(pad, top + pad, width - 2 * pad, height - top - 3 * pad - button_h - 36)
        left_w = int(body.width * 0.42)
        scores_h = min(
            body.height // 2, fonts.get("body").get_linesize() * 3 + fonts.get("hero").get_linesize() + 40
        )
        out = {
            "scores": pygame.Rect(body.left, body.top, left_w, scores_h),
            "chart": pygame.Rect(body.left, body.top + scores_h + pad, left_w, body.height - scores_h - pad),
            "report": pygame.Rect(body.left + left_w + pad, body.top, body.width - left_w - pad, body.height),
        }
        widths = [fonts.get("body", bold=True).size(label)[0] + 60 for label in self.buttons]
        gap = 20
        while sum(widths) + gap * (len(widths) - 1) > width - 2 * pad and min(widths) > 60:
            widths = [w - 10 for w in widths]  # narrow windows: tighter buttons
        x = (width - sum(widths) - gap * (len(self.buttons) - 1)) // 2
        for index, w in enumerate(widths):
            out[f"b{index}"] = pygame.Rect(x, body.bottom + pad, w, button_h)
            x += w + gap
        return out

    def _buttons(self) -> list[pygame.Rect]:
        layout = self._layout(self.app.surface.get_size())
        return [layout[f"b{i}"] for i in range(len(self.buttons))]

    def _report_height(self, fonts: Fonts, width: int) -> int:
        return sum(_row_height(fonts, row, width) for row in self.rows)

    # --- input --------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if self.observer is not None:
            self._handle_observer(event)
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_o, pygame.K_r, pygame.K_F2):
            turns = [(t.index, t.text) for t in self.conversation.trainee_turns]
            if turns:
                self.observer = ObserverPanel(turns)
            return
        self.focus = move_focus(self.focus, len(self.buttons), event, horizontal=True)
        hit = clicked(event, self._buttons())
        if hit is not None:
            self.activate(hit)
        elif event.type == pygame.KEYDOWN and event.key in ACTIVATE_KEYS:
            self.activate(self.focus)
        elif event.type == pygame.KEYDOWN and event.key in (
            pygame.K_UP,
            pygame.K_DOWN,
            pygame.K_PAGEUP,
            pygame.K_PAGEDOWN,
        ):
            step = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -6, pygame.K_PAGEDOWN: 6}[event.key]
            self._scroll_by(step * self.fonts.get("body").get_linesize())
        elif event.type == pygame.MOUSEWHEEL:
            self._scroll_by(-event.y * self.fonts.get("body").get_linesize() * 2)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.activate(0 if self.group_id else 2)

    def _handle_observer(self, event: pygame.event.Event) -> None:
        assert self.observer is not None
        done = self.observer.handle(event)
        if done == "save":
            self.notice = save_observation(self.app, self.debrief.session_id, self.observer)
            self.observations = load_observations(self.app, self.debrief.session_id)
            self.rows = self._rows()
            self.scroll = 0
        if done is not None:
            self.observer = None

    def save_report(self) -> None:
        """Write the HTML debrief into the data folder and say where."""
        from simulator.app.reports import save_session_report

        try:
            path = save_session_report(
                self.app,
                self.conversation,
                self.result,
                trainee=self.debrief.trainee or self.app.trainee,
                session_id=self.debrief.session_id,
                group_id=self.group_id,
                observations=self.observations,
            )
        except Exception as exc:  # a full disk or a read-only folder is shown, never raised
            self.notice = Notice(f"The report could not be saved: {exc}", "error")
            return
        self.notice = Notice(f"Report saved: {path}", "ok")
        self.scroll = 0

    def _scroll_by(self, pixels: int) -> None:
        report = self._layout(self.app.surface.get_size())["report"].inflate(-40, -40)
        total = self._report_height(self.fonts, report.width)
        more_line = self.fonts.get("tiny").get_linesize() + 4 if total > report.height else 0
        limit = max(0, total - report.height + more_line)
        self.scroll = max(0, min(limit, self.scroll + pixels))

    def activate(self, index: int) -> None:
        label = self.buttons[index]
        if label == "Save report":
            self.save_report()
        elif label == "Next trainee":
            self.app.pop()  # back to the group's "next up" screen
        elif label == "Leaderboard":
            assert self.group_id is not None
            self.app.go("leaderboard", self.group_id, replace=True)
        elif label == "Try again":
            trainee = self.debrief.trainee or None
            self.app.go("conversation", self.conversation.scenario, trainee, replace=True)
        elif label == "Choose another scenario":
            self.app.pop()
        else:
            self.app.pop_to("menu")

    # --- drawing ------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.fonts
        outcome = theme.OUTCOME_LABELS.get(self.result.outcome, self.result.outcome)
        verdict = "Passed" if self.result.passed else "Not passed yet"
        sub = f"Outcome: {outcome}  ·  {verdict} (pass mark {self.scenario.pass_mark})"
        who = self.debrief.trainee or self.app.trainee
        widgets.header(surface, fonts, f"Debrief — {self.scenario.title}", sub, who)
        layout = self._layout(surface.get_size())
        self._draw_scores(surface, layout["scores"])
        chart = layout["chart"]
        widgets.panel(surface, chart)
        widgets.text(
            surface,
            fonts.get("body", bold=True),
            "How angry they were",
            theme.INK,
            (chart.left + 20, chart.top + 14),
        )
        title_h = fonts.get("body").get_linesize() + 20
        anger_chart(
            surface,
            fonts,
            pygame.Rect(chart.left + 12, chart.top + title_h, chart.width - 24, chart.height - title_h - 10),
            self.curve,
        )
        self._draw_report(surface, layout["report"])
        for index, label in enumerate(self.buttons):
            widgets.button(
                surface, fonts, layout[f"b{index}"], label, self.focus == index, primary=index == 0
            )
        footer = pygame.Rect(0, surface.get_height() - 34, surface.get_width(), 28)
        widgets.key_hints(
            surface,
            fonts,
            footer,
            [
                ("←→", "choose"),
                ("Enter", "select"),
                ("↑↓", "scroll"),
                ("O", "rate an answer"),
                ("Esc", "next" if self.group_id else "scenarios"),
            ],
        )
        if self.observer is not None:
            draw_panel(surface, fonts, self.observer)

    def _draw_scores(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.fonts
        widgets.panel(surface, rect)
        scores = self.result.scores
        color = theme.GOOD if self.result.passed else theme.BAD
        hero = fonts.get("hero", bold=True)
        ring_r = min(rect.height // 2 - 20, hero.get_linesize(), rect.width // 5)
        center = (rect.left + 24 + ring_r, rect.centery)
        pygame.draw.circle(surface, theme.mix(color, theme.CARD, 0.85), center, ring_r)
        pygame.draw.circle(surface, color, center, ring_r, width=max(4, ring_r // 9))
        number = fonts.sized(max(12, ring_r * 4 // 5), bold=True)
        label_font = fonts.get("tiny", bold=True)
        widgets.text(
            surface,
            number,
            str(scores.overall),
            theme.INK,
            (center[0], center[1] - label_font.get_height() // 2),
            "center",
        )
        widgets.text(
            surface, label_font, "OVERALL", theme.INK_SOFT, (center[0], center[1] + ring_r // 3 + 4), "midtop"
        )
        x = center[0] + ring_r + 28
        bar_w = rect.right - x - 24
        line = fonts.get("body").get_linesize()
        y = rect.centery - (3 * (line + 20)) // 2
        for step, value in (
            ("listening", scores.listening),
            ("empathy", scores.empathy),
            ("resolution", scores.resolution),
        ):
            widgets.text(surface, fonts.get("small", bold=True), STEP_TITLES[step], theme.INK, (x, y))
            widgets.text(
                surface, fonts.get("small", bold=True), str(value), theme.INK, (x + bar_w, y), "topright"
            )
            bar = pygame.Rect(x, y + fonts.get("small").get_linesize() + 2, bar_w, 10)
            pygame.draw.rect(surface, theme.BG_DEEP, bar, border_radius=5)
            pygame.draw.rect(
                surface,
                theme.STEP_COLORS[step],
                (bar.left, bar.top, max(10, bar_w * value // 100), 10),
                border_radius=5,
            )
            y += line + 20

    def _draw_report(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.fonts
        widgets.panel(surface, rect)
        inner = rect.inflate(-40, -40)
        shown = [Notice(self.debrief.save_error, "error")] if self.debrief.save_error else []
        shown += [self.notice] if self.notice else []
        if shown:
            used = widgets.notices(surface, fonts, inner, shown)
            inner.top += used
            inner.height -= used
        total = sum(_row_height(fonts, row, inner.width) for row in self.rows)
        more = total - self.scroll > inner.height
        if more:  # keep a line below the rows for "↓ more"
            inner.height -= fonts.get("tiny").get_linesize() + 4
        clip = surface.get_clip()
        surface.set_clip(inner)
        y = inner.top - self.scroll
        for row in self.rows:
            height = _row_height(fonts, row, inner.width)
            if y + height >= inner.top and y <= inner.bottom:
                _draw_row(surface, fonts, row, pygame.Rect(inner.left, y, inner.width, height))
            y += height
        surface.set_clip(clip)
        if more:
            tiny = fonts.get("tiny", bold=True)
            at = (inner.right, inner.bottom + 4)
            widgets.text(surface, tiny, "↓ more", theme.INK_FAINT, at, "topright")


def _row_height(fonts: Fonts, row: Row, width: int) -> int:
    if row.kind == "heading":
        return fonts.get("body").get_linesize() + 18
    body = fonts.get("body")
    small = fonts.get("small")
    indent = body.get_height() + 12 if row.kind != "text" else 0
    title_font = fonts.get("body", bold=row.kind in ("hit", "harmful"))
    height = widgets.block_height(title_font, row.title, width - indent)
    if row.detail:
        height += widgets.block_height(small, row.detail, width - indent)
    return height + 10


def _draw_row(surface: pygame.Surface, fonts: Fonts, row: Row, rect: pygame.Rect) -> None:
    body = fonts.get("body")
    if row.kind == "heading":
        widgets.text(
            surface,
            fonts.get("small", bold=True),
            row.title.upper(),
            theme.ACCENT_DARK,
            (rect.left, rect.top + 10),
        )
        return
    if row.kind == "text":
        used = widgets.text_block(surface, body, row.title, theme.INK, rect)
        if row.detail:  # an observer note: which answer it was about
            below = pygame.Rect(rect.left, rect.top + used, rect.width, 0)
            widgets.text_block(surface, fonts.get("small"), row.detail, theme.INK_SOFT, below)
        return
    icon, color = {"hit": ("✓", theme.GOOD), "miss": ("○", theme.INK_FAINT), "harmful": ("✗", theme.BAD)}[
        row.kind
    ]
    size = body.get_height()
    badge = pygame.Rect(rect.left, rect.top + 1, size, size)
    pygame.draw.circle(surface, theme.mix(color, theme.CARD, 0.8), badge.center, size // 2)
    widgets.text(surface, fonts.get("small", bold=True), icon, color, badge.center, "center")
    text_rect = pygame.Rect(rect.left + size + 12, rect.top, rect.width - size - 12, rect.height)
    ink = theme.INK_SOFT if row.kind == "miss" else theme.INK
    used = widgets.text_block(surface, fonts.get("body", bold=row.kind != "miss"), row.title, ink, text_rect)
    if row.detail:
        detail_rect = pygame.Rect(text_rect.left, text_rect.top + used, text_rect.width, 0)
        widgets.text_block(
            surface,
            fonts.get("small"),
            row.detail,
            theme.BAD if row.kind == "harmful" else theme.INK_SOFT,
            detail_rect,
        )
