"""Record where a frame's text and panels land, and find text outside its panel or overlapping text."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame


@dataclass(slots=True)
class Frame:
    """What one drawn frame put on the screen, in drawing order."""

    size: tuple[int, int]
    texts: list[tuple[pygame.Rect, str]] = field(default_factory=list)
    panels: list[pygame.Rect] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)  # text dropped to fit (notices cut short)

    def problems(self, slack: int = 1) -> list[str]:
        """Text outside the window or its panel, two texts overlapping, text cut short."""
        out = [f"cut: {cut!r}" for cut in self.cuts]
        screen = pygame.Rect((0, 0), self.size)
        for rect, content in self.texts:
            if not content.strip():
                continue
            box = rect.inflate(-2 * slack, -2 * slack)
            if not screen.contains(box):
                out.append(f"off screen: {content!r} at {tuple(rect)}")
                continue
            holder = self._panel_of(rect)
            if holder is not None and not holder.contains(box):
                out.append(f"outside its panel {tuple(holder)}: {content!r} at {tuple(rect)}")
        shown = [(r, c) for r, c in self.texts if c.strip()]
        for i, (a, text_a) in enumerate(shown):
            for b, text_b in shown[i + 1 :]:
                overlap = a.clip(b)
                if overlap.width > 2 * slack and overlap.height > 2 * slack + 2:
                    out.append(f"overlap: {text_a!r} {tuple(a)} and {text_b!r} {tuple(b)}")
        return out

    def _panel_of(self, rect: pygame.Rect) -> pygame.Rect | None:
        """The smallest panel holding the text's centre."""
        holding = [p for p in self.panels if p.collidepoint(rect.center)]
        return min(holding, key=lambda p: p.width * p.height) if holding else None


_current: Frame | None = None


def start(size: tuple[int, int]) -> None:
    """Record the drawing helpers' output until ``stop()``."""
    global _current
    _current = Frame(size)


def stop() -> Frame:
    global _current
    frame, _current = _current, None
    if frame is None:
        raise RuntimeError("layout recording was not started")
    return frame


def text(rect: pygame.Rect, content: str, surface: pygame.Surface) -> None:
    """Text drawn at rect; only its visible part counts (a scrolled list clips its rows)."""
    if _current is not None and surface.get_size() == _current.size:
        clip = surface.get_clip()
        # a clip smaller than the window is a scrolling area (only the visible part counts);
        # off the window itself is an error, so the full-window clip is not applied
        shown = rect if clip == surface.get_rect() else rect.clip(clip)
        if shown.width and shown.height:
            _current.texts.append((shown, content))


def panel(rect: pygame.Rect) -> None:
    """An opaque box: text drawn earlier under it is hidden (an overlay), text drawn later sits in it."""
    if _current is not None:
        box = pygame.Rect(rect)
        _current.texts = [(r, c) for r, c in _current.texts if not box.colliderect(r)]
        _current.panels = [p for p in _current.panels if not box.contains(p)]  # covered
        _current.panels.append(box)


def cut(content: str) -> None:
    if _current is not None:
        _current.cuts.append(content)
