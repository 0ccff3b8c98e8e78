"""Answers found wrong (issue 14), each pinned on `tests/fixtures/analytics_answers`,
worked out by hand from its CSV files:

- G1: P_TEA leads (LEAD_PROFESSIONAL from 2023-09-01), P_DUAL is key worker from
  2023-06-01 and also LEAD_PROFESSIONAL from 2023-12-01, and a child protection case
  appoints P_SW lead social worker from 2024-01-05. P_DUAL is employed twice at once:
  the health trust (from 2020) and the charity (from 2023-06-01, so the charity is
  their agency). J1 (2024-01-05, about G1) is the case conference {P_SW, P_TEA,
  P_DUAL, P_POL}; it created and shared OB1 (the plan, about G1): two WORKED_ON rows.
  J2 (about no family) is P_HOU's contribution to OB1; J4 (about no family) is P_POL
  meeting P_HOU.
- G2: P_SW2 is lead social worker from 2024-02-01. K1: P_POL shares information with
  P_SW2; K2: P_SW2 shares it with P_HOU; K3: P_HOU refers to P_TEA.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.analytics.brokerage import brokerage
from kb.analytics.configuration import family_configuration
from kb.analytics.jointness import jointness
from kb.analytics.network import NetworkLevel, collaboration_network
from kb.analytics.paths import PathQuery, boundary_crossing_paths
from kb.analytics.timeline import configuration_timeline
from kb.storage.database import Database
from tests.analytics_support import FIXTURES, graphql
from tests.api_entities_support import dataset_fixture, open_client_fixture

ANSWERS: Path = FIXTURES / "analytics_answers"


answers = dataset_fixture(ANSWERS)
client = open_client_fixture("answers")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- familyConfiguration: the members' agencies, and the lead --------------------------


def test_configuration_agencies_are_the_members_agencies(answers: Database) -> None:
    # P_DUAL's agency is the charity; the health trust also employs them but is not
    # their agency, so it is neither an agency nor a sector of the configuration.
    c = family_configuration(answers, "G1", at("2024-01-10T12:00"), 30)
    members = {m.professional.id: m for m in c.members}
    assert members["P_DUAL"].agency is not None and members["P_DUAL"].agency.id == "AG_VOL"
    assert [a.id for a in c.agencies] == ["AG_EDU", "AG_POL", "AG_SC", "AG_VOL"]
    assert c.sectors == ("CRIMINAL_JUSTICE", "EDUCATION", "SOCIAL_CARE", "VOLUNTARY")
    assert {a.id for a in c.agencies} == {m.agency.id for m in c.members if m.agency}
    drawn = {n.id for n in c.graph.nodes if n.type == "Agency"}
    assert "AG_HEALTH" not in drawn


def test_lead_social_worker_is_the_lead(answers: Database) -> None:
    c = family_configuration(answers, "G1", at("2024-01-10T12:00"), 30)
    assert c.lead_professional is not None
    assert c.lead_professional.professional.id == "P_SW"
    assert c.lead_professional.role == "LEAD_SOCIAL_WORKER"
    assert c.lead_since == date(2024, 1, 5)
    # A family whose only lead allocation is a lead social worker has that lead.
    g2 = family_configuration(answers, "G2", at("2024-02-10T12:00"), 30)
    assert g2.lead_professional is not None
    assert g2.lead_professional.professional.id == "P_SW2"


def test_lead_before_the_child_protection_case(answers: Database) -> None:
    # Two LEAD_PROFESSIONAL allocations at once: the most recently started leads.
    november = family_configuration(answers, "G1", at("2023-11-15T12:00"), 0)
    assert november.lead_professional is not None
    assert november.lead_professional.professional.id == "P_TEA"
    december = family_configuration(answers, "G1", at("2023-12-15T12:00"), 0)
    assert december.lead_professional is not None
    assert december.lead_professional.professional.id == "P_DUAL"
    assert december.lead_since == date(2023, 12, 1)
    roles = {m.professional.id: m.role for m in december.members}
    assert roles["P_DUAL"] == "LEAD_PROFESSIONAL"  # a lead allocation names the role


def test_timeline_names_the_lead_and_its_changes(answers: Database) -> None:
    t = configuration_timeline(answers, "G1", date(2023, 11, 25), date(2024, 1, 10), 0)
    assert (t.initial.members, t.initial.lead) == (("P_DUAL", "P_TEA"), "P_TEA")
    got = [(c.day, c.members, c.lead, c.turnover) for c in t.changes]
    assert got == [
        (date(2023, 12, 1), ("P_DUAL", "P_TEA"), "P_DUAL", 0.0),  # the lead alone changes
        (date(2024, 1, 5), ("P_DUAL", "P_POL", "P_SW", "P_TEA"), "P_SW", 0.5),
        (date(2024, 1, 6), ("P_DUAL", "P_SW", "P_TEA"), "P_SW", 0.25),
    ]


LEAD = """
query ($family: ID!, $at: DateTime!) {
  familyConfiguration(familyId: $family, at: $at) {
    leadProfessional { professional { id } role } leadProfessionalSince agencies { id } sectors
  }
  configurationTimeline(familyId: $family, from: "2024-01-01", to: "2024-01-10", windowDays: 0) {
    initial { date lead { id } } changes { date lead { id } }
  }
}
"""


def test_graphql_lead_and_agencies(client: TestClient) -> None:
    body = graphql(client, LEAD, family="G1", at="2024-01-10T12:00:00Z")
    c = body["data"]["familyConfiguration"]
    assert c["leadProfessional"] == {"professional": {"id": "P_SW"}, "role": "LEAD_SOCIAL_WORKER"}
    assert c["leadProfessionalSince"] == "2024-01-05"
    assert [a["id"] for a in c["agencies"]] == ["AG_EDU", "AG_POL", "AG_SC", "AG_VOL"]
    t = body["data"]["configurationTimeline"]
    assert t["initial"]["lead"] == {"id": "P_DUAL"}
    assert [(x["date"], x["lead"]) for x in t["changes"]] == [
        ("2024-01-05", {"id": "P_SW"}),
        ("2024-01-06", {"id": "P_SW"}),
    ]


# -- jointness and the family network: work about the family ---------------------------


def test_jointness_counts_only_work_about_the_family(answers: Database) -> None:
    # P_HOU worked on G1's plan in J2, which concerns no family: housing is not involved.
    j = jointness(answers, "G1")
    assert j.agencies == ("AG_EDU", "AG_POL", "AG_SC", "AG_VOL")
    network = collaboration_network(answers, NetworkLevel.AGENCY, "G1")
    assert "AG_HOU" not in {n.id for n in network.graph.nodes}
    people = collaboration_network(answers, NetworkLevel.PROFESSIONAL, "G1")
    assert {n.id for n in people.graph.nodes} == {"P_DUAL", "P_POL", "P_SW", "P_TEA"}


# -- brokerage: information shares are directed -----------------------------------------


def test_information_shares_run_contributor_to_recipient(answers: Database) -> None:
    # Ties in G2: P_POL -> P_SW2 (K1), P_SW2 -> P_HOU (K2), P_HOU -> P_TEA (K3). P_SW2 brokers
    # POL -> SW2 -> HOU once (liaison: criminal justice, social care, housing); P_HOU brokers
    # SW2 -> HOU -> TEA once. Read both ways, P_SW2 would also broker HOU -> SW2 -> POL.
    found = {b.professional: b for b in brokerage(answers, "G2")}
    assert (found["P_SW2"].liaison, found["P_SW2"].total) == (1, 1)
    assert (found["P_HOU"].liaison, found["P_HOU"].total) == (1, 1)
    assert found["P_POL"].total == found["P_TEA"].total == 0


@pytest.mark.parametrize(("limit", "ok"), [(0, False), (1, True), (500, True), (501, False)])
def test_graphql_brokerage_limit(client: TestClient, limit: int, ok: bool) -> None:
    body = graphql(client, "query ($n: Int) { brokerage(limit: $n) { professionalId } }", n=limit)
    if ok:
        assert body["data"]["brokerage"] is not None
    else:
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert body["errors"][0]["extensions"]["argument"] == "limit"


# -- boundaryCrossingPaths: distinct node sequences ----------------------------------


def test_paths_are_distinct_and_fill_the_limit(answers: Database) -> None:
    # P_TEA reaches P_HOU in one hop (K3) and in two: through the plan (J1 created and
    # shared OB1, two WORKED_ON rows: one node sequence) and through P_POL (J1, J4).
    result = boundary_crossing_paths(answers, PathQuery("P_TEA", "P_HOU", 2, 3))
    assert [p.node_ids for p in result.paths] == [
        ("P_TEA", "K3", "P_HOU"),
        ("P_TEA", "J1", "OB1", "J2", "P_HOU"),
        ("P_TEA", "J1", "P_POL", "J4", "P_HOU"),
    ]


def test_family_paths_are_distinct(answers: Database) -> None:
    # P_TEA reaches G1 through J1 about it, and through OB1 (J1 worked on it twice).
    result = boundary_crossing_paths(answers, PathQuery("P_TEA", "G1", 1, 5))
    assert [p.node_ids for p in result.paths] == [
        ("P_TEA", "J1", "G1"),
        ("P_TEA", "J1", "OB1", "G1"),
    ]
