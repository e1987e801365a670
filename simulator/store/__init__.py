"""Results store: conversations, profiles, groups and observations in SQLite or PostgreSQL."""

from simulator.store.errors import StoreError, StoreUnavailable, UnknownRecord
from simulator.store.groups import Group, next_up, parse_roster, read_roster_csv
from simulator.store.history import History, build_history, render_history_text
from simulator.store.opening import default_data_dir, open_store
from simulator.store.records import (
    ChecklistItem,
    DeliveryRecord,
    MoveRecord,
    Observation,
    SessionRecord,
    TurnRecord,
)
from simulator.store.sql_store import Store
from simulator.store.summary import ClassSummary, class_summary

__all__ = [
    "ChecklistItem",
    "ClassSummary",
    "DeliveryRecord",
    "Group",
    "History",
    "MoveRecord",
    "Observation",
    "SessionRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "TurnRecord",
    "UnknownRecord",
    "build_history",
    "class_summary",
    "default_data_dir",
    "next_up",
    "open_store",
    "parse_roster",
    "read_roster_csv",
    "render_history_text",
]
