"""The scenario loader on broken files: every kind of error, with its exact located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.content_files import load_scenario_file
from simulator.errors import ContentErrors
from simulator.scenario.loader import parse_scenario

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "scenarios" / "late-pizza.yaml").read_text(encoding="utf-8")


def errors_for(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    scenario, errors = parse_scenario("s.yaml", data)
    assert scenario is None
    return [str(e) for e in errors]


def line_of(snippet: str, text: str = BASE) -> int:
    return text[: text.index(snippet)].count("\n") + 1


def test_base_loads() -> None:
    assert parse_scenario("s.yaml", BASE.encode())[1] == []


CASES = [
    # (name, (old, new) replacement in late-pizza.yaml, expected message with {line} of `new`)
    (
        "wrong type",
        ("max_turns: 8", "max_turns: eight"),
        "{line}:12: max_turns: expected a whole number, got 'eight'",
    ),
    (
        "list for a number",
        ("  patience: 4", "  patience: [4]"),
        "{line}:13: customer.patience: expected a whole number, got a list",
    ),
    (
        "mapping for text",
        ("title: The Late Pizza", "title: {a: b}"),
        "{line}:8: title: expected a text, got a mapping",
    ),
    (
        "not a boolean",
        ("    required: false", "    required: nope"),
        "{line}:15: needs[1].required: expected true or false, got 'nope'",
    ),
    (
        "out of range",
        ("  anger: 70", "  anger: 170"),
        "{line}:10: customer.anger: 170 is out of range (0 to 100)",
    ),
    (
        "enum",
        ("difficulty: easy", "difficulty: eazy"),
        "{line}:13: difficulty: 'eazy' is not one of easy, medium, hard (did you mean 'easy'?)",
    ),
    (
        "unknown key",
        ("pass_mark: 60", "passmark: 60"),
        "{line}:1: passmark: unknown key (did you mean 'pass_mark'?)",
    ),
    (
        "unknown reaction",
        ("    apology:\n      calm:", "    apologie:\n      calm:"),
        "{line}:5: lines.reactions.apologie: unknown key (did you mean 'apology'?)",
    ),
    (
        "missing reference",
        ("    meets: [restitution]", "    meets: [restitusion]"),
        "{line}:13: offers[0].meets[0]: unknown need 'restitusion' "
        "(needs: restitution, hot_food_tonight, acknowledged)",
    ),
    (
        "combines an unknown offer",
        ("    meets: [restitution]", "    combines: [remake, coupn]\n    meets: [restitution]"),
        "{line}:24: offers[0].combines[1]: unknown offer 'coupn' (offers: remake, coupon)",
    ),
    (
        "combines itself",
        ("    meets: [restitution]", "    combines: [refund, remake]\n    meets: [restitution]"),
        "{line}:16: offers[0].combines[0]: an offer cannot combine itself",
    ),
    (
        "combines one offer",
        ("    meets: [restitution]", "    combines: [remake]\n    meets: [restitution]"),
        "{line}:15: offers[0].combines: a combined offer names at least two offers",
    ),
    (
        "bad indentation",
        ("  anger: 70", "   anger: 70"),
        "{line}:4: YAML syntax error: this line is indented differently from the lines around it",
    ),
    (
        "tab",
        ("  anger: 70", "\tanger: 70"),
        "{line}:1: YAML syntax error: a tab character is not allowed here; indent with spaces",
    ),
    (
        "duplicate key",
        ("pass_mark: 60", "pass_mark: 60\npass_mark: 70"),
        "14:1: pass_mark: duplicate key (first at line 13)",
    ),
    (
        "duplicate id",
        ("  - id: remake", "  - id: refund"),
        "62:5: offers[1].id: duplicate id 'refund' (first at line 58)",
    ),
    ("missing required", ("title: The Late Pizza\n", ""), "3:1: title: is required but missing"),
    ("empty required", ("title: The Late Pizza", "title:"), "{line}:7: title: is empty; expected a text"),
    (
        "colon in text",
        ("title: The Late Pizza", "title: Pizza: late"),
        "{line}:13: YAML syntax error: a ': ' is not allowed here; put text containing ': ' in quotes",
    ),
    (
        "missing colon",
        ("pass_mark: 60", "pass_mark 60"),
        "{line}:1: YAML syntax error: expected 'key: value' on this line (is the ':' missing?)",
    ),
    (
        "insulting offer meets needs",
        ("    kind: compensation\n", "    kind: compensation\n    insults: true\n"),
        "69:14: offers[2].insults: an insulting offer cannot also meet needs",
    ),
    (
        "multi-line id",
        ("id: late-pizza", "id: |\n  late\n  pizza"),
        "{line}:5: id: 'late pizza' is not a valid id (use lower-case letters, digits, '-' or '_')",
    ),
]


@pytest.mark.parametrize("name,change,expected", CASES, ids=[c[0] for c in CASES])
def test_located_message(name: str, change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in BASE
    text = BASE.replace(old, new, 1)
    line = line_of(new.split("\n")[0], text) if new else 0
    assert errors_for(text) == ["s.yaml:" + expected.format(line=line)]


def test_non_utf8() -> None:
    data = BASE.encode().replace(b"Dana", b"D\xe9na", 1)
    assert errors_for(data) == [
        f"s.yaml:{line_of('Dana')}:10: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_utf16_is_refused() -> None:
    assert errors_for(BASE.encode("utf-16")) == [
        "s.yaml:1:1: file is not valid UTF-8 (byte 0xff); save it as UTF-8"
    ]


def test_utf8_bom_is_fine() -> None:
    assert parse_scenario("s.yaml", b"\xef\xbb\xbf" + BASE.encode())[1] == []


@pytest.mark.parametrize("data,message", [
    (b"", "file is empty"), (b"  \n\n", "file is empty"), (b"# only a comment\n", "file has no content"),
    (b"id: x\x00\n", "file contains binary data (a NUL byte)"),
    (b"hello\n", "(top): expected a mapping of keys to values, got 'hello'"),
    (b"- a\n- b\n", "(top): expected a mapping of keys to values, got a list"),
    (b"[" * 5000, "values are nested too deeply to read"),
])  # fmt: skip
def test_whole_file_problems(data: bytes, message: str) -> None:
    assert errors_for(data) == [f"s.yaml:1:1: {message}"]


def test_control_character_is_located() -> None:
    assert errors_for("id: x\ntitle: a\x01b\n") == [
        "s.yaml:2:9: the file contains a control character (#x0001) that is not allowed; delete it"
    ]


def test_second_document() -> None:
    assert errors_for(BASE + "---\nid: again\n") == [
        f"s.yaml:{line_of('---', BASE + '---')}:1: YAML syntax error: but found another document "
        "(expected a single document in the stream)"
    ]


def test_ten_megabyte_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * 1_000_000)
    with pytest.raises(ContentErrors) as caught:
        load_scenario_file(path)
    assert str(caught.value) == f"{path}:1:1: file is too large (10.0 MB; the limit is 1 MB)"


def test_alias_bomb_is_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for name in "bcdefg":
        prev = chr(ord(name) - 1)
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    bomb += "lines:\n  opening: *g\n"
    errors = errors_for(bomb)
    assert len(errors) < 100
    assert all("\n" not in e for e in errors)


def test_every_error_at_once() -> None:
    text = BASE.replace("max_turns: 8", "max_turns: eight").replace("difficulty: easy", "difficulty: eazy")
    assert len(errors_for(text)) == 2


def test_unreadable_path_raises_content_errors(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_scenario_file(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path}:1:1: cannot read file: ")
