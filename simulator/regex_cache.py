"""re.compile with each compiled program kept on disk, so the phrase packs' big regexes load in milliseconds.

Python's `re` parses a pattern and generates its matching program on every start; for the judge's 44 combined
pack regexes (250 k characters) that is about 0.4 s of the detector's start-up. This cache stores the
generated program (a list of integers, with the group tables) per pattern, keyed by the pattern's sha256 and
the interpreter's regex engine version, and hands it back to the engine (`_sre.compile`), which validates
it before use. Anything unexpected (another Python, a damaged or foreign file, an engine that refuses the
program) falls back to plain `re.compile` and rewrites the entry: the cache can only ever make start-up
faster, never change a match.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from simulator.detect.patterns import RegexCompiler

log = logging.getLogger(__name__)

try:  # CPython's regex engine internals (3.11+); without them this is plain re.compile
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    ENGINE: str | None = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - another interpreter
    ENGINE = None

MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a program larger than this is not a cache file of ours
FOLDER_ENV = "HOTSEAT_REGEX_CACHE"  # another folder for the cache, or "off" for plain re.compile


def default_regex_compiler(app_name: str = "hotseat") -> RegexCompiler:
    """The user's cache (`~/.cache/hotseat/regex` on Linux), another folder by $HOTSEAT_REGEX_CACHE, or
    plain re.compile when that is "off"."""
    chosen = os.environ.get(FOLDER_ENV, "").strip()
    if chosen.lower() == "off":
        return re.compile
    return RegexCache(Path(chosen) if chosen else Path(platformdirs.user_cache_dir(app_name)) / "regex")


class RegexCache:
    """A drop-in for `re.compile(pattern)` (flags 0) backed by `folder`; counts hits and misses."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def __call__(self, pattern: str) -> re.Pattern[str]:
        if ENGINE is None:
            return re.compile(pattern)
        path = self.folder / f"{hashlib.sha256((ENGINE + chr(0) + pattern).encode()).hexdigest()}.sre"
        compiled = self._load(path, pattern)
        if compiled is not None:
            self.hits += 1
            return compiled
        self.misses += 1
        compiled, program = _compile(pattern)
        self._store(path, program)
        return compiled

    def _load(self, path: Path, pattern: str) -> re.Pattern[str] | None:
        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                return None
            program = marshal.loads(path.read_bytes())
            flags, code, groups, groupindex, indexgroup = program
            compiled: re.Pattern[str] = _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)
            return compiled
        except FileNotFoundError:
            return None
        except Exception as exc:  # damaged, foreign or refused: compile afresh and rewrite it
            log.info("regex cache entry %s not used: %s", path.name, exc)
            return None

    def _store(self, path: Path, program: tuple[Any, ...]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(program))
            os.replace(tmp, path)
        except OSError as exc:  # a read-only or full disk only costs the next start its speed
            log.info("regex cache not written (%s): %s", self.folder, exc)


def _compile(pattern: str) -> tuple[re.Pattern[str], tuple[Any, ...]]:
    """Compile as `re._compiler.compile` does, keeping the program it hands to the engine."""
    parsed = _parser.parse(pattern, 0)
    code = [int(c) for c in _compiler._code(parsed, 0)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    program = (int(parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    compiled: re.Pattern[str] = _sre.compile(pattern, *program)
    return compiled, program
