"""boundaryObjectReport (DOMAIN question 6): by hand on the fixture's EHCP, and on the
seed's story (e) with shares and entropy recomputed from the seed's CSV rows."""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import UnknownEntity
from kb.analytics.objects import boundary_object_report
from kb.storage.database import Database
from tests.analytics_support import graphql, parse_date, parse_instant, rows
from tests.dataset_rows import SEED


def test_ehcp_by_hand(small: Database) -> None:
    # BO1: P_T (teacher, education) created it in I5; P_CAMHS (CAMHS, mental health) added
    # to it in I4. Two sectors with one contribution each: entropy 1 bit, evenness 1.
    (report,) = boundary_object_report(small, "F1")
    assert report.id == "BO1"
    assert (report.contributions, report.interactions, report.professionals) == (2, 2, 2)
    assert [(s.name, s.share) for s in report.sectors.shares] == [
        ("EDUCATION", 0.5),
        ("MENTAL_HEALTH", 0.5),
    ]
    assert report.sectors.entropy == pytest.approx(1.0)
    assert report.sectors.evenness == pytest.approx(1.0)
    assert {s.name for s in report.professions.shares} == {"TEACHER", "CAMHS_CLINICIAN"}


def test_ehcp_history_by_hand(small: Database) -> None:
    # I5 (2024-01-20, P_T, education) created BO1; I4 (2024-03-20, P_CAMHS, mental
    # health) added to it: the sectors that worked on it, in time order.
    (report,) = boundary_object_report(small, "F1")
    assert [
        (c.at.isoformat(), c.interaction, c.professional, c.profession, c.sector)
        for c in report.history
    ] == [
        ("2024-01-20T10:00:00+00:00", "I5", "P_T", "TEACHER", "EDUCATION"),
        ("2024-03-20T10:00:00+00:00", "I4", "P_CAMHS", "CAMHS_CLINICIAN", "MENTAL_HEALTH"),
    ]


def test_family_without_objects_and_unknown_family(small: Database) -> None:
    assert boundary_object_report(small, "F2") == ()
    with pytest.raises(UnknownEntity):
        boundary_object_report(small, "NOPE")


def test_seed_ehcp_worked_on_by_four_sectors(seeded: Database) -> None:
    stories = json.loads((SEED / "stories.json").read_text())
    e = next(s for s in stories if s["story"] == "e")
    report = next(
        r for r in boundary_object_report(seeded, e["family"]) if r.id == e["boundaryObject"]
    )
    # Recompute from the CSV rows: one contribution per (interaction, professional).
    sector_of = {a["id"]: a["sector"] for a in rows(SEED, "agencies")}
    when = {i["id"]: parse_instant(i["at"]).date() for i in rows(SEED, "interactions")}
    people = {p["id"] for p in rows(SEED, "professionals")}

    def sector_on(pid: str, day: date) -> str | None:
        jobs = [
            (parse_date(j["from"]) or date.min, j["target"])
            for j in rows(SEED, "employed_by")
            if j["source"] == pid
            and (parse_date(j["from"]) or date.min) <= day <= (parse_date(j["to"]) or date.max)
        ]
        return sector_of[max(jobs)[1]] if jobs else None

    worked = {w["source"] for w in rows(SEED, "worked_on") if w["target"] == e["boundaryObject"]}
    pairs = {
        (p["target"], p["source"])
        for p in rows(SEED, "participated_in")
        if p["target"] in worked and p["source"] in people
    }
    counts = Counter(s for i, pid in pairs if (s := sector_on(pid, when[i])))
    total = sum(counts.values())
    entropy = -sum(n / total * math.log2(n / total) for n in counts.values())
    assert set(e["sectors"]) <= set(counts)
    assert {s.name: s.contributions for s in report.sectors.shares} == dict(counts)
    assert report.sectors.entropy == pytest.approx(entropy)
    assert report.contributions == len(pairs)
    # Its history: the same pairs, each on its interaction's day and with that day's sector.
    history = [(c.interaction, c.professional, c.at.date(), c.sector) for c in report.history]
    assert sorted(history) == sorted((i, pid, when[i], sector_on(pid, when[i])) for i, pid in pairs)
    assert [c.at for c in report.history] == sorted(c.at for c in report.history)


def test_graphql_report(client: TestClient) -> None:
    body = graphql(
        client,
        'query { boundaryObjectReport(familyId: "F1") { id sectors { entropy evenness shares { name share } } } }',
    )
    (report,) = body["data"]["boundaryObjectReport"]
    assert report["sectors"]["entropy"] == pytest.approx(1.0)
