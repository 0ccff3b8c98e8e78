"""Graph-shaped results for visualisation tools (Cytoscape.js, vis-network, NVL).

Every path or network answer can also be read as nodes and edges with stable
ids: a node's id is the entity's id; an edge's id is
`TYPE:source:target[:key]`, so the same relationship gets the same id in
every answer and a client can merge answers without duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.analytics.refs import AgencyRef
from kb.storage.values import plain

# Properties the loader adds to everything; they describe provenance, not the
# entity, so the drawing leaves them out.
PROVENANCE = frozenset({"sourceDataset", "sourceLoad", "loadedAt"})

# The property that names a node of each label in a drawing.
LABEL_PROPERTY = {
    "Agency": "name",
    "Team": "name",
    "Professional": "name",
    "Family": "reference",
    "Client": "name",
    "Episode": "kind",
    "Interaction": "kind",
    "BoundaryObject": "title",
    "Perspective": "statement",
    "Tension": "kind",
}


@dataclass(frozen=True)
class GraphNode:
    id: str
    type: str
    label: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphEdge:
    id: str
    source: str
    target: str
    type: str
    properties: dict[str, Any]


@dataclass
class GraphView:
    """Nodes and edges in insertion order, each id once."""

    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)
    _node_ids: set[str] = field(default_factory=set, repr=False)
    _edge_ids: set[str] = field(default_factory=set, repr=False)

    def add_node(self, node: GraphNode) -> None:
        if node.id not in self._node_ids:
            self._node_ids.add(node.id)
            self.nodes.append(node)

    def add_edge(self, edge: GraphEdge) -> None:
        if edge.id not in self._edge_ids:
            self._edge_ids.add(edge.id)
            self.edges.append(edge)

    def merge(self, other: GraphView) -> None:
        for node in other.nodes:
            self.add_node(node)
        for edge in other.edges:
            self.add_edge(edge)


def edge(
    type_: str,
    source: str,
    target: str,
    properties: dict[str, Any] | None = None,
    key: str | None = None,
) -> GraphEdge:
    """An edge of `type_` from `source` to `target`, under its stable id (`edge_id`)."""
    return GraphEdge(edge_id(type_, source, target, key), source, target, type_, properties or {})


def sector_id(sector: str) -> str:
    """A sector's node id in a drawing (a sector is no stored node): `sector:<NAME>`."""
    return f"sector:{sector}"


def agency_node(agency: AgencyRef, **properties: Any) -> GraphNode:
    """An agency drawn by its name, with its name, its sector and what the answer adds."""
    return GraphNode(
        agency.id,
        "Agency",
        agency.name,
        {"name": agency.name, "sector": agency.sector} | properties,
    )


def edge_id(type_: str, source: str, target: str, key: str | None = None) -> str:
    """The deterministic id of an edge: `TYPE:source:target[:key]`."""
    base = f"{type_}:{source}:{target}"
    return f"{base}:{key}" if key else base


def node_from_entity(entity_id: str, label: str, properties: dict[str, Any]) -> GraphNode:
    """A drawable node from a stored node's label and properties."""
    shown = {k: plain(v) for k, v in sorted(properties.items()) if k not in PROVENANCE}
    name = shown.get(LABEL_PROPERTY.get(label, "id"))
    return GraphNode(
        id=entity_id,
        type=label,
        label=str(name) if name is not None else entity_id,
        properties=shown,
    )


def edge_from_relationship(
    type_: str, source: str, target: str, properties: dict[str, Any]
) -> GraphEdge:
    """A drawable edge from a stored relationship; the key tells parallel ones apart."""
    shown = {k: plain(v) for k, v in sorted(properties.items()) if k not in PROVENANCE}
    return edge(type_, source, target, shown, relationship_key(type_, shown))


def relationship_key(type_: str, properties: dict[str, Any]) -> str | None:
    """What tells apart two relationships of one type between the same two nodes.

    Mirrors the model's relationship keys: periods by `from` (involvements also
    by role), work on an object by its action.
    """
    if type_ == "WORKED_ON":
        return str(properties.get("action") or "") or None
    if type_ == "INVOLVED_WITH":
        return f"{properties.get('role')}:{properties.get('from')}"
    if "from" in properties:
        return str(properties["from"])
    return None
