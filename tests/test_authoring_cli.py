"""The authoring commands end to end: new, schema, lint, explore, playtest, phrases (exit codes, output)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from simulator.content_files import load_scenario_file

ROOT = Path(__file__).resolve().parents[1]


def run_cli(argv: Sequence[str]) -> int:
    """The real command line, in process (so the detector can be swapped for a stand-in)."""
    from simulator.cli import main as cli_main

    return cli_main.main(list(argv))


@pytest.fixture
def fake_detector(monkeypatch: pytest.MonkeyPatch, fake_detect: Callable[[str], tuple]) -> None:  # type: ignore[type-arg]
    """Commands use the keyword stand-in instead of the real detector (tests the tools, not detection)."""
    monkeypatch.setattr("simulator.play.detector_for", lambda scenario, name=None, **_: fake_detect)


def test_new_writes_a_template_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "noisy-neighbour.yaml"
    assert run_cli(["new", "noisy-neighbour", "--out", str(target)]) == 0
    scenario = load_scenario_file(target)
    assert scenario.id == "noisy-neighbour" and scenario.title == "Noisy Neighbour"
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={ROOT / 'docs' / 'scenario.schema.json'}"
    assert f"wrote {target}" in capsys.readouterr().out
    assert run_cli(["lint", "--oracle", str(target)]) == 0


def test_new_refuses_to_overwrite_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("keep me", encoding="utf-8")
    assert run_cli(["new", "x", "--out", str(target)]) == 2
    assert (
        capsys.readouterr().err == f"hotseat: error: {target} already exists (use --force to overwrite it)\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me"
    assert run_cli(["new", "x", "--out", str(target), "--force"]) == 0
    assert load_scenario_file(target).id == "x"


def test_new_rejects_a_bad_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["new", "Bad Id", "--out", str(tmp_path / "b.yaml")]) == 2
    assert "'Bad Id' is not a valid scenario id" in capsys.readouterr().err


def test_new_in_the_scenarios_folder_uses_a_relative_schema_path(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    assert run_cli(["--scenarios", str(folder), "new", "mine"]) == 0
    assert load_scenario_file(folder / "mine.yaml").id == "mine"
    from simulator.authoring.template import render_template

    inside = render_template("mine", ROOT / "scenarios" / "mine.yaml")
    assert inside.splitlines()[0] == "# yaml-language-server: $schema=../docs/scenario.schema.json"


def test_schema_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["schema", "--out", "-"]) == 0
    assert capsys.readouterr().out == (ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8")


def test_lint_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "scenarios" / "late-pizza.yaml").read_text(encoding="utf-8")
    wrong_name = tmp_path / "pizza.yaml"
    wrong_name.write_text(text, encoding="utf-8")
    assert run_cli(["lint", "--oracle", str(wrong_name)]) == 1
    err = capsys.readouterr().err
    assert f"{wrong_name}:3:5: warning: id: id 'late-pizza' does not match the file name 'pizza.yaml'" in err
    assert "    id: late-pizza\n        ^" in err
    assert run_cli(["lint", "--oracle", "--no-fail-on-warnings", str(wrong_name)]) == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("id: late-pizza", "id: broken\nmax_turns: many"), encoding="utf-8")
    assert run_cli(["lint", "--oracle", "--no-fail-on-warnings", str(broken)]) == 1
    assert "max_turns: duplicate key" in capsys.readouterr().err


def test_explore_json_is_deterministic(fake_detector: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["explore", "late-pizza", "--runs", "60", "--seed", "3", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert run_cli(["explore", "late-pizza", "--runs", "60", "--seed", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert first["runs"] == 60 and set(first["kinds"]) == {"model", "mediocre", "hostile"}
    assert sum(k["runs"] for k in first["kinds"].values()) == 60


def test_explore_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["explore", "late-pizza", "--runs", "50", "--oracle"]) == 0
    out = capsys.readouterr().out
    assert "late-pizza: 50 playthroughs (oracle detector)" in out
    assert "Model trainees reaching success (resolved): 100%" in out
    assert "median" in out and "p10" in out and "p90" in out


def test_explore_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["explore", "late-piza", "--runs", "5"]) == 2
    assert (
        capsys.readouterr().err
        == "hotseat: error: unknown scenario 'late-piza'; did you mean 'late-pizza'?\n"
    )


def test_playtest_reads_stdin(
    fake_detector: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = "I am so sorry, Dana.\n/state\n/set anger=20\n/quit\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(script))
    assert run_cli(["playtest", "late-pizza", "--set", "patience=2"]) == 0
    out = capsys.readouterr().out
    assert '  move: apology "sorry"' in out
    assert "    apology          -10.0  helps" in out
    assert "  line [reaction]: scenario line for 'apology' at anger band 'upset' \"" in out
    assert "  patience left 2 of 4; turn 1 of 8" in out
    assert "  [anger 20 (calm) | patience 2 | turn 1/8]" in out


def test_playtest_from_a_script_file(
    fake_detector: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "start.yaml"
    script.write_text("- I am so sorry, Dana.\n- What time did you order?\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("/state\n"))
    assert run_cli(["playtest", "late-pizza", "--from", str(script)]) == 0
    out = capsys.readouterr().out
    assert "You: What time did you order?" in out
    assert "  facts told: order_time" in out


def test_playtest_bad_start_point(fake_detector: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["playtest", "late-pizza", "--from", "after-lunch"]) == 2
    assert "--from after-lunch: not a script file nor a named point" in capsys.readouterr().err


def test_phrases_list_unknown_move(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["phrases", "list", "hug"]) == 2
    assert "unknown move 'hug'" in capsys.readouterr().err


def test_phrases_validate_reports_located_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("version: 1\nmoves:\n  hugging:\n    patterns: [hug]\n", encoding="utf-8")
    assert run_cli(["phrases", "validate", str(pack)]) == 1
    assert f"{pack}:3:3: moves.hugging: unknown move" in capsys.readouterr().err
