"""Report files written from the game: a conversation's HTML debrief, a group's HTML and CSV."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.engine.conversation import Conversation, Result
from simulator.store.records import ChecklistItem, Observation, SessionRecord

if TYPE_CHECKING:
    from simulator.app.app import App
    from simulator.store.summary import ClassSummary

REPORTS_DIR = "reports"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "report"


def reports_dir(app: App) -> Path:
    return app.settings.data_dir / REPORTS_DIR


def _unique(folder: Path, stem: str, suffix: str) -> Path:
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path


def session_record(
    conversation: Conversation, result: Result, trainee: str, group_id: str | None
) -> SessionRecord:
    """The conversation as the store keeps it (for a report when it was not stored)."""
    from simulator.recording import now_iso, turn_record

    missed = tuple(i.move for i in result.checklist if not i.hit and not i.harmful)
    scenario = conversation.scenario
    return SessionRecord(
        session_id=None,
        trainee=trainee,
        scenario_id=scenario.id,
        scenario_version=scenario.version,
        scenario_title=scenario.title,
        started_at=now_iso(),
        finished_at=now_iso(),
        complete=True,
        outcome=result.outcome,
        scores=result.scores.as_json(),
        passed=result.passed,
        turns=tuple(turn_record(t) for t in conversation.turns),
        missed_moves=missed,
        group_id=group_id,
    )


def checklist_items(result: Result) -> list[ChecklistItem]:
    """The debrief checklist in the report's terms (harmful moves are listed under tips)."""
    return [
        ChecklistItem(i.move, i.step, i.hit, i.evidence, i.tip) for i in result.checklist if not i.harmful
    ]


def save_session_report(
    app: App,
    conversation: Conversation,
    result: Result,
    *,
    trainee: str,
    session_id: str | None,
    group_id: str | None = None,
    observations: list[Observation] | None = None,
) -> Path:
    """Write the self-contained HTML debrief into the data folder; returns its path (OSError raises)."""
    from simulator.report import render_session_html

    record = None
    store = app.results.store
    if store is not None and session_id is not None:
        try:
            record = store.get_session(session_id)
        except Exception:  # the in-memory conversation is as good
            record = None
    if record is None:
        record = session_record(conversation, result, trainee, group_id)
    html = render_session_html(
        record, checklist=checklist_items(result), observations=observations or [], tips=result.tips
    )
    folder = reports_dir(app)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    path = _unique(folder, f"{stamp}-{slug(trainee)}-{slug(record.scenario_id)}", ".html")
    path.write_text(html, encoding="utf-8")
    return path


def export_group(app: App, summary: ClassSummary) -> tuple[Path, Path]:
    """The class report as HTML and CSV in the data folder."""
    from simulator.report import group_csv, render_group_html

    folder = reports_dir(app)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    stem = f"{stamp}-group-{slug(summary.group_name)}" + ("-anonymised" if summary.anonymised else "")
    html = _unique(folder, stem, ".html")
    html.write_text(render_group_html(summary), encoding="utf-8")
    table = html.with_suffix(".csv")
    table.write_text(group_csv(summary), encoding="utf-8", newline="")
    return html, table
