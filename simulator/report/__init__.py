"""Reports: self-contained HTML debriefs, CSV and JSON for sessions and groups."""

from simulator.report.group_report import group_csv, render_group_html
from simulator.report.session_html import default_checklist, render_session_html
from simulator.report.tabular import session_csv, session_json

__all__ = [
    "default_checklist",
    "group_csv",
    "render_group_html",
    "render_session_html",
    "session_csv",
    "session_json",
]
