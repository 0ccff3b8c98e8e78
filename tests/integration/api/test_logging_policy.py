"""The server log: one line per request that has errors, with its codes; user errors
without a traceback; a traceback only for a fault (INTERNAL)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.analytics import query as analytics_api
from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import SMALL, ensure_datasets
from tests.security_support import gql, keyed_client

# Loggers of the test's own client and of the driver's debug chatter, not the server's lines.
NOT_SERVER = ("httpx", "httpcore", "neo4j")


def server_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if not r.name.startswith(NOT_SERVER)]


def written(lines: list[logging.LogRecord]) -> str:
    """What these records put in a log file, tracebacks included."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in lines)


@pytest.fixture
def client(db: Database) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    ensure_datasets(db, SMALL)
    with keyed_client(db) as pair:
        yield pair


def ask(
    caplog: pytest.LogCaptureFixture, client: TestClient, token: str | None, query: str
) -> tuple[dict[str, object], list[logging.LogRecord]]:
    caplog.clear()
    with caplog.at_level(logging.INFO):
        body = gql(client, query, token).json()
    return body, server_lines(caplog)


def test_a_field_refused_many_times_is_one_line(
    client: tuple[TestClient, dict[Role, str]], caplog: pytest.LogCaptureFixture
) -> None:
    http, tokens = client
    # 15 aliases x 3 clients: 45 FORBIDDEN errors (birth years need STEWARD).
    query = "{ " + " ".join(f"c{i}: clients {{ nodes {{ id birthYear }} }}" for i in range(15)) + " }"
    body, lines = ask(caplog, http, tokens[Role.ANALYST], query)
    errors = body["errors"]
    assert isinstance(errors, list) and len(errors) == 45
    assert {e["extensions"]["code"] for e in errors} == {"FORBIDDEN"}
    assert len(lines) == 1, [r.getMessage() for r in lines]
    (line,) = lines
    assert line.levelno == logging.INFO and line.exc_info is None
    assert "FORBIDDEN x45" in line.getMessage()
    assert len(written(lines)) < 500


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('{ knots(familyId: "NO-SUCH-FAMILY") { pairs } }', "NOT_FOUND"),
        ('{ knots(familyId: "F1", gapDays: -1) { pairs } }', "BAD_USER_INPUT"),
        ("{ knots(familyId: 1 }", "BAD_USER_INPUT"),  # a syntax error
        ("{ me { nosuchfield } }", "BAD_USER_INPUT"),
        ("{ auditEvents(first: 101) { items { id } } }", "LIMIT_EXCEEDED"),
        ("{ apiKeys { id } }", "FORBIDDEN"),
    ],
)
def test_a_user_error_is_one_line_with_its_code_and_no_traceback(
    client: tuple[TestClient, dict[Role, str]],
    caplog: pytest.LogCaptureFixture,
    query: str,
    code: str,
) -> None:
    http, tokens = client
    body, lines = ask(caplog, http, tokens[Role.ANALYST], query)
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]  # type: ignore[attr-defined]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelno == logging.INFO
    assert lines[0].exc_info is None and "Traceback" not in written(lines)
    assert code in lines[0].getMessage()


def test_a_request_refused_before_graphql_is_one_line(
    client: tuple[TestClient, dict[Role, str]], caplog: pytest.LogCaptureFixture
) -> None:
    http, _ = client
    body, lines = ask(caplog, http, "kb_not-a-key", "{ me { role } }")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert "UNAUTHENTICATED" in lines[0].getMessage()


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"{not json", 400), (b'{"query": "{ me { role } }", "pad": "' + b"a" * 3_000_000 + b'"}', 413)],
)
def test_a_refused_body_adds_no_warning_to_the_log(
    client: tuple[TestClient, dict[Role, str]],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    status: int,
) -> None:
    """A Python warning is more lines on stderr (the refusal's code once used a name
    Starlette deprecates): the refusal is its one line and nothing else."""
    http, tokens = client
    headers = {"Authorization": f"Bearer {tokens[Role.ANALYST]}", "Content-Type": "application/json"}
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.INFO):
        warnings.simplefilter("always")
        response = http.post("/graphql", content=body, headers=headers)
    assert response.status_code == status
    assert [str(w.message) for w in caught] == []
    assert len(server_lines(caplog)) == 1


def test_a_fault_is_logged_once_with_its_traceback(
    client: tuple[TestClient, dict[Role, str]],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> object:
        raise RuntimeError("a bug in the analytic")

    monkeypatch.setattr(analytics_api, "knots", broken)
    http, tokens = client
    query = '{ knots(familyId: "F1") { pairs } }'
    body, lines = ask(caplog, http, tokens[Role.ANALYST], query)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL"]  # type: ignore[attr-defined]
    assert "a bug" not in str(body)
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelno == logging.ERROR and lines[0].exc_info is not None
    assert "INTERNAL x1" in lines[0].getMessage()
    assert written(lines).count("Traceback") == 1 and "a bug in the analytic" in written(lines)
