"""The core (scenario, detect, engine, moves, errors) reads no files: the shell reads them and passes text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from simulator.content_files import load_detector, read_pack
from simulator.detect import Detector, PhrasePackError
from simulator.scenario.loader import parse_scenario

PACKAGE = Path(__file__).resolve().parent.parent / "simulator"
CORE = [
    *sorted((PACKAGE / "scenario").glob("*.py")),
    *sorted((PACKAGE / "detect").glob("*.py")),
    *sorted((PACKAGE / "engine").glob("*.py")),
    PACKAGE / "moves.py",
    PACKAGE / "move_info.py",
    PACKAGE / "errors.py",
]
FILE_CALLS = frozenset({
    "open", "read_text", "read_bytes", "write_text", "write_bytes", "read_limited",
    "iterdir", "glob", "rglob", "is_file", "is_dir", "exists", "listdir", "scandir",
})  # fmt: skip
SHELL_MODULES = ("simulator.safe_read", "simulator.content_files", "simulator.settings")


def _calls(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_reads_no_files(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not _calls(tree) & FILE_CALLS
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not imported & set(SHELL_MODULES)


def test_the_detector_takes_pack_text() -> None:
    pack = b'version: 1\nmoves:\n  thanks:\n    patterns: ["much obliged"]\n'
    lexicon = read_pack(PACKAGE / "data" / "phrases" / "lexicon.yaml")
    detector = Detector([lexicon, ("inline.yaml", pack)])
    assert [m.move for m in detector.detect("Much obliged.")] == ["thanks"]
    broken = Detector([("broken.yaml", b"moves: [")])
    with pytest.raises(PhrasePackError, match=r"broken\.yaml:2:1: <yaml>"):
        broken.detect("hello")


def test_an_unreadable_pack_is_one_located_error(tmp_path: Path) -> None:
    with pytest.raises(PhrasePackError, match=r"missing.yaml:1:1: <file>: cannot read"):
        load_detector([tmp_path / "missing.yaml"]).detect("hello")


def test_a_scenario_is_parsed_from_bytes() -> None:
    data = (PACKAGE.parent / "scenarios" / "late-pizza.yaml").read_bytes()
    scenario, errors = parse_scenario("anywhere/late-pizza.yaml", data)
    assert errors == [] and scenario is not None
    assert scenario.source_path == "anywhere/late-pizza.yaml"
