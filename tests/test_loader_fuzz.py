"""Fuzzing the scenario loader: whatever the bytes, it returns its own located errors and never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content_files import load_scenario_file
from simulator.errors import ContentError, ContentErrors
from simulator.scenario.loader import parse_scenario
from simulator.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "scenarios" / "late-pizza.yaml").read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines(keepends=True)
TOKENS = [*"ab01 :-[]{},#&*!|>'\"\n\t?%@~.\\\x85\u2028", "id", "lines", "needs", "  ", "- ", ": "]
TOKENS += ["&x ", "*x"]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_outcome(data: bytes) -> None:
    scenario, errors = parse_scenario("f.yaml", data)
    assert (scenario is None) == bool(errors)
    if scenario is not None:
        assert isinstance(scenario, Scenario)
    for error in errors:
        assert isinstance(error, ContentError)
        assert error.path == "f.yaml" and error.line >= 1 and error.col >= 1
        text = str(error)
        assert text.startswith(f"f.yaml:{error.line}:{error.col}: ") and "\n" not in text


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    check_outcome(data)


@FUZZ
@given(YAMLISH)
def test_random_yamlish_text(text: str) -> None:
    check_outcome(text.encode("utf-8"))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(BASE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "indent", "dedent", "swap", "duplicate", "insert", "tab"]))
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + line
        elif kind == "dedent":
            lines[i] = line[draw(st.integers(1, 3)) :] if line.startswith(" ") else line
        elif kind == "swap" and len(line) > 2:
            j = draw(st.integers(0, len(line) - 2))
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2 :]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "insert":
            lines.insert(i, draw(YAMLISH) + "\n")
        elif kind == "tab":
            lines[i] = "\t" + line.lstrip(" ")
        if not lines:
            lines = ["\n"]
    return "".join(lines)


@FUZZ
@given(mutated())
def test_mutated_scenario(text: str) -> None:
    check_outcome(text.encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=200), mutated().map(lambda t: t.encode("utf-8"))))
def test_load_file_raises_only_content_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.yaml"
        path.write_bytes(data)
        try:
            load_scenario_file(path)
        except ContentErrors as exc:
            assert exc.errors and all(e.path == str(path) for e in exc.errors)
