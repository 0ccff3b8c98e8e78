"""Who has horizontal expertise? (DOMAIN question 11)

Vertical expertise is depth in one's own profession; horizontal expertise is breadth
gained by working across sectors. In a period (`after` inclusive, `before`
exclusive), a professional's collaborators are the other professionals who took part
in an interaction with them, or worked on a boundary object with them, through
interactions in the period (co-participants and co-workers). Each collaborator counts
under the sector of their agency at the time (a collaborator who moved can count in
two sectors). Professionals are ranked by the number of distinct sectors among their
collaborators (their own included), then by the number of collaborators, then by id.
A professional's own sector is their agency's on the day of their latest interaction
in the period. The quarterly series gives, per calendar quarter from their first to
their last collaboration, the sectors of that quarter's collaborators and the running
total; a co-working on an object dates from the later of the two first interactions on it.

A **hybrid professional** here is one who works across sectors as a matter of course:
in at least `HYBRID_MIN_QUARTERS` (2) quarters, and in at least half
(`HYBRID_MIN_SHARE`) of the quarters in which they had any collaborator, their
collaborators came from at least `HYBRID_MIN_OTHER_SECTORS` (3) sectors other than their
own. Breadth over a whole period saturates (over two years most professionals meet
five or more sectors somewhere, and there are only eight), so the rule asks for breadth
quarter by quarter, sustained (one multi-agency burst does not make a hybrid) and
habitual (not an occasional quarter among many single-sector ones). The review
(Engestrom's boundary crossing) asks whether interagency work makes such types emerge;
the rule makes the question countable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from kb.analytics.errors import check_range
from kb.analytics.graph import GraphNode, GraphView, edge, sector_id
from kb.analytics.period import Period
from kb.analytics.refs import ProfessionalRef, professional_ref
from kb.storage.database import Database
from kb.storage.values import to_date

MAX_RESULTS = 500
HYBRID_MIN_OTHER_SECTORS = 3  # in one quarter
HYBRID_MIN_QUARTERS = 2
HYBRID_MIN_SHARE = 0.5  # of the quarters with any collaborator
ACROSS = "COLLABORATED_ACROSS"


@dataclass(frozen=True)
class SectorCount:
    sector: str
    collaborators: int  # distinct collaborators seen in the sector


@dataclass(frozen=True)
class Quarter:
    quarter: str  # YYYY-Qn
    start: date
    sectors: tuple[str, ...]  # of the quarter's collaborators
    other_sectors: int  # of them, not the professional's own
    cumulative_sectors: int  # distinct sectors up to the end of the quarter
    collaborators: int  # distinct collaborators in the quarter


@dataclass(frozen=True)
class HorizontalExpertise:
    rank: int
    professional: ProfessionalRef
    sector: str | None
    collaborators: int
    sectors: tuple[SectorCount, ...]  # most collaborators first, then by name
    quarters: tuple[Quarter, ...]
    hybrid: bool

    @property
    def distinct_sectors(self) -> int:
        return len(self.sectors)

    @property
    def other_sectors(self) -> int:
        return len([s for s in self.sectors if s.sector != self.sector])


@dataclass(frozen=True)
class ExpertiseRanking:
    period: Period
    sector: str | None
    profession: str | None
    ranked: int  # professionals with a collaborator (and the filters) before `limit`
    hybrids: int  # of them, hybrid
    professionals: tuple[HorizontalExpertise, ...]
    graph: GraphView


def horizontal_expertise(
    db: Database,
    after: datetime | None = None,
    before: datetime | None = None,
    limit: int = 20,
    sector: str | None = None,
    profession: str | None = None,
) -> ExpertiseRanking:
    """The top `limit` professionals by distinct collaborator sectors, from one read."""
    check_range("limit", limit, 1, MAX_RESULTS)
    period = Period.of(after, before)
    rows = db.read(
        "analytics/horizontal_expertise", period.parameters() | {"profession": profession}
    )
    found = [expertise_of(row) for row in rows if sector is None or row["ownSector"] == sector]
    found.sort(key=lambda e: (-e.distinct_sectors, -e.collaborators, e.professional.id))
    top = tuple(replace(e, rank=n) for n, e in enumerate(found[:limit], start=1))
    return ExpertiseRanking(
        period=period,
        sector=sector,
        profession=profession,
        ranked=len(found),
        hybrids=sum(1 for e in found if e.hybrid),
        professionals=top,
        graph=_expertise_graph(top),
    )


def expertise_of(row: dict[str, Any]) -> HorizontalExpertise:
    """One professional's figures from the statement's row (counts per sector and quarter)."""
    own = row["ownSector"]
    sectors = tuple(
        SectorCount(s["sector"], s["collaborators"])
        for s in sorted(row["sectors"], key=lambda s: (-s["collaborators"], s["sector"]))
    )
    by_quarter: dict[date, dict[str, Any]] = {}
    for q in row["quarters"]:
        start = to_date(q["quarter"])
        assert start is not None
        by_quarter[start] = q
    quarters: list[Quarter] = []
    seen: set[str] = set()
    if by_quarter:
        for start in _quarters_between(min(by_quarter), max(by_quarter)):
            present = by_quarter.get(start)
            named = sorted(present["sectors"]) if present else []
            seen.update(named)
            quarters.append(
                Quarter(
                    quarter=f"{start.year}-Q{(start.month - 1) // 3 + 1}",
                    start=start,
                    sectors=tuple(named),
                    other_sectors=len([s for s in named if s != own]),
                    cumulative_sectors=len(seen),
                    collaborators=present["collaborators"] if present else 0,
                )
            )
    return HorizontalExpertise(
        rank=0,
        professional=professional_ref(row),
        sector=own,
        collaborators=row["collaborators"],
        sectors=sectors,
        quarters=tuple(quarters),
        hybrid=is_hybrid(quarters),
    )


def is_hybrid(quarters: list[Quarter]) -> bool:
    """The documented rule: broad quarters (>= 3 other sectors) are at least 2, and at
    least half of the quarters with any collaborator."""
    active = [q for q in quarters if q.collaborators]
    broad = [q for q in active if q.other_sectors >= HYBRID_MIN_OTHER_SECTORS]
    return len(broad) >= HYBRID_MIN_QUARTERS and len(broad) >= HYBRID_MIN_SHARE * len(active)


def _quarters_between(first: date, last: date) -> list[date]:
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return found


def _expertise_graph(ranked: tuple[HorizontalExpertise, ...]) -> GraphView:
    """The ranked professionals and the sectors of their collaborators:
    `COLLABORATED_ACROSS` professional -> sector, weight = collaborators in that sector."""
    graph = GraphView()
    for e in ranked:
        p = e.professional
        graph.add_node(
            GraphNode(
                p.id,
                "Professional",
                p.name,
                {
                    "name": p.name,
                    "profession": p.profession,
                    "sector": e.sector,
                    "rank": e.rank,
                    "hybrid": e.hybrid,
                },
            )
        )
    for e in ranked:
        for s in e.sectors:
            key = sector_id(s.sector)
            graph.add_node(GraphNode(key, "Sector", s.sector, {"name": s.sector}))
            graph.add_edge(
                edge(
                    ACROSS,
                    e.professional.id,
                    key,
                    {"weight": s.collaborators, "own": s.sector == e.sector},
                )
            )
    return graph
