"""Each analytic costs a fixed number of statements, whatever the size of its answer:
the same count for the fixture's busy family (F1) and its quiet one (F2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from kb.analytics.configuration import family_configuration
from kb.analytics.jointness import jointness
from kb.analytics.knots import knots
from kb.analytics.network import NetworkLevel, collaboration_network
from kb.analytics.objects import boundary_object_report
from kb.analytics.paths import PathQuery, boundary_crossing_paths
from kb.analytics.timeline import configuration_timeline
from kb.storage.database import Database
from tests.analytics_support import SMALL, statements_per_family
from tests.api_entities_support import ensure_datasets

AT = datetime(2024, 3, 10, tzinfo=UTC)

ANALYTICS: dict[str, tuple[int, Callable[[Database, str], object]]] = {
    "familyConfiguration": (1, lambda db, f: family_configuration(db, f, AT, 365)),
    "configurationTimeline": (
        1,
        lambda db, f: configuration_timeline(db, f, date(2023, 1, 1), date(2024, 12, 31), 30),
    ),
    "collaborationNetwork": (1, lambda db, f: collaboration_network(db, NetworkLevel.AGENCY, f)),
    "knots": (1, lambda db, f: knots(db, f, 7)),
    "jointness": (1, lambda db, f: jointness(db, f)),
    "boundaryObjectReport": (1, lambda db, f: boundary_object_report(db, f)),
    # The endpoints' labels, the reachability pre-check, the family endpoint, at most
    # maxHops breadth-first layers each way, one fetch per batch of nodes whose steps
    # the depth-first search needs (each node's steps fetched once), the paths'
    # details: bounded by maxHops and the graph's nodes, not by the rows of the answer.
    "boundaryCrossingPaths": (
        4 + 2 * 10 + 10,  # 10: the fixture's professionals and objects
        lambda db, f: boundary_crossing_paths(db, PathQuery("P_PC", f, 10, 50)),
    ),
}


@pytest.mark.parametrize("name", sorted(ANALYTICS))
def test_statements_do_not_grow_with_the_answer(database: Database, name: str) -> None:
    ensure_datasets(database, SMALL)
    expected, run = ANALYTICS[name]
    counts = statements_per_family(database, run, ("F1", "F2"))
    if name == "boundaryCrossingPaths":
        assert all(2 <= count <= expected for count in counts.values()), counts
    else:
        assert counts == {"F1": expected, "F2": expected}
