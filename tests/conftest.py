"""Shared test setup: headless SDL, the shipped scenarios, and a keyword detector for logic tests."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


@pytest.fixture(scope="session")
def late_pizza():  # type: ignore[no-untyped-def]
    from simulator.content_files import load_scenario_file

    return load_scenario_file(SCENARIOS / "late-pizza.yaml")


KEYWORDS = {
    "apology": r"\bsorry\b|apolog",
    "acknowledge": r"understand|frustrat",
    "name": r"\bdana\b",
    "restate": r"an hour late",
    "question": r"\?",
    "thanks": r"thank you for",
    "reassure": r"make this right",
    "offer_solution": r"refund|remake",
    "ask_preference": r"what would you like",
    "next_steps": r"\bfirst\b",
    "follow_up": r"call you",
    "compensation": r"coupon",
    "escalate": r"manager",
    "blame": r"driver's fault",
    "dismissive": r"calm down",
    "rude": r"not my problem",
    "refusal": r"nothing i can do",
}
OFFER_IDS = {"refund": "refund", "remake": "remake", "coupon": "coupon"}


def keyword_detect(text: str) -> tuple:  # type: ignore[type-arg]
    """A transparent stand-in for the real detector, for testing the logic around it."""
    from simulator.moves import Move

    found = []
    for move, pattern in KEYWORDS.items():
        match = re.search(pattern, text.lower())
        if match:
            detail: tuple[str, ...] = ()
            if move in ("offer_solution", "compensation"):
                detail = (OFFER_IDS[match.group()],)
            if move == "restate":
                detail = ("an_hour_late",)
            found.append(Move(move, text[match.start() : match.end()], match.start(), match.end(), detail))
    return tuple(found)


@pytest.fixture
def fake_detect() -> Callable[[str], tuple]:  # type: ignore[type-arg]
    return keyword_detect


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run as `nobody` (root ignores file permissions); a no-op for normal users."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
