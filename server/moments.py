"""Moments, read from the store and written on the wire, here once: SQLite hands stored
moments back naive (in UTC), PostgreSQL aware; both read as aware UTC and leave as the same
ISO 8601 text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def as_utc(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite hands back naive UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@overload
def iso(moment: datetime) -> str: ...
@overload
def iso(moment: datetime | None) -> str | None: ...
def iso(moment: datetime | None) -> str | None:
    """`moment` in ISO 8601, UTC; None stays None (a deadline not set)."""
    if moment is None:
        return None
    return as_utc(moment).astimezone(UTC).isoformat()
