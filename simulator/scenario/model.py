"""Frozen dataclasses describing one role-play scenario (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

DIFFICULTIES: Final = ("easy", "medium", "hard")
CHANNELS: Final = ("in_person", "phone", "chat")
TEMPERAMENTS: Final = ("acute", "chronic")
OUTCOMES: Final = ("resolved", "walked_out", "escalated", "unresolved")
ANGER_BANDS: Final = ("calm", "upset", "angry", "furious")
# Reaction keys beyond the move names: situations the customer reacts to.
SITUATION_REACTIONS: Final = (
    "good_offer",
    "partial_offer",
    "insulting_offer",
    "premature_offer",
    "unclear",
    "repeat",
    "silence",
    "boundary",
)


def anger_band(anger: float) -> str:
    """Map anger 0-100 to the band that selects the customer's line."""
    if anger < 35:
        return "calm"
    if anger < 65:
        return "upset"
    if anger < 85:
        return "angry"
    return "furious"


def _frozen() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    """How the customer sounds: passed to the speech synthesizer."""

    language: str = "en"
    gender: str = "female"  # female | male
    variant: str = ""  # engine-specific voice variant, e.g. espeak-ng "f3"
    rate: int = 165  # words per minute
    pitch: int = 50  # 0-100
    volume: float = 1.0  # 0.0-1.0
    name: str = ""  # neural (Kokoro) voice name; "" = the default for language and gender
    speed: float = 1.0  # neural voice speed, 0.5-2.0


# How a customer can look (drawn by app/character.py; colours live in app/looks.py).
PRESENTATIONS: Final = ("feminine", "masculine", "neutral")
AGE_BANDS: Final = ("young", "adult", "middle", "senior")
SKIN_TONES: Final = ("porcelain", "light", "medium", "olive", "tan", "brown", "dark")
HAIR_STYLES: Final = (
    "short", "buzz", "bald", "balding", "wavy", "curly", "afro", "bob", "long", "ponytail", "bun",
)  # fmt: skip
HAIR_COLOURS: Final = ("black", "dark_brown", "brown", "auburn", "red", "blonde", "grey", "white")
CLOTHING_COLOURS: Final = (
    "blue", "navy", "teal", "green", "olive", "red", "burgundy", "orange",
    "mustard", "purple", "pink", "grey", "charcoal", "white", "black",
)  # fmt: skip
GLASSES: Final = ("none", "round", "square")
FACIAL_HAIR: Final = ("none", "stubble", "moustache", "beard")


@dataclass(frozen=True, slots=True)
class Appearance:
    """How the customer looks on screen."""

    presentation: str = "neutral"
    age: str = "adult"
    skin: str = "light"
    hair: str = "short"
    hair_colour: str = "brown"
    clothing: str = "blue"
    glasses: str = "none"
    facial_hair: str = "none"


DEFAULT_LOOK: Final = Appearance()


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    persona: str
    voice: VoiceSettings
    anger: int  # starting anger, 0-100
    patience: int  # unproductive turns tolerated before giving up
    temperament: str  # acute | chronic
    boiling_point: str = "walked_out"  # outcome when anger reaches 100: walked_out | escalated
    appearance: Appearance = DEFAULT_LOOK


@dataclass(frozen=True, slots=True)
class KeyDetail:
    """A detail of the complaint that a good restatement mentions."""

    id: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """Something the customer reveals only when asked about one of its topics."""

    id: str
    topics: tuple[str, ...]
    answer: str


@dataclass(frozen=True, slots=True)
class Need:
    """What the customer actually wants; met by offers or by moves."""

    id: str
    description: str
    required: bool = True
    met_by_moves: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Offer:
    """A thing the trainee may offer, recognised by phrases, judged against needs."""

    id: str
    phrases: tuple[str, ...]
    kind: str = "solution"  # solution | compensation
    meets: tuple[str, ...] = ()
    partly_meets: tuple[str, ...] = ()
    insults: bool = False
    excessive: bool = False  # more than the situation warrants: calms them, costs resolution points
    reply: str = ""  # the customer's specific reaction, optional


@dataclass(frozen=True, slots=True)
class Lines:
    opening: tuple[str, ...]
    # reaction key (a move name or a SITUATION_REACTIONS key) -> band -> lines
    reactions: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=_frozen)
    # outcome -> lines
    endings: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen)


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    difficulty: str
    channel: str
    briefing: str
    pass_mark: int
    max_turns: int
    customer: Customer
    lines: Lines
    key_details: tuple[KeyDetail, ...] = ()
    facts: tuple[Fact, ...] = ()
    needs: tuple[Need, ...] = ()
    offers: tuple[Offer, ...] = ()
    # outcomes that count as handled well; abusive/manager scenarios add "escalated"
    success_outcomes: tuple[str, ...] = ("resolved",)
    # anger at or below which the customer accepts once their required needs are met
    accept_anger: int = 40
    # detector phrase additions: move -> phrases
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen)
    # rubric weight overrides: move -> weight
    weights: Mapping[str, float] = field(default_factory=_frozen)
    version: int = 1
    source_path: str = ""

    def offer(self, offer_id: str) -> Offer:
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise KeyError(offer_id)
