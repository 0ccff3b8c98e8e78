"""The stewards' mutations (STEWARD or ADMIN): upsert and delete entities and relationships
by the model's labels and types, and record an interaction with everything around it."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.errors import bad_input
from api.mutations import writes
from api.security.audit import require_principal
from api.security.permissions import IsSteward
from kb.security.roles import Principal
from kb.storage.database import Database

_NodeLabel: Any = Enum("NodeLabel", {label: label for label in writes.NODE_BY_LABEL})  # type: ignore[misc]
_RelationshipType: Any = Enum("RelationshipType", {t: t for t in writes.RELATIONSHIP_BY_TYPE})  # type: ignore[misc]
NodeLabel: Any = strawberry.enum(_NodeLabel, description="A label of the knowledge model.")
RelationshipType: Any = strawberry.enum(
    _RelationshipType, description="A relationship type of the knowledge model."
)
# More than this many parts in one recordInteraction is refused (a meeting, not a load).
MAX_PARTS = 200


@strawberry.type(description="What a write did, and the audit event that records it.")
class WriteResult:
    audit_event_id: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    relationships_deleted: int = 0


@strawberry.input(description="A professional or client taking part, with their role.")
class ParticipantInput:
    id: strawberry.ID
    role: str = "ATTENDEE"


@strawberry.input(description="A boundary object the interaction worked on, and how.")
class WorkInput:
    boundary_object_id: strawberry.ID
    action: str
    section: str | None = None


@strawberry.input(description="An interaction with its participants and what it touched.")
class RecordInteractionInput:
    interaction: JSON = strawberry.field(
        description="The interaction's properties: id, kind, at, endsAt, level."
    )
    participants: list[ParticipantInput]
    new_boundary_objects: list[JSON] = strawberry.field(
        default_factory=list,
        description="Boundary objects to create with it (id, kind, title, createdAt).",
    )
    worked_on: list[WorkInput] = strawberry.field(default_factory=list)
    family_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The families it concerns (CONCERNS)."
    )
    episode_id: strawberry.ID | None = None
    referred_to: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Agencies it referred to (REFERRED_TO)."
    )


def _result(outcome: writes.WriteOutcome) -> WriteResult:
    o = outcome.outcomes
    return WriteResult(
        audit_event_id=outcome.audit_event_id,
        created=o.get("created", 0),
        updated=o.get("updated", 0),
        unchanged=o.get("unchanged", 0),
        deleted=o.get("deleted", 0),
        relationships_deleted=o.get("relationshipsDeleted", 0),
    )


async def _written(
    info: Info[Context, None], work: Callable[..., writes.WriteOutcome], *arguments: Any
) -> WriteResult:
    """Run one write, `work(db, principal, *arguments)`, off the event loop."""
    context = info.context
    outcome = await run_in_threadpool(work, context.db, require_principal(context), *arguments)
    return _result(outcome)


def _record_interaction(
    db: Database, principal: Principal, data: RecordInteractionInput
) -> writes.WriteOutcome:
    parts = (
        len(data.participants) + len(data.new_boundary_objects) + len(data.worked_on)
        + len(data.family_ids) + len(data.referred_to)
    )  # fmt: skip
    if parts > MAX_PARTS:
        raise bad_input(f"at most {MAX_PARTS} participants, objects and links in one call")
    interaction = writes.node_write(db, "Interaction", data.interaction, "interaction")
    interaction_id = interaction.record.id
    objects = [
        writes.node_write(db, "BoundaryObject", values, f"newBoundaryObjects[{i}]")
        for i, values in enumerate(data.new_boundary_objects)
    ]
    pending = {interaction_id: "Interaction", **{o.record.id: "BoundaryObject" for o in objects}}
    if len(pending) != 1 + len(objects):
        raise bad_input("the interaction and the new boundary objects need distinct ids")

    def rel(type_: str, values: dict[str, Any], argument: str) -> writes.RelationshipWrite:
        return writes.relationship_write(db, type_, values, argument, pending)

    links = [
        *(
            rel("PARTICIPATED_IN", {"source": str(p.id), "target": interaction_id, "role": p.role},
                f"participants[{i}]")
            for i, p in enumerate(data.participants)
        ),
        *(
            rel("WORKED_ON", {"source": interaction_id, "target": str(w.boundary_object_id),
                              "action": w.action, "section": w.section}, f"workedOn[{i}]")
            for i, w in enumerate(data.worked_on)
        ),
        *(
            rel("CONCERNS", {"source": interaction_id, "target": str(f)}, f"familyIds[{i}]")
            for i, f in enumerate(data.family_ids)
        ),
        *(
            rel("REFERRED_TO", {"source": interaction_id, "target": str(a)}, f"referredTo[{i}]")
            for i, a in enumerate(data.referred_to)
        ),
    ]  # fmt: skip
    if data.episode_id is not None:
        links.append(
            rel("PART_OF", {"source": interaction_id, "target": str(data.episode_id)}, "episodeId")
        )
    ids = [interaction_id, *(o.record.id for o in objects)]
    ids += [link.record.target_id for link in links] + [
        link.record.source_id for link in links if link.rel.type == "PARTICIPATED_IN"
    ]
    return writes.write(db, principal, "recordInteraction", [interaction, *objects, *links], ids)


@strawberry.type
class StewardMutation:
    @strawberry.mutation(
        permission_classes=[IsSteward],
        description="Create or replace an entity by id (idempotent): `properties` are the "
        "model's, by their camelCase names, and are validated (STEWARD).",
    )
    async def upsert_node(
        self,
        info: Info[Context, None],
        label: NodeLabel,
        properties: JSON,
    ) -> WriteResult:
        return await _written(info, writes.upsert_node, str(label.value), properties)

    @strawberry.mutation(
        permission_classes=[IsSteward],
        description="Delete an entity and its relationships (STEWARD); not a family: a family "
        "is removed by eraseFamily (ADMIN), with everything identifying it.",
    )
    async def delete_node(
        self,
        info: Info[Context, None],
        label: NodeLabel,
        id: strawberry.ID,
    ) -> WriteResult:
        label_name = str(label.value)
        if label_name == "Family":
            # A family delete leaves its clients, episodes, interactions and objects behind
            # and keeps nothing from loading it again: erasure removes all of it for good.
            raise bad_input(
                "a family is removed by erasure only: eraseFamily (ADMIN) removes it with "
                "everything that identifies it and keeps it from being loaded again",
                argument="label",
            )
        if not str(id) or len(str(id)) > 128:
            raise bad_input("id must be 1 to 128 characters", argument="id")
        return await _written(info, writes.delete_node, label_name, str(id))

    @strawberry.mutation(
        permission_classes=[IsSteward],
        description="Create or update a relationship (idempotent on its endpoints and key): "
        "`properties` hold source, target and the type's properties (STEWARD).",
    )
    async def upsert_relationship(
        self,
        info: Info[Context, None],
        type: RelationshipType,
        properties: JSON,
    ) -> WriteResult:
        return await _written(info, writes.upsert_relationship, str(type.value), properties)

    @strawberry.mutation(
        permission_classes=[IsSteward],
        description="Delete the relationship with these endpoints and key (STEWARD).",
    )
    async def delete_relationship(
        self,
        info: Info[Context, None],
        type: RelationshipType,
        properties: JSON,
    ) -> WriteResult:
        return await _written(info, writes.delete_relationship, str(type.value), properties)

    @strawberry.mutation(
        permission_classes=[IsSteward],
        description="Record an interaction with its participants, the boundary objects it "
        "worked on (new or existing), the families it concerns, its episode and referrals: "
        "one call, one transaction, idempotent by id (STEWARD).",
    )
    async def record_interaction(
        self, info: Info[Context, None], input: RecordInteractionInput
    ) -> WriteResult:
        return await _written(info, _record_interaction, input)
