"""Neo4j values as Python values and back: temporals in UTC, periods, JSON-fit properties.

Shared by the analytics and the API, so a stored value reads the same everywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import neo4j.time


def to_date(value: Any) -> date | None:
    """A Neo4j Date (or a Python date, or a statement's ISO-8601 text of one) as a Python
    date; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def to_instant(value: Any) -> datetime | None:
    """A Neo4j DateTime (or a statement's ISO-8601 text of one, `toString(i.at)`) as an
    aware Python datetime in UTC; None stays None. Text is read by `fromisoformat`, far
    cheaper than the driver's `neo4j.time` values; a zone name after the offset
    (`+01:00[Europe/London]`) adds nothing to the instant and is left out."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.split("[", 1)[0])
    native = value.to_native() if isinstance(value, neo4j.time.DateTime) else value
    if not isinstance(native, datetime):
        raise TypeError(f"not an instant: {value!r}")
    if native.tzinfo is None:
        return native.replace(tzinfo=UTC)
    return native.astimezone(UTC)


def instant_of(value: Any) -> datetime:
    """A stored instant that the statement guarantees is present."""
    instant = to_instant(value)
    if instant is None:
        raise ValueError("missing instant")
    return instant


def utc(value: datetime) -> datetime:
    """An instant given by a caller, in UTC (naive input is taken as UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def covers(start: date | None, end: date | None, day: date) -> bool:
    """Whether a period [start, end] (end None = still true) includes `day`."""
    return (start is None or start <= day) and (end is None or day <= end)


def plain(value: Any) -> Any:
    """A property value fit for JSON: temporals as ISO-8601 text, lists element-wise."""
    if isinstance(value, neo4j.time.DateTime | datetime):
        instant = to_instant(value)
        return instant.isoformat().replace("+00:00", "Z") if instant else None
    if isinstance(value, neo4j.time.Date | date):
        converted = to_date(value)
        return converted.isoformat() if converted else None
    if isinstance(value, neo4j.time.Duration | neo4j.time.Time):
        return str(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
