"""Which objects are real boundary objects? (DOMAIN question 6)

Per boundary object about a family: the distinct sectors and professions of
the professionals who worked on it (taking part in an interaction that
WORKED_ON it; sector = their agency's on that day), each one's share of the
contributions (a contribution = one professional in one such interaction), and
the Shannon entropy of those shares in bits, with its evenness (entropy over
log2 of the number of categories; 1 = perfectly even, 0 = one category). An
object worked on by several sectors with even shares is a boundary object in
the review's sense; one worked on by a single profession is not. Each report
also lists its contributions in time order (`history`): who, of which profession
and sector, worked on it when.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kb.analytics.reads import family_row
from kb.storage.database import Database
from kb.storage.values import instant_of


@dataclass(frozen=True)
class Share:
    name: str
    contributions: int
    share: float


@dataclass(frozen=True)
class Spread:
    shares: tuple[Share, ...]
    entropy: float
    evenness: float | None


@dataclass(frozen=True)
class Contribution:
    """One professional in one interaction that worked on the object."""

    at: datetime
    interaction: str
    professional: str
    profession: str
    sector: str | None  # their agency's on the interaction's day


@dataclass(frozen=True)
class ObjectReport:
    id: str
    kind: str
    title: str
    contributions: int
    interactions: int
    professionals: int
    sectors: Spread
    professions: Spread
    history: tuple[Contribution, ...] = ()  # oldest first


def spread(counts: Counter[str]) -> Spread:
    """Shares, Shannon entropy (bits) and evenness of a count of categories."""
    total = sum(counts.values())
    shares = tuple(
        Share(name, n, n / total)
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    # H = sum p log2(1/p): never -0.0 (as -sum(p log2 p) is for one category).
    entropy = sum(s.share * math.log2(1 / s.share) for s in shares) if total else 0.0
    evenness = entropy / math.log2(len(shares)) if len(shares) > 1 else None
    return Spread(shares, entropy, evenness)


def boundary_object_report(db: Database, family_id: str) -> tuple[ObjectReport, ...]:
    """Every object about the family, most sectors first, from one read."""
    row = family_row(db, "analytics/boundary_objects", family_id)
    reports = [report_of(o) for o in row["objects"]]
    reports.sort(key=lambda r: (-len(r.sectors.shares), -r.sectors.entropy, r.id))
    return tuple(reports)


def report_of(obj: dict[str, Any]) -> ObjectReport:
    # One contribution per (interaction, professional), whatever the number of actions.
    seen = {(c["interaction"], c["professional"]): c for c in obj["contributions"]}
    sectors = Counter(c["sector"] for c in seen.values() if c.get("sector"))
    professions = Counter(c["profession"] for c in seen.values())
    return ObjectReport(
        id=obj["id"],
        kind=obj["kind"],
        title=obj["title"],
        contributions=len(seen),
        interactions=len({i for i, _ in seen}),
        professionals=len({p for _, p in seen}),
        sectors=spread(sectors),
        professions=spread(professions),
        history=tuple(
            sorted(
                (
                    Contribution(
                        at=instant_of(c["at"]),
                        interaction=c["interaction"],
                        professional=c["professional"],
                        profession=c["profession"],
                        sector=c.get("sector"),
                    )
                    for c in seen.values()
                ),
                key=lambda c: (c.at, c.interaction, c.professional),
            )
        ),
    )
