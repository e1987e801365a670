"""The move registry: every move the detector emits, and what it means to customer, scoring and coaching."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, TypeVar, overload

from simulator.move_info import (
    ALL_STEPS,
    BUILTIN_MOVES,
    STEPS,
    Band,
    MoveInfo,
    MoveName,
    OfferKind,
    Placeholder,
    Step,
)

__all__ = [
    "ALL_MOVES", "ALL_STEPS", "BUILTIN_MOVES", "BY_SALIENCE", "EMPATHY", "GOOD_MOVES", "HARMFUL", "HARSH",
    "LABELS", "LISTENING", "MOVES_BY_STEP", "OFFER_MOVES", "RESOLUTION", "STEPS", "TEXT_MOVES", "TIPS",
    "Band", "Move", "MoveGroup", "MoveInfo", "MoveName", "MoveTable", "OfferKind", "Placeholder", "Step",
    "all_infos", "move_info", "offer_move", "offer_moves_by_kind", "register", "registered", "step_of",
    "unregister",
]  # fmt: skip
T = TypeVar("T")
_REGISTRY: dict[str, MoveInfo] = {}
_version = [0]


def _check(info: MoveInfo) -> None:
    if info.step not in ALL_STEPS:
        raise ValueError(f"move {info.name!r}: unknown step {info.step!r}")
    if info.harmful and (info.costs not in STEPS or info.penalty <= 0):
        raise ValueError(f"harmful move {info.name!r} needs a step it costs and a penalty")
    if any(o.salience == info.salience for o in _REGISTRY.values() if o.name != info.name):
        raise ValueError(f"move {info.name!r}: salience {info.salience} is taken")


def register(*infos: MoveInfo) -> None:
    """Add moves (or replace ones of the same name); every table derived from the registry follows.

    A text move also needs phrase-pack patterns and trainee-bank phrasings; register it before the
    detector is built (the judge's trained heads keep the text moves they were trained on).
    """
    saved = dict(_REGISTRY)
    try:
        for info in infos:  # all or nothing
            _check(info)
            _REGISTRY[info.name] = info
    except ValueError:
        _REGISTRY.clear()
        _REGISTRY.update(saved)
        raise
    finally:
        _version[0] += 1


def unregister(*names: str) -> None:
    """Remove moves added with `register`."""
    for name in names:
        _REGISTRY.pop(name, None)
    _version[0] += 1


@contextmanager
def registered(*infos: MoveInfo) -> Iterator[None]:
    """Moves added for the duration of a block (plugins under test, fixtures)."""
    saved = dict(_REGISTRY)
    register(*infos)
    try:
        yield
    finally:
        _REGISTRY.clear()
        _REGISTRY.update(saved)  # the same entries in the same order
        _version[0] += 1


def move_info(name: str) -> MoveInfo:
    """The registry entry of one move; KeyError for an unknown move."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown move: {name}") from None


def all_infos() -> tuple[MoveInfo, ...]:
    return tuple(_REGISTRY.values())


class MoveGroup(Sequence[str]):
    """A live, ordered view of the move names meeting a condition (registry order), then `extra` names."""

    __slots__ = ("_cached", "_extra", "_keep", "_order", "_seen", "_set")

    def __init__(
        self,
        keep: Callable[[MoveInfo], bool],
        order: Callable[[MoveInfo], int] | None = None,
        extra: tuple[str, ...] = (),
    ) -> None:
        self._keep = keep
        self._order = order
        self._extra = extra
        self._seen = -1
        self._cached: tuple[str, ...] = ()
        self._set: frozenset[str] = frozenset()

    def _names(self) -> tuple[str, ...]:
        if self._seen != _version[0]:
            infos = [i for i in _REGISTRY.values() if self._keep(i)]
            if self._order is not None:
                infos.sort(key=self._order)
            self._cached = (*(i.name for i in infos), *self._extra)
            self._set = frozenset(self._cached)
            self._seen = _version[0]
        return self._cached

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __contains__(self, name: object) -> bool:
        if self._seen != _version[0]:
            self._names()
        return name in self._set

    def __add__(self, other: Sequence[str]) -> tuple[str, ...]:
        return (*self._names(), *other)

    def __repr__(self) -> str:
        return f"MoveGroup{self._names()!r}"


class MoveTable(Mapping[str, T]):
    """A live mapping of move name -> one field of its registry entry, for the moves a condition keeps."""

    __slots__ = ("_cached", "_get", "_keep", "_seen")

    def __init__(
        self, get: Callable[[MoveInfo], T], keep: Callable[[MoveInfo], bool] = lambda i: True
    ) -> None:
        self._get = get
        self._keep = keep
        self._seen = -1
        self._cached: dict[str, T] = {}

    def _table(self) -> dict[str, T]:
        if self._seen != _version[0]:
            self._cached = {i.name: self._get(i) for i in _REGISTRY.values() if self._keep(i)}
            self._seen = _version[0]
        return self._cached

    def __getitem__(self, name: str) -> T:
        return self._table()[name]

    def __contains__(self, name: object) -> bool:
        return name in self._table()

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _step(step: Step) -> MoveGroup:
    return MoveGroup(lambda i: i.step == step)


LISTENING: Final = _step("listening")
EMPATHY: Final = _step("empathy")
RESOLUTION: Final = _step("resolution")
HARMFUL: Final = _step("harmful")
MOVES_BY_STEP: Final[Mapping[str, MoveGroup]] = MappingProxyType(
    {"listening": LISTENING, "empathy": EMPATHY, "resolution": RESOLUTION, "harmful": HARMFUL}
)
# Registry order is step order (listening, empathy, resolution, harmful): scoring and reports list moves so.
ALL_MOVES: Final = MoveGroup(lambda i: True, lambda i: ALL_STEPS.index(i.step))
GOOD_MOVES: Final = MoveGroup(lambda i: not i.harmful, lambda i: ALL_STEPS.index(i.step))
# Moves the text detector can produce; `interrupt` only comes from voice timing.
TEXT_MOVES: Final = MoveGroup(lambda i: i.text, lambda i: ALL_STEPS.index(i.step))
# Harmful moves a trainee can say (the synthetic hostile trainee's repertoire, the detector's harm list).
HARSH: Final = MoveGroup(lambda i: i.harmful and i.text)
OFFER_MOVES: Final = MoveGroup(lambda i: i.offer_kind is not None)
# Which single move the customer responds to when several were made, most salient first.
BY_SALIENCE: Final = MoveGroup(lambda i: True, lambda i: -i.salience)
LABELS: Final[Mapping[str, str]] = MoveTable(lambda i: i.label)
TIPS: Final[Mapping[str, str]] = MoveTable(lambda i: i.tip)


def step_of(move: str) -> str:
    """Return the step ("listening", "empathy", "resolution" or "harmful") a move belongs to."""
    return move_info(move).step


def offer_moves_by_kind() -> dict[str, str]:
    """Scenario offer kind -> the move that presents an offer of that kind."""
    return {i.offer_kind: i.name for i in _REGISTRY.values() if i.offer_kind is not None}


def offer_move(kind: str) -> str:
    """The move that presents a scenario offer of this kind (an unknown kind is a solution)."""
    return next((i.name for i in _REGISTRY.values() if i.offer_kind == kind), "offer_solution")


@dataclass(frozen=True, slots=True)
class Move:
    """One detected move with the words that evidence it.

    `start`/`end` are character offsets into the utterance as the trainee said it
    (the original text, not the normalised one); `evidence` is that slice.
    `detail` names what the move is about: the scenario offer, key detail or fact ids it cites.
    """

    move: str
    evidence: str
    start: int = 0
    end: int = 0
    detail: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.detail, str):  # the ids once were comma-joined: refuse the old form loudly
            raise TypeError(f"Move.detail is a tuple of ids, got the string {self.detail!r}")

    def as_json(self) -> dict[str, str]:
        return {"move": self.move, "evidence": self.evidence}


def first_per_move(moves: Iterable[Move]) -> tuple[Move, ...]:
    """The first of each kind of move (the rule detector lists each move's preferred match first), in order
    of appearance."""
    seen: dict[str, Move] = {}
    for m in moves:
        seen.setdefault(m.move, m)
    return tuple(sorted(seen.values(), key=lambda m: (m.start, m.end, m.move)))


register(*BUILTIN_MOVES)
