"""/health and /graphql answer from the real server."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from kb.storage.database import Database
from kb.storage.schema import expected_names, schema_applied


def test_health_reports_version_and_schema(db: Database) -> None:
    with TestClient(create_app(db.settings, database=db)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["neo4j"].startswith("5.26")
    assert body["schemaApplied"] is True


def test_schema_applied_notices_a_missing_index(db: Database) -> None:
    assert "interaction_at" in expected_names()
    db.in_write_transaction(lambda tx: tx.run("DROP INDEX interaction_at").consume())
    try:
        assert schema_applied(db) is False
    finally:
        from kb.storage.schema import apply_schema

        apply_schema(db)
    assert schema_applied(db) is True


def test_graphiql_is_served(db: Database) -> None:
    from kb.security.keys import create_key

    _, token = create_key(db, "ANALYST", "health test")  # /graphql needs a key (README, Security)
    with TestClient(create_app(db.settings, database=db)) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"})
        answer = client.post(
            "/graphql",
            json={"query": "{ server { neo4jVersion } }"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert answer.json()["data"]["server"]["neo4jVersion"].startswith("5.26")
