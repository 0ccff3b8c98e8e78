"""Do strategic and operational levels meet? (DOMAIN question 12)

In a period (`after` inclusive, `before` exclusive), an agency is present at the
**strategic** level when one of its professionals is a member of a strategic team (a
BOARD or PANEL, or any team of level STRATEGIC) or takes part in a strategic interaction
(level STRATEGIC, or a board or panel meeting); at the **operational** level (case work)
when one of them is a member of another team, is allocated to a family (for the
allocation's `onBehalfOf` agency if set), or takes part in another interaction about a
family. A membership or allocation counts for the employer on its first day in the
period, an interaction for the employer on its day. Per agency: its presence at each
level, and the professionals who carry both (present at both levels for that agency);
overall, the agencies at each level and the shares that meet the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kb.analytics.graph import GraphNode, GraphView, agency_node, edge
from kb.analytics.period import Period
from kb.analytics.refs import AgencyRef, agency_ref
from kb.storage.database import Database

STRATEGIC = "STRATEGIC"
OPERATIONAL = "OPERATIONAL"
CASE_WORK = "level:OPERATIONAL"


class LevelPresence(StrEnum):
    STRATEGIC_ONLY = "STRATEGIC_ONLY"
    OPERATIONAL_ONLY = "OPERATIONAL_ONLY"
    BOTH = "BOTH"


@dataclass(frozen=True)
class TeamRef:
    id: str
    type: str
    level: str
    name: str | None  # strategic teams only: a case team's name can name the family


@dataclass(frozen=True)
class ProfessionalPresence:
    """One professional's part in an agency's presence at one level."""

    professional_id: str
    teams: tuple[TeamRef, ...]
    interactions: int
    allocated_families: int
    families: int


@dataclass(frozen=True)
class Presence:
    """An agency's presence at one level."""

    professionals: tuple[ProfessionalPresence, ...]
    families: int  # distinct families of the case work (0 at the strategic level)

    @property
    def teams(self) -> tuple[TeamRef, ...]:
        found = {t.id: t for p in self.professionals for t in p.teams}
        return tuple(found[k] for k in sorted(found))

    @property
    def interactions(self) -> int:
        """Participations: a professional in an interaction (two of one agency count twice)."""
        return sum(p.interactions for p in self.professionals)


@dataclass(frozen=True)
class AgencyLevels:
    agency: AgencyRef
    strategic: Presence | None
    operational: Presence | None
    carriers: tuple[str, ...]  # professionals present at both levels for this agency

    @property
    def presence(self) -> LevelPresence:
        if self.strategic and self.operational:
            return LevelPresence.BOTH
        return LevelPresence.STRATEGIC_ONLY if self.strategic else LevelPresence.OPERATIONAL_ONLY


@dataclass(frozen=True)
class Levels:
    period: Period
    agencies: tuple[AgencyLevels, ...]  # both first, then strategic only, then operational only
    graph: GraphView

    def count(self, presence: LevelPresence) -> int:
        return sum(1 for a in self.agencies if a.presence is presence)

    @property
    def strategic_agencies(self) -> int:
        return sum(1 for a in self.agencies if a.strategic)

    @property
    def operational_agencies(self) -> int:
        return sum(1 for a in self.agencies if a.operational)

    @property
    def strategic_also_operational(self) -> float | None:
        both, strategic = self.count(LevelPresence.BOTH), self.strategic_agencies
        return both / strategic if strategic else None

    @property
    def operational_also_strategic(self) -> float | None:
        both, operational = self.count(LevelPresence.BOTH), self.operational_agencies
        return both / operational if operational else None


def levels(db: Database, after: datetime | None = None, before: datetime | None = None) -> Levels:
    """Every agency's presence at the two levels in the period, from one read."""
    period = Period.of(after, before)
    days = period.days
    rows = db.read(
        "analytics/levels",
        period.parameters() | {"fromDay": days[0] if days else date.min},
    )
    return build_levels(rows, period)


def build_levels(rows: list[dict[str, Any]], period: Period) -> Levels:
    refs: dict[str, AgencyRef] = {}
    found: dict[str, dict[str, Presence]] = {}
    for row in rows:
        refs[row["agency"]] = agency_ref(row)
        people = tuple(
            sorted(
                (_presence(p, row["level"]) for p in row["people"]),
                key=lambda p: p.professional_id,
            )
        )
        found.setdefault(row["agency"], {})[row["level"]] = Presence(
            professionals=people, families=row["families"] if row["level"] == OPERATIONAL else 0
        )
    agencies = []
    for agency_id, by_level in found.items():
        strategic, operational = by_level.get(STRATEGIC), by_level.get(OPERATIONAL)
        carriers: tuple[str, ...] = ()
        if strategic and operational:
            carriers = tuple(
                sorted(
                    {p.professional_id for p in strategic.professionals}
                    & {p.professional_id for p in operational.professionals}
                )
            )
        agencies.append(AgencyLevels(refs[agency_id], strategic, operational, carriers))
    order = {
        LevelPresence.BOTH: 0,
        LevelPresence.STRATEGIC_ONLY: 1,
        LevelPresence.OPERATIONAL_ONLY: 2,
    }
    agencies.sort(key=lambda a: (order[a.presence], a.agency.id))
    return Levels(period, tuple(agencies), _levels_graph(agencies))


def _presence(row: dict[str, Any], level: str) -> ProfessionalPresence:
    teams = tuple(
        sorted(
            (
                TeamRef(t["id"], t["type"], t["level"], t["name"] if level == STRATEGIC else None)
                for t in row["teams"]
            ),
            key=lambda t: t.id,
        )
    )
    return ProfessionalPresence(
        professional_id=row["professional"],
        teams=teams,
        interactions=row["interactions"],
        allocated_families=row["allocatedFamilies"],
        families=row["families"],
    )


def _levels_graph(agencies: list[AgencyLevels]) -> GraphView:
    """Agencies REPRESENTED_ON the strategic teams (weight: their members there) and
    IN_CASE_WORK (one node for the operational level; weight: families), and the
    professionals who carry both levels (CARRIES_BOTH_FOR their agency)."""
    graph = GraphView()
    graph.add_node(GraphNode(CASE_WORK, "Level", "Case work", {"level": OPERATIONAL}))
    for a in agencies:
        graph.add_node(agency_node(a.agency, presence=a.presence.value))
    for a in agencies:
        if a.strategic:
            members: dict[str, set[str]] = {}
            for p in a.strategic.professionals:
                for team in p.teams:
                    graph.add_node(
                        GraphNode(
                            team.id,
                            "Team",
                            team.name or team.id,
                            {"name": team.name, "type": team.type, "level": team.level},
                        )
                    )
                    members.setdefault(team.id, set()).add(p.professional_id)
            for team_id in sorted(members):
                graph.add_edge(
                    edge("REPRESENTED_ON", a.agency.id, team_id, {"weight": len(members[team_id])})
                )
        if a.operational:
            graph.add_edge(
                edge(
                    "IN_CASE_WORK",
                    a.agency.id,
                    CASE_WORK,
                    {
                        "families": a.operational.families,
                        "professionals": len(a.operational.professionals),
                    },
                )
            )
        for pid in a.carriers:
            graph.add_node(GraphNode(pid, "Professional", pid, {}))
            graph.add_edge(edge("CARRIES_BOTH_FOR", pid, a.agency.id))
    return graph
