"""The scenario spec is the one source: loader and model take every default and allowed value from it."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from typing import Any, get_args

import pytest

from simulator.moves import OfferKind
from simulator.scenario import model, spec
from simulator.scenario.loader import parse_scenario
from simulator.scenario.schema import Enum, Obj

MINIMAL = b"""\
id: minimal
title: Minimal
difficulty: easy
channel: phone
briefing: Only what the spec requires.
customer:
  name: Sam Lee
  persona: A customer.
  anger: 50
  patience: 3
  temperament: acute
needs:
  - id: fixed
    description: Have it fixed.
offers:
  - id: refund
    phrases: [refund it]
lines:
  opening: It broke.
"""


def _defaulted(obj: Obj) -> dict[str, Any]:
    return {name: fld.default for name, fld in obj.fields.items() if fld.default is not None}


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@pytest.fixture(scope="module")
def minimal() -> model.Scenario:
    scenario, errors = parse_scenario("minimal.yaml", MINIMAL)
    assert errors == [] and scenario is not None
    return scenario


@pytest.mark.parametrize(
    ("obj", "pick"),
    [
        (spec.SCENARIO, lambda s: replace(s, offers=())),  # the one offer is there for OFFER's defaults
        (spec.CUSTOMER, lambda s: s.customer),
        (spec.VOICE, lambda s: s.customer.voice),
        (spec.APPEARANCE, lambda s: s.customer.appearance),
        (spec.NEED, lambda s: s.needs[0]),
        (spec.OFFER, lambda s: s.offers[0]),
    ],
)
def test_every_spec_default_is_what_the_loader_gives(minimal: model.Scenario, obj: Obj, pick: Any) -> None:
    loaded = pick(minimal)
    defaults = _defaulted(obj)
    assert defaults, "the spec declares defaults here"
    for name, value in defaults.items():
        assert getattr(loaded, name) == _plain(value), name


@pytest.mark.parametrize(
    ("obj", "cls"),
    [
        (spec.SCENARIO, model.Scenario),
        (spec.CUSTOMER, model.Customer),
        (spec.VOICE, model.VoiceSettings),
        (spec.APPEARANCE, model.Appearance),
        (spec.NEED, model.Need),
        (spec.OFFER, model.Offer),
    ],
)
def test_model_defaults_and_fields_follow_the_spec(obj: Obj, cls: type) -> None:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    assert set(obj.fields) <= set(fields), "every spec field has a model field"
    for name, value in _defaulted(obj).items():
        assert fields[name].default == _plain(value), name
    for name, fld in obj.fields.items():
        if fld.required:
            assert fields[name].default is dataclasses.MISSING, name


def _allowed(obj: Obj, name: str) -> tuple[str, ...]:
    schema = obj.fields[name].schema
    schema = getattr(schema, "item", schema)
    assert isinstance(schema, Enum)
    return tuple(schema.values)


def test_allowed_values_are_the_model_literals() -> None:
    assert _allowed(spec.SCENARIO, "difficulty") == get_args(spec.Difficulty) == model.DIFFICULTIES
    assert _allowed(spec.SCENARIO, "channel") == get_args(spec.Channel) == model.CHANNELS
    assert _allowed(spec.SCENARIO, "success_outcomes") == get_args(model.Outcome) == model.OUTCOMES
    assert _allowed(spec.CUSTOMER, "temperament") == get_args(model.Temperament) == model.TEMPERAMENTS
    assert set(_allowed(spec.CUSTOMER, "boiling_point")) <= set(model.OUTCOMES)
    assert _allowed(spec.OFFER, "kind") == get_args(OfferKind)
    assert _allowed(spec.VOICE, "gender") == get_args(spec.Gender)
    assert _allowed(spec.APPEARANCE, "hair") == model.HAIR_STYLES


def test_a_changed_spec_default_reaches_the_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = spec.SCENARIO.fields
    assert isinstance(fields, dict)
    monkeypatch.setitem(fields, "pass_mark", replace(fields["pass_mark"], default=75))
    scenario, errors = parse_scenario("minimal.yaml", MINIMAL)
    assert errors == [] and scenario is not None and scenario.pass_mark == 75
