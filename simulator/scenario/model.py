"""Frozen dataclasses for one role-play scenario; its fields' defaults and allowed values are in spec.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from simulator.moves import OfferKind
from simulator.scenario.spec import (
    AGE_BANDS,
    ANGER_BANDS,
    APPEARANCE,
    CHANNELS,
    CLOTHING_COLOURS,
    CUSTOMER,
    DIFFICULTIES,
    FACIAL_HAIR,
    GLASSES,
    HAIR_COLOURS,
    HAIR_STYLES,
    NEED,
    OFFER,
    OUTCOMES,
    PRESENTATIONS,
    SCENARIO,
    SITUATION_REACTIONS,
    SKIN_TONES,
    TEMPERAMENTS,
    VOICE,
    BoilingPoint,
    Channel,
    Difficulty,
    Gender,
    Outcome,
    Temperament,
    default,
)

__all__ = [
    "AGE_BANDS", "ANGER_BANDS", "CHANNELS", "CLOTHING_COLOURS", "DEFAULT_LOOK", "DIFFICULTIES",
    "FACIAL_HAIR", "GLASSES", "HAIR_COLOURS", "HAIR_STYLES", "OUTCOMES", "PRESENTATIONS",
    "SITUATION_REACTIONS", "SKIN_TONES", "TEMPERAMENTS", "Appearance", "Customer", "Fact", "KeyDetail",
    "Lines", "Need", "Offer", "Outcome", "Scenario", "Temperament", "VoiceSettings", "anger_band",
]  # fmt: skip


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

    language: str = default(VOICE, "language")
    gender: Gender = default(VOICE, "gender")  # noqa: RUF009 (spec defaults are immutable values)
    variant: str = default(VOICE, "variant")  # engine-specific voice variant, e.g. espeak-ng "f3"
    rate: int = default(VOICE, "rate")  # words per minute
    pitch: int = default(VOICE, "pitch")  # 0-100
    volume: float = default(VOICE, "volume")  # 0.0-1.0
    name: str = default(VOICE, "name")  # neural (Kokoro) voice name; "" = the default for language and gender
    speed: float = default(VOICE, "speed")  # neural voice speed, 0.5-2.0


@dataclass(frozen=True, slots=True)
class Appearance:
    """How the customer looks on screen."""

    presentation: str = default(APPEARANCE, "presentation")
    age: str = default(APPEARANCE, "age")
    skin: str = default(APPEARANCE, "skin")
    hair: str = default(APPEARANCE, "hair")
    hair_colour: str = default(APPEARANCE, "hair_colour")
    clothing: str = default(APPEARANCE, "clothing")
    glasses: str = default(APPEARANCE, "glasses")
    facial_hair: str = default(APPEARANCE, "facial_hair")


DEFAULT_LOOK: Final = Appearance()


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    persona: str
    voice: VoiceSettings
    anger: int  # starting anger, 0-100
    patience: int  # unproductive turns tolerated before giving up
    temperament: Temperament
    # the outcome when anger reaches 100
    boiling_point: BoilingPoint = default(CUSTOMER, "boiling_point")  # noqa: RUF009
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
    required: bool = default(NEED, "required")
    met_by_moves: tuple[str, ...] = default(NEED, "met_by_moves")


@dataclass(frozen=True, slots=True)
class Offer:
    """A thing the trainee may offer, recognised by phrases, judged against needs."""

    id: str
    phrases: tuple[str, ...]
    kind: OfferKind = default(OFFER, "kind")  # noqa: RUF009
    meets: tuple[str, ...] = default(OFFER, "meets")
    partly_meets: tuple[str, ...] = default(OFFER, "partly_meets")
    combines: tuple[str, ...] = default(OFFER, "combines")  # the offers this one makes together
    insults: bool = default(OFFER, "insults")
    excessive: bool = default(OFFER, "excessive")  # more than the situation warrants: costs points
    reply: str = default(OFFER, "reply")  # the customer's specific reaction, optional


@dataclass(frozen=True, slots=True)
class Lines:
    opening: tuple[str, ...]
    # reaction key (a move name or a SITUATION_REACTIONS key) -> band -> lines
    reactions: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=_frozen)
    # outcome -> lines
    endings: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    id: str
    title: str
    difficulty: Difficulty
    channel: Channel
    briefing: str
    pass_mark: int = default(SCENARIO, "pass_mark")
    max_turns: int = default(SCENARIO, "max_turns")
    customer: Customer
    lines: Lines
    key_details: tuple[KeyDetail, ...] = default(SCENARIO, "key_details")
    facts: tuple[Fact, ...] = default(SCENARIO, "facts")
    needs: tuple[Need, ...]
    offers: tuple[Offer, ...] = default(SCENARIO, "offers")
    # outcomes that count as handled well; abusive/manager scenarios add "escalated"
    success_outcomes: tuple[Outcome, ...] = default(SCENARIO, "success_outcomes")
    # anger at or below which the customer accepts once their required needs are met
    accept_anger: int = default(SCENARIO, "accept_anger")
    # detector phrase additions: move -> phrases
    phrases: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen)
    # rubric weight overrides: move -> weight
    weights: Mapping[str, float] = field(default_factory=_frozen)
    version: int = default(SCENARIO, "version")
    source_path: str = ""

    def offer(self, offer_id: str) -> Offer:
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise KeyError(offer_id)
