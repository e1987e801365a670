"""Phrase-pack loading/validation (located errors), the pattern language, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content_files import (
    PHRASES_DIR,
    detect_moves,
    load_detector,
    load_phrase_pack,
    validate_phrase_pack,
)
from simulator.detect import PhrasePackError
from simulator.detect.patterns import PatternError, parse


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_packs_are_valid() -> None:
    paths = sorted(PHRASES_DIR.glob("*.yaml"))
    assert len(paths) >= 5
    for path in paths:
        assert validate_phrase_pack(path) == [], path
        assert load_phrase_pack(path).moves or load_phrase_pack(path).lexicon


def test_errors_are_located_and_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "version: 1\n"
            "colour: blue\n"
            "moves:\n"
            "  apology:\n"
            "    patterns:\n"
            '      - "i am (sorry"\n'
            "      - 42\n"
            "    negation: sometimes\n"
            "    undone_by_contrast: maybe\n"
            "    flavour: x\n"
            "  grovel:\n"
            "    patterns: [x]\n"
            "  thanks:\n"
            '    patterns: "thank you"\n'
            '    block: ["{nosuchmacro} thanks"]\n'
        ),
    )
    errors = validate_phrase_pack(path)
    p = str(path)
    assert errors == [
        f"{p}:2:1: colour: unknown key (expected one of: version, description, macros, "
        "lexicon, remedies, moves)",
        f"{p}:6:15: moves.apology.patterns[0]: bad pattern: unclosed '('",
        f"{p}:7:9: moves.apology.patterns[1]: expected a string, got an integer ('42') (quote it)",
        f"{p}:8:15: moves.apology.negation: must be one of: word, clause, none (got 'sometimes')",
        f"{p}:9:25: moves.apology.undone_by_contrast: expected true or false, got a string ('maybe')",
        f"{p}:10:5: moves.apology.flavour: unknown key (expected one of: description, patterns, "
        "block, suppresses, negation, undone_by_contrast, undoes, extend, examples, "
        "counter_examples)",
        f"{p}:11:3: moves.grovel: unknown move",
        f"{p}:14:15: moves.thanks.patterns: expected a list of strings, got a string ('thank you')",
        f"{p}:15:14: moves.thanks.block[0]: bad pattern: unknown slot {{nosuchmacro}}",
    ]
    with pytest.raises(PhrasePackError) as info:
        load_phrase_pack(path)
    assert len(info.value.errors) == 7  # structural ones; patterns are checked by validate


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, 'moves:\n  apology:\n    patterns: ["a"\n')
    (error,) = validate_phrase_pack(path)
    assert error.startswith(f"{path}:4:1: <yaml>:")


def test_duplicate_keys_and_filler_words(tmp_path: Path) -> None:
    path = write(
        tmp_path, ('moves:\n  thanks:\n    patterns: ["um thanks"]\n  thanks:\n    patterns: ["cheers"]\n')
    )
    assert validate_phrase_pack(path) == [
        f"{path}:3:17: moves.thanks.patterns[0]: bad pattern: 'um' is a filler removed from "
        "text; it never matches",
        f"{path}:4:3: moves.thanks: duplicate key",
    ]


@pytest.mark.parametrize(
    ("pattern", "message", "column"),
    [
        ("", "empty pattern", 1),
        ("a (b|c", "unclosed '('", 3),
        ("a ]", "unexpected ']'", 3),
        ("a (b|) c", "empty group or alternative", 3),
        ("[a] [b]", "pattern can match nothing", 1),
        ("a ^ b", "'^' only allowed at the start of an alternative", 3),
        ("(a|b)? c", "'?' is a literal; write [a|b] for an optional group", 6),
        ("{Bad-Name}", "bad slot name 'Bad-Name'", 1),
        ("re*fund", "'*' only allowed at the end of a word: 're*fund'", 1),
    ],
)
def test_pattern_errors(pattern: str, message: str, column: int) -> None:
    with pytest.raises(PatternError) as info:
        parse(pattern)
    assert info.value.message == message
    assert info.value.offset + 1 == column


def test_extra_pack_paths_extend_detection(tmp_path: Path) -> None:
    pack = write(
        tmp_path,
        (
            "version: 1\n"
            "macros:\n"
            '  grovel: "(grovel|grovelling)"\n'
            "moves:\n"
            "  apology:\n"
            '    patterns: ["i [humbly] {grovel}"]\n'
            '    examples: ["I humbly grovel"]\n'
            "  compensation:\n"
            '    block: ["gift card*"]\n'
        ),
    )
    assert validate_phrase_pack(pack) == []
    detector = load_detector([pack])
    assert "apology" in {m.move for m in detector.detect("I really grovel before you.")}
    assert "compensation" not in {m.move for m in detector.detect("Here is a gift card.")}
    assert "compensation" in {m.move for m in detect_moves("Here is a gift card.")}


def test_invalid_extra_pack_fails_on_first_use(tmp_path: Path) -> None:
    bad = write(tmp_path, 'moves:\n  apology:\n    patterns: ["(oops"]\n')
    detector = load_detector([bad])  # lazy: no error yet
    with pytest.raises(PhrasePackError, match=r"pack.yaml:3:17: moves.apology.patterns\[0\]"):
        detector.detect("hello")


def test_pattern_language_features(tmp_path: Path) -> None:
    pack = write(
        tmp_path,
        (
            "moves:\n"
            "  thanks:\n"
            "    patterns:\n"
            '      - "^ cheers"\n'
            '      - "ta (very|ever so) much"\n'
            '      - "much obliged ... friend"\n'
            '      - "grat* to *"\n'
        ),
    )
    detector = load_detector(pack_paths=[PHRASES_DIR / "lexicon.yaml", pack])
    found = lambda text: "thanks" in {m.move for m in detector.detect(text)}  # noqa: E731
    assert found("Cheers.") and found("ok. cheers") and not found("we say cheers")
    assert found("ta ever so much") and found("ta, like, very much")
    assert found("much obliged to you my friend") and not found("much obliged")
    assert found("grateful to you")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_property_never_raises_and_evidence_is_exact(text: str) -> None:
    for m in detect_moves(text):
        assert text[m.start : m.end] == m.evidence
        assert m.evidence


WORDS = [
    "i",
    "am",
    "sorry",
    "but",
    "you",
    "should",
    "have",
    "checked",
    "not",
    "can't",
    "refund",
    "thank",
    "um",
    "so",
    "the",
    "pizza",
    "was",
    "late",
    "?",
    ",",
    ".",
    "calm",
    "down",
    "we'll",
    "call",
    "back",
    "manager",
    "voucher",
    "what",
    "would",
    "like",
    "Dana",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([" ", "  ", "\n"]))
def test_property_word_salad(words: list[str], sep: str) -> None:
    text = sep.join(words)
    found = detect_moves(text)
    assert len({m.move for m in found}) == len(found)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert text[m.start : m.end] == m.evidence
