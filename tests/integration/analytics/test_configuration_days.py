"""configurationTimeline.configurations: each day's whole configuration, from the
timeline's one read, as familyConfiguration answers it.

The expectation is familyConfiguration itself, asked at the end of every single day of
the period (its own statement, which filters by the day in the database): the
configuration listed for the last listed day on or before that day must equal it. On
the hand-made fixture (an agency change inside a membership, a lead handover, a client
who left) and on seed story (f).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.analytics.configuration import FamilyConfiguration, family_configuration
from kb.analytics.timeline import configuration_timeline
from kb.storage.database import Database
from tests.analytics_support import graphql


def shown(c: FamilyConfiguration) -> tuple[Any, ...]:
    """Everything a configuration shows but its instant (the graph as sets)."""
    return (
        c.members,
        c.lead_professional,
        c.lead_since,
        c.clients,
        c.agencies,
        c.sectors,
        frozenset(n.id for n in c.graph.nodes),
        frozenset(e.id for e in c.graph.edges),
    )


def check_every_day(db: Database, family: str, start: date, end: date, window: int) -> list[date]:
    listed = configuration_timeline(db, family, start, end, window, with_configurations=True)
    days = [c.at.date() for c in listed.configurations]
    assert days[0] == start and days == sorted(set(days))
    assert all(c.at.time() == time.max for c in listed.configurations)
    # Each listed day differs from the one before it.
    for before, after in zip(listed.configurations, listed.configurations[1:], strict=False):
        assert shown(before) != shown(after), after.at
    day, index = start, 0
    while day <= end:
        while index + 1 < len(days) and days[index + 1] <= day:
            index += 1
        expected = family_configuration(db, family, datetime.combine(day, time.max, UTC), window)
        assert shown(listed.configurations[index]) == shown(expected), day
        day += timedelta(days=1)
    return days


@pytest.mark.parametrize("window_days", [0, 30, 90])
def test_every_day_of_the_small_fixture_as_family_configuration_answers(
    small: Database, window_days: int
) -> None:
    days = check_every_day(small, "F1", date(2023, 12, 1), date(2024, 6, 30), window_days)
    # The lead handover (P_SW2 from 02-16) is a listed day whatever the window.
    assert date(2024, 2, 16) in days


def test_an_agency_change_inside_a_membership_is_a_listed_day(small: Database) -> None:
    # P_FSW moves from social care to the charity on 2024-03-01; with a 90-day window they
    # are a member (I2 in February) before and after, so the timeline shows no change
    # that day, but the configuration does: their agency and sector.
    start, end = date(2024, 2, 20), date(2024, 3, 10)
    timeline = configuration_timeline(small, "F1", start, end, 90, with_configurations=True)
    assert date(2024, 3, 1) not in [c.day for c in timeline.changes]
    (day,) = [c for c in timeline.configurations if c.at.date() == date(2024, 3, 1)]
    sectors = {m.professional.id: m.sector for m in day.members}
    assert sectors["P_FSW"] == "VOLUNTARY"
    (before,) = [c for c in timeline.configurations if c.at.date() < date(2024, 3, 1)][-1:]
    assert {m.professional.id: m.sector for m in before.members}["P_FSW"] == "SOCIAL_CARE"


def test_story_f_every_day_as_family_configuration_answers(seeded: Database) -> None:
    check_every_day(seeded, "fam-fir", date(2023, 5, 11), date(2024, 2, 15), 30)


def test_configurations_are_computed_only_when_asked(small: Database) -> None:
    plain = configuration_timeline(small, "F1", date(2024, 1, 1), date(2024, 3, 31), 30)
    assert plain.configurations == ()


def test_the_field_answers_in_one_request(client: TestClient) -> None:
    body = graphql(
        client,
        """{ configurationTimeline(familyId: "F1", from: "2024-02-10", to: "2024-02-20",
                                   windowDays: 0) {
              initial { date } changes { date }
              configurations { at size leadProfessional { professional { id } }
                               members { professional { id } sector role presence } } } }""",
    )
    assert "errors" not in body, body["errors"]
    data = body["data"]["configurationTimeline"]
    listed = [c["at"][:10] for c in data["configurations"]]
    assert listed[0] == "2024-02-10"
    # Every day the timeline lists a change, the configurations list a day too.
    assert {c["date"] for c in data["changes"]} <= set(listed)
    (handover,) = [c for c in data["configurations"] if c["at"].startswith("2024-02-16")]
    assert handover["leadProfessional"]["professional"]["id"] == "P_SW2"
