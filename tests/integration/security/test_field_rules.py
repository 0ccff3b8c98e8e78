"""Field rules: a role that cannot read a property cannot filter or sort by it either.

The restricted properties are read from the model (`kb.domain.model.properties`), so a
property newly marked free text or personal is covered here without a new test. Expected
answers come from `tests/fixtures/api_small` (see its CSV files).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.schema import build_schema
from kb.domain.model import NODE_TYPES, Sensitivity, Use, properties
from kb.security.roles import READER, Role
from kb.settings import get_settings
from kb.storage.database import Database
from tests.api_entities_support import SMALL, ensure_datasets
from tests.security_support import gql, keyed_client

SCHEMA = build_schema(get_settings())  # as the app builds it

RESTRICTED = [
    (node_type.label, prop)
    for node_type in NODE_TYPES
    for prop in properties(node_type)
    if READER[prop.sensitivity] is not Role.ANALYST
]


def root_connection(label: str) -> str:
    """The root field whose type is the label's connection (found by introspection)."""
    fields = SCHEMA._schema.query_type.fields  # type: ignore[union-attr]
    (name,) = [n for n, f in fields.items() if str(f.type) == f"{label}Connection"]
    return name


def sort_value(name: str) -> str:
    """The sort enum value of a property name (birthYear -> BIRTH_YEAR)."""
    return "".join(f"_{c}" if c.isupper() else c for c in name).upper()


@pytest.fixture(scope="module")
def keyed(database: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    ensure_datasets(database, SMALL)
    with keyed_client(database) as client_and_tokens:
        yield client_and_tokens


def ask(keyed: tuple[TestClient, dict[Role, str]], role: Role, query: str) -> dict[str, Any]:
    client, tokens = keyed
    body: dict[str, Any] = gql(client, query, tokens[role]).json()
    return body


def test_the_model_restricts_free_text_and_birth_years() -> None:
    assert {(label, p.name) for label, p in RESTRICTED} == {
        ("Client", "birthYear"),
        ("BoundaryObject", "title"),
        ("Perspective", "statement"),
        ("Tension", "description"),
        ("Tension", "resolution"),
    }
    assert {p.sensitivity for _, p in RESTRICTED} == {Sensitivity.FREE_TEXT, Sensitivity.PERSONAL}


@pytest.mark.parametrize(
    ("label", "prop"), RESTRICTED, ids=[f"{lb}.{p.name}" for lb, p in RESTRICTED]
)
def test_a_restricted_field_is_masked_filtered_and_sorted_alike(
    keyed: tuple[TestClient, dict[Role, str]], label: str, prop: Any
) -> None:
    field = root_connection(label)
    read = f"{{ {field}(first: 100) {{ nodes {{ id {prop.name} }} }} }}"
    analyst = ask(keyed, Role.ANALYST, read)
    steward = ask(keyed, Role.STEWARD, read)
    assert "errors" not in steward
    shown = steward["data"][field]["nodes"]
    assert shown and any(n[prop.name] is not None for n in shown)
    assert [n[prop.name] for n in analyst["data"][field]["nodes"]] == [None] * len(shown)
    assert {e["extensions"]["code"] for e in analyst["errors"]} == {"FORBIDDEN"}
    assert {e["path"][-1] for e in analyst["errors"]} == {prop.name}

    asks = []
    if Use.CONTAINS in prop.uses:
        asks.append((f'filter: {{{prop.name}Contains: "a"}}', f"filter.{prop.name}Contains"))
    if Use.SORT in prop.uses:
        asks.append((f"orderBy: {{field: {sort_value(prop.name)}}}", "orderBy.field"))
    for arguments, argument in asks:
        query = f"{{ {field}({arguments}) {{ totalCount nodes {{ id }} }} }}"
        refused = ask(keyed, Role.ANALYST, query)
        assert refused["data"] == {field: None}
        (error,) = refused["errors"]
        assert error["extensions"] == {"code": "FORBIDDEN", "argument": argument}
        assert f"{label}.{prop.name}" in error["message"]
        assert "errors" not in ask(keyed, Role.STEWARD, query)


@pytest.mark.parametrize(
    ("field", "query", "steward_answer"),
    [
        # PS1..PS3 mention attendance; a yes/no per guess would spell the statements out.
        (
            "perspectives",
            '{ perspectives(filter: {statementContains: "attendance"}) { totalCount } }',
            {"totalCount": 3},
        ),
        (
            "tensions",
            '{ tensions(filter: {descriptionContains: "assessment"}) { totalCount } }',
            {"totalCount": 2},
        ),
        # Born 2014 (C1), 2008 (C3), 1985 (C2): not ranked by hidden birth years.
        (
            "clients",
            "{ clients(orderBy: {field: BIRTH_YEAR, direction: DESC}) { nodes { id } } }",
            {"nodes": [{"id": "C1"}, {"id": "C3"}, {"id": "C2"}]},
        ),
    ],
    ids=["statement-contains", "description-contains", "birth-year-order"],
)
def test_hidden_text_and_birth_years_answer_no_yes_or_no_to_an_analyst(
    keyed: tuple[TestClient, dict[Role, str]],
    field: str,
    query: str,
    steward_answer: dict[str, Any],
) -> None:
    analyst = ask(keyed, Role.ANALYST, query)
    assert analyst["data"] == {field: None}
    assert analyst["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert ask(keyed, Role.STEWARD, query)["data"] == {field: steward_answer}


def test_other_filters_and_sorts_stay_open_to_analysts(
    keyed: tuple[TestClient, dict[Role, str]],
) -> None:
    query = """{ clients(filter: {nameContains: "smith"}, orderBy: {field: NAME}) { nodes { id } }
                 boundaryObjects(orderBy: {field: KIND}) { nodes { kind } } }"""
    answer = ask(keyed, Role.ANALYST, query)
    assert "errors" not in answer
    assert [n["id"] for n in answer["data"]["clients"]["nodes"]] == ["C2", "C1"]
    assert [n["kind"] for n in answer["data"]["boundaryObjects"]["nodes"]] == [
        "CHRONOLOGY", "INFORMATION", "SUPPORT_PLAN",
    ]  # fmt: skip
