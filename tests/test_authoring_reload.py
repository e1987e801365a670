"""Hot reload: reload_scenario on good, broken and missing files; the mtime watcher."""

from __future__ import annotations

import os
from pathlib import Path

from simulator.authoring.reload import ScenarioWatcher, reload_scenario

ROOT = Path(__file__).resolve().parents[1]


def test_reload_good_and_broken(tmp_path: Path) -> None:
    path = tmp_path / "late-pizza.yaml"
    text = (ROOT / "scenarios" / "late-pizza.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    scenario, errors = reload_scenario(path)
    assert errors == [] and scenario is not None and scenario.id == "late-pizza"
    path.write_text(text.replace("  anger: 70", "  anger: hot"), encoding="utf-8")
    scenario, errors = reload_scenario(path)
    assert scenario is None
    line = text.splitlines().index("  anger: 70") + 1
    expected = f"{path}:{line}:10: customer.anger: expected a whole number, got 'hot'"
    assert [str(e) for e in errors] == [expected]


def test_reload_missing_file(tmp_path: Path) -> None:
    scenario, errors = reload_scenario(tmp_path / "gone.yaml")
    assert scenario is None
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'gone.yaml'}:1:1: cannot read file: No such file or directory"
    ]


def test_watcher_sees_each_change_once(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("a", encoding="utf-8")
    watcher = ScenarioWatcher(path)
    assert not watcher.changed()
    path.write_text("ab", encoding="utf-8")
    assert watcher.changed()
    assert not watcher.changed()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size, new time
    assert watcher.changed()
    path.unlink()
    assert watcher.changed() and not watcher.changed()
    path.write_text("c", encoding="utf-8")
    assert watcher.changed()
