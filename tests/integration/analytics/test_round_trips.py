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
from tests.analytics_support import SMALL
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
    # The endpoints' labels, the reachability pre-check, then the paths (the last is
    # skipped when the pre-check proves there is none): at most three either way.
    "boundaryCrossingPaths": (
        3,
        lambda db, f: boundary_crossing_paths(db, PathQuery("P_PC", f, 10, 50)),
    ),
}


@pytest.mark.parametrize("name", sorted(ANALYTICS))
def test_statements_do_not_grow_with_the_answer(database: Database, name: str) -> None:
    ensure_datasets(database, SMALL)
    expected, run = ANALYTICS[name]
    counts = {}
    for family in ("F1", "F2"):
        before = database.statements_sent
        run(database, family)
        counts[family] = database.statements_sent - before
    if name == "boundaryCrossingPaths":
        assert all(2 <= count <= expected for count in counts.values()), counts
    else:
        assert counts == {"F1": expected, "F2": expected}
