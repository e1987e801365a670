"""History, suggestions and record round-trips (pure functions; hypothesis for JSON)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from simulator.moves import ALL_MOVES
from simulator.store import SessionRecord, build_history, render_history_text
from simulator.store.history import history_json, sparkline, suggest_scenario, weakest_step
from simulator.store.records import (
    SESSION_OUTCOMES,
    TRANSCRIPT_SOURCES,
    DeliveryRecord,
    MoveRecord,
    TurnRecord,
)

EMPHASIS = {
    "late-pizza": {"listening": 0.3, "empathy": 0.5, "resolution": 0.2},
    "broken-printer": {"listening": 0.6, "empathy": 0.2, "resolution": 0.2},
    "wrong-diet-drink": {"listening": 0.2, "empathy": 0.2, "resolution": 0.6},
}


def attempt(day: int, scenario: str, scores: dict[str, int] | None, missed: tuple[str, ...] = ()
            ) -> SessionRecord:  # fmt: skip
    return SessionRecord(
        f"s{day}", "Ann", scenario, 1, scenario.title(), f"2024-05-{day:02d}T10:00:00+00:00",
        complete=scores is not None, outcome="resolved" if scores else None,
        scores=scores or {}, passed=None if scores is None else scores["overall"] >= 60,
        missed_moves=missed,
    )  # fmt: skip


def test_history_series_missed_and_suggestion() -> None:
    records = [
        attempt(3, "late-pizza", {"listening": 40, "empathy": 70, "resolution": 60, "overall": 57},
                ("restate", "question")),
        attempt(1, "late-pizza", {"listening": 30, "empathy": 60, "resolution": 50, "overall": 47},
                ("restate",)),
        attempt(4, "broken-printer", None),  # abandoned: counted as attempt, not in series
    ]  # fmt: skip
    h = build_history("Ann", records, EMPHASIS)
    assert [a.session_id for a in h.attempts] == ["s1", "s3", "s4"]
    assert h.series["listening"] == (30, 40) and h.series["overall"] == (47, 57)
    assert h.missed == (("restate", 2), ("question", 1))
    assert h.weakest_step == "listening" and h.suggestion == "broken-printer"
    text = render_history_text(h)
    assert "listening" in text and "broken-printer" in text and "incomplete" in text
    assert json.loads(history_json(h))["suggested_scenario"] == "broken-printer"


def test_suggestion_ties_and_empty() -> None:
    emphasis = {"a": {"empathy": 0.5}, "b": {"empathy": 0.5}, "c": {"empathy": 0.1}}
    assert suggest_scenario("empathy", emphasis, ["a"]) == "b"  # not the one just played
    assert suggest_scenario(None, EMPHASIS) == "broken-printer"  # nothing yet: listening
    assert suggest_scenario("empathy", {}) is None
    assert weakest_step({}) is None
    empty = build_history("Nobody", [])
    assert empty.suggestion is None and "No conversations" in render_history_text(empty)


def test_sparkline_fixed_scale() -> None:
    assert sparkline([0, 50, 100, 150, -5]) == "▁▅██▁"


text = st.text(max_size=40)
moves = st.builds(MoveRecord, st.sampled_from(ALL_MOVES), text)
delivery = st.builds(DeliveryRecord, st.integers(0, 400),
                     st.floats(-90, 0, allow_nan=False), st.integers(0, 50),
                     st.floats(0, 30, allow_nan=False))  # fmt: skip
turns = st.builds(TurnRecord, st.integers(0, 60), st.sampled_from(("customer", "trainee")), text,
                  st.lists(moves, max_size=3).map(tuple), st.integers(0, 100),
                  st.sampled_from(TRANSCRIPT_SOURCES), st.none() | delivery)  # fmt: skip
sessions = st.builds(
    SessionRecord, st.none() | st.text(min_size=1, max_size=32), text, text, st.integers(1, 9),
    text, text, st.none() | text, st.booleans(), st.none() | st.sampled_from(SESSION_OUTCOMES),
    st.dictionaries(st.sampled_from(("listening", "empathy", "resolution", "overall")),
                    st.integers(0, 100)),
    st.none() | st.booleans(), st.lists(turns, max_size=4).map(tuple),
    st.lists(st.sampled_from(ALL_MOVES), max_size=3).map(tuple), st.none() | text,
)  # fmt: skip


@given(sessions)
def test_record_json_round_trip(record: SessionRecord) -> None:
    assert SessionRecord.from_json(json.loads(json.dumps(record.to_json()))) == record
