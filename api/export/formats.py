"""Writing a graph in the formats tools open as they are, with networkx's writers.

- `graphml`: GraphML (yEd, Cytoscape, Gephi, networkx `read_graphml`);
- `gexf`: GEXF 1.2 (Gephi; a timeline is written in dynamic mode with spells, so
  Gephi's timeline plays it; networkx `read_gexf`);
- `cytoscape`: Cytoscape.js JSON (`elements`), which Cytoscape desktop imports
  as .cyjs (networkx `cytoscape_graph`);
- `csv`: Gephi's spreadsheet tables, one per file: `table=nodes` (Id, Label, ...)
  or `table=edges` (Source, Target, Type, Id, Weight, ...); spells become
  Gephi's `Interval` notation `<[start, end]; ...>`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from enum import StrEnum
from typing import Any

import networkx as nx

from api.export.graphs import intervals

GRAPH_NAME = re.compile(rb'(<graph\b[^>]*?) name="[^"]*"')


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    CYTOSCAPE = "cytoscape"
    CSV = "csv"


class CsvTable(StrEnum):
    NODES = "nodes"
    EDGES = "edges"


MEDIA_TYPES = {
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.CYTOSCAPE: "application/json",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}
SUFFIXES = {
    ExportFormat.GRAPHML: "graphml",
    ExportFormat.GEXF: "gexf",
    ExportFormat.CYTOSCAPE: "cyjs",
    ExportFormat.CSV: "csv",
}


def without_spells(graph: nx.Graph) -> nx.Graph:
    """A copy whose spells are text (`Interval`), for formats without time."""
    copy = graph.copy()
    for _, data in copy.nodes(data=True):
        if "spells" in data:
            data["Interval"] = intervals(data.pop("spells"))
    for *_, data in copy.edges(data=True):
        if "spells" in data:
            data["Interval"] = intervals(data.pop("spells"))
    for key in ("mode", "timeformat"):
        copy.graph.pop(key, None)
    return copy


def write(graph: nx.Graph, fmt: ExportFormat, table: CsvTable = CsvTable.EDGES) -> bytes:
    if fmt is ExportFormat.GEXF:
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer, version="1.2draft")
        # networkx writes <graph name="...">, which the GEXF 1.2 schema does not allow.
        return GRAPH_NAME.sub(rb"\1", buffer.getvalue(), count=1)
    flat = without_spells(graph)
    if fmt is ExportFormat.GRAPHML:
        buffer = io.BytesIO()
        nx.write_graphml(flat, buffer, named_key_ids=True)
        return buffer.getvalue()
    if fmt is ExportFormat.CYTOSCAPE:
        return json.dumps(nx.cytoscape_data(flat), indent=1).encode()
    return csv_table(flat, table).encode()


def csv_table(graph: nx.Graph, table: CsvTable) -> str:
    """Gephi's import columns first (Id, Label / Source, Target, Type, Id, Weight)."""
    rows: list[dict[str, Any]]
    if table is CsvTable.NODES:
        first = ["Id", "Label"]
        rows = [
            {"Id": node, "Label": data.get("label", node)}
            | {k: v for k, v in data.items() if k != "label"}
            for node, data in graph.nodes(data=True)
        ]
    else:
        first = ["Source", "Target", "Type", "Id", "Weight"]
        kind = "Directed" if graph.is_directed() else "Undirected"
        rows = [
            {
                "Source": source,
                "Target": target,
                "Type": kind,
                "Id": data.get("id", ""),
                "Weight": data.get("weight", 1),
            }
            | {k: v for k, v in data.items() if k not in {"id", "weight"}}
            for source, target, data in graph.edges(data=True)
        ]
    columns = first + sorted({k for row in rows for k in row} - set(first))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
