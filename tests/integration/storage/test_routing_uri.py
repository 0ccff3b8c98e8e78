"""A routing URI (`neo4j://`, what a cluster is reached by) works for the loader and the API.

Neo4j Community answers routing on a single instance: the driver asks the server for its
routing table and sends reads and writes where it says. So these run the loader's and the
API's smoke paths through `neo4j://127.0.0.1:<port>` against the session's server: if a
statement ran outside a read or managed write transaction, or the server advertised an
address clients cannot reach, they would fail here before they fail on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kb.cli import app as cli
from kb.security.keys import create_key
from kb.security.roles import Role
from kb.settings import Settings
from kb.storage.database import Database
from tests.loader_support import SMALL, SMALL_NODES, SMALL_RELATIONSHIPS, model_counts
from tests.security_support import bearer
from tests.server_support import server_route

pytestmark = pytest.mark.skipif(
    server_route() == "docker",
    reason="a container advertises its own port, not the one Docker maps (local server only)",
)


@pytest.fixture
def routing(db: Database) -> Iterator[Settings]:
    """The session's settings with a routing URI to the same server (database emptied)."""
    port = urlsplit(db.settings.neo4j_uri).port
    yield db.settings.model_copy(update={"neo4j_uri": f"neo4j://127.0.0.1:{port}"})


def test_the_routing_table_names_only_this_server(routing: Settings) -> None:
    port = urlsplit(routing.neo4j_uri).port
    with Database(routing) as routed:
        records, _, _ = routed.driver.execute_query(
            "CALL dbms.routing.getRoutingTable({}, $db) YIELD servers RETURN servers",
            {"db": routing.neo4j_database},
        )
    servers = records[0]["servers"]
    assert {s["role"] for s in servers} == {"ROUTE", "READ", "WRITE"}
    addresses = {a for s in servers for a in s["addresses"]}
    # Anything else sends a routing driver to another server (the default 7687, say):
    # restart the local server (`kb db stop; kb db start`) to rewrite its neo4j.conf.
    assert addresses == {f"127.0.0.1:{port}"}


def test_kb_load_through_a_routing_uri(
    routing: Settings, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", routing.neo4j_uri)
    monkeypatch.setenv("NEO4J_USER", routing.neo4j_user)
    monkeypatch.setenv("NEO4J_PASSWORD", routing.neo4j_password)
    runner = CliRunner()
    rejects = str(tmp_path / "rejects.csv")

    first = runner.invoke(cli, ["load", str(SMALL), "--rejects", rejects])
    assert first.exit_code == 0, first.output
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)  # read back over bolt://
    again = runner.invoke(cli, ["load", str(SMALL), "--rejects", rejects])
    assert again.exit_code == 0, again.output
    assert "nothing changed (already up to date)" in again.output


def test_the_api_through_a_routing_uri(routing: Settings, db: Database) -> None:
    from kb.loading import load_dataset

    load_dataset(db, SMALL, strict=True)
    tokens = {role: create_key(db, role, f"routing {role.value.lower()}")[1] for role in Role}
    settings = routing.model_copy(update={"auth_mode": "keys"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        health = client.get("/health")
        read = client.post(
            "/graphql",
            json={"query": '{ node(id: "f1") { ... on Family { reference } } }'},
            headers=bearer(tokens[Role.ANALYST]),
        )
        write = client.post(
            "/graphql",
            json={
                "query": "mutation($p: JSON!) { upsertNode(label: Agency, properties: $p) "
                "{ created } }",
                "variables": {
                    "p": {"id": "a-routed", "name": "Routed agency", "sector": "HOUSING"}
                },
            },
            headers=bearer(tokens[Role.STEWARD]),
        )
        audit = client.post(
            "/graphql",
            json={"query": '{ auditEvents(first: 20, operation: "readFamily") { items { ids } } }'},
            headers=bearer(tokens[Role.ADMIN]),
        )
    assert health.status_code == 200 and health.json()["status"] == "ok", health.text
    assert read.json() == {"data": {"node": {"reference": "FAM-0001"}}}
    assert write.json() == {"data": {"upsertNode": {"created": 1}}}, write.text
    assert ["f1"] in [e["ids"] for e in audit.json()["data"]["auditEvents"]["items"]]
    stored = db.read("load/node_properties", {"id": "a-routed"})
    assert [row["props"]["name"] for row in stored] == ["Routed agency"]
