"""Self-contained HTML debrief of one conversation (inline CSS and SVG, no scripts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from simulator.engine.curve import anger_by_answer
from simulator.engine.quote import quote
from simulator.moves import GOOD_MOVES, HARMFUL, TIPS, step_of
from simulator.report.style import CSS
from simulator.report.svg import anger_chart
from simulator.store.records import (
    SCORE_KEYS,
    ChecklistItem,
    MoveRecord,
    Observation,
    SessionRecord,
    TurnRecord,
)


def _step(move: str) -> str:
    try:
        return step_of(move)
    except KeyError:
        return "other"


def highlight(text: str, moves: Iterable[MoveRecord]) -> str:
    """Escaped `text` with each move's evidence wrapped in <mark> (overlaps skipped)."""
    spans: list[tuple[int, int, str]] = []
    fold = len(text.casefold()) == len(text)  # casefold can change lengths (e.g. ß)
    folded = text.casefold() if fold else text
    for m in moves:
        needle = m.evidence.strip().casefold() if fold else m.evidence.strip()
        if not needle:
            continue
        start = folded.find(needle)
        while start >= 0 and any(start < e and start + len(needle) > s for s, e, _ in spans):
            start = folded.find(needle, start + 1)
        if start >= 0:
            spans.append((start, start + len(needle), m.move))
    out, pos = [], 0
    for s, e, move in sorted(spans):
        out.append(escape(text[pos:s]))
        out.append(f'<mark class="{_step(move)}" title="{escape(move)}">{escape(text[s:e])}</mark>')
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def default_checklist(record: SessionRecord) -> list[ChecklistItem]:
    """Checklist from the record alone: good moves hit (with evidence) and moves missed."""
    hits: dict[str, str] = {}
    for turn in record.turns:
        if turn.speaker == "trainee":
            for m in turn.moves:
                if m.move in GOOD_MOVES:
                    hits.setdefault(m.move, quote(turn.text, m.evidence))
    items = [ChecklistItem(m, _step(m), True, hits[m], "") for m in GOOD_MOVES if m in hits]
    items += [
        ChecklistItem(m, _step(m), False, "", TIPS.get(m, ""))
        for m in dict.fromkeys(record.missed_moves) if m not in hits
    ]  # fmt: skip
    return items


def _delivery(turn: TurnRecord) -> str:
    d = turn.delivery
    if d is None:
        return ""
    return (
        f'<div class="meta">{d.wpm} wpm · {d.loudness_db:.1f} dB · {d.fillers} filler'
        f"{'s' if d.fillers != 1 else ''} · paused {d.pause_before_s:.1f} s before</div>"
    )


def _turn_html(turn: TurnRecord, record: SessionRecord, notes: Sequence[Observation]) -> str:
    who = record.trainee if turn.speaker == "trainee" else "Customer"
    body = highlight(turn.text, turn.moves) if turn.speaker == "trainee" else escape(turn.text)
    chips = "".join(
        f'<span class="chip {_step(m.move)}" title="{escape(m.evidence)}">{escape(m.move)}</span>'
        for m in turn.moves
    )
    obs = "".join(
        f'<div class="obs">{"★" * o.rating}{"☆" * (5 - o.rating)} {escape(o.comment)}'
        f"{' — ' + escape(o.observer) if o.observer else ''}</div>"
        for o in notes
    )
    source = "" if turn.transcript_source == "typed" else f" · {escape(turn.transcript_source)}"
    return (
        f'<div class="turn {escape(turn.speaker)}"><div class="bubble">'
        f'<div class="who">#{turn.index} {escape(who)} · anger {turn.anger}{source}</div>'
        f'<div class="text">{body}</div>'
        f"{f'<div class=chips>{chips}</div>' if chips else ''}{_delivery(turn)}{obs}"
        "</div></div>"
    )


def _scores(record: SessionRecord) -> str:
    if not record.scores:
        return '<p class="empty">Not scored (conversation incomplete).</p>'
    rows = []
    for key in [*SCORE_KEYS, *(k for k in record.scores if k not in SCORE_KEYS)]:
        if key in record.scores:
            v = record.scores[key]
            rows.append(
                f'<div>{escape(key)}</div><div class="bar {escape(key)}">'
                f'<i style="width:{min(max(v, 0), 100)}%"></i></div><div class="num">{v}</div>'
            )
    return f'<div class="scores">{"".join(rows)}</div>'


def _checklist(items: Sequence[ChecklistItem]) -> str:
    if not items:
        return '<p class="empty">No checklist.</p>'
    rows = "".join(
        f'<tr><td class="{"hit" if i.hit else "miss"}">{"✓" if i.hit else "✗"}</td>'
        f"<td>{escape(i.move)}</td><td>{escape(i.step)}</td>"
        f"<td>{escape(i.evidence)}</td><td>{escape(i.tip)}</td></tr>"
        for i in items
    )
    return (
        "<table><thead><tr><th></th><th>Move</th><th>Step</th><th>Evidence</th>"
        f"<th>Tip</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _delivery_summary(record: SessionRecord) -> str:
    spoken = [t.delivery for t in record.turns if t.speaker == "trainee" and t.delivery]
    if not spoken:
        return '<p class="empty">No spoken turns (typed conversation).</p>'
    n = len(spoken)
    return (
        "<table><tbody>"
        f'<tr><td>Average pace</td><td class="num">{sum(d.wpm for d in spoken) / n:.0f} wpm</td></tr>'
        f'<tr><td>Average loudness</td><td class="num">'
        f"{sum(d.loudness_db for d in spoken) / n:.1f} dB</td></tr>"
        f'<tr><td>Filler words</td><td class="num">{sum(d.fillers for d in spoken)}</td></tr>'
        f'<tr><td>Average pause before answering</td><td class="num">'
        f"{sum(d.pause_before_s for d in spoken) / n:.1f} s</td></tr>"
        "</tbody></table>"
    )


def _tips(record: SessionRecord, items: Sequence[ChecklistItem], extra: Sequence[str]) -> str:
    tips = [i.tip for i in items if not i.hit and i.tip]
    used = {m.move for t in record.turns if t.speaker == "trainee" for m in t.moves}
    tips += [TIPS[m] for m in HARMFUL if m in used]
    tips += list(extra)
    if not tips:
        return '<p class="empty">Nothing to add: well handled.</p>'
    return '<ul class="tips">' + "".join(f"<li>{escape(t)}</li>" for t in dict.fromkeys(tips)) + "</ul>"


def render_session_html(
    record: SessionRecord,
    checklist: Sequence[ChecklistItem] | None = None,
    observations: Sequence[Observation] = (),
    tips: Sequence[str] = (),
) -> str:
    """The printable debrief: scores, anger curve, transcript with evidence, checklist."""
    items = default_checklist(record) if checklist is None else list(checklist)
    by_turn: dict[int, list[Observation]] = {}
    for o in observations:
        by_turn.setdefault(o.turn_index, []).append(o)
    state: str
    if record.complete:
        state = record.outcome or "finished"
    else:
        state = "abandoned" if record.finished_at else "incomplete"
    badges = [f"<span>{escape(state.replace('_', ' '))}</span>"]
    if record.passed is not None:
        badges.append('<span class="ok">passed</span>' if record.passed
                      else '<span class="bad">not passed</span>')  # fmt: skip
    anger = anger_chart(list(enumerate(anger_by_answer(record.turns))))
    turns = "".join(_turn_html(t, record, by_turn.get(t.index, ())) for t in record.turns)
    notes = "".join(
        f"<tr><td>#{o.turn_index}</td><td>{'★' * o.rating}{'☆' * (5 - o.rating)}</td>"
        f"<td>{escape(o.comment)}</td><td>{escape(o.observer)}</td></tr>"
        for o in observations
    )
    obs_html = (
        "<table><thead><tr><th>Turn</th><th>Rating</th><th>Comment</th><th>Observer</th>"
        f"</tr></thead><tbody>{notes}</tbody></table>" if notes
        else '<p class="empty">No observer ratings.</p>'
    )  # fmt: skip
    title = f"Debrief: {record.scenario_title or record.scenario_id} — {record.trainee}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{CSS}</style></head>
<body><main>
<h1>{escape(record.scenario_title or record.scenario_id)}</h1>
<p class="sub">{escape(record.trainee)} · scenario {escape(record.scenario_id)}
v{record.scenario_version} · {escape(record.started_at.replace("T", " ")[:16])} UTC</p>
<p class="badges">{"".join(badges)}</p>
<section><h2>Scores</h2>{_scores(record)}</section>
<section><h2>Customer anger</h2>{anger}</section>
<section><h2>Conversation</h2>{turns or '<p class="empty">No turns.</p>'}</section>
<section><h2>Checklist</h2>{_checklist(items)}</section>
<section><h2>Tips</h2>{_tips(record, items, tips)}</section>
<section><h2>Delivery</h2>{_delivery_summary(record)}</section>
<section><h2>Observers</h2>{obs_html}</section>
</main></body></html>
"""
