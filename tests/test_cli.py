"""The command line end to end: JSON contracts, located errors, one-line failures.

The commands run in-process through ``main(argv)`` with their own stdin/stdout/stderr (a
subprocess would only add seconds of start-up); one test runs the real program in a process.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS

from simulator.cli.main import main


def hotseat(
    *args: str, stdin: str | None = None, data_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`hotseat ARGS`, in-process, as a finished process: return code, stdout and stderr."""
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([*extra, *args])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old_stdin
    return subprocess.CompletedProcess(["hotseat", *args], code, out.getvalue(), err.getvalue())


def test_the_program_runs_as_a_process() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "scenarios"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "late-pizza" in proc.stdout and "Traceback" not in proc.stderr


def assert_one_line_error(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("hotseat: error:"), proc.stderr
    assert proc.stdout == ""


MODEL = [
    "I'm so sorry Dana, I completely understand how frustrating that must be.",
    "So your pizza came an hour late and it was cold. What time did you order?",
    "Let me give you a full refund, and I'll put a fresh one in the oven right now.",
    "I'll call you the moment it leaves, and here's my direct number.",
]


def test_scenarios_lists_the_shipped_ids() -> None:
    proc = hotseat("scenarios")
    assert proc.returncode == 0
    assert "late-pizza" in proc.stdout


def test_run_json_contract(tmp_path: Path) -> None:
    args = ["run", "--scenario", "late-pizza", "--json", "--no-save"]
    for text in [*MODEL, "this turn comes after the end and is ignored"]:
        args += ["--say", text]
    proc = hotseat(*args, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["scenario"] == "late-pizza"
    assert out["outcome"] in ("resolved", "walked_out", "escalated", "unresolved")
    assert set(out["scores"]) == {"listening", "empathy", "resolution", "overall"}
    assert all(isinstance(v, int) and 0 <= v <= 100 for v in out["scores"].values())
    assert isinstance(out["passed"], bool)
    turns = out["turns"]
    assert turns[0]["speaker"] == "customer" and "moves" not in turns[0]
    trainee = [t for t in turns if t["speaker"] == "trainee"]
    assert all(isinstance(t["moves"], list) and isinstance(t["anger"], int) for t in trainee)
    assert all(set(m) == {"move", "evidence"} for t in trainee for m in t["moves"])
    assert (
        all(t["text"] != "this turn comes after the end and is ignored" for t in turns)
        or out["outcome"] == "unresolved"
    )
    assert out["outcome"] == "resolved" and out["passed"], out


def test_run_text_shows_debrief(tmp_path: Path) -> None:
    proc = hotseat("run", "--scenario", "late-pizza", "--no-save", "--say", MODEL[0], data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Debrief" in proc.stdout and "Listening" in proc.stdout


def test_analyze_one_and_stdin_in_order() -> None:
    proc = hotseat("analyze", "--scenario", "late-pizza", "I'm so sorry Dana")
    assert proc.returncode == 0, proc.stderr
    moves = {m["move"] for m in json.loads(proc.stdout)["moves"]}
    assert {"apology", "name"} <= moves
    renamed = hotseat("analyze", "--customer-name", "Priya", "thanks Priya")
    assert "name" in {m["move"] for m in json.loads(renamed.stdout)["moves"]}
    lines = "I'm sorry about the wait\nwhat time did you order?\n\nthat's not my problem\n"
    proc = hotseat("analyze", "-", stdin=lines)
    outputs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(outputs) == 4
    assert "apology" in {m["move"] for m in outputs[0]["moves"]}
    assert "question" in {m["move"] for m in outputs[1]["moves"]}
    assert outputs[2]["moves"] == [] and "error" in outputs[2]
    assert {"rude", "dismissive"} & {m["move"] for m in outputs[3]["moves"]}


def test_validate_default_library_is_clean() -> None:
    proc = hotseat("validate")
    assert proc.returncode == 0, proc.stderr
    assert "valid" in proc.stdout


def test_validate_reports_every_error_located_with_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (SCENARIOS / "late-pizza.yaml").read_text(encoding="utf-8")
    text = text.replace("difficulty: easy", "difficulty: eazy").replace(
        "  temperament: acute", "  temprament: acute"
    )
    bad.write_text(text, encoding="utf-8")
    proc = hotseat("validate", str(bad))
    assert proc.returncode == 1
    assert (
        f"{bad}:6:13: difficulty: 'eazy' is not one of easy, medium, hard (did you mean 'easy'?)"
        in proc.stderr
    )
    assert "customer.temprament: unknown key (did you mean 'temperament'?)" in proc.stderr
    assert "    difficulty: eazy\n                ^" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--scenario", "no-such-scenario", "--say", "hi"],
        ["run", "--scenario", "late-pizza", "--say", ""],
        ["run", "--scenario", "late-pizza", "--say", "word " * 20_000],
        ["run", "--scenario", "late-pizza", "--say", "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11"],
        ["analyze", "   "],
        ["analyze", "--scenario", "nope", "hello"],
        ["practice", "--scenario", "late-pizzza"],
    ],
    ids=["unknown-id", "empty", "100kB", "binary", "blank-analyze", "analyze-unknown", "practice-typo"],
)
def test_bad_input_is_one_line_error(args: list[str], tmp_path: Path) -> None:
    assert_one_line_error(hotseat(*args, data_dir=tmp_path))


def test_malformed_scenario_folder_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: broken\n\ttitle: x\n", encoding="utf-8")
    proc = hotseat("--scenarios", str(tmp_path), "run", "--scenario", "broken", "--say", "hi")
    assert_one_line_error(proc)
    assert "broken.yaml:2:1" in proc.stderr


def test_practice_reads_typed_answers_until_the_end(tmp_path: Path) -> None:
    answers = "\n".join([*MODEL, "/quit"]) + "\n"
    proc = hotseat("practice", "--scenario", "late-pizza", "--no-save", stdin=answers, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Dana Whitfield:" in proc.stdout and "Debrief" in proc.stdout


def test_binary_junk_on_stdin_is_reported_per_line() -> None:
    junk = bytes(range(256)).decode("latin-1")
    proc = hotseat("analyze", "-", stdin=f"{junk}\nI'm sorry about the wait\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    outputs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert outputs[0]["moves"] == [] and "error" in outputs[0]
    assert "apology" in {m["move"] for m in outputs[-1]["moves"]}


def test_global_phrase_packs_extend_the_detector(tmp_path: Path) -> None:
    pack = tmp_path / "shop.yaml"
    pack.write_text(
        'moves:\n  offer_solution:\n    patterns:\n      - "i will (pop|nip) round with a (new|fresh) one"\n',
        encoding="utf-8",
    )
    text = "I will pop round with a new one"
    plain = hotseat("analyze", "--why", text).stdout
    extended = json.loads(hotseat("--phrases", str(pack), "analyze", text).stdout)
    assert "shop.yaml" not in plain
    assert "offer_solution" in {m["move"] for m in extended["moves"]}
    why = hotseat("--phrases", str(pack), "analyze", "--why", text).stdout
    rule = "by rule shop.yaml:4 'i will (pop|nip) round with a (new|fresh) one'"
    assert f"kept    offer_solution  {rule}" in why
    bad = tmp_path / "bad.yaml"
    bad.write_text('moves:\n  offer_solution:\n    patterns: ["(a|"]\n    bogus: 1\n', encoding="utf-8")
    proc = hotseat("analyze", "--phrases", str(bad), "hello")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{bad}:3:17: moves.offer_solution.patterns[0]: bad pattern" in proc.stderr
    assert f"{bad}:4:5: moves.offer_solution.bogus: unknown key" in proc.stderr
