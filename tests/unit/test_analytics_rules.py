"""Analytics rules that need no database: brokerage roles, turnover (Jaccard distance),
the spread of an object over sectors, and the path statements rendered from their template."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from kb.analytics import path_statements
from kb.analytics.brokerage import role_of
from kb.analytics.objects import spread
from kb.analytics.timeline import turnover
from kb.storage.cypher import statement


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


def test_rendered_statements_match_the_template() -> None:
    for kind in path_statements.RENDERERS:
        for hops_ in range(1, path_statements.MAX_HOPS + 1):
            name = path_statements.statement_name(kind, hops_)
            assert statement(name) == path_statements.render(kind, hops_), f"re-render {name}"
