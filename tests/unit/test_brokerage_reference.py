"""brokerage's counting (`kb.analytics.brokerage.score`) against R's sna::brokerage, the
reference implementation, on the small networks in tests/fixtures/brokerage_reference."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kb.analytics.brokerage import ROLES, score
from tests.analytics_support import FIXTURES

REFERENCE = FIXTURES / "brokerage_reference"


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
