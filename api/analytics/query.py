"""`AnalyticsQuery`: the analyst's questions as root fields (DOMAIN.md 1, 2, 5, 11).

Each field is answered as `api.analytics.fields` says (an API key of ANALYST or above,
one function of kb.analytics, errors translated, a read of a family's data audited like
the entity graph's, `readFamily`); `answer` and `answer_audited` are named here too,
where resolvers have always found them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.analytics.fields import (
    OnLoop,
    analytics_field,
    answer,
    answer_audited,
    audited,
    audited_read,
)
from api.analytics.types import (
    BoundaryCrossingPaths,
    BoundaryObjectReport,
    CollaborationNetwork,
    ConfigurationTimeline,
    FamilyConfiguration,
    Jointness,
    Knot,
    SectorBrokerage,
)
from api.context import Context
from kb.analytics import network as net
from kb.analytics.brokerage import brokerage
from kb.analytics.configuration import configuration_read
from kb.analytics.jointness import jointness
from kb.analytics.knots import knots
from kb.analytics.objects import boundary_object_report
from kb.analytics.paths import PathQuery, PathResult, boundary_crossing_paths
from kb.analytics.timeline import timeline_read
from kb.analytics.vocabulary import EndpointKind, NetworkLevel

__all__ = ["AnalyticsQuery", "OnLoop", "answer", "answer_audited"]


def path_families(query: PathQuery, result: PathResult) -> list[str]:
    """The families a path answer shows: the endpoints that are families, every family a
    path passes through, and the families of its interactions and objects (a search that
    finds nothing still names its endpoints)."""
    ends = [
        end
        for end, kind in ((query.source, result.source_kind), (query.target, result.target_kind))
        if kind is EndpointKind.FAMILY
    ]
    passed = sorted(
        {node.id for path in result.paths for node in path.nodes if node.type == "Family"}
        | {f for path in result.paths for node in path.nodes for f in node.families}
    )
    return [*ends, *passed]


def asks_for(info: Info[Context, None], name: str) -> bool:
    """Whether the request selects `name` on this field's result (through fragments too)."""

    def inside(selections: list[Any]) -> bool:
        for selection in selections:
            if getattr(selection, "name", None) == name:
                return True
            if inside(list(getattr(selection, "selections", None) or [])):
                return True
        return False

    return any(inside(list(field.selections)) for field in info.selected_fields)


@strawberry.type
class AnalyticsQuery:
    @analytics_field(
        "Who was around a family at `at`: professionals with an allocation covering that day, "
        "plus those who took part in an interaction about the family from the start of the day "
        "`windowDays` days before, up to `at`; with agency, sector, role, lead professional, clients."
    )
    async def family_configuration(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID,
        at: datetime,
        window_days: int = 90,
    ) -> FamilyConfiguration:
        graph = asks_for(info, "graph")
        result = await audited_read(
            info,
            family_id,
            lambda: configuration_read(str(family_id), at, window_days, with_graph=graph),
        )
        return FamilyConfiguration.of(result)

    @analytics_field(
        "Every change of a family's configuration between `from` and `to` (by day; a day's "
        "configuration is familyConfiguration at the end of that day): joins, leaves, size, "
        "turnover (Jaccard distance), and figures for the period; `configurations`: each "
        "day's whole configuration, from the same read."
    )
    async def configuration_timeline(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
        window_days: int = 90,
    ) -> ConfigurationTimeline:
        days = asks_for(info, "configurations")
        result = await audited_read(
            info, family_id, lambda: timeline_read(str(family_id), from_, to, window_days, days)
        )
        return ConfigurationTimeline.of(result)

    @analytics_field(
        "Up to `limit` shortest paths of shared work between two professionals, two agencies, "
        "or a professional and a family, distinct by their nodes, by hops then ids; each hop "
        "passes through one interaction (between professionals, or to/from a boundary object "
        "it worked on). `timeRespecting`: event "
        "times never decrease. `after`/`before` limit the interactions used (`after` inclusive, "
        "`before` exclusive)."
    )
    async def boundary_crossing_paths(
        self,
        info: Info[Context, None],
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = 6,
        limit: int = 5,
        after: datetime | None = None,
        before: datetime | None = None,
        time_respecting: bool = False,
    ) -> BoundaryCrossingPaths:
        query = PathQuery(
            str(from_),
            str(to),
            max_hops,
            limit,
            after,
            before,
            time_respecting,
            count_shortest=asks_for(info, "shortestCount"),
        )
        # Either end may be a family (or an erased family's id): a failed search is an attempt.
        result = await audited(
            info,
            None,
            lambda db: boundary_crossing_paths(db, query),
            attempted=[str(from_), str(to)],
            touched=lambda result: path_families(query, result),
        )
        return BoundaryCrossingPaths.of(result)

    @analytics_field(
        "The weighted network of joint work (weight = shared interactions + shared boundary "
        "objects) between professionals, agencies or sectors; of one family's work, or of all "
        "work in the period (`after` inclusive, `before` exclusive)."
    )
    async def collaboration_network(
        self,
        info: Info[Context, None],
        level: NetworkLevel,
        family_id: strawberry.ID | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
    ) -> CollaborationNetwork:
        family = str(family_id) if family_id is not None else None
        result = await audited_read(
            info, family_id, lambda: net.network_read(level, family, after, before)
        )
        return CollaborationNetwork.of(result)

    @analytics_field(
        "Bursts of work about a family: interactions in time order, cut where the gap to the "
        "next is over `gapDays` days; members, sectors, lifespan and novelty (share of member "
        "pairs who had never taken part in an interaction together before)."
    )
    async def knots(
        self, info: Info[Context, None], family_id: strawberry.ID, gap_days: int = 7
    ) -> list[Knot]:
        result = await audited(info, family_id, lambda db: knots(db, str(family_id), gap_days))
        return [Knot.of(k) for k in result]

    @analytics_field(
        "Interagency, multiagency or single agency: the share of pairs of agencies involved "
        "with the family in the period that shared an interaction or boundary object (`after` "
        "inclusive, `before` exclusive, for interactions and for allocation days)."
    )
    async def jointness(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID,
        after: datetime | None = None,
        before: datetime | None = None,
    ) -> Jointness:
        result = await audited(
            info, family_id, lambda db: jointness(db, str(family_id), after, before)
        )
        return Jointness.of(result)

    @analytics_field(
        "Per boundary object about the family: the sectors and professions that worked on it, "
        "their shares and the Shannon entropy of the shares (most sectors first)."
    )
    async def boundary_object_report(
        self, info: Info[Context, None], family_id: strawberry.ID
    ) -> list[BoundaryObjectReport]:
        result = await audited(
            info, family_id, lambda db: boundary_object_report(db, str(family_id))
        )
        return [BoundaryObjectReport.of(r) for r in result]

    @analytics_field(
        "Who brokers between sectors: Gould-Fernandez counts (coordinator, itinerant, "
        "representative, gatekeeper, liaison) per professional, sector as the group; ties from "
        "referrals and information shares (directed) and joint participation (both ways); "
        "of one family's work or of all work in the period (`after` inclusive, `before` "
        "exclusive); top `limit` by total."
    )
    async def brokerage(
        self,
        info: Info[Context, None],
        family_id: strawberry.ID | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 20,
    ) -> list[SectorBrokerage]:
        family = str(family_id) if family_id is not None else None
        result = await audited(
            info, family_id, lambda db: brokerage(db, family, after, before, limit)
        )
        return [SectorBrokerage.of(b) for b in result]
