"""brokerage (DOMAIN question 8): Gould-Fernandez roles by hand on the fixture, the role
rule on its own, and the seed's broker (story d)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.analytics.brokerage import ROLES, brokerage, role_of, score
from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.settings import REPO_ROOT
from kb.storage.database import Database
from tests.analytics_support import FIXTURES, SMALL, graphql
from tests.api_entities_support import ensure_datasets, open_client

SEED = REPO_ROOT / "seed"
REFERENCE = FIXTURES / "brokerage_reference"


@pytest.fixture
def small(database: Database) -> Database:
    ensure_datasets(database, SMALL)
    return database


@pytest.fixture
def client(small: Database) -> Iterator[TestClient]:
    with open_client(small) as c:
        yield c


def test_roles() -> None:
    assert role_of("A", "A", "A") == "coordinator"
    assert role_of("A", "B", "A") == "itinerant"
    assert role_of("A", "A", "B") == "representative"
    assert role_of("A", "B", "B") == "gatekeeper"
    assert role_of("A", "B", "C") == "liaison"


def test_brokers_of_f1_by_hand(small: Database) -> None:
    # F1's joint work (two-way ties): I1 {SW1, T, CAMHS}, I2 {SW1, FSW}, I3 {SW2, PC, FSW},
    # I8 {FSW, EP}, I9 {EP, SW1}. Groups (sector at the latest interaction): SW1, SW2 social
    # care; T, EP education; CAMHS mental health; FSW voluntary (the charity); PC criminal
    # justice. FSW joins SW1-SW2 (itinerant, both ways) and SW1-PC, SW2-EP, PC-EP (liaison,
    # both ways); SW1-EP are tied directly (I9). SW1 joins T-EP (itinerant x2) and T-FSW,
    # CAMHS-FSW, CAMHS-EP (liaison x2 each).
    found = {b.professional: b for b in brokerage(small, "F1")}
    fsw, sw1 = found["P_FSW"], found["P_SW1"]
    assert (fsw.sector, fsw.itinerant, fsw.liaison, fsw.total) == ("VOLUNTARY", 2, 6, 8)
    assert (sw1.sector, sw1.itinerant, sw1.liaison, sw1.total) == ("SOCIAL_CARE", 2, 6, 8)
    assert found["P_PC"].total == 0  # PC's two contacts (SW2, FSW) are tied to each other
    top = brokerage(small, "F1", limit=2)
    assert [b.professional for b in top] == ["P_FSW", "P_SW1"]


def test_brokerage_errors(small: Database) -> None:
    with pytest.raises(UnknownEntity):
        brokerage(small, "NOPE")
    with pytest.raises(InvalidArgument):
        brokerage(small, "F1", limit=0)


def test_seed_broker(database: Database) -> None:
    ensure_datasets(database, SEED)
    stories = json.loads((SEED / "stories.json").read_text())
    d = next(s for s in stories if s["story"] == "d")
    (broker,) = [b for b in brokerage(database, None, limit=500) if b.professional == d["broker"]]
    assert broker.sector == d["brokerSector"]
    # Four contacts in four other sectors, never joined to each other: 4 x 3 ordered pairs.
    assert broker.liaison >= 12


def test_graphql_brokerage(client: TestClient) -> None:
    body = graphql(
        client,
        'query { brokerage(familyId: "F1", limit: 2) { professionalId sector liaison total } }',
    )
    assert [b["professionalId"] for b in body["data"]["brokerage"]] == ["P_FSW", "P_SW1"]


# -- against R's sna::brokerage (the reference implementation) ----------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def interactions_for(name: str) -> list[dict[str, Any]]:
    """The reference network as interactions: a mutual tie as one meeting (joint work, both
    ways), a one-way tie as a referral or an information share (sender to recipient)."""
    group = {n["id"]: n["group"] for n in read_csv(REFERENCE / f"{name}.nodes.csv")}
    ties = {(t["source"], t["target"]) for t in read_csv(REFERENCE / f"{name}.ties.csv")}
    events = []
    for k, (a, b) in enumerate(sorted(ties)):
        if (b, a) in ties:
            if a < b:
                people = [(a, "ATTENDEE"), (b, "ATTENDEE")]
                events.append(("MEETING", people))
            continue
        kind, sender = ("REFERRAL", "REFERRER") if k % 2 else ("INFORMATION_SHARE", "CONTRIBUTOR")
        events.append((kind, [(a, sender), (b, "RECIPIENT")]))
    return [
        {
            "id": f"i{k}",
            "kind": kind,
            "at": datetime(2024, 1, 1, 10, tzinfo=UTC),
            "people": [{"professional": p, "role": r, "sector": group[p]} for p, r in people],
        }
        for k, (kind, people) in enumerate(events)
    ]


@pytest.mark.parametrize(
    "name", sorted(p.name.removesuffix(".nodes.csv") for p in REFERENCE.glob("*.nodes.csv"))
)
def test_counts_agree_with_sna(name: str) -> None:
    # Expected counts: tests/fixtures/brokerage_reference/brokerage.R (R 4.2.2, sna 2.7-1).
    expected = {row["id"]: row for row in read_csv(REFERENCE / f"{name}.expected.csv")}
    got = {b.professional: b for b in score(interactions_for(name))}
    for pid, row in expected.items():
        counts = {role: int(row[role]) for role in ROLES}
        found = got.get(pid)  # an isolate takes part in nothing
        assert {role: getattr(found, role) if found else 0 for role in ROLES} == counts, pid
