"""The one meaning of a period in the analytics: `after` inclusive, `before` exclusive.

An instant `t` is in the period when `after <= t < before`. A day `d` (of an
allocation, an employment, any `from`/`to` relationship, whose days are
inclusive) is in the period when some instant of it is: when
`[d 00:00, d + 1 00:00)` meets `[after, before)`. So an allocation that starts
on `before`'s day counts only if `before` is later than that day's midnight,
and one that ends on `after`'s day counts. An open end is unbounded (the
calendar's first or last instant); `after == before` is the empty period (no
instant, no day); `after` later than `before` is an error. This is the entity
filters' rule too (`{after, before}` ranges).

Every statement that takes a period receives `Period.parameters()` and tests
membership with one of two forms, and no other (`tests` check the text):

- an instant `x.at`: `$after <= x.at < $before`
- a day period `r.from`..`r.to` (`to` null = still true):
  `r.from <= $lastDay AND (r.to IS NULL OR r.to >= $firstDay)`; `$firstDay` and
  `$lastDay` are the first and last days the period touches, both null for the
  empty period (a comparison with null is never true, so no day matches).

`contains` and `touches_days` are the same rules in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kb.analytics.errors import InvalidArgument
from kb.storage.values import utc

# The bounds an open end stands for: the calendar's first and last instants, so that
# a statement compares with a value (and keeps the index's range seek).
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Period:
    """`[after, before)` in UTC; `None` at either end means open."""

    after: datetime | None = None
    before: datetime | None = None

    @classmethod
    def of(
        cls,
        after: datetime | None,
        before: datetime | None,
        argument: str = "after",
    ) -> Period:
        """A caller's bounds, normalised to UTC; `after` later than `before` is refused."""
        lo = utc(after) if after is not None else None
        hi = utc(before) if before is not None else None
        if lo is not None and hi is not None and lo > hi:
            raise InvalidArgument(
                argument, f"after ({lo.isoformat()}) is later than before ({hi.isoformat()})"
            )
        return cls(lo, hi)

    @classmethod
    def of_days(cls, first: date, last: date) -> Period:
        """The whole days `first`..`last` (inclusive, like a relationship's `from`/`to`)."""
        before = None if last == date.max else _midnight(last + timedelta(days=1))
        return cls(_midnight(first), before)

    @property
    def start(self) -> datetime:
        return self.after if self.after is not None else EARLIEST

    @property
    def end(self) -> datetime:
        return self.before if self.before is not None else LATEST

    @property
    def empty(self) -> bool:
        return self.start >= self.end

    def contains(self, instant: datetime) -> bool:
        """Whether an instant is in the period: `after <= t < before`."""
        return self.start <= utc(instant) < self.end

    @property
    def days(self) -> tuple[date, date] | None:
        """The first and last days the period touches (inclusive); None when it is empty."""
        if self.empty:
            return None
        end = self.end
        # The day of the last instant before `before`: `before`'s own day, or the day
        # before it when `before` is a midnight.
        last = end.date() - timedelta(days=1) if end.time() == time() else end.date()
        return self.start.date(), last

    def touches_days(self, first: date, last: date | None) -> bool:
        """Whether a day period `first`..`last` (inclusive; None = still true) meets the period."""
        days = self.days
        if days is None:
            return False
        return first <= days[1] and (last is None or last >= days[0])

    def first_day_of(self, first: date) -> date:
        """The first day in the period of a day period starting on `first` that touches it."""
        days = self.days
        return first if days is None else max(first, days[0])

    def parameters(self) -> dict[str, Any]:
        """`$after`, `$before` (instants; open ends widened) and `$firstDay`, `$lastDay`."""
        days = self.days
        return {
            "after": self.start,
            "before": self.end,
            "firstDay": days[0] if days else None,
            "lastDay": days[1] if days else None,
        }


def days_between(start: datetime, end: datetime) -> float:
    """The time from `start` to `end` in days, fractional (negative when `end` is earlier)."""
    return (end - start).total_seconds() / SECONDS_PER_DAY


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
