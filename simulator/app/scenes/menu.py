"""The title screen: start practising, settings, quit; the speech set-up at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.character import Pose, draw_customer, draw_stage
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked, hovered, move_focus

if TYPE_CHECKING:
    from simulator.app.app import App

ITEMS = ("Start practising", "My progress", "Group session", "Change trainee", "Settings", "Quit")


class MenuScene(Scene):
    frame_rate = 12  # the customer breathes and blinks

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.focus = 0
        self.t = 0.0

    def _layout(self, size: tuple[int, int]) -> dict[str, pygame.Rect]:
        width, height = size
        pad = max(24, width // 24)
        fonts = self.app.fonts
        left = pygame.Rect(pad, pad, int(width * 0.5) - pad, height - 2 * pad)
        top = left.top + fonts.get("hero").get_linesize() + fonts.get("subtitle").get_linesize() * 3 + 30
        top += fonts.get("small").get_linesize() + 8  # who is training
        notes = widgets.notices_height(fonts, left.width, self.app.notices()[:2])
        room = (height - top - 48 - notes) // len(ITEMS)  # small windows: the buttons shrink to fit
        button_h = max(
            fonts.get("body").get_linesize() + 6, min(fonts.get("body").get_linesize() + 22, room - 12)
        )
        gap = max(6, min(16, room - button_h))
        out = {
            "left": left,
            "card": pygame.Rect(int(width * 0.55), pad, int(width * 0.45) - pad, height - 2 * pad - 40),
        }
        for index in range(len(ITEMS)):
            out[f"b{index}"] = pygame.Rect(
                left.left, top + index * (button_h + gap), min(360, left.width), button_h
            )
        notes_top = top + len(ITEMS) * (button_h + gap) + 4
        out["notices"] = pygame.Rect(left.left, notes_top, left.width, height - 40 - notes_top)
        out["who"] = pygame.Rect(left.left, top - fonts.get("small").get_linesize() - 14, left.width, 0)
        return out

    def _buttons(self) -> list[pygame.Rect]:
        layout = self._layout(self.app.surface.get_size())
        return [layout[f"b{i}"] for i in range(len(ITEMS))]

    def handle(self, event: pygame.event.Event) -> None:
        self.focus = move_focus(self.focus, len(ITEMS), event)
        over = hovered(event, self._buttons())
        if over is not None:
            self.focus = over
        hit = clicked(event, self._buttons())
        if hit is not None:
            self.activate(hit)
        elif event.type == pygame.KEYDOWN and event.key in ACTIVATE_KEYS:
            self.activate(self.focus)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.quit()

    def activate(self, index: int) -> None:
        label = ITEMS[index]
        if label == "Start practising":
            self.app.go("select")
        elif label == "My progress":
            self.app.go("history")
        elif label == "Group session":
            self.app.go("groups")
        elif label == "Change trainee":
            self.app.go("profile")
        elif label == "Settings":
            self.app.go("settings")
        else:
            self.app.quit()

    def update(self, dt: float) -> None:
        self.t += dt

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        layout = self._layout(surface.get_size())
        left = layout["left"]
        widgets.text(surface, fonts.get("hero", bold=True), "Hot Seat", theme.INK, left.topleft)
        y = left.top + fonts.get("hero").get_linesize() + 4
        tagline = "Practise calming angry customers: listen, empathise, resolve."
        y += widgets.text_block(
            surface, fonts.get("subtitle"), tagline, theme.INK_SOFT, pygame.Rect(left.left, y, left.width, 0)
        )
        for index, label in enumerate(ITEMS):
            widgets.button(
                surface, fonts, layout[f"b{index}"], label, self.focus == index, primary=index == 0
            )
        who = layout["who"]
        widgets.text(surface, fonts.get("small"), "Training as", theme.INK_SOFT, who.topleft)
        x = who.left + fonts.get("small").size("Training as ")[0]
        widgets.chip(surface, fonts.get("small", bold=True), self.app.trainee, (x, who.top - 3),
                     theme.ACCENT_SOFT, theme.ACCENT_DARK)  # fmt: skip
        widgets.notices(surface, fonts, layout["notices"], self.app.notices()[:2])
        card = layout["card"]
        widgets.panel(surface, card, theme.CARD)
        stage = card.inflate(-16, -16)
        stage.height -= fonts.get("small").get_linesize() * 3 + 24
        clip = surface.get_clip()
        surface.set_clip(stage)
        draw_stage(surface, stage, 25)
        draw_customer(surface, stage, Pose(25, self.t))
        surface.set_clip(clip)
        self._draw_status(
            surface, pygame.Rect(stage.left, stage.bottom + 12, stage.width, card.bottom - stage.bottom)
        )
        footer = pygame.Rect(0, surface.get_height() - 36, surface.get_width(), 30)
        widgets.key_hints(surface, fonts, footer, [("↑↓", "choose"), ("Enter", "select"), ("Esc", "quit")])

    def _draw_status(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        voice = self.app.voice
        font = self.app.fonts.get("small")
        if not voice.voice_on:
            tts = ("Customer voice", "off (subtitles)", theme.INK_FAINT)
        elif voice.tts_ok is False:
            tts = ("Customer voice", "subtitles only", theme.WARN)
        else:
            tts = ("Customer voice", "on", theme.GOOD)
        rec_state = {"loading": ("loading…", theme.WARM), "unavailable": ("typing only", theme.WARN)}
        name = voice.recognizer_name.capitalize() or "ready"
        rec = ("Recognizer", *rec_state.get(voice.recognizer_state, (name, theme.GOOD)))
        mic_state = {"checking": ("checking…", theme.WARM), "none": ("none (typing)", theme.WARN)}
        mic = ("Microphone", *mic_state.get(voice.mic_state, ("ready", theme.GOOD)))
        if self.app.typed_only:
            rec, mic = ("Answers", "typed", theme.INK_FAINT), ("Microphone", "not used", theme.INK_FAINT)
        column = rect.width // 3
        bold = self.app.fonts.get("small", bold=True)
        items = (tts, rec, mic)
        if any(max(font.size(label)[0], bold.size(value)[0] + 20) > column - 10 for label, value, _ in items):
            self._draw_status_rows(surface, rect, items)
            return
        for index, (label, value, color) in enumerate(items):
            x = rect.left + index * column
            widgets.text(surface, font, label, theme.INK_SOFT, (x, rect.top))
            pygame.draw.circle(surface, color, (x + 7, rect.top + font.get_linesize() + 12), 6)
            widgets.text(
                surface,
                self.app.fonts.get("small", bold=True),
                value,
                theme.INK,
                (x + 20, rect.top + font.get_linesize() + 3),
            )

    def _draw_status_rows(
        self, surface: pygame.Surface, rect: pygame.Rect, items: tuple[tuple[str, str, theme.Color], ...]
    ) -> None:
        """Large text: one status per line, the label left and the value right."""
        font, bold = self.app.fonts.get("small"), self.app.fonts.get("small", bold=True)
        step = min(font.get_linesize(), max(1, rect.height // len(items)))
        for index, (label, value, color) in enumerate(items):
            y = rect.top + index * step
            pygame.draw.circle(surface, color, (rect.left + 7, y + font.get_linesize() // 2), 6)
            shown = widgets.fit(bold, value, rect.width // 2)
            used = widgets.text(surface, bold, shown, theme.INK, (rect.right, y), "topright")
            label = widgets.fit(font, label, used.left - rect.left - 30)
            widgets.text(surface, font, label, theme.INK_SOFT, (rect.left + 20, y))
