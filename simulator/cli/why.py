"""`--why`: print the judge's trace for one answer: windows, every candidate, and each stage's verdict."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from simulator.detect.judge import Judgement, Verdict
from simulator.models.heads import HARM_REFIT
from simulator.play import BoundJudge, judge_notice

_SECTION = re.compile(r"^  ([a-z_]+):\s*$")  # a move's section in a phrase pack ("  dismissive:")


def _rule_location(source: str, move: str, pack_paths: Sequence[Path]) -> str:
    """`file:line` of a pattern in the phrase packs (or "scenario phrase" when it is not in a pack): the list
    item that is exactly this pattern, under this move's section when it has one (the same words can be a
    pattern of several moves, and a short one like 'whatever' is part of many longer ones)."""
    items = {f'- "{source}"', f"- '{source}'", f"- {source}"}
    anywhere = ""
    for path in pack_paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        section = ""
        for n, line in enumerate(lines, 1):
            header = _SECTION.match(line)
            if header:
                section = header.group(1)
            elif line.strip() in items:
                if section == move:
                    return f"{path.name}:{n}"
                anywhere = anywhere or f"{path.name}:{n}"
    return anywhere or "scenario phrase"


def rule_ids(bound: BoundJudge, move: str, evidence: str) -> list[str]:
    """The patterns behind a rule candidate, each as `file:line 'pattern'`."""
    detector = bound.judge.rules.__self__  # type: ignore[attr-defined]
    bank = detector.bank
    sources = bank.sources_matching(move, evidence, bound.context)
    return [f"{_rule_location(s, move, detector.pack_paths)} '{s}'" for s in sources[:3]]


def _line(v: Verdict, bound: BoundJudge, judgement: Judgement) -> str:
    c = v.candidate
    mark = "kept   " if v.kept else "dropped"
    where = judgement.text[c.start : c.end].strip()
    source = c.source
    if c.source == "rule":
        ids = rule_ids(bound, c.move, where)
        source = "rule " + ("; ".join(ids) if ids else "(linguistic rule)")
    detail = f" [{', '.join(c.detail)}]" if c.detail else ""
    pad = " " * 12
    return f"  {mark} {c.move:<15}{detail} by {source}\n{pad}{v.stage}: {v.reason}\n{pad}on: {where!r}"


def explain(bound: BoundJudge, text: str, heard: Sequence[str] = ()) -> str:
    """The whole trace as text, ending with the moves the judge returns."""
    judgement = bound.explain(text, heard)
    out = [f"answer: {text!r}"]
    notice = judge_notice()
    if notice:
        out.append(f"note: {notice}")
    averaged = bound.judge.heads.meta.get(HARM_REFIT) if bound.judge.heads is not None else None
    if isinstance(averaged, dict):
        out.append(
            f"heads: {', '.join(averaged['moves'])} score the mean of the trained heads' logit and the harm "
            f"refit's (weights {str(averaged['weights_sha256'])[:8]}…, recalibrated); every other move the "
            "trained heads'"
        )
    out.append("windows (clauses, then the whole answer):")
    for k, w in enumerate(judgement.windows):
        out.append(f"  [{k}] {w.text!r}")
    out.append("candidates, in stage order:")
    out.extend(_line(v, bound, judgement) for v in judgement.trace)
    out.append(
        "moves: "
        + (
            ", ".join(
                m.move + (f" ({','.join(m.detail)})" if m.detail else "") + f" «{m.evidence}»"
                for m in judgement.moves
            )
            or "none"
        )
    )
    return "\n".join(out)
