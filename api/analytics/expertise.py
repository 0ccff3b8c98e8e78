"""`horizontalExpertise`: professionals ranked by the sectors of their collaborators (DOMAIN 11)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from api.analytics.fields import answer_audited
from api.analytics.types import GraphViewShape, ProfessionalSummary
from api.context import Context
from api.entities.vocabulary import Profession, Sector
from api.security.permissions import ANALYST_AND_ABOVE
from kb.analytics import expertise as ex


@strawberry.type
class SectorCollaborators:
    sector: str
    collaborators: int = strawberry.field(description="Distinct collaborators in the sector.")


@strawberry.type(description="One calendar quarter of a professional's collaborations.")
class ExpertiseQuarter:
    quarter: str = strawberry.field(description="YYYY-Qn.")
    start: date
    sectors: list[str] = strawberry.field(description="The sectors of the quarter's collaborators.")
    distinct_sectors: int
    other_sectors: int = strawberry.field(description="Of them, not the professional's own.")
    cumulative_sectors: int = strawberry.field(
        description="Distinct collaborator sectors from the first quarter to this one."
    )
    collaborators: int


@strawberry.type(description="A professional's breadth of collaboration across sectors.")
class ProfessionalExpertise:
    rank: int
    professional: ProfessionalSummary
    sector: str | None = strawberry.field(
        description="Their own: their agency's on the day of their latest interaction in the period."
    )
    distinct_sectors: int = strawberry.field(
        description="Distinct sectors among their collaborators (their own included)."
    )
    other_sectors: int = strawberry.field(description="The same, without their own sector.")
    collaborators: int
    sectors: list[SectorCollaborators]
    quarters: list[ExpertiseQuarter]
    hybrid: bool = strawberry.field(
        description=f"Hybrid: in at least {ex.HYBRID_MIN_QUARTERS} quarters, and in at least half "
        "of the quarters with any collaborator, collaborators from at least "
        f"{ex.HYBRID_MIN_OTHER_SECTORS} sectors other than their own."
    )

    @classmethod
    def of(cls, e: ex.HorizontalExpertise) -> ProfessionalExpertise:
        return cls(
            rank=e.rank,
            professional=ProfessionalSummary.of(e.professional),
            sector=e.sector,
            distinct_sectors=e.distinct_sectors,
            other_sectors=e.other_sectors,
            collaborators=e.collaborators,
            sectors=[
                SectorCollaborators(sector=s.sector, collaborators=s.collaborators)
                for s in e.sectors
            ],
            quarters=[
                ExpertiseQuarter(
                    quarter=q.quarter,
                    start=q.start,
                    sectors=list(q.sectors),
                    distinct_sectors=len(q.sectors),
                    other_sectors=q.other_sectors,
                    cumulative_sectors=q.cumulative_sectors,
                    collaborators=q.collaborators,
                )
                for q in e.quarters
            ],
            hybrid=e.hybrid,
        )


@strawberry.type(description="Who has horizontal expertise (DOMAIN question 11).")
class HorizontalExpertise:
    after: datetime | None
    before: datetime | None
    ranked: int = strawberry.field(
        description="Professionals with at least one collaborator (and matching the filters), "
        "before `limit`."
    )
    hybrids: int = strawberry.field(description="Of those, how many are hybrid.")
    professionals: list[ProfessionalExpertise]
    graph: GraphViewShape = strawberry.field(
        description="The ranked professionals and the sectors of their collaborators "
        "(COLLABORATED_ACROSS, weight = collaborators in the sector; `own` marks their own)."
    )

    @classmethod
    def of(cls, r: ex.ExpertiseRanking) -> HorizontalExpertise:
        return cls(
            after=r.period.after,
            before=r.period.before,
            ranked=r.ranked,
            hybrids=r.hybrids,
            professionals=[ProfessionalExpertise.of(e) for e in r.professionals],
            graph=GraphViewShape.of(r.graph),
        )


@strawberry.type
class ExpertiseQuery:
    @strawberry.field(
        permission_classes=ANALYST_AND_ABOVE,
        description=(
            "Professionals ranked by the number of distinct sectors among their collaborators "
            "(co-participants in interactions, co-workers on boundary objects) in the period, "
            "with their own sector, the collaborators' sectors, a quarterly series and whether "
            "they are hybrid; top `limit` (1 to 500), optionally of one own `sector` or "
            "`profession`. `after` inclusive, `before` exclusive."
        ),
    )
    async def horizontal_expertise(
        self,
        info: Info[Context, None],
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 20,
        sector: Sector | None = None,
        profession: Profession | None = None,
    ) -> HorizontalExpertise:
        db = info.context.db
        result = await answer_audited(
            info.context,
            [],  # names no family; aggregates over all work, like collaborationNetwork's
            lambda: ex.horizontal_expertise(
                db,
                after,
                before,
                limit,
                sector.value if sector is not None else None,
                profession.value if profession is not None else None,
            ),
        )
        return HorizontalExpertise.of(result)
