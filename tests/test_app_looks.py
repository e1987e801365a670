"""A face per persona: appearance in the scenario file, drawn with the anger postures, one picture each."""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

from simulator.app.character import Pose, draw_customer
from simulator.app.portraits import MOODS, draw_portrait, save_portraits
from simulator.content_files import default_scenarios_dir, load_library
from simulator.scenario.loader import parse_scenario
from simulator.scenario.model import DEFAULT_LOOK, Appearance

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scenarios() -> dict:  # type: ignore[type-arg]
    library = load_library([default_scenarios_dir()])
    assert not library.errors
    return library.scenarios


def test_every_shipped_customer_has_their_own_look(scenarios: dict) -> None:  # type: ignore[type-arg]
    looks = {sid: s.customer.appearance for sid, s in scenarios.items()}
    assert len(looks) == 12 and DEFAULT_LOOK not in looks.values()
    assert len(set(looks.values())) == len(looks)
    assert looks["wrong-diet-drink"].presentation == "feminine"  # Maria Santos is not a short-haired man
    presents = {"female": "feminine", "male": "masculine"}
    for scenario in scenarios.values():
        assert scenario.customer.appearance.presentation == presents[scenario.customer.voice.gender]


def test_appearance_defaults_and_a_located_error() -> None:
    text = (ROOT / "scenarios" / "late-pizza.yaml").read_text()
    start = text.index("  appearance:")
    plain = text[:start] + text[text.index("\n", start) + 1 :]
    scenario, errors = parse_scenario("s.yaml", plain.encode())
    assert scenario is not None and not errors and scenario.customer.appearance == Appearance()
    broken = text.replace("hair: ponytail", "hair: mohican")
    scenario, errors = parse_scenario("s.yaml", broken.encode())
    assert scenario is None
    assert any("customer.appearance.hair: 'mohican' is not one of short" in str(e) for e in errors)


def _pixels(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def test_looks_change_the_picture_and_anger_still_shows(scenarios: dict) -> None:  # type: ignore[type-arg]
    pygame.init()
    pictures = {sid: _pixels(draw_portrait(s, 10)) for sid, s in scenarios.items()}
    assert len(set(pictures.values())) == len(pictures)
    maria = scenarios["wrong-diet-drink"]
    assert _pixels(draw_portrait(maria, 10)) != _pixels(draw_portrait(maria, 95))
    combos = [("afro", "round", "beard", "senior"), ("bald", "square", "stubble", "middle"),
              ("bun", "none", "moustache", "young"), ("long", "round", "none", "adult")]  # fmt: skip
    for look in (Appearance(hair=h, glasses=g, facial_hair=f, age=a) for h, g, f, a in combos):
        surface = pygame.Surface((300, 400))
        for anger in (0, 50, 75, 100):
            draw_customer(surface, surface.get_rect(), Pose(anger, 1.0, anger > 60, "phone", look))


def test_portraits_one_calm_one_furious_per_scenario(scenarios: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    pygame.init()
    paths = save_portraits(list(scenarios.values()), tmp_path)
    assert len(paths) == len(scenarios) * len(MOODS)
    assert (tmp_path / "customers" / "wrong-diet-drink-furious.png").is_file()
    assert pygame.image.load(str(paths[0])).get_size() == (360, 440)
