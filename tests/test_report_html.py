"""Session and class reports: escaping, evidence marks, CSV/JSON, real headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from simulator.report import render_group_html, render_session_html, session_csv, session_json
from simulator.report.group_report import group_csv
from simulator.report.session_html import default_checklist, highlight
from simulator.store import (
    ChecklistItem,
    DeliveryRecord,
    Group,
    MoveRecord,
    Observation,
    SessionRecord,
    TurnRecord,
    class_summary,
)
from simulator.store.samples import sample_session

EVIL = '<script>alert("x")</script> & Ünïcode'


def demo_record() -> SessionRecord:
    turns = (
        TurnRecord(0, "customer", "My pizza is an HOUR late <and> cold!", (), 82, "scripted"),
        TurnRecord(1, "trainee", "I'm so sorry, Maria. So the pizza came an hour late?",
                   (MoveRecord("apology", "I'm so sorry"), MoveRecord("name", "Maria"),
                    MoveRecord("restate", "the pizza came an hour late")), 70, "voice",
                   DeliveryRecord(148, -22.5, 1, 0.6)),
        TurnRecord(2, "customer", "Yes! And I'm starving.", (), 66, "scripted"),
        TurnRecord(3, "trainee", "Well, it's not my fault the driver got lost.",
                   (MoveRecord("blame", "not my fault"),), 84, "voice",
                   DeliveryRecord(185, -14.0, 3, 0.1)),
        TurnRecord(4, "customer", "Unbelievable.", (), 86, "scripted"),
        TurnRecord(5, "trainee", "You're right. I'll refund the order and send a fresh one now.",
                   (MoveRecord("acknowledge", "You're right"),
                    MoveRecord("offer_solution", "refund the order")), 45, "voice",
                   DeliveryRecord(132, -24.0, 0, 1.2)),
        TurnRecord(6, "customer", "Okay. Thank you.", (), 30, "scripted"),
    )  # fmt: skip
    return SessionRecord(
        "abc123", EVIL, "late-pizza", 2, "Late pizza", "2024-05-01T10:00:00+00:00",
        "2024-05-01T10:06:00+00:00", True, "resolved",
        {"listening": 72, "empathy": 58, "resolution": 81, "overall": 70}, True, turns,
        ("ask_preference", "follow_up"),
    )  # fmt: skip


def test_html_escapes_and_marks_evidence() -> None:
    rec = demo_record()
    notes = [Observation(1, 4, "Good <b>restate</b>", "Tutor & co", "2024-05-01T10:10:00+00:00")]
    html = render_session_html(rec, observations=notes, tips=["Slow down <now>"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Good &lt;b&gt;restate&lt;/b&gt;" in html and "Tutor &amp; co" in html
    assert '<mark class="empathy" title="apology">I&#x27;m so sorry</mark>' in html
    assert '<mark class="harmful" title="blame">not my fault</mark>' in html
    assert "<svg" in html and "polyline" in html and "@media print" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in html.replace("&lt;script", "")
    assert "Slow down &lt;now&gt;" in html


def test_highlight_overlaps_and_case() -> None:
    moves = [MoveRecord("apology", "SORRY"), MoveRecord("acknowledge", "so sorry about"),
             MoveRecord("name", "absent")]  # fmt: skip
    out = highlight("I am so sorry about <this>", moves)
    assert out.count("<mark") == 1 and "&lt;this&gt;" in out


def test_checklist_given_or_default() -> None:
    rec = demo_record()
    items = default_checklist(rec)
    hit = {i.move for i in items if i.hit}
    assert {"apology", "name", "restate", "acknowledge", "offer_solution"} <= hit
    assert {i.move for i in items if not i.hit} == {"ask_preference", "follow_up"}
    given = [ChecklistItem("thanks", "empathy", False, "", "Thank them <always>")]
    html = render_session_html(rec, checklist=given)
    assert "Thank them &lt;always&gt;" in html and "ask_preference" not in html.split("Checklist")[1][:400]


def test_csv_and_json() -> None:
    rec = demo_record()
    notes = [Observation(3, 2, "=HYPERLINK(bad)", "T", "2024-05-01T10:10:00+00:00")]
    rows = list(csv.DictReader(io.StringIO(session_csv(rec, notes))))
    assert len(rows) == len(rec.turns)
    assert rows[1]["moves"] == "apology;name;restate" and rows[1]["wpm"] == "148"
    assert rows[3]["observer_comments"] == "T: =HYPERLINK(bad)"  # not at cell start
    assert rows[0]["trainee"] == EVIL
    data = json.loads(session_json(rec, notes))
    assert SessionRecord.from_json(data) == rec and data["observations"][0]["rating"] == 2


def test_group_report_anonymised() -> None:
    rng = random.Random(5)
    group = Group("g1", "Tuesday <class>", "2024-05-01", ("Maria Lopez", "Tom"), "same", ("a",))
    records = [sample_session(rng, "Maria Lopez", group_id="g1"),
               sample_session(rng, "Tom", group_id="g1")]  # fmt: skip
    summary = class_summary(group, records, anonymise=True)
    html = render_group_html(summary)
    assert "Maria" not in html and "Tom" not in html and "Trainee 1" in html
    assert "Tuesday &lt;class&gt;" in html
    assert group_csv(summary).splitlines()[0].startswith("rank,trainee")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def _png_distinct_rows(path: Path) -> int:
    """Rough 'is there content' check: count distinct scanlines of the first IDAT."""
    data = path.read_bytes()
    chunks, pos = b"", 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(chunks)
    width, _ = _png_size(path)
    stride = width * 4 + 1 if len(raw) % (width * 4 + 1) == 0 else width * 3 + 1
    return len({raw[i : i + stride] for i in range(0, len(raw), stride)})


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("headless Chromium not installed: apt-get install -y chromium")


@pytest.mark.parametrize("kind", ["session", "group"])
def test_renders_in_headless_chromium(tmp_path: Path, kind: str) -> None:
    browser = chromium()
    if kind == "session":
        notes = [Observation(5, 5, "Great recovery after the slip.", "Trainer Kim", "2024")]
        html = render_session_html(demo_record(), observations=notes)
    else:
        rng = random.Random(9)
        group = Group("g", "Tuesday class", "2024", ("Ann", "Bob", "Cy"), "same", ("a",))
        start = datetime(2024, 5, 1, 9, tzinfo=UTC)
        recs = [sample_session(rng, n, start + timedelta(minutes=10 * i + k), group_id="g")
                for k in range(2) for i, n in enumerate(group.roster)]  # fmt: skip
        html = render_group_html(class_summary(group, recs))
    page = tmp_path / f"{kind}.html"
    page.write_text(html, encoding="utf-8")
    png = tmp_path / f"{kind}.png"
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}",
           "--window-size=1000,1800", "--hide-scrollbars", page.as_uri()]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert png.exists(), proc.stderr[-800:]
    assert png.stat().st_size > 20_000
    assert _png_size(png) == (1000, 1800)
    assert _png_distinct_rows(png) > 200  # plenty of distinct content, not a blank page
