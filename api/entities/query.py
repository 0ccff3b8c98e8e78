"""The root fields of the entity graph: `node(id:)` and one Relay connection per label."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Protocol, TypeVar

import strawberry

from api.entities.filters import (
    AgencyFilter,
    AgencyOrder,
    BoundaryObjectFilter,
    BoundaryObjectOrder,
    ClientFilter,
    ClientOrder,
    EpisodeFilter,
    EpisodeOrder,
    FamilyFilter,
    FamilyOrder,
    InteractionFilter,
    InteractionOrder,
    Params,
    PerspectiveFilter,
    PerspectiveOrder,
    ProfessionalFilter,
    ProfessionalOrder,
    Required,
    TeamFilter,
    TeamOrder,
    TensionFilter,
    TensionOrder,
    sort,
)
from api.entities.loaders import GraphInfo, audit_family_read, nodes_by_id
from api.entities.pagination import DEFAULT_PAGE_SIZE, Connection, connection, scope_of, window
from api.entities.reads import read
from api.entities.types import (
    Agency,
    BoundaryObject,
    Client,
    Episode,
    Family,
    Interaction,
    Node,
    Perspective,
    Professional,
    Team,
    Tension,
    build_node,
    label_of,
)
from api.entities.values import Props
from api.errors import bad_input, not_found
from api.security.field_rules import refuse_unreadable

T = TypeVar("T")

FIRST_HELP = "Page size, 1 to 100 (default 20)."
AFTER_HELP = "A cursor from an earlier page (`pageInfo.endCursor`): start after it."

First = Annotated[int | None, strawberry.argument(description=FIRST_HELP)]
After = Annotated[str | None, strawberry.argument(description=AFTER_HELP)]


class _Filter(Protocol):
    def parameters(self) -> Params: ...
    def required(self) -> list[Required]: ...


class _Order(Protocol):
    @property
    def field(self) -> Any: ...
    @property
    def direction(self) -> Any: ...


async def check_required(info: GraphInfo, needed: Sequence[Required]) -> None:
    """NOT_FOUND for the first id a filter names that no entity of its label has."""
    if not needed:
        return
    rows = await nodes_by_id(info, [r.id for r in needed])
    for requirement, row in zip(needed, rows, strict=True):
        labels = requirement.label.split("|")
        if row is None or label_of(row["labels"]) not in labels:
            kind = " or ".join(label.lower() for label in labels)
            error = not_found(kind, requirement.id)
            error.extensions = {**(error.extensions or {}), "argument": requirement.argument}
            raise error


async def root_page(
    info: GraphInfo,
    name: str,
    label: str,
    build: Callable[[Props], T],
    first: int | None,
    after: str | None,
    filter_: _Filter,
    order: _Order,
) -> Connection[T]:
    """One page of `cypher/api/pages/<name>`: check the arguments, then one statement."""
    ordering = sort(order.field, order.direction)
    question = {**filter_.parameters(), **ordering.parameters()}
    # A role may filter and sort only by what it may read.
    tested = [
        (key.removesuffix("Contains"), f"filter.{key}")
        for key, value in question.items()
        if key.endswith("Contains") and value is not None
    ]
    refuse_unreadable(info.context.principal, label, [*tested, (ordering.key, "orderBy.field")])
    scope = scope_of(name, sorted(question.items()))
    at = window(first, after, info.context.db.settings.api_max_page_size, scope)
    params = {**question, "skip": at.skip, "limit": at.limit}
    needed = filter_.required()
    # Filtering by a family reads that family's data: log it like any other family read,
    # also when no family has the id (an attempt, say at an erased family).
    await asyncio.gather(*(audit_family_read(info, r.id) for r in needed if r.label == "Family"))
    await check_required(info, needed)
    (row,) = await read(info.context.async_db, f"api/pages/{name}", params)
    return connection([build(props) for props in row["page"]], row["total"], at)


@strawberry.type
class EntityQuery:
    @strawberry.field(
        description="Any entity by its id; null when no entity has it (Relay convention)."
    )
    async def node(self, info: GraphInfo, id: strawberry.ID) -> Node | None:
        (row,) = await nodes_by_id(info, [str(id)])
        found: Node | None = None if row is None else build_node(row)
        return found

    @strawberry.field(description="Entities by id, in the order asked; null where none has it.")
    async def nodes(self, info: GraphInfo, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > 100:
            raise bad_input(f"`ids` lists {len(ids)} ids; at most 100 are allowed", argument="ids")
        rows = await nodes_by_id(info, [str(i) for i in ids])
        return [None if row is None else build_node(row) for row in rows]

    @strawberry.field(description="Agencies, by name unless `orderBy` says otherwise.")
    async def agencies(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: AgencyFilter | None = None,
        order_by: AgencyOrder | None = None,
    ) -> Connection[Agency] | None:
        return await root_page(
            info, "agencies", "Agency", Agency.from_props, first, after,
            filter or AgencyFilter(), order_by or AgencyOrder(),
        )  # fmt: skip

    @strawberry.field(description="Teams, by name unless `orderBy` says otherwise.")
    async def teams(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: TeamFilter | None = None,
        order_by: TeamOrder | None = None,
    ) -> Connection[Team] | None:
        return await root_page(
            info, "teams", "Team", Team.from_props, first, after,
            filter or TeamFilter(), order_by or TeamOrder(),
        )  # fmt: skip

    @strawberry.field(description="Professionals, by name unless `orderBy` says otherwise.")
    async def professionals(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: ProfessionalFilter | None = None,
        order_by: ProfessionalOrder | None = None,
    ) -> Connection[Professional] | None:
        return await root_page(
            info, "professionals", "Professional", Professional.from_props, first, after,
            filter or ProfessionalFilter(), order_by or ProfessionalOrder(),
        )  # fmt: skip

    @strawberry.field(description="Families, by reference unless `orderBy` says otherwise.")
    async def families(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: FamilyFilter | None = None,
        order_by: FamilyOrder | None = None,
    ) -> Connection[Family] | None:
        return await root_page(
            info, "families", "Family", Family.from_props, first, after,
            filter or FamilyFilter(), order_by or FamilyOrder(),
        )  # fmt: skip

    @strawberry.field(description="Clients, by name unless `orderBy` says otherwise.")
    async def clients(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: ClientFilter | None = None,
        order_by: ClientOrder | None = None,
    ) -> Connection[Client] | None:
        return await root_page(
            info, "clients", "Client", Client.from_props, first, after,
            filter or ClientFilter(), order_by or ClientOrder(),
        )  # fmt: skip

    @strawberry.field(description="Episodes, oldest first unless `orderBy` says otherwise.")
    async def episodes(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: EpisodeFilter | None = None,
        order_by: EpisodeOrder | None = None,
    ) -> Connection[Episode] | None:
        return await root_page(
            info, "episodes", "Episode", Episode.from_props, first, after,
            filter or EpisodeFilter(), order_by or EpisodeOrder(),
        )  # fmt: skip

    @strawberry.field(description="Interactions, oldest first unless `orderBy` says otherwise.")
    async def interactions(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: InteractionFilter | None = None,
        order_by: InteractionOrder | None = None,
    ) -> Connection[Interaction] | None:
        chosen = filter or InteractionFilter()
        # With a family, episode or participant named, start from it rather than scanning.
        anchored = any(
            v is not None for v in (chosen.family_id, chosen.episode_id, chosen.participant_id)
        )
        return await root_page(
            info, "interactions_anchored" if anchored else "interactions", "Interaction",
            Interaction.from_props, first, after, chosen, order_by or InteractionOrder(),
        )  # fmt: skip

    @strawberry.field(description="Boundary objects, oldest first unless `orderBy` says otherwise.")
    async def boundary_objects(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: BoundaryObjectFilter | None = None,
        order_by: BoundaryObjectOrder | None = None,
    ) -> Connection[BoundaryObject] | None:
        return await root_page(
            info, "boundary_objects", "BoundaryObject", BoundaryObject.from_props, first, after,
            filter or BoundaryObjectFilter(), order_by or BoundaryObjectOrder(),
        )  # fmt: skip

    @strawberry.field(description="Perspectives, oldest first unless `orderBy` says otherwise.")
    async def perspectives(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: PerspectiveFilter | None = None,
        order_by: PerspectiveOrder | None = None,
    ) -> Connection[Perspective] | None:
        return await root_page(
            info, "perspectives", "Perspective", Perspective.from_props, first, after,
            filter or PerspectiveFilter(), order_by or PerspectiveOrder(),
        )  # fmt: skip

    @strawberry.field(description="Tensions, oldest first unless `orderBy` says otherwise.")
    async def tensions(
        self,
        info: GraphInfo,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        filter: TensionFilter | None = None,
        order_by: TensionOrder | None = None,
    ) -> Connection[Tension] | None:
        return await root_page(
            info, "tensions", "Tension", Tension.from_props, first, after,
            filter or TensionFilter(), order_by or TensionOrder(),
        )  # fmt: skip
