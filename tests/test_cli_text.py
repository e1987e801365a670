"""Terminal texts: practice's anger curve has one point per answer, wrapped lines are indented,
/quit says what was kept; the HTML report charts the same curve as the game."""

from __future__ import annotations

from pathlib import Path

from test_cli import MODEL, hotseat

from simulator.engine.curve import anger_by_answer
from simulator.store import open_store


def test_practice_curve_has_a_point_per_answer_and_wraps_indented(tmp_path: Path) -> None:
    answers = (
        "\n".join([MODEL[0], "I see, please go on with what happened to your evening", "ok", "/quit"]) + "\n"
    )
    proc = hotseat(
        "practice", "--scenario", "late-pizza", "--trainee", "Ann", stdin=answers, data_dir=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "kept as an unfinished attempt" in proc.stdout and "3 answer(s)" in proc.stdout
    lines = proc.stdout.splitlines()
    starts = [i for i, line in enumerate(lines) if "  > " in line]
    assert len(starts) == 3
    for i in starts:  # a feedback block runs to the blank line; its continuation lines are indented
        for line in lines[i + 1 : lines.index("", i)]:
            assert line.startswith("    "), line
    (session,) = open_store(None, tmp_path).sessions(trainee="Ann")
    assert not session.complete


def test_finished_practice_shows_one_point_per_answer(tmp_path: Path) -> None:
    answers = "\n".join(MODEL) + "\n"
    proc = hotseat("practice", "--scenario", "late-pizza", "--no-save", stdin=answers, data_dir=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (line,) = [
        x for x in proc.stdout.splitlines() if x.startswith("Anger at the start and after each answer")
    ]
    points = line.split("(")[-1].rstrip(")").split(" > ")
    answered = sum(1 for x in proc.stdout.splitlines() if "  > " in x)
    assert len(points) == answered + 1


def test_report_chart_counts_answers(tmp_path: Path) -> None:
    args = ["run", "--scenario", "late-pizza", "--trainee", "Bo"] + [
        a for t in MODEL[:3] for a in ("--say", t)
    ]
    assert hotseat(*args, data_dir=tmp_path).returncode == 0
    store = open_store(None, tmp_path)
    (session,) = store.sessions(trainee="Bo", with_turns=True)
    store.close()
    out = tmp_path / "r.html"
    assert hotseat("report", session.session_id, "--html", str(out), data_dir=tmp_path).returncode == 0
    curve = anger_by_answer(session.turns)
    assert len(curve) == 4  # the opening and three answers
    html = out.read_text(encoding="utf-8")
    assert html.count("after answer") == 3 and ">answer</text>" in html


def test_report_json_and_csv_take_a_file(tmp_path: Path) -> None:
    args = ["run", "--scenario", "late-pizza", "--trainee", "Cy", "--say", MODEL[0]]
    assert hotseat(*args, data_dir=tmp_path).returncode == 0
    store = open_store(None, tmp_path)
    (session,) = store.sessions(trainee="Cy")
    store.close()
    for fmt in ("json", "csv"):
        target = tmp_path / f"r.{fmt}"
        proc = hotseat("report", session.session_id, f"--{fmt}", str(target), data_dir=tmp_path)
        assert proc.returncode == 0 and target.stat().st_size > 50 and f"wrote {target}" in proc.stdout
        to_screen = hotseat("report", session.session_id, f"--{fmt}", data_dir=tmp_path)
        assert to_screen.stdout.strip() == target.read_text(encoding="utf-8").strip()
