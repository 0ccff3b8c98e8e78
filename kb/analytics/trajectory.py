"""Which way did the case travel? (DOMAIN question 7)

An agency engages with a family in a period by one of three events: it receives
a referral about the family (an interaction `REFERRED_TO` it), one of its
professionals is allocated (`INVOLVED_WITH`, for its `onBehalfOf` agency, else
for their employer on the allocation's first day), or one of its professionals
takes part in an interaction about the family (for their employer on that day).
Each agency's first engagement is the earliest of its three firsts. They are
compared by day, because allocations carry only a day: on one day a referral
received counts before an allocation, and an allocation before a participation
(a referral is what brings an agency in); then by time of day, then by agency id.
The period rule applies (`after` inclusive, `before` exclusive; an allocation
counts when one of its days is in the period, and then from its own first day,
which may be before `after`: the agency was already engaged when the period began).

A sector engages when its first agency does; the transitions are the steps
between consecutive sectors in that order (from the sector engaged just before,
on the day the next one engaged, through the event that engaged it). A referral
names its referrers (participants with role `REFERRER`) and the `referralSource`
of the family's episode it opened (an episode it is `PART_OF` that opened that day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from kb.analytics.graph import GraphNode, GraphView, agency_node, edge, sector_id
from kb.analytics.one_read import OneRead
from kb.analytics.period import Period
from kb.analytics.reads import the_family_row
from kb.analytics.refs import AgencyRef, Party, agency_ref, party_of
from kb.analytics.vocabulary import EngagementKind
from kb.storage.database import Database
from kb.storage.values import instant_of, to_date

_SAME_DAY_RANK = {kind: rank for rank, kind in enumerate(EngagementKind)}


@dataclass(frozen=True)
class Engagement:
    """One event by which an agency engaged: when, how, through what, by whom."""

    kind: EngagementKind
    day: date
    at: datetime | None  # None for an allocation (a day only)
    interaction_id: str | None  # the referral or the interaction taken part in
    professional_id: str | None  # the allocated or participating professional
    role: str | None  # the allocation's role
    referrers: tuple[Party, ...] = ()
    referral_source: str | None = None

    @property
    def order_key(self) -> tuple[date, int, datetime | None, str, str]:
        return (
            self.day,
            _SAME_DAY_RANK[self.kind],
            self.at,
            self.interaction_id or "",
            self.professional_id or "",
        )


@dataclass(frozen=True)
class AgencyEngagement:
    """An agency in the order of first engagement, with its first of each kind."""

    order: int
    agency: AgencyRef
    first: Engagement
    first_referral: Engagement | None
    first_allocation: Engagement | None
    first_participation: Engagement | None


@dataclass(frozen=True)
class SectorEngagement:
    order: int
    sector: str
    agency_id: str  # the agency through which the sector first engaged
    first: Engagement


@dataclass(frozen=True)
class SectorTransition:
    order: int
    from_sector: str
    to_sector: str
    to_agency_id: str
    through: Engagement


@dataclass(frozen=True)
class CaseTrajectory:
    family_id: str
    reference: str
    period: Period
    agencies: tuple[AgencyEngagement, ...]
    sectors: tuple[SectorEngagement, ...]
    transitions: tuple[SectorTransition, ...]
    graph: GraphView


def case_trajectory(
    db: Database, family_id: str, after: datetime | None = None, before: datetime | None = None
) -> CaseTrajectory:
    """The family's agencies and sectors in the order they engaged, from one read."""
    return case_trajectory_read(family_id, after, before).run(db)


def case_trajectory_read(
    family_id: str, after: datetime | None = None, before: datetime | None = None
) -> OneRead[CaseTrajectory]:
    """`case_trajectory` as a read either door runs (the API's: `run_async`)."""
    period = Period.of(after, before)
    return OneRead(
        "analytics/case_trajectory",
        {"familyId": family_id, **period.parameters()},
        lambda rows: build_trajectory(the_family_row(rows, family_id), period),
    )


def build_trajectory(row: dict[str, Any], period: Period) -> CaseTrajectory:
    agencies: dict[str, AgencyRef] = {}
    firsts: dict[str, dict[EngagementKind, Engagement]] = {}

    def offer(agency: AgencyRef, event: Engagement) -> None:
        agencies.setdefault(agency.id, agency)
        kept = firsts.setdefault(agency.id, {})
        if event.kind not in kept or event.order_key < kept[event.kind].order_key:
            kept[event.kind] = event

    # A referral (with its referrers and source) and a participation (with its
    # professional) are both an interaction about the family, engaging an agency.
    for kind, events in (
        (EngagementKind.REFERRAL, row["referrals"]),
        (EngagementKind.PARTICIPATION, row["participations"]),
    ):
        for event in events:
            at = instant_of(event["at"])
            offer(
                agency_ref(event),
                Engagement(
                    kind=kind,
                    day=at.date(),
                    at=at,
                    interaction_id=event["interaction"],
                    professional_id=event.get("professional"),
                    role=None,
                    referrers=tuple(party_of(r) for r in event.get("referrers", ())),
                    referral_source=event.get("referralSource"),
                ),
            )
    for alloc in row["allocations"]:
        first_day = to_date(alloc["from"])
        assert first_day is not None
        offer(
            agency_ref(alloc),
            Engagement(
                kind=EngagementKind.ALLOCATION,
                day=first_day,
                at=None,
                interaction_id=None,
                professional_id=alloc["professional"],
                role=alloc["role"],
            ),
        )

    def first_of(agency_id: str) -> Engagement:
        return min(firsts[agency_id].values(), key=lambda e: e.order_key)

    # Agencies by when they first engaged, then by id (not by who or through what).
    ordered = sorted(agencies, key=lambda a: (first_of(a).order_key[:3], a))
    engaged = tuple(
        AgencyEngagement(
            order=n,
            agency=agencies[a],
            first=first_of(a),
            first_referral=firsts[a].get(EngagementKind.REFERRAL),
            first_allocation=firsts[a].get(EngagementKind.ALLOCATION),
            first_participation=firsts[a].get(EngagementKind.PARTICIPATION),
        )
        for n, a in enumerate(ordered, start=1)
    )
    sectors: list[SectorEngagement] = []
    for item in engaged:
        if all(s.sector != item.agency.sector for s in sectors):
            sectors.append(
                SectorEngagement(len(sectors) + 1, item.agency.sector, item.agency.id, item.first)
            )
    transitions = tuple(
        SectorTransition(
            order=n,
            from_sector=previous.sector,
            to_sector=current.sector,
            to_agency_id=current.agency_id,
            through=current.first,
        )
        for n, (previous, current) in enumerate(pairwise(sectors), start=1)
    )
    return CaseTrajectory(
        family_id=row["familyId"],
        reference=row["reference"],
        period=period,
        agencies=engaged,
        sectors=tuple(sectors),
        transitions=transitions,
        graph=_trajectory_graph(row, engaged, tuple(sectors), transitions),
    )


def _trajectory_graph(
    row: dict[str, Any],
    agencies: tuple[AgencyEngagement, ...],
    sectors: tuple[SectorEngagement, ...],
    transitions: tuple[SectorTransition, ...],
) -> GraphView:
    """The family, the agencies (ENGAGED_WITH it, in order), their sectors (IN_SECTOR) and
    the sector transitions (TRANSITION, in order)."""
    graph = GraphView()
    family = row["familyId"]
    graph.add_node(GraphNode(family, "Family", row["reference"], {"reference": row["reference"]}))
    for s in sectors:
        graph.add_node(
            GraphNode(
                sector_id(s.sector),
                "Sector",
                s.sector,
                {"order": s.order, "firstOn": s.first.day.isoformat()},
            )
        )
    for a in agencies:
        graph.add_node(agency_node(a.agency, order=a.order))
        graph.add_edge(
            edge(
                "ENGAGED_WITH",
                a.agency.id,
                family,
                {"order": a.order, "by": a.first.kind.value, "on": a.first.day.isoformat()},
            )
        )
        graph.add_edge(edge("IN_SECTOR", a.agency.id, sector_id(a.agency.sector)))
    for t in transitions:
        graph.add_edge(
            edge(
                "TRANSITION",
                sector_id(t.from_sector),
                sector_id(t.to_sector),
                {
                    "order": t.order,
                    "on": t.through.day.isoformat(),
                    "by": t.through.kind.value,
                    "throughId": t.through.interaction_id,
                },
            )
        )
    return graph
