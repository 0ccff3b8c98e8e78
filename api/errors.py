"""GraphQL errors with a stable code, and nothing else (no stack traces, no Cypher).

Database failures are translated here and nowhere else (`database_error`): each kind
of `kb.storage.failures.Failure` has one code and one wording, whichever part of the
API met it (entity reads, analytics, mutations, authentication, /health).
"""

from __future__ import annotations

from enum import StrEnum

from graphql import GraphQLError

from kb.storage.failures import Failure, failure_of


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"


# What the client did (one log line each, no traceback), as opposed to what failed.
USER_ERRORS = frozenset(
    {
        ErrorCode.BAD_USER_INPUT,
        ErrorCode.NOT_FOUND,
        ErrorCode.UNAUTHENTICATED,
        ErrorCode.FORBIDDEN,
        ErrorCode.LIMIT_EXCEEDED,
    }
)

# Seconds a client is asked to wait after UNAVAILABLE (HTTP 503 Retry-After).
RETRY_AFTER_SECONDS = 5


class ApiError(GraphQLError):
    """An error a client can act on; `extensions.code` says which kind."""

    def __init__(self, code: ErrorCode, message: str, **details: object) -> None:
        super().__init__(message, extensions={"code": code.value, **details})

    @property
    def code(self) -> ErrorCode:
        return ErrorCode((self.extensions or {})["code"])


def error_body(code: ErrorCode, message: str, **details: object) -> dict[str, object]:
    """A refusal made before GraphQL ran (HTTP 4xx/5xx), in GraphQL's own error shape, so
    that clients read every error from `errors[].extensions.code`."""
    return {"errors": [{"message": message, "extensions": {"code": code.value, **details}}]}


def bad_input(message: str, **details: object) -> ApiError:
    return ApiError(ErrorCode.BAD_USER_INPUT, message, **details)


def not_found(kind: str, id_: str) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, f"no {kind} with id {id_!r}", id=id_)


ASK_FOR_LESS = "ask for less (smaller pages, narrower filters or a shorter period)"
UNAVAILABLE_MESSAGE = "the knowledge base's database is unavailable; try again shortly"
BUSY_MESSAGE = "the knowledge base's database is busy; try again shortly"
MEMORY_MESSAGE = (
    f"the request needs more memory than the database allows one request; {ASK_FOR_LESS}"
)
CONSTRAINT_MESSAGE = (
    "the write breaks a rule of the stored data (an id already taken, or a required "
    "property missing); nothing was written"
)


def timeout_message(timeout_seconds: float) -> str:
    return (
        f"the request ran longer than the server's limit of {timeout_seconds:g} s; {ASK_FOR_LESS}"
    )


def database_error(error: BaseException | None, timeout_seconds: float) -> ApiError | None:
    """The coded error a client sees for a database failure; None when `error` is not one
    (a fault: the error policy masks it as INTERNAL and logs its traceback).
    `timeout_seconds` is the server-side limit the statement ran under."""
    failure = failure_of(error)
    if failure is Failure.UNAVAILABLE:
        return ApiError(ErrorCode.UNAVAILABLE, UNAVAILABLE_MESSAGE)
    if failure is Failure.BUSY:
        return ApiError(ErrorCode.UNAVAILABLE, BUSY_MESSAGE)
    if failure is Failure.TIMEOUT:
        return ApiError(
            ErrorCode.LIMIT_EXCEEDED, timeout_message(timeout_seconds), limit=timeout_seconds
        )
    if failure is Failure.MEMORY:
        return ApiError(ErrorCode.LIMIT_EXCEEDED, MEMORY_MESSAGE)
    if failure is Failure.CONSTRAINT:
        return ApiError(ErrorCode.BAD_USER_INPUT, CONSTRAINT_MESSAGE)
    return None
