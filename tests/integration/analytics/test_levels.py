"""levels (DOMAIN question 12) on `tests/fixtures/questions_small` and the seed.

By hand for the whole period: the strategic teams are the board T_BOARD, the panel
T_PANEL and the MASH steering group T_GROUP (type MASH, level STRATEGIC); T_TAF is a case
team. Six agencies sit on them and do case work (both), each through one professional
who carries both (P_CC, P_HO, P_HV, P_PO, P_SW, P_T); the directorate A_DIR is only on
the board; the charity A_VOL only did case work (P_MV, before moving to social care on
2024-04-01, in I9 and I12). From 2024-04-01 health, police and the directorate are
strategic only (their case work was in March), and the charity is gone. Every answer is
also recomputed from the CSV rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument
from kb.analytics.levels import levels
from kb.security import audit
from kb.security.roles import Role
from kb.storage.database import Database
from tests.analytics_support import parse_date, parse_instant, rows
from tests.api_entities_support import ensure_datasets
from tests.dataset_rows import SEED
from tests.questions_support import QUESTIONS, employer_on
from tests.security_support import gql

OPEN_LO, OPEN_HI = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def expected(
    dataset: Path, lo: datetime = OPEN_LO, hi: datetime = OPEN_HI
) -> dict[str, dict[str, set[str]]]:
    """agency -> level -> professionals present, recomputed from the rows with the rule."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if lo >= hi:
        return {}
    first_day = lo.date()
    last_day = (hi - timedelta(microseconds=1)).date()

    def touches(start: date | None, end: date | None) -> bool:
        assert start is not None
        return start <= last_day and (end is None or end >= first_day)

    teams = {t["id"]: t for t in rows(dataset, "teams")}
    for m in rows(dataset, "member_of"):
        start, end = parse_date(m["from"]), parse_date(m["to"])
        if touches(start, end):
            assert start is not None
            team = teams[m["target"]]
            strategic = team["type"] in ("BOARD", "PANEL") or team["level"] == "STRATEGIC"
            agency = employer_on(dataset, m["source"], max(start, first_day))
            if agency:
                found[agency]["STRATEGIC" if strategic else "OPERATIONAL"].add(m["source"])
    for inv in rows(dataset, "involved_with"):
        start, end = parse_date(inv["from"]), parse_date(inv["to"])
        if touches(start, end):
            assert start is not None
            agency = inv["onBehalfOf"] or employer_on(dataset, inv["source"], max(start, first_day))
            if agency:
                found[agency]["OPERATIONAL"].add(inv["source"])
    families = {f["id"] for f in rows(dataset, "families")}
    about = {c["source"] for c in rows(dataset, "concerns") if c["target"] in families}
    kinds = {i["id"]: i for i in rows(dataset, "interactions")}
    people = {p["id"] for p in rows(dataset, "professionals")}
    for part in rows(dataset, "participated_in"):
        i = kinds[part["target"]]
        when = parse_instant(i["at"])
        if part["source"] not in people or not lo <= when < hi:
            continue
        strategic = (i["level"] or "OPERATIONAL") == "STRATEGIC" or i["kind"] in (
            "BOARD_MEETING",
            "PANEL_MEETING",
        )
        if not strategic and i["id"] not in about:
            continue
        agency = employer_on(dataset, part["source"], when.date())
        if agency:
            found[agency]["STRATEGIC" if strategic else "OPERATIONAL"].add(part["source"])
    return {a: dict(levels_) for a, levels_ in found.items()}


def answered(db: Database, **period: datetime | None) -> dict[str, dict[str, set[str]]]:
    r = levels(db, **period)
    out: dict[str, dict[str, set[str]]] = {}
    for a in r.agencies:
        out[a.agency.id] = {}
        if a.strategic:
            out[a.agency.id]["STRATEGIC"] = {p.professional_id for p in a.strategic.professionals}
        if a.operational:
            out[a.agency.id]["OPERATIONAL"] = {
                p.professional_id for p in a.operational.professionals
            }
    return out


def test_whole_period_by_hand(questions: Database) -> None:
    r = levels(questions)
    presence = {a.agency.id: a.presence.value for a in r.agencies}
    assert presence == {
        "A_CAMHS": "BOTH", "A_HOU": "BOTH", "A_HV": "BOTH", "A_POL": "BOTH", "A_SC": "BOTH",
        "A_SCH": "BOTH", "A_DIR": "STRATEGIC_ONLY", "A_VOL": "OPERATIONAL_ONLY",
    }  # fmt: skip
    assert [a.agency.id for a in r.agencies][-2:] == ["A_DIR", "A_VOL"]
    carriers = {a.agency.id: a.carriers for a in r.agencies}
    assert carriers["A_SC"] == ("P_SW",)  # P_MV does case work for it, nothing strategic
    assert carriers["A_HOU"] == ("P_HO",)  # through the MASH steering group (level STRATEGIC)
    assert (r.strategic_agencies, r.operational_agencies) == (7, 7)
    assert r.strategic_also_operational == pytest.approx(6 / 7)
    assert r.operational_also_strategic == pytest.approx(6 / 7)
    school = next(a for a in r.agencies if a.agency.id == "A_SCH")
    assert school.operational is not None and school.operational.families == 2  # Q1 and Q2
    (t,) = school.operational.professionals
    assert (t.interactions, t.allocated_families, t.families) == (5, 1, 2)  # I1 I2 I4 I7 I9
    assert school.strategic is not None
    assert [(x.id, x.name) for x in school.strategic.teams] == [("T_PANEL", "SEND Panel")]
    social = next(a for a in r.agencies if a.agency.id == "A_SC")
    assert social.operational is not None
    assert [(x.id, x.name) for x in social.operational.teams] == [("T_TAF", None)]


def test_from_april_by_hand(questions: Database) -> None:
    r = levels(questions, after=at("2024-04-01T00:00:00"))
    presence = {a.agency.id: a.presence.value for a in r.agencies}
    assert presence == {
        "A_CAMHS": "BOTH", "A_HOU": "BOTH", "A_SC": "BOTH", "A_SCH": "BOTH",
        "A_DIR": "STRATEGIC_ONLY", "A_HV": "STRATEGIC_ONLY", "A_POL": "STRATEGIC_ONLY",
    }  # fmt: skip
    assert r.operational_also_strategic == 1.0


@pytest.mark.parametrize(
    ("after", "before"),
    [
        (None, None),
        (at("2024-04-01T00:00:00"), None),
        # P_HV's board membership ends on 2024-06-30: the day is in with `after` late on it...
        (at("2024-06-30T23:00:00"), None),
        # ...and out from midnight after.
        (at("2024-07-01T00:00:00"), None),
        # The board meeting I10 at 2024-03-15 10:00, at either end.
        (at("2024-03-15T10:00:00"), at("2024-03-16T00:00:00")),
        (at("2024-03-14T00:00:00"), at("2024-03-15T10:00:00")),
        # Memberships starting on 2024-01-01: out before its midnight, in one second after.
        (at("2023-06-01T00:00:00"), at("2024-01-01T00:00:00")),
        (at("2023-06-01T00:00:00"), at("2024-01-01T00:00:01")),
        (at("2024-05-02T10:00:00"), at("2024-05-02T10:00:00")),  # empty
    ],
)
def test_matches_a_recomputation_at_both_ends(
    questions: Database, after: datetime | None, before: datetime | None
) -> None:
    assert answered(questions, after=after, before=before) == expected(
        QUESTIONS, after or OPEN_LO, before or OPEN_HI
    )


def test_empty_period_and_bad_order(questions: Database) -> None:
    r = levels(questions, after=at("2024-05-02T10:00:00"), before=at("2024-05-02T10:00:00"))
    assert (r.agencies, r.strategic_also_operational, r.operational_also_strategic) == (
        (), None, None,
    )  # fmt: skip
    with pytest.raises(InvalidArgument) as bad:
        levels(questions, after=at("2024-02-01T00:00:00"), before=at("2024-01-01T00:00:00"))
    assert bad.value.argument == "after"


def test_graph_draws_both_levels(questions: Database) -> None:
    g = levels(questions).graph
    edges = {(e.type, e.source, e.target): e.properties for e in g.edges}
    assert edges[("REPRESENTED_ON", "A_SC", "T_BOARD")] == {"weight": 1}
    assert edges[("IN_CASE_WORK", "A_SCH", "level:OPERATIONAL")] == {
        "families": 2, "professionals": 1,
    }  # fmt: skip
    assert ("CARRIES_BOTH_FOR", "P_SW", "A_SC") in edges
    assert not any(t == "REPRESENTED_ON" and s == "A_VOL" for t, s, _ in edges)
    assert not [n for n in g.nodes if n.type == "Team" and n.id == "T_TAF"]


def test_seed_matches_a_recomputation(database: Database) -> None:
    ensure_datasets(database, SEED)
    assert answered(database) == expected(SEED)
    lo, hi = at("2024-01-01T00:00:00"), at("2024-07-01T00:00:00")
    assert answered(database, after=lo, before=hi) == expected(SEED, lo, hi)


QUERY = """query($after: DateTime, $before: DateTime) {
  levels(after: $after, before: $before) {
    strategicAgencies operationalAgencies both strategicAlsoOperational operationalAlsoStrategic
    agencies { agency { id } presence carrierIds
      strategic { teams { id name } professionals { professionalId interactions } }
      operational { families teams { id name } } }
    graph { nodes { id type label } edges { id type } }
  } }"""


def test_api_answers_and_logs_no_family_read(
    questions: Database, questions_keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    client, tokens = questions_keyed
    before = audit.list_events(questions, first=100, operation="readFamily")[0]
    body = gql(client, QUERY, tokens[Role.ANALYST]).json()
    assert "errors" not in body, body
    answer = body["data"]["levels"]
    assert (answer["strategicAgencies"], answer["both"]) == (7, 6)
    assert "Q1" not in str(answer) and "QF-0001" not in str(answer)  # no family named
    assert audit.list_events(questions, first=100, operation="readFamily")[0] == before
    bad = gql(
        client,
        QUERY,
        tokens[Role.ANALYST],
        {"after": "2024-02-01T00:00:00Z", "before": "2024-01-01T00:00:00Z"},
    ).json()
    (error,) = bad["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}
