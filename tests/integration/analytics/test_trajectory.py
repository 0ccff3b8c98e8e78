"""caseTrajectory (DOMAIN question 7) on `tests/fixtures/questions_small` and the seed.

Family Q1 of the fixture, worked out by hand (see the fixture's rows):
the school A_SCH is allocated first (P_T, 2024-01-01); social care A_SC receives the
school's referral I2 (2024-02-10 09:00; P_SW's allocation and participation the same day
come after it by the same-day rule); community health A_HV first takes part in I4
(2024-03-05); CAMHS receives social care's referral I5 (2024-04-01 11:00, which does not
open the episode E1, so no referral source) before its allocation (04-15); housing A_HOU
is allocated on 2024-05-01, the day before it takes part in I7. P_MV takes part in I7 for
A_SC (moved from the charity A_VOL on 2024-04-01), so the VOLUNTARY sector never engages
with Q1. The order is also recomputed from the CSV rows for every family of the fixture
and of the seed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.trajectory import case_trajectory
from kb.security.roles import Role
from kb.storage.database import Database
from tests.analytics_support import parse_date, parse_instant, rows
from tests.api_entities_support import ensure_datasets
from tests.dataset_rows import SEED
from tests.questions_support import QUESTIONS, employer_on, sector_of
from tests.security_support import logged_reads

T = datetime(2024, 1, 1, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def expected_order(
    dataset: Path, family: str, start: datetime | None = None, end: datetime | None = None
) -> list[tuple[str, str, date]]:
    """(agency, kind, day) in the order of first engagement, recomputed from the CSV rows
    with the documented rule: by day, then referral < allocation < participation, then time,
    then agency id; allocations with a day in [start, end), from their own first day."""
    lo = start or datetime.min.replace(tzinfo=UTC)
    hi = end or datetime.max.replace(tzinfo=UTC)
    about = {c["source"] for c in rows(dataset, "concerns") if c["target"] == family}
    when = {i["id"]: parse_instant(i["at"]) for i in rows(dataset, "interactions")}
    people = {p["id"] for p in rows(dataset, "professionals")}
    events: dict[str, list[tuple[date, int, datetime, str]]] = {}
    for ref in rows(dataset, "referred_to"):
        if ref["source"] in about and lo <= when[ref["source"]] < hi:
            moment = when[ref["source"]]
            events.setdefault(ref["target"], []).append((moment.date(), 0, moment, "REFERRAL"))
    days_lo, days_hi = lo.date(), (hi - timedelta(microseconds=1)).date()
    for inv in rows(dataset, "involved_with"):
        first, last = parse_date(inv["from"]), parse_date(inv["to"])
        assert first is not None
        if inv["target"] != family or lo >= hi or first > days_hi or (last and last < days_lo):
            continue
        agency = inv["onBehalfOf"] or employer_on(dataset, inv["source"], first)
        if agency:
            start_of_day = datetime.combine(first, datetime.min.time(), UTC)
            events.setdefault(agency, []).append((first, 1, start_of_day, "ALLOCATION"))
    for part in rows(dataset, "participated_in"):
        i = part["target"]
        if part["source"] in people and i in about and lo <= when[i] < hi:
            agency = employer_on(dataset, part["source"], when[i].date())
            if agency:
                events.setdefault(agency, []).append((when[i].date(), 2, when[i], "PARTICIPATION"))
    firsts = {agency: min(found) for agency, found in events.items()}
    ordered = sorted(firsts, key=lambda a: (firsts[a][:3], a))
    return [(a, firsts[a][3], firsts[a][0]) for a in ordered]


def test_q1_reads_as_worked_out_by_hand(questions: Database) -> None:
    t = case_trajectory(questions, "Q1")
    assert [(a.agency.id, a.first.kind.value, a.first.day) for a in t.agencies] == [
        ("A_SCH", "ALLOCATION", date(2024, 1, 1)),
        ("A_SC", "REFERRAL", date(2024, 2, 10)),
        ("A_HV", "PARTICIPATION", date(2024, 3, 5)),
        ("A_CAMHS", "REFERRAL", date(2024, 4, 1)),
        ("A_HOU", "ALLOCATION", date(2024, 5, 1)),
    ]
    assert [a.order for a in t.agencies] == [1, 2, 3, 4, 5]
    social_care = t.agencies[1]
    assert social_care.first_allocation is not None and social_care.first_participation
    assert social_care.first_allocation.professional_id == "P_SW"
    assert social_care.first_participation.interaction_id == "I2"
    assert t.agencies[0].first_participation and t.agencies[0].first_participation.at == at(
        "2024-01-10T10:00:00"
    )
    assert t.agencies[0].first_referral is None
    assert [s.sector for s in t.sectors] == [
        "EDUCATION", "SOCIAL_CARE", "HEALTH", "MENTAL_HEALTH", "HOUSING",
    ]  # fmt: skip
    steps = [
        (x.from_sector, x.to_sector, x.through.day, x.through.kind.value, x.through.interaction_id)
        for x in t.transitions
    ]
    assert steps == [
        ("EDUCATION", "SOCIAL_CARE", date(2024, 2, 10), "REFERRAL", "I2"),
        ("SOCIAL_CARE", "HEALTH", date(2024, 3, 5), "PARTICIPATION", "I4"),
        ("HEALTH", "MENTAL_HEALTH", date(2024, 4, 1), "REFERRAL", "I5"),
        ("MENTAL_HEALTH", "HOUSING", date(2024, 5, 1), "ALLOCATION", None),
    ]
    first, _, third, _ = t.transitions
    assert first.through.referral_source == "school"  # I2 opened E1 that day
    assert [(p.id, p.sector) for p in first.through.referrers] == [("P_T", "EDUCATION")]
    assert third.through.referral_source is None  # I5 is part of E1 but did not open it
    assert [(p.id, p.agency_id) for p in third.through.referrers] == [("P_SW", "A_SC")]


def test_simultaneous_engagements_are_ordered_by_agency_id(questions: Database) -> None:
    # Q2: police allocated 2024-02-15; the school and the charity both first take part in I9.
    t = case_trajectory(questions, "Q2")
    assert [(a.agency.id, a.first.kind.value) for a in t.agencies] == [
        ("A_POL", "ALLOCATION"), ("A_SCH", "PARTICIPATION"), ("A_VOL", "PARTICIPATION"),
    ]  # fmt: skip
    assert t.agencies[1].first.at == t.agencies[2].first.at


def test_a_family_without_work_has_an_empty_trajectory(questions: Database) -> None:
    t = case_trajectory(questions, "Q3")
    assert (t.agencies, t.sectors, t.transitions) == ((), (), ())
    assert [n.id for n in t.graph.nodes] == ["Q3"]


@pytest.mark.parametrize("family", ["Q1", "Q2", "Q3"])
def test_order_matches_a_recomputation_from_the_rows(questions: Database, family: str) -> None:
    t = case_trajectory(questions, family)
    got = [(a.agency.id, a.first.kind.value, a.first.day) for a in t.agencies]
    assert got == expected_order(QUESTIONS, family)


@pytest.mark.parametrize(
    ("after", "before", "agencies"),
    [
        # after is inclusive: the referral at exactly 09:00 counts.
        (at("2024-02-10T09:00:00"), None, ["A_SCH", "A_SC", "A_HV", "A_CAMHS", "A_HOU"]),
        # before is exclusive: the CAMHS referral at exactly 11:00 does not; its allocation
        # (from 04-15) has no day in the period either.
        (None, at("2024-04-01T11:00:00"), ["A_SCH", "A_SC", "A_HV"]),
        (None, at("2024-04-01T11:00:01"), ["A_SCH", "A_SC", "A_HV", "A_CAMHS"]),
        # An allocation counts by its days: before at midnight leaves 05-01 out...
        (at("2024-04-02T00:00:00"), at("2024-05-01T00:00:00"), ["A_SCH", "A_SC", "A_CAMHS"]),
        # ...and before one second later keeps the day, so housing's allocation counts.
        (
            at("2024-04-02T00:00:00"),
            at("2024-05-01T00:00:01"),
            ["A_SCH", "A_SC", "A_CAMHS", "A_HOU"],
        ),
        # after == before is an empty period.
        (at("2024-03-05T10:00:00"), at("2024-03-05T10:00:00"), []),
    ],
)
def test_period_rule_at_both_ends(
    questions: Database, after: datetime | None, before: datetime | None, agencies: list[str]
) -> None:
    t = case_trajectory(questions, "Q1", after, before)
    assert [a.agency.id for a in t.agencies] == agencies
    got = [(a.agency.id, a.first.kind.value, a.first.day) for a in t.agencies]
    assert got == expected_order(QUESTIONS, "Q1", after, before)


def test_an_allocation_begun_before_the_period_keeps_its_own_first_day(questions: Database) -> None:
    t = case_trajectory(questions, "Q1", at("2024-03-01T00:00:00"))
    school = t.agencies[0]
    assert (school.agency.id, school.first.kind.value, school.first.day) == (
        "A_SCH", "ALLOCATION", date(2024, 1, 1),
    )  # fmt: skip
    assert school.first_participation and school.first_participation.interaction_id == "I4"


def test_graph_draws_agencies_sectors_and_transitions(questions: Database) -> None:
    t = case_trajectory(questions, "Q1")
    types = {n.id: n.type for n in t.graph.nodes}
    assert types["Q1"] == "Family" and types["A_HOU"] == "Agency"
    assert types["sector:HOUSING"] == "Sector"
    transitions = [e for e in t.graph.edges if e.type == "TRANSITION"]
    assert [(e.source, e.target) for e in transitions] == [
        ("sector:EDUCATION", "sector:SOCIAL_CARE"),
        ("sector:SOCIAL_CARE", "sector:HEALTH"),
        ("sector:HEALTH", "sector:MENTAL_HEALTH"),
        ("sector:MENTAL_HEALTH", "sector:HOUSING"),
    ]
    engaged = [e for e in t.graph.edges if e.type == "ENGAGED_WITH"]
    assert {e.source for e in engaged} == {a.agency.id for a in t.agencies}
    assert all(e.target == "Q1" for e in engaged)


def test_errors(questions: Database) -> None:
    with pytest.raises(UnknownEntity):
        case_trajectory(questions, "NOPE")
    with pytest.raises(UnknownEntity):
        case_trajectory(questions, "A_SCH")  # an agency's id is not a family's
    with pytest.raises(InvalidArgument) as bad:
        case_trajectory(questions, "Q1", at("2024-02-01T00:00:00"), at("2024-01-01T00:00:00"))
    assert bad.value.argument == "after"


# -- the seed's story (c): education, then social care, then CAMHS ---------------------


def test_seed_story_c_travels_education_social_care_camhs(database: Database) -> None:
    ensure_datasets(database, SEED)
    t = case_trajectory(database, "fam-cedar")
    assert [a.agency.id for a in t.agencies] == [
        "agency-academy", "agency-social-care", "agency-camhs",
    ]  # fmt: skip
    assert [s.sector for s in t.sectors] == ["EDUCATION", "SOCIAL_CARE", "MENTAL_HEALTH"]
    assert [
        (x.through.kind.value, x.through.interaction_id, x.through.day) for x in t.transitions
    ] == [
        ("REFERRAL", "int-cedar-012", date(2023, 5, 15)),
        ("REFERRAL", "int-cedar-019", date(2023, 8, 7)),
    ]
    school = t.agencies[0]
    assert (school.first.kind.value, school.first.day) == ("ALLOCATION", date(2023, 3, 1))
    assert t.transitions[0].through.referral_source == "school"
    assert [p.sector for p in t.transitions[0].through.referrers] == ["EDUCATION"]
    assert [p.sector for p in t.transitions[1].through.referrers] == ["SOCIAL_CARE"]
    for family in sorted({f["id"] for f in rows(SEED, "families")}):
        got = case_trajectory(database, family)
        assert [(a.agency.id, a.first.kind.value, a.first.day) for a in got.agencies] == (
            expected_order(SEED, family)
        ), family
        sectors = [sector_of(SEED, a.agency.id) for a in got.agencies]
        assert [s.sector for s in got.sectors] == list(dict.fromkeys(sectors))


# -- through the API: audit, errors ---------------------------------------------------

QUERY = """query($f: ID!, $after: DateTime, $before: DateTime) {
  caseTrajectory(familyId: $f, after: $after, before: $before) {
    familyId agencies { order agency { id sector } first { kind on at interactionId } }
    transitions { fromSector toSector on through { kind interactionId referralSource } }
    graph { nodes { id type } edges { id type source target } }
  } }"""


def test_api_answers_and_audits_the_read(
    questions: Database, questions_keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    body, events = logged_reads(questions, questions_keyed, QUERY, {"f": "Q1"})
    assert "errors" not in body, body
    answer = body["data"]["caseTrajectory"]
    assert [a["agency"]["id"] for a in answer["agencies"]] == [
        "A_SCH", "A_SC", "A_HV", "A_CAMHS", "A_HOU",
    ]  # fmt: skip
    assert answer["transitions"][0]["through"] == {
        "kind": "REFERRAL", "interactionId": "I2", "referralSource": "school",
    }  # fmt: skip
    assert events == [["Q1"]]


@pytest.mark.parametrize(
    ("variables", "code", "argument"),
    [
        ({"f": "NOPE"}, "NOT_FOUND", None),
        (
            {"f": "Q1", "after": "2024-02-01T00:00:00Z", "before": "2024-01-01T00:00:00Z"},
            "BAD_USER_INPUT",
            "after",
        ),
    ],
)
def test_api_errors_are_coded_and_the_attempt_is_audited(
    questions: Database,
    questions_keyed: tuple[TestClient, dict[Role, str]],
    variables: dict[str, str],
    code: str,
    argument: str | None,
) -> None:
    body, events = logged_reads(questions, questions_keyed, QUERY, variables)
    assert body["data"] is None or body["data"]["caseTrajectory"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    assert error["extensions"].get("argument") == argument
    assert "MATCH" not in str(body)
    assert events == [[variables["f"]]]
