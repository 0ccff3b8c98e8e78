"""`objectOfActivity`: how the object of the work around a family changed (DOMAIN 10)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types import Info

from api.analytics.fields import analytics_field, audited_read
from api.analytics.records import PERIOD, FromRecord
from api.analytics.trajectory import Party
from api.analytics.types import GraphViewShape
from api.context import Context
from api.security.field_rules import ruled_field
from kb.analytics import activity as ac
from kb.analytics.vocabulary import TensionStatus


@strawberry.type(description="What a perspective is on, or a tension about.")
class ActivitySubject(FromRecord):
    id: strawberry.ID
    type: str


@strawberry.type(description="A boundary object about the family.")
class ActivityObject(FromRecord):
    id: strawberry.ID
    kind: str
    created_at: date | None
    title: str | None = ruled_field("BoundaryObject", "title")


@strawberry.type(description="A perspective stated in the period: someone's account of the object.")
class ActivityPerspective(FromRecord):
    id: strawberry.ID
    at: datetime
    statement: str | None = ruled_field("Perspective", "statement")
    on: ActivitySubject
    holder: Party | None = strawberry.field(
        description="A professional (profession; agency and sector on the day) or a client (role)."
    )
    revises: list[strawberry.ID] = strawberry.field(
        description="The perspectives it revises (some may be before the period)."
    )
    revised_by: list[strawberry.ID] = strawberry.field(
        description="The perspectives that revise it (any time)."
    )
    depth: int = strawberry.field(
        description="Revisions in the longest chain ending here, within the period (a root: 0)."
    )
    thread: int = strawberry.field(description="The number of its thread (see `threads`).")


@strawberry.type(description="One perspective revising another: who revised whom.")
class ActivityRevision(FromRecord, renamed={"newer_id": "newer", "older_id": "older"}):
    newer_id: strawberry.ID
    older_id: strawberry.ID
    newer_holder: Party | None
    older_holder: Party | None
    days: float = strawberry.field(description="Days from the older perspective to the newer.")
    crosses_sector: bool = strawberry.field(
        description="Both holders have a sector, and they differ."
    )
    same_holder: bool


@strawberry.type(description="A connected part of the revision graph within the period.")
class RevisionThread(
    FromRecord,
    renamed={
        "perspective_ids": "perspectives",
        "root_ids": "roots",
        "branch_point_ids": "branch_points",
        "holder_ids": "holders",
    },
):
    number: int
    perspective_ids: list[strawberry.ID]
    root_ids: list[strawberry.ID] = strawberry.field(
        description="Its perspectives that revise none of the period's."
    )
    depth: int = strawberry.field(description="The longest chain of revisions in it.")
    branch_point_ids: list[strawberry.ID] = strawberry.field(
        description="Perspectives revised by two or more of the period's: where views branch."
    )
    holder_ids: list[strawberry.ID]
    sectors: list[str]
    cross_sector_revisions: int


@strawberry.type(description="The object's widening to the end of a month (cumulative counts).")
class ObjectWidening(FromRecord):
    month: str = strawberry.field(description="YYYY-MM.")
    perspectives: int = strawberry.field(description="Stated that month.")
    revisions: int = strawberry.field(description="Of them, revising another.")
    holders: int
    professions: int
    sectors: int
    client_voices: int = strawberry.field(description="Clients who stated or revised it.")


@strawberry.type(description="A disagreement around the object, as it stood at the period's end.")
class ActivityTension(FromRecord):
    id: strawberry.ID
    kind: str
    raised_at: datetime
    resolved_at: datetime | None = strawberry.field(
        description="Null while open at the end of the period."
    )
    status: TensionStatus
    days_open: float | None = strawberry.field(
        description="To the resolution; for an open one, to `before` (null when the period is open)."
    )
    description: str | None = ruled_field("Tension", "description")
    resolution: str | None = ruled_field("Tension", "resolution")
    about: list[ActivitySubject]
    parties: list[Party]
    party_sectors: list[str]
    led_to_revision: bool | None = strawberry.field(
        description="Resolved, and the object was revised within `revisionWindowDays` from "
        "the resolution; null while open."
    )
    revisions_after: list[strawberry.ID] = strawberry.field(
        description="The revising perspectives in that window."
    )


@strawberry.type(description="How the object of the work changed (DOMAIN question 10).")
class ObjectOfActivity(FromRecord, renamed=PERIOD):
    family_id: strawberry.ID
    reference: str
    after: datetime | None
    before: datetime | None
    revision_window_days: int
    objects: list[ActivityObject]
    perspectives: list[ActivityPerspective]
    revisions: list[ActivityRevision]
    threads: list[RevisionThread]
    widening: list[ObjectWidening]
    tensions: list[ActivityTension]
    graph: GraphViewShape = strawberry.field(
        description="The family, its objects, the period's perspectives (HOLDS, ON, REVISES) "
        "and tensions (ABOUT, BETWEEN); drawn without free text."
    )


@strawberry.type
class ActivityQuery:
    @analytics_field(
        "The perspectives on a family and its boundary objects in the period (holder, "
        "when, on what, what they revise), the revision threads, the object's monthly "
        "widening (cumulative holders, professions, sectors, client voices), and the "
        "tensions around it, with whether a resolved one was followed by a revision "
        "within `revisionWindowDays` (0 to 365). Free text needs STEWARD. `after` "
        "inclusive, `before` exclusive."
    )
    async def object_of_activity(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID,
        after: datetime | None = None,
        before: datetime | None = None,
        revision_window_days: int = ac.DEFAULT_REVISION_WINDOW_DAYS,
    ) -> ObjectOfActivity:
        result = await audited_read(
            info,
            family_id,
            lambda: ac.object_of_activity_read(str(family_id), after, before, revision_window_days),
        )
        return ObjectOfActivity.of(result)
