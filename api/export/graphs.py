"""GraphQL answers as networkx graphs, ready for networkx's writers.

Attribute names avoid the words the file formats reserve (GEXF's `type` of an
edge, `id`, `label`, `start`, `end`): an entity's label is `kind`, the drawing's
name is `label`. Only scalars go into a file: a list becomes comma-separated
text, a missing value is left out (GraphML and GEXF have no null).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import networkx as nx

from api.export.documents import ExportKind

Scalar = str | int | float | bool


def scalar(value: Any) -> Scalar | None:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def attributes(properties: dict[str, Any] | None, **extra: Any) -> dict[str, Scalar]:
    """One node's or edge's attributes: its properties (flattened) and what the export adds."""
    merged = {**(properties or {}), **extra}
    flat = {name: scalar(value) for name, value in merged.items()}
    return {name: value for name, value in flat.items() if value is not None}


def add_graph_shape(graph: nx.Graph, shape: dict[str, Any]) -> None:
    """The `graph { nodes edges }` of an answer, node and edge ids kept."""
    for node in shape["nodes"]:
        graph.add_node(
            node["id"],
            **attributes(node.get("properties"), label=node["label"], kind=node["type"]),
        )
    for edge in shape["edges"]:
        data = attributes(edge.get("properties"), id=edge["id"], kind=edge["type"])
        if graph.is_multigraph():
            graph.add_edge(edge["source"], edge["target"], key=edge["id"], **data)
        else:
            graph.add_edge(edge["source"], edge["target"], **data)


def network_graph(answer: dict[str, Any]) -> nx.Graph:
    """collaborationNetwork: undirected, `weight` = shared interactions + objects."""
    graph = nx.Graph(level=answer["level"], family=answer.get("familyId") or "all work")
    add_graph_shape(graph, answer["graph"])
    return graph


def configuration_graph(answer: dict[str, Any]) -> nx.MultiDiGraph:
    """familyConfiguration's drawing, each member with sector, role, presence and lead."""
    graph = nx.MultiDiGraph(
        family=answer["familyId"], reference=answer["reference"], at=answer["at"]
    )
    add_graph_shape(graph, answer["graph"])
    lead = (answer.get("leadProfessional") or {}).get("professional", {}).get("id")
    for member in answer["members"]:
        person = member["professional"]["id"]
        agency = member.get("agency") or {}
        graph.add_node(
            person,
            **attributes(
                None,
                sector=member.get("sector"),
                role=member["role"],
                presence=member["presence"],
                since=member["since"],
                agencyId=agency.get("id"),
                agency=agency.get("name"),
                lead=person == lead,
            ),
        )
    return graph


def paths_graph(answer: dict[str, Any]) -> nx.MultiDiGraph:
    """boundaryCrossingPaths merged; `paths` counts the paths through each node,
    `crossings` the sector crossings made through it (an interaction or object)."""
    graph = nx.MultiDiGraph(fromType=answer["fromType"], toType=answer["toType"])
    add_graph_shape(graph, answer["graph"])
    through: dict[str, int] = {}
    on_paths: dict[str, int] = {}
    for path in answer["paths"]:
        for node in {n["id"] for n in path["nodes"]}:
            on_paths[node] = on_paths.get(node, 0) + 1
        for crossing in path["crossings"]:
            through[crossing["throughId"]] = through.get(crossing["throughId"], 0) + 1
    for node in graph.nodes:
        graph.nodes[node]["paths"] = on_paths.get(node, 0)
        graph.nodes[node]["crossings"] = through.get(node, 0)
    return graph


def membership_spells(answer: dict[str, Any]) -> dict[str, list[tuple[date, date]]]:
    """Per professional, the inclusive day intervals they were a member, from the
    timeline's snapshots (`initial`, then each change, valid until the next)."""
    snapshots = [answer["initial"], *answer["changes"]]
    end = date.fromisoformat(answer["to"])
    spells: dict[str, list[tuple[date, date]]] = {}
    for index, snapshot in enumerate(snapshots):
        first = date.fromisoformat(snapshot["date"])
        following = snapshots[index + 1]["date"] if index + 1 < len(snapshots) else None
        last = date.fromisoformat(following) - timedelta(days=1) if following else end
        for member in snapshot["members"]:
            runs = spells.setdefault(member["id"], [])
            if runs and runs[-1][1] + timedelta(days=1) == first:
                runs[-1] = (runs[-1][0], last)
            else:
                runs.append((first, last))
    return spells


def timeline_graph(answer: dict[str, Any]) -> nx.Graph:
    """configurationTimeline as a dynamic graph: the family and every professional who
    was a member in the period, each member and their tie to the family with the
    spells (inclusive days) of their membership, so Gephi's timeline plays it."""
    family = answer["familyId"]
    graph = nx.Graph(mode="dynamic", timeformat="date", family=family)
    start, end = answer["from"], answer["to"]
    graph.add_node(family, label=answer["reference"], kind="Family", spells=[(start, end)])
    people = {
        member["id"]: member
        for snapshot in [answer["initial"], *answer["changes"]]
        for member in snapshot["members"]
    }
    for person, runs in sorted(membership_spells(answer).items()):
        spells = [(first.isoformat(), last.isoformat()) for first, last in runs]
        member = people[person]
        graph.add_node(
            person,
            label=member["name"],
            kind="Professional",
            profession=member["profession"],
            spells=spells,
        )
        graph.add_edge(family, person, id=f"MEMBER:{family}:{person}", kind="MEMBER", spells=spells)
    return graph


def graph_of(kind: ExportKind, answer: dict[str, Any]) -> nx.Graph:
    builders = {
        ExportKind.NETWORK: network_graph,
        ExportKind.CONFIGURATION: configuration_graph,
        ExportKind.TIMELINE: timeline_graph,
        ExportKind.PATHS: paths_graph,
    }
    graph: nx.Graph = builders[kind](answer)
    return graph


def intervals(spells: Iterable[tuple[str, str]]) -> str:
    """Spells as Gephi's CSV time-interval notation: `<[a, b]; [c, d]>`."""
    return "<" + "; ".join(f"[{first}, {last}]" for first, last in spells) + ">"
