"""GraphQL errors with a stable code, and nothing else (no stack traces, no Cypher)."""

from __future__ import annotations

from enum import StrEnum

from graphql import GraphQLError


class ErrorCode(StrEnum):
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"


class ApiError(GraphQLError):
    """An error a client can act on; `extensions.code` says which kind."""

    def __init__(self, code: ErrorCode, message: str, **details: object) -> None:
        super().__init__(message, extensions={"code": code.value, **details})


def bad_input(message: str, **details: object) -> ApiError:
    return ApiError(ErrorCode.BAD_USER_INPUT, message, **details)


def not_found(kind: str, id_: str) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, f"no {kind} with id {id_!r}", id=id_)
