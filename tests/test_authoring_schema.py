"""The committed JSON Schema is up to date; shipped scenarios and the template validate against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from simulator.authoring.template import render_template, schema_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "docs" / "scenario.schema.json"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_text(), "run: python main.py schema"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenarios_validate_against_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    problems = [
        f"{'.'.join(map(str, e.path))}: {e.message}"
        for e in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))
    ]
    assert problems == []


def test_template_validates_against_the_schema_and_schema_rejects_unknown_keys() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    jsonschema.Draft7Validator.check_schema(validator.schema)
    doc = yaml.safe_load(render_template("mine", ROOT / "scenarios" / "mine.yaml"))
    assert list(validator.iter_errors(doc)) == []
    doc["lines"]["reactions"]["apologie"] = {"any": ["x"]}
    doc["customer"]["anger"] = 120
    messages = sorted(e.message for e in validator.iter_errors(doc))
    assert messages == [
        "120 is greater than the maximum of 100",
        "Additional properties are not allowed ('apologie' was unexpected)",
    ]
