"""CSV (one row per turn) and JSON exports of a stored conversation."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Final

from simulator.store.records import ChecklistItem, Observation, SessionRecord

TURN_FIELDS: Final = (
    "session_id", "trainee", "scenario_id", "scenario_version", "turn_index", "speaker", "text",
    "moves", "evidence", "anger", "transcript_source", "wpm", "loudness_db", "fillers",
    "pause_before_s", "observer_ratings", "observer_comments",
)  # fmt: skip


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in user text (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def session_csv(record: SessionRecord, observations: Sequence[Observation] = ()) -> str:
    """One row per turn with moves, evidence, anger, delivery and observer notes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(TURN_FIELDS)
    for t in record.turns:
        notes = [o for o in observations if o.turn_index == t.index]
        d = t.delivery
        row = [
            record.session_id or "", record.trainee, record.scenario_id, record.scenario_version,
            t.index, t.speaker, t.text, ";".join(m.move for m in t.moves),
            " | ".join(m.evidence for m in t.moves), t.anger, t.transcript_source,
            "" if d is None else d.wpm, "" if d is None else d.loudness_db,
            "" if d is None else d.fillers, "" if d is None else d.pause_before_s,
            ";".join(str(o.rating) for o in notes),
            " | ".join(f"{o.observer}: {o.comment}" if o.observer else o.comment for o in notes),
        ]  # fmt: skip
        writer.writerow([csv_safe(v) for v in row])
    return buf.getvalue()


def session_json(
    record: SessionRecord,
    observations: Sequence[Observation] = (),
    checklist: Sequence[ChecklistItem] | None = None,
) -> str:
    """The record plus observations (and checklist if given) as indented JSON."""
    data = record.to_json()
    data["observations"] = [o.to_json() for o in observations]
    if checklist is not None:
        data["checklist"] = [c.to_json() for c in checklist]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
