"""The dev-conversation comparison counts good trainees passing, names each one lost or gained, and flags
hostile trainees who pass and thin trainees' scores."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare_conversations import DEV_SETS, HOLDOUT_SETS, Trainee, compare  # noqa: E402


def t(kind: str, score: int, passed: bool) -> Trainee:
    return Trainee(kind=kind, score=score, passed=passed)


def test_lost_and_gained_good_trainees_are_named_and_counted_typed_and_spoken_apart() -> None:
    before = {
        "holdout9": {"cafe/good_1": t("good", 80, True), "cafe/good_2": t("good", 40, False)},
        "holdout9 spoken": {"cafe/good_1": t("good", 75, True), "cafe/thin_1": t("thin", 16, False)},
    }
    after = {
        "holdout9": {"cafe/good_1": t("good", 50, False), "cafe/good_2": t("good", 70, True)},
        "holdout9 spoken": {"cafe/good_1": t("good", 76, True), "cafe/thin_1": t("thin", 2, False)},
    }
    lines = compare(before, after)
    assert "    LOST   cafe/good_1: 80 -> 50" in lines
    assert "    GAINED cafe/good_2: 40 -> 70" in lines
    assert any(x.startswith("holdout9 spoken") and "lowest 16 -> 2" in x for x in lines)
    assert lines[-2:] == [
        "typed: good trainees passing 1 -> 1 of 2",
        "spoken: good trainees passing 1 -> 1 of 1",
    ]


def test_a_hostile_trainee_who_passes_is_flagged() -> None:
    before = {"alt": {"pizza/hostile": t("hostile", 0, False)}}
    after = {"alt": {"pizza/hostile": t("hostile", 71, True)}}
    assert "    HOSTILE PASSES pizza/hostile" in compare(before, after)


def test_the_holdout_conversation_sets_are_never_played_here() -> None:
    assert not HOLDOUT_SETS & set(DEV_SETS)
    assert {"holdout3", "holdout28", "judge", "alt"} <= set(DEV_SETS)
