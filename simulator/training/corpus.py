"""Parse the judge's labelled corpus (corpus/<split>/<industry>.yaml, format in docs/LABELLING.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from simulator.detect.context import DetectionContext, FactPhrases, OfferPhrases
from simulator.moves import TEXT_MOVES


class CorpusError(ValueError):
    """A corpus file that does not follow the format."""


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    moves: frozenset[str]
    refs: tuple[str, ...]  # "offer_solution:refund_dup", "question:when"


@dataclass(frozen=True, slots=True)
class Situation:
    id: str
    industry: str
    register: str
    customer_name: str
    heard: tuple[str, ...]
    context: DetectionContext
    scenario: str = ""  # a shipped scenario's id: evaluation judges with that scenario's own context


@dataclass(frozen=True, slots=True)
class Utterance:
    situation: Situation
    segments: tuple[Segment, ...]
    split: str
    text: str = ""

    @property
    def moves(self) -> frozenset[str]:
        return frozenset(m for s in self.segments for m in s.moves)

    @property
    def refs(self) -> frozenset[str]:
        return frozenset(r for s in self.segments for r in s.refs)


def _segment(raw: Any, where: str) -> Segment:
    if not isinstance(raw, list) or not raw or not isinstance(raw[-1], str):
        raise CorpusError(f"{where}: a segment is [labels..., 'text']")
    moves, refs = set(), []
    for label in raw[:-1]:
        move, _, ref = str(label).partition(":")
        if move not in TEXT_MOVES:
            raise CorpusError(f"{where}: unknown move {move!r}")
        moves.add(move)
        if ref:
            refs.append(f"{move}:{ref}")
    return Segment(raw[-1].strip(), frozenset(moves), tuple(refs))


def parse_corpus(text: str, name: str = "<corpus>") -> list[Utterance]:
    """Every utterance of one corpus file, with its situation (raises CorpusError on a malformed file)."""
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict) or not isinstance(doc.get("situations"), list):
        raise CorpusError(f"{name}: expected a mapping with 'situations'")
    scenario = str(doc.get("scenario", ""))
    industry, split = str(doc.get("industry", "") or scenario), str(doc.get("split", ""))
    out = []
    for s_no, sit in enumerate(doc["situations"]):
        where = f"{name}: situations[{s_no}]"
        offers = tuple(
            OfferPhrases(str(o["id"]), (str(o["text"]),), str(o.get("kind", "solution")))
            for o in sit.get("offers") or ()
        )
        facts = tuple(FactPhrases(str(f["id"]), (str(f["text"]),)) for f in sit.get("facts") or ())
        heard = sit.get("customer") or ()
        heard = (heard,) if isinstance(heard, str) else tuple(str(h) for h in heard)
        name_ = str(sit.get("customer_name", ""))
        situation = Situation(
            str(sit.get("id", s_no)),
            industry,
            str(sit.get("register", "")),
            name_,
            heard,
            DetectionContext(customer_name=name_, offers=offers, facts=facts),
            scenario,
        )
        for r_no, reply in enumerate(sit.get("replies") or ()):
            if not isinstance(reply, list) or not reply:
                raise CorpusError(f"{where}.replies[{r_no}]: a reply is a list of segments")
            segments = tuple(_segment(seg, f"{where}.replies[{r_no}]") for seg in reply)
            text = " ".join(s.text for s in segments if s.text)
            out.append(Utterance(situation, segments, split, text))
    return out
