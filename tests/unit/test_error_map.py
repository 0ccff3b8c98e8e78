"""One code and one wording per kind of database failure (api/errors.py), whichever
driver class or Neo4j status code carries it; everything else is a fault (None)."""

from __future__ import annotations

import pytest
import strawberry
from neo4j.exceptions import (
    ConnectionAcquisitionTimeoutError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from api.errors import (
    BUSY_MESSAGE,
    CONSTRAINT_MESSAGE,
    MEMORY_MESSAGE,
    UNAVAILABLE_MESSAGE,
    database_error,
    timeout_message,
)
from api.security.errors import ErrorPolicy
from kb.storage.failures import Failure, failure_of


def neo4j(code: str) -> Neo4jError:
    """The exception the driver raises for a server failure with this status code."""
    return Neo4jError._hydrate_neo4j(code=code, message="detail that must not leak")


CASES: list[tuple[BaseException, Failure, str, str]] = [
    (ServiceUnavailable("Couldn't connect to 127.0.0.1:7687"), Failure.UNAVAILABLE, "UNAVAILABLE", UNAVAILABLE_MESSAGE),
    (SessionExpired("leader gone"), Failure.UNAVAILABLE, "UNAVAILABLE", UNAVAILABLE_MESSAGE),
    (IncompleteCommit("connection lost during commit"), Failure.UNAVAILABLE, "UNAVAILABLE", UNAVAILABLE_MESSAGE),
    (ConnectionResetError("reset by peer"), Failure.UNAVAILABLE, "UNAVAILABLE", UNAVAILABLE_MESSAGE),
    (neo4j("Neo.TransientError.General.DatabaseUnavailable"), Failure.UNAVAILABLE, "UNAVAILABLE", UNAVAILABLE_MESSAGE),
    (neo4j("Neo.ClientError.Cluster.NotALeader"), Failure.UNAVAILABLE, "UNAVAILABLE", UNAVAILABLE_MESSAGE),
    (neo4j("Neo.TransientError.Transaction.DeadlockDetected"), Failure.BUSY, "UNAVAILABLE", BUSY_MESSAGE),
    (neo4j("Neo.TransientError.Transaction.LockAcquisitionTimeout"), Failure.BUSY, "UNAVAILABLE", BUSY_MESSAGE),
    (ConnectionAcquisitionTimeoutError("pool full"), Failure.BUSY, "UNAVAILABLE", BUSY_MESSAGE),
    (neo4j("Neo.ClientError.Transaction.TransactionTimedOut"), Failure.TIMEOUT, "LIMIT_EXCEEDED", timeout_message(30)),
    (neo4j("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), Failure.TIMEOUT, "LIMIT_EXCEEDED", timeout_message(30)),
    (neo4j("Neo.TransientError.Transaction.Terminated"), Failure.TIMEOUT, "LIMIT_EXCEEDED", timeout_message(30)),
    (neo4j("Neo.TransientError.Transaction.LockClientStopped"), Failure.TIMEOUT, "LIMIT_EXCEEDED", timeout_message(30)),
    (neo4j("Neo.TransientError.General.MemoryPoolOutOfMemoryError"), Failure.MEMORY, "LIMIT_EXCEEDED", MEMORY_MESSAGE),
    (neo4j("Neo.TransientError.General.TransactionMemoryLimit"), Failure.MEMORY, "LIMIT_EXCEEDED", MEMORY_MESSAGE),
    (neo4j("Neo.ClientError.Schema.ConstraintValidationFailed"), Failure.CONSTRAINT, "BAD_USER_INPUT", CONSTRAINT_MESSAGE),
]  # fmt: skip


@pytest.mark.parametrize(("error", "failure", "code", "message"), CASES)
def test_each_failure_has_one_code_and_one_wording(
    error: BaseException, failure: Failure, code: str, message: str
) -> None:
    assert failure_of(error) is failure
    mapped = database_error(error, 30)
    assert mapped is not None
    assert (mapped.code.value, mapped.message) == (code, message)
    assert "leak" not in mapped.message and "7687" not in mapped.message


def test_a_timeout_names_the_limit_it_ran_under() -> None:
    mapped = database_error(neo4j("Neo.ClientError.Transaction.TransactionTimedOut"), 2.5)
    assert mapped is not None
    assert "2.5 s" in mapped.message
    assert mapped.extensions == {"code": "LIMIT_EXCEEDED", "limit": 2.5}


@pytest.mark.parametrize(
    "error",
    [
        neo4j("Neo.ClientError.Statement.SyntaxError"),
        neo4j("Neo.ClientError.Security.Unauthorized"),
        RuntimeError("a bug"),
        KeyError("id"),
        None,
    ],
)
def test_anything_else_is_a_fault(error: BaseException | None) -> None:
    assert failure_of(error) is None
    assert database_error(error, 30) is None


@strawberry.type
class Failing:
    @strawberry.field
    def field(self, info: strawberry.Info) -> int | None:
        raise info.context["error"]


@pytest.mark.parametrize(("error", "failure", "code", "message"), CASES)
def test_the_error_policy_gives_the_same_code_and_wording(
    error: BaseException, failure: Failure, code: str, message: str
) -> None:
    # A failure that escapes a resolver untranslated (a mutation, a key listing) is
    # worded by the same map as the ones the readers translate themselves.
    schema = strawberry.Schema(query=Failing, extensions=[lambda: ErrorPolicy(30)])
    result = schema.execute_sync("{ field }", context_value={"error": error})
    assert result.errors is not None and len(result.errors) == 1
    assert result.errors[0].message == message
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == code
