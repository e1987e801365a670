"""The shell side of "the core takes text": read scenario files and phrase packs, keep shared detectors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final

from simulator.detect.context import DetectionContext
from simulator.detect.detector import Detector
from simulator.detect.phrasepack import (
    MAX_PACK_BYTES,
    PackSource,
    PhrasePack,
    check_packs,
    pack_of,
)
from simulator.errors import ContentError, ContentErrors
from simulator.moves import Move
from simulator.regex_cache import default_regex_compiler
from simulator.safe_read import UnreadableFile, read_limited
from simulator.scenario import nodes
from simulator.scenario.loader import parse_scenario
from simulator.scenario.model import Scenario

SCENARIO_SUFFIXES: Final = (".yaml", ".yml")
PHRASES_DIR: Final = Path(__file__).resolve().parent / "data" / "phrases"


# -- scenarios -------------------------------------------------------------------------------


@dataclass
class Library:
    """Scenarios loaded from files, by id, plus every error found on the way."""

    scenarios: dict[str, Scenario] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def default_scenarios_dir() -> Path:
    """The `scenarios/` folder next to the package (source checkout or installed data)."""
    return Path(__file__).resolve().parents[1] / "scenarios"


def load_scenario_file(path: Path) -> Scenario:
    """Load one scenario file, raising ContentErrors with every problem found."""
    try:
        data = read_limited(path, nodes.MAX_FILE_BYTES)
    except UnreadableFile as exc:
        reason = str(exc) if "too large" in str(exc) else f"cannot read file: {exc}"
        raise ContentErrors([ContentError(str(path), 1, 1, "", reason)]) from exc
    except OSError as exc:
        raise ContentErrors([ContentError(str(path), 1, 1, "", f"cannot read file: {exc.strerror}")]) from exc
    scenario, errors = parse_scenario(str(path), data)
    if scenario is None:
        raise ContentErrors(errors)
    return scenario


def scenario_files(paths: Iterable[Path]) -> tuple[list[Path], list[ContentError]]:
    """Expand files and folders into scenario files, reporting paths that do not exist."""
    files: list[Path] = []
    errors: list[ContentError] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            errors.append(ContentError(str(path), 1, 1, "", "not a regular file (a device, pipe "
                                       "or socket); give a scenario .yaml file or folder"))  # fmt: skip
        else:
            errors.append(ContentError(str(path), 1, 1, "", "no such file or folder"))
    return files, errors


def load_library(paths: Iterable[Path]) -> Library:
    """Load every scenario under the given files/folders; duplicate ids across files are errors."""
    library = Library()
    files, library.errors = scenario_files(paths)
    library.files = files
    first_seen: dict[str, str] = {}
    for path in files:
        try:
            scenario = load_scenario_file(path)
        except ContentErrors as exc:
            library.errors.extend(exc.errors)
            continue
        if scenario.id in library.scenarios:
            message = f"duplicate scenario id '{scenario.id}' (also in {first_seen[scenario.id]})"
            library.errors.append(ContentError(str(path), 1, 1, "id", message))
            continue
        first_seen[scenario.id] = str(path)
        library.scenarios[scenario.id] = scenario
    library.errors.sort()
    return library


# -- phrase packs and detectors --------------------------------------------------------------


def packaged_paths() -> tuple[Path, ...]:
    """The phrase packs shipped with the game."""
    return tuple(sorted(PHRASES_DIR.glob("*.yaml")))


def read_pack(path: str | Path) -> PackSource:
    """A pack file's bytes for the detector, or the error reading it (reported where the pack is checked)."""
    try:
        return str(path), read_limited(Path(path), MAX_PACK_BYTES)
    except OSError as exc:
        return str(path), exc


def load_phrase_pack(path: str | Path) -> PhrasePack:
    """Load one pack; raises PhrasePackError listing every structural problem."""
    return pack_of(read_pack(path))


def validate_phrase_pack(path: str | Path, *, context_packs: Iterable[str | Path] | None = None) -> list[str]:
    """Every problem in one pack file, located; [] when it is valid.

    Slots may use macros of the packaged packs (or of `context_packs`) as well as its own.
    """
    path = Path(path)
    others = [p for p in (packaged_paths() if context_packs is None else map(Path, context_packs))
              if p.resolve() != path.resolve()]  # fmt: skip
    return check_packs([read_pack(path)], [read_pack(p) for p in others])[1]


def load_detector(
    extra_pack_paths: Iterable[str | Path] = (), *, pack_paths: Iterable[str | Path] | None = None
) -> Detector:
    """A detector over the packaged packs (or `pack_paths`) plus extra packs; checked on first use."""
    base = packaged_paths() if pack_paths is None else tuple(pack_paths)
    return Detector(
        [read_pack(p) for p in (*base, *extra_pack_paths)], compile_regex=default_regex_compiler()
    )


@lru_cache(maxsize=4)
def detector_with(extra_pack_paths: tuple[str, ...] = ()) -> Detector:
    """The detector over the packaged phrase packs plus an author's global packs (built once each)."""
    return load_detector(extra_pack_paths)


def default_detector() -> Detector:
    """The shared detector over the packaged phrase packs (built on first use)."""
    return detector_with(())


def detect_moves(text: str, context: DetectionContext | None = None) -> tuple[Move, ...]:
    """Return the moves found in one trainee utterance (see `Detector.detect`)."""
    return default_detector().detect(text, context)
