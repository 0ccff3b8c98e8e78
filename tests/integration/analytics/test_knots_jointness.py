"""knots (DOMAIN question 3) and jointness (question 4): by hand on
`tests/fixtures/analytics_small`, and on the seed's stories (a) and (b) with
expectations recomputed from the seed's CSV rows.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.analytics.errors import InvalidArgument, UnknownEntity
from kb.analytics.jointness import WorkingMode, jointness
from kb.analytics.knots import knots
from kb.storage.database import Database
from tests.analytics_support import graphql, parse_instant, rows
from tests.dataset_rows import SEED


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# -- knots, by hand -----------------------------------------------------------------


def test_knots_by_hand(small: Database) -> None:
    # F1's interactions: I1 01-10, I5 01-20, I2 02-01, I3 03-05, I4 03-20, I8 04-10, I9 04-15.
    # With gaps of at most 10 days: [I1 I5] [I2] [I3] [I4] [I8 I9].
    found = knots(small, "F1", 10)
    assert [k.interaction_ids for k in found] == [
        ("I1", "I5"),
        ("I2",),
        ("I3",),
        ("I4",),
        ("I8", "I9"),
    ]
    first, *_, last = found
    assert first.members == ("P_CAMHS", "P_SW1", "P_T")
    assert first.sectors == ("EDUCATION", "MENTAL_HEALTH", "SOCIAL_CARE")
    assert first.novelty == 1.0  # none of the three had met before 01-10
    assert found[3].members == ("P_CAMHS",) and found[3].novelty is None
    # P_FSW and P_SW1 met at I2 (02-01); P_EP met both for the first time in the burst.
    assert last.members == ("P_EP", "P_FSW", "P_SW1")
    assert (last.pairs, last.new_pairs) == (3, 2)
    assert last.novelty == pytest.approx(2 / 3)
    assert last.lifespan_days == pytest.approx(5.0)
    assert last.sectors == ("EDUCATION", "SOCIAL_CARE", "VOLUNTARY")


def test_knots_errors(small: Database) -> None:
    with pytest.raises(UnknownEntity):
        knots(small, "NOPE")
    with pytest.raises(InvalidArgument):
        knots(small, "F1", -1)


# -- jointness, by hand ---------------------------------------------------------------


def test_jointness_by_hand(small: Database) -> None:
    # Whole period: agencies from allocations (HV, SCH, SC) and from interactions (SC, SCH,
    # CAMHS, POL, VOL): 6 agencies, 15 pairs; joint: SC-SCH, SC-CAMHS, SCH-CAMHS (I1), SC-POL,
    # SC-VOL, POL-VOL (I3), SCH-VOL (I8) = 7.
    whole = jointness(small, "F1")
    assert whole.agencies == ("AG_CAMHS", "AG_HV", "AG_POL", "AG_SC", "AG_SCH", "AG_VOL")
    assert whole.pairs == 15 and len(whole.joint_pairs) == 7
    assert whole.jointness == pytest.approx(7 / 15)
    assert whole.mode is WorkingMode.INTERAGENCY
    # 01-25 to 02-05: only I2 (two social care workers) while HV, school and social care are
    # allocated: several agencies, no joint work.
    parallel = jointness(small, "F1", at("2024-01-25"), at("2024-02-05"))
    assert parallel.agencies == ("AG_HV", "AG_SC", "AG_SCH")
    assert parallel.jointness == 0.0 and parallel.mode is WorkingMode.MULTIAGENCY
    # F2 early February: the health visitor's allocation only.
    alone = jointness(small, "F2", at("2024-02-01"), at("2024-02-09"))
    assert alone.agencies == ("AG_HV",) and alone.mode is WorkingMode.SINGLE_AGENCY
    assert alone.jointness is None


# -- the seed's stories ----------------------------------------------------------------


def story(letter: str) -> dict[str, Any]:
    stories: list[dict[str, Any]] = json.loads((SEED / "stories.json").read_text())
    return next(s for s in stories if s["story"] == letter)


def test_seed_multiagency_then_interagency(seeded: Database) -> None:
    a = story("a")
    four = set(a["agencies"])
    end_of = timedelta(days=1) - timedelta(microseconds=1)
    before = jointness(
        seeded, a["family"], at(a["multiagencyFrom"]), at(a["multiagencyTo"]) + end_of
    )
    assert four <= set(before.agencies)
    assert not [p for p in before.joint_pairs if set(p) <= four]
    assert before.mode is WorkingMode.MULTIAGENCY
    after = jointness(
        seeded, a["family"], at(a["interagencyFrom"]), at(a["interagencyTo"]) + end_of
    )
    assert {p for p in after.joint_pairs if set(p) <= four} == set(
        itertools.combinations(sorted(four), 2)
    )
    assert after.mode is WorkingMode.INTERAGENCY


def test_seed_knot_of_strangers(seeded: Database) -> None:
    b = story("b")
    burst = next(
        k for k in knots(seeded, b["family"], 2) if b["interactions"][0] in k.interaction_ids
    )
    assert set(b["interactions"]) <= set(burst.interaction_ids)
    assert set(b["members"]) <= set(burst.members)
    # Recompute novelty from the CSV rows: pairs with no interaction together before the start.
    people = {p["id"] for p in rows(SEED, "professionals")}
    when = {i["id"]: parse_instant(i["at"]) for i in rows(SEED, "interactions")}
    together: dict[str, set[str]] = {}
    for part in rows(SEED, "participated_in"):
        if part["source"] in people:
            together.setdefault(part["target"], set()).add(part["source"])
    met = {
        pair
        for i, members in together.items()
        if when[i] < burst.start
        for pair in itertools.combinations(sorted(members), 2)
    }
    pairs = list(itertools.combinations(burst.members, 2))
    assert burst.novelty == pytest.approx(sum(1 for p in pairs if p not in met) / len(pairs))
    assert not [p for p in itertools.combinations(sorted(b["members"]), 2) if p in met]


# -- through GraphQL ---------------------------------------------------------------------

QUERY = """
query ($family: ID!, $gap: Int) {
  knots(familyId: $family, gapDays: $gap) { start end lifespanDays interactionIds memberIds sectors novelty }
  jointness(familyId: $family) { agencyIds pairs jointPairs { source target } jointness mode }
}
"""


def test_graphql_knots_and_jointness(client: TestClient) -> None:
    body = graphql(client, QUERY, family="F1", gap=10)
    assert [k["interactionIds"] for k in body["data"]["knots"]][-1] == ["I8", "I9"]
    assert body["data"]["jointness"]["mode"] == "INTERAGENCY"
    assert body["data"]["jointness"]["pairs"] == 15


def test_graphql_knots_bad_gap(client: TestClient) -> None:
    body = graphql(client, 'query { knots(familyId: "F1", gapDays: 400) { start } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
