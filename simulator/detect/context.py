"""What the move detector knows about the conversation it is listening to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from simulator.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """An id with the phrases (synonyms) that mention it."""

    id: str
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OfferPhrases:
    """A scenario offer as the detector sees it: `kind` picks the move it evidences."""

    id: str
    phrases: tuple[str, ...]
    kind: str = "solution"  # solution -> offer_solution, compensation -> compensation
    combines: tuple[str, ...] = ()  # the offers this one makes together: cited alone when all are heard


@dataclass(frozen=True, slots=True)
class FactPhrases:
    """A fact the customer can reveal: the topics that ask for it and the answer (both phrase its meaning)."""

    id: str
    topics: tuple[str, ...]
    answer: str = ""


@dataclass(frozen=True, slots=True)
class DetectionContext:
    """Scenario knowledge that sharpens detection; an empty context means generic text."""

    customer_name: str = ""
    key_details: tuple[PhraseSet, ...] = ()
    offers: tuple[OfferPhrases, ...] = ()
    facts: tuple[FactPhrases, ...] = ()
    extra_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def key(self) -> tuple[object, ...]:
        """A hashable identity (the phrase mapping itself is not hashable)."""
        extra = tuple(sorted((k, tuple(v)) for k, v in self.extra_phrases.items()))
        return (self.customer_name, self.key_details, self.offers, self.facts, extra)

    @classmethod
    def for_scenario(cls, scenario: Scenario, customer_name: str | None = None) -> DetectionContext:
        return cls(
            customer_name=scenario.customer.name if customer_name is None else customer_name,
            key_details=tuple(PhraseSet(k.id, k.phrases) for k in scenario.key_details),
            offers=tuple(OfferPhrases(o.id, o.phrases, o.kind, o.combines) for o in scenario.offers),
            facts=tuple(FactPhrases(f.id, f.topics, f.answer) for f in scenario.facts),
            extra_phrases=MappingProxyType(dict(scenario.phrases)),
        )
