"""Options: microphone, recognizer, push-to-talk or hands-free, large text, the customer's voice."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pygame

from simulator.app import theme, widgets
from simulator.app.prefs import RECOGNIZERS, AppPrefs
from simulator.app.scenes.base import ACTIVATE_KEYS, Scene, clicked

if TYPE_CHECKING:
    from simulator.app.app import App

ROWS = ("microphone", "recognizer", "answering", "large_text", "voice", "back")
TITLES = {
    "microphone": "Microphone",
    "recognizer": "Speech recognizer",
    "answering": "Answering",
    "large_text": "Large text (projector)",
    "voice": "Customer's voice",
    "back": "Back",
}
HELP = {
    "microphone": "←/→ choose a device. Enter checks again for microphones.",
    "recognizer": "Whisper is accurate; Sphinx is a lighter fallback. 'Custom model': Enter types a name.",
    "answering": "Push-to-talk: hold SPACE while you speak. Hands-free: just speak.",
    "large_text": "Bigger letters everywhere, for a projector or the back of the room.",
    "voice": "Off: the customer speaks in subtitles only.",
    "back": "Return to where you were.",
}
CUSTOM = "custom"


def recognizer_label(value: str) -> str:
    return {
        "auto": "Automatic (Whisper, else Sphinx)",
        "whisper": "Whisper (base model)",
        "sphinx": "Sphinx (less accurate)",
    }.get(value, f"Custom model: {value}" if value and value != CUSTOM else "Custom model…")


class SettingsScene(Scene):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.focus = 0
        self.editing: str | None = None  # the model name being typed

    def _rows(self, size: tuple[int, int]) -> list[pygame.Rect]:
        width, _ = size
        fonts = self.app.fonts
        top = fonts.get("heading").get_linesize() + fonts.get("small").get_linesize() + 28 + 24
        row_h = fonts.get("body").get_linesize() + fonts.get("small").get_linesize() + 24
        w = min(900, width - 80)
        return [pygame.Rect((width - w) // 2, top + i * (row_h + 10), w, row_h) for i in range(len(ROWS))]

    def value(self, key: str) -> str:
        prefs, voice = self.app.prefs, self.app.voice
        if key == "microphone":
            if voice.mic_state == "checking":
                return "Checking…"
            if voice.mic_state == "none":
                return "None found — typing only"
            return prefs.microphone or "System default"
        if key == "recognizer":
            return recognizer_label(prefs.recognizer)
        if key == "answering":
            return "Hands-free" if prefs.hands_free else "Push-to-talk (hold SPACE)"
        if key == "large_text":
            return "On" if prefs.large_text else "Off"
        if key == "voice":
            return "On" if prefs.voice_on else "Off (subtitles only)"
        return ""

    def handle(self, event: pygame.event.Event) -> None:
        if self.editing is not None:
            self._handle_edit(event)
            return
        hit = clicked(event, self._rows(self.app.surface.get_size()))
        if hit is not None:
            self.focus = hit
            self.change(ROWS[hit], 1, activate=True)
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_DOWN, pygame.K_TAB):
            self.focus = (self.focus + 1) % len(ROWS)
        elif event.key == pygame.K_UP:
            self.focus = (self.focus - 1) % len(ROWS)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.change(ROWS[self.focus], 1 if event.key == pygame.K_RIGHT else -1)
        elif event.key in ACTIVATE_KEYS:
            self.change(ROWS[self.focus], 1, activate=True)
        elif event.key == pygame.K_ESCAPE:
            self.app.pop()

    def _handle_edit(self, event: pygame.event.Event) -> None:
        assert self.editing is not None
        if event.type == pygame.TEXTINPUT:
            self.editing += event.text
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.editing = self.editing[:-1]
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            name = self.editing.strip()
            self.editing = None
            self._set(recognizer=name or "auto")
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.editing = None

    def _set(self, **changes: object) -> None:
        self.app.set_prefs(replace(self.app.prefs, **changes))  # type: ignore[arg-type]

    def change(self, key: str, direction: int, activate: bool = False) -> None:
        prefs: AppPrefs = self.app.prefs
        if key == "back":
            if activate:
                self.app.pop()
        elif key == "microphone":
            if activate or self.app.voice.mic_state != "ready":
                self.app.voice.reprobe()
                return
            options = ["", *self.app.voice.mic_names]
            index = options.index(prefs.microphone) if prefs.microphone in options else 0
            self._set(microphone=options[(index + direction) % len(options)])
        elif key == "recognizer":
            options = [*RECOGNIZERS, CUSTOM]
            current = prefs.recognizer if prefs.recognizer in RECOGNIZERS else CUSTOM
            if activate and current == CUSTOM:
                self.editing = "" if prefs.recognizer == CUSTOM else prefs.recognizer
                pygame.key.start_text_input()
                return
            chosen = options[(options.index(current) + direction) % len(options)]
            if chosen == CUSTOM:
                self.editing = ""
                pygame.key.start_text_input()
                return
            self._set(recognizer=chosen)
        elif key == "answering":
            self._set(hands_free=not prefs.hands_free)
        elif key == "large_text":
            self._set(large_text=not prefs.large_text)
        elif key == "voice":
            self._set(voice_on=not prefs.voice_on)

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        widgets.header(surface, fonts, "Settings", "Saved as you change them", self.app.trainee)
        rows = self._rows(surface.get_size())
        for index, (rect, key) in enumerate(zip(rows, ROWS, strict=True)):
            focused = index == self.focus
            if key == "back":
                button = pygame.Rect(rect.left, rect.top + 8, 200, fonts.get("body").get_linesize() + 20)
                widgets.button(surface, fonts, button, "Back", focused)
                continue
            widgets.panel(
                surface,
                rect,
                theme.CARD if focused else theme.CARD_ALT,
                border=theme.ACCENT if focused else None,
            )
            inner = rect.inflate(-32, -20)
            title = widgets.text(surface, fonts.get("body", bold=True), TITLES[key], theme.INK, inner.topleft)
            value = self.value(key)
            if key == "recognizer" and self.editing is not None:
                value = f"Model name: {self.editing}▏"
            shown = (
                f"‹  {value}  ›"
                if (focused and key != "microphone") or (focused and self.app.voice.mic_state == "ready")
                else value
            )
            shown = widgets.fit(fonts.get("body", bold=True), shown, inner.right - title.right - 24)
            widgets.text(
                surface,
                fonts.get("body", bold=True),
                shown,
                theme.ACCENT_DARK,
                (inner.right, inner.top),
                "topright",
            )
            help_text = HELP[key]
            if key == "recognizer" and self.editing is not None:
                help_text = (
                    "Type a Whisper model name or folder (e.g. small.en), Enter to use it, Esc to cancel."
                )
            help_rect = pygame.Rect(
                inner.left, inner.top + fonts.get("body").get_linesize() + 4, inner.width, 0
            )
            ink = theme.INK_SOFT if focused else theme.INK_FAINT
            widgets.text_block(surface, fonts.get("small"), help_text, ink, help_rect, max_lines=1)
        notices = self.app.notices()
        if notices and rows:
            widgets.notices(
                surface,
                fonts,
                pygame.Rect(rows[0].left, rows[-1].bottom + 10, rows[0].width, 400),
                notices[:2],
            )
        footer = pygame.Rect(0, surface.get_height() - 34, surface.get_width(), 28)
        widgets.key_hints(
            surface, fonts, footer, [("↑↓", "choose"), ("←→", "change"), ("Enter", "select"), ("Esc", "back")]
        )
