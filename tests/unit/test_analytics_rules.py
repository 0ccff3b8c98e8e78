"""Analytics rules that need no database: brokerage roles, turnover (Jaccard distance),
the spread of an object over sectors, and burstiness by hand."""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from kb.analytics.brokerage import role_of
from kb.analytics.objects import spread
from kb.analytics.rhythm import burstiness
from kb.analytics.timeline import turnover


def test_roles() -> None:
    assert role_of("A", "A", "A") == "coordinator"
    assert role_of("A", "B", "A") == "itinerant"
    assert role_of("A", "A", "B") == "representative"
    assert role_of("A", "B", "B") == "gatekeeper"
    assert role_of("A", "B", "C") == "liaison"


def test_turnover_is_jaccard_distance() -> None:
    assert turnover({"a", "b"}, {"b", "c"}) == pytest.approx(2 / 3)
    assert turnover(set(), set()) == 0.0
    assert turnover({"a"}, set()) == 1.0


def test_one_sector_has_entropy_zero_not_negative_zero() -> None:
    # -sum(p log2 p) is -0.0 for a single category, which JSON prints as "-0.0".
    one = spread(Counter({"HEALTH": 4}))
    assert one.entropy == 0.0 and math.copysign(1.0, one.entropy) == 1.0
    assert one.evenness is None
    assert json.dumps(one.entropy) == "0.0"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_regular_gaps_give_minus_one() -> None:
    start = at("2024-01-01T00:00:00")
    b = burstiness([start + timedelta(days=7 * k) for k in range(5)])
    assert (b.gaps, b.mean_days, b.sd_days, b.value) == (4, 7.0, 0.0, -1.0)


def test_gaps_of_one_and_three_days() -> None:
    # mu = 2, population sigma = 1: B = (1 - 2) / (1 + 2) = -1/3 (a sample sigma would
    # give sqrt(2) and B = -0.17).
    start = at("2024-01-01T00:00:00")
    b = burstiness([start + timedelta(days=4), start, start + timedelta(days=1)])
    assert (b.gaps, b.mean_days, b.sd_days) == (2, 2.0, 1.0)
    assert b.value == pytest.approx(-1 / 3)


def test_fewer_than_two_gaps_or_no_spread_has_no_burstiness() -> None:
    start = at("2024-01-01T00:00:00")
    assert burstiness([]).value is None and burstiness([]).mean_days is None
    one = burstiness([start, start + timedelta(days=3)])
    assert (one.gaps, one.mean_days, one.sd_days, one.value) == (1, 3.0, None, None)
    assert burstiness([start, start, start]).value is None  # mu = sigma = 0
