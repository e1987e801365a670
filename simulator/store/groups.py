"""Training groups: rosters (typed or CSV), scenario plans and hot-seat order; pure."""

from __future__ import annotations

import csv
import io
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from simulator.safe_read import read_limited
from simulator.store.errors import StoreError

PLANS: Final = ("same", "rotation", "random")
MAX_ROSTER_BYTES: Final = 1_000_000
NAME_HEADERS: Final = frozenset(
    {"name", "names", "trainee", "trainees", "student", "participant", "full name", "fullname"}
)


@dataclass(frozen=True, slots=True)
class Group:
    """A class taking turns in the hot seat: roster order and the scenario plan."""

    group_id: str
    name: str
    created_at: str
    roster: tuple[str, ...]
    plan: str
    scenarios: tuple[str, ...]
    seed: int | None = None

    @classmethod
    def create(
        cls, name: str, roster: Sequence[str], plan: str, scenarios: Sequence[str],
        seed: int | None, group_id: str, created_at: str,
    ) -> Group:  # fmt: skip
        """Validated constructor: non-empty name and roster, known plan, a scenario."""
        if not name.strip():
            raise StoreError("a group needs a name")
        names = clean_roster(roster)
        if not names:
            raise StoreError("the roster is empty")
        if plan not in PLANS:
            raise StoreError(f"unknown plan {plan!r}; use one of {', '.join(PLANS)}")
        if not scenarios:
            raise StoreError("a group needs at least one scenario")
        if plan == "random" and seed is None:
            seed = random.SystemRandom().randrange(1 << 31)
        return cls(group_id, name.strip(), created_at, names, plan, tuple(scenarios), seed)

    def with_member(self, trainee: str) -> Group:
        return replace(self, roster=(*self.roster, trainee))

    def to_json(self) -> dict[str, Any]:
        return {
            "group_id": self.group_id,
            "name": self.name,
            "created_at": self.created_at,
            "roster": list(self.roster),
            "plan": self.plan,
            "scenarios": list(self.scenarios),
            "seed": self.seed,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Group:
        seed = data.get("seed")
        return cls(
            group_id=str(data["group_id"]),
            name=str(data["name"]),
            created_at=str(data["created_at"]),
            roster=tuple(str(n) for n in data["roster"]),
            plan=str(data["plan"]),
            scenarios=tuple(str(s) for s in data["scenarios"]),
            seed=None if seed is None else int(seed),
        )


def clean_roster(names: Sequence[str]) -> tuple[str, ...]:
    """Strip, squeeze spaces, drop blanks and case-insensitive duplicates (first kept)."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in names:
        name = re.sub(r"\s+", " ", raw.replace("\ufeff", "")).strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return tuple(out)


def parse_roster(text: str) -> tuple[str, ...]:
    """A typed roster: names separated by commas or newlines (a ';' stays part of a name)."""
    return clean_roster(re.split(r"[,\r\n]", text))


def parse_roster_csv(text: str) -> tuple[str, ...]:
    """Names from CSV text: tolerates a BOM, a header row, blank lines and duplicates.

    With a header naming a column (name, trainee, student, ...) that column is used,
    else the first non-empty cell of each row.
    """
    text = text.lstrip("\ufeff")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise StoreError(f"the roster is not a readable CSV file ({exc})") from exc
    rows = [r for r in rows if any(r)]
    column: int | None = None
    if rows:
        header = [c.casefold() for c in rows[0]]
        hits = [i for i, c in enumerate(header) if c in NAME_HEADERS]
        if hits:
            column = hits[0]
            rows = rows[1:]
    names = []
    for row in rows:
        if column is not None:
            names.append(row[column] if column < len(row) else "")
        else:
            names.append(next((c for c in row if c), ""))
    return clean_roster(names)


def read_roster_csv(path: Path) -> tuple[str, ...]:
    """Read a roster CSV file (UTF-8 with or without BOM, else Latin-1)."""
    try:
        raw = read_limited(path, MAX_ROSTER_BYTES)
    except OSError as exc:
        raise StoreError(f"cannot read roster {path}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if "\x00" in text or sum(ch < " " and ch not in "\t\r\n" for ch in text[:4096]) > 8:
        raise StoreError(
            f"roster {path} is not a CSV file (it contains binary data); "
            "save the list of names as CSV or plain text"
        )
    try:
        names = parse_roster_csv(text)
    except StoreError as exc:
        raise StoreError(f"roster {path}: {exc}") from exc
    if not names:
        raise StoreError(f"no names found in roster {path}")
    return names


def scenario_for(group: Group, position: int, round_no: int) -> str:
    """Scenario for roster `position` in `round_no` under the group's plan."""
    scenarios = group.scenarios
    if group.plan == "same" or len(scenarios) == 1:
        return scenarios[0]
    if group.plan == "rotation":
        return scenarios[(position + round_no) % len(scenarios)]
    rng = random.Random(f"{group.seed}/{round_no}/{position}")
    return rng.choice(scenarios)


def next_up(group: Group, started: Sequence[str]) -> tuple[str, str]:
    """Hot-seat order: the first trainee in roster order with the fewest turns so far.

    `started` lists the trainee of every conversation already begun in the group
    (finished or not), so a walked-out or abandoned attempt still counts as a turn.
    """
    counts = Counter(name.casefold() for name in started)
    taken = [counts[name.casefold()] for name in group.roster]
    round_no = min(taken)
    position = taken.index(round_no)
    return group.roster[position], scenario_for(group, position, round_no)
