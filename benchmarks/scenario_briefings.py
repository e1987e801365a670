"""Print what a trainee knows about each shipped scenario, for evaluation-data writers (no phrase lists).

    .venv/bin/python benchmarks/scenario_briefings.py > /work/briefings/SCENARIO_BRIEFINGS.md

Writers of a holdout must never see the phrase packs or the scenario YAML (docs/evaluation/README.md), so
this prints only the briefing, the customer, their openings, the key details and facts by name (with the
customer's answers), the needs and the offers. An offer is described by the text the latest holdout gave
it (`corpus/holdout/*.yaml`), or else by the customer's reply to it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def offer_texts(holdout_dir: Path) -> dict[tuple[str, str], str]:
    """(scenario, offer id) -> the short description a holdout file gave that offer."""
    out: dict[tuple[str, str], str] = {}
    for path in sorted(holdout_dir.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for situation in doc.get("situations") or ():
            for offer in situation.get("offers") or ():
                out.setdefault((str(doc.get("scenario", "")), str(offer["id"])), str(offer["text"]))
    return out


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def briefing(scenario: dict[str, Any], described: dict[tuple[str, str], str]) -> list[str]:
    sid, customer = scenario["id"], scenario["customer"]
    detail_names = (k["id"].replace("_", " ") for k in scenario["key_details"])
    lines = [
        f"## {sid}: {scenario['title']}",
        f"- channel: {scenario['channel']}; difficulty: {scenario['difficulty']}",
        f"- briefing: {one_line(scenario['briefing'])}",
        f"- customer: {customer['name']}. {one_line(customer['persona'])}",
        "- how the customer opens (one of):",
        *(f'  - "{one_line(line)}"' for line in scenario["lines"]["opening"]),
        "- key details of the complaint: " + ", ".join(detail_names),
        "- facts the trainee can ask about (and the customer's answer):",
        *(f'  - {fact["id"]}: "{one_line(fact["answer"])}"' for fact in scenario["facts"]),
        "- what the customer needs:",
        *(f"  - {need['id']}: {one_line(need['description'])}" for need in scenario["needs"]),
        "- offers the trainee may make:",
    ]
    for offer in scenario["offers"]:
        text = (
            described.get((sid, offer["id"])) or f"(the customer answers: {one_line(offer.get('reply', ''))})"
        )
        lines.append(f"  - {offer['id']} ({offer.get('kind', 'solution')}): {text}")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenarios", type=Path, default=ROOT / "scenarios")
    parser.add_argument("--holdout", type=Path, default=ROOT / "corpus" / "holdout")
    args = parser.parse_args(argv)
    described = offer_texts(args.holdout)
    out = [
        "# Scenario briefings for evaluation writers",
        "",
        "What a trainee knows before speaking: the situation, the customer, what they need, what the",
        "trainee may offer and what they may ask about. Offer ids are what labels use",
        "(`offer_solution:ID`, `compensation:ID`).",
        "",
    ]
    for path in sorted(args.scenarios.glob("*.yaml")):
        out += briefing(yaml.safe_load(path.read_text(encoding="utf-8")), described)
    sys.stdout.write("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
