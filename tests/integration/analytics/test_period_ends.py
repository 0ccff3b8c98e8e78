"""Every analytic that takes a period reads it one way (kb.analytics.period): an
interaction at exactly `after` is in, one at exactly `before` is out; an allocation
ending on `after`'s day is in, one starting on `before`'s midnight is out;
`after == before` is empty. Checked at both ends on `tests/fixtures/analytics_small`.

Expected answers are recomputed from the CSV rows with the rule written out here
(`after <= at < before`; a day d counts when [d, d + 1 day) meets [after, before)),
not with the code under test. familyConfiguration and configurationTimeline take no
`after`/`before` (an instant and its window; inclusive dates): their ends are pinned
here too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import combinations

import pytest
from fastapi.testclient import TestClient

from kb.analytics.brokerage import brokerage
from kb.analytics.configuration import family_configuration
from kb.analytics.jointness import WorkingMode, jointness
from kb.analytics.network import NetworkLevel, collaboration_network
from kb.analytics.paths import PathQuery, boundary_crossing_paths
from kb.analytics.timeline import configuration_timeline
from kb.storage.database import Database
from tests.analytics_support import SMALL, graphql, parse_instant, rows

AT = {i["id"]: parse_instant(i["at"]) for i in rows(SMALL, "interactions")}
PEOPLE = {p["id"] for p in rows(SMALL, "professionals")}


def in_period(instant: datetime, after: datetime | None, before: datetime | None) -> bool:
    return (after is None or after <= instant) and (before is None or instant < before)


def professional_ties(
    family: str | None, after: datetime | None, before: datetime | None
) -> set[tuple[str, str]]:
    """Pairs of professionals who shared an interaction (about `family`) in the period, or
    an object about it worked on by such interactions."""
    about = {c["source"] for c in rows(SMALL, "concerns") if family is None or c["target"] == family}
    chosen = {i for i, t in AT.items() if in_period(t, after, before) and (family is None or i in about)}
    members: dict[str, set[str]] = {}
    for part in rows(SMALL, "participated_in"):
        if part["target"] in chosen and part["source"] in PEOPLE:
            members.setdefault(part["target"], set()).add(part["source"])
    groups = list(members.values())
    objects: dict[str, set[str]] = {}
    for work in rows(SMALL, "worked_on"):
        if work["source"] in chosen and (family is None or work["target"] in about):
            objects.setdefault(work["target"], set()).update(members.get(work["source"], set()))
    groups += list(objects.values())
    return {pair for group in groups for pair in combinations(sorted(group), 2)}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# I2 02-01 14:00 {SW1, FSW}; I6 02-10 10:00 {HV, PC} (F2); I3 03-05 09:00 {SW2, PC, FSW}.
ENDS = [
    (AT["I2"], AT["I3"]),  # I2 at after: in; I3 at before: out
    (AT["I2"] + timedelta(microseconds=1), AT["I3"] + timedelta(microseconds=1)),
    (AT["I3"], AT["I3"]),  # empty
]


@pytest.mark.parametrize(("after", "before"), ENDS)
@pytest.mark.parametrize("family", ["F1", None])
def test_collaboration_network_ends(
    small: Database, family: str | None, after: datetime, before: datetime
) -> None:
    network = collaboration_network(small, NetworkLevel.PROFESSIONAL, family, after, before)
    assert {(t.source, t.target) for t in network.ties} == professional_ties(family, after, before)


def test_collaboration_network_ends_by_hand(small: Database) -> None:
    network = collaboration_network(small, NetworkLevel.PROFESSIONAL, "F1", AT["I2"], AT["I3"])
    assert {(t.source, t.target) for t in network.ties} == {("P_FSW", "P_SW1")}
    empty = collaboration_network(small, NetworkLevel.PROFESSIONAL, "F1", AT["I3"], AT["I3"])
    assert empty.graph.nodes == [] and empty.ties == ()


@pytest.mark.parametrize(("after", "before"), ENDS)
@pytest.mark.parametrize("family", ["F1", None])
def test_brokerage_ends(
    small: Database, family: str | None, after: datetime, before: datetime
) -> None:
    # Every interaction in the fixture is joint participation (two-way ties), so the
    # brokers' ties are the professional network's pairs of the same period.
    ties = professional_ties(family, after, before)
    people_in = {p for pair in ties for p in pair}
    found = brokerage(small, family, after, before, limit=500)
    assert {b.professional for b in found} <= people_in | _alone(family, after, before)
    for broker in found:
        contacts = {b for a, b in ties if a == broker.professional} | {
            a for a, b in ties if b == broker.professional
        }
        open_pairs = [
            (a, b)
            for a, b in combinations(sorted(contacts), 2)
            if (a, b) not in ties and (b, a) not in ties
        ]
        assert broker.total == 2 * len(open_pairs), broker.professional


def _alone(family: str | None, after: datetime, before: datetime) -> set[str]:
    """Professionals in the period's interactions with nobody else."""
    about = {c["source"] for c in rows(SMALL, "concerns") if family is None or c["target"] == family}
    return {
        part["source"]
        for part in rows(SMALL, "participated_in")
        if part["source"] in PEOPLE
        and in_period(AT[part["target"]], after, before)
        and (family is None or part["target"] in about)
    }


def test_brokerage_at_before_by_hand(small: Database) -> None:
    # Up to I3 (excluded): I1 {SW1, T, CAMHS}, I5 {T}, I2 {SW1, FSW}. SW1 joins FSW to T and
    # to CAMHS: 4 itinerant/liaison ties. With I3 counted (the old reading) FSW would broker
    # too (between SW1 and SW2, PC).
    found = {b.professional: b.total for b in brokerage(small, "F1", None, AT["I3"])}
    assert found.get("P_SW1") == 4
    assert found.get("P_FSW", 0) == 0
    assert brokerage(small, "F1", AT["I3"], AT["I3"]) == ()


def test_jointness_allocation_days_at_both_ends(small: Database) -> None:
    # F1's allocations: HV 2023-06-01..2024-01-31 (AG_HV), T from 2023-09-01 (AG_SCH),
    # SW1 2024-01-01..2024-02-15 (AG_SC), SW2 from 2024-02-16 (AG_SC); no interaction
    # about F1 before I1 (2024-01-10).
    autumn = jointness(small, "F1", at("2023-09-01T00:00"), at("2024-01-01T00:00"))
    assert autumn.agencies == ("AG_HV", "AG_SCH")  # T starts on after's day; SW1 on before's
    assert autumn.mode is WorkingMode.MULTIAGENCY
    # HV's allocation ends on 01-31: in for a period starting late that day, out from 02-01.
    late = jointness(small, "F1", at("2024-01-31T23:00"), at("2024-02-01T00:00"))
    assert late.agencies == ("AG_HV", "AG_SC", "AG_SCH")
    next_day = jointness(small, "F1", at("2024-02-01T00:00"), at("2024-02-01T12:00"))
    assert next_day.agencies == ("AG_SC", "AG_SCH")
    # A `before` later than midnight takes in part of its day: SW2 (from 02-16) counts.
    into = jointness(small, "F1", at("2024-02-15T00:00"), at("2024-02-16T00:00:01"))
    assert into.agencies == ("AG_SC", "AG_SCH")
    assert jointness(small, "F1", at("2024-02-16T00:00"), at("2024-02-16T00:00")).agencies == ()


def test_jointness_interactions_at_both_ends(small: Database) -> None:
    # I1 (01-10 10:00) is the first joint work: SC, SCH and CAMHS.
    before_i1 = jointness(small, "F1", at("2024-01-02T00:00"), AT["I1"])
    assert before_i1.joint_pairs == ()
    from_i1 = jointness(small, "F1", AT["I1"], AT["I1"] + timedelta(seconds=1))
    assert set(from_i1.joint_pairs) == {
        ("AG_CAMHS", "AG_SC"),
        ("AG_CAMHS", "AG_SCH"),
        ("AG_SC", "AG_SCH"),
    }
    empty = jointness(small, "F1", AT["I1"], AT["I1"])
    assert (empty.agencies, empty.mode, empty.jointness) == ((), WorkingMode.NONE, None)


def test_paths_ends(small: Database) -> None:
    # P_PC is reached only through I3 (03-05 09:00) and I6 (F2, with P_HV alone).
    def found(after: datetime | None, before: datetime | None) -> bool:
        return bool(boundary_crossing_paths(small, PathQuery("P_T", "P_PC", 6, 5, after, before)).paths)

    assert not found(None, AT["I3"])
    assert found(None, AT["I3"] + timedelta(microseconds=1))
    assert found(AT["I1"], AT["I3"] + timedelta(microseconds=1))  # I1 at after: in
    # From I1 on, P_T's only way out is I1 (or I5 -> BO1 -> I4, later than I3).
    assert not found(AT["I1"] + timedelta(microseconds=1), AT["I3"] + timedelta(microseconds=1))
    assert not found(AT["I3"], AT["I3"])


def test_paths_ends_for_families_and_agencies(small: Database) -> None:
    # F2 is reached from P_PC only through I6 (02-10 10:00).
    assert boundary_crossing_paths(small, PathQuery("P_PC", "F2", 2, 5, AT["I6"], None)).paths
    assert not boundary_crossing_paths(small, PathQuery("P_PC", "F2", 2, 5, None, AT["I6"])).paths
    # Social care meets the charity first in I3 (P_FSW moved on 03-01).
    assert not boundary_crossing_paths(
        small, PathQuery("AG_SC", "AG_VOL", 1, 5, None, AT["I3"])
    ).paths
    assert boundary_crossing_paths(small, PathQuery("AG_SC", "AG_VOL", 1, 5, AT["I3"], None)).paths


# -- an instant with its window, and inclusive dates --------------------------------


def test_configuration_window_ends(small: Database) -> None:
    # familyConfiguration at `at` is "as of at": an interaction at exactly `at` counts,
    # as does one at the first instant of the window's first day.
    now = family_configuration(small, "F1", AT["I3"], window_days=0)
    assert {"P_SW2", "P_PC", "P_FSW"} <= {m.professional.id for m in now.members}
    earlier = family_configuration(small, "F1", AT["I3"] - timedelta(microseconds=1), 0)
    assert "P_PC" not in {m.professional.id for m in earlier.members}
    # I2 (02-01 14:00) is inside a window starting on 02-01 and outside one starting 02-02.
    on_day = family_configuration(small, "F1", at("2024-02-11T00:00"), window_days=10)
    assert "I2" in {i for m in on_day.members for i in m.interaction_ids}
    after_day = family_configuration(small, "F1", at("2024-02-12T00:00"), window_days=10)
    assert "I2" not in {i for m in after_day.members for i in m.interaction_ids}


def test_timeline_dates_are_inclusive(small: Database) -> None:
    # `from`/`to` are whole days, both included (the model's from/to): SW2's allocation
    # starts on 02-16, so a timeline ending on 02-16 shows SW2 joining on its last day.
    timeline = configuration_timeline(small, "F1", date(2024, 2, 10), date(2024, 2, 16), 0)
    assert [c.day for c in timeline.changes][-1] == date(2024, 2, 16)
    assert "P_SW2" in timeline.changes[-1].joined
    one_day = configuration_timeline(small, "F1", date(2024, 2, 16), date(2024, 2, 16), 0)
    assert "P_SW2" in one_day.initial.members


# -- through GraphQL ---------------------------------------------------------------


def test_graphql_jointness_empty_period(client: TestClient) -> None:
    body = graphql(
        client,
        "query ($a: DateTime, $b: DateTime) { jointness(familyId: \"F1\", after: $a, before: $b) "
        "{ agencyIds mode jointness } }",
        a="2024-01-10T10:00:00Z",
        b="2024-01-10T10:00:00Z",
    )
    assert body["data"]["jointness"] == {"agencyIds": [], "mode": "NONE", "jointness": None}
