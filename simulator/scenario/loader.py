"""Parse and validate scenario YAML (bytes) into Scenario objects, reporting every located error."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

from simulator.errors import ContentError
from simulator.scenario import nodes
from simulator.scenario.model import (
    Appearance,
    Customer,
    Fact,
    KeyDetail,
    Lines,
    Need,
    Offer,
    Scenario,
    VoiceSettings,
)
from simulator.scenario.spec import APPEARANCE, CUSTOMER, LINES, NEED, OFFER, SCENARIO, VOICE, filled


@dataclass
class Parsed:
    """One parsed scenario file with what authoring tools need: the node tree and field positions."""

    scenario: Scenario | None
    errors: list[ContentError]
    text: str | None = None
    node: yaml.Node | None = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)


def parse_scenario_detailed(path: str, data: bytes) -> Parsed:
    """Like `parse_scenario`, also keeping the text, node tree and positions (for lint)."""
    text, errors = nodes.decode_text(path, data)
    if text is None:
        return Parsed(None, errors)
    node, errors = nodes.compose(path, text)
    if node is None:
        return Parsed(None, errors, text)
    checked = nodes.check(path, node, SCENARIO)
    if not isinstance(checked.value, dict):
        return Parsed(None, checked.errors, text, node, checked.positions)
    errors = checked.errors + _check_references(path, checked)
    if errors:
        return Parsed(None, sorted(errors), text, node, checked.positions)
    return Parsed(_build(path, checked.value), [], text, node, checked.positions)


def parse_scenario(path: str, data: bytes) -> tuple[Scenario | None, list[ContentError]]:
    """Parse and validate one scenario from bytes; never raises for bad content."""
    parsed = parse_scenario_detailed(path, data)
    return parsed.scenario, parsed.errors


def _check_references(path: str, checked: nodes.Checked) -> list[ContentError]:
    doc: dict[str, Any] = checked.value
    errors: list[ContentError] = []

    def err(where: str, message: str) -> None:
        line, col = checked.positions.get(where, (1, 1))
        errors.append(ContentError(path, line, col, where, message))

    need_ids = [n["id"] for n in doc.get("needs") or [] if isinstance(n, dict) and "id" in n]
    offer_ids = [o["id"] for o in doc.get("offers") or [] if isinstance(o, dict) and "id" in o]
    for i, offer in enumerate(doc.get("offers") or []):
        if not isinstance(offer, dict):
            continue
        parts = offer.get("combines") or []
        for j, part in enumerate(parts):
            if part == offer.get("id"):
                err(f"offers[{i}].combines[{j}]", "an offer cannot combine itself")
            elif part not in offer_ids:
                known = ", ".join(x for x in offer_ids if x != offer.get("id")) or "none defined"
                err(f"offers[{i}].combines[{j}]", f"unknown offer '{part}' (offers: {known})")
        if len(parts) == 1:
            err(f"offers[{i}].combines", "a combined offer names at least two offers")
        for key in ("meets", "partly_meets"):
            for j, need in enumerate(offer.get(key) or []):
                if need not in need_ids:
                    known = ", ".join(need_ids) or "none defined"
                    err(f"offers[{i}].{key}[{j}]", f"unknown need '{need}' (needs: {known})")
        if offer.get("insults") and (offer.get("meets") or offer.get("partly_meets")):
            err(f"offers[{i}].insults", "an insulting offer cannot also meet needs")
    return errors


def _build(path: str, raw: dict[str, Any]) -> Scenario:
    """The Scenario of a checked document; every field it leaves out takes the spec's default."""
    doc = filled(SCENARIO, raw)
    c = filled(CUSTOMER, doc["customer"])
    customer = Customer(
        name=c["name"],
        persona=c["persona"],
        voice=VoiceSettings(**filled(VOICE, c["voice"] or {})),
        anger=c["anger"],
        patience=c["patience"],
        temperament=c["temperament"],
        boiling_point=c["boiling_point"],
        appearance=Appearance(**filled(APPEARANCE, c["appearance"] or {})),
    )
    raw_lines = filled(LINES, doc["lines"])
    lines = Lines(
        opening=raw_lines["opening"],
        reactions=MappingProxyType(
            {key: MappingProxyType(dict(bands)) for key, bands in (raw_lines["reactions"] or {}).items()}
        ),
        endings=MappingProxyType(dict(raw_lines["endings"] or {})),
    )
    needs = [filled(NEED, n) for n in doc["needs"]]
    offers = [filled(OFFER, o) for o in doc["offers"]]
    return Scenario(
        id=doc["id"],
        version=doc["version"],
        title=doc["title"],
        difficulty=doc["difficulty"],
        channel=doc["channel"],
        briefing=doc["briefing"],
        pass_mark=doc["pass_mark"],
        max_turns=doc["max_turns"],
        accept_anger=doc["accept_anger"],
        success_outcomes=tuple(doc["success_outcomes"]),
        customer=customer,
        lines=lines,
        key_details=tuple(KeyDetail(k["id"], k["phrases"]) for k in doc["key_details"]),
        facts=tuple(Fact(f["id"], f["topics"], f["answer"]) for f in doc["facts"]),
        needs=tuple(Need(n["id"], n["description"], n["required"], tuple(n["met_by_moves"])) for n in needs),
        offers=tuple(
            Offer(
                id=o["id"],
                phrases=o["phrases"],
                kind=o["kind"],
                meets=tuple(o["meets"]),
                partly_meets=tuple(o["partly_meets"]),
                combines=tuple(o["combines"]),
                insults=o["insults"],
                excessive=o["excessive"],
                reply=o["reply"],
            )
            for o in offers
        ),
        phrases=MappingProxyType(dict(doc["phrases"] or {})),
        weights=MappingProxyType({k: float(v) for k, v in (doc["weights"] or {}).items()}),
        source_path=path,
    )
