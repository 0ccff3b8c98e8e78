"""`caseTrajectory`: which way a family's case travelled (DOMAIN question 7)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from api.analytics.fields import analytics_field, audited_read
from api.analytics.records import PERIOD, FromRecord
from api.analytics.types import AgencySummary, GraphViewShape
from api.context import Context
from kb.analytics import trajectory as tr
from kb.analytics.vocabulary import EngagementKind


@strawberry.type(
    description="Someone named in an answer: a professional (profession; agency and sector "
    "at the time) or a client (role)."
)
class Party(FromRecord):
    id: strawberry.ID
    type: str
    profession: str | None
    agency_id: strawberry.ID | None
    sector: str | None
    client_role: str | None


@strawberry.type(description="One event by which an agency engaged with the family.")
class Engagement(FromRecord, renamed={"on": "day"}):
    kind: EngagementKind
    on: date = strawberry.field(description="The day: an allocation's first day, else the event's.")
    at: datetime | None = strawberry.field(description="The instant; null for an allocation.")
    interaction_id: strawberry.ID | None = strawberry.field(
        description="The referral, or the interaction taken part in; null for an allocation."
    )
    professional_id: strawberry.ID | None = strawberry.field(
        description="The professional allocated or taking part; null for a referral."
    )
    role: str | None = strawberry.field(description="The allocation's role.")
    referrers: list[Party] = strawberry.field(
        description="A referral's participants with role REFERRER."
    )
    referral_source: str | None = strawberry.field(
        description="The referralSource of the family's episode this referral opened "
        "(PART_OF it, on its openedAt day); null otherwise."
    )


@strawberry.type(description="An agency, in the order agencies first engaged with the family.")
class AgencyEngagement(FromRecord):
    order: int
    agency: AgencySummary
    first: Engagement = strawberry.field(description="The earliest of the three firsts.")
    first_referral: Engagement | None
    first_allocation: Engagement | None
    first_participation: Engagement | None


@strawberry.type(
    description="A sector, in the order sectors first engaged (with its first agency)."
)
class SectorEngagement(FromRecord):
    order: int
    sector: str
    agency_id: strawberry.ID
    first: Engagement


@strawberry.type(description="A step from one sector to the next in the order of engagement.")
class SectorTransition(FromRecord, renamed={"on": "through.day"}):
    order: int
    from_sector: str
    to_sector: str
    to_agency_id: strawberry.ID
    on: date
    through: Engagement = strawberry.field(
        description="The event that engaged `toSector` (a referral, allocation or interaction)."
    )


@strawberry.type(description="Which way a family's case travelled (DOMAIN question 7).")
class CaseTrajectory(FromRecord, renamed=PERIOD):
    family_id: strawberry.ID
    reference: str
    after: datetime | None
    before: datetime | None
    agencies: list[AgencyEngagement]
    sectors: list[SectorEngagement]
    transitions: list[SectorTransition]
    graph: GraphViewShape = strawberry.field(
        description="The family; agencies ENGAGED_WITH it (in order) and IN_SECTOR their "
        "sector; TRANSITION edges between sectors (in order)."
    )


@strawberry.type
class TrajectoryQuery:
    @analytics_field(
        "The agencies and sectors that engaged with a family in the order they first did "
        "(first referral received, allocation or participation, whichever came first), and "
        "the transitions between sectors in that order. `after` inclusive, `before` exclusive."
    )
    async def case_trajectory(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID,
        after: datetime | None = None,
        before: datetime | None = None,
    ) -> CaseTrajectory:
        result = await audited_read(
            info, family_id, lambda: tr.case_trajectory_read(str(family_id), after, before)
        )
        return CaseTrajectory.of(result)
