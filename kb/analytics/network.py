"""The weighted network of joint work, at the level of professionals, agencies
or sectors (DOMAIN questions 4 and 11), as a drawable graph.

Joint work is a shared work item: an interaction both sides took part in, or
a boundary object both sides worked on (through interactions in the period).
An edge's weight is the number of shared items (interactions + objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from kb.analytics.graph import GraphNode, GraphView, edge
from kb.analytics.one_read import OneRead
from kb.analytics.period import Period
from kb.analytics.reads import the_family_row
from kb.analytics.vocabulary import NetworkLevel
from kb.storage.database import Database

COLLABORATED = "COLLABORATED"


@dataclass(frozen=True)
class NetworkTie:
    source: str
    target: str
    interactions: int
    objects: int

    @property
    def weight(self) -> int:
        return self.interactions + self.objects


@dataclass(frozen=True)
class CollaborationNetwork:
    level: NetworkLevel
    family_id: str | None
    after: datetime | None
    before: datetime | None
    graph: GraphView
    ties: tuple[NetworkTie, ...]


def collaboration_network(
    db: Database,
    level: NetworkLevel,
    family_id: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
) -> CollaborationNetwork:
    """The network in one read: of one family's work, or of all work in the period."""
    return network_read(level, family_id, after, before).run(db)


def network_read(
    level: NetworkLevel,
    family_id: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
) -> OneRead[CollaborationNetwork]:
    """`collaboration_network` as a read either door runs (the API's: `run_async`)."""
    params: dict[str, Any] = {"level": level.value} | Period.of(after, before).parameters()
    answer = partial(_network_of, level, family_id, after, before)
    if family_id is not None:
        family = params | {"familyId": family_id}
        return OneRead("analytics/collaboration_network_family", family, answer)
    return OneRead("analytics/collaboration_network_all", params, answer)


def _network_of(
    level: NetworkLevel,
    family_id: str | None,
    after: datetime | None,
    before: datetime | None,
    rows: list[dict[str, Any]],
) -> CollaborationNetwork:
    # Only the family's statement answers no row: no such family.
    row = rows[0] if family_id is None else the_family_row(rows, family_id)
    graph, ties = network_graph(row["nodes"], row["edges"])
    return CollaborationNetwork(level, family_id, after, before, graph, ties)


def network_graph(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> tuple[GraphView, tuple[NetworkTie, ...]]:
    """The statement's nodes and edges as a drawable graph, in a stable order."""
    graph = GraphView()
    for node in sorted(nodes, key=lambda n: n["key"]):
        properties = {k: v for k, v in sorted(node.items()) if k not in {"key", "label"}}
        graph.add_node(
            GraphNode(
                id=node["key"], type=node["label"], label=str(node["name"]), properties=properties
            )
        )
    ties = tuple(
        sorted(
            (
                NetworkTie(e["source"], e["target"], int(e["interactions"]), int(e["objects"]))
                for e in edges
            ),
            key=lambda t: (t.source, t.target),
        )
    )
    for tie in ties:
        graph.add_edge(
            edge(
                COLLABORATED,
                tie.source,
                tie.target,
                {"weight": tie.weight, "interactions": tie.interactions, "objects": tie.objects},
            )
        )
    return graph, ties
