"""collaborationNetwork (joint work as a weighted graph) on `tests/fixtures/analytics_small`.

Expected weights are recomputed from the CSV rows with plain Python sets: per
work item (an interaction about the family, or an object about it worked on by
such interactions), the keys of the professionals taking part (the professional,
or the agency / sector employing them on the interaction's day), then every
pair of keys counted once per item.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from itertools import combinations

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.network import NetworkLevel, collaboration_network
from kb.storage.database import Database
from tests.analytics_support import SMALL, covers, graphql, parse_instant, rows


def key_of(professional: str, day: date, level: NetworkLevel) -> str | None:
    if level is NetworkLevel.PROFESSIONAL:
        return professional
    sector = {a["id"]: a["sector"] for a in rows(SMALL, "agencies")}
    current = [
        (date.fromisoformat(job["from"]), job["target"])
        for job in rows(SMALL, "employed_by")
        if job["source"] == professional and covers(job, day)
    ]
    if not current:
        return None
    agency = max(current)[1]
    return agency if level is NetworkLevel.AGENCY else f"sector:{sector[agency]}"


def expected_edges(family: str, level: NetworkLevel) -> dict[tuple[str, str], tuple[int, int]]:
    about = {c["source"] for c in rows(SMALL, "concerns") if c["target"] == family}
    when = {i["id"]: parse_instant(i["at"]).date() for i in rows(SMALL, "interactions")}
    people = {p["id"] for p in rows(SMALL, "professionals")}
    keys_of_interaction: dict[str, set[str]] = {}
    for part in rows(SMALL, "participated_in"):
        i = part["target"]
        if part["source"] in people and i in about:
            key = key_of(part["source"], when[i], level)
            if key:
                keys_of_interaction.setdefault(i, set()).add(key)
    items: list[tuple[str, set[str]]] = [("Interaction", k) for k in keys_of_interaction.values()]
    objects: dict[str, set[str]] = {}
    for work in rows(SMALL, "worked_on"):
        if work["target"] in about:
            objects.setdefault(work["target"], set()).update(
                keys_of_interaction.get(work["source"], set())
            )
    items += [("BoundaryObject", k) for k in objects.values()]
    interactions: Counter[tuple[str, str]] = Counter()
    shared_objects: Counter[tuple[str, str]] = Counter()
    for kind, keys in items:
        for pair in combinations(sorted(keys), 2):
            (interactions if kind == "Interaction" else shared_objects)[pair] += 1
    return {
        pair: (interactions[pair], shared_objects[pair])
        for pair in set(interactions) | set(shared_objects)
    }


@pytest.mark.parametrize("level", list(NetworkLevel))
def test_family_network_matches_recomputation(small: Database, level: NetworkLevel) -> None:
    network = collaboration_network(small, level, "F1")
    got = {(t.source, t.target): (t.interactions, t.objects) for t in network.ties}
    assert got == expected_edges("F1", level)


def test_agency_network_by_hand(small: Database) -> None:
    # The school and CAMHS met at I1 and both worked on the EHCP (BO1): weight 2.
    # P_FSW moved to the charity before I3, so social care and the charity met there.
    network = collaboration_network(small, NetworkLevel.AGENCY, "F1")
    weights = {e.id: e.properties["weight"] for e in network.graph.edges}
    assert weights["COLLABORATED:AG_CAMHS:AG_SCH"] == 2
    assert weights["COLLABORATED:AG_SC:AG_VOL"] == 1
    assert weights["COLLABORATED:AG_SC:AG_SCH"] == 2  # I1 and I9
    node_ids = {n.id for n in network.graph.nodes}
    assert node_ids == {"AG_CAMHS", "AG_POL", "AG_SC", "AG_SCH", "AG_VOL"}


def test_period_and_whole_graph(small: Database) -> None:
    # Only March 2024: I3 (P_SW2, P_PC, P_FSW) and I4 (P_CAMHS alone; BO1 via I4 only).
    march = collaboration_network(
        small,
        NetworkLevel.PROFESSIONAL,
        "F1",
        datetime(2024, 3, 1, tzinfo=UTC),
        datetime(2024, 3, 31, tzinfo=UTC),
    )
    assert {(t.source, t.target) for t in march.ties} == {
        ("P_FSW", "P_PC"),
        ("P_FSW", "P_SW2"),
        ("P_PC", "P_SW2"),
    }
    # The whole graph adds F2's I6 (P_HV with P_PC).
    everything = collaboration_network(small, NetworkLevel.PROFESSIONAL)
    assert ("P_HV", "P_PC") in {(t.source, t.target) for t in everything.ties}


def test_network_errors(small: Database) -> None:
    with pytest.raises(UnknownEntity):
        collaboration_network(small, NetworkLevel.SECTOR, "NOPE")
    with pytest.raises(InvalidArgument):
        collaboration_network(
            small,
            NetworkLevel.SECTOR,
            None,
            datetime(2024, 5, 1, tzinfo=UTC),
            datetime(2024, 1, 1, tzinfo=UTC),
        )


NETWORK = """
query ($level: NetworkLevel!, $family: ID) {
  collaborationNetwork(level: $level, familyId: $family) {
    level nodeCount edgeCount
    graph { nodes { id type label properties } edges { id source target type properties } }
  }
}
"""


def test_graphql_sector_network_shape(client: TestClient) -> None:
    body = graphql(client, NETWORK, level="SECTOR", family="F1")
    network = body["data"]["collaborationNetwork"]
    nodes = {n["id"]: n for n in network["graph"]["nodes"]}
    assert nodes["sector:EDUCATION"]["type"] == "Sector"
    expected = expected_edges("F1", NetworkLevel.SECTOR)
    edges = {(e["source"], e["target"]): e for e in network["graph"]["edges"]}
    assert set(edges) == set(expected)
    for pair, (interactions, objects) in expected.items():
        edge = edges[pair]
        assert edge["id"] == f"COLLABORATED:{pair[0]}:{pair[1]}"
        assert edge["properties"] == {
            "weight": interactions + objects,
            "interactions": interactions,
            "objects": objects,
        }
    assert network["edgeCount"] == len(expected)


def test_graphql_network_unknown_family(client: TestClient) -> None:
    body = graphql(client, NETWORK, level="AGENCY", family="NOPE")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
