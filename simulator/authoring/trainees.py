"""Synthetic trainees (model, mediocre, hostile) that build answers from phrase banks and scenario data."""

from __future__ import annotations

import random
import string
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

import yaml

from simulator.engine.customer import CustomerState
from simulator.errors import ContentError, ContentErrors
from simulator.moves import ALL_STEPS, HARSH, OFFER_MOVES, TEXT_MOVES, Move, MoveGroup, MoveTable, offer_move
from simulator.scenario import nodes
from simulator.scenario.model import Offer, Scenario

BANKS_PATH: Final = Path(__file__).resolve().parent.parent / "data" / "trainee_banks.yaml"
KINDS: Final = ("model", "mediocre", "hostile")
PLACEHOLDERS: Final = ("name", "detail", "topic", "offer")
# The {slot} a move's phrasings may (ALLOWED) or must (REQUIRED) fill.
ALLOWED_PLACEHOLDER: Final[Mapping[str, str]] = MoveTable(
    lambda i: str(i.placeholder), lambda i: i.placeholder is not None
)
REQUIRED_PLACEHOLDER: Final[Mapping[str, str]] = MoveTable(
    lambda i: str(i.placeholder), lambda i: i.placeholder is not None and i.placeholder_required
)
MIN_PHRASINGS: Final = 2
SOFT_HARM: Final = MoveGroup(lambda i: i.slip)
CALMING: Final = MoveGroup(lambda i: i.filler > 0, lambda i: i.filler)
# Good moves a well-meaning trainee makes out of the blue (never escalating or handing out gifts).
UNPROMPTED: Final = MoveGroup(lambda i: not i.harmful and i.unprompted, lambda i: ALL_STEPS.index(i.step))


@dataclass(frozen=True, slots=True)
class Banks:
    """Phrasings per move, with {placeholders} filled from the scenario."""

    moves: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Utterance:
    """One synthetic answer and the moves it was built from (what a perfect detector would find)."""

    text: str
    intended: tuple[Move, ...]


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def parse_banks(path: str, data: bytes) -> tuple[Banks | None, list[ContentError]]:
    """Read and check a bank file; every problem is returned as a located error."""
    text, errors = nodes.decode_text(path, data)
    if text is None:
        return None, errors
    root, errors = nodes.compose(path, text)
    if root is None:
        return None, errors

    def err(node: yaml.Node, where: str, message: str) -> None:
        errors.append(
            ContentError(path, node.start_mark.line + 1, node.start_mark.column + 1, where, message)
        )

    if not isinstance(root, yaml.MappingNode):
        err(root, "(top)", "expected a mapping with 'version' and 'moves'")
        return None, errors
    top = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    for key in top:
        if key not in ("version", "moves"):
            err(root, key, "unknown key")
    version = top.get("version")
    if version is not None and (not isinstance(version, yaml.ScalarNode) or version.value != "1"):
        err(version, "version", "must be 1")
    moves_node = top.get("moves")
    if not isinstance(moves_node, yaml.MappingNode):
        err(moves_node or root, "moves", "expected a mapping of move -> list of phrasings")
        return None, errors
    moves: dict[str, tuple[str, ...]] = {}
    for key_node, value_node in moves_node.value:
        move = str(key_node.value)
        where = f"moves.{move}"
        if move not in TEXT_MOVES:
            err(key_node, where, "unknown move")
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            err(value_node, where, "expected a list of phrasings")
            continue
        phrasings: list[str] = []
        for i, item in enumerate(value_node.value):
            sub = f"{where}[{i}]"
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                err(item, sub, "expected a phrasing (text)")
                continue
            try:
                used = _fields(item.value)
            except ValueError as exc:
                err(item, sub, f"bad placeholder: {exc}")
                continue
            allowed = ALLOWED_PLACEHOLDER.get(move)
            bad = [u for u in used if u != allowed]
            if bad:
                err(
                    item,
                    sub,
                    f"placeholder {{{bad[0]}}} is not allowed here"
                    + (f" (only {{{allowed}}})" if allowed else " (this move takes none)"),
                )
                continue
            need = REQUIRED_PLACEHOLDER.get(move)
            if need and need not in used:
                err(item, sub, f"must contain {{{need}}}")
                continue
            phrasings.append(item.value)
        if len(phrasings) < MIN_PHRASINGS and not any(e.field.startswith(where) for e in errors):
            err(value_node, where, f"needs at least {MIN_PHRASINGS} phrasings")
        moves[move] = tuple(phrasings)
    for move in TEXT_MOVES:
        if move not in moves and not any(e.field.startswith(f"moves.{move}") for e in errors):
            err(moves_node, f"moves.{move}", "is missing (every text move needs phrasings)")
    if errors:
        return None, sorted(errors)
    return Banks(MappingProxyType(moves)), []


def load_banks(path: Path | None = None) -> Banks:
    """Load the trainee banks (the packaged file by default); raises ContentErrors."""
    path = path or BANKS_PATH
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentErrors([ContentError(str(path), 1, 1, "", f"cannot read file: {exc.strerror}")]) from exc
    banks, errors = parse_banks(str(path), data)
    if banks is None:
        raise ContentErrors(errors)
    return banks


def first_name(scenario: Scenario) -> str:
    return scenario.customer.name.split()[0] if scenario.customer.name.split() else scenario.customer.name


def best_offers(scenario: Scenario) -> list[Offer]:
    """Helpful offers, most helpful first: solutions meeting the most required needs."""
    required = {n.id for n in scenario.needs if n.required}
    useful = [o for o in scenario.offers if not o.insults and not o.excessive and o.meets]
    return sorted(useful, key=lambda o: (-len(set(o.meets) & required), o.kind != "solution", -len(o.meets)))


def partial_offers(scenario: Scenario) -> list[Offer]:
    return [o for o in scenario.offers if not o.insults and not o.meets]


def bad_offers(scenario: Scenario) -> list[Offer]:
    return [o for o in scenario.offers if o.insults or o.excessive]


class Trainee(ABC):
    """Base class: turns a plan of moves into one sentence per move, seeded and deterministic."""

    kind = "trainee"

    def __init__(self, scenario: Scenario, banks: Banks, rng: random.Random) -> None:
        self.scenario = scenario
        self.banks = banks
        self.rng = rng
        self.name = first_name(scenario)
        self.used: set[str] = set()

    @abstractmethod
    def next(self, state: CustomerState) -> Utterance:
        """The trainee's next answer, given how the customer feels now."""

    def say(self, plan: list[tuple[str, str]]) -> Utterance:
        """Build an utterance from (move, detail) pairs; detail is an offer, key-detail or fact id."""
        parts: list[str] = []
        moves: list[Move] = []
        for move, detail in plan:
            sentence, move_detail = self.sentence(move, detail)
            start = len(" ".join(parts)) + (1 if parts else 0)
            parts.append(sentence)
            cited = (move_detail,) if move_detail else ()
            moves.append(Move(move, sentence, start, start + len(sentence), cited))
            self.used.add(move)
        return Utterance(" ".join(parts), tuple(moves))

    def sentence(self, move: str, detail: str) -> tuple[str, str]:
        template = self.rng.choice(self.banks.moves[move])
        fill = {"name": self.name, "detail": "what happened", "topic": "what happened", "offer": "a fix"}
        move_detail = ""
        if move == "restate" and self.scenario.key_details:
            chosen = next((k for k in self.scenario.key_details if k.id == detail), None)
            chosen = chosen or self.rng.choice(self.scenario.key_details)
            fill["detail"], move_detail = self.rng.choice(chosen.phrases[:3]), chosen.id
        elif move == "question" and detail:
            fact = next(f for f in self.scenario.facts if f.id == detail)
            fill["topic"] = self.rng.choice(fact.topics[:3])
            template = next((t for t in self.banks.moves[move] if "{topic}" in t), template)
        elif move in OFFER_MOVES and detail:
            offer = self.scenario.offer(detail)
            fill["offer"], move_detail = self.rng.choice(offer.phrases[:3]), offer.id
        return template.format(**fill), move_detail

    def offer_move(self, offer: Offer) -> tuple[str, str]:
        return (offer_move(offer.kind), offer.id)


class ModelTrainee(Trainee):
    """Follows the playbook: defuse and restate, ask, fix what they need, then follow up."""

    kind = "model"

    def next(self, state: CustomerState) -> Utterance:
        s = self.scenario
        plan: list[tuple[str, str]] = []
        if state.turn == 0:
            if self.rng.random() < 0.5:
                plan.append(("name", ""))
            plan += [("apology", ""), ("acknowledge", ""), ("restate", "")]
            return self.say(plan)
        untold = [f for f in s.facts if f.id not in state.facts_told]
        unmet = {n.id for n in s.needs} - state.met_needs
        if untold and state.turn == 1 and s.max_turns > 3:
            plan.append(("question", untold[0].id))
            if "thanks" not in self.used:
                plan.append(("thanks", ""))
            return self.say(plan)
        for need in s.needs:
            if need.id in unmet:
                plan += [(m, "") for m in need.met_by_moves[:1] if m not in self.used]
        required_unmet = {n.id for n in s.needs if n.required} - state.met_needs
        for offer in best_offers(s):
            wanted = required_unmet if required_unmet else unmet
            if set(offer.meets) & wanted and offer.id not in state.offers_made:
                if offer.kind == "compensation" and not state.fixed and not set(offer.meets) & required_unmet:
                    continue
                plan.append(self.offer_move(offer))
                wanted -= set(offer.meets)
                if len([p for p in plan if p[1]]) >= 2:
                    break
        if plan and "next_steps" not in self.used:
            plan.append(("next_steps", ""))
        fresh = [m for m in CALMING if m not in self.used]
        while len(plan) < 2:
            plan.append((fresh.pop(0) if fresh else self.rng.choice(("reassure", "acknowledge")), ""))
        return self.say(plan)


class MediocreTrainee(Trainee):
    """Means well but is hit and miss: random good moves, stray offers, the odd slip."""

    kind = "mediocre"

    def next(self, state: CustomerState) -> Utterance:
        s = self.scenario
        plan: list[tuple[str, str]] = []
        for _ in range(self.rng.choice((1, 1, 2, 2, 3))):
            roll = self.rng.random()
            if roll < 0.6:
                move = self.rng.choice(UNPROMPTED)
                detail = ""
                if move == "question" and s.facts:
                    detail = self.rng.choice(s.facts).id
                if move == "offer_solution" and s.offers:
                    pool = best_offers(s) + partial_offers(s) + bad_offers(s)
                    move, detail = self.offer_move(self.rng.choice(pool or list(s.offers)))
                plan.append((move, detail))
            elif roll < 0.85 and s.offers:
                plan.append(self.offer_move(self.rng.choice(s.offers)))
            else:
                plan.append((self.rng.choice(SOFT_HARM), ""))
        return self.say(_dedupe(plan))


class HostileTrainee(Trainee):
    """Everything the playbook warns against: blame, sarcasm, refusals, insulting offers."""

    kind = "hostile"

    def next(self, state: CustomerState) -> Utterance:
        plan: list[tuple[str, str]] = [(self.rng.choice(HARSH), "")]
        roll = self.rng.random()
        if roll < 0.3:
            plan.append((self.rng.choice(HARSH), ""))
        elif roll < 0.5 and bad_offers(self.scenario):
            plan.append(self.offer_move(self.rng.choice(bad_offers(self.scenario))))
        elif roll < 0.6:
            plan.append(("escalate", ""))
        elif roll < 0.7:
            plan.insert(0, ("apology", ""))
        return self.say(_dedupe(plan))


def _dedupe(plan: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item in plan:
        if item not in out:
            out.append(item)
    return out


TRAINEE_CLASSES: Final[Mapping[str, Callable[[Scenario, Banks, random.Random], Trainee]]] = {
    "model": ModelTrainee,
    "mediocre": MediocreTrainee,
    "hostile": HostileTrainee,
}


def make_trainee(kind: str, scenario: Scenario, banks: Banks, seed: int) -> Trainee:
    """A synthetic trainee of one kind ('model', 'mediocre' or 'hostile'), seeded."""
    return TRAINEE_CLASSES[kind](scenario, banks, random.Random(seed))
