"""Per-request DataLoaders: one Cypher statement per relationship field per level.

A resolver asks for one parent's rows; the loader gathers every parent asked for in the
same tick of the event loop and sends their ids together (`UNWIND $ids`). Loaders live in
`Context.loaders`, so batching and caching last exactly one request.

Statement names come from the fixed sets below, never from a request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from strawberry.dataloader import DataLoader
from strawberry.types import Info

from api.context import Context
from api.entities.pagination import Window
from api.entities.reads import read
from api.security.audit import record_audit_async
from kb.storage.database import AsyncDatabase
from kb.storage.database import Row as Row

RelatedName = Literal[
    "agency_employments",
    "professional_employments",
    "team_memberships",
    "professional_memberships",
    "family_memberships",
    "client_memberships",
    "family_involvements",
    "professional_involvements",
    "family_episodes",
    "episode_family",
    "interaction_participants",
    "interaction_work",
    "boundary_object_work",
    "interaction_family",
    "interaction_episode",
    "interaction_referred_to",
    "family_boundary_objects",
    "boundary_object_family",
    "family_perspectives",
    "family_tensions",
    "perspective_holder",
    "holder_perspectives",
    "perspective_on",
    "subject_perspectives",
    "perspective_revises",
    "perspective_revised_by",
    "tension_between",
    "party_tensions",
    "tension_about",
    "subject_tensions",
]
NestedName = Literal[
    "family_interactions",
    "professional_interactions",
    "client_interactions",
    "episode_interactions",
    "agency_referrals",
]

GraphInfo = Info[Context, None]


@dataclass(frozen=True)
class InteractionPage:
    """A nested interactions page request; hashable, so it can be part of a loader key."""

    window: Window
    kinds: tuple[str, ...] | None = None
    at_after: datetime | None = None
    at_before: datetime | None = None
    descending: bool = False

    def parameters(self) -> dict[str, Any]:
        return {
            "kinds": list(self.kinds) if self.kinds is not None else None,
            "atAfter": self.at_after,
            "atBefore": self.at_before,
            "descending": self.descending,
            "skip": self.window.skip,
            "limit": self.window.limit,
        }


@dataclass(frozen=True)
class NestedPage:
    total: int
    rows: list[Row]


def _loader(info: GraphInfo, key: str, make: Callable[[AsyncDatabase], DataLoader[Any, Any]]) -> Any:
    loaders = info.context.loaders
    if key not in loaders:
        loaders[key] = make(info.context.async_db)
    return loaders[key]


def _grouped(rows: list[Row], keys: Sequence[str]) -> list[list[Row]]:
    by_key: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_key[row["key"]].append(row)
    return [by_key.get(key, []) for key in keys]


def related(info: GraphInfo, name: RelatedName, parent_id: str) -> Awaitable[list[Row]]:
    """The rows of `cypher/api/related/<name>` for one parent, batched with its siblings."""

    def make(db: AsyncDatabase) -> DataLoader[str, list[Row]]:
        async def load(ids: list[str]) -> list[list[Row]]:
            return _grouped(await read(db, f"api/related/{name}", {"ids": list(ids)}), ids)

        return DataLoader(load_fn=load)

    loader: DataLoader[str, list[Row]] = _loader(info, f"entities:related:{name}", make)
    return loader.load(parent_id)


def nodes_by_id(info: GraphInfo, ids: Sequence[str]) -> Awaitable[list[Row | None]]:
    """The stored rows (labels, node) of these ids, None where no entity has the id."""

    def make(db: AsyncDatabase) -> DataLoader[str, Row | None]:
        async def load(keys: list[str]) -> list[Row | None]:
            found = {row["key"]: row for row in await read(db, "api/node_by_ids", {"ids": keys})}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    loader: DataLoader[str, Row | None] = _loader(info, "entities:nodes", make)
    return loader.load_many(list(ids))


def nested_interactions(
    info: GraphInfo, name: NestedName, parent_id: str, page: InteractionPage
) -> Awaitable[NestedPage]:
    """One parent's page of interactions; parents asking for the same page share a statement."""

    def make(db: AsyncDatabase) -> DataLoader[tuple[str, InteractionPage], NestedPage]:
        async def load(keys: list[tuple[str, InteractionPage]]) -> list[NestedPage]:
            by_page: dict[InteractionPage, list[str]] = defaultdict(list)
            for key, requested in keys:
                by_page[requested].append(key)
            answers: dict[Hashable, NestedPage] = {}
            for requested, ids in by_page.items():
                params = {"ids": ids, **requested.parameters()}
                for row in await read(db, f"api/nested/{name}", params):
                    answers[(row["key"], requested)] = NestedPage(row["total"], row["page"])
            return [answers.get(key, NestedPage(0, [])) for key in keys]

        return DataLoader(load_fn=load)

    loader: DataLoader[tuple[str, InteractionPage], NestedPage] = _loader(
        info, f"entities:nested:{name}", make
    )
    return loader.load((parent_id, page))


def audit_family_read(info: GraphInfo, family_id: str) -> Awaitable[None]:
    """Log that this request read a family's data: one audit event per batch of families
    (so per level of the request, not per family), each family once per request."""

    def make(_: AsyncDatabase) -> DataLoader[str, None]:
        context = info.context

        async def load(ids: list[str]) -> list[None]:
            await record_audit_async(context, "readFamily", ids)
            return [None] * len(ids)

        return DataLoader(load_fn=load)

    loader: DataLoader[str, None] = _loader(info, "entities:audit:family", make)
    return loader.load(family_id)
