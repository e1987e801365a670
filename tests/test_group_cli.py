"""CLI commands history/report/group/group-report: outputs and one-line errors."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import pytest

from simulator.cli import group_cmd, history_cmd, report_cmd
from simulator.store import open_store
from simulator.store.samples import sample_session


def run(argv: list[str], data_dir: Path, db: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hotseat")
    sub = parser.add_subparsers(dest="command")
    for module in (history_cmd, report_cmd, group_cmd):
        module.register(sub)
    args = parser.parse_args(argv)
    args.db, args.data_dir = db, data_dir  # the main parser provides these two
    status: int = args.handler(args)
    return status


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, str]:
    store = open_store(None, tmp_path)
    sid = store.begin_session(sample_session(random.Random(2), "Ann <b>"))
    store.close()
    return tmp_path, sid


def test_history_and_report(data: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, sid = data
    assert run(["history"], root) == 0
    assert "Ann <b>" in capsys.readouterr().out
    assert run(["history", "--trainee", "ann <B>", "--json"], root) == 0
    assert json.loads(capsys.readouterr().out)["trainee"] == "Ann <b>"
    assert run(["report", sid[:8], "--csv"], root) == 0
    assert capsys.readouterr().out.startswith("session_id,trainee")
    out = root / "r.html"
    assert run(["report", sid, "--html", str(out)], root) == 0
    assert "Ann &lt;b&gt;" in out.read_text()
    assert run(["report", sid, "--json", "--out", str(root / "r.json")], root) == 0
    assert json.loads((root / "r.json").read_text())["session_id"] == sid


def test_group_flow(data: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, sid = data
    roster = root / "roster.csv"
    roster.write_text("\ufeffname\nAnn <b>\nBob\n\nBob\n", encoding="utf-8")
    assert run(["group", "create", "Tue", "--roster-csv", str(roster), "--plan", "rotation",
                "--scenario", "late-pizza", "--scenario", "broken-printer"], root) == 0  # fmt: skip
    gid = capsys.readouterr().out.split("\t")[0]
    assert run(["group", "list"], root) == 0
    assert "Tue\t2 trainees" in capsys.readouterr().out
    assert run(["group", "next", gid], root) == 0
    assert capsys.readouterr().out == "Ann <b>\tlate-pizza\n"
    trainee_turn = 1
    assert run(["group", "observe", sid, str(trainee_turn), "--rating", "4", "--comment",
                "calm voice", "--observer", "Kim"], root) == 0  # fmt: skip
    assert open_store(None, root).observations(sid)[0].comment == "calm voice"
    html, csv_out = root / "g.html", root / "g.csv"
    assert run(["group-report", gid, "--html", str(html), "--csv", str(csv_out), "--anonymise"],
               root) == 0  # fmt: skip
    assert "Trainee 1" in html.read_text() and "Ann" not in csv_out.read_text()
    assert run(["group-report", gid], root) == 0
    assert "Tue:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["report", "feedbeef", "--csv"], "no session"),
        (["group", "next", "nope"], "no group"),
        (["history", "--trainee", "Nobody"], "no trainee"),
        (["group", "create", "X", "--roster-csv", "/nonexistent.csv", "--scenario", "a"],
         "cannot read roster"),
        (["group", "observe", "SID", "0", "--rating", "3", "--comment", "x"], "customer"),
    ],
)  # fmt: skip
def test_errors_are_one_line(
    data: tuple[Path, str], capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    root, sid = data
    argv = [sid if a == "SID" else a for a in argv]
    assert run(argv, root) != 0
    err = capsys.readouterr().err
    assert err.startswith("hotseat: error: ") and message in err and err.count("\n") == 1


def test_broken_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "results.sqlite3").write_bytes(b"garbage" * 500)
    assert run(["group", "list"], tmp_path) == 1
    err = capsys.readouterr().err
    assert "corrupt" in err and err.count("\n") == 1


def test_unreachable_postgres_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg")
    assert run(["report", "x", "--csv"], tmp_path, db="postgresql://u:pw@127.0.0.1:1/db") == 1
    err = capsys.readouterr().err
    assert "unreachable" in err and "pw" not in err
