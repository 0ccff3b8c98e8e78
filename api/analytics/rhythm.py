"""`workRhythm`: how bursty or steady the work of a family or a professional is (DOMAIN 9)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from api.analytics.fields import analytics_field, audited_read
from api.analytics.records import PERIOD, FromRecord, from_record
from api.context import Context
from kb.analytics import rhythm as rh
from kb.analytics.vocabulary import RhythmSubject


@strawberry.type(
    description="Burstiness B = (sigma - mu) / (sigma + mu) of the gaps between consecutive "
    "interactions (Goh and Barabasi 2008): -1 regular, about 0 random (Poisson), towards 1 bursty."
)
class Burstiness(FromRecord, renamed={"mean_gap_days": "mean_days", "sd_gap_days": "sd_days"}):
    gaps: int = strawberry.field(description="n: the number of gaps (interactions - 1).")
    mean_gap_days: float | None = strawberry.field(description="mu, in days.")
    sd_gap_days: float | None = strawberry.field(
        description="sigma, in days: the population standard deviation of the gaps (the "
        "observed sequence itself, not an estimate from a sample); null with fewer than two "
        "gaps."
    )
    value: float | None = strawberry.field(
        description="B; null with fewer than two gaps, or when every gap is 0."
    )


@strawberry.type(description="The configuration (or caseload) at the end of a month.")
class MonthEndConfiguration(
    FromRecord,
    renamed={"date": "day", "member_ids": "members", "joined_ids": "joined", "left_ids": "left"},
):
    month: str = strawberry.field(description="YYYY-MM.")
    date: date
    size: int
    member_ids: list[strawberry.ID] = strawberry.field(
        description="A family's professionals, or a professional's families (their caseload)."
    )
    joined_ids: list[strawberry.ID]
    left_ids: list[strawberry.ID]
    distance: float | None = strawberry.field(
        description="Jaccard distance 1 - |A and B| / |A or B| from the previous month-end; "
        "null for the first."
    )

    @classmethod
    def of(cls, m: rh.MonthEnd) -> MonthEndConfiguration:
        return from_record(cls, m, size=len(m.members))


@strawberry.type(description="How bursty or steady the work is (DOMAIN question 9).")
class WorkRhythm(FromRecord, renamed=PERIOD):
    subject: RhythmSubject
    subject_id: strawberry.ID
    after: datetime | None
    before: datetime | None
    window_days: int
    interactions: int
    interaction_ids: list[strawberry.ID] = strawberry.field(description="In time order.")
    first_at: datetime | None
    last_at: datetime | None
    burstiness: Burstiness
    volatility: float | None = strawberry.field(
        description="Mean Jaccard distance between consecutive month-end configurations; null "
        "with fewer than two."
    )
    months: list[MonthEndConfiguration]

    @classmethod
    def of(cls, r: rh.WorkRhythm) -> WorkRhythm:
        return from_record(cls, r, interactions=len(r.interaction_ids))


@strawberry.type
class RhythmQuery:
    @analytics_field(
        "Burstiness of the gaps between a family's (or a professional's) interactions, and "
        "volatility: the mean Jaccard distance between consecutive month-end configurations "
        "(a professional's: their caseload), with the monthly series. Exactly one of "
        "`familyId`, `professionalId`. `after` inclusive, `before` exclusive."
    )
    async def work_rhythm(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID | None = None,
        professional_id: strawberry.ID | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        window_days: int = 90,
    ) -> WorkRhythm:
        family = str(family_id) if family_id is not None else None
        professional = str(professional_id) if professional_id is not None else None
        result = await audited_read(
            info,
            family_id,
            lambda: rh.work_rhythm_read(family, professional, after, before, window_days),
            touched=lambda r: r.families,
        )
        return WorkRhythm.of(result)
