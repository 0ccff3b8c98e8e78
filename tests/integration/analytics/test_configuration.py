"""familyConfiguration and configurationTimeline (DOMAIN questions 1 and 2) on the
hand-made fixture `tests/fixtures/analytics_small`.

Expectations are worked out by hand from the CSV files (the members at two
moments, the lead professional handover) and, for whole timelines, by a
brute-force day-by-day recomputation from the CSV rows with Python sets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.analytics.configuration import Presence, configuration_read, family_configuration
from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.timeline import configuration_timeline
from kb.storage.database import Database
from tests.analytics_support import SMALL, graphql, lead_on_day, parse_date, parse_instant, rows

# -- familyConfiguration, by hand --------------------------------------------------


def test_configuration_in_february_by_hand(small: Database) -> None:
    # Day 2024-02-05, window from 2024-01-06: allocations covering the day are P_T
    # (contributor) and P_SW1 (lead until 02-15); P_HV's ended 01-31. Interactions in the
    # window: I1 (P_SW1, P_T, P_CAMHS and a client), I5 (P_T), I2 (P_SW1, P_FSW).
    c = family_configuration(small, "F1", datetime(2024, 2, 5, 12, tzinfo=UTC), 30)
    members = {m.professional.id: m for m in c.members}
    assert set(members) == {"P_CAMHS", "P_FSW", "P_SW1", "P_T"}
    assert members["P_SW1"].presence is Presence.BOTH
    assert members["P_SW1"].role == "LEAD_PROFESSIONAL"
    assert members["P_SW1"].since == date(2024, 1, 1)
    assert members["P_T"].presence is Presence.BOTH
    assert members["P_T"].since == date(2023, 9, 1)
    assert members["P_CAMHS"].presence is Presence.INTERACTION
    assert members["P_CAMHS"].role == "ATTENDEE"
    assert members["P_CAMHS"].since == date(2024, 1, 10)
    # P_FSW still worked for social care on 02-05 (moved to the charity on 03-01).
    assert members["P_FSW"].agency is not None and members["P_FSW"].agency.id == "AG_SC"
    assert members["P_FSW"].sector == "SOCIAL_CARE"
    assert c.lead_professional is not None and c.lead_professional.professional.id == "P_SW1"
    assert [x.id for x in c.clients] == ["C1", "C2"]  # C4 left the family in 2023
    assert [a.id for a in c.agencies] == ["AG_CAMHS", "AG_SC", "AG_SCH"]
    assert c.sectors == ("EDUCATION", "MENTAL_HEALTH", "SOCIAL_CARE")


def test_configuration_after_the_handover_by_hand(small: Database) -> None:
    # Day 2024-03-10, window from 2024-02-09: P_T and P_SW2 (lead from 02-16) allocated;
    # I3 (03-05) brings P_SW2, P_PC and P_FSW, who now works for the charity.
    c = family_configuration(small, "F1", datetime(2024, 3, 10, tzinfo=UTC), 30)
    members = {m.professional.id: m for m in c.members}
    assert set(members) == {"P_FSW", "P_PC", "P_SW2", "P_T"}
    assert members["P_T"].presence is Presence.ALLOCATION
    assert members["P_SW2"].presence is Presence.BOTH
    assert members["P_FSW"].sector == "VOLUNTARY"
    assert members["P_PC"].sector == "CRIMINAL_JUSTICE"
    assert c.lead_professional is not None and c.lead_professional.professional.id == "P_SW2"


def test_window_excludes_interactions_after_at(small: Database) -> None:
    # At 2024-02-01 13:00, I2 (14:00 the same day) has not happened yet.
    c = family_configuration(small, "F1", datetime(2024, 2, 1, 13, tzinfo=UTC), 0)
    assert "P_FSW" not in {m.professional.id for m in c.members}
    c = family_configuration(small, "F1", datetime(2024, 2, 1, 15, tzinfo=UTC), 0)
    assert "P_FSW" in {m.professional.id for m in c.members}


def test_configuration_graph_has_stable_ids(small: Database) -> None:
    c = family_configuration(small, "F1", datetime(2024, 2, 5, 12, tzinfo=UTC), 30)
    ids = {n.id for n in c.graph.nodes}
    assert {"F1", "P_SW1", "AG_SC", "I1", "C1"} <= ids
    edge_ids = [e.id for e in c.graph.edges]
    assert len(edge_ids) == len(set(edge_ids))
    assert "INVOLVED_WITH:P_SW1:F1:LEAD_PROFESSIONAL:2024-01-01" in edge_ids
    assert "PARTICIPATED_IN:P_CAMHS:I1" in edge_ids
    assert all(e.source in ids and e.target in ids for e in c.graph.edges)


def test_without_the_graph_the_statement_answers_the_same_configuration(small: Database) -> None:
    at = datetime(2024, 2, 5, 12, tzinfo=UTC)
    whole = family_configuration(small, "F1", at, 30)
    bare = configuration_read("F1", at, 30, with_graph=False).run(small)
    assert bare == whole  # every field but the graph
    assert {n.id for n in whole.graph.nodes} >= {"F1", "P_SW1", "I1"}
    with pytest.raises(RuntimeError):
        bare.graph  # noqa: B018 - read without it: a fault, never an empty drawing


def test_the_api_reads_the_graph_only_when_asked(client: TestClient) -> None:
    fields = "members { professional { id } agency { id } since lastInteractionAt }"
    query = """query Q($g: Boolean!) { familyConfiguration(familyId: "F1",
      at: "2024-02-05T12:00:00Z", windowDays: 30) { FIELDS ...G @include(if: $g) } }
      fragment G on FamilyConfiguration { drawn: graph { nodes { id } edges { id } } }"""
    query = query.replace("FIELDS", fields)
    plain = graphql(client, query, g=False)
    drawn = graphql(client, query, g=True)
    assert "errors" not in plain and "errors" not in drawn, (plain, drawn)
    answer = drawn["data"]["familyConfiguration"]
    assert answer["members"] == plain["data"]["familyConfiguration"]["members"]
    assert {"F1", "P_SW1", "I1"} <= {n["id"] for n in answer["drawn"]["nodes"]}
    assert "drawn" not in plain["data"]["familyConfiguration"]


def test_configuration_errors(small: Database) -> None:
    with pytest.raises(UnknownEntity):
        family_configuration(small, "NOPE", datetime(2024, 2, 5, tzinfo=UTC))
    with pytest.raises(InvalidArgument):
        family_configuration(small, "F1", datetime(2024, 2, 5, tzinfo=UTC), -1)


# -- configurationTimeline: brute force from the CSV rows ----------------------------


def members_on_day(day: date, window_days: int) -> frozenset[str]:
    """The configuration of F1 on `day`, straight from the CSV rows (independent of kb)."""
    found = set()
    for inv in rows(SMALL, "involved_with"):
        start, end = parse_date(inv["from"]), parse_date(inv["to"])
        if (
            inv["target"] == "F1"
            and start is not None
            and start <= day
            and (end is None or day <= end)
        ):
            found.add(inv["source"])
    about_f1 = {c["source"] for c in rows(SMALL, "concerns") if c["target"] == "F1"}
    when = {i["id"]: parse_instant(i["at"]).date() for i in rows(SMALL, "interactions")}
    professionals = {p["id"] for p in rows(SMALL, "professionals")}
    for part in rows(SMALL, "participated_in"):
        i = part["target"]
        in_window = i in about_f1 and day - timedelta(days=window_days) <= when[i] <= day
        if part["source"] in professionals and in_window:
            found.add(part["source"])
    return frozenset(found)


def brute_force_changes(
    start: date, end: date, window_days: int
) -> list[tuple[date, frozenset[str]]]:
    """Every day whose members or lead differ from the day before's (and the first day)."""
    snapshots = [(start, members_on_day(start, window_days))]
    lead = lead_on_day(SMALL, "F1", start)
    day = start + timedelta(days=1)
    while day <= end:
        now = members_on_day(day, window_days)
        lead_now = lead_on_day(SMALL, "F1", day)
        if now != snapshots[-1][1] or lead_now != lead:
            snapshots.append((day, now))
        lead = lead_now
        day += timedelta(days=1)
    return snapshots


@pytest.mark.parametrize("window_days", [0, 7, 30, 90])
def test_timeline_matches_day_by_day_recomputation(small: Database, window_days: int) -> None:
    start, end = date(2023, 12, 1), date(2024, 6, 30)
    expected = brute_force_changes(start, end, window_days)
    t = configuration_timeline(small, "F1", start, end, window_days)
    got = [(t.initial.day, frozenset(t.initial.members))] + [
        (c.day, frozenset(c.members)) for c in t.changes
    ]
    assert got == expected
    assert [t.initial.lead, *(c.lead for c in t.changes)] == [
        lead_on_day(SMALL, "F1", day) for day, _ in expected
    ]
    for (_, before), change in zip(expected, t.changes, strict=False):
        assert set(change.joined) == set(change.members) - before
        assert set(change.left) == before - set(change.members)
        union = before | set(change.members)
        assert change.turnover == pytest.approx(1 - len(before & set(change.members)) / len(union))
    everyone = set().union(*(members for _, members in expected))
    assert t.distinct_professionals == len(everyone)
    expected_mean = sum(c.turnover or 0 for c in t.changes) / len(t.changes)
    assert t.mean_turnover == pytest.approx(expected_mean)


def test_timeline_shows_the_lead_handover_by_hand(small: Database) -> None:
    # With a zero-day window only allocations and same-day interactions count: on 02-16
    # P_SW2 takes over from P_SW1; the day before the configuration was {P_T, P_SW1}.
    t = configuration_timeline(small, "F1", date(2024, 2, 10), date(2024, 2, 20), 0)
    (handover,) = [c for c in t.changes if c.day == date(2024, 2, 16)]
    assert handover.joined == ("P_SW2",)
    assert handover.left == ("P_SW1",)
    assert handover.members == ("P_SW2", "P_T")
    assert handover.turnover == pytest.approx(2 / 3)


def test_timeline_longest_serving_and_agencies_by_hand(small: Database) -> None:
    # January 2024, no window: P_T is allocated all 31 days, P_SW1 from 01-01 too (31 days),
    # P_HV until 01-31 (31 days); ties go to the smallest id.
    t = configuration_timeline(small, "F1", date(2024, 1, 1), date(2024, 1, 31), 0)
    assert t.longest_serving is not None
    assert t.longest_serving.professional.id == "P_HV"
    assert t.longest_serving.days == 31
    # Members in January: P_HV, P_T, P_SW1, and P_CAMHS (I1 on 01-10).
    assert [a.id for a in t.distinct_agencies] == ["AG_CAMHS", "AG_HV", "AG_SC", "AG_SCH"]


def test_timeline_rejects_a_backwards_period(small: Database) -> None:
    with pytest.raises(InvalidArgument):
        configuration_timeline(small, "F1", date(2024, 2, 1), date(2024, 1, 1))


# -- through GraphQL ---------------------------------------------------------------

CONFIGURATION = """
query ($family: ID!, $at: DateTime!, $window: Int) {
  familyConfiguration(familyId: $family, at: $at, windowDays: $window) {
    familyId size sectors
    leadProfessional { professional { id } }
    members { professional { id name } agency { id sector } sector role since presence }
    clients { id role }
    graph { nodes { id type label properties } edges { id source target type properties } }
  }
}
"""

TIMELINE = """
query ($family: ID!, $from: Date!, $to: Date!, $window: Int) {
  configurationTimeline(familyId: $family, from: $from, to: $to, windowDays: $window) {
    from to initial { date size members { id } }
    changes { date size turnover joined { id } left { id } }
    meanTurnover distinctProfessionals distinctAgencies { id } longestServing { professional { id } days }
  }
}
"""


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    for leak in ("MATCH", "Traceback", "neo4j", "cypher", 'File "'):
        assert leak not in error["message"], error["message"]
    return error


def test_graphql_configuration(client: TestClient) -> None:
    body = graphql(client, CONFIGURATION, family="F1", at="2024-03-10T00:00:00Z", window=30)
    c = body["data"]["familyConfiguration"]
    assert c["size"] == 4
    assert c["leadProfessional"]["professional"]["id"] == "P_SW2"
    presence = {m["professional"]["id"]: m["presence"] for m in c["members"]}
    assert presence == {
        "P_FSW": "INTERACTION",
        "P_PC": "INTERACTION",
        "P_SW2": "BOTH",
        "P_T": "ALLOCATION",
    }
    node_ids = {n["id"] for n in c["graph"]["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in c["graph"]["edges"])


def test_graphql_timeline(client: TestClient) -> None:
    body = graphql(
        client, TIMELINE, family="F1", **{"from": "2024-02-10", "to": "2024-02-20"}, window=0
    )
    t = body["data"]["configurationTimeline"]
    handover = next(c for c in t["changes"] if c["date"] == "2024-02-16")
    assert [p["id"] for p in handover["joined"]] == ["P_SW2"]
    assert [p["id"] for p in handover["left"]] == ["P_SW1"]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"family": "NOPE", "at": "2024-03-10T00:00:00Z", "window": 30}, "NOT_FOUND"),
        ({"family": "F1", "at": "2024-03-10T00:00:00Z", "window": -5}, "BAD_USER_INPUT"),
    ],
)
def test_graphql_configuration_errors(
    client: TestClient, variables: dict[str, Any], code: str
) -> None:
    error = error_of(graphql(client, CONFIGURATION, **variables))
    assert error["extensions"]["code"] == code


def test_graphql_timeline_backwards_period(client: TestClient) -> None:
    body = graphql(client, TIMELINE, family="F1", **{"from": "2024-03-01", "to": "2024-02-01"})
    assert error_of(body)["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("start", "end", "accepted"),
    [
        # 20 years of days, both ends included, is the most: from 2000-01-01, to 2019-12-31
        # (7,305 days); the day after is refused (it used to be accepted up to 7,320 days).
        (date(2000, 1, 1), date(2019, 12, 31), True),
        (date(2000, 1, 1), date(2020, 1, 1), False),
        (date(2000, 1, 1), date(2020, 1, 16), False),
        (date(2000, 2, 29), date(2020, 2, 28), True),
        (date(2000, 2, 29), date(2020, 2, 29), False),
        # 29 February 1880 has no anniversary in 1900 (not a leap year): 1 March instead.
        (date(1880, 2, 29), date(1900, 2, 28), True),
        (date(1880, 2, 29), date(1900, 3, 1), False),
    ],
)
def test_timeline_period_is_at_most_twenty_years(
    small: Database, start: date, end: date, accepted: bool
) -> None:
    if accepted:
        assert configuration_timeline(small, "F1", start, end, 0).end == end
    else:
        with pytest.raises(InvalidArgument) as refused:
            configuration_timeline(small, "F1", start, end, 0)
        assert refused.value.argument == "to"
