"""Limits checked before any Cypher runs, on a tiny schema: the cost rule against hand counts,
the largest page, depth, and errors masked with a code (503 for Neo4j unavailable)."""

from __future__ import annotations

import pytest

from api.security.router import status_for
from kb.settings import Settings
from tests.limits_support import LIMITS, run, tiny_schema


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        # branches (1) + 5 branches x label (5) = 6
        ("{ branches(first: 5) { label } }", 6),
        # 1 + 5 x (label 1 + leaves 1) + 5 x 20 leaves x name = 1 + 10 + 100 = 111
        ("{ branches(first: 5) { label leaves(first: 20) { name } } }", 111),
        # omitted first = the argument's default (10): 1 + 10 x (1 + 10 x 1) = 111
        ("{ branches { leaves { name } } }", 111),
        # a fragment counts where it is spread: same as above
        ("{ branches { ...B } } fragment B on Branch { leaves { name } }", 111),
    ],
)
def test_cost_is_first_multiplied_down_the_nesting(query: str, cost: int) -> None:
    limited = Settings(KB_API_MAX_COST=cost, KB_API_MAX_PAGE_SIZE=50)
    assert run(tiny_schema(limited), query).errors is None
    tighter = Settings(KB_API_MAX_COST=cost - 1, KB_API_MAX_PAGE_SIZE=50)
    errors = run(tiny_schema(tighter), query).errors
    assert errors is not None and len(errors) == 1
    assert errors[0].extensions == {"code": "LIMIT_EXCEEDED", "cost": cost, "limit": cost - 1}


def test_a_variable_first_counts_as_the_largest_page() -> None:
    # 1 + 50 x (1 + 50 x 1) = 2551 > 1000, although the variable asks for 2.
    query = "query($n: Int!) { branches(first: $n) { leaves(first: $n) { name } } }"
    result = tiny_schema(LIMITS).execute_sync(query, variable_values={"n": 2})
    assert result.errors is not None
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "LIMIT_EXCEEDED"
    assert result.data is None


def test_a_page_over_the_largest_is_refused_before_running() -> None:
    result = run(tiny_schema(LIMITS), "{ branches(first: 51) { label } }")
    assert result.errors is not None and result.data is None
    assert "largest page is 50" in result.errors[0].message


def test_neo4j_down_inside_a_resolver_is_unavailable_and_http_503() -> None:
    result = run(tiny_schema(LIMITS), "{ down branches(first: 1) { label } }")
    assert result.errors is not None and len(result.errors) == 1
    error = result.errors[0]
    assert error.extensions == {"code": "UNAVAILABLE"}
    assert "unavailable" in error.message and "7687" not in error.message
    body = {"data": result.data, "errors": [e.formatted for e in result.errors]}
    assert status_for(body) == 503  # type: ignore[arg-type]
    assert status_for({"data": {"a": 1}}) is None
    forbidden = {"data": {"a": None}, "errors": [{"extensions": {"code": "FORBIDDEN"}}]}
    assert status_for(forbidden) == 403  # type: ignore[arg-type]
    partial = {"data": {"a": None, "b": 1}, "errors": [{"extensions": {"code": "FORBIDDEN"}}]}
    assert status_for(partial) is None  # type: ignore[arg-type]


def test_unexpected_errors_are_masked_with_a_code() -> None:
    result = run(tiny_schema(LIMITS), "{ explode }")
    assert result.errors is not None
    error = result.errors[0]
    assert error.message == "Internal error; it has been logged."
    assert error.extensions == {"code": "INTERNAL"}
    assert "MATCH" not in str(error.formatted)


def chain(depth: int) -> str:
    return "{ chain { " + "next { " * (depth - 2) + "end" + " }" * (depth - 1) + " }"


def test_depth_is_limited() -> None:
    # Depth counts nesting below the root field: chain(9) (chain, 7 x next, end) has
    # depth 8, the default limit; one more level is refused.
    assert run(tiny_schema(Settings()), chain(9)).errors is None
    errors = run(tiny_schema(Settings()), chain(10)).errors
    assert errors is not None and errors[0].extensions is not None
    assert errors[0].extensions["code"] == "LIMIT_EXCEEDED"
    assert "exceeds maximum operation depth of 8" in errors[0].message
