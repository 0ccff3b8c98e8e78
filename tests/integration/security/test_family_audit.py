"""The audit rule (`api.security.family_reads`): every read of family-level data is logged,
attempts included. Expected ids are worked out by hand from `tests/fixtures/api_small`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.security import audit
from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import SMALL, ensure_datasets
from tests.security_support import gql, keyed_client


@pytest.fixture(scope="module")
def keyed(database: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    ensure_datasets(database, SMALL)
    with keyed_client(database) as client_and_tokens:
        yield client_and_tokens


def logged(
    database: Database, keyed: tuple[TestClient, dict[Role, str]], query: str, **variables: Any
) -> tuple[dict[str, Any], list[list[str]]]:
    """The answer to `query` (as an ANALYST) and the ids of the `readFamily` events it wrote."""
    client, tokens = keyed
    before = {e.id for e in audit.list_events(database, first=1000, operation="readFamily")[0]}
    body: dict[str, Any] = gql(client, query, tokens[Role.ANALYST], variables).json()
    events, _ = audit.list_events(database, first=1000, operation="readFamily")
    return body, [sorted(e.ids) for e in reversed(events) if e.id not in before]


PATHS = """query($from: ID!, $to: ID!, $hops: Int!) {
  boundaryCrossingPaths(from: $from, to: $to, maxHops: $hops) { count toType } }"""


def test_a_path_search_to_a_family_that_finds_nothing_is_logged(
    database: Database, keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    # P4 took part only in I7 (about F2), with nobody else: no path reaches F1.
    body, events = logged(database, keyed, PATHS, **{"from": "P4", "to": "F1", "hops": 6})
    assert body["data"]["boundaryCrossingPaths"] == {"count": 0, "toType": "Family"}
    assert events == [["F1"]]


def test_a_path_search_that_fails_on_its_arguments_is_logged_as_an_attempt(
    database: Database, keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    body, events = logged(database, keyed, PATHS, **{"from": "P1", "to": "F1", "hops": 99})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # Before the endpoints are looked up, either one may be a family: both, as typed.
    assert events == [["F1", "P1"]]


def test_a_path_search_to_an_unknown_id_is_logged_as_an_attempt(
    database: Database, keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    body, events = logged(database, keyed, PATHS, **{"from": "P1", "to": "F-ERASED", "hops": 3})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert events == [["F-ERASED", "P1"]]


def test_a_path_through_a_family_logs_it(
    database: Database, keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    # P1 took part in I2, which concerns F1: the path ends at F1.
    body, events = logged(database, keyed, PATHS, **{"from": "P1", "to": "F1", "hops": 2})
    assert body["data"]["boundaryCrossingPaths"]["count"] >= 1
    assert events == [["F1"]]


@pytest.mark.parametrize(
    "field",
    [
        'familyConfiguration(familyId: $f, at: "2023-03-01T00:00:00Z") { size }',
        'configurationTimeline(familyId: $f, from: "2023-01-01", to: "2023-02-01") { changes { date } }',
        "knots(familyId: $f) { start }",
        "jointness(familyId: $f) { mode }",
        "boundaryObjectReport(familyId: $f) { contributions }",
        "brokerage(familyId: $f) { total }",
        "collaborationNetwork(level: SECTOR, familyId: $f) { nodeCount }",
    ],
)
def test_an_analytic_of_an_unknown_family_is_logged_as_an_attempt(
    database: Database, keyed: tuple[TestClient, dict[Role, str]], field: str
) -> None:
    body, events = logged(database, keyed, f"query($f: ID!) {{ {field} }}", f="F-ERASED")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", body
    assert events == [["F-ERASED"]]


def test_a_filter_on_an_unknown_family_is_logged_as_an_attempt(
    database: Database, keyed: tuple[TestClient, dict[Role, str]]
) -> None:
    query = '{ interactions(filter: {familyId: "F-ERASED"}) { totalCount } }'
    body, events = logged(database, keyed, query)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert events == [["F-ERASED"]]
