"""One Cypher statement per request: the entity graph translates a whole selection set.

The shapes are those of #10 (and the bench's entity questions), asked of 100 generated
families built alike (tests/api_entities_support.py), so the expected answers are known
from the generator's rules. Each request must send exactly one read statement and the
one audit write of its family reads, however many rows it answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kb.security import audit
from kb.storage.database import Database
from tests.api_entities_support import data, ensure_datasets, open_client, write_generated_families

SHAPES: dict[str, tuple[str, dict[str, Any]]] = {
    "20 families with their clients": (
        "{ families(first: 20) { nodes { reference clients { name } } } }",
        {},
    ),
    "10 families, involvements, agencies, 5 latest interactions with participants": (
        """{ families(first: 10) { nodes {
             reference
             involvements { role professional { name agency(on: "2023-06-01") { name sector } } }
             interactions(first: 5, latestFirst: true) { totalCount nodes {
               at participants { role participant {
                 ... on Professional { name } ... on Client { name } } } } }
           } } }""",
        {},
    ),
    "a node by id": (
        "query($id: ID!) { node(id: $id) { ... on Family { reference } } }",
        {"id": "GEN-F0042"},
    ),
    "a family's interactions in a date range": (
        """query($f: ID!) { interactions(first: 20, filter: {familyId: $f,
             at: {after: "2023-01-03T00:00:00Z", before: "2023-01-06T00:00:00Z"}}) {
           totalCount nodes { id kind at } } }""",
        {"f": "GEN-F0042"},
    ),
}


@pytest.fixture(scope="module")
def generated(database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    directory: Path = write_generated_families(tmp_path_factory.mktemp("one") / "generated", 100)
    ensure_datasets(database, directory)
    with open_client(database, api_max_depth=12, api_max_cost=100_000) as client:
        yield client


def sent(
    database: Database, client: TestClient, query: str, **variables: Any
) -> tuple[dict[str, Any], int, int]:
    """The answer, the statements the request sent, and the audit events it wrote."""
    events = len(audit.list_events(database, first=1000)[0])
    before = database.statements_sent
    answer = data(client, query, **variables)
    statements = database.statements_sent - before
    return answer, statements, len(audit.list_events(database, first=1000)[0]) - events


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_sends_one_read_statement_and_one_audit_write(
    database: Database, generated: TestClient, shape: str
) -> None:
    query, variables = SHAPES[shape]
    _, statements, events = sent(database, generated, query, **variables)
    assert events == 1  # the family read, logged once
    assert statements == 2, "one read statement and the audit write"


def test_the_nested_shape_answers_what_the_generator_wrote(
    database: Database, generated: TestClient
) -> None:
    query, _ = SHAPES[
        "10 families, involvements, agencies, 5 latest interactions with participants"
    ]
    families = sent(database, generated, query)[0]["families"]["nodes"]
    assert [f["reference"] for f in families] == [f"GEN family {k:04}" for k in range(10)]
    # Family k: lead GEN-P(k % 10), contributor GEN-P((k + 3) % 10), employed by GEN-A(i % 4);
    # 6 interactions on Jan 2..7, latest first; each with the lead (CHAIR), the other
    # (ATTENDEE) and the parent GEN-C<k>-2, by id: client first, then the professionals.
    seventh = families[7]
    assert [(i["role"], i["professional"]["name"]) for i in seventh["involvements"]] == [
        ("LEAD_PROFESSIONAL", "Generated professional 7"),
        ("CONTRIBUTOR", "Generated professional 0"),
    ]
    assert seventh["involvements"][0]["professional"]["agency"] == {
        "name": "Generated agency 3", "sector": "MENTAL_HEALTH",
    }  # fmt: skip
    page = seventh["interactions"]
    assert page["totalCount"] == 6
    assert [i["at"] for i in page["nodes"]] == [
        f"2023-01-{day:02}T10:00:00+00:00" for day in (7, 6, 5, 4, 3)
    ]
    assert [(p["role"], p["participant"]["name"]) for p in page["nodes"][0]["participants"]] == [
        ("ATTENDEE", "Client 7-2"),
        ("ATTENDEE", "Generated professional 0"),
        ("CHAIR", "Generated professional 7"),
    ]


def test_the_date_range_shape_answers_the_range(database: Database, generated: TestClient) -> None:
    query, variables = SHAPES["a family's interactions in a date range"]
    page = sent(database, generated, query, **variables)[0]["interactions"]
    # Interactions j = 0..5 are on Jan 2+j: Jan 3, 4 and 5 fall in [Jan 3, Jan 6).
    assert [n["id"] for n in page["nodes"]] == [f"GEN-I0042-{j}" for j in (1, 2, 3)]
    assert page["totalCount"] == 3


def test_sibling_root_fields_are_one_statement(database: Database, generated: TestClient) -> None:
    query = """{ a: families(first: 3) { nodes { id } }
                 b: node(id: "GEN-P01") { ... on Professional { name } }
                 c: nodes(ids: ["GEN-A1", "NOPE"]) { id }
                 d: agencies(filter: {sectors: [HEALTH]}) { totalCount } }"""
    answer, statements, events = sent(database, generated, query)
    assert answer["b"] == {"name": "Generated professional 1"}
    assert answer["c"] == [{"id": "GEN-A1"}, None]
    assert answer["d"] == {"totalCount": 1}
    assert (statements, events) == (1, 0)  # no family data: one read, no audit write


PLAIN = """{
  families(first: 3) { nodes { reference
    clients { name }
    interactions(first: 2, latestFirst: true) { nodes { id
      participants { participant { __typename ... on Professional { name } ... on Client { role } } }
    } } } }
  one: node(id: "GEN-P03") { __typename ... on Professional { name } }
}"""
WITH_FRAGMENTS = """query($withClients: Boolean!, $skipRole: Boolean!, $n: Int, $latest: Boolean!) {
  families(first: $n) { nodes { ...FamilyPart } }
  one: node(id: "GEN-P03") { ...Named }
}
fragment FamilyPart on Family {
  reference
  clients @include(if: $withClients) { ... on Client { name } }
  gone: episodes @skip(if: true) { id }
  interactions(first: 2, latestFirst: $latest) { nodes { ...Who } }
}
fragment Who on Interaction {
  id
  participants { participant { ...Named ... on Client { role @skip(if: $skipRole) } } }
}
fragment Named on Node { __typename ... on Professional { name } }
"""


def test_fragments_directives_and_variables_answer_as_the_plain_query(
    database: Database, generated: TestClient
) -> None:
    plain, plain_statements, _ = sent(database, generated, PLAIN)
    fancy, fancy_statements, _ = sent(
        database, generated, WITH_FRAGMENTS, withClients=True, skipRole=False, n=3, latest=True
    )
    assert fancy == plain
    assert plain_statements == fancy_statements == 2
    assert plain["families"]["nodes"][0]["interactions"]["nodes"][0]["id"] == "GEN-I0000-5"
    without = sent(
        database, generated, WITH_FRAGMENTS, withClients=False, skipRole=True, n=1, latest=False
    )[0]
    first = without["families"]["nodes"][0]
    assert "clients" not in first and "gone" not in first
    assert first["interactions"]["nodes"][0]["id"] == "GEN-I0000-0"
    client = next(
        p["participant"]
        for p in first["interactions"]["nodes"][0]["participants"]
        if p["participant"]["__typename"] == "Client"
    )
    assert client == {"__typename": "Client"}


def test_instants_read_as_python_writes_them(database: Database, generated: TestClient) -> None:
    # The statement writes instants as text; Python's isoformat() is the reference.
    cases = {
        "T-WHOLE": datetime(2023, 1, 2, 10, 0, tzinfo=UTC),
        "T-FRACTION": datetime(2023, 1, 2, 10, 0, 0, 250_000, tzinfo=UTC),
        "T-OFFSET": datetime(2023, 1, 2, 12, 0, 7, 5, tzinfo=timezone(timedelta(hours=2))),
    }

    def write(tx: Any) -> None:
        for id_, at in cases.items():
            tx.run("CREATE (:Interaction {id: $id, kind: 'MEETING', at: $at})", id=id_, at=at)

    database.in_write_transaction(write)
    try:
        query = (
            "{ nodes(ids: ["
            + ", ".join(f'"{i}"' for i in cases)
            + "]) { ... on Interaction { at } } }"
        )
        answer = data(generated, query)["nodes"]
    finally:
        database.in_write_transaction(
            lambda tx: tx.run("MATCH (i:Interaction) WHERE i.id STARTS WITH 'T-' DELETE i")
        )
    assert [n["at"] for n in answer] == [at.astimezone(UTC).isoformat() for at in cases.values()]
