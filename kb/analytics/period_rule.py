"""The period rule of the analytics: `after` inclusive, `before` exclusive.

An instant `t` is in the period when `after <= t < before`; a day is in it when
some instant of the day is (so `before` at midnight leaves that day out, and
`before` at 08:00 keeps it); an allocation or membership (whole days, `from`
to `to`, `to` empty = still true) is in it when one of its days is. `after ==
before` is an empty period: no instant, no day. An open end is widened to the
earliest or latest instant the statements compare with, so the index's range
seek still applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from kb.analytics.errors import InvalidArgument
from kb.storage.values import utc

EARLIEST = datetime(1, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Period:
    """`[start, end)` in UTC, with the caller's bounds (None = open) kept for the answer."""

    after: datetime | None
    before: datetime | None
    start: datetime
    end: datetime

    @property
    def empty(self) -> bool:
        return self.start >= self.end

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day with an instant in the period (before `first_day` when empty)."""
        if self.empty:
            return self.first_day - timedelta(days=1) if self.first_day > date.min else date.min
        return (self.end - _TICK).date()

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant < self.end

    def has_day(self, day: date) -> bool:
        return not self.empty and self.first_day <= day <= self.last_day

    def overlaps_days(self, first: date, last: date | None) -> bool:
        """Whether the whole days `first`..`last` (None: still true) meet the period."""
        return (
            not self.empty and first <= self.last_day and (last is None or last >= self.first_day)
        )

    def parameters(self) -> dict[str, Any]:
        """The statements' parameters: `$after`, `$before` (instants, half-open) and
        `$firstDay`, `$lastDay` (its first and last days; first > last when empty)."""
        return {
            "after": self.start,
            "before": self.end,
            "firstDay": self.first_day,
            "lastDay": self.last_day,
        }


def period_of(after: datetime | None, before: datetime | None) -> Period:
    """The period of `after`/`before` (naive = UTC); `after` later than `before` is an error."""
    start = utc(after) if after is not None else EARLIEST
    end = utc(before) if before is not None else LATEST
    if start > end:
        raise InvalidArgument(
            "after", f"after ({start.isoformat()}) is later than before ({end.isoformat()})"
        )
    return Period(after, before, start, end)
