"""The per-line benchmark reads each playthrough line's labels from its comment and judges it in play."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_playthrough_lines  # noqa: E402

PIZZA = """# Held-out playthroughs for scenario: late-pizza.
good_1:
  - "An hour late and cold, I'm so sorry."  # restate, apology
  - "I'll refund the order now."  # offer_solution:refund, next_steps, boundary
  - "Thanks for waiting."  # none
good_2:
  - "Sorry about order #12."
  - "I'll remake it."  # offer_solution:remake
hostile_1:
  - "Calm down, it's only pizza."  # dismissive
"""


def test_labels_come_from_each_lines_comment() -> None:
    found = eval_playthrough_lines.labelled_lines(PIZZA)
    assert found["good_1"] == [
        frozenset({"restate", "apology"}),
        frozenset({"offer_solution", "next_steps"}),  # offer ids dropped, labels that are not moves ignored
        frozenset(),  # none
    ]
    assert found["hostile_1"] == [frozenset({"dismissive"})]
    assert "good_2" not in found  # a line without a label ('#12' is part of its text): left out whole


def test_a_set_is_judged_line_by_line_in_play(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "late-pizza.yaml").write_text(PIZZA, encoding="utf-8")
    monkeypatch.setitem(eval_playthrough_lines.SETS, "tmp", tmp_path)
    errors = tmp_path / "errors.txt"
    assert eval_playthrough_lines.main(["--set", "tmp", "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    # the refund settles good_1's customer, so "Thanks for waiting." comes after the end and is not judged
    assert "tmp, 3 lines judged in play, typed" in out
    assert "(2 lines left out: their trainee's lines and labels do not pair up)" in out
    dismissive = next(row for row in out.splitlines() if row.startswith("dismissive"))
    assert dismissive.split()[1:] == ["1.000", "1.000", "1.000", "1"]
    # the writer's next_steps is not what the judge finds in the bare offer: the one disagreement
    assert errors.read_text(encoding="utf-8").splitlines() == [
        "FN next_steps     late-pizza/good_1/1: I'll refund the order now."
    ]
