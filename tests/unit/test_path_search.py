"""kb.analytics.path_search against a brute-force enumeration of every simple path
(tests/path_oracle.py) on small graphs: hand-made ones for the cases issue 14 names
(one interaction working on an object twice, a one-hop answer with maxHops 6, no
time-respecting path where untimed ones exist, ties), and random ones from hypothesis
for every kind of endpoint. No database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.analytics.errors import SearchTooBroad
from kb.analytics.path_search import STEP_BATCH, PathSearch, SearchOutcome, search
from tests.path_oracle import MemoryGraph, SmallGraph, endpoint, every_path


def day(n: int, hour: int = 10) -> datetime:
    return datetime(2024, 1, n, hour, tzinfo=UTC)


def answer(
    g: SmallGraph, source: str, target: str, max_hops: int, limit: int, timed: bool
) -> SearchOutcome:
    return search(
        MemoryGraph(g), endpoint(g, source), endpoint(g, target), max_hops, limit, timed, 60.0, True
    )


def check(g: SmallGraph, source: str, target: str, max_hops: int, limit: int, timed: bool) -> None:
    expected = every_path(g, source, target, max_hops, timed)
    got = answer(g, source, target, max_hops, limit, timed)
    assert list(got.paths) == expected[:limit]
    if expected:
        shortest = sum(1 for n in expected[0] if n in g.interactions)
        assert got.shortest_hops == shortest
        assert got.shortest_count == sum(
            1 for p in expected if sum(1 for n in p if n in g.interactions) == shortest
        )
    else:
        assert (got.shortest_hops, got.shortest_count) == (None, 0)


# A chain a - b - c - d with a shortcut a - d through an object, and a family.
CHAIN = SmallGraph(
    interactions={
        "i1": (day(1), ("a", "b"), ("o1",), "F"),
        "i2": (day(2), ("b", "c"), (), None),
        "i3": (day(3), ("c", "d"), (), "F"),
        "i4": (day(4), ("d",), ("o1",), None),
        "i5": (day(1, 9), ("c", "a"), (), None),
    },
    objects={"o1": "F"},
    employments={
        "a": [("A", date(2020, 1, 1), None)],
        "b": [("B", date(2020, 1, 1), date(2024, 1, 1))],
        "c": [("B", date(2024, 1, 2), None)],
        "d": [("A", date(2020, 1, 1), None), ("B", date(2023, 1, 1), None)],
    },
)


@pytest.mark.parametrize("timed", [False, True])
@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("a", "d"),
        ("d", "a"),
        ("a", "F"),
        ("F", "a"),
        ("d", "F"),
        ("F", "c"),
        ("A", "B"),
        ("B", "A"),
    ],
)
@pytest.mark.parametrize("max_hops", [1, 2, 3, 6])
def test_chain_against_brute_force(source: str, target: str, max_hops: int, timed: bool) -> None:
    for limit in (1, 2, 50):
        check(CHAIN, source, target, max_hops, limit, timed)


def test_one_node_sequence_once_however_many_relationships() -> None:
    # The brute force counts node sequences; the search steps are (interaction, node)
    # pairs, so two WORKED_ON rows of i1 on o1 (one per action) are one step.
    got = answer(CHAIN, "a", "F", 1, 50, False)
    assert list(got.paths) == [("a", "i1", "F"), ("a", "i1", "o1", "F")]


def test_a_one_hop_answer_with_six_hops_allowed_stops_early() -> None:
    # "b" and "a" share i1: the first length answers; the search never goes deeper than
    # the pruning needs.
    graph = MemoryGraph(CHAIN)
    found = search(graph, endpoint(CHAIN, "b"), endpoint(CHAIN, "F"), 6, 1, False, 60.0)
    assert found.paths == (("b", "i1", "F"),)
    assert graph.layers <= 2


def test_no_time_respecting_path_is_proved_by_the_distances() -> None:
    # d -> a: untimed through i3 (day 3), i2 (day 2), i1 (day 1): backwards in time. The
    # earliest-arrival search proves it without the depth-first search.
    g = SmallGraph(
        interactions={
            "i1": (day(1), ("a", "b"), (), None),
            "i2": (day(2), ("b", "c"), (), None),
            "i3": (day(3), ("c", "d"), (), None),
        },
        objects={},
    )
    assert answer(g, "d", "a", 6, 5, False).paths
    run = PathSearch(MemoryGraph(g), endpoint(g, "d"), endpoint(g, "a"), 6, True, 1e12)
    assert run.shortest_walk() is None
    assert answer(g, "d", "a", 6, 5, True).paths == ()


def test_ties_are_broken_by_ids_not_by_insertion_order() -> None:
    base = {
        "i9": (day(1), ("s", "m2"), (), None),
        "i1": (day(1), ("s", "m1"), (), None),
        "i2": (day(2), ("m1", "t"), (), None),
        "i3": (day(2), ("m2", "t"), (), None),
    }
    shuffled = dict(reversed(list(base.items())))
    for interactions in (base, shuffled):
        g = SmallGraph(interactions=interactions, objects={})
        assert answer(g, "s", "t", 2, 1, False).paths == (("s", "i1", "m1", "i2", "t"),)


class CountingGraph(MemoryGraph):
    """Records every node whose steps were fetched, and each batch's size."""

    def __init__(self, g: SmallGraph) -> None:
        super().__init__(g)
        self.asked: list[str] = []
        self.batches: list[int] = []

    def steps(self, nodes):  # type: ignore[no-untyped-def]
        self.asked += list(nodes)
        self.batches.append(len(nodes))
        return super().steps(nodes)


@pytest.mark.parametrize("timed", [False, True])
def test_round_trips_are_bounded(timed: bool) -> None:
    # At most max_hops layers each way; each node's steps fetched once, a few per batch.
    for source, target in [("a", "d"), ("F", "c"), ("A", "B"), ("d", "F")]:
        graph = CountingGraph(CHAIN)
        search(graph, endpoint(CHAIN, source), endpoint(CHAIN, target), 6, 50, timed, 60.0, True)
        assert graph.layers <= 2 * 6
        assert len(graph.asked) == len(set(graph.asked))
        assert all(1 <= size <= STEP_BATCH for size in graph.batches)


def test_the_deadline_stops_the_search() -> None:
    ticks = iter(range(1000))
    g = CHAIN
    run = PathSearch(
        MemoryGraph(g), endpoint(g, "a"), endpoint(g, "d"), 6, False, 2.0, lambda: next(ticks)
    )
    with pytest.raises(SearchTooBroad):
        run.run(50, False)


# -- random graphs --------------------------------------------------------------------

PROFESSIONALS = ["p0", "p1", "p2", "p3", "p4", "p5"]
OBJECTS = ["o0", "o1", "o2"]
FAMILIES = ["F0", "F1"]
AGENCIES = ["A0", "A1", "A2"]


@st.composite
def graphs(draw: st.DrawFn) -> SmallGraph:
    interactions = {}
    for k in range(draw(st.integers(2, 9))):
        people = tuple(
            draw(st.lists(st.sampled_from(PROFESSIONALS), min_size=1, max_size=3, unique=True))
        )
        objects = tuple(draw(st.lists(st.sampled_from(OBJECTS), max_size=2, unique=True)))
        family = draw(st.sampled_from([None, *FAMILIES]))
        interactions[f"i{k}"] = (day(draw(st.integers(1, 4))), people, objects, family)
    objects = {o: draw(st.sampled_from([None, *FAMILIES])) for o in OBJECTS}
    employments: dict[str, list[tuple[str, date, date | None]]] = {}
    for p in PROFESSIONALS:
        for _ in range(draw(st.integers(1, 2))):
            start = date(2024, 1, draw(st.integers(1, 4)))
            end = draw(st.sampled_from([None, date(2024, 1, 2), date(2024, 1, 3)]))
            if end is not None and end < start:
                end = start
            employments.setdefault(p, []).append((draw(st.sampled_from(AGENCIES)), start, end))
    return SmallGraph(interactions=interactions, objects=objects, employments=employments)


@settings(max_examples=300, deadline=None)
@given(
    graphs(),
    st.sampled_from(["PP", "AA", "PF", "FP"]),
    st.data(),
    st.integers(1, 5),
    st.integers(1, 6),
    st.booleans(),
)
def test_random_graphs_against_brute_force(
    g: SmallGraph, kinds: str, data: st.DataObject, max_hops: int, limit: int, timed: bool
) -> None:
    pools = {"P": PROFESSIONALS, "A": AGENCIES, "F": FAMILIES}
    source = data.draw(st.sampled_from(pools[kinds[0]]))
    target = data.draw(st.sampled_from([x for x in pools[kinds[1]] if x != source]))
    letter = {"Professional": "P", "Agency": "A", "Family": "F"}
    if letter[g.kind_of(source).value] + letter[g.kind_of(target).value] != kinds:
        return  # an agency that employs nobody is not in the graph
    check(g, source, target, max_hops, limit, timed)
