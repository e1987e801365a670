"""One picture per scenario's customer, calm and furious (for `hotseat screenshots` and authors)."""

from __future__ import annotations

from pathlib import Path

import pygame

from simulator.app.character import Pose, draw_customer, draw_stage
from simulator.scenario.model import Scenario

MOODS: tuple[tuple[str, float], ...] = (("calm", 10.0), ("furious", 95.0))


def draw_portrait(scenario: Scenario, anger: float, size: tuple[int, int] = (360, 440)) -> pygame.Surface:
    """The customer at this anger on their stage, in person (a phone would hide the face)."""
    surface = pygame.Surface(size)
    rect = surface.get_rect()
    draw_stage(surface, rect, anger)
    draw_customer(surface, rect, Pose(anger, 1.0, False, "in_person", scenario.customer.appearance))
    return surface


def save_portraits(scenarios: list[Scenario], out_dir: Path) -> list[Path]:
    """customers/<id>-calm.png and -furious.png for each scenario; returns the paths."""
    folder = out_dir / "customers"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for scenario in sorted(scenarios, key=lambda s: s.id):
        for mood, anger in MOODS:
            path = folder / f"{scenario.id}-{mood}.png"
            pygame.image.save(draw_portrait(scenario, anger), str(path))
            paths.append(path)
    return paths


def contact_sheet(scenarios: list[Scenario], out_path: Path, cell: tuple[int, int] = (180, 220)) -> Path:
    """All customers, calm above furious, on one picture."""
    ordered = sorted(scenarios, key=lambda s: s.id)
    sheet = pygame.Surface((cell[0] * max(1, len(ordered)), cell[1] * 2))
    for i, scenario in enumerate(ordered):
        for row, (_mood, anger) in enumerate(MOODS):
            sheet.blit(draw_portrait(scenario, anger, cell), (i * cell[0], row * cell[1]))
    pygame.image.save(sheet, str(out_path))
    return out_path
