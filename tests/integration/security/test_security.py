"""Authentication and roles: keys stored as hashes, 401 without a key, 403 for the wrong role."""

from __future__ import annotations

import hashlib
import hmac
import logging

import pytest
from typer.testing import CliRunner

from api.app import create_app
from kb.cli import app as cli
from kb.security.keys import authenticate, create_key, list_keys, revoke_key
from kb.security.mode import OpenModeRefused
from kb.security.roles import Role
from kb.storage.database import Database
from tests.security_support import gql, keyed_client

ME = "{ me { keyId role name } }"
AUDIT = "{ auditEvents(first: 5) { items { id operation } } }"


def test_only_a_hash_of_the_token_is_stored(db: Database) -> None:
    key, token = create_key(db, Role.STEWARD, "alice")
    rows = db.read("security/list_api_keys")
    assert [r["id"] for r in rows] == [key.id]
    stored = db.in_read_transaction(
        lambda tx: [dict(r["k"]) for r in tx.run("MATCH (k:ApiKey) RETURN k")]
    )
    assert stored[0]["hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert all(token not in str(value) for value in stored[0].values())
    assert stored[0]["role"] == "STEWARD" and stored[0]["name"] == "alice"


def test_a_pepper_makes_the_hash_an_hmac(db: Database) -> None:
    peppered = Database(db.settings.model_copy(update={"api_key_pepper": "s3cret"}), db.driver)
    _, token = create_key(peppered, Role.ANALYST, "bob")
    stored = db.in_read_transaction(
        lambda tx: tx.run("MATCH (k:ApiKey) RETURN k.hash AS h").single()
    )
    assert stored is not None
    assert stored["h"] == hmac.new(b"s3cret", token.encode(), hashlib.sha256).hexdigest()
    assert authenticate(peppered, token) is not None
    assert authenticate(db, token) is None  # the same token without the pepper is unknown


def test_revoked_and_unknown_keys_do_not_authenticate(db: Database) -> None:
    key, token = create_key(db, Role.ADMIN, "carol")
    principal = authenticate(db, token)
    assert principal is not None and principal.key_id == key.id and principal.role is Role.ADMIN
    revoked = revoke_key(db, key.id)
    assert revoked is not None and revoked.revoked_at is not None
    assert authenticate(db, token) is None
    assert authenticate(db, token + "x") is None
    assert authenticate(db, "") is None
    assert revoke_key(db, "key-missing") is None
    assert [k.active for k in list_keys(db)] == [False]


def test_no_credential_is_401_and_a_valid_key_answers(db: Database) -> None:
    with keyed_client(db) as (client, tokens):
        missing = gql(client, ME, None)
        unknown = gql(client, ME, "kb_" + "A" * 43)
        basic = client.post("/graphql", json={"query": ME}, headers={"Authorization": "Basic eDp5"})
        bearer_ok = gql(client, ME, tokens[Role.ANALYST])
        header_ok = client.post(
            "/graphql", json={"query": ME}, headers={"X-API-Key": tokens[Role.STEWARD]}
        )
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    assert missing.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "API key is required" in missing.json()["errors"][0]["message"]
    assert unknown.status_code == 401 and basic.status_code == 401
    assert bearer_ok.status_code == 200
    assert bearer_ok.json()["data"]["me"]["role"] == "ANALYST"
    assert header_ok.json()["data"]["me"]["role"] == "STEWARD"


def test_a_revoked_key_is_refused_at_once(db: Database) -> None:
    with keyed_client(db) as (client, tokens):
        before = gql(client, ME, tokens[Role.STEWARD])
        key_id = before.json()["data"]["me"]["keyId"]
        revoked = gql(
            client,
            f'mutation {{ revokeApiKey(id: "{key_id}") {{ id revokedAt }} }}',
            tokens[Role.ADMIN],
        )
        after = gql(client, ME, tokens[Role.STEWARD])
    assert before.status_code == 200
    assert revoked.json()["data"]["revokeApiKey"]["revokedAt"] is not None
    assert after.status_code == 401


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ANALYST, 403), (Role.STEWARD, 403), (Role.ADMIN, 200)]
)
def test_the_audit_is_for_admins_only(db: Database, role: Role, status: int) -> None:
    with keyed_client(db) as (client, tokens):
        answer = gql(client, AUDIT, tokens[role])
    assert answer.status_code == status
    body = answer.json()
    if status == 403:
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["path"] == ["auditEvents"]
    else:
        assert "errors" not in body


def test_a_forbidden_field_beside_an_allowed_one_is_a_field_error(db: Database) -> None:
    with keyed_client(db) as (client, tokens):
        answer = gql(client, "{ me { role } auditEvents { items { id } } }", tokens[Role.ANALYST])
    body = answer.json()
    assert answer.status_code == 200
    assert body["data"] == {"me": {"role": "ANALYST"}, "auditEvents": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


def test_only_admins_manage_keys(db: Database) -> None:
    create = 'mutation { createApiKey(role: ANALYST, name: "dana") { token key { id role } } }'
    with keyed_client(db) as (client, tokens):
        refused = gql(client, create, tokens[Role.STEWARD])
        made = gql(client, create, tokens[Role.ADMIN])
        token = made.json()["data"]["createApiKey"]["token"]
        works = gql(client, ME, token)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert works.json()["data"]["me"]["name"] == "dana"
    assert len(list_keys(db)) == 4  # three from the fixture, one made here


def test_open_mode_needs_no_key_and_warns(db: Database, caplog: pytest.LogCaptureFixture) -> None:
    from fastapi.testclient import TestClient

    settings = db.settings.model_copy(update={"auth_mode": "open", "api_host": "127.0.0.1"})
    with caplog.at_level(logging.WARNING, logger="kb.security"):
        app = create_app(settings, database=db)
    assert "KB_AUTH_MODE=open" in caplog.text
    with TestClient(app) as client:
        answer = client.post("/graphql", json={"query": ME})
    assert answer.json()["data"]["me"]["role"] == "ADMIN"


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.org", "::"])
def test_open_mode_refuses_to_start_off_loopback(db: Database, host: str) -> None:
    settings = db.settings.model_copy(update={"auth_mode": "open", "api_host": host})
    with pytest.raises(OpenModeRefused, match="loopback"):
        create_app(settings, database=db)


def test_graphiql_page_loads_without_a_key_but_queries_do_not(db: Database) -> None:
    with keyed_client(db) as (client, _):
        page = client.get("/graphql", headers={"Accept": "text/html"})
        query = client.get("/graphql", params={"query": ME})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert query.status_code == 401


def test_kb_keys_create_list_revoke(db: Database) -> None:
    runner = CliRunner()
    env = {
        "NEO4J_URI": db.settings.neo4j_uri,
        "NEO4J_USER": db.settings.neo4j_user,
        "NEO4J_PASSWORD": db.settings.neo4j_password,
    }
    created = runner.invoke(cli, ["keys", "create", "--role", "analyst", "--name", "erin"], env=env)
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    key = authenticate(db, token)
    assert key is not None and key.role is Role.ANALYST and key.name == "erin"
    listed = runner.invoke(cli, ["keys", "list"], env=env)
    assert key.key_id in listed.stdout and token not in listed.stdout
    revoked = runner.invoke(cli, ["keys", "revoke", key.key_id], env=env)
    assert revoked.exit_code == 0 and authenticate(db, token) is None
    missing = runner.invoke(cli, ["keys", "revoke", "key-nope"], env=env)
    assert missing.exit_code == 1
    bad_role = runner.invoke(cli, ["keys", "create", "--role", "root", "--name", "x"], env=env)
    assert bad_role.exit_code == 1 and "unknown role" in bad_role.output


