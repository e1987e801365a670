"""Exceptions raised by the results store, each with a one-line message for the user."""

from __future__ import annotations


class StoreError(Exception):
    """A results-store problem the user should read (one line, no traceback needed)."""


class StoreUnavailable(StoreError):
    """The database could not be opened or used; results went to the recovery file."""


class UnknownRecord(StoreError):
    """No session, group or turn with the given id."""
