"""brokerage (DOMAIN question 8): Gould-Fernandez roles by hand on the fixture and the seed's
broker (story d). (The role rule and the counts against R's sna::brokerage, without a database:
tests/unit/test_analytics_rules.py and tests/unit/test_brokerage_reference.py.)"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from kb.analytics.brokerage import brokerage
from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.storage.database import Database
from tests.analytics_support import graphql
from tests.api_entities_support import ensure_datasets
from tests.dataset_rows import SEED


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
