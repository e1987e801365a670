"""Run-time settings built once in main() and passed down (no globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from simulator.content_files import default_scenarios_dir

APP_NAME = "hotseat"


@dataclass(frozen=True, slots=True)
class Settings:
    scenario_paths: tuple[Path, ...] = field(default_factory=lambda: (default_scenarios_dir(),))
    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)))
    cache_dir: Path = field(default_factory=lambda: Path(platformdirs.user_cache_dir(APP_NAME)))
    db: str | None = None  # SQLite path or postgresql:// URL; None = default file in data_dir
    phrase_packs: tuple[Path, ...] = ()  # extra global detector phrase packs
    seed: int = 0
