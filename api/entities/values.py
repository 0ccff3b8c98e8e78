"""Neo4j values as Python values for GraphQL: temporal types and the rows loaders return."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import neo4j.time

Props = dict[str, Any]
Row = dict[str, Any]


def as_date(value: Any) -> date | None:
    """A stored `Date` (or None) as a `datetime.date`."""
    if value is None:
        return None
    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {type(value).__name__}")


def as_datetime(value: Any) -> datetime | None:
    """A stored `DateTime` (or None) as an aware `datetime` in UTC."""
    if value is None:
        return None
    if isinstance(value, neo4j.time.DateTime):
        value = value.to_native()
    if isinstance(value, datetime):
        return in_utc(value)
    raise TypeError(f"not a date-time: {type(value).__name__}")


def in_utc(value: datetime) -> datetime:
    """Naive input means UTC (the storage convention); aware input is converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def period_covers(rel: Props, on: date | None) -> bool:
    """Is a `from`/`to` relationship true on `on`? (`to` empty = still true; None = any time)."""
    if on is None:
        return True
    start, end = as_date(rel.get("from")), as_date(rel.get("to"))
    return (start is None or start <= on) and (end is None or on <= end)
