"""How professionals, agencies and families reach each other across boundaries
(DOMAIN question 5).

A path runs through shared work. Each hop passes through one interaction:
between two professionals who took part in it, or between a professional and
a boundary object the interaction worked on; so professional - interaction -
object - interaction - professional is two hops. An agency endpoint is any
professional employed there on the day of the path's first (or last)
interaction; a family endpoint is reached through an interaction or an object
that concerns it.

A *crossing* is a step from one professional to the next on the path (through
an interaction, or through an object between two interactions) where their
agencies' sectors differ at the time: the first professional's sector on the
day of the interaction they took part in, the second's on the day of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from neo4j.exceptions import Neo4jError

from kb.analytics.errors import InvalidArgument, SearchTooBroad, UnknownEntity
from kb.analytics.graph import GraphView, edge_from_relationship, node_from_entity
from kb.analytics.path_statements import MAX_HOPS, MAX_PATHS, statement_name
from kb.analytics.period import Period
from kb.analytics.refs import EmploymentPeriod, agency_on, employments_of
from kb.storage.database import Database
from kb.storage.failures import Failure, failure_of
from kb.storage.values import to_instant

# A safety valve: a time-respecting search with few answers on a dense graph
# can enumerate many paths; past this the API answers LIMIT_EXCEEDED.
PATH_SEARCH_SECONDS = 15.0


class EndpointKind(StrEnum):
    PROFESSIONAL = "Professional"
    AGENCY = "Agency"
    FAMILY = "Family"


@dataclass(frozen=True)
class PathQuery:
    """A validated request for paths."""

    source: str
    target: str
    max_hops: int = 6
    limit: int = 5
    after: datetime | None = None
    before: datetime | None = None
    time_respecting: bool = False


@dataclass(frozen=True)
class PathNode:
    id: str
    type: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class PathEdge:
    type: str
    source: str
    target: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class Crossing:
    """A step between two professionals of different sectors."""

    from_professional: str
    to_professional: str
    from_sector: str
    to_sector: str
    through_id: str
    through_type: str  # "Interaction" or "BoundaryObject"
    at: datetime
    interaction_ids: tuple[str, ...]


@dataclass(frozen=True)
class CrossingPath:
    hops: int
    nodes: tuple[PathNode, ...]
    edges: tuple[PathEdge, ...]
    crossings: tuple[Crossing, ...]
    started_at: datetime | None
    ended_at: datetime | None
    graph: GraphView = field(compare=False)

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)


@dataclass(frozen=True)
class PathResult:
    source_kind: EndpointKind
    target_kind: EndpointKind
    paths: tuple[CrossingPath, ...]
    graph: GraphView = field(compare=False)


def check_path_query(query: PathQuery) -> PathQuery:
    """Range and consistency checks; instants normalised to UTC."""
    if not 1 <= query.max_hops <= MAX_HOPS:
        raise InvalidArgument(
            "maxHops", f"maxHops must be between 1 and {MAX_HOPS}, got {query.max_hops}"
        )
    if not 1 <= query.limit <= MAX_PATHS:
        raise InvalidArgument(
            "limit", f"limit must be between 1 and {MAX_PATHS}, got {query.limit}"
        )
    period = Period.of(query.after, query.before)
    if query.source == query.target:
        raise InvalidArgument("to", "from and to name the same entity")
    return PathQuery(
        query.source,
        query.target,
        query.max_hops,
        query.limit,
        period.after,
        period.before,
        query.time_respecting,
    )


def boundary_crossing_paths(db: Database, query: PathQuery) -> PathResult:
    """Up to `limit` shortest paths between the two endpoints, in at most three
    reads (what the ids name, whether they are joined at all within `maxHops`,
    then the paths), whatever the number of paths."""
    query = check_path_query(query)
    source_kind, target_kind = _endpoint_kinds(db, query.source, query.target)
    if (source_kind, target_kind) not in _STATEMENT_KIND:
        raise InvalidArgument(
            "to",
            "paths run between two professionals, two agencies, or a professional and a family; "
            f"got {source_kind.value.lower()} and {target_kind.value.lower()}",
        )
    # A family-to-professional question is asked from the professional and the
    # paths read backwards, so time runs the other way along them.
    reverse = source_kind is EndpointKind.FAMILY
    kind = _STATEMENT_KIND[(source_kind, target_kind)]
    params: dict[str, Any] = {
        "from": query.target if reverse else query.source,
        "to": query.source if reverse else query.target,
        "limit": query.limit,
        **Period(query.after, query.before).parameters(),
        "timeRespecting": query.time_respecting,
        "timeOrder": (-1 if reverse else 1) if query.time_respecting else 0,
    }
    if not _reachable(db, kind, query.max_hops, params):
        return PathResult(source_kind, target_kind, (), GraphView())
    rows = _search(db, statement_name(kind, query.max_hops), params)
    paths = [read_path(row, reverse=reverse) for row in rows]
    paths.sort(key=lambda p: (p.hops, len(p.nodes), p.node_ids))
    paths = paths[: query.limit]
    graph = GraphView()
    for path in paths:
        graph.merge(path.graph)
    return PathResult(source_kind, target_kind, tuple(paths), graph)


# Relationships on the longest path the search may return, per hop allowed:
# 2 per hop, plus the two EMPLOYED_BY of an agency path or the CONCERNS that
# reaches a family.
_REACH_EXTRA = {"professionals": 0, "agencies": 2, "professional_family": 1}


def _reachable(db: Database, kind: str, max_hops: int, params: dict[str, Any]) -> bool:
    """False when no path within `max_hops` can exist. A classic `shortestPath`
    (bidirectional breadth-first search over a relaxation of the path pattern)
    settles that in one cheap read, where the `SHORTEST k` search would walk the
    whole `max_hops` neighbourhood before answering nothing."""
    reach = {k: params[k] for k in ("from", "to", "after", "before")}
    rows = _search(db, f"analytics/path_reach_{kind}", reach)
    length = rows[0]["length"] if rows else None
    return length is not None and length <= 2 * max_hops + _REACH_EXTRA[kind]


def _search(db: Database, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """One bounded read; a search past the time limit is the caller's to narrow."""
    try:
        db.note_sent()  # counted on the caller's database: one more round trip
        return _bounded(db).read(name, params)
    except Neo4jError as error:
        if failure_of(error) is Failure.TIMEOUT:
            raise SearchTooBroad(
                f"the path search took longer than {PATH_SEARCH_SECONDS:g} s; "
                "lower maxHops or narrow the period with after/before"
            ) from None
        raise


_STATEMENT_KIND = {
    (EndpointKind.PROFESSIONAL, EndpointKind.PROFESSIONAL): "professionals",
    (EndpointKind.AGENCY, EndpointKind.AGENCY): "agencies",
    (EndpointKind.PROFESSIONAL, EndpointKind.FAMILY): "professional_family",
    (EndpointKind.FAMILY, EndpointKind.PROFESSIONAL): "professional_family",
}


def _bounded(db: Database) -> Database:
    """The same driver with a shorter server-side timeout for the path search."""
    settings = db.settings.model_copy(
        update={"neo4j_query_timeout": min(PATH_SEARCH_SECONDS, db.settings.neo4j_query_timeout)}
    )
    return Database(settings, driver=db.driver)


_KINDS = {k.value for k in EndpointKind}


def _endpoint_kinds(db: Database, source: str, target: str) -> tuple[EndpointKind, EndpointKind]:
    rows = db.read("analytics/endpoint_labels", {"ids": [source, target]})
    labels = {row["id"]: row["labels"] for row in rows}
    kinds = []
    for argument, entity_id in (("from", source), ("to", target)):
        found = [EndpointKind(label) for label in labels.get(entity_id, []) if label in _KINDS]
        if not found:
            raise UnknownEntity(f"professional, agency or family ({argument})", entity_id)
        kinds.append(found[0])
    return kinds[0], kinds[1]


def read_path(row: dict[str, Any], *, reverse: bool = False) -> CrossingPath:
    """A path row of the statements as a record with its crossings and drawing."""
    nodes = [PathNode(n["id"], n["label"], n["properties"]) for n in row["nodes"]]
    edges = [
        PathEdge(r["type"], r["source"], r["target"], r["properties"]) for r in row["relationships"]
    ]
    if reverse:
        nodes.reverse()
        edges.reverse()
    jobs: dict[str, list[dict[str, Any]]] = {}
    for job in row["employments"]:
        jobs.setdefault(job["professional"], []).append(job)
    employment = {pid: employments_of(rows) for pid, rows in jobs.items()}
    times = [to_instant(n.properties["at"]) for n in nodes if n.type == "Interaction"]
    graph = GraphView()
    for node in nodes:
        graph.add_node(node_from_entity(node.id, node.type, node.properties))
    for edge in edges:
        graph.add_edge(edge_from_relationship(edge.type, edge.source, edge.target, edge.properties))
    return CrossingPath(
        hops=int(row["hops"]),
        nodes=tuple(nodes),
        edges=tuple(edges),
        crossings=tuple(crossings_along(nodes, employment)),
        started_at=min((t for t in times if t), default=None),
        ended_at=max((t for t in times if t), default=None),
        graph=graph,
    )


def crossings_along(
    nodes: list[PathNode], employment: dict[str, list[EmploymentPeriod]]
) -> list[Crossing]:
    """The sector boundaries crossed between consecutive professionals of a path."""
    found = []
    last_person: str | None = None
    between: list[PathNode] = []
    for node in nodes:
        if node.type != "Professional":
            if last_person is not None:
                between.append(node)
            continue
        if last_person is not None and between:
            crossing = _crossing(last_person, node.id, between, employment)
            if crossing is not None:
                found.append(crossing)
        last_person, between = node.id, []
    return found


def _crossing(
    left: str, right: str, between: list[PathNode], employment: dict[str, list[EmploymentPeriod]]
) -> Crossing | None:
    events = [n for n in between if n.type == "Interaction"]
    if not events:
        return None
    first_at = to_instant(events[0].properties["at"])
    last_at = to_instant(events[-1].properties["at"])
    assert first_at is not None and last_at is not None
    left_agency = agency_on(employment.get(left, []), first_at.date())
    right_agency = agency_on(employment.get(right, []), last_at.date())
    if left_agency is None or right_agency is None or left_agency.sector == right_agency.sector:
        return None
    objects = [n for n in between if n.type == "BoundaryObject"]
    through = objects[0] if objects else events[0]
    return Crossing(
        from_professional=left,
        to_professional=right,
        from_sector=left_agency.sector,
        to_sector=right_agency.sector,
        through_id=through.id,
        through_type=through.type,
        at=max(first_at, last_at),
        interaction_ids=tuple(n.id for n in events),
    )
