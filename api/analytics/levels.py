"""`levels`: do strategic and operational levels meet? (DOMAIN question 12)"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from api.analytics.fields import answer_audited
from api.analytics.types import AgencySummary, GraphViewShape
from api.context import Context
from api.security.permissions import ANALYST_AND_ABOVE
from kb.analytics import levels as lv


@strawberry.enum(description="At which levels an agency was present in the period.")
class LevelPresence(Enum):
    STRATEGIC_ONLY = "STRATEGIC_ONLY"
    OPERATIONAL_ONLY = "OPERATIONAL_ONLY"
    BOTH = "BOTH"


@strawberry.type(description="A team through which an agency was present.")
class LevelTeam:
    id: strawberry.ID
    type: str
    level: str
    name: str | None = strawberry.field(
        description="Strategic teams only (a case team's name can name its family)."
    )

    @classmethod
    def of(cls, t: lv.TeamRef) -> LevelTeam:
        return cls(id=strawberry.ID(t.id), type=t.type, level=t.level, name=t.name)


@strawberry.type(description="One professional's part in an agency's presence at a level.")
class ProfessionalPresence:
    professional_id: strawberry.ID
    teams: list[LevelTeam]
    interactions: int = strawberry.field(description="Interactions of that level taken part in.")
    allocated_families: int = strawberry.field(description="Families allocated to (case work).")
    families: int = strawberry.field(
        description="Distinct families of their case work (allocations and interactions)."
    )

    @classmethod
    def of(cls, p: lv.ProfessionalPresence) -> ProfessionalPresence:
        return cls(
            professional_id=strawberry.ID(p.professional_id),
            teams=[LevelTeam.of(t) for t in p.teams],
            interactions=p.interactions,
            allocated_families=p.allocated_families,
            families=p.families,
        )


@strawberry.type(description="An agency's presence at one level.")
class AgencyPresence:
    professionals: list[ProfessionalPresence]
    teams: list[LevelTeam]
    interactions: int = strawberry.field(
        description="Participations of its professionals in interactions of the level."
    )
    families: int = strawberry.field(
        description="Distinct families of its case work; 0 when strategic."
    )

    @classmethod
    def of(cls, p: lv.Presence | None) -> AgencyPresence | None:
        if p is None:
            return None
        return cls(
            professionals=[ProfessionalPresence.of(x) for x in p.professionals],
            teams=[LevelTeam.of(t) for t in p.teams],
            interactions=p.interactions,
            families=p.families,
        )


@strawberry.type(description="An agency at the strategic and operational levels.")
class AgencyLevels:
    agency: AgencySummary
    presence: LevelPresence
    strategic: AgencyPresence | None
    operational: AgencyPresence | None
    carrier_ids: list[strawberry.ID] = strawberry.field(
        description="Its professionals present at both levels for it in the period."
    )


@strawberry.type(description="Do strategic and operational levels meet? (DOMAIN question 12)")
class Levels:
    after: datetime | None
    before: datetime | None
    strategic_agencies: int
    operational_agencies: int
    both: int = strawberry.field(description="Agencies present at both levels.")
    strategic_also_operational: float | None = strawberry.field(
        description="Share of the strategic agencies that also did case work; null without any."
    )
    operational_also_strategic: float | None = strawberry.field(
        description="Share of the agencies in case work also present strategically; null without any."
    )
    agencies: list[AgencyLevels] = strawberry.field(
        description="BOTH first, then STRATEGIC_ONLY, then OPERATIONAL_ONLY; by id within each."
    )
    graph: GraphViewShape = strawberry.field(
        description="Agencies REPRESENTED_ON strategic teams (weight: members) and IN_CASE_WORK "
        "(the node `level:OPERATIONAL`; families, professionals); professionals who carry both "
        "levels, CARRIES_BOTH_FOR their agency."
    )

    @classmethod
    def of(cls, r: lv.Levels) -> Levels:
        return cls(
            after=r.period.after,
            before=r.period.before,
            strategic_agencies=r.strategic_agencies,
            operational_agencies=r.operational_agencies,
            both=r.count(lv.LevelPresence.BOTH),
            strategic_also_operational=r.strategic_also_operational,
            operational_also_strategic=r.operational_also_strategic,
            agencies=[
                AgencyLevels(
                    agency=AgencySummary.of(a.agency),
                    presence=LevelPresence(a.presence.value),
                    strategic=AgencyPresence.of(a.strategic),
                    operational=AgencyPresence.of(a.operational),
                    carrier_ids=[strawberry.ID(c) for c in a.carriers],
                )
                for a in r.agencies
            ],
            graph=GraphViewShape.of(r.graph),
        )


@strawberry.type
class LevelsQuery:
    @strawberry.field(
        permission_classes=ANALYST_AND_ABOVE,
        description=(
            "Agencies present on strategic teams (BOARD, PANEL or level STRATEGIC) and in "
            "strategic meetings, and in operational case work (allocations, interactions about "
            "a family, case teams), in the period; per agency both, strategic only or "
            "operational only, with the professionals who carry both. `after` inclusive, "
            "`before` exclusive."
        ),
    )
    async def levels(
        self,
        info: Info[Context, None],
        after: datetime | None = None,
        before: datetime | None = None,
    ) -> Levels:
        db = info.context.db
        result = await answer_audited(
            info.context,
            [],  # names no family: counts of families only, like collaborationNetwork's
            lambda: lv.levels(db, after, before),
        )
        return Levels.of(result)
