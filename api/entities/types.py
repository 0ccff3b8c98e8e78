"""One GraphQL type per label of the model, all implementing `Node`, with their relationships.

Scalar properties come with the node's row; every relationship field reads through a
per-request DataLoader (`loaders.py`), so nesting costs one statement per field per level.
Relationship lists that can grow long (interactions) are Relay connections; the others
are plain lists in a fixed order. `activeOn` on period relationships keeps those whose
`from`..`to` covers the date (`to` empty = still true).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

import strawberry

from api.entities.filters import DateTimeRange, datetime_bounds
from api.entities.loaders import (
    GraphInfo,
    InteractionPage,
    NestedName,
    RelatedName,
    audit_family_read,
    nested_interactions,
    nodes_by_id,
    related,
)
from api.entities.pagination import DEFAULT_PAGE_SIZE, Connection, connection, scope_of, window
from api.entities.values import Props, Row, period_covers
from api.entities.vocabulary import (
    BoundaryObjectKind,
    ClientRole,
    EpisodeKind,
    InteractionKind,
    InvolvementRole,
    Level,
    ParticipationRole,
    Profession,
    Sector,
    TeamType,
    TensionKind,
    WorkAction,
)
from api.security.field_rules import field_help, permission_classes
from kb.storage.values import to_date, to_instant

NodeT = TypeVar("NodeT", bound="Node")
T = TypeVar("T")


@strawberry.interface(
    description="Anything stored in the knowledge base. Ids are unique across all types, "
    "so `node(id:)` finds any of them."
)
class Node:
    id: strawberry.ID


# -- helpers -------------------------------------------------------------------------


def _required_date(value: Any) -> date:
    result = to_date(value)
    if result is None:
        raise ValueError("a required date is missing")
    return result


def _required_datetime(value: Any) -> datetime:
    result = to_instant(value)
    if result is None:
        raise ValueError("a required date-time is missing")
    return result


def _distinct(nodes: Iterable[NodeT]) -> list[NodeT]:
    """Nodes in first-seen order, each once."""
    seen: set[str] = set()
    unique = []
    for node in nodes:
        if node.id not in seen:
            seen.add(node.id)
            unique.append(node)
    return unique


async def _nodes(info: GraphInfo, name: RelatedName, parent_id: str) -> list[Any]:
    """The related entities of a parent, each built as its GraphQL type."""
    return [build_node(row) for row in await related(info, name, parent_id)]


async def _first_node(info: GraphInfo, name: RelatedName, parent_id: str) -> Any:
    found = await _nodes(info, name, parent_id)
    return found[0] if found else None


async def _interactions(
    info: GraphInfo,
    name: NestedName,
    parent_id: str,
    first: int | None,
    after: str | None,
    kinds: list[InteractionKind] | None,
    at: DateTimeRange | None,
    latest_first: bool,
) -> Connection[Interaction]:
    at_after, at_before = datetime_bounds(at, "at")
    kind_values = None if kinds is None else tuple(k.value for k in kinds)
    # The cursor's scope leaves the parent out, so that parents still share one statement.
    scope = scope_of(name, kind_values, at_after, at_before, latest_first)
    page = InteractionPage(
        window=window(first, after, info.context.db.settings.api_max_page_size, scope),
        kinds=kind_values,
        at_after=at_after,
        at_before=at_before,
        descending=latest_first,
    )
    answer = await nested_interactions(info, name, parent_id, page)
    items = [Interaction.from_props(props) for props in answer.rows]
    return connection(items, answer.total, page.window)


FIRST_HELP = "Page size, 1 to 100 (default 20)."
AFTER_HELP = "A cursor from an earlier page: start after it."
ACTIVE_ON_HELP = "Only periods that cover this date (default: all periods)."


# -- nodes -----------------------------------------------------------------------------


@strawberry.type(description="An organisation in one sector: a school, a social care service...")
class Agency(Node):
    name: str
    sector: Sector

    @classmethod
    def from_props(cls, p: Props) -> Agency:
        return cls(id=strawberry.ID(p["id"]), name=p["name"], sector=Sector(p["sector"]))

    @strawberry.field(description="Employment periods at this agency, earliest first.")
    async def employments(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Employment]:
        rows = await related(info, "agency_employments", self.id)
        return [
            Employment.from_row(row["rel"], Professional.from_props(row["node"]), self)
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(description="The professionals employed here (on `activeOn`, or ever).")
    async def professionals(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Professional]:
        return _distinct(e.professional for e in await self.employments(info, active_on))

    @strawberry.field(description="Referrals that sent a case to this agency, oldest first.")
    async def referrals_received(
        self,
        info: GraphInfo,
        first: Annotated[
            int | None, strawberry.argument(description=FIRST_HELP)
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
        kinds: list[InteractionKind] | None = None,
        at: DateTimeRange | None = None,
        latest_first: bool = False,
    ) -> Connection[Interaction]:
        return await _interactions(
            info, "agency_referrals", self.id, first, after, kinds, at, latest_first
        )

    @strawberry.field(description="Tensions this agency is party to, oldest first.")
    async def tensions(self, info: GraphInfo) -> list[Tension]:
        return await _nodes(info, "party_tensions", self.id)


@strawberry.type(description="A standing or case team (TAC, TAF, core group, MASH, YOT, board...).")
class Team(Node):
    name: str
    type: TeamType
    level: Level

    @classmethod
    def from_props(cls, p: Props) -> Team:
        return cls(
            id=strawberry.ID(p["id"]),
            name=p["name"],
            type=TeamType(p["type"]),
            level=Level(p["level"]),
        )

    @strawberry.field(description="Membership periods of this team, earliest first.")
    async def memberships(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Membership]:
        rows = await related(info, "team_memberships", self.id)
        return [
            Membership.from_row(row["rel"], Professional.from_props(row["node"]), self)
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(description="The team's members (on `activeOn`, or ever).")
    async def members(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Professional]:
        return _distinct(m.professional for m in await self.memberships(info, active_on))


@strawberry.type(description="A practitioner of one profession, employed by agencies over time.")
class Professional(Node):
    name: str
    profession: Profession

    @classmethod
    def from_props(cls, p: Props) -> Professional:
        return cls(
            id=strawberry.ID(p["id"]), name=p["name"], profession=Profession(p["profession"])
        )

    @strawberry.field(description="Employment periods, earliest first.")
    async def employments(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Employment]:
        rows = await related(info, "professional_employments", self.id)
        return [
            Employment.from_row(row["rel"], self, Agency.from_props(row["node"]))
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(
        description="The agency employing this professional on `on` (default: today); "
        "the latest-starting employment wins if several cover the date."
    )
    async def agency(self, info: GraphInfo, on: date | None = None) -> Agency | None:
        day = on or datetime.now(UTC).date()
        current = await self.employments(info, day)
        return current[-1].agency if current else None

    @strawberry.field(description="Team membership periods, earliest first.")
    async def memberships(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Membership]:
        rows = await related(info, "professional_memberships", self.id)
        return [
            Membership.from_row(row["rel"], self, Team.from_props(row["node"]))
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(description="The teams this professional was a member of.")
    async def teams(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Team]:
        return _distinct(m.team for m in await self.memberships(info, active_on))

    @strawberry.field(
        description="Allocations to families (INVOLVED_WITH: role, from, to), earliest first."
    )
    async def involvements(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Involvement]:
        rows = await related(info, "professional_involvements", self.id)
        return [
            Involvement.from_row(row["rel"], self, Family.from_props(row["node"]))
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(description="The families this professional was involved with.")
    async def families(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Family]:
        return _distinct(i.family for i in await self.involvements(info, active_on))

    @strawberry.field(description="Interactions this professional took part in, oldest first.")
    async def interactions(
        self,
        info: GraphInfo,
        first: Annotated[
            int | None, strawberry.argument(description=FIRST_HELP)
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
        kinds: list[InteractionKind] | None = None,
        at: DateTimeRange | None = None,
        latest_first: bool = False,
    ) -> Connection[Interaction]:
        return await _interactions(
            info, "professional_interactions", self.id, first, after, kinds, at, latest_first
        )

    @strawberry.field(description="Perspectives this professional holds, oldest first.")
    async def perspectives(self, info: GraphInfo) -> list[Perspective]:
        return await _nodes(info, "holder_perspectives", self.id)

    @strawberry.field(description="Tensions this professional is party to, oldest first.")
    async def tensions(self, info: GraphInfo) -> list[Tension]:
        return await _nodes(info, "party_tensions", self.id)


@strawberry.type(
    description="A family (pseudonymous reference) and the work around it. Reading its "
    "reference or any of its relationships is logged in the audit trail (`readFamily`)."
)
class Family(Node):
    stored_reference: strawberry.Private[str]

    @classmethod
    def from_props(cls, p: Props) -> Family:
        return cls(id=strawberry.ID(p["id"]), stored_reference=p["reference"])

    async def audited(self, info: GraphInfo, work: Awaitable[T]) -> T:
        """`work`'s answer once the read of this family is logged. The audit write (batched
        per request level) and the read run side by side; nothing is answered unlogged."""
        logged = audit_family_read(info, self.id)
        answer = await work
        await logged
        return answer

    @strawberry.field(description="The family's pseudonymous case reference.")
    async def reference(self, info: GraphInfo) -> str:
        await audit_family_read(info, self.id)
        return self.stored_reference

    @strawberry.field(description="Who belonged to the family and when, earliest first.")
    async def memberships(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[FamilyMembership]:
        rows = await self.audited(info, related(info, "family_memberships", self.id))
        return [
            FamilyMembership.from_row(row["rel"], Client.from_props(row["node"]), self)
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(description="The family's clients (children, young people, parents...).")
    async def clients(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Client]:
        return _distinct(m.client for m in await self.memberships(info, active_on))

    @strawberry.field(description="Episodes of work with the family, oldest first.")
    async def episodes(self, info: GraphInfo) -> list[Episode]:
        return await self.audited(info, _nodes(info, "family_episodes", self.id))

    @strawberry.field(
        description="Professionals allocated to the family (role, from, to), earliest first."
    )
    async def involvements(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
        roles: list[InvolvementRole] | None = None,
    ) -> list[Involvement]:
        rows = await self.audited(info, related(info, "family_involvements", self.id))
        wanted = None if roles is None else {r.value for r in roles}
        return [
            Involvement.from_row(row["rel"], Professional.from_props(row["node"]), self)
            for row in rows
            if period_covers(row["rel"], active_on)
            and (wanted is None or row["rel"].get("role") in wanted)
        ]

    @strawberry.field(description="The professionals involved with the family.")
    async def professionals(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Professional]:
        return _distinct(i.professional for i in await self.involvements(info, active_on))

    @strawberry.field(description="Interactions concerning the family, oldest first.")
    async def interactions(
        self,
        info: GraphInfo,
        first: Annotated[
            int | None, strawberry.argument(description=FIRST_HELP)
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
        kinds: list[InteractionKind] | None = None,
        at: DateTimeRange | None = None,
        latest_first: bool = False,
    ) -> Connection[Interaction]:
        page = _interactions(
            info, "family_interactions", self.id, first, after, kinds, at, latest_first
        )
        return await self.audited(info, page)

    @strawberry.field(description="Boundary objects concerning the family, oldest first.")
    async def boundary_objects(self, info: GraphInfo) -> list[BoundaryObject]:
        return await self.audited(info, _nodes(info, "family_boundary_objects", self.id))

    @strawberry.field(
        description="Perspectives on the family or on its boundary objects, oldest first."
    )
    async def perspectives(self, info: GraphInfo) -> list[Perspective]:
        return await self.audited(info, _nodes(info, "family_perspectives", self.id))

    @strawberry.field(
        description="Tensions about the family, its boundary objects or its interactions, "
        "oldest first."
    )
    async def tensions(self, info: GraphInfo) -> list[Tension]:
        return await self.audited(info, _nodes(info, "family_tensions", self.id))


@strawberry.type(
    description="A child, young person, parent or carer: a participant, not a subject."
)
class Client(Node):
    name: str
    role: ClientRole
    birth_year: int | None = strawberry.field(
        permission_classes=permission_classes("Client", "birthYear"),
        description=field_help("Client", "birthYear"),
    )

    @classmethod
    def from_props(cls, p: Props) -> Client:
        return cls(
            id=strawberry.ID(p["id"]),
            name=p["name"],
            role=ClientRole(p["role"]),
            birth_year=p.get("birthYear"),
        )

    @strawberry.field(description="The families this client belonged to and when.")
    async def memberships(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[FamilyMembership]:
        rows = await related(info, "client_memberships", self.id)
        return [
            FamilyMembership.from_row(row["rel"], self, Family.from_props(row["node"]))
            for row in rows
            if period_covers(row["rel"], active_on)
        ]

    @strawberry.field(description="The families this client belonged to.")
    async def families(
        self,
        info: GraphInfo,
        active_on: Annotated[date | None, strawberry.argument(description=ACTIVE_ON_HELP)] = None,
    ) -> list[Family]:
        return _distinct(m.family for m in await self.memberships(info, active_on))

    @strawberry.field(description="Interactions this client took part in, oldest first.")
    async def interactions(
        self,
        info: GraphInfo,
        first: Annotated[
            int | None, strawberry.argument(description=FIRST_HELP)
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
        kinds: list[InteractionKind] | None = None,
        at: DateTimeRange | None = None,
        latest_first: bool = False,
    ) -> Connection[Interaction]:
        return await _interactions(
            info, "client_interactions", self.id, first, after, kinds, at, latest_first
        )

    @strawberry.field(description="Perspectives this client holds, oldest first.")
    async def perspectives(self, info: GraphInfo) -> list[Perspective]:
        return await _nodes(info, "holder_perspectives", self.id)

    @strawberry.field(description="Tensions this client is party to, oldest first.")
    async def tensions(self, info: GraphInfo) -> list[Tension]:
        return await _nodes(info, "party_tensions", self.id)


@strawberry.type(description="A period of work with a family: early help, child in need, EHCP...")
class Episode(Node):
    kind: EpisodeKind
    opened_at: date
    closed_at: date | None
    referral_source: str | None
    closure_reason: str | None

    @classmethod
    def from_props(cls, p: Props) -> Episode:
        return cls(
            id=strawberry.ID(p["id"]),
            kind=EpisodeKind(p["kind"]),
            opened_at=_required_date(p.get("openedAt")),
            closed_at=to_date(p.get("closedAt")),
            referral_source=p.get("referralSource"),
            closure_reason=p.get("closureReason"),
        )

    @strawberry.field(description="true while the episode is not closed.")
    def open(self) -> bool:
        return self.closed_at is None

    @strawberry.field(description="The family the episode belongs to.")
    async def family(self, info: GraphInfo) -> Family | None:
        found: Family | None = await _first_node(info, "episode_family", self.id)
        return found

    @strawberry.field(description="Interactions that are part of the episode, oldest first.")
    async def interactions(
        self,
        info: GraphInfo,
        first: Annotated[
            int | None, strawberry.argument(description=FIRST_HELP)
        ] = DEFAULT_PAGE_SIZE,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
        kinds: list[InteractionKind] | None = None,
        at: DateTimeRange | None = None,
        latest_first: bool = False,
    ) -> Connection[Interaction]:
        return await _interactions(
            info, "episode_interactions", self.id, first, after, kinds, at, latest_first
        )


@strawberry.type(
    description="An event: a meeting, conference, home visit, referral, assessment, "
    "phone call, information share, a contribution to a plan..."
)
class Interaction(Node):
    kind: InteractionKind
    at: datetime
    ends_at: datetime | None
    level: Level

    @classmethod
    def from_props(cls, p: Props) -> Interaction:
        return cls(
            id=strawberry.ID(p["id"]),
            kind=InteractionKind(p["kind"]),
            at=_required_datetime(p.get("at")),
            ends_at=to_instant(p.get("endsAt")),
            level=Level(p.get("level") or Level.OPERATIONAL.value),
        )

    @strawberry.field(description="Who took part (professionals and clients) and in which role.")
    async def participants(self, info: GraphInfo) -> list[Participation]:
        rows = await related(info, "interaction_participants", self.id)
        return [
            Participation(
                role=ParticipationRole(row["rel"].get("role") or "ATTENDEE"),
                participant=build_node(row),
                interaction=self,
            )
            for row in rows
        ]

    @strawberry.field(description="Boundary objects this interaction worked on, and how.")
    async def boundary_objects(self, info: GraphInfo) -> list[Work]:
        rows = await related(info, "interaction_work", self.id)
        return [
            Work.from_row(row["rel"], self, BoundaryObject.from_props(row["node"])) for row in rows
        ]

    @strawberry.field(
        description="The family the interaction concerns (none for strategic events)."
    )
    async def family(self, info: GraphInfo) -> Family | None:
        found: Family | None = await _first_node(info, "interaction_family", self.id)
        return found

    @strawberry.field(description="The episode the interaction is part of, if any.")
    async def episode(self, info: GraphInfo) -> Episode | None:
        found: Episode | None = await _first_node(info, "interaction_episode", self.id)
        return found

    @strawberry.field(description="For a referral: the agencies the case was referred to.")
    async def referred_to(self, info: GraphInfo) -> list[Agency]:
        return await _nodes(info, "interaction_referred_to", self.id)

    @strawberry.field(description="Tensions about this interaction, oldest first.")
    async def tensions(self, info: GraphInfo) -> list[Tension]:
        return await _nodes(info, "subject_tensions", self.id)


@strawberry.type(
    description="A thing worked on at once by several professions: a plan, an assessment, "
    "a referral form, a chronology, a shared goal..."
)
class BoundaryObject(Node):
    kind: BoundaryObjectKind
    title: str | None = strawberry.field(
        permission_classes=permission_classes("BoundaryObject", "title"),
        description=field_help("BoundaryObject", "title"),
    )
    created_at: date

    @classmethod
    def from_props(cls, p: Props) -> BoundaryObject:
        return cls(
            id=strawberry.ID(p["id"]),
            kind=BoundaryObjectKind(p["kind"]),
            title=p["title"],
            created_at=_required_date(p.get("createdAt")),
        )

    @strawberry.field(description="The family the object concerns.")
    async def family(self, info: GraphInfo) -> Family | None:
        found: Family | None = await _first_node(info, "boundary_object_family", self.id)
        return found

    @strawberry.field(description="The interactions that worked on the object, oldest first.")
    async def worked_on_by(self, info: GraphInfo) -> list[Work]:
        rows = await related(info, "boundary_object_work", self.id)
        return [
            Work.from_row(row["rel"], Interaction.from_props(row["node"]), self) for row in rows
        ]

    @strawberry.field(description="Perspectives on this object, oldest first.")
    async def perspectives(self, info: GraphInfo) -> list[Perspective]:
        return await _nodes(info, "subject_perspectives", self.id)

    @strawberry.field(description="Tensions about this object, oldest first.")
    async def tensions(self, info: GraphInfo) -> list[Tension]:
        return await _nodes(info, "subject_tensions", self.id)


@strawberry.type(
    description="Someone's account of what the work is about (the object of activity)."
)
class Perspective(Node):
    statement: str | None = strawberry.field(
        permission_classes=permission_classes("Perspective", "statement"),
        description=field_help("Perspective", "statement"),
    )
    at: datetime

    @classmethod
    def from_props(cls, p: Props) -> Perspective:
        return cls(
            id=strawberry.ID(p["id"]),
            statement=p.get("statement"),
            at=_required_datetime(p.get("at")),
        )

    @strawberry.field(description="Who holds this perspective: a professional or a client.")
    async def holder(self, info: GraphInfo) -> Person | None:
        found: Professional | Client | None = await _first_node(info, "perspective_holder", self.id)
        return found

    @strawberry.field(description="What the perspective is on: a family or a boundary object.")
    async def on(self, info: GraphInfo) -> PerspectiveSubject | None:
        found: Family | BoundaryObject | None = await _first_node(info, "perspective_on", self.id)
        return found

    @strawberry.field(description="The earlier perspectives this one revises.")
    async def revises(self, info: GraphInfo) -> list[Perspective]:
        return await _nodes(info, "perspective_revises", self.id)

    @strawberry.field(description="The later perspectives that revise this one.")
    async def revised_by(self, info: GraphInfo) -> list[Perspective]:
        return await _nodes(info, "perspective_revised_by", self.id)


@strawberry.type(description="A disagreement, recorded rather than hidden; open until resolved.")
class Tension(Node):
    kind: TensionKind
    description: str | None = strawberry.field(
        permission_classes=permission_classes("Tension", "description"),
        description=field_help("Tension", "description"),
    )
    raised_at: datetime
    resolved_at: datetime | None
    resolution: str | None = strawberry.field(
        permission_classes=permission_classes("Tension", "resolution"),
        description=field_help("Tension", "resolution"),
    )

    @classmethod
    def from_props(cls, p: Props) -> Tension:
        return cls(
            id=strawberry.ID(p["id"]),
            kind=TensionKind(p["kind"]),
            description=p.get("description"),
            raised_at=_required_datetime(p.get("raisedAt")),
            resolved_at=to_instant(p.get("resolvedAt")),
            resolution=p.get("resolution"),
        )

    @strawberry.field(description="true while the tension is not resolved.")
    def open(self) -> bool:
        return self.resolved_at is None

    @strawberry.field(description="Who the tension is between: professionals, agencies, clients.")
    async def between(self, info: GraphInfo) -> list[TensionParty]:
        return await _nodes(info, "tension_between", self.id)

    @strawberry.field(description="What it is about: families, boundary objects, interactions.")
    async def about(self, info: GraphInfo) -> list[TensionSubject]:
        return await _nodes(info, "tension_about", self.id)


Person = Annotated[
    Professional | Client, strawberry.union("Person", description="A professional or a client.")
]
PerspectiveSubject = Annotated[
    Family | BoundaryObject,
    strawberry.union("PerspectiveSubject", description="What a perspective can be on."),
]
TensionParty = Annotated[
    Professional | Agency | Client,
    strawberry.union("TensionParty", description="Who a tension can be between."),
]
TensionSubject = Annotated[
    Family | BoundaryObject | Interaction,
    strawberry.union("TensionSubject", description="What a tension can be about."),
]


# -- relationships with properties -----------------------------------------------------


@strawberry.type(description="A professional employed by an agency from `from` to `to`.")
class Employment:
    from_: date = strawberry.field(name="from")
    to: date | None = strawberry.field(description="Empty while still employed.")
    role: str | None
    professional: Professional
    agency: Agency

    @classmethod
    def from_row(cls, rel: Props, professional: Professional, agency: Agency) -> Employment:
        return cls(
            from_=_required_date(rel.get("from")),
            to=to_date(rel.get("to")),
            role=rel.get("role"),
            professional=professional,
            agency=agency,
        )


@strawberry.type(description="A professional's membership of a team from `from` to `to`.")
class Membership:
    from_: date = strawberry.field(name="from")
    to: date | None = strawberry.field(description="Empty while still a member.")
    role: str | None
    professional: Professional
    team: Team

    @classmethod
    def from_row(cls, rel: Props, professional: Professional, team: Team) -> Membership:
        return cls(
            from_=_required_date(rel.get("from")),
            to=to_date(rel.get("to")),
            role=rel.get("role"),
            professional=professional,
            team=team,
        )


@strawberry.type(description="A client belonging to a family from `from` to `to`.")
class FamilyMembership:
    from_: date = strawberry.field(name="from")
    to: date | None = strawberry.field(description="Empty while still true.")
    relationship: str | None
    client: Client
    family: Family

    @classmethod
    def from_row(cls, rel: Props, client: Client, family: Family) -> FamilyMembership:
        return cls(
            from_=_required_date(rel.get("from")),
            to=to_date(rel.get("to")),
            relationship=rel.get("relationship"),
            client=client,
            family=family,
        )


@strawberry.type(
    description="A professional allocated to a family (lead professional, key worker...) "
    "from `from` to `to`."
)
class Involvement:
    from_: date = strawberry.field(name="from")
    to: date | None = strawberry.field(description="Empty while still involved.")
    role: InvolvementRole
    on_behalf_of_id: strawberry.ID | None
    professional: Professional
    family: Family

    @classmethod
    def from_row(cls, rel: Props, professional: Professional, family: Family) -> Involvement:
        behalf = rel.get("onBehalfOf")
        return cls(
            from_=_required_date(rel.get("from")),
            to=to_date(rel.get("to")),
            role=InvolvementRole(rel["role"]),
            on_behalf_of_id=None if behalf is None else strawberry.ID(behalf),
            professional=professional,
            family=family,
        )

    @strawberry.field(description="The entity (usually an agency) the professional acts for.")
    async def on_behalf_of(self, info: GraphInfo) -> Node | None:
        if self.on_behalf_of_id is None:
            return None
        (row,) = await nodes_by_id(info, [self.on_behalf_of_id])
        return None if row is None else build_node(row)


@strawberry.type(description="A person's part in an interaction.")
class Participation:
    role: ParticipationRole
    participant: Person
    interaction: Interaction


@strawberry.type(description="What an interaction did to a boundary object, and in which section.")
class Work:
    action: WorkAction
    section: str | None
    interaction: Interaction
    boundary_object: BoundaryObject

    @classmethod
    def from_row(cls, rel: Props, interaction: Interaction, boundary: BoundaryObject) -> Work:
        return cls(
            action=WorkAction(rel["action"]),
            section=rel.get("section"),
            interaction=interaction,
            boundary_object=boundary,
        )


# -- building nodes from rows ------------------------------------------------------------

BUILDERS: dict[str, Callable[[Props], Any]] = {
    "Agency": Agency.from_props,
    "Team": Team.from_props,
    "Professional": Professional.from_props,
    "Family": Family.from_props,
    "Client": Client.from_props,
    "Episode": Episode.from_props,
    "Interaction": Interaction.from_props,
    "BoundaryObject": BoundaryObject.from_props,
    "Perspective": Perspective.from_props,
    "Tension": Tension.from_props,
}
ENTITY_TYPES: tuple[type[Node], ...] = (
    Agency, Team, Professional, Family, Client, Episode,
    Interaction, BoundaryObject, Perspective, Tension,
)  # fmt: skip


def label_of(labels: Sequence[str]) -> str:
    """The model label among a node's labels (other labels, if any, are ignored)."""
    for label in labels:
        if label in BUILDERS:
            return label
    raise ValueError(f"no model label among {list(labels)}")


def build_node(row: Row) -> Any:
    """The GraphQL object of a row {labels, node} as the loaders answer it."""
    return BUILDERS[label_of(row["labels"])](row["node"])
