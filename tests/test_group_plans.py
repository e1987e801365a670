"""Groups: roster parsing, scenario plans, hot-seat order, class summary (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.store import Group, MoveRecord, SessionRecord, StoreError, TurnRecord, class_summary
from simulator.store.groups import next_up, parse_roster, parse_roster_csv, read_roster_csv


def group(plan: str, scenarios: tuple[str, ...], roster: tuple[str, ...] = ("Ann", "Bob", "Cy"),
          seed: int | None = 7) -> Group:  # fmt: skip
    return Group.create("Class", roster, plan, scenarios, seed, "g1", "2024-05-01T09:00:00+00:00")


def test_typed_roster() -> None:
    assert parse_roster(" Ann, Bob\nCy\n\nann ,  Dee  Dee ") == ("Ann", "Bob", "Cy", "Dee Dee")
    assert parse_roster("Smith; Jr, Bo") == ("Smith; Jr", "Bo")  # only commas and newlines split


def test_roster_csv_variants(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffName,Email\nAnn Lee,a@x\n\n  Bob ,b@x\nann lee,dup@x\n\n".encode())
    assert read_roster_csv(bom) == ("Ann Lee", "Bob")
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"Zo\xeb\r\nMarc\r\n\r\nZo\xeb\r\n")  # Latin-1, CRLF, no header
    assert read_roster_csv(plain) == ("Zoë", "Marc")
    assert parse_roster_csv("id;student\n1;Kai\n2;Lu\n") == ("Kai", "Lu")
    assert parse_roster_csv('"Smith, Jo"\n"Ng, Al"\n') == ("Smith, Jo", "Ng, Al")
    empty = tmp_path / "empty.csv"
    empty.write_text("name\n\n")
    with pytest.raises(StoreError, match="no names"):
        read_roster_csv(empty)
    with pytest.raises(StoreError, match="cannot read"):
        read_roster_csv(tmp_path / "missing.csv")


def test_group_validation() -> None:
    with pytest.raises(StoreError):
        group("sideways", ("a",))
    with pytest.raises(StoreError):
        group("same", ())
    with pytest.raises(StoreError):
        group("same", ("a",), roster=(" ", ""))
    assert group("random", ("a", "b"), seed=None).seed is not None


def play(g: Group, rounds: int) -> list[tuple[str, str]]:
    started: list[str] = []
    out = []
    for _ in range(rounds * len(g.roster)):
        trainee, scenario = next_up(g, started)
        out.append((trainee, scenario))
        started.append(trainee)
    return out


def test_plans_and_hot_seat_order() -> None:
    assert play(group("same", ("pizza",)), 1) == [("Ann", "pizza"), ("Bob", "pizza"),
                                                  ("Cy", "pizza")]  # fmt: skip
    rot = play(group("rotation", ("a", "b")), 2)
    assert [t for t, _ in rot] == ["Ann", "Bob", "Cy"] * 2
    assert [s for _, s in rot] == ["a", "b", "a", "b", "a", "b"]
    first = play(group("random", ("a", "b", "c"), seed=42), 3)
    assert first == play(group("random", ("a", "b", "c"), seed=42), 3)  # reproducible
    assert {s for _, s in first} <= {"a", "b", "c"} and len({s for _, s in first}) > 1
    # someone who already went (or walked out) waits for the others
    assert next_up(group("same", ("x",)), ["bob"]) == ("Ann", "x")


def rec(sid: str, trainee: str, day: int, overall: int, *, group_id: str | None = "g1",
        harmful: bool = False) -> SessionRecord:  # fmt: skip
    said = "It's not my fault, Mrs Patel. Ask Ann." if harmful else "Sorry, Mrs Patel."
    moves = (MoveRecord("name", "Mrs Patel"),) + (
        (MoveRecord("blame", "not my fault"),) if harmful else (MoveRecord("apology", "Sorry"),)
    )
    turns = (TurnRecord(0, "customer", "I'm Mrs Patel and I'm furious", (), 80, "scripted"),
             TurnRecord(1, "trainee", said, moves, 70))  # fmt: skip
    scores = {"listening": overall, "empathy": overall, "resolution": overall, "overall": overall}
    return SessionRecord(sid, trainee, "pizza", 1, "Pizza", f"2024-05-{day:02d}T10:00:00+00:00",
                         complete=True, outcome="resolved", scores=scores, passed=overall >= 60,
                         turns=turns, missed_moves=("follow_up",), group_id=group_id)  # fmt: skip


def test_class_summary_and_anonymise() -> None:
    g = group("same", ("pizza",), roster=("Ann", "Bob", "Cy"))
    records = [rec("1", "Ann", 10, 50, harmful=True), rec("2", "Bob", 10, 80),
               rec("3", "Ann", 11, 70)]  # fmt: skip
    earlier = [rec("0", "Bob", 1, 60, group_id=None)]
    s = class_summary(g, records, earlier)
    assert [r.trainee for r in s.leaderboard] == ["Bob", "Ann", "Cy"]
    assert s.leaderboard[0].improvement == 20 and s.leaderboard[1].improvement == 20
    assert s.leaderboard[2].best_overall is None and s.improvement == 20
    assert s.step_averages["overall"] == pytest.approx(66.7)
    assert s.missed == (("follow_up", 3),)
    assert s.harmful[0][:2] == ("blame", 1)
    assert s.harmful[0][2][0].customer_said.startswith("I'm Mrs Patel")

    anon = class_summary(g, records, earlier, anonymise=True)
    ex = anon.harmful[0][2][0]
    assert ex.trainee == "Trainee 1" and ex.customer_said == "[customer's words withheld]"
    assert ex.trainee_said == "It's not my fault, [customer]. Ask Trainee 1."
    assert {r.trainee for r in anon.leaderboard} == {"Trainee 1", "Trainee 2", "Trainee 3"}
    dumped = str(anon.to_json())
    assert "Ann" not in dumped and "Patel" not in dumped
