"""The shipped library passes lint with no errors and no warnings (issue 4)."""

from __future__ import annotations

from conftest import SCENARIOS

from simulator.authoring.lint import lint_paths


def test_shipped_scenarios_lint_clean() -> None:
    report = lint_paths([SCENARIOS])
    assert len(report.scenarios) >= 12
    assert [str(e) for e in report.errors] == []
    assert [str(w) for w in report.warnings] == []
