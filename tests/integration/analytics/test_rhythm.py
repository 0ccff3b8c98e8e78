"""workRhythm (DOMAIN question 9) on `tests/fixtures/questions_small` and the seed.

Burstiness is checked against the formula on the rows' own times (statistics.pstdev,
population sigma) and on sequences worked by hand; volatility against month-end
configurations recomputed day by day from the CSV rows (an allocation covering the
day, or an interaction about the family within `windowDays` before it). By hand for Q1
with windowDays 30 (see the fixture): Jan {P_T}; Feb {P_T, P_SW}; Mar {P_T, P_SW, P_HV};
Apr {P_T, P_SW, P_CC}; May {P_T, P_SW, P_CC, P_HO, P_MV}; Jun {P_T, P_SW, P_CC}: distances
1/2, 1/3, 1/2, 2/5, 2/5, mean 0.42667.
"""

from __future__ import annotations

import statistics
from calendar import monthrange
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.rhythm import work_rhythm
from kb.security import audit
from kb.security.roles import Role
from kb.storage.database import Database
from tests.analytics_support import members_on_day, parse_date, parse_instant, rows
from tests.api_entities_support import ensure_datasets
from tests.dataset_rows import SEED
from tests.questions_support import QUESTIONS
from tests.security_support import gql, logged_reads


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- independent recomputations from the rows ------------------------------------------


def family_times(dataset: Path, family: str, lo: datetime, hi: datetime) -> list[datetime]:
    about = {c["source"] for c in rows(dataset, "concerns") if c["target"] == family}
    return [
        parse_instant(i["at"])
        for i in rows(dataset, "interactions")
        if i["id"] in about and lo <= parse_instant(i["at"]) < hi
    ]


def formula(times: list[datetime]) -> float | None:
    ordered = sorted(times)
    gaps = [(b - a).total_seconds() / 86400 for a, b in pairwise(ordered)]
    if len(gaps) < 2:
        return None
    mu, sigma = sum(gaps) / len(gaps), statistics.pstdev(gaps)
    return (sigma - mu) / (sigma + mu)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return 1 - len(a & b) / len(a | b) if a | b else 0.0


def month_ends(first: date, last: date) -> list[date]:
    ends, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        ends.append(date(year, month, monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


def family_events(dataset: Path, family: str) -> list[date]:
    about = {c["source"] for c in rows(dataset, "concerns") if c["target"] == family}
    days = [
        parse_instant(i["at"]).date() for i in rows(dataset, "interactions") if i["id"] in about
    ]
    for inv in rows(dataset, "involved_with"):
        if inv["target"] == family:
            days += [d for d in (parse_date(inv["from"]), parse_date(inv["to"])) if d]
    return days


def test_q1_by_hand(questions: Database) -> None:
    r = work_rhythm(questions, "Q1", window_days=30)
    assert [m.month for m in r.months] == [f"2024-0{k}" for k in range(1, 7)]
    assert [set(m.members) for m in r.months] == [
        {"P_T"},
        {"P_T", "P_SW"},
        {"P_T", "P_SW", "P_HV"},
        {"P_T", "P_SW", "P_CC"},
        {"P_T", "P_SW", "P_CC", "P_HO", "P_MV"},
        {"P_T", "P_SW", "P_CC"},
    ]
    distances = [m.distance for m in r.months]
    assert distances[0] is None
    assert distances[1:] == pytest.approx([1 / 2, 1 / 3, 1 / 2, 2 / 5, 2 / 5])
    assert r.volatility == pytest.approx((1 / 2 + 1 / 3 + 1 / 2 + 2 / 5 + 2 / 5) / 5)
    assert r.months[3].joined == ("P_CC",) and r.months[3].left == ("P_HV",)
    assert r.interaction_ids == ("I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8")
    assert r.burstiness.gaps == 7
    assert r.burstiness.value == pytest.approx(
        formula(
            family_times(
                QUESTIONS, "Q1", datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
            )
        )
    )


@pytest.mark.parametrize("window", [0, 30, 90])
@pytest.mark.parametrize("family", ["Q1", "Q2"])
def test_family_rhythm_matches_a_recomputation(questions: Database, family: str, window: int) -> None:
    r = work_rhythm(questions, family, window_days=window)
    lo, hi = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    expected_b = formula(family_times(QUESTIONS, family, lo, hi))
    assert r.burstiness.value == (pytest.approx(expected_b) if expected_b is not None else None)
    days = family_events(QUESTIONS, family)
    ends = month_ends(min(days), max(days))
    assert [m.day for m in r.months] == ends
    configs = [members_on_day(QUESTIONS, family, d, window) for d in ends]
    assert [frozenset(m.members) for m in r.months] == configs
    steps = [jaccard(a, b) for a, b in pairwise(configs)]
    assert r.volatility == (pytest.approx(sum(steps) / len(steps)) if steps else None)


def test_professional_rhythm_counts_all_their_interactions_and_their_caseload(
    questions: Database,
) -> None:
    r = work_rhythm(questions, professional_id="P_SW", window_days=30)
    # Every interaction P_SW took part in, the board meeting (about no family) included.
    when = {i["id"]: parse_instant(i["at"]) for i in rows(QUESTIONS, "interactions")}
    mine = sorted(
        (when[p["target"]], p["target"])
        for p in rows(QUESTIONS, "participated_in")
        if p["source"] == "P_SW"
    )
    assert r.interaction_ids == tuple(i for _, i in mine)
    assert "I10" in r.interaction_ids
    assert r.burstiness.value == pytest.approx(formula([t for t, _ in mine]))
    # Allocated to Q1 from 2024-02-10 and never to Q2: Q1 at every month-end, Feb to Jun.
    assert [(m.month, m.members) for m in r.months] == [
        (f"2024-0{k}", ("Q1",)) for k in range(2, 7)
    ]
    assert r.volatility == 0.0
    assert r.families == ("Q1",)


def test_a_caseload_by_interactions_alone(questions: Database) -> None:
    # P_PO: allocated to Q2 2024-02-15..03-31, in I9 and I12 (about Q2) in March, in the board
    # meeting I10: with window 0, Q2 on the month-ends of February and March only.
    r = work_rhythm(questions, professional_id="P_PO", window_days=0)
    assert [(m.month, m.members) for m in r.months] == [("2024-02", ("Q2",)), ("2024-03", ("Q2",))]
    r = work_rhythm(questions, professional_id="P_MV", window_days=10)
    # P_MV, never allocated: in I9 (03-01) and I12 (03-20) about Q2, in I7 (05-02) about Q1.
    # Window 10: no month-end is within 10 days of one of them (I12 + 10 = 03-30).
    assert [(m.month, m.members) for m in r.months] == [
        ("2024-03", ()), ("2024-04", ()), ("2024-05", ()),
    ]  # fmt: skip
    # Window 30: I12 reaches 04-19 (March's end, not April's); I7 reaches 06-01 (May's end).
    r = work_rhythm(questions, professional_id="P_MV", window_days=30)
    assert [(m.month, m.members) for m in r.months] == [
        ("2024-03", ("Q2",)), ("2024-04", ()), ("2024-05", ("Q1",)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("after", "before", "interactions", "months"),
    [
        # after inclusive, before exclusive, for the interactions...
        (
            at("2024-02-10T09:00:00"),
            at("2024-04-01T11:00:00"),
            ["I2", "I3", "I4"],
            ["2024-02", "2024-03"],
        ),
        (
            at("2024-02-10T09:00:01"),
            at("2024-04-01T11:00:01"),
            ["I3", "I4", "I5"],
            ["2024-02", "2024-03"],
        ),
        # ...and for month-end days: before at midnight of 04-30 leaves April's out, one second
        # later keeps it.
        (at("2024-03-01T00:00:00"), at("2024-04-30T00:00:00"), ["I4", "I5", "I6"], ["2024-03"]),
        (
            at("2024-03-01T00:00:00"),
            at("2024-04-30T00:00:01"),
            ["I4", "I5", "I6"],
            ["2024-03", "2024-04"],
        ),
        # after == before is empty.
        (at("2024-03-05T10:00:00"), at("2024-03-05T10:00:00"), [], []),
    ],
)
def test_period_rule_at_both_ends(
    questions: Database, after: datetime, before: datetime, interactions: list[str], months: list[str]
) -> None:
    r = work_rhythm(questions, "Q1", after=after, before=before, window_days=30)
    assert list(r.interaction_ids) == interactions
    assert [m.month for m in r.months] == months
    # A month-end inside a period is the same configuration as in the whole-period answer.
    whole = {m.month: m.members for m in work_rhythm(questions, "Q1", window_days=30).months}
    assert all(m.members == whole[m.month] for m in r.months)


def test_errors(questions: Database) -> None:
    with pytest.raises(InvalidArgument) as neither:
        work_rhythm(questions)
    assert neither.value.argument == "familyId"
    with pytest.raises(InvalidArgument):
        work_rhythm(questions, "Q1", "P_SW")
    with pytest.raises(InvalidArgument) as window:
        work_rhythm(questions, "Q1", window_days=-1)
    assert window.value.argument == "windowDays"
    with pytest.raises(InvalidArgument) as order:
        work_rhythm(questions, "Q1", after=at("2024-02-01T00:00:00"), before=at("2024-01-01T00:00:00"))
    assert order.value.argument == "after"
    with pytest.raises(UnknownEntity):
        work_rhythm(questions, "NOPE")
    with pytest.raises(UnknownEntity):
        work_rhythm(questions, professional_id="Q1")  # a family's id is not a professional's


def test_seed_families_match_the_formula_and_the_recomputation(database: Database) -> None:
    ensure_datasets(database, SEED)
    lo, hi = at("2023-01-01T00:00:00"), at("2024-01-01T00:00:00")
    for family in sorted({f["id"] for f in rows(SEED, "families")}):
        r = work_rhythm(database, family, after=lo, before=hi, window_days=90)
        expected = formula(family_times(SEED, family, lo, hi))
        assert r.burstiness.value == (pytest.approx(expected) if expected is not None else None)
        for m in r.months:
            assert frozenset(m.members) == members_on_day(SEED, family, m.day, 90), (family, m.month)


# -- through the API ---------------------------------------------------------------------

QUERY = """query($f: ID, $p: ID, $w: Int) {
  workRhythm(familyId: $f, professionalId: $p, windowDays: $w) {
    subject subjectId interactions burstiness { gaps meanGapDays sdGapDays value }
    volatility months { month date size memberIds joinedIds leftIds distance }
  } }"""


def read_family_events(db: Database) -> list[list[str]]:
    return [e.ids for e in audit.list_events(db, first=100, operation="readFamily")[0]]


def test_api_audits_the_family_or_the_caseload(
    questions: Database, questions_keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    client, tokens = questions_keyed
    body = gql(client, QUERY, tokens[Role.ANALYST], {"f": "Q1", "w": 30}).json()
    assert "errors" not in body, body
    assert body["data"]["workRhythm"]["volatility"] == pytest.approx(0.426667, abs=1e-6)
    assert read_family_events(questions)[0] == ["Q1"]
    body = gql(client, QUERY, tokens[Role.ANALYST], {"p": "P_PO", "w": 0}).json()
    assert body["data"]["workRhythm"]["months"][0]["memberIds"] == ["Q2"]
    assert read_family_events(questions)[0] == ["Q2"]  # the families the answer shows


@pytest.mark.parametrize(
    ("variables", "code", "argument"),
    [
        ({}, "BAD_USER_INPUT", "familyId"),
        ({"f": "Q1", "p": "P_SW"}, "BAD_USER_INPUT", "familyId"),
        ({"f": "Q1", "w": 4000}, "BAD_USER_INPUT", "windowDays"),
        ({"f": "NOPE"}, "NOT_FOUND", None),
        ({"p": "NOPE"}, "NOT_FOUND", None),
    ],
)
def test_api_errors(
    questions: Database,
    questions_keyed: tuple[TestClient, dict[Role, str]],
    variables: dict[str, object],
    code: str,
    argument: str | None,
) -> None:
    body, events = logged_reads(questions, questions_keyed, QUERY, variables)
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"].get("argument")) == (code, argument)
    assert "MATCH" not in str(body)
    # A refused read that names a family is logged as an attempt; one naming none is not.
    assert events == ([[variables["f"]]] if "f" in variables else [])
