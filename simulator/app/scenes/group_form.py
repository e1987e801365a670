"""Create a training group: name, roster (typed or a CSV file), scenario plan and scenario(s)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.forms import TextField, draw_field, field_height
from simulator.app.scenes.base import Scene, clicked
from simulator.app.widgets import Notice
from simulator.scenario.model import Scenario
from simulator.store.groups import PLANS, parse_roster, read_roster_csv

if TYPE_CHECKING:
    from simulator.app.app import App

FIELDS = ("name", "roster", "plan", "scenarios", "create")


def roster_from(text: str) -> tuple[str, ...]:
    """Typed names (comma separated), or the names in a CSV file when the text is its path."""
    value = text.strip().strip('"')
    path = Path(value).expanduser()
    if value.casefold().endswith(".csv") or (value and "," not in value and path.is_file()):
        return read_roster_csv(path)
    return parse_roster(text)


class GroupFormScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.name = TextField(limit=80)
        self.roster = TextField(limit=2000)
        self.plan = 0
        self.scenarios: list[Scenario] = []
        self.cursor = 0  # the scenario shown in the picker
        self.chosen: list[str] = []  # scenario ids, in the order picked
        self.focus = 0
        self.problem: str | None = None
        self.t = 0.0

    def enter(self) -> None:
        try:
            library = self.app.library()
        except Exception as exc:  # a broken folder must not crash the form
            self.problem = f"The scenarios could not be loaded: {exc}"
            return
        order = {"easy": 0, "medium": 1, "hard": 2}
        self.scenarios = sorted(
            library.scenarios.values(), key=lambda s: (order.get(s.difficulty, 3), s.title)
        )
        pygame.key.start_text_input()

    # --- layout -------------------------------------------------------------------
    def _rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        width, _ = size
        fonts = self.app.fonts
        top = fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28 + 20
        w = min(900, width - 80)
        h = field_height(fonts)
        gap = max(10, fonts.get("small").get_linesize() - 2)
        rects = []
        y = top
        for key in FIELDS:
            height = h + (fonts.get("small").get_linesize() if key in ("roster", "scenarios") else 0)
            if key == "create":
                height = fonts.get("body").get_linesize() + 20
                rects.append(pygame.Rect((width - 260) // 2, y + 4, 260, height))
                break
            rects.append(pygame.Rect((width - w) // 2, y, w, height))
            y += height + gap
        return rects

    # --- input --------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        hit = clicked(event, self._rects(self.app.surface.get_size()))
        if hit is not None:
            self.focus = hit
            if FIELDS[hit] == "create":
                self.create()
            return
        key = FIELDS[self.focus]
        field = {"name": self.name, "roster": self.roster}.get(key)
        if field is not None and field.edit(event):
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_DOWN, pygame.K_TAB) and not event.mod & pygame.KMOD_SHIFT:
            self.focus = (self.focus + 1) % len(FIELDS)
        elif event.key == pygame.K_UP or event.key == pygame.K_TAB:
            self.focus = (self.focus - 1) % len(FIELDS)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT) and key in ("plan", "scenarios"):
            step = 1 if event.key == pygame.K_RIGHT else -1
            if key == "plan":
                self.plan = (self.plan + step) % len(PLANS)
            elif self.scenarios:
                self.cursor = (self.cursor + step) % len(self.scenarios)
        elif event.key == pygame.K_SPACE and key == "scenarios":
            self.toggle()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if key == "scenarios" and not event.mod & pygame.KMOD_CTRL:
                self.toggle()
            elif key == "create" or event.mod & pygame.KMOD_CTRL:
                self.create()
            else:
                self.focus += 1
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def toggle(self) -> None:
        if not self.scenarios:
            return
        sid = self.scenarios[self.cursor].id
        self.chosen = [s for s in self.chosen if s != sid] if sid in self.chosen else [*self.chosen, sid]

    def create(self) -> None:
        """Validate and store the group, then show who is up first."""
        store = self.app.results.store
        if store is None:
            self.problem = "Groups need the results store (this session is not being saved)."
            return
        chosen = self.chosen or ([self.scenarios[self.cursor].id] if self.scenarios else [])
        try:
            roster = roster_from(self.roster.value)
            group = store.create_group(self.name.value, roster, PLANS[self.plan], chosen)
        except Exception as exc:  # a bad roster or a store problem is shown, never raised
            self.problem = f"The group was not created: {exc}"
            return
        self.app.go("group_seat", group.group_id, replace=True)

    def update(self, dt: float) -> None:
        self.t += dt

    # --- drawing ------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        widgets.header(
            surface, fonts, "New group", "Set up a hot-seat session for your class", self.app.trainee
        )
        rects = self._rects(surface.get_size())
        blink = int(self.t * 2) % 2 == 0
        small = fonts.get("small")
        draw_field(
            surface,
            fonts,
            rects[0],
            "Group name",
            self.name.value,
            self.focus == 0,
            "e.g. Front desk, March intake",
            blink,
        )
        draw_field(
            surface,
            fonts,
            rects[1],
            "Roster",
            self.roster.value,
            self.focus == 1,
            "Ana Silva, Ben Okafor, Cy Tran   — or the path of a CSV file",
            blink,
        )
        names = self._preview()
        widgets.text(
            surface, small, names, theme.INK_SOFT, (rects[1].left, rects[1].bottom - small.get_linesize())
        )
        plan = PLANS[self.plan]
        draw_field(
            surface,
            fonts,
            rects[2],
            "Scenario plan",
            f"‹  {theme.PLAN_LABELS[plan]}  ›",
            self.focus == 2,
            blink=False,
        )
        self._draw_scenarios(surface, rects[3])
        widgets.button(surface, fonts, rects[4], "Create group", self.focus == 4, primary=True)
        if self.problem:
            box = pygame.Rect(rects[0].left, rects[4].bottom + 14, rects[0].width, 0)
            widgets.notices(surface, fonts, box, [Notice(self.problem, "error")])
        footer = pygame.Rect(0, surface.get_height() - 36, surface.get_width(), 30)
        hints = [
            ("↑↓", "field"),
            ("←→", "change"),
            ("Space", "pick scenario"),
            ("Ctrl+Enter", "create"),
            ("Esc", "back"),
        ]
        widgets.key_hints(surface, fonts, footer, hints)

    def _preview(self) -> str:
        if not self.roster.value.strip():
            return "Separate names with commas. A CSV path reads the names column."
        try:
            names = roster_from(self.roster.value)
        except Exception as exc:  # shown as the preview line
            return str(exc)
        return (
            f"{len(names)} trainee{'' if len(names) == 1 else 's'}: "
            + ", ".join(names[:8])
            + ("…" if len(names) > 8 else "")
        )

    def _draw_scenarios(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts = self.app.fonts
        small = fonts.get("small")
        if not self.scenarios:
            draw_field(surface, fonts, rect, "Scenarios", "No scenarios found", False, blink=False)
            return
        current = self.scenarios[self.cursor]
        mark = "☑" if current.id in self.chosen else "☐"
        value = f"‹  {mark}  {current.title} ({current.difficulty})  ›"
        focused = self.focus == 3
        draw_field(
            surface,
            fonts,
            rect,
            f"Scenarios ({self.cursor + 1} of {len(self.scenarios)})",
            value,
            focused,
            blink=False,
        )
        titles = {s.id: s.title for s in self.scenarios}
        if self.chosen:
            line = "Chosen: " + ", ".join(titles.get(s, s) for s in self.chosen)
        else:
            line = f"None picked: “{current.title}” will be used. Space picks more than one."
        widgets.text_block(
            surface,
            small,
            line,
            theme.ACCENT_DARK if self.chosen else theme.INK_SOFT,
            pygame.Rect(rect.left, rect.bottom - small.get_linesize(), rect.width, 0),
            max_lines=1,
        )
