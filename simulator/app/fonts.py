"""Fonts sized from the window height, scaled up by the large-text option."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pygame

ASSETS_DIR: Final = Path(__file__).resolve().parents[2] / "assets"
REGULAR: Final = ASSETS_DIR / "fonts" / "DejaVuSans.ttf"
BOLD: Final = ASSETS_DIR / "fonts" / "DejaVuSans-Bold.ttf"
LARGE_TEXT_SCALE: Final = 1.3
BASE_HEIGHT: Final = 720

# Named sizes in pixels at a 720-pixel-high window.
SIZES: Final[dict[str, int]] = {
    "tiny": 13,
    "small": 15,
    "body": 18,
    "subtitle": 22,
    "heading": 26,
    "title": 40,
    "hero": 64,
}


class Fonts:
    """A cache of pygame fonts; ``get(name)`` picks the size for the current window and options."""

    def __init__(self, large_text: bool = False) -> None:
        self.large_text = large_text
        self.height = BASE_HEIGHT
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}

    def set_height(self, height: int) -> None:
        self.height = max(240, height)

    @property
    def scale(self) -> float:
        window = max(0.75, min(1.8, self.height / BASE_HEIGHT))
        return window * (LARGE_TEXT_SCALE if self.large_text else 1.0)

    def size(self, name: str) -> int:
        return max(9, round(SIZES[name] * self.scale))

    def get(self, name: str, bold: bool = False) -> pygame.font.Font:
        return self.sized(self.size(name), bold)

    def sized(self, pixels: int, bold: bool = False) -> pygame.font.Font:
        key = (pixels, bold)
        font = self._cache.get(key)
        if font is None:
            path = BOLD if bold else REGULAR
            font = pygame.font.Font(str(path) if path.exists() else None, pixels)
            self._cache[key] = font
        return font
