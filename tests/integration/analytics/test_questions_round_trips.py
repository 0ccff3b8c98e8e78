"""caseTrajectory, objectOfActivity, workRhythm, horizontalExpertise and levels each cost a
fixed number of statements, whatever the size of the answer: the same count for the
fixture's busy family (Q1) and its empty one (Q3), and for a busy and an idle period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from kb.analytics.activity import object_of_activity
from kb.analytics.expertise import horizontal_expertise
from kb.analytics.levels import levels
from kb.analytics.rhythm import work_rhythm
from kb.analytics.trajectory import case_trajectory
from kb.storage.database import Database
from tests.analytics_support import statements_per_family
from tests.api_entities_support import ensure_datasets
from tests.questions_support import QUESTIONS

# name: (statements, run on a family id)
PER_FAMILY: dict[str, tuple[int, Callable[[Database, str], object]]] = {
    "caseTrajectory": (1, lambda db, f: case_trajectory(db, f)),
    "objectOfActivity": (1, lambda db, f: object_of_activity(db, f)),
    "workRhythm": (1, lambda db, f: work_rhythm(db, f, window_days=30)),
}


@pytest.mark.parametrize("name", sorted(PER_FAMILY))
def test_statements_do_not_grow_with_the_answer(database: Database, name: str) -> None:
    ensure_datasets(database, QUESTIONS)
    expected, run = PER_FAMILY[name]
    counts = statements_per_family(database, run, ("Q1", "Q3"))
    assert counts == {"Q1": expected, "Q3": expected}


def test_work_rhythm_of_a_professional_is_one_statement(database: Database) -> None:
    ensure_datasets(database, QUESTIONS)
    counts = []
    for professional in ("P_SW", "P_DIR"):  # busy; only a board meeting
        before = database.statements_sent
        work_rhythm(database, professional_id=professional)
        counts.append(database.statements_sent - before)
    assert counts == [1, 1]


AFTER_THE_DATA = datetime(2030, 1, 1, tzinfo=UTC)
GLOBAL: dict[str, tuple[int, Callable[[Database, datetime | None], object]]] = {
    "horizontalExpertise": (1, lambda db, after: horizontal_expertise(db, after=after)),
    "levels": (1, lambda db, after: levels(db, after=after)),
}


@pytest.mark.parametrize("name", sorted(GLOBAL))
def test_global_questions_cost_the_same_for_all_work_and_none(
    database: Database, name: str
) -> None:
    ensure_datasets(database, QUESTIONS)
    expected, run = GLOBAL[name]
    counts = []
    for after in (None, AFTER_THE_DATA):
        before = database.statements_sent
        run(database, after)
        counts.append(database.statements_sent - before)
    assert counts == [expected, expected]
