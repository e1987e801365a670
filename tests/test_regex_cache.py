"""The on-disk cache of compiled regexes: the same matches as re.compile, and safe when damaged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator.content_files import packaged_paths, read_pack
from simulator.detect.detector import Detector
from simulator.regex_cache import FOLDER_ENV, RegexCache, default_regex_compiler

PATTERN = r"(?<![^ ])(?:i(?: am|'m) (?:so |really )?sorry|(?P<who>mr|ms) \w+|refund(?:ed)? (?:you|it))"
TEXTS = ("oh i'm so sorry mr dawson", "we refunded it", "nothing here", "ms liu, i am sorry", "")


def _matches(rx: re.Pattern[str]) -> list[tuple[str, dict[str, str | None]]]:
    return [(m.group(0), m.groupdict()) for t in TEXTS for m in rx.finditer(t)]


def test_a_cached_regex_matches_exactly_as_re_compile(tmp_path: Path) -> None:
    first = RegexCache(tmp_path)
    fresh = first(PATTERN)
    assert (first.hits, first.misses) == (0, 1) and len(list(tmp_path.glob("*.sre"))) == 1
    second = RegexCache(tmp_path)  # the next start
    cached = second(PATTERN)
    assert (second.hits, second.misses) == (1, 0)
    plain = re.compile(PATTERN)
    assert _matches(cached) == _matches(fresh) == _matches(plain)
    assert cached.pattern == plain.pattern and cached.groupindex == plain.groupindex
    assert cached.flags == plain.flags and cached.groups == plain.groups


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9" * 10])
def test_a_damaged_entry_is_compiled_afresh_and_rewritten(tmp_path: Path, damage: bytes) -> None:
    RegexCache(tmp_path)(PATTERN)
    (entry,) = tmp_path.glob("*.sre")
    entry.write_bytes(damage)
    cache = RegexCache(tmp_path)
    assert _matches(cache(PATTERN)) == _matches(re.compile(PATTERN)) and cache.misses == 1
    assert RegexCache(tmp_path)(PATTERN) is not None and entry.read_bytes() != damage


def test_a_foreign_program_is_refused_by_the_engine_and_not_used(tmp_path: Path) -> None:
    import marshal

    RegexCache(tmp_path)(PATTERN)
    (entry,) = tmp_path.glob("*.sre")
    flags, code, groups, groupindex, indexgroup = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((flags, [9999, *code[1:]], groups, groupindex, indexgroup)))
    cache = RegexCache(tmp_path)
    assert _matches(cache(PATTERN)) == _matches(re.compile(PATTERN)) and cache.misses == 1


def test_an_unwritable_folder_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    cache = RegexCache(blocker / "regex")
    assert _matches(cache(PATTERN)) == _matches(re.compile(PATTERN))
    assert _matches(cache(PATTERN)) == _matches(re.compile(PATTERN)) and cache.hits == 0


def test_the_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FOLDER_ENV, "off")
    assert default_regex_compiler() is re.compile
    monkeypatch.setenv(FOLDER_ENV, str(tmp_path / "rx"))
    chosen = default_regex_compiler()
    assert isinstance(chosen, RegexCache) and chosen.folder == tmp_path / "rx"


def test_the_detector_finds_the_same_moves_with_cached_regexes(tmp_path: Path) -> None:
    packs = [read_pack(p) for p in packaged_paths()]
    plain = Detector(packs)
    RegexCache(tmp_path)  # nothing yet: the first detector writes every entry, the second reads them
    Detector(packs, compile_regex=RegexCache(tmp_path)).bank  # noqa: B018 - compile and store
    reading = RegexCache(tmp_path)
    cached = Detector(packs, compile_regex=reading)
    texts = [
        "I'm so sorry the pizza was an hour late, I'll refund it now.",
        "Well you should have read the email. Calm down.",
        "So the line's been dead since eight? Let me get my supervisor.",
    ]
    assert [cached.detect(t) for t in texts] == [plain.detect(t) for t in texts]
    assert reading.hits > 20 and reading.misses == 0
