"""boundaryCrossingPaths (DOMAIN question 5) on `tests/fixtures/analytics_small`.

Expected paths come from networkx on a graph built straight from the CSV rows
(professionals, interactions and boundary objects; every simple path
enumerated, hops = interactions on it), and the crossings on one path are
worked out by hand from the employment periods.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.paths import PathQuery, boundary_crossing_paths
from kb.storage.database import Database
from kb.storage.values import to_instant
from tests.analytics_support import SMALL, graphql, parse_instant, rows
from tests.api_entities_support import dataset_fixture, open_client

# -- the independent model: networkx over the CSV rows --------------------------------


def work_graph() -> nx.Graph:
    g = nx.Graph()
    professionals = {p["id"] for p in rows(SMALL, "professionals")}
    for p in professionals:
        g.add_node(p, kind="Professional")
    for i in rows(SMALL, "interactions"):
        g.add_node(i["id"], kind="Interaction", at=parse_instant(i["at"]))
    for o in rows(SMALL, "boundary_objects"):
        g.add_node(o["id"], kind="BoundaryObject")
    for part in rows(SMALL, "participated_in"):
        if part["source"] in professionals:
            g.add_edge(part["source"], part["target"])
    for work in rows(SMALL, "worked_on"):
        g.add_edge(work["source"], work["target"])
    return g


def valid_paths(g: nx.Graph, source: str, target: str, max_hops: int) -> list[list[str]]:
    """Simple paths whose every interaction joins a professional to something (no object-
    interaction-object step), with at most `max_hops` interactions."""
    found = []
    for path in nx.all_simple_paths(g, source, target, cutoff=4 * max_hops):
        ok = True
        for k, node in enumerate(path):
            if g.nodes[node]["kind"] == "Interaction":
                sides = {g.nodes[path[k - 1]]["kind"], g.nodes[path[k + 1]]["kind"]}
                ok = ok and "Professional" in sides
        if ok and hops(g, path) <= max_hops:
            found.append(path)
    return found


def hops(g: nx.Graph, path: list[str]) -> int:
    return sum(1 for n in path if g.nodes[n]["kind"] == "Interaction")


def time_respecting(g: nx.Graph, path: list[str]) -> bool:
    times = [g.nodes[n]["at"] for n in path if g.nodes[n]["kind"] == "Interaction"]
    return all(a <= b for a, b in itertools.pairwise(times))


PAIRS = [
    ("P_T", "P_PC"),
    ("P_T", "P_CAMHS"),
    ("P_PC", "P_SW1"),
    ("P_HV", "P_EP"),
    ("P_CAMHS", "P_FSW"),
]


@pytest.mark.parametrize(("source", "target"), PAIRS)
@pytest.mark.parametrize("respecting", [False, True])
def test_paths_between_professionals_match_networkx(
    small: Database, source: str, target: str, respecting: bool
) -> None:
    g = work_graph()
    expected = [
        p for p in valid_paths(g, source, target, 6) if not respecting or time_respecting(g, p)
    ]
    expected.sort(key=lambda p: (hops(g, p), len(p)))
    result = boundary_crossing_paths(
        small, PathQuery(source, target, 6, 50, None, None, respecting)
    )
    got = [list(p.node_ids) for p in result.paths]
    assert sorted(map(tuple, got)) == sorted(map(tuple, expected))
    assert [p.hops for p in result.paths] == [hops(g, p) for p in expected]


def test_limit_keeps_the_shortest(small: Database) -> None:
    g = work_graph()
    every = sorted(hops(g, p) for p in valid_paths(g, "P_T", "P_PC", 6))
    result = boundary_crossing_paths(small, PathQuery("P_T", "P_PC", 6, 2))
    assert [p.hops for p in result.paths] == every[:2]


def test_shortest_length_agrees_with_networkx_bipartite_distance(small: Database) -> None:
    # Without boundary objects, hops between professionals are half the bipartite distance.
    g = work_graph()
    g.remove_nodes_from([n for n, d in g.nodes(data=True) if d["kind"] == "BoundaryObject"])
    for source, target in [("P_T", "P_PC"), ("P_PC", "P_SW1"), ("P_HV", "P_EP")]:
        distance = nx.shortest_path_length(g, source, target) // 2
        result = boundary_crossing_paths(small, PathQuery(source, target, 10, 1))
        assert result.paths[0].hops <= distance  # objects can only shorten it
    result = boundary_crossing_paths(small, PathQuery("P_T", "P_PC", 10, 1))
    assert result.paths[0].hops == nx.shortest_path_length(g, "P_T", "P_PC") // 2 == 3


def test_crossings_by_hand(small: Database) -> None:
    # P_T -I1- P_SW1 -I2- P_FSW -I3- P_PC. I1 (01-10): education -> social care.
    # I2 (02-01): P_FSW still at social care, no crossing. I3 (03-05): P_FSW has moved to
    # the charity (voluntary) -> police (criminal justice).
    (path,) = boundary_crossing_paths(small, PathQuery("P_T", "P_PC", 3, 5)).paths
    assert path.node_ids == ("P_T", "I1", "P_SW1", "I2", "P_FSW", "I3", "P_PC")
    crossings = [(c.from_sector, c.to_sector, c.through_id, c.at) for c in path.crossings]
    assert crossings == [
        ("EDUCATION", "SOCIAL_CARE", "I1", datetime(2024, 1, 10, 10, tzinfo=UTC)),
        ("VOLUNTARY", "CRIMINAL_JUSTICE", "I3", datetime(2024, 3, 5, 9, tzinfo=UTC)),
    ]


def test_crossing_through_a_boundary_object(small: Database) -> None:
    # P_T worked on the EHCP in I5, P_CAMHS in I4: education -> mental health through BO1.
    result = boundary_crossing_paths(small, PathQuery("P_T", "P_CAMHS", 6, 5))
    via_object = [p for p in result.paths if "BO1" in p.node_ids]
    assert [p.hops for p in result.paths] == [1, 2]
    (crossing,) = via_object[0].crossings
    assert (crossing.through_type, crossing.through_id) == ("BoundaryObject", "BO1")
    assert crossing.interaction_ids == ("I5", "I4")


def test_time_respecting_finds_a_longer_path_when_the_shortest_goes_back_in_time(
    small: Database,
) -> None:
    # P_PC -I3(03-05)- P_FSW -I2(02-01)- P_SW1 goes back in time; the time-respecting way
    # is P_PC -I3- P_FSW -I8(04-10)- P_EP -I9(04-15)- P_SW1.
    plain = boundary_crossing_paths(small, PathQuery("P_PC", "P_SW1", 6, 1))
    assert plain.paths[0].hops == 2
    respecting = boundary_crossing_paths(
        small, PathQuery("P_PC", "P_SW1", 6, 1, time_respecting=True)
    )
    assert respecting.paths[0].node_ids == ("P_PC", "I3", "P_FSW", "I8", "P_EP", "I9", "P_SW1")


def test_period_limits_the_interactions_used(small: Database) -> None:
    after = datetime(2024, 3, 1, tzinfo=UTC)
    result = boundary_crossing_paths(small, PathQuery("P_PC", "P_SW1", 6, 5, after=after))
    assert result.paths
    for path in result.paths:
        for node in path.nodes:
            if node.type == "Interaction":
                assert to_instant(node.properties["at"]) >= after


def test_agencies_by_hand(small: Database) -> None:
    # Social care -> the charity: P_SW2 (social care) and P_FSW (charity from 03-01) met in
    # I3 on 03-05: one hop. Earlier meetings with P_FSW were while P_FSW was in social care.
    result = boundary_crossing_paths(small, PathQuery("AG_SC", "AG_VOL", 6, 5))
    first = result.paths[0]
    assert first.hops == 1
    assert first.node_ids == ("AG_SC", "P_SW2", "I3", "P_FSW", "AG_VOL")
    # After 03-06 only P_SW1 -I9(04-15)- P_EP -I8(04-10)- P_FSW remains, which goes back in time.
    after = datetime(2024, 3, 6, tzinfo=UTC)
    later = boundary_crossing_paths(small, PathQuery("AG_SC", "AG_VOL", 6, 5, after=after))
    assert [p.node_ids for p in later.paths] == [
        ("AG_SC", "P_SW1", "I9", "P_EP", "I8", "P_FSW", "AG_VOL")
    ]
    respecting = boundary_crossing_paths(
        small, PathQuery("AG_SC", "AG_VOL", 6, 5, after=after, time_respecting=True)
    )
    assert respecting.paths == ()


def test_professional_and_family_both_ways_by_hand(small: Database) -> None:
    # P_HV's only work is I6 (about F2) with P_PC, who was at I3 (about F1).
    forward = boundary_crossing_paths(small, PathQuery("P_HV", "F1", 6, 1))
    assert forward.paths[0].node_ids == ("P_HV", "I6", "P_PC", "I3", "F1")
    backward = boundary_crossing_paths(small, PathQuery("F1", "P_HV", 6, 1))
    assert backward.paths[0].node_ids == ("F1", "I3", "P_PC", "I6", "P_HV")
    # Time-respecting: I6 (02-10) then I3 (03-05) runs forward from P_HV to F1 ...
    assert boundary_crossing_paths(small, PathQuery("P_HV", "F1", 6, 1, time_respecting=True)).paths
    # ... and backwards from F1 to P_HV.
    assert (
        boundary_crossing_paths(small, PathQuery("F1", "P_HV", 6, 1, time_respecting=True)).paths
        == ()
    )
    # A family reached through an object about it: P_CAMHS -I4- BO1 -> F1 is one hop, as is I1.
    via = boundary_crossing_paths(small, PathQuery("P_CAMHS", "F1", 1, 5))
    assert {p.node_ids for p in via.paths} >= {
        ("P_CAMHS", "I4", "BO1", "F1"),
        ("P_CAMHS", "I1", "F1"),
    }


def test_no_path_is_an_empty_answer(small: Database) -> None:
    assert boundary_crossing_paths(small, PathQuery("P_X", "P_T", 10, 5)).paths == ()


@pytest.mark.parametrize(
    "query",
    [
        PathQuery("P_T", "P_PC", max_hops=0),
        PathQuery("P_T", "P_PC", max_hops=11),
        PathQuery("P_T", "P_PC", limit=0),
        PathQuery("P_T", "P_PC", limit=51),
        PathQuery("P_T", "P_PC", after=datetime(2024, 5, 1), before=datetime(2024, 4, 1)),
        PathQuery("P_T", "P_T"),
        PathQuery("AG_SC", "P_T"),
    ],
)
def test_bad_arguments(small: Database, query: PathQuery) -> None:
    with pytest.raises(InvalidArgument):
        boundary_crossing_paths(small, query)


def test_unknown_ids(small: Database) -> None:
    with pytest.raises(UnknownEntity):
        boundary_crossing_paths(small, PathQuery("P_T", "NOPE"))
    with pytest.raises(UnknownEntity):  # an interaction is not an endpoint
        boundary_crossing_paths(small, PathQuery("I1", "P_T"))


# -- through GraphQL ---------------------------------------------------------------

PATHS = """
query ($from: ID!, $to: ID!, $maxHops: Int, $limit: Int, $after: DateTime, $before: DateTime,
       $timeRespecting: Boolean) {
  boundaryCrossingPaths(from: $from, to: $to, maxHops: $maxHops, limit: $limit, after: $after,
                        before: $before, timeRespecting: $timeRespecting) {
    fromType toType count
    paths {
      hops
      nodes { id type }
      crossings { fromProfessionalId toProfessionalId fromSector toSector throughId throughType at }
      graph { nodes { id type label properties } edges { id source target type properties } }
    }
    graph { nodes { id } edges { id source target } }
  }
}
"""


def test_graphql_paths_and_graph_shape(client: TestClient) -> None:
    body = graphql(client, PATHS, **{"from": "P_T", "to": "P_PC", "maxHops": 3})
    result = body["data"]["boundaryCrossingPaths"]
    assert result["count"] == 1
    (path,) = result["paths"]
    assert [n["id"] for n in path["nodes"]] == ["P_T", "I1", "P_SW1", "I2", "P_FSW", "I3", "P_PC"]
    assert [(c["fromSector"], c["toSector"]) for c in path["crossings"]] == [
        ("EDUCATION", "SOCIAL_CARE"),
        ("VOLUNTARY", "CRIMINAL_JUSTICE"),
    ]
    edges = {e["id"] for e in path["graph"]["edges"]}
    assert edges == {
        "PARTICIPATED_IN:P_T:I1", "PARTICIPATED_IN:P_SW1:I1", "PARTICIPATED_IN:P_SW1:I2",
        "PARTICIPATED_IN:P_FSW:I2", "PARTICIPATED_IN:P_FSW:I3", "PARTICIPATED_IN:P_PC:I3",
    }  # fmt: skip
    assert all("sourceDataset" not in n["properties"] for n in path["graph"]["nodes"])


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"from": "P_T", "to": "P_PC", "maxHops": 0}, "BAD_USER_INPUT"),
        ({"from": "P_T", "to": "P_PC", "maxHops": 11}, "BAD_USER_INPUT"),
        ({"from": "P_T", "to": "P_PC", "limit": 51}, "BAD_USER_INPUT"),
        (
            {
                "from": "P_T",
                "to": "P_PC",
                "after": "2024-05-01T00:00:00Z",
                "before": "2024-04-01T00:00:00Z",
            },
            "BAD_USER_INPUT",
        ),
        ({"from": "P_T", "to": "NOPE"}, "NOT_FOUND"),
    ],
)
def test_graphql_path_errors(client: TestClient, variables: dict[str, Any], code: str) -> None:
    body = graphql(client, PATHS, **variables)
    assert body["data"] is None or body["data"]["boundaryCrossingPaths"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == code
    for leak in ("MATCH", "Traceback", "neo4j", "cypher"):
        assert leak not in error["message"]


PROFESSIONALS = sorted(p["id"] for p in rows(SMALL, "professionals"))


@pytest.mark.parametrize(
    ("max_hops", "after"),
    [(1, None), (2, None), (6, datetime(2024, 3, 6, tzinfo=UTC))],
)
def test_empty_exactly_when_networkx_finds_no_path(
    small: Database, max_hops: int, after: datetime | None
) -> None:
    # The reachability pre-check may only answer "none"; every pair, both ways.
    g = work_graph()
    if after is not None:
        g.remove_nodes_from(
            [n for n, d in g.nodes(data=True) if d["kind"] == "Interaction" and d["at"] < after]
        )
    for source, target in itertools.permutations(PROFESSIONALS, 2):
        expected = valid_paths(g, source, target, max_hops) if target in g and source in g else []
        result = boundary_crossing_paths(small, PathQuery(source, target, max_hops, 50, after))
        assert bool(result.paths) == bool(expected), (source, target)
        assert len(result.paths) == len(expected), (source, target)


# -- a dense knot (tests/fixtures/paths_dense, built by its make.py) --------------------

DENSE = SMALL.parent / "paths_dense"


dense = dataset_fixture(DENSE)


def test_dense_no_time_respecting_path_is_an_answer(dense: Database) -> None:
    # S meets C00 in July; T met C15 in January; everyone else met in June. Untimed paths
    # abound, time-respecting ones do not exist: the earliest-arrival search proves it
    # (the enumerating search ran past its 15 s limit here: LIMIT_EXCEEDED).
    assert boundary_crossing_paths(dense, PathQuery("S", "T", 10, 5)).paths
    for hops in (6, 10):
        result = boundary_crossing_paths(dense, PathQuery("S", "T", hops, 5, time_respecting=True))
        assert result.paths == ()


def test_dense_family_and_a_professional_with_one_hop_between(dense: Database) -> None:
    # P's only work is FAM1 (05-01, about FD): FD - FAM1 - P is one hop. Every other path
    # must end through FAM1 too and so come from C03, whom the family reaches only through
    # June work (PLAN1 06-20, the meetings), later than FAM1: one time-respecting path.
    for hops in (6, 10):
        timed = boundary_crossing_paths(dense, PathQuery("FD", "P", hops, 5, time_respecting=True))
        assert [p.node_ids for p in timed.paths] == [("FD", "FAM1", "P")]
    plain = boundary_crossing_paths(dense, PathQuery("FD", "P", 10, 5))
    assert plain.paths[0].node_ids == ("FD", "FAM1", "P")
    # Then FD - PLAN1 - C05 - (a meeting) - C03 - FAM1 - P, the four meetings in id order.
    meetings = sorted(
        i for i, people in _meetings(DENSE).items() if people == {"C03", "C05"}
    )
    assert [p.node_ids for p in plain.paths[1:]] == [
        ("FD", "PLAN1", "C05", m, "C03", "FAM1", "P") for m in meetings
    ]


def _meetings(dataset: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for part in rows(dataset, "participated_in"):
        found.setdefault(part["target"], set()).add(part["source"])
    return found


def test_graphql_counts_the_shortest_paths(dense: Database) -> None:
    # S - LATE - C00 - (one of the four C00-C15 meetings) - C15 - EARLY - T: four paths of
    # three hops; `count` is how many came back, `shortestCount` how many there are.
    meetings = [i for i, people in _meetings(DENSE).items() if people == {"C00", "C15"}]
    assert len(meetings) == 4
    with open_client(dense) as client:
        body = graphql(
            client,
            "query { boundaryCrossingPaths(from: \"S\", to: \"T\", limit: 2) "
            "{ count shortestHops shortestCount paths { hops } } }",
        )
        result = body["data"]["boundaryCrossingPaths"]
        assert result == {
            "count": 2,
            "shortestHops": 3,
            "shortestCount": len(meetings),
            "paths": [{"hops": 3}, {"hops": 3}],
        }
        none = graphql(
            client,
            "query { boundaryCrossingPaths(from: \"S\", to: \"T\", timeRespecting: true) "
            "{ count shortestHops shortestCount } }",
        )
        assert none["data"]["boundaryCrossingPaths"] == {
            "count": 0,
            "shortestHops": None,
            "shortestCount": 0,
        }
