"""Scenario lint: the loader's errors plus located warnings about content that cannot work as written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Final

import yaml

from simulator.authoring.lint_meaning import Embed, check_offer_overlap
from simulator.authoring.lint_reach import can_escalate, lowest_anger
from simulator.authoring.trainees import Banks, Utterance, best_offers, load_banks
from simulator.content_files import scenario_files
from simulator.engine.replies import key_variants, variants_needed
from simulator.errors import ContentError
from simulator.moves import Move
from simulator.safe_read import read_limited
from simulator.scenario.loader import Parsed, parse_scenario_detailed
from simulator.scenario.model import ANGER_BANDS, Scenario
from simulator.scenario.nodes import MAX_FILE_BYTES
from simulator.voices import KOKORO_VOICES

Detect = Callable[[str], tuple[Move, ...]]
MODEL_RUNS: Final = 3
_WORD: Final = re.compile(r"^[A-Za-z0-9']+$")


@dataclass(frozen=True, slots=True, order=True)
class LintWarning(ContentError):
    """Something that loads but cannot work as the author meant; printed like an error."""

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.col}: warning: {where}{self.message}"


@dataclass
class LintReport:
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[LintWarning] = field(default_factory=list)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def node_index(root: yaml.Node | None) -> tuple[dict[str, yaml.Node], dict[str, tuple[int, int]]]:
    """Every node of a parsed file by field path (as the loader names fields: a.b[0].c), and where
    to point at it: the key for block lists and mappings (their value starts on the next line)."""
    out: dict[str, yaml.Node] = {}
    where_at: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, yaml.Node, int]] = [("", root, 0)] if root is not None else []
    while stack:
        where, node, depth = stack.pop()
        out.setdefault(where, node)
        where_at.setdefault(where, (node.start_mark.line + 1, node.start_mark.column + 1))
        if depth > 12 or len(out) > 50_000:
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    sub = f"{where}.{key.value}" if where else str(key.value)
                    block = isinstance(value, yaml.CollectionNode) and not value.flow_style
                    if block:
                        where_at.setdefault(sub, (key.start_mark.line + 1, key.start_mark.column + 1))
                    stack.append((sub, value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack += [(f"{where}[{i}]", item, depth + 1) for i, item in enumerate(node.value)]
    return out, where_at


class _Linter:
    def __init__(self, path: str, parsed: Parsed) -> None:
        self.path = path
        self.nodes, self.where_at = node_index(parsed.node)
        self.warnings: list[LintWarning] = []

    def warn(self, where: str, message: str) -> None:
        probe = where
        while probe and probe not in self.where_at:
            probe = probe.rsplit("[", 1)[0] if probe.endswith("]") else probe.rpartition(".")[0]
        line, col = self.where_at.get(probe, (1, 1))
        self.warnings.append(LintWarning(self.path, line, col, where, message))


def lint_scenario(
    path: str, parsed: Parsed, banks: Banks | None, detect: Detect | None = None, embed: Embed | None = None
) -> list[LintWarning]:
    """Warnings for one scenario that loaded without errors; model playthroughs when `banks` are given.

    Without `detect` the model playthroughs use the moves each answer was built from (a perfect detector).
    With `embed` (the judge's sentence encoder), offers whose phrasings mean nearly the same are flagged.
    """
    s = parsed.scenario
    if s is None:
        return []
    lint = _Linter(path, parsed)
    stem = Path(path).stem
    if s.id != stem:
        lint.warn("id", f"id '{s.id}' does not match the file name '{Path(path).name}' (rename one of them)")
    _check_lines(lint, s)
    _check_facts(lint, s)
    _check_needs(lint, s)
    _check_anger(lint, s)
    _check_flow_lists(lint)
    if embed is not None:
        check_offer_overlap(lint.warn, s, embed)
    if banks is not None:
        _check_model(lint, s, banks, detect)
    return sorted(lint.warnings)


def _check_lines(lint: _Linter, s: Scenario) -> None:
    reactions = s.lines.reactions
    helpful = [o for o in s.offers if not o.insults]

    silent: set[str] = set()

    def never(key: str, why: str) -> None:
        if key in reactions:
            silent.add(key)
            lint.warn(f"lines.reactions.{key}", f"these lines are never spoken: {why}")

    if not any(o.insults for o in s.offers):
        never("insulting_offer", "no offer in this scenario has 'insults: true'")
    if not any(o.meets for o in helpful):
        never("good_offer", "no offer meets a need")
    if not any(o.partly_meets or not o.meets for o in helpful):
        never(
            "partial_offer",
            "no offer partly meets a need or meets none (only a helpful offer made twice would)",
        )
    if "escalated" in s.success_outcomes:
        never("escalate", "escalating is a success outcome here, so it always ends the conversation")
    for key, bands in reactions.items():
        if "any" in bands and all(b in bands for b in ANGER_BANDS):
            lint.warn(
                f"lines.reactions.{key}.any",
                "these lines are never spoken: calm, upset, angry and furious all have their own lines",
            )
    _check_variants(lint, s, silent)
    _check_voice(lint, s)
    endings = s.lines.endings
    if "walked_out" in endings and s.customer.boiling_point == "escalated":
        lint.warn(
            "lines.endings.walked_out",
            "these lines are never spoken: customer.boiling_point is escalated, so they never walk out",
        )
    if "escalated" in endings and not can_escalate(s):
        lint.warn(
            "lines.endings.escalated",
            "these lines are never spoken: the customer only escalates when furious (anger 85+) "
            "before their patience runs out, or when escalated is a success outcome, and neither can happen",
        )


def _check_voice(lint: _Linter, s: Scenario) -> None:
    """The neural voice and the fallback's gender should agree, or the customer changes sex mid-line."""
    voice = s.customer.voice
    info = KOKORO_VOICES.get(voice.name)
    if info is not None and info.gender != voice.gender:
        lint.warn(
            "customer.voice.gender",
            f"the neural voice '{voice.name}' is {info.gender} but gender is {voice.gender}: a line the "
            "fallback engine speaks would change voice; make them agree",
        )


def _check_variants(lint: _Linter, s: Scenario, silent: set[str]) -> None:
    """A reaction needs enough lines at each band it is written for, or the customer repeats or
    falls back to generic lines (the reply planner never repeats a sentence while a fresh one exists)."""
    for key in [k for k in s.lines.reactions if k not in silent]:
        needed = variants_needed(key, s.max_turns, s.customer.patience)
        have = key_variants(s.lines.reactions, key)
        if have < needed:
            lint.warn(
                f"lines.reactions.{key}",
                f"only {have} line{'s' if have != 1 else ''} for '{key}', which can come up about {needed} "
                f"times in {s.max_turns} turns: write at least {needed} (the customer never repeats "
                "a sentence, so they fall back to generic lines)",
            )


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _check_facts(lint: _Linter, s: Scenario) -> None:
    usable: list[tuple[int, str, str]] = []  # (fact index, fact id, normalised topic)
    for i, fact in enumerate(s.facts):
        ok = 0
        for j, topic in enumerate(fact.topics):
            words = _norm(topic).split()
            bad = next((w for w in words if not _WORD.match(w)), None)
            if not words or bad is not None:
                char = next((c for c in topic if not (c.isalnum() or c.isspace() or c == "'")), "?")
                lint.warn(
                    f"facts[{i}].topics[{j}]",
                    f"topic '{topic}' can never match: questions are compared without punctuation "
                    f"('{char}'); write the words only",
                )
                continue
            ok += 1
            usable.append((i, fact.id, " ".join(words)))
        if not ok:
            lint.warn(
                f"facts[{i}].topics", f"nobody can ask about fact '{fact.id}': none of its topics can match"
            )
    for i, fact_id, topic in usable:
        for k, other_id, other in usable:
            if k == i or f" {other} " not in f" {topic} ":
                continue
            j = next(n for n, t in enumerate(s.facts[i].topics) if _norm(t) == topic)
            if topic == other:
                if k < i:
                    lint.warn(
                        f"facts[{i}].topics[{j}]",
                        f"topic '{topic}' is also a topic of fact '{other_id}': asking it always tells both",
                    )
            else:
                lint.warn(
                    f"facts[{i}].topics[{j}]",
                    f"topic '{topic}' contains '{other}', a topic of fact '{other_id}': "
                    f"asking about '{fact_id}' this way also tells '{other_id}'",
                )


def _check_needs(lint: _Linter, s: Scenario) -> None:
    for i, need in enumerate(s.needs):
        meeting = [o.id for o in s.offers if need.id in o.meets and not o.insults]
        if meeting or need.met_by_moves:
            continue
        partly = [o.id for o in s.offers if need.id in o.partly_meets]
        extra = f" (only partly met by {', '.join(partly)})" if partly else ""
        effect = "the customer can never be satisfied" if need.required else "it can never be met"
        lint.warn(
            f"needs[{i}]",
            f"need '{need.id}' has no offer that meets it and no met_by_moves{extra}: {effect}",
        )


def _check_anger(lint: _Linter, s: Scenario) -> None:
    start = s.customer.anger
    if s.accept_anger >= start:
        lint.warn(
            "accept_anger",
            f"accept_anger ({s.accept_anger}) is at or above the starting anger ({start}): the customer "
            "accepts the first offer that meets their needs, with no calming needed",
        )
        return
    low = lowest_anger(s)
    if low > s.accept_anger:
        lint.warn(
            "accept_anger",
            f"accept_anger ({s.accept_anger}) cannot be reached: even every helpful move in every answer "
            f"only brings anger down to {low} within max_turns ({s.max_turns})",
        )


def _check_flow_lists(lint: _Linter) -> None:
    for where, node in lint.nodes.items():
        if not (where.startswith("lines.") and isinstance(node, yaml.SequenceNode) and node.flow_style):
            continue

        for i, (item, after) in enumerate(pairwise(node.value)):
            if not (isinstance(item, yaml.ScalarNode) and isinstance(after, yaml.ScalarNode)):
                continue
            if item.style or after.style:  # quoted items were meant as they are
                continue
            words, following = str(item.value).split(), str(after.value).lstrip()
            if 1 <= len(words) <= 2 and following[:1].isupper():
                lint.warn(
                    f"{where}[{i}]",
                    f"'{item.value}' looks like a line split at a comma: in [a, b] lists every comma "
                    f"starts a new line; quote the whole line or write one '- ' item per line",
                )


def _check_model(lint: _Linter, s: Scenario, banks: Banks, detect: Detect | None) -> None:
    from simulator.authoring.explore import oracle_detector, play_one  # explore imports nothing from lint
    from simulator.engine.conversation import Conversation

    outcomes: list[str] = []
    unmet: set[str] = set()
    for seed in range(MODEL_RUNS):
        said: dict[str, Utterance] = {}
        conversation = Conversation(s, detect or oracle_detector(said), seed=seed)
        run = play_one(conversation, "model", banks, seed, said)
        if run.outcome in s.success_outcomes:
            return
        outcomes.append(run.outcome)
        unmet |= run.unmet_required
    why = f"; required need(s) never met: {', '.join(sorted(unmet))}" if unmet else ""
    if not best_offers(s):
        why += "; no helpful offer to make"
    lint.warn(
        "",
        f"a model trainee never reaches a success outcome ({', '.join(s.success_outcomes)}) "
        f"in {MODEL_RUNS} playthroughs: ended {', '.join(sorted(set(outcomes)))}{why}",
    )


def lint_paths(paths: Iterable[Path], *, model_check: bool = True, oracle: bool = False) -> LintReport:
    """Load every scenario (errors as `validate` gives them) and lint the ones that load."""
    report = LintReport()
    files, report.errors = scenario_files(paths)
    banks = load_banks() if model_check else None
    first_seen: dict[str, str] = {}
    for file in files:
        try:
            data = read_limited(file, MAX_FILE_BYTES)
        except OSError as exc:
            report.errors.append(ContentError(str(file), 1, 1, "", f"cannot read file: {exc.strerror}"))
            continue
        parsed = parse_scenario_detailed(str(file), data)
        report.errors += parsed.errors
        s = parsed.scenario
        if s is None:
            continue
        if s.id in first_seen:
            message = f"duplicate scenario id '{s.id}' (also in {first_seen[s.id]})"
            report.errors.append(ContentError(str(file), *_pos(parsed, "id"), "id", message))
            continue
        first_seen[s.id] = str(file)
        report.scenarios[s.id] = s
        detect = None if oracle or not model_check else _detector(s, report)
        report.warnings += lint_scenario(str(file), parsed, banks, detect, _embedder(report))
    report.errors.sort()
    return report


def _pos(parsed: Parsed, where: str) -> tuple[int, int]:
    return parsed.positions.get(where, (1, 1))


def _detector(s: Scenario, report: LintReport) -> Detect | None:
    """The real detector for this scenario, or None (planned moves) when it cannot run."""
    from simulator.authoring.explore import memo_detector
    from simulator.play import detector_for

    detect = detector_for(s)
    try:
        detect("I'm sorry.")
    except Exception as exc:  # the detector is another component; lint still works without it
        note = f"move detector unavailable ({type(exc).__name__}); model playthroughs used planned moves"
        if note not in report.notes:
            report.notes.append(note)
        return None
    return memo_detector(detect)


def _embedder(report: LintReport) -> Embed | None:
    """The judge's sentence encoder, or None (with a note) when it is not installed."""
    from simulator.play import judge_with

    embed = judge_with(()).embed
    if embed is None:
        note = "sentence encoder unavailable: offers were not compared by meaning"
        if note not in report.notes:
            report.notes.append(note)
    return embed


def iter_findings(report: LintReport) -> Iterator[ContentError | LintWarning]:
    """Errors and warnings together, in file order."""
    merged: list[ContentError | LintWarning] = [*report.errors, *report.warnings]
    yield from sorted(merged, key=lambda f: (f.path, f.line, f.col, isinstance(f, LintWarning)))
