"""Group (class) report: leaderboard, step averages, missed and harmful moves; HTML and CSV."""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Final

from simulator.report.style import CSS
from simulator.report.svg import bar_chart
from simulator.report.tabular import csv_safe
from simulator.store.summary import ClassSummary

STEP_COLOURS: Final = {"listening": "#2f6fde", "empathy": "#b0459b",
                       "resolution": "#1f8a5b", "overall": "#1d2433"}  # fmt: skip
BOARD_FIELDS: Final = ("rank", "trainee", "attempts", "finished", "best_overall", "listening",
                       "empathy", "resolution", "overall", "improvement")  # fmt: skip


def _signed(value: float | None) -> str:
    return "" if value is None else f"{value:+g}"


def render_group_html(summary: ClassSummary) -> str:
    """Self-contained class report (inline CSS and SVG, prints well)."""
    board = "".join(
        f'<tr><td class="num">{r.rank}</td><td>{escape(r.trainee)}</td>'
        f'<td class="num">{r.finished}/{r.attempts}</td>'
        f'<td class="num">{"" if r.best_overall is None else r.best_overall}</td>'
        + "".join(f'<td class="num">{r.latest.get(k, "")}</td>' for k in STEP_COLOURS)
        + f'<td class="num">{_signed(r.improvement)}</td></tr>'
        for r in summary.leaderboard
    )
    averages = (
        bar_chart(summary.step_averages, STEP_COLOURS) if summary.step_averages
        else '<p class="empty">No finished conversations yet.</p>'
    )  # fmt: skip
    missed = "".join(f'<tr><td>{escape(m)}</td><td class="num">{n}</td></tr>' for m, n in summary.missed[:10])
    harmful = []
    for move, count, examples in summary.harmful:
        ex = "".join(
            f"<li><b>{escape(e.trainee)}</b>"
            + (f' <span class="meta">after “{escape(e.customer_said)}”</span>'
               if e.customer_said else "")
            + f"<br>“{escape(e.trainee_said)}”</li>"
            for e in examples
        )  # fmt: skip
        harmful.append(f'<h3>{escape(move)} <span class="meta">× {count}</span></h3><ul>{ex}</ul>')
    improvement = (
        "No earlier attempts to compare with." if summary.improvement is None
        else f"Average change in overall score since each trainee's previous conversation: "
             f"<b>{_signed(summary.improvement)}</b>."
    )  # fmt: skip
    note = " Names and customers' words are anonymised." if summary.anonymised else ""
    heads = "".join(f'<th class="num">{k}</th>' for k in STEP_COLOURS)
    missed_table = (
        "<table><thead><tr><th>Move</th><th class='num'>Missed</th></tr></thead>"
        f"<tbody>{missed}</tbody></table>"
        if missed
        else '<p class="empty">None recorded.</p>'
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Class report: {escape(summary.group_name)}</title><style>{CSS}</style></head>
<body><main>
<h1>Class report: {escape(summary.group_name)}</h1>
<p class="sub">{summary.finished} finished of {summary.sessions} conversations.{note}</p>
<section><h2>Leaderboard</h2><table><thead><tr><th class="num">#</th><th>Trainee</th>
<th class="num">Finished</th><th class="num">Best</th>{heads}<th class="num">Change</th></tr></thead>
<tbody>{board}</tbody></table></section>
<section><h2>Class average per step</h2>{averages}<p>{improvement}</p></section>
<section><h2>Moves the class misses most</h2>{missed_table}</section>
<section><h2>Most common harmful moves</h2>{
        "".join(harmful) or '<p class="empty">None: well done.</p>'
    }</section>
</main></body></html>
"""


def group_csv(summary: ClassSummary) -> str:
    """Leaderboard as CSV: one row per trainee with latest step scores and improvement."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(BOARD_FIELDS)
    for r in summary.leaderboard:
        writer.writerow([
            r.rank, csv_safe(r.trainee), r.attempts, r.finished,
            "" if r.best_overall is None else r.best_overall,
            *(r.latest.get(k, "") for k in ("listening", "empathy", "resolution", "overall")),
            "" if r.improvement is None else r.improvement,
        ])  # fmt: skip
    return buf.getvalue()


def render_group_text(summary: ClassSummary) -> str:
    """Terminal view of a class summary."""
    lines = [f"{summary.group_name}: {summary.finished} finished of {summary.sessions} conversations"]
    if summary.step_averages:
        lines.append("Class average: " + ", ".join(
            f"{k} {v:g}" for k, v in summary.step_averages.items()))  # fmt: skip
    if summary.improvement is not None:
        lines.append(f"Change since previous conversation (mean): {_signed(summary.improvement)}")
    lines.append(f"{'#':>3} {'trainee':<24} {'done':>5} {'best':>5} {'change':>7}")
    for r in summary.leaderboard:
        best = "-" if r.best_overall is None else str(r.best_overall)
        lines.append(f"{r.rank:>3} {r.trainee:<24} {r.finished:>5} {best:>5} "
                     f"{_signed(r.improvement) or '-':>7}")  # fmt: skip
    if summary.missed:
        lines.append("Most missed: " + ", ".join(f"{m} ({n})" for m, n in summary.missed[:5]))
    if summary.harmful:
        lines.append("Harmful moves: " + ", ".join(f"{m} ({n})" for m, n, _ in summary.harmful))
    return "\n".join(lines) + "\n"
