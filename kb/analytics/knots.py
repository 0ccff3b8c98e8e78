"""Where were the knots? (DOMAIN question 3)

The interactions about a family, in time order, are cut wherever the gap
between one and the next is longer than `gap_days`; each run is a burst of
dense work. Per burst: its interactions, members (professionals taking part),
sectors, lifespan, and *novelty*: the share of member pairs who had never
taken part in an interaction together (anywhere) before the burst began. A
burst of people who had not worked together before (novelty near 1) is a knot
in the review's sense; a standing team scores near 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any

from kb.analytics.errors import check_range
from kb.analytics.period import days_between
from kb.analytics.reads import family_row
from kb.storage.database import Database
from kb.storage.values import instant_of

MAX_GAP_DAYS = 365


@dataclass(frozen=True)
class Knot:
    start: datetime
    end: datetime
    interaction_ids: tuple[str, ...]
    members: tuple[str, ...]
    sectors: tuple[str, ...]
    pairs: int
    new_pairs: int

    @property
    def lifespan_days(self) -> float:
        return days_between(self.start, self.end)

    @property
    def novelty(self) -> float | None:
        """New pairs over all pairs; None with fewer than two members."""
        return self.new_pairs / self.pairs if self.pairs else None


def knots(db: Database, family_id: str, gap_days: int = 7) -> tuple[Knot, ...]:
    """The family's bursts of work, oldest first, from one read."""
    check_range("gapDays", gap_days, 0, MAX_GAP_DAYS)
    row = family_row(db, "analytics/knots", family_id)
    return group_knots(row["interactions"], row["pairs"], gap_days)


def group_knots(
    interactions: list[dict[str, Any]], pairs: list[dict[str, Any]], gap_days: int
) -> tuple[Knot, ...]:
    events = sorted(interactions, key=lambda i: (instant_of(i["at"]), i["id"]))
    first_together = {(p["a"], p["b"]): instant_of(p["firstTogether"]) for p in pairs}
    gap = timedelta(days=gap_days)
    runs: list[list[dict[str, Any]]] = []
    for event in events:
        if runs and instant_of(event["at"]) - instant_of(runs[-1][-1]["at"]) <= gap:
            runs[-1].append(event)
        else:
            runs.append([event])
    found = []
    for run in runs:
        start = instant_of(run[0]["at"])
        members = sorted({p["professional"] for e in run for p in e["people"]})
        sectors = sorted({p["sector"] for e in run for p in e["people"] if p.get("sector")})
        member_pairs = list(combinations(members, 2))
        new = sum(1 for pair in member_pairs if first_together.get(pair, start) >= start)
        found.append(
            Knot(
                start=start,
                end=instant_of(run[-1]["at"]),
                interaction_ids=tuple(e["id"] for e in run),
                members=tuple(members),
                sectors=tuple(sectors),
                pairs=len(member_pairs),
                new_pairs=new,
            )
        )
    return tuple(found)
