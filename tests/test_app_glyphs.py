"""Every string the game can show has a glyph in the bundled font (no boxes for missing characters)."""

from __future__ import annotations

import ast
from pathlib import Path

import pygame.freetype
import pytest
import yaml

from simulator.app.fonts import BOLD, REGULAR

ROOT = Path(__file__).resolve().parents[1]
# code whose strings reach the screen: the app and the engine (lines, tips and move labels, reasons)
SHOWN_CODE = [
    *sorted((ROOT / "simulator" / "app").rglob("*.py")),
    *sorted((ROOT / "simulator" / "engine").glob("*.py")),
]


def _code_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _yaml_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_yaml_strings(k), *_yaml_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _yaml_strings(item)]
    return []


def _shown_characters() -> dict[str, str]:
    """Each non-ASCII character shown anywhere, with one place it comes from."""
    found: dict[str, str] = {}
    sources: list[tuple[str, list[str]]] = [
        (str(path.relative_to(ROOT)), _code_strings(path)) for path in SHOWN_CODE
    ]
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sources.append((str(path.relative_to(ROOT)), _yaml_strings(yaml.safe_load(path.read_text("utf-8")))))
    for where, strings in sources:
        for text in strings:
            for char in text:
                # lone surrogates are no characters: only code that removes them names them
                if ord(char) > 126 and char not in found and not 0xD800 <= ord(char) <= 0xDFFF:
                    found[char] = f"{where}: {text[:60]!r}"
    return found


@pytest.mark.parametrize("font_file", [REGULAR, BOLD], ids=["regular", "bold"])
def test_every_shown_character_has_a_glyph(font_file: Path) -> None:
    pygame.freetype.init()
    font = pygame.freetype.Font(str(font_file), 18)
    shown = _shown_characters()
    assert len(shown) >= 5, "the scan found too few characters to be looking at the UI strings"
    missing = {f"U+{ord(c):04X} {c!r}": where for c, where in shown.items() if font.get_metrics(c)[0] is None}
    assert not missing, f"no glyph in {font_file.name}: {missing}"


def test_the_check_sees_a_missing_glyph() -> None:
    pygame.freetype.init()
    font = pygame.freetype.Font(str(REGULAR), 18)
    assert font.get_metrics("\uff0b")[0] is None  # FULLWIDTH PLUS SIGN, the old "+ New group"
    assert font.get_metrics("+")[0] is not None
