"""horizontalExpertise (DOMAIN question 11) on `tests/fixtures/questions_small` and the seed.

By hand for the fixture's whole period: P_SW (social care) worked with P_T (education),
P_HV (health), P_CC (mental health), P_HO (housing), P_MV (social care since 2024-04-01)
in Q1's interactions and on the care plan B1 and the information B2, and with P_PO
(criminal justice) and P_DIR (social care) at the board meeting I10: 7 collaborators,
6 sectors (their own among them), social care counted twice; collaborators from other
sectors in 2024-Q1 (three other sectors) and 2024-Q2 (three), so a hybrid. P_T reaches 6 sectors with 6 collaborators
(P_MV once as VOLUNTARY, in I9 before the move, and once as SOCIAL_CARE). The whole
ranking, sector counts and quarterly series are recomputed from the CSV rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument
from kb.analytics.expertise import HYBRID_MIN_QUARTERS, horizontal_expertise
from kb.security.roles import Role
from kb.storage.database import Database
from tests.analytics_support import parse_instant, rows
from tests.api_entities_support import ensure_datasets
from tests.dataset_rows import SEED
from tests.questions_support import QUESTIONS, sector_on
from tests.security_support import gql

OPEN_LO, OPEN_HI = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def quarter_of(moment: datetime) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def expected(
    dataset: Path, lo: datetime = OPEN_LO, hi: datetime = OPEN_HI
) -> dict[str, dict[str, object]]:
    """Per professional: own sector, collaborators, {sector: collaborators}, {quarter:
    sectors} and hybrid, recomputed from the CSV rows with the documented definitions."""
    when = {i["id"]: parse_instant(i["at"]) for i in rows(dataset, "interactions")}
    people = {p["id"] for p in rows(dataset, "professionals")}
    chosen = {i for i, t in when.items() if lo <= t < hi}
    takers: dict[str, set[str]] = defaultdict(set)
    for part in rows(dataset, "participated_in"):
        if part["source"] in people and part["target"] in chosen:
            takers[part["target"]].add(part["source"])
    # (professional, collaborator, collaborator's sector, quarter)
    links: set[tuple[str, str, str | None, str]] = set()
    for i, who in takers.items():
        for a in who:
            for b in who - {a}:
                links.add((a, b, sector_on(dataset, b, when[i].date()), quarter_of(when[i])))
    firsts: dict[str, dict[tuple[str, str | None], datetime]] = defaultdict(dict)
    for work in rows(dataset, "worked_on"):
        i = work["source"]
        for p in takers.get(i, set()) if i in chosen else set():
            key = (p, sector_on(dataset, p, when[i].date()))
            kept = firsts[work["target"]].get(key)
            firsts[work["target"]][key] = min(kept, when[i]) if kept else when[i]
    for members in firsts.values():
        for (a, _), ta in members.items():
            for (b, sb), tb in members.items():
                if a != b:
                    links.add((a, b, sb, quarter_of(max(ta, tb))))
    latest: dict[str, datetime] = {}
    for i, who in takers.items():
        for p in who:
            latest[p] = max(latest.get(p, when[i]), when[i])
    found: dict[str, dict[str, object]] = {}
    for p in {a for a, *_ in links}:
        own = sector_on(dataset, p, latest[p].date())
        mine = [link for link in links if link[0] == p]
        by_sector: dict[str, set[str]] = defaultdict(set)
        by_quarter: dict[str, set[str]] = defaultdict(set)
        for _, b, s, q in mine:
            if s:
                by_sector[s].add(b)
                by_quarter[q].add(s)
        active = {q for _, _, _, q in mine}
        broad = [q for q, sectors in by_quarter.items() if len(sectors - {own}) >= 3]
        found[p] = {
            "sector": own,
            "collaborators": len({b for _, b, _, _ in mine}),
            "sectors": {s: len(v) for s, v in by_sector.items()},
            "quarters": {q: sorted(v) for q, v in by_quarter.items()},
            "hybrid": len(broad) >= HYBRID_MIN_QUARTERS and 2 * len(broad) >= len(active),
        }
    return found


def ranking(found: dict[str, dict[str, object]]) -> list[str]:
    def key(p: str) -> tuple[int, int, str]:
        sectors = found[p]["sectors"]
        collaborators = found[p]["collaborators"]
        assert isinstance(sectors, dict) and isinstance(collaborators, int)
        return (-len(sectors), -collaborators, p)

    return sorted(found, key=key)


def answered(db: Database, **arguments: object) -> dict[str, dict[str, object]]:
    r = horizontal_expertise(db, limit=500, **arguments)  # type: ignore[arg-type]
    return {
        e.professional.id: {
            "sector": e.sector,
            "collaborators": e.collaborators,
            "sectors": {s.sector: s.collaborators for s in e.sectors},
            "quarters": {q.quarter: list(q.sectors) for q in e.quarters if q.sectors},
            "hybrid": e.hybrid,
        }
        for e in r.professionals
    }


def test_p_sw_and_p_t_by_hand(questions: Database) -> None:
    r = horizontal_expertise(questions)
    top = {e.professional.id: e for e in r.professionals}
    sw, t = top["P_SW"], top["P_T"]
    assert (sw.rank, sw.sector, sw.distinct_sectors, sw.other_sectors, sw.collaborators) == (
        1, "SOCIAL_CARE", 6, 5, 7,
    )  # fmt: skip
    assert (sw.sectors[0].sector, sw.sectors[0].collaborators) == ("SOCIAL_CARE", 2)
    assert sw.hybrid
    assert (t.sector, t.distinct_sectors, t.other_sectors, t.collaborators) == (
        "EDUCATION", 6, 6, 6,
    )  # fmt: skip
    assert {s.sector: s.collaborators for s in t.sectors} == {
        "SOCIAL_CARE": 2, "VOLUNTARY": 1, "CRIMINAL_JUSTICE": 1, "HEALTH": 1,
        "MENTAL_HEALTH": 1, "HOUSING": 1,
    }  # fmt: skip
    assert [(q.quarter, q.cumulative_sectors) for q in t.quarters] == [
        ("2024-Q1", 4), ("2024-Q2", 6),
    ]  # fmt: skip
    # P_MV: five other sectors, but only 2024-Q2 with three or more (2024-Q1: criminal
    # justice and education): broad once, not sustained, so not hybrid.
    mv = top["P_MV"]
    assert mv.other_sectors == 5 and not mv.hybrid
    assert [(q.quarter, q.other_sectors) for q in mv.quarters] == [("2024-Q1", 2), ("2024-Q2", 4)]
    # P_CC: four other sectors, all in 2024-Q2: one quarter, so not hybrid.
    assert top["P_CC"].other_sectors == 4 and not top["P_CC"].hybrid
    assert [q.quarter for q in top["P_CC"].quarters] == ["2024-Q2"]


def test_whole_ranking_matches_a_recomputation(questions: Database) -> None:
    found = expected(QUESTIONS)
    r = horizontal_expertise(questions, limit=500)
    assert [e.professional.id for e in r.professionals] == ranking(found)
    assert answered(questions) == found
    assert r.ranked == len(found)
    assert r.hybrids == sum(1 for f in found.values() if f["hybrid"])


@pytest.mark.parametrize(
    ("after", "before"),
    [
        # The board meeting I10 at exactly 2024-03-15 10:00: in as `after`...
        (at("2024-03-15T10:00:00"), None),
        # ...out as `before` (P_DIR's only interaction).
        (None, at("2024-03-15T10:00:00")),
        (at("2024-04-01T00:00:00"), at("2024-07-01T00:00:00")),
    ],
)
def test_period_rule_at_both_ends(
    questions: Database, after: datetime | None, before: datetime | None
) -> None:
    found = expected(QUESTIONS, after or OPEN_LO, before or OPEN_HI)
    assert answered(questions, after=after, before=before) == found
    if before == at("2024-03-15T10:00:00"):
        assert "P_DIR" not in found
    if after == at("2024-03-15T10:00:00"):
        assert "P_DIR" in found


def test_an_empty_period_ranks_nobody(questions: Database) -> None:
    r = horizontal_expertise(
        questions, after=at("2024-05-02T10:00:00"), before=at("2024-05-02T10:00:00")
    )
    assert (r.ranked, r.professionals, r.graph.nodes) == (0, (), [])


def test_filters_and_limit(questions: Database) -> None:
    assert [
        e.professional.id for e in horizontal_expertise(questions, sector="EDUCATION").professionals
    ] == ["P_T"]
    by_profession = horizontal_expertise(questions, profession="SOCIAL_WORKER")
    assert [e.professional.id for e in by_profession.professionals] == ["P_SW"]
    # P_MV's own sector is social care (their latest interaction, I7, after the move).
    social = horizontal_expertise(questions, sector="SOCIAL_CARE")
    assert [e.professional.id for e in social.professionals] == ["P_SW", "P_MV", "P_DIR"]
    two = horizontal_expertise(questions, limit=2)
    assert (two.ranked, [e.rank for e in two.professionals]) == (8, [1, 2])


def test_graph_joins_professionals_to_their_collaborators_sectors(questions: Database) -> None:
    r = horizontal_expertise(questions, limit=1)
    edges = {(e.source, e.target): e.properties for e in r.graph.edges}
    assert edges[("P_SW", "sector:SOCIAL_CARE")] == {"weight": 2, "own": True}
    assert edges[("P_SW", "sector:EDUCATION")] == {"weight": 1, "own": False}
    assert len(edges) == 6


def test_errors(questions: Database) -> None:
    for limit in (0, 501):
        with pytest.raises(InvalidArgument) as bad:
            horizontal_expertise(questions, limit=limit)
        assert bad.value.argument == "limit"
    with pytest.raises(InvalidArgument) as order:
        horizontal_expertise(
            questions, after=at("2024-02-01T00:00:00"), before=at("2024-01-01T00:00:00")
        )
    assert order.value.argument == "after"


def test_seed_matches_a_recomputation(database: Database) -> None:
    ensure_datasets(database, SEED)
    lo, hi = at("2024-01-01T00:00:00"), at("2024-07-01T00:00:00")
    assert answered(database, after=lo, before=hi) == expected(SEED, lo, hi)
    # Story (d): the broker pro-056 (voluntary) worked with four other sectors around fam-damson.
    top = {e.professional.id: e for e in horizontal_expertise(database, limit=500).professionals}
    broker = top["pro-056"]
    assert broker.sector == "VOLUNTARY"
    assert {"CRIMINAL_JUSTICE", "EDUCATION", "HEALTH", "HOUSING"} <= {
        s.sector for s in broker.sectors
    }


# -- through the API ---------------------------------------------------------------------

QUERY = """query($limit: Int, $sector: Sector, $profession: Profession) {
  horizontalExpertise(limit: $limit, sector: $sector, profession: $profession) {
    ranked hybrids
    professionals { rank professional { id } sector distinctSectors otherSectors collaborators
      sectors { sector collaborators } quarters { quarter sectors cumulativeSectors } hybrid }
    graph { nodes { id type } edges { id source target properties } }
  } }"""


def test_api_answers_with_enum_filters(questions_keyed: tuple[TestClient, dict[Role, str]]) -> None:
    client, tokens = questions_keyed
    body = gql(client, QUERY, tokens[Role.ANALYST], {"sector": "EDUCATION", "limit": 5}).json()
    assert "errors" not in body, body
    (only,) = body["data"]["horizontalExpertise"]["professionals"]
    assert (only["professional"]["id"], only["distinctSectors"], only["hybrid"]) == ("P_T", 6, True)
    bad = gql(client, QUERY, tokens[Role.ANALYST], {"sector": "NOWHERE"}).json()
    assert bad["errors"] and "NOWHERE" in bad["errors"][0]["message"]
    over = gql(client, QUERY, tokens[Role.ANALYST], {"limit": 501}).json()
    (error,) = over["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "limit"}
    assert gql(client, QUERY, None).status_code in (401, 403)


def test_dates_are_quarter_starts(questions: Database) -> None:
    r = horizontal_expertise(questions, limit=1)
    assert [q.start for q in r.professionals[0].quarters] == [date(2024, 1, 1), date(2024, 4, 1)]
