"""How professionals, agencies and families reach each other across boundaries
(DOMAIN question 5).

A path runs through shared work. Each hop passes through one interaction:
between two professionals who took part in it, or between a professional and
a boundary object the interaction worked on; so professional - interaction -
object - interaction - professional is two hops. An agency endpoint is any
professional employed there on the day of the path's first (or last)
interaction; a family endpoint is reached through an interaction or an object
that concerns it. Paths are simple and distinct by their nodes; the search
itself is kb.analytics.path_search.

A *crossing* is a step from one professional to the next on the path (through
an interaction, or through an object between two interactions) where their
agencies' sectors differ at the time: the first professional's sector on the
day of the interaction they took part in, the second's on the day of theirs.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from neo4j.exceptions import Neo4jError

from kb.analytics.errors import InvalidArgument, SearchTooBroad, UnknownEntity, check_range
from kb.analytics.graph import GraphView, edge_from_relationship, node_from_entity
from kb.analytics.path_graph import Neo4jHops
from kb.analytics.path_search import COUNT_CAP, SearchOutcome, search
from kb.analytics.period import Period
from kb.analytics.refs import EmploymentPeriod, agency_on, employments_of
from kb.analytics.vocabulary import EndpointKind
from kb.storage.database import Database, Row
from kb.storage.failures import Failure, failure_of
from kb.storage.values import to_date, to_instant
from neo4j import ManagedTransaction

MAX_HOPS = 10
MAX_PATHS = 50
# The documented stop: a search still running after this long answers LIMIT_EXCEEDED.
PATH_SEARCH_SECONDS = 15.0

T = TypeVar("T")

__all__ = ["COUNT_CAP", "EndpointKind", "PathQuery", "PathResult", "boundary_crossing_paths"]


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
    count_shortest: bool = False  # also count every path of the shortest length


@dataclass(frozen=True)
class PathNode:
    id: str
    type: str
    properties: dict[str, Any]
    # The families an interaction or object on the path belongs to (for the audit).
    families: tuple[str, ...] = ()


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
    shortest_hops: int | None = None  # hops of the shortest path; None when there is none
    shortest_count: int | None = None  # paths of that length (up to COUNT_CAP), when asked


def check_path_query(query: PathQuery) -> PathQuery:
    """Range and consistency checks; instants normalised to UTC."""
    check_range("maxHops", query.max_hops, 1, MAX_HOPS)
    check_range("limit", query.limit, 1, MAX_PATHS)
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
        query.count_shortest,
    )


_ALLOWED = {
    (EndpointKind.PROFESSIONAL, EndpointKind.PROFESSIONAL),
    (EndpointKind.AGENCY, EndpointKind.AGENCY),
    (EndpointKind.PROFESSIONAL, EndpointKind.FAMILY),
    (EndpointKind.FAMILY, EndpointKind.PROFESSIONAL),
}


def boundary_crossing_paths(db: Database, query: PathQuery) -> PathResult:
    """Up to `limit` shortest paths between the two endpoints, distinct by their nodes.

    One read for what the ids name, then one read transaction for the search (a few
    round trips: at most one per breadth-first layer and per batch of nodes whose
    steps the depth-first search needs; see kb.analytics.path_search) and the chosen
    paths' details.
    """
    query = check_path_query(query)
    source_kind, target_kind = _endpoint_kinds(db, query.source, query.target)
    if (source_kind, target_kind) not in _ALLOWED:
        raise InvalidArgument(
            "to",
            "paths run between two professionals, two agencies, or a professional and a family; "
            f"got {source_kind.value.lower()} and {target_kind.value.lower()}",
        )
    period = Period(query.after, query.before)

    def work(tx: ManagedTransaction) -> tuple[SearchOutcome, Row | None]:
        hops = Neo4jHops(db, tx, period)
        outcome = search(
            hops,
            hops.endpoint(source_kind, query.source),
            hops.endpoint(target_kind, query.target),
            query.max_hops,
            query.limit,
            query.time_respecting,
            PATH_SEARCH_SECONDS,
            query.count_shortest,
            apart=lambda: not _reachable(hops, source_kind, target_kind, query),
        )
        if not outcome.paths:
            return outcome, None
        return outcome, hops.read("details", _detail_ids(outcome, source_kind, target_kind))[0]

    outcome, details = _bounded_read(db, work)
    paths = tuple(
        path_of(ids, details, source_kind, target_kind)
        for ids in outcome.paths
        if details is not None
    )
    graph = GraphView()
    for path in paths:
        graph.merge(path.graph)
    return PathResult(
        source_kind, target_kind, paths, graph, outcome.shortest_hops, outcome.shortest_count
    )


# Relationships on the longest path the search may return, per hop allowed: 2 per hop,
# plus the two EMPLOYED_BY of an agency path or the CONCERNS that reaches a family.
_REACH = {
    (EndpointKind.PROFESSIONAL, EndpointKind.PROFESSIONAL): ("reach_professionals", 0),
    (EndpointKind.AGENCY, EndpointKind.AGENCY): ("reach_agencies", 2),
    (EndpointKind.PROFESSIONAL, EndpointKind.FAMILY): ("reach_professional_family", 1),
    (EndpointKind.FAMILY, EndpointKind.PROFESSIONAL): ("reach_professional_family", 1),
}


def _reachable(
    hops: Neo4jHops, source: EndpointKind, target: EndpointKind, query: PathQuery
) -> bool:
    """False when no path within `maxHops` can exist: Neo4j's own shortestPath over a
    relaxation of the hops, cheaper than the search's layers when the two are not joined
    at all (the search asks it once its first layers have not met)."""
    name, extra = _REACH[(source, target)]
    ends = (
        (query.target, query.source)
        if source is EndpointKind.FAMILY
        else (query.source, query.target)
    )
    rows = hops.read(name, {"from": ends[0], "to": ends[1]})
    length = rows[0]["length"] if rows else None
    return length is not None and length <= 2 * query.max_hops + extra


def _bounded_read(db: Database, work: Callable[[ManagedTransaction], T]) -> T:
    """One read transaction with the path search's server-side time limit."""
    settings = db.settings.model_copy(
        update={"neo4j_query_timeout": min(PATH_SEARCH_SECONDS, db.settings.neo4j_query_timeout)}
    )
    try:
        return Database(settings, driver=db.driver).in_read_transaction(work)
    except Neo4jError as error:
        if failure_of(error) is Failure.TIMEOUT:
            raise SearchTooBroad(
                f"the path search took longer than {PATH_SEARCH_SECONDS:g} s; "
                "lower maxHops or narrow the period with after/before"
            ) from None
        raise


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


def _detail_ids(
    outcome: SearchOutcome, source: EndpointKind, target: EndpointKind
) -> dict[str, list[str]]:
    """The chosen paths' ids: their ends (an agency or a family) and the nodes between."""
    ends = {EndpointKind.AGENCY: "agencies", EndpointKind.FAMILY: "families"}
    found: dict[str, set[str]] = {"nodes": set(), "agencies": set(), "families": set()}
    for path in outcome.paths:
        first = 1 if source in ends else 0
        last = len(path) - (1 if target in ends else 0)
        found["nodes"].update(path[first:last])
        if source in ends:
            found[ends[source]].add(path[0])
        if target in ends:
            found[ends[target]].add(path[-1])
    return {key: sorted(ids) for key, ids in found.items()}


def path_of(
    ids: tuple[str, ...], details: Row, source: EndpointKind, target: EndpointKind
) -> CrossingPath:
    """A found path as nodes, the relationships between consecutive ones, its crossings
    and its drawing."""
    nodes_by_id = {n["id"]: n for n in details["nodes"]}
    nodes = [
        PathNode(
            i,
            nodes_by_id[i]["label"],
            nodes_by_id[i]["properties"],
            tuple(nodes_by_id[i].get("families") or ()),
        )
        for i in ids
    ]
    jobs: dict[str, list[dict[str, Any]]] = {}
    for job in details["employments"]:
        jobs.setdefault(job["professional"], []).append(job)
    links: dict[frozenset[str], list[dict[str, Any]]] = {}
    for link in details["links"]:
        links.setdefault(frozenset((link["source"], link["target"])), []).append(link)
    for obj, family in details["objectFamilies"]:
        links.setdefault(frozenset((obj, family)), []).append(
            {"type": "CONCERNS", "source": obj, "target": family, "properties": {}}
        )
    times = [to_instant(n.properties["at"]) for n in nodes if n.type == "Interaction"]
    edges: list[PathEdge] = []
    for k, (left, right) in enumerate(itertools.pairwise(nodes)):
        if EndpointKind.AGENCY.value in (left.type, right.type):
            person, agency = (right, left) if left.type == "Agency" else (left, right)
            at = times[0] if k == 0 else times[-1]
            assert at is not None
            for job in sorted(jobs.get(person.id, []), key=lambda j: str(j["from"])):
                start, end = to_date(job["from"]), to_date(job.get("to"))
                covers = (
                    start is not None and start <= at.date() and (end is None or at.date() <= end)
                )
                if job["agency"] == agency.id and covers:
                    edges.append(PathEdge("EMPLOYED_BY", person.id, agency.id, job["properties"]))
            continue
        between = links.get(frozenset((left.id, right.id)), [])
        for link in sorted(between, key=lambda r: (r["type"], str(r["properties"].get("action")))):
            edges.append(PathEdge(link["type"], link["source"], link["target"], link["properties"]))
    employment = {pid: employments_of(rows) for pid, rows in jobs.items()}
    graph = GraphView()
    for node in nodes:
        graph.add_node(node_from_entity(node.id, node.type, node.properties))
    for edge in edges:
        graph.add_edge(edge_from_relationship(edge.type, edge.source, edge.target, edge.properties))
    return CrossingPath(
        hops=sum(1 for n in nodes if n.type == "Interaction"),
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
