"""Who brokers between sectors? (DOMAIN question 8)

Gould-Fernandez brokerage with the sector as the group. Directed ties come from
referrals (each REFERRER to each RECIPIENT) and information shares (each
CONTRIBUTOR, the sender, to each RECIPIENT); when an interaction of those kinds
names no sender or no recipient, its participants count as joint. Joint
participation in any other interaction gives ties both ways. The counts are
those of R's `sna::brokerage` on the same directed ties and groups (tested).
A professional v brokers a triad a -> v -> b (a, b, v distinct) when there is
no direct tie a -> b; by the groups of a, v and b the role is coordinator
(A A A), itinerant (A B A), representative (A A B: a and v share a group),
gatekeeper (A B B: v and b share a group) or liaison (A B C). A professional's
group is the sector of their agency on the day of their latest interaction in
scope.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kb.analytics.errors import check_range
from kb.analytics.period import Period
from kb.analytics.reads import family_row
from kb.storage.database import Database
from kb.storage.values import instant_of

# The interaction kinds whose ties are directed, and the role of their senders.
SENDER_ROLE = {"REFERRAL": "REFERRER", "INFORMATION_SHARE": "CONTRIBUTOR"}
RECEIVER_ROLE = "RECIPIENT"
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
MAX_RESULTS = 500


@dataclass(frozen=True)
class Brokerage:
    professional: str
    sector: str | None
    coordinator: int
    itinerant: int
    representative: int
    gatekeeper: int
    liaison: int

    @property
    def total(self) -> int:
        return (
            self.coordinator + self.itinerant + self.representative + self.gatekeeper + self.liaison
        )


def brokerage(
    db: Database,
    family_id: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
    limit: int = 20,
) -> tuple[Brokerage, ...]:
    """The top `limit` brokers (by total, then id), from one read."""
    check_range("limit", limit, 1, MAX_RESULTS)
    period = Period.of(after, before).parameters()
    if family_id is not None:
        row = family_row(db, "analytics/brokerage_family", family_id, period)
    else:
        row = db.read("analytics/brokerage_all", period)[0]
    scores = score(row["interactions"])
    ranked = sorted(scores, key=lambda b: (-b.total, b.professional))
    return tuple(ranked[:limit])


def ties_and_groups(
    interactions: list[dict[str, Any]],
) -> tuple[dict[str, set[str]], dict[str, str | None]]:
    """Directed ties (out-neighbours) and each professional's group."""
    out: dict[str, set[str]] = defaultdict(set)
    latest: dict[str, tuple[datetime, str | None]] = {}
    for event in interactions:
        at = instant_of(event["at"])
        people = event["people"]
        for person in people:
            pid = person["professional"]
            if pid not in latest or at >= latest[pid][0]:
                latest[pid] = (at, person.get("sector"))
            out.setdefault(pid, set())
        sender = SENDER_ROLE.get(event["kind"])
        senders = [p["professional"] for p in people if sender and p["role"] == sender]
        receivers = [p["professional"] for p in people if p["role"] == RECEIVER_ROLE]
        if senders and receivers:
            pairs = [(a, b) for a in senders for b in receivers]
        else:
            ids = [p["professional"] for p in people]
            pairs = [(a, b) for a in ids for b in ids]
        for a, b in pairs:
            if a != b:
                out[a].add(b)
    return dict(out), {pid: sector for pid, (_, sector) in latest.items()}


def score(interactions: list[dict[str, Any]]) -> list[Brokerage]:
    out, group = ties_and_groups(interactions)
    incoming: dict[str, set[str]] = defaultdict(set)
    for a, targets in out.items():
        for b in targets:
            incoming[b].add(a)
    results = []
    for v in sorted(out):
        counts = dict.fromkeys(ROLES, 0)
        for a in incoming.get(v, set()):
            for b in out.get(v, set()):
                if a == b or b in out.get(a, set()):
                    continue
                counts[role_of(group.get(a), group.get(v), group.get(b))] += 1
        results.append(Brokerage(professional=v, sector=group.get(v), **counts))
    return results


def role_of(a: str | None, v: str | None, b: str | None) -> str:
    """The Gould-Fernandez role of v in a -> v -> b, from the three groups."""
    if a == v == b:
        return "coordinator"
    if a == b:
        return "itinerant"
    if a == v:
        return "representative"
    if v == b:
        return "gatekeeper"
    return "liaison"
