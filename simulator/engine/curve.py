"""The anger curve every view charts: the customer's anger at the start and after each answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class SpokenTurn(Protocol):
    @property
    def speaker(self) -> str: ...
    @property
    def anger(self) -> int: ...


def anger_by_answer(turns: Iterable[SpokenTurn]) -> list[int]:
    """Point 0 is the opening line; point n is the customer's anger after the trainee's n-th answer.

    The customer's own turns carry it (each follows an answer), so a conversation with three
    answers has four points, whatever else the transcript holds.
    """
    return [turn.anger for turn in turns if turn.speaker == "customer"]
