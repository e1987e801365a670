"""Coaching text for each move: what it is and what to try (kept in the move registry)."""

from __future__ import annotations

from simulator.moves import LABELS, TIPS

__all__ = ["LABELS", "TIPS"]
