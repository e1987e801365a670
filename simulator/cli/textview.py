"""Plain-text rendering of turns and the debrief for the terminal."""

from __future__ import annotations

import shutil
import textwrap

from simulator.engine.conversation import Result, Turn
from simulator.moves import STEPS
from simulator.scenario.model import Scenario

BAR_WIDTH = 20
_SPARK = " ▁▂▃▄▅▆▇█"


def width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 24)).columns))


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    """Fill to the terminal; continuation lines start with ``hanging`` (default: ``indent``)."""
    return textwrap.fill(
        text, width=width(), initial_indent=indent, subsequent_indent=indent if hanging is None else hanging
    )


def anger_bar(anger: int) -> str:
    filled = round(anger / 100 * BAR_WIDTH)
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {anger:3d}/100"


def briefing(scenario: Scenario) -> str:
    c = scenario.customer
    head = f"{scenario.title}  ({scenario.difficulty}, {scenario.channel.replace('_', ' ')})"
    return "\n".join(
        [
            head,
            "=" * min(len(head), width()),
            wrap(scenario.briefing),
            "",
            wrap(f"Customer: {c.name}. {c.persona}"),
            f"Pass mark: {scenario.pass_mark}. Up to {scenario.max_turns} answers.",
        ]
    )


def customer_turn(scenario: Scenario, turn: Turn) -> str:
    said = wrap(turn.text, f"{scenario.customer.name}: ", "  ")
    return f"\n{said}\n  anger {anger_bar(turn.anger)}"


def trainee_feedback(turn: Turn, previous_anger: int) -> str:
    moves = ", ".join(f'{m.move} ("{m.evidence}")' for m in turn.moves) or "no playbook move recognised"
    change = turn.anger - previous_anger
    arrow = "calmer" if change < 0 else ("angrier" if change > 0 else "no change")
    return wrap(f"{moves}; {arrow} ({change:+d})", "  > ", "    ")


def sparkline(values: tuple[int, ...]) -> str:
    return "".join(_SPARK[min(len(_SPARK) - 1, round(v / 100 * (len(_SPARK) - 1)))] for v in values)


def debrief(scenario: Scenario, result: Result, curve: list[int] | None = None) -> str:
    """The text debrief; ``curve`` is engine.curve.anger_by_answer of the conversation."""
    s = result.scores
    points = curve or list(result.anger_curve)
    verdict = "PASSED" if result.passed else "NOT PASSED"
    lines = [
        "",
        "Debrief",
        "-------",
        f"Outcome: {result.outcome.replace('_', ' ')}    {verdict} (pass mark {scenario.pass_mark})",
        "",
    ]
    for step in STEPS:
        value = getattr(s, step)
        lines.append(f"  {step.capitalize():<11} {value:3d}  {'#' * (value // 5)}")
    lines.append(f"  {'Overall':<11} {s.overall:3d}  {'#' * (s.overall // 5)}")
    lines += [
        "",
        f"Anger at the start and after each answer: {sparkline(tuple(points))}  "
        f"({' > '.join(str(a) for a in points)})",
        "",
    ]
    for step in (*STEPS, "harmful"):
        items = [i for i in result.checklist if i.step == step]
        if not items:
            continue
        lines.append("What hurt:" if step == "harmful" else f"{step.capitalize()}:")
        for item in items:
            if item.harmful:
                lines.append(
                    wrap(f'{item.label}: "{item.evidence}"  (turn {item.turn_index})', "  [!] ", "      ")
                )
            elif item.hit:
                lines.append(wrap(f'{item.label}: "{item.evidence}"', "  [x] ", "      "))
            else:
                lines.append(wrap(f"{item.label}. Tip: {item.tip}", "  [ ] ", "      "))
        lines.append("")
    if result.tips:
        lines.append("Try next time:")
        lines += [wrap(tip, "  - ", "    ") for tip in result.tips]
    return "\n".join(lines)
